import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';
import { addUser } from '../support/users.ts';

interface Detail {
  id: number;
  code: string;
  status: string;
  level: string;
  department: string | null;
  assignee: { id: number; name: string } | null;
  dueAt: string | null;
  overdue: boolean;
  viewer: string;
  allowedActions: string[];
  timeline: Array<{ action: string; note: string; details: Record<string, unknown> }>;
  extensions: Array<{ id: number; status: string; until: string; reason: string; decisionNote: string }>;
  assists: Array<{
    id: number;
    department: string;
    status: string;
    task: string;
    reply: string | null;
    canReply: boolean;
  }>;
}

const HOUR = 3_600_000;

/**
 * The desk's work with departments (issue 14): a matter escalated to 城管 reaches its staff, who
 * return it (退单) to whoever sent it, ask for more time (延期申请) that the sender grants or refuses,
 * and share it with assisting departments (协办) whose replies land on the timeline.
 */
describe('return, extension and joint handling', () => {
  let t: TestApp;
  let street: Client;
  let community: Client;
  let worker: Client;
  let resident: Client;
  let city: Client;
  let fire: Client;
  let housing: Client;
  let cityElsewhere: Client;
  let home: { lat: number; lng: number; address: string };

  const detail = async (client: Client, id: number): Promise<Detail> => {
    const res = await client.get(`/api/matters/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  /** Everything a refused request must leave alone: the matter row, its timeline, its desk rows, the audit log. */
  async function snapshot(id: number) {
    const db = t.services.database.db;
    const [matter, timeline, extensions, assists, audit] = await Promise.all([
      db.selectFrom('matters.matters').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      db.selectFrom('matters.timeline').select('id').where('matter_id', '=', id).execute(),
      db.selectFrom('matters.extensions').selectAll().where('matter_id', '=', id).execute(),
      db.selectFrom('matters.assists').selectAll().where('matter_id', '=', id).execute(),
      db.selectFrom('platform.audit_log').select('id').where('entity_id', '=', String(id)).execute(),
    ]);
    return JSON.stringify({ matter, timeline, extensions, assists, audit: audit.length });
  }

  async function refusedUnchanged(
    id: number,
    attempt: () => Promise<{ statusCode: number; body: string }>,
    code: number,
  ) {
    const before = await snapshot(id);
    const res = await attempt();
    assert.equal(res.statusCode, code, res.body);
    assert.equal(await snapshot(id), before, 'a refused request changes nothing');
    return res;
  }

  /** Reported by the resident, escalated by the street administrator up to the department. */
  async function toDepartment(department = 'urban_management'): Promise<Detail> {
    const m = (await report(resident, 'event.street_order.hawkers', home)).json();
    for (const reason of ['网格无法处理', '社区无执法权']) {
      const res = await street.post(`/api/matters/${m.id}/escalate`, { reason });
      assert.equal(res.statusCode, 200, res.body);
    }
    const res = await street.post(`/api/matters/${m.id}/escalate`, { reason: '请部门处置', department });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  const told = async (client: Client, id: number, kind: string) =>
    (await client.get('/api/notifications?limit=100'))
      .json()
      .items.some((n: { entityId: string; kind: string }) => n.entityId === String(id) && n.kind === kind);

  const audited = async (id: number, action: string) =>
    (
      await t.services.database.db
        .selectFrom('platform.audit_log')
        .select('id')
        .where('entity_id', '=', String(id))
        .where('action', '=', action)
        .execute()
    ).length;

  /** Sessions last hours; after the clock jumps days, everyone signs in again. */
  async function signInAgain() {
    street = await t.login('street_wenhui');
    community = await t.login('community_datieguan');
    worker = await t.login('grid_datieguan_01');
    resident = await t.login('resident_demo');
    city = await t.login('desk_city');
    fire = await t.login('desk_fire');
    housing = await t.login('desk_housing');
    cityElsewhere = await t.login('desk_city_changqing');
  }

  before(async () => {
    t = await startTestApp();
    const admin = await t.login('admin');
    street = await t.login('street_wenhui');
    community = await t.login('community_datieguan');
    worker = await t.login('grid_datieguan_01');
    resident = await t.login('resident_demo');
    const ix = await demoIndex(admin);
    const wenhui = ix.division('文晖街道').id;
    const staff = (username: string, department: string, divisionId = wenhui) =>
      addUser(t, username, [{ role: 'dept_staff', divisionId, gridId: null, department }]);
    city = await staff('desk_city', 'urban_management');
    fire = await staff('desk_fire', 'fire');
    housing = await staff('desk_housing', 'housing');
    cityElsewhere = await staff('desk_city_changqing', 'urban_management', ix.division('长庆街道').id);
    home = await buildingPoint(admin, '打铁关小区1幢');
  });
  after(() => t.close());

  test('a matter escalated to 城管 reaches its staff, who may return it', async () => {
    const m = await toDepartment();
    const queue = (await city.get('/api/matters?queue=department&limit=100')).json().items.map((i: Detail) => i.id);
    assert.ok(queue.includes(m.id));
    const seen = await detail(city, m.id);
    assert.equal(seen.viewer, 'staff');
    for (const action of ['accept', 'return', 'add_assist']) assert.ok(seen.allowedActions.includes(action), action);
    assert.ok(!seen.allowedActions.includes('decide_extension'));
    assert.deepEqual(seen.extensions, []);
    assert.deepEqual(seen.assists, []);
    assert.equal((await fire.get(`/api/matters/${m.id}`)).statusCode, 404, "not another department's");
    assert.equal((await cityElsewhere.get(`/api/matters/${m.id}`)).statusCode, 404, "not another street's 城管");
  });

  test('return sends an escalated matter back to the level and the person that escalated it, with the reason', async () => {
    const m = await toDepartment();
    assert.equal((await city.post(`/api/matters/${m.id}/accept`, { note: '接单' })).statusCode, 200);

    // Bad input and the wrong people change nothing.
    await refusedUnchanged(m.id, () => city.post(`/api/matters/${m.id}/return`, { reason: '' }), 400);
    await refusedUnchanged(m.id, () => city.post(`/api/matters/${m.id}/return`, { reason: 'x'.repeat(501) }), 400);
    await refusedUnchanged(m.id, () => city.post(`/api/matters/${m.id}/return`, {}), 400);
    await refusedUnchanged(m.id, () => fire.post(`/api/matters/${m.id}/return`, { reason: '不归我管' }), 404);
    await refusedUnchanged(m.id, () => resident.post(`/api/matters/${m.id}/return`, { reason: '不归我管' }), 403);

    const res = await city.post(`/api/matters/${m.id}/return`, { reason: '不属于城管职责，属物业管理范围' });
    assert.equal(res.statusCode, 200, res.body);
    const back: Detail = res.json();
    assert.equal(back.status, 'returned');
    assert.equal(back.level, 'street');
    assert.equal(back.assignee?.id, street.me!.id, 'to the person who escalated it');
    const entry = back.timeline.at(-1)!;
    assert.equal(entry.action, 'return');
    assert.equal(entry.note, '不属于城管职责，属物业管理范围');
    assert.equal(entry.details.to, 'escalator');
    assert.equal(await audited(m.id, 'matters.return'), 1);
    assert.ok(await told(street, m.id, 'matter.returned'), 'the escalator is told');

    // Gone from the department; back with the street, who may take it again or send it elsewhere.
    assert.equal((await city.get(`/api/matters/${m.id}`)).statusCode, 404);
    const atStreet = await detail(street, m.id);
    for (const action of ['accept', 'dispatch', 'escalate', 'reject', 'merge'])
      assert.ok(atStreet.allowedActions.includes(action), action);
    assert.ok(!atStreet.allowedActions.includes('return'), 'nobody above to return it to');
    const statuses = (await street.get('/api/matters?queue=grid&status=returned&limit=100')).json().items;
    assert.ok(
      statuses.some((i: Detail) => i.id === m.id),
      'the returned status filters',
    );

    // Escalated again, to the right department this time.
    const again = await street.post(`/api/matters/${m.id}/escalate`, { reason: '转住建', department: 'housing' });
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(again.json().department, 'housing');
    assert.equal((await detail(housing, m.id)).viewer, 'staff');
    // Resolved, it can no longer be returned.
    assert.equal((await housing.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    assert.equal((await housing.post(`/api/matters/${m.id}/start`, {})).statusCode, 200);
    assert.equal((await housing.post(`/api/matters/${m.id}/resolve`, { note: '已处理' })).statusCode, 200);
    await refusedUnchanged(m.id, () => housing.post(`/api/matters/${m.id}/return`, { reason: '晚了' }), 409);
  });

  test('return sends a dispatched matter back to the dispatcher, the assignee cleared', async () => {
    const m = (await report(resident, 'event.street_order.hawkers', home)).json();
    assert.equal((await community.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    // Accepted where it was reported, nobody sent it: nothing to return to.
    const own = await detail(community, m.id);
    assert.ok(!own.allowedActions.includes('return'));
    await refusedUnchanged(m.id, () => community.post(`/api/matters/${m.id}/return`, { reason: '退回' }), 403);

    const dispatched = await community.post(`/api/matters/${m.id}/dispatch`, { assigneeUserId: worker.me!.id });
    assert.equal(dispatched.statusCode, 200, dispatched.body);
    assert.ok((await detail(worker, m.id)).allowedActions.includes('return'));
    const res = await worker.post(`/api/matters/${m.id}/return`, { reason: '不在本网格' });
    assert.equal(res.statusCode, 200, res.body);
    const back: Detail = res.json();
    assert.equal(back.status, 'returned');
    assert.equal(back.level, 'grid');
    assert.equal(back.assignee, null);
    assert.equal(back.timeline.at(-1)!.details.to, 'dispatcher');
    assert.ok(await told(community, m.id, 'matter.returned'), 'the dispatcher is told');
    assert.ok((await detail(community, m.id)).allowedActions.includes('dispatch'));
  });

  test('a granted extension moves the deadline and clears overdue; a refused one moves nothing', async () => {
    const m = await toDepartment();
    assert.equal((await city.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    const due = new Date((await detail(city, m.id)).dueAt!);
    assert.ok((await detail(city, m.id)).allowedActions.includes('request_extension'));

    const ask = (client: Client, until: Date, reason = '需协调多部门') =>
      client.post(`/api/matters/${m.id}/extensions`, { until: until.toISOString(), reason });
    await refusedUnchanged(m.id, () => ask(city, new Date(due.getTime() - HOUR)), 400);
    await refusedUnchanged(m.id, () => ask(city, due), 400);
    await refusedUnchanged(m.id, () => ask(city, new Date(due.getTime() + HOUR), ''), 400);
    await refusedUnchanged(
      m.id,
      () => city.post(`/api/matters/${m.id}/extensions`, { until: 'next week', reason: '需协调' }),
      400,
    );
    await refusedUnchanged(m.id, () => ask(fire, new Date(due.getTime() + HOUR)), 404);
    await refusedUnchanged(m.id, () => ask(resident, new Date(due.getTime() + HOUR)), 403);

    const later = new Date(due.getTime() + 48 * HOUR);
    const asked = await ask(city, later);
    assert.equal(asked.statusCode, 200, asked.body);
    const pending = asked.json().extensions[0];
    assert.equal(pending.status, 'pending');
    assert.equal(asked.json().dueAt, due.toISOString(), 'nothing moves on a request');
    assert.equal(asked.json().timeline.at(-1).action, 'extension_requested');
    assert.ok(!asked.json().allowedActions.includes('request_extension'), 'one pending at a time');
    await refusedUnchanged(m.id, () => ask(city, new Date(due.getTime() + 72 * HOUR)), 409);
    assert.ok(await told(street, m.id, 'matter.extension_requested'), 'the escalator, who decides, is told');

    // The deciders' list: the street may decide; the requester sees it but may not.
    const listed = (client: Client) =>
      client
        .get('/api/matters/extensions?status=pending&limit=100')
        .then((r) => r.json().items.find((e: { id: number }) => e.id === pending.id));
    assert.equal((await listed(street))?.canDecide, true);
    assert.equal((await listed(city))?.canDecide, false);
    assert.equal(await listed(fire), undefined);
    assert.ok((await detail(street, m.id)).allowedActions.includes('decide_extension'));
    assert.ok(!(await detail(city, m.id)).allowedActions.includes('decide_extension'));
    const grant = (client: Client, id = pending.id) =>
      client.post(`/api/matters/${m.id}/extensions/${id}/grant`, { note: '同意' });
    await refusedUnchanged(m.id, () => grant(city), 403);
    await refusedUnchanged(m.id, () => grant(fire), 404);
    await refusedUnchanged(m.id, () => grant(street, pending.id + 1000), 404);

    // The deadline passes while the request waits: the department's matter is flagged overdue.
    t.clock.set(new Date(due.getTime() + HOUR));
    await signInAgain();
    await t.services.matters.runDeadlines(t.clock.now());
    assert.equal((await detail(city, m.id)).overdue, true);

    const granted = await grant(street);
    assert.equal(granted.statusCode, 200, granted.body);
    assert.equal(granted.json().dueAt, later.toISOString());
    assert.equal(granted.json().overdue, false, 'the new deadline is not yet past');
    assert.equal(granted.json().extensions[0].status, 'granted');
    assert.equal(granted.json().timeline.at(-1).action, 'extension_granted');
    assert.equal(await audited(m.id, 'matters.extension.grant'), 1);
    assert.ok(await told(city, m.id, 'matter.extension_granted'), 'the requester hears the decision');
    await refusedUnchanged(m.id, () => grant(street), 409);

    // A second request, refused: the deadline stays.
    const second = await ask(city, new Date(later.getTime() + 24 * HOUR), '仍需时间');
    assert.equal(second.statusCode, 200, second.body);
    const secondId = second.json().extensions[1].id;
    const refused = await street.post(`/api/matters/${m.id}/extensions/${secondId}/refuse`, { note: '请按期办结' });
    assert.equal(refused.statusCode, 200, refused.body);
    assert.equal(refused.json().dueAt, later.toISOString());
    assert.equal(refused.json().extensions[1].status, 'refused');
    assert.equal(refused.json().extensions[1].decisionNote, '请按期办结');
    assert.ok(await told(city, m.id, 'matter.extension_refused'));
    assert.equal((await listed(street)) ?? null, null, 'no longer pending');
  });

  test('joint handling: an assisting department sees the matter, replies; the lead resolves and open assists close', async () => {
    const m = await toDepartment();
    assert.equal((await city.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    const add = (client: Client, body: unknown) => client.post(`/api/matters/${m.id}/assists`, body);
    await refusedUnchanged(m.id, () => add(city, { department: 'nowhere', task: '协助' }), 400);
    await refusedUnchanged(m.id, () => add(city, { department: 'fire', task: '' }), 400);
    await refusedUnchanged(m.id, () => add(city, { department: 'urban_management', task: '自己协办' }), 400);
    await refusedUnchanged(m.id, () => add(fire, { department: 'fire', task: '协助' }), 404);
    assert.equal((await fire.get('/api/matters?queue=assist')).json().items.length, 0);

    const added = await add(city, { department: 'fire', task: '核查消防通道占用情况' });
    assert.equal(added.statusCode, 200, added.body);
    assert.equal(added.json().assists[0].status, 'open');
    await refusedUnchanged(m.id, () => add(city, { department: 'fire', task: '再次协办' }), 409);
    assert.equal((await add(city, { department: 'housing', task: '核查违建' })).statusCode, 200);
    assert.ok(await told(fire, m.id, 'matter.assist_requested'), 'the assisting department is told');

    // The assisting department sees it, in its own queue and in full, and answers its own part only.
    const queue = (await fire.get('/api/matters?queue=assist&withTotal=true')).json();
    assert.deepEqual(
      queue.items.map((i: Detail) => i.id),
      [m.id],
    );
    const seen = await detail(fire, m.id);
    assert.equal(seen.viewer, 'staff');
    assert.ok(seen.allowedActions.includes('reply_assist'));
    assert.ok(!seen.allowedActions.includes('resolve') && !seen.allowedActions.includes('return'));
    const fireAssist = seen.assists.find((a) => a.department === 'fire')!;
    const housingAssist = seen.assists.find((a) => a.department === 'housing')!;
    assert.equal(fireAssist.canReply, true);
    assert.equal(housingAssist.canReply, false);
    assert.equal((await cityElsewhere.get(`/api/matters/${m.id}`)).statusCode, 404);
    const reply = (client: Client, assistId: number, body: unknown) =>
      client.post(`/api/matters/${m.id}/assists/${assistId}/reply`, body);
    await refusedUnchanged(m.id, () => reply(fire, housingAssist.id, { reply: '代答' }), 403);
    await refusedUnchanged(m.id, () => reply(fire, fireAssist.id, { reply: '' }), 400);
    await refusedUnchanged(m.id, () => reply(city, fireAssist.id, { reply: '替消防答复' }), 403);

    const answered = await reply(fire, fireAssist.id, { reply: '已核查，消防通道已清理' });
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal(answered.json().assists.find((a: { id: number }) => a.id === fireAssist.id).status, 'answered');
    await refusedUnchanged(m.id, () => reply(fire, fireAssist.id, { reply: '再答一次' }), 409);
    assert.ok(await told(city, m.id, 'matter.assist_replied'), 'the lead is told');
    assert.equal(await audited(m.id, 'matters.assist.reply'), 1);

    // The lead resolves: housing never answered, and is closed as such; both on the timeline.
    assert.equal((await city.post(`/api/matters/${m.id}/start`, {})).statusCode, 200);
    const resolved = await city.post(`/api/matters/${m.id}/resolve`, { note: '牵头单位办结' });
    assert.equal(resolved.statusCode, 200, resolved.body);
    const final: Detail = resolved.json();
    assert.equal(final.status, 'resolved');
    assert.deepEqual(
      final.assists.map((a) => [a.department, a.status]),
      [
        ['fire', 'answered'],
        ['housing', 'unanswered'],
      ],
    );
    const replied = final.timeline.find((e) => e.action === 'assist_replied')!;
    assert.equal(replied.note, '已核查，消防通道已清理');
    assert.ok(final.timeline.some((e) => e.action === 'assist_unanswered' && e.details.department === 'housing'));
    assert.ok(!final.allowedActions.includes('add_assist'));
    // The assisting department still reads what it took part in; its queue is empty.
    assert.equal((await detail(fire, m.id)).viewer, 'staff');
    assert.equal((await fire.get('/api/matters?queue=assist')).json().items.length, 0);
    await refusedUnchanged(m.id, () => reply(housing, housingAssist.id, { reply: '迟到的答复' }), 409);
  });
});
