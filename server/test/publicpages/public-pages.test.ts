import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withIdCheckDigit } from '../../src/platform/personal-data.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';
import { addResident, addUser } from '../support/users.ts';

const HOUR = 3_600_000;

/** People whose names, phones and ID numbers are known, so that no public answer may hold them. */
const SECRET_PEOPLE = [
  { name: '甄秘密', phone: '13800138000', id: withIdCheckDigit('33010619800101123') },
  { name: '贾隐私', phone: '13900139001', id: withIdCheckDigit('33010619751212234') },
  { name: '钱不露', phone: '13700137002', id: withIdCheckDigit('33010619900606345') },
];
const STAFF_NAME = '孙幕后';
const WORKER_NAME = '李网格';
const SECRETS = [
  ...SECRET_PEOPLE.flatMap((p) => [p.name, p.phone, p.id]),
  STAFF_NAME,
  WORKER_NAME,
  'pp_staff',
  'pp_worker',
  'pp_resident_',
];

/**
 * Public pages (公示, 办件公开): a community's page and the index answer without a session, with
 * notices, votes' results, decisions and resolved reports; and no route reachable without a session —
 * Open311, the credit card, the public keys, these pages — ever gives out a private person's name,
 * phone or ID number, though votes, decisions, notices and reports mention them in their private fields.
 */
