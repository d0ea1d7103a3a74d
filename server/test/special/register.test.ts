import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import readXlsxFile from 'read-excel-file/node';
import { DEPARTMENTS } from '../../src/enums.ts';
import { ROLE_PERMISSIONS, ROLES, type Grant, type Role } from '../../src/platform/access.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * The restricted register (重点人群): only special.read opens it; to every other role each
 * record and list answers 404, and nothing of it shows in the people's lists, detail, search or
 * export. Every read by a safety officer is in the audit log; overdue visits warn the worker once.
 */
describe('special-attention register', () => {
  let t: TestApp;
  let f: Factories;
  let dataDir: string;
  let community: { id: number; parentId: number | null };
  let otherCommunity: { id: number };
  let district: number;
  let gridId: number;
  let officer: Client;
  let officerId: number;
  let person: { id: number; name: string };
  let entryId: number;

  const userId = async (c: Client) =>
    (
      await t.services.database.db
        .selectFrom('auth.users')
        .select('id')
        .where('username', '=', c.me!.username as string)
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-special-'));
    t = await startTestApp({ DATA_DIR: dataDir, LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    t.clock.set(new Date('2026-03-10T02:00:00Z')); // 10:00 in Hangzhou
    f = await factories(t);
    community = await f.community();
    otherCommunity = await f.community();
    const street = await t.services.database.db
      .selectFrom('org.divisions')
      .select('parent_id')
      .where('id', '=', community.parentId!)
      .executeTakeFirstOrThrow();
    district = street.parent_id!;
    gridId = (await f.grid(community.id)).id;
    person = await f.person(community.id, { name: '重点测试居民' });
    officer = await f.user([{ role: 'safety_officer', divisionId: community.id, gridId: null }]);
    officerId = await userId(officer);
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const categoryCode = async (code: string) => {
    const res = await officer.get('/api/special/categories');
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items.find((c: { code: string }) => c.code === code);
  };

  /** What the people's pages show of the person, as the client sees them. */
  const peopleView = async (as: Client) => {
    const list = await as.get(`/api/org/persons?communityId=${community.id}&limit=200`);
    const detail = await as.get(`/api/org/persons/${person.id}`);
    const search = await as.get(`/api/search?q=${encodeURIComponent(person.name)}`);
    const tags = await as.get(`/api/org/persons/tags?communityId=${community.id}`);
    let exported: unknown = null;
    const job = await as.post('/api/exports', { kind: 'persons', filters: { communityId: community.id } });
    if (job.statusCode === 202) {
      await t.services.jobs.drain();
      const file = await as.get(`/api/exports/${job.json().id}/file`);
      // The rows of the file (its bytes carry the time it was written).
      exported = file.statusCode === 200 ? (await readXlsxFile(file.rawPayload))[0]!.data : file.statusCode;
    }
    return JSON.stringify([
      [list.statusCode, list.body],
      [detail.statusCode, detail.body],
      [search.statusCode, search.body],
      [tags.statusCode, tags.body],
      exported,
    ]);
  };

  /** A grant over the unit the role is given over, in the register's community. */
  const grantFor = (role: Role, street: number): Grant => {
    if (role === 'grid_worker') return { role, divisionId: null, gridId };
    if (role === 'dept_staff') return { role, divisionId: street, gridId: null, department: DEPARTMENTS[0] };
    if (role === 'street_admin') return { role, divisionId: street, gridId: null };
    if (role === 'district_admin') return { role, divisionId: district, gridId: null };
    return { role, divisionId: community.id, gridId: null };
  };
  const without = ROLES.filter((r) => !ROLE_PERMISSIONS[r].includes('special.read'));
  const byRole = new Map<Role, Client>();

  test('no administrator holds the register by default: only the safety officer', () => {
    assert.deepEqual(
      ROLES.filter((r) => ROLE_PERMISSIONS[r].includes('special.read')),
      ['safety_officer'],
    );
    assert.ok(without.includes('community_admin') && without.includes('district_admin'));
  });

  test('registering a person changes nothing in the people pages of any role', async () => {
    const viewers: Client[] = [f.admin, officer];
    for (const role of without) {
      const c = await f.user([grantFor(role, community.parentId!)], `special_view_${role}_${process.pid}`);
      viewers.push(c);
      byRole.set(role, c);
    }
    const beforeViews = [];
    for (const v of viewers) beforeViews.push(await peopleView(v));

    const cc = await categoryCode('community_correction');
    assert.deepEqual(cc.fields, ['supervision_end', 'case_officer']);
    // Fields the category does not need are refused; nothing is kept.
    const refused = await officer.post('/api/special/entries', {
      personId: person.id,
      categoryId: cc.id,
      startsOn: '2026-03-01',
      workerId: officerId,
      fields: { risk_level: 'high' },
    });
    assert.equal(refused.statusCode, 400, refused.body);
    // The responsible worker is told of overdue visits: someone without the register is refused.
    const gridWorker = byRole.get('grid_worker')!;
    const notAllowed = await officer.post('/api/special/entries', {
      personId: person.id,
      categoryId: cc.id,
      startsOn: '2026-03-01',
      workerId: await userId(gridWorker),
      fields: { supervision_end: '2027-03-01', case_officer: '司法所 王' },
    });
    assert.equal(notAllowed.statusCode, 400, notAllowed.body);
    assert.equal(notAllowed.json().error.details[0].path, 'workerId');
    const created = await officer.post('/api/special/entries', {
      personId: person.id,
      categoryId: cc.id,
      startsOn: '2026-03-01',
      workerId: officerId,
      fields: { supervision_end: '2027-03-01', case_officer: '司法所 王' },
    });
    assert.equal(created.statusCode, 201, created.body);
    entryId = created.json().id;
    assert.equal(created.json().nextVisitDue, '2026-03-31');
    // Someone of another community cannot be registered by this officer: as if they did not exist.
    const stranger = await f.person(otherCommunity.id);
    const far = await officer.post('/api/special/entries', {
      personId: stranger.id,
      categoryId: cc.id,
      startsOn: '2026-03-01',
      workerId: officerId,
    });
    assert.equal(far.statusCode, 404);

    for (const [i, v] of viewers.entries())
      assert.equal(await peopleView(v), beforeViews[i], `people pages unchanged for viewer ${i}`);
    const personRow = await t.services.database.db
      .selectFrom('org.persons')
      .selectAll()
      .where('id', '=', person.id)
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(personRow).includes('矫正') && !JSON.stringify(personRow).includes('special'));
  });

  test('every role without the permission gets 404 for every record and list', async () => {
    const cc = await categoryCode('community_correction');
    const urls = (c: Client) => [
      () => c.get('/api/special/categories'),
      () => c.get('/api/special/entries'),
      () => c.get(`/api/special/entries?categoryId=${cc.id}&overdue=true`),
      () => c.get(`/api/special/entries/${entryId}`),
      () => c.post(`/api/special/entries/${entryId}/visits`, { visitedOn: '2026-03-09', note: 'x' }),
      () =>
        c.post('/api/special/entries', {
          personId: person.id,
          categoryId: cc.id,
          startsOn: '2026-03-01',
          workerId: officerId,
        }),
    ];
    for (const role of without) {
      const c = byRole.get(role)!;
      for (const call of urls(c)) {
        const res = await call();
        assert.equal(res.statusCode, 404, `${role}: ${res.body}`);
      }
    }
    // A safety officer of another community: the record is not there either.
    const elsewhere = await f.user([{ role: 'safety_officer', divisionId: otherCommunity.id, gridId: null }]);
    assert.equal((await elsewhere.get(`/api/special/entries/${entryId}`)).statusCode, 404);
    assert.deepEqual((await elsewhere.get('/api/special/entries')).json().items, []);
    const count = await t.services.database.db
      .selectFrom('special.entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1, 'nothing registered by those refused');
  });

  test('every read by the safety officer is in the audit log, naming entries only', async () => {
    const audited = () =>
      t.services.database.db
        .selectFrom('platform.audit_log')
        .selectAll()
        .where('actor_id', '=', officerId)
        .where('action', 'in', ['special.entry.list', 'special.entry.read'])
        .orderBy('id')
        .execute();
    const before = (await audited()).length;
    const list = await officer.get('/api/special/entries?q=重点');
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list.json().items.map((e: { id: number }) => e.id),
      [entryId],
    );
    const one = await officer.get(`/api/special/entries/${entryId}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.equal(one.json().person.name, person.name);
    const rows = (await audited()).slice(before);
    assert.deepEqual(
      rows.map((r) => [r.action, r.entity_id]),
      [
        ['special.entry.list', null],
        ['special.entry.read', String(entryId)],
      ],
    );
    assert.deepEqual(rows[0]!.details, { entryIds: [entryId] });
    assert.ok(!JSON.stringify(rows).includes(person.name), 'the log does not name the person');
  });

  test('the safety officer configures the categories; each change is audited; nobody else can', async () => {
    const created = await officer.post('/api/special/categories', {
      code: 'petition_risk',
      nameZh: '信访重点',
      nameEn: 'Petition risk',
      fields: ['case_officer'],
      visitDays: 60,
    });
    assert.equal(created.statusCode, 201, created.body);
    const cat = created.json();
    assert.deepEqual([cat.fields, cat.visitDays, cat.active], [['case_officer'], 60, true]);
    const again = await officer.post('/api/special/categories', {
      code: 'petition_risk',
      nameZh: '重复',
      nameEn: 'Again',
      visitDays: 10,
    });
    assert.equal(again.statusCode, 400, again.body);
    // Bad input: a 400 and nothing changed.
    for (const bad of [{ visitDays: 0 }, { fields: ['shoe_size'] }, { fields: ['risk_level', 'risk_level'] }, {}]) {
      const res = await officer.patch(`/api/special/categories/${cat.id}`, bad);
      assert.equal(res.statusCode, 400, `${JSON.stringify(bad)}: ${res.body}`);
    }
    const changed = await officer.patch(`/api/special/categories/${cat.id}`, {
      visitDays: 14,
      fields: ['risk_level', 'guardian_contact'],
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.deepEqual([changed.json().fields, changed.json().visitDays], [['risk_level', 'guardian_contact'], 14]);
    // The new fields are those an entry may carry now.
    const entry = (fields: Record<string, string>) =>
      officer.post('/api/special/entries', {
        personId: person.id,
        categoryId: cat.id,
        startsOn: '2026-03-01',
        workerId: officerId,
        fields,
      });
    assert.equal((await entry({ case_officer: 'x' })).statusCode, 400);
    // Switched off: no longer offered, no new entries, still listed for configuration.
    const off = await officer.patch(`/api/special/categories/${cat.id}`, { active: false });
    assert.equal(off.json().active, false);
    assert.equal((await entry({ risk_level: '中' })).statusCode, 400);
    assert.equal(await categoryCode('petition_risk'), undefined);
    const all = await officer.get('/api/special/categories?all=true');
    assert.equal(all.json().items.find((c: { id: number }) => c.id === cat.id).active, false);
    assert.equal((await officer.patch('/api/special/categories/999999', { active: true })).statusCode, 404);

    for (const role of without) {
      const c = byRole.get(role)!;
      const add = await c.post('/api/special/categories', { code: 'x_y', nameZh: 'x', nameEn: 'x', visitDays: 5 });
      assert.equal(add.statusCode, 404, `${role}: ${add.body}`);
      const patch = await c.patch(`/api/special/categories/${cat.id}`, { active: true });
      assert.equal(patch.statusCode, 404, `${role}: ${patch.body}`);
    }
    const stored = await t.services.database.db
      .selectFrom('special.categories')
      .selectAll()
      .where('id', '=', cat.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([stored.active, stored.visit_days], [false, 14]);
    const log = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['special.category.create', 'special.category.update'])
      .orderBy('id')
      .execute();
    assert.deepEqual(
      log.map((r) => [r.action, r.entity_id]),
      [
        ['special.category.create', String(cat.id)],
        ['special.category.update', String(cat.id)],
        ['special.category.update', String(cat.id)],
      ],
    );
  });

  test('an overdue visit warns the responsible worker once per overdue period', async () => {
    const special = t.services.special;
    const warnings = async () =>
      (
        await t.services.database.db
          .selectFrom('notifications.notifications')
          .select('id')
          .where('user_id', '=', officerId)
          .where('kind', '=', 'special.visit_overdue')
          .execute()
      ).length;
    assert.equal(await special.warnOverdue(new Date('2026-03-31T02:00:00Z')), 0, 'due today is not overdue');
    assert.equal(await special.warnOverdue(new Date('2026-04-01T02:00:00Z')), 1);
    assert.equal(await special.warnOverdue(new Date('2026-04-02T02:00:00Z')), 0, 'once per period');
    assert.equal(await warnings(), 1);
    t.clock.set(new Date('2026-04-02T02:00:00Z'));
    officer = await t.login(officer.me!.username as string);
    const overdue = await officer.get('/api/special/entries?overdue=true');
    assert.deepEqual(
      overdue.json().items.map((e: { id: number }) => e.id),
      [entryId],
    );
    const visited = await officer.post(`/api/special/entries/${entryId}/visits`, {
      visitedOn: '2026-04-02',
      note: '入户走访，情况稳定',
    });
    assert.equal(visited.statusCode, 201, visited.body);
    assert.equal(visited.json().nextVisitDue, '2026-05-02');
    assert.equal(visited.json().visits.length, 1);
    assert.equal(visited.json().overdue, false);
    assert.deepEqual((await officer.get('/api/special/entries?overdue=true')).json().items, []);
    const future = await officer.post(`/api/special/entries/${entryId}/visits`, { visitedOn: '2026-04-03' });
    assert.equal(future.statusCode, 400);
    assert.equal(await special.warnOverdue(new Date('2026-05-02T02:00:00Z')), 0);
    assert.equal(await special.warnOverdue(new Date('2026-05-03T02:00:00Z')), 1, 'a new period warns again');
    assert.equal(await warnings(), 2);
  });
  test('the register can be narrowed to a community of the area', async () => {
    const mine = await officer.get(`/api/special/entries?communityId=${community.id}`);
    assert.ok(mine.json().items.some((e: { id: number }) => e.id === entryId));
    const other = await officer.get(`/api/special/entries?communityId=${otherCommunity.id}`);
    assert.equal(other.statusCode, 200, other.body);
    assert.deepEqual(other.json().items, [], 'another community: nothing, not a way around the scope');
  });

  test('an ended entry is kept, no longer falls due and warns no more; bad input changes nothing', async () => {
    const close = (c: Client, body: Record<string, unknown>) => c.post(`/api/special/entries/${entryId}/close`, body);
    // The clock moved on in the test before: sessions lapsed, so each signs in again.
    for (const role of without) {
      const c = await t.login(byRole.get(role)!.me!.username as string);
      assert.equal((await close(c, { endsOn: '2026-04-01', reason: 'term_ended' })).statusCode, 404, role);
    }
    // The test clock stands at 2026-04-02 (the test before moved it).
    assert.equal((await close(officer, { endsOn: '2026-04-05', reason: 'term_ended' })).statusCode, 400, 'after today');
    assert.equal(
      (await close(officer, { endsOn: '2026-02-01', reason: 'term_ended' })).statusCode,
      400,
      'before it began',
    );
    assert.equal((await close(officer, { endsOn: '2026-04-01', reason: 'expired' })).statusCode, 400, 'no such reason');
    assert.equal((await officer.get(`/api/special/entries/${entryId}`)).json().status, 'active', 'nothing changed');
    const closed = await close(officer, { endsOn: '2026-04-02', reason: 'term_ended', note: '矫正期满' });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.deepEqual(
      [closed.json().status, closed.json().endsOn, closed.json().overdue],
      ['closed', '2026-04-02', false],
    );
    assert.equal((await close(officer, { endsOn: '2026-04-02', reason: 'term_ended' })).statusCode, 409, 'once');
    assert.equal(await t.services.special.warnOverdue(new Date('2026-09-01T02:00:00Z')), 0, 'no more warnings');
    const log = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select(['entity_id', 'details'])
      .where('action', '=', 'special.entry.close')
      .execute();
    assert.deepEqual(
      log.map((r) => r.entity_id),
      [String(entryId)],
    );
  });
});
