import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/** Notices (CAP fields): reach the tagged elders of an area, count acknowledgements, visit the silent ones. */
describe('notices', () => {
  let t: TestApp;
  let staffA: Client;
  let staffB: Client;
  let workerA1: Client;
  let workerA2: Client;
  let elderUser: Client;
  let communityA: number;
  let communityB: number;
  let gridA1: number;
  let gridA2: number;
  const elders: Record<string, number> = {};
  let noticeId: number;

  const HOUR = 3_600_000;
  const later = (hours: number) => new Date(t.clock.now().getTime() + hours * HOUR).toISOString();
  const alert = (over: Record<string, unknown> = {}) => ({
    senderId: communityA,
    topic: 'anti_fraud',
    fraudType: 'impersonating_police',
    category: 'security',
    urgency: 'immediate',
    severity: 'severe',
    certainty: 'likely',
    headline: '警惕冒充公检法诈骗',
    description: '近期有人冒充公安来电，称您涉嫌洗钱，要求转账到“安全账户”。',
    instruction: '公检法不会电话办案，不转账、不透露验证码，拨打 96110 咨询。',
    areaIds: [communityA],
    audienceTags: ['elderly_alone'],
    expires: later(72),
    visitAfterHours: 24,
    ...over,
  });
  const count = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('notices.notices')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-03-10T02:00:00Z'));
    const f = await factories(t);
    communityA = (await f.community()).id;
    communityB = (await f.community()).id;
    gridA1 = (await f.grid(communityA)).id;
    gridA2 = (await f.grid(communityA)).id;
    const gridB = (await f.grid(communityB)).id;
    elders.app = (await f.person(communityA, { name: '王阿婆', gridId: gridA1, tags: ['elderly_alone'] })).id;
    elders.sms = (
      await f.person(communityA, { name: '李阿公', gridId: gridA1, tags: ['elderly_alone'], phone: '13800001111' })
    ).id;
    elders.silent = (
      await f.person(communityA, {
        name: '赵阿姨',
        gridId: gridA2,
        tags: ['elderly_alone', 'disabled'],
        phone: '13800002222',
      })
    ).id;
    await f.person(communityA, { name: '年轻人', gridId: gridA1, tags: ['migrant'] });
    await f.person(communityB, { name: '外社区老人', gridId: gridB, tags: ['elderly_alone'] });
    const { hashPassword } = await import('../../src/modules/auth/service.ts');
    const authRepo = await import('../../src/modules/auth/repository.ts');
    const uid = await authRepo.insertUser(
      t.services.database.db,
      {
        username: 'notice_elder',
        phone: null,
        displayName: '王阿婆',
        passwordHash: await hashPassword('gongzhi-demo'),
        personId: elders.app,
      },
      t.clock.now(),
    );
    await authRepo.insertGrants(
      t.services.database.db,
      uid,
      [{ role: 'resident', divisionId: communityA, gridId: null }],
      t.clock.now(),
    );
    elderUser = await t.login('notice_elder');
    staffA = await addUser(t, 'notice_staff_a', [{ role: 'community_admin', divisionId: communityA, gridId: null }]);
    staffB = await addUser(t, 'notice_staff_b', [{ role: 'community_admin', divisionId: communityB, gridId: null }]);
    workerA1 = await addUser(t, 'notice_worker_a1', [{ role: 'grid_worker', divisionId: null, gridId: gridA1 }]);
    workerA2 = await addUser(t, 'notice_worker_a2', [{ role: 'grid_worker', divisionId: null, gridId: gridA2 }]);
  });
  after(() => t.close());

  test('bad input is refused with 400 and nothing is kept; another community may not send for mine', async () => {
    const before = await count();
    for (const bad of [
      { expires: new Date(t.clock.now().getTime() - HOUR).toISOString() },
      { effective: later(10), expires: later(5) },
      { areaIds: [communityB] },
      { fraudType: undefined },
      { audienceTags: [] },
      { headline: '' },
      { msgType: 'update' },
      { urgency: 'soon' },
      { visitAfterHours: 0 },
    ]) {
      const res = await staffA.post('/api/notices/manage', alert(bad));
      assert.equal(res.statusCode, 400, `${JSON.stringify(bad)}: ${res.body}`);
    }
    assert.equal((await staffB.post('/api/notices/manage', alert())).statusCode, 403);
    assert.equal((await workerA1.post('/api/notices/manage', alert())).statusCode, 403);
    assert.equal((await elderUser.post('/api/notices/manage', alert())).statusCode, 403);
    assert.equal(await count(), before);
  });

  test('an alert to the elders of a community reaches exactly its tagged people, by app or SMS', async () => {
    const res = await staffA.post('/api/notices/manage', alert());
    assert.equal(res.statusCode, 201, res.body);
    const n = res.json();
    noticeId = n.id;
    assert.equal(n.msgType, 'alert');
    assert.equal(n.current, true);
    assert.match(n.identifier, /^gongzhi-/);
    assert.deepEqual(n.counts, { recipients: 3, sent: 3, delivered: 1, read: 0, acknowledged: 0 });
    const list = (await staffA.get(`/api/notices/manage/${noticeId}/recipients`)).json().items;
    assert.deepEqual(list.map((r: { name: string }) => r.name).sort(), ['李*公', '王*婆', '赵*姨'].sort());
    const byName = new Map(list.map((r: { name: string; channel: string }) => [r.name, r.channel]));
    assert.equal(byName.get('王*婆'), 'app');
    assert.equal(byName.get('李*公'), 'sms');
    // The SMS are sent by the messages module's task; once the provider took them, they count as delivered.
    await t.services.messages.sendDue();
    const ids = (
      await t.services.database.db
        .selectFrom('notifications.deliveries')
        .select('id')
        .where('entity_type', '=', 'notice_recipient')
        .execute()
    ).map((d) => d.id);
    assert.equal(ids.length, 2);
    for (const id of ids) await t.services.messages.deliver(id);
    assert.equal((await staffA.get(`/api/notices/manage/${noticeId}`)).json().counts.delivered, 3);
    // The elder with an account has it in the app, and in the in-app inbox.
    const mine = (await elderUser.get('/api/notices/mine')).json().items;
    assert.equal(mine.length, 1);
    assert.equal(mine[0].readAt, null);
  });

  test('staff of another community see nothing of it', async () => {
    assert.equal((await staffB.get('/api/notices/manage')).json().items.length, 0);
    assert.equal((await staffB.get(`/api/notices/manage/${noticeId}`)).statusCode, 404);
    assert.equal((await staffB.get(`/api/notices/manage/${noticeId}/recipients`)).statusCode, 404);
    assert.equal((await staffB.post(`/api/notices/manage/${noticeId}/resend`)).statusCode, 404);
    assert.equal((await staffA.get('/api/notices/manage?topic=anti_fraud')).json().items.length, 1);
  });

  test('acknowledgements are counted per recipient: by the elder in the app, and recorded by staff after a call', async () => {
    const opened = await elderUser.get(`/api/notices/mine/${noticeId}`);
    assert.equal(opened.statusCode, 200);
    assert.ok(opened.json().readAt);
    assert.equal((await staffA.get(`/api/notices/manage/${noticeId}`)).json().counts.read, 1);
    const ack = await elderUser.post(`/api/notices/mine/${noticeId}/ack`);
    assert.equal(ack.statusCode, 200);
    assert.ok(ack.json().acknowledgedAt);
    const list = (await staffA.get(`/api/notices/manage/${noticeId}/recipients`)).json().items;
    const li = list.find((r: { name: string }) => r.name === '李*公');
    const recorded = await staffA.post(`/api/notices/manage/${noticeId}/recipients/${li.id}/ack`, {
      method: 'phoned',
      note: '电话告知，老人表示明白',
    });
    assert.equal(recorded.statusCode, 200, recorded.body);
    assert.equal(
      (await staffA.post(`/api/notices/manage/${noticeId}/recipients/${li.id}/ack`, { method: 'visited' })).statusCode,
      409,
    );
    const n = (await staffA.get(`/api/notices/manage/${noticeId}`)).json();
    assert.equal(n.counts.acknowledged, 2);
    assert.equal(n.counts.read, 2);
    const after = (await staffA.get(`/api/notices/manage/${noticeId}/recipients?state=acknowledged`)).json().items;
    const phoned = after.find((r: { name: string }) => r.name === '李*公');
    assert.equal(phoned.ackMethod, 'phoned');
    assert.equal(phoned.ackBy, 'notice_staff_a');
    assert.equal(after.find((r: { name: string }) => r.name === '王*婆').ackMethod, 'app');
  });

  test('resend goes only to those who did not answer', async () => {
    const res = await staffA.post(`/api/notices/manage/${noticeId}/resend`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().resent, 1);
    const list = (await staffA.get(`/api/notices/manage/${noticeId}/recipients`)).json().items;
    const sends = Object.fromEntries(list.map((r: { name: string; sends: number }) => [r.name, r.sends]));
    assert.deepEqual(sends, { '王*婆': 1, '李*公': 1, '赵*姨': 2 });
    assert.equal((await workerA1.post(`/api/notices/manage/${noticeId}/resend`)).statusCode, 403);
  });

  test('after N hours exactly the silent elders become visit tasks for their grid worker, once', async () => {
    t.clock.set(new Date(t.clock.now().getTime() + 23 * HOUR));
    assert.equal(await t.services.notices.tasks.createDue(), 0, 'not yet');
    t.clock.set(new Date(t.clock.now().getTime() + 2 * HOUR));
    assert.equal(await t.services.notices.tasks.createDue(), 1);
    assert.equal(await t.services.notices.tasks.createDue(), 0, 'once');
    workerA1 = await t.login('notice_worker_a1');
    workerA2 = await t.login('notice_worker_a2');
    staffA = await t.login('notice_staff_a');
    staffB = await t.login('notice_staff_b');
    elderUser = await t.login('notice_elder');
    assert.equal((await workerA1.get('/api/notices/tasks')).json().items.length, 0);
    const tasks = (await workerA2.get('/api/notices/tasks?status=open')).json().items;
    assert.equal(tasks.length, 1);
    assert.equal(tasks[0].person.name, '赵*姨');
    assert.equal(tasks[0].notice.id, noticeId);
    assert.equal((await staffA.get('/api/notices/tasks')).json().items.length, 1, 'the community sees it too');
    assert.equal((await staffB.get('/api/notices/tasks')).json().items.length, 0);
    assert.equal(
      (await workerA1.post(`/api/notices/tasks/${tasks[0].id}/close`, { method: 'visited' })).statusCode,
      404,
    );
    assert.equal(
      (await workerA2.post(`/api/notices/tasks/${tasks[0].id}/close`, { method: 'mailed' })).statusCode,
      400,
    );
    const closed = await workerA2.post(`/api/notices/tasks/${tasks[0].id}/close`, {
      method: 'visited',
      note: '上门讲解，已装国家反诈中心App',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'done');
    assert.equal(
      (await workerA2.post(`/api/notices/tasks/${tasks[0].id}/close`, { method: 'visited' })).statusCode,
      409,
    );
    const n = (await staffA.get(`/api/notices/manage/${noticeId}`)).json();
    assert.equal(n.counts.acknowledged, 3);
    const zhao = (await staffA.get(`/api/notices/manage/${noticeId}/recipients`))
      .json()
      .items.find((r: { name: string }) => r.name === '赵*姨');
    assert.equal(zhao.ackMethod, 'visited');
    assert.equal(zhao.ackBy, 'notice_worker_a2');
  });

  test('an update supersedes the earlier notice; its recipients see the update; a superseded notice cannot be updated', async () => {
    const res = await staffA.post(
      '/api/notices/manage',
      alert({ msgType: 'update', references: noticeId, headline: '更新：冒充公检法诈骗新话术' }),
    );
    assert.equal(res.statusCode, 201, res.body);
    const update = res.json();
    assert.equal(update.references, noticeId);
    assert.equal(update.counts.recipients, 3);
    const earlier = (await staffA.get(`/api/notices/manage/${noticeId}`)).json();
    assert.equal(earlier.current, false);
    assert.equal(earlier.supersededBy, update.id);
    const mine = (await elderUser.get('/api/notices/mine')).json().items;
    assert.deepEqual(
      mine.map((m: { id: number; current: boolean }) => [m.id, m.current]),
      [
        [update.id, true],
        [noticeId, false],
      ],
    );
    const again = await staffA.post('/api/notices/manage', alert({ msgType: 'cancel', references: noticeId }));
    assert.equal(again.statusCode, 409);
    assert.equal((await staffA.get('/api/notices/manage?current=true')).json().items.length, 1);
    const poster = await staffA.get(`/api/notices/manage/${update.id}/poster`);
    assert.equal(poster.statusCode, 200, poster.body.slice(0, 200));
    assert.equal(poster.headers['content-type'], 'application/pdf');
    assert.ok(poster.rawPayload.subarray(0, 5).toString() === '%PDF-');
  });

  test('a cancel supersedes the update and reaches its recipients; a notice by role reaches the users holding it in the area', async () => {
    const current = (await staffA.get('/api/notices/manage?current=true')).json().items[0];
    const cancel = await staffA.post(
      '/api/notices/manage',
      alert({ msgType: 'cancel', references: current.id, headline: '撤销：冒充公检法诈骗预警', audienceTags: [] }),
    );
    assert.equal(cancel.statusCode, 201, cancel.body);
    assert.equal(cancel.json().counts.recipients, 3);
    assert.equal(cancel.json().current, false, 'a cancel is not itself current');
    assert.equal((await staffA.get('/api/notices/manage?current=true')).json().items.length, 0);

    const byRole = await staffA.post(
      '/api/notices/manage',
      alert({
        topic: 'legal_education',
        fraudType: undefined,
        category: 'other',
        headline: '《反电信网络诈骗法》宣讲',
        audienceTags: [],
        audienceRoles: ['grid_worker'],
      }),
    );
    assert.equal(byRole.statusCode, 201, byRole.body);
    assert.equal(byRole.json().counts.recipients, 2);
    const seen = (await workerA1.get('/api/notices/mine')).json().items;
    assert.deepEqual(
      seen.map((n: { headline: string }) => n.headline),
      ['《反电信网络诈骗法》宣讲'],
    );
    assert.equal((await staffB.get(`/api/notices/manage/${byRole.json().id}`)).statusCode, 404);
  });
});