describe('public pages', () => {
  let t: TestApp;
  let staff: Client;
  let worker: Client;
  let residents: Client[];
  let datieguan: number;
  let voteId: number;
  let matterId: number;
  const start = new Date('2026-05-04T01:00:00Z');
  const db = () => t.services.database.db;

  before(async () => {
    t = await startTestApp();
    t.clock.set(start);
    datieguan = (
      await db().selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
    ).id;
    const admin = await t.login('admin');
    staff = await addUser(
      t,
      'pp_staff',
      [{ role: 'community_admin', divisionId: datieguan, gridId: null }],
      STAFF_NAME,
    );
    residents = [];
    for (const [i, p] of SECRET_PEOPLE.entries()) {
      const client = await addResident(t, `pp_resident_${i}`, datieguan, p.name);
      residents.push(client);
      // Their registered person also carries the phone and ID number (private fields of the register).
      const created = await admin.post('/api/org/persons', {
        communityId: datieguan,
        name: p.name,
        phone: p.phone,
        idNumber: p.id,
        note: `${p.name} ${p.phone} ${p.id}`,
      });
      assert.equal(created.statusCode, 201, created.body);
    }

    // A notice to all residents (public), one to the elders living alone and one to staff (not public).
    const notice = (over: Record<string, unknown>) =>
      staff.post('/api/notices/manage', {
        senderId: datieguan,
        topic: 'community',
        category: 'other',
        urgency: 'expected',
        severity: 'minor',
        certainty: 'likely',
        headline: '小区停水通知',
        description: '5月6日9:00—17:00 二次供水设施检修，请提前储水。',
        instruction: '如有困难请联系社区。',
        areaIds: [datieguan],
        audienceRoles: ['resident'],
        expires: new Date(start.getTime() + 72 * HOUR).toISOString(),
        ...over,
      });
    assert.equal((await notice({})).statusCode, 201);
    const elders = await notice({
      headline: '独居老人专项提醒',
      audienceRoles: [],
      audienceTags: ['elderly_alone'],
      topic: 'anti_fraud',
      fraudType: 'impersonating_police',
      category: 'security',
    });
    assert.equal(elders.statusCode, 201, elders.body);
    assert.equal((await notice({ headline: '网格员内部通知', audienceRoles: ['grid_worker'] })).statusCode, 201);

    // A vote the secret residents cast ballots in and comment on, counted.
    const vote = await staff.post('/api/deliberation/votes', {
      communityId: datieguan,
      title: '停车位划线方案',
      question: '小区东侧停车位按哪个方案划线？',
      electorate: 'residents',
      scopeKind: 'community',
      options: [
        { key: 'a', label: '方案一：斜列' },
        { key: 'b', label: '方案二：平行' },
      ],
      noticeAt: start.toISOString(),
      opensAt: new Date(start.getTime() + HOUR).toISOString(),
      closesAt: new Date(start.getTime() + 24 * HOUR).toISOString(),
    });
    assert.equal(vote.statusCode, 201, vote.body);
    voteId = vote.json().id;
    t.clock.set(new Date(start.getTime() + 2 * HOUR));
    for (const [i, r] of residents.entries()) {
      const cast = await r.post(`/api/deliberation/votes/${voteId}/ballot`, { choice: i === 0 ? 'b' : 'a' });
      assert.equal(cast.statusCode, 200, cast.body);
      await r.post(`/api/deliberation/vote/${voteId}/comments`, {
        body: `我是${SECRET_PEOPLE[i]!.name}，电话${SECRET_PEOPLE[i]!.phone}`,
      });
    }

    // A resolved public report by a secret resident, with private notes naming them.
    worker = await addUser(t, 'pp_worker', [], WORKER_NAME);
    const point = await buildingPoint(admin, '打铁关小区1幢');
    const created = await report(residents[0]!, 'event.construction.noise', point, {
      description: '工地夜间施工噪音很大',
    });
    assert.equal(created.statusCode, 201, created.body);
    matterId = created.json().id;
    const grid = await t.login('grid_datieguan_01');
    assert.equal((await grid.post(`/api/matters/${matterId}/accept`, {})).statusCode, 200);
    const p = SECRET_PEOPLE[0]!;
    await grid.post(`/api/matters/${matterId}/notes`, {
      note: `${p.name}电话${p.phone}，身份证${p.id}`,
      internal: true,
    });
    assert.equal((await grid.post(`/api/matters/${matterId}/start`, {})).statusCode, 200);
    assert.equal(
      (await grid.post(`/api/matters/${matterId}/resolve`, { note: '已联系施工方，夜间停工' })).statusCode,
      200,
    );

    t.clock.set(new Date(start.getTime() + 25 * HOUR));
    // Sessions lapse after 16 hours of the test clock.
    staff = await t.login('pp_staff');
    const counted = await staff.post(`/api/deliberation/votes/${voteId}/count`);
    assert.equal(counted.statusCode, 200, counted.body);

    // A decision with its progress, recorded by a staff member whose name is private.
    const decisionId = await db()
      .transaction()
      .execute((trx) =>
        t.services.deliberation.recordDecision(trx, {
          communityId: datieguan,
          title: '东侧停车位按方案一划线',
          text: '由物业在两周内完成划线。',
          createdBy: staff.me!.id,
        }),
      );
    const update = await staff.post(`/api/deliberation/decisions/${decisionId}/updates`, {
      status: 'in_progress',
      progress: 50,
      note: '物业已进场施工',
    });
    assert.equal(update.statusCode, 200, update.body);
    void worker;
  });
  after(() => t.close());

  test("a community's public page answers without a session, cached with an ETag", async () => {
    const anon = t.anonymous();
    const index = await anon.get('/api/public/communities');
    assert.equal(index.statusCode, 200, index.body);
    assert.ok(
      index.json().items.some((c: { id: number; name: string }) => c.id === datieguan && c.name === '打铁关社区'),
    );

    const res = await anon.get(`/api/public/communities/${datieguan}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/);
    const page = res.json();
    assert.equal(page.community.name, '打铁关社区');
    assert.deepEqual(
      page.notices.map((n: { headline: string }) => n.headline),
      ['小区停水通知'],
      'only the notice to all residents',
    );
    const vote = page.votes.find((v: { id: number }) => v.id === voteId);
    assert.equal(vote.phase, 'counted');
    assert.deepEqual(
      vote.result.tallies.map((x: { key: string; ballots: number }) => [x.key, x.ballots]),
      [
        ['a', 2],
        ['b', 1],
      ],
    );
    assert.equal(vote.result.reckoning.rule, 'plurality');
    assert.ok(
      page.decisions.some((d: { progress: number; updates: unknown[] }) => d.progress === 50 && d.updates.length === 1),
    );
    const resolved = page.reports.find((r: { id: number }) => r.id === matterId);
    assert.equal(resolved.statusNote, '已联系施工方，夜间停工');
    assert.equal(resolved.lat, Math.round(resolved.lat * 1000) / 1000, 'coordinates are coarsened');

    const again = await anon.get(`/api/public/communities/${datieguan}`, { 'if-none-match': String(res.headers.etag) });
    assert.equal(again.statusCode, 304);
    assert.equal((await anon.get('/api/public/communities/99999')).statusCode, 404);
    assert.equal((await anon.get('/p/12')).headers.location, '/h5/p/12');
  });

  test('no route reachable without a session gives out a private name, phone or ID number', async () => {
    const anon = t.anonymous();
    // Values for path parameters: the community, the vote, the matter; any other id or token a dummy.
    const fill = (url: string) =>
      url
        .replace('{communityId}', String(datieguan))
        .replace(':communityId', String(datieguan))
        .replace(/\{file\}|:file/, `${matterId}.json`)
        .replace(/\{id\}|:id/, String(voteId))
        .replace(/\{[A-Za-z]+\}|:[A-Za-z]+/g, '1');
    const routes = t.app.routeTable.filter(
      (r) => !['HEAD', 'OPTIONS'].includes(r.method) && r.url !== '/api/live' && !r.url.includes('*'),
    );
    const reached: string[] = [];
    const leaks: string[] = [];
    const extra = [
      '/open311/v2/services.json',
      '/open311/v2/services.xml',
      '/open311/v2/requests.json',
      '/open311/v2/requests.xml',
      `/open311/v2/requests/${matterId}.json`,
      `/open311/v2/requests/${matterId}.xml`,
      '/open311/v2/discovery.json',
    ];
    const calls = [
      ...routes.map((r) => ({ method: r.method, url: fill(r.url.replace(/\{(\w+)\}/g, ':$1')) })),
      ...extra.map((url) => ({ method: 'GET', url })),
    ];
    for (const call of calls) {
      const res = await anon.raw({
        method: call.method as 'GET',
        url: call.url,
        ...(call.method === 'GET' || call.method === 'DELETE'
          ? {}
          : { payload: '{}', headers: { 'content-type': 'application/json' } }),
      });
      if (res.statusCode === 401) continue;
      reached.push(`${call.method} ${call.url} ${res.statusCode}`);
      for (const secret of SECRETS) if (res.body.includes(secret)) leaks.push(`${call.method} ${call.url}: ${secret}`);
    }
    assert.ok(reached.some((r) => r.startsWith(`GET /api/public/communities/${datieguan} 200`)));
    assert.ok(reached.some((r) => r.startsWith('GET /open311/v2/requests.json 200')));
    assert.ok(reached.length >= 15, reached.join('\n'));
    assert.deepEqual(leaks, []);
    // The secrets are there to leak: signed in, staff read them in the same records.
    const signedIn = await t.login('grid_datieguan_01');
    const matter = (await signedIn.get(`/api/matters/${matterId}`)).body;
    assert.ok(matter.includes(SECRET_PEOPLE[0]!.phone) && matter.includes(SECRET_PEOPLE[0]!.id));
  });
});

/** The public API is limited per client address (PUBLIC_RATE_LIMIT_PER_MINUTE): past it a clear 429, other addresses unaffected. */
describe('public pages: the limit per address', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ PUBLIC_RATE_LIMIT_PER_MINUTE: '3' });
  });
  after(() => t.close());

  test('the fourth request in a minute from one address gets 429 rate_limited; another address still gets the page', async () => {
    const from = (remoteAddress: string) =>
      t.app.inject({ method: 'GET', url: '/api/public/communities', remoteAddress });
    for (let i = 0; i < 3; i++) assert.equal((await from('198.51.100.7')).statusCode, 200);
    const refused = await from('198.51.100.7');
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'rate_limited');
    assert.equal((await from('198.51.100.8')).statusCode, 200);
  });
});
