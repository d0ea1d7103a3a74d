import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { until } from '../support/until.ts';

describe('a critical alarm calls people in turn until someone acknowledges it', () => {
  let t: TestApp;
  let worker: Client;
  let fireStaffId: number;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', ALARM_CALL_STEP_MINUTES: '3' });
    worker = await t.login('grid_datieguan_01');
    const street = await t.login('street_wenhui');
    const index = await demoIndex(await t.login('admin'));
    // The 微型消防站's staff of the street: fire department staff.
    const created = await street.post('/api/auth/users', {
      username: 'wenhui_fire_01',
      displayName: '微型消防站 值班员',
      phone: '13500000001',
      grants: [{ role: 'dept_staff', divisionId: index.division('文晖街道').id, department: 'fire' }],
    });
    assert.equal(created.statusCode, 200, created.body);
    fireStaffId = created.json().user.id;
  });
  after(() => t.close());

  const readSmoke = (smoke: number) =>
    t.app.inject({
      method: 'POST',
      url: '/api/ingest/readings',
      headers: { authorization: `Bearer smoke-demo-001:${DEMO_DEVICE_SECRET}` },
      payload: { readings: [{ ts: t.clock.now().toISOString(), metrics: { smoke } }] },
    });

  const activeAlarm = () =>
    until('an active alarm', async () => {
      const items = (await worker.get('/api/alarms?deviceId=smoke-demo-001&status=active_unack')).json().items;
      return items[0] as { id: number } | undefined;
    });

  const messagesTo = (userId: number, alarmId: number) =>
    t.services.database.db
      .selectFrom('notifications.deliveries')
      .select(['channel', 'status', 'kind', 'critical'])
      .where('user_id', '=', userId)
      .where('entity_type', '=', 'alarm')
      .where('entity_id', '=', String(alarmId))
      .execute();

  test('the grid worker first, by SMS and a call; then the next; acknowledging stops the chain', async () => {
    assert.equal((await readSmoke(0.35)).statusCode, 200);
    const alarm = await activeAlarm();
    await t.services.jobs.drain();
    let chain = (await t.services.alarmCalls.chainOf(alarm.id))!;
    assert.ok(chain, 'a chain was started');
    assert.deepEqual(chain.contacts[0], { userId: worker.me!.id, as: 'grid_worker' });
    assert.deepEqual(chain.contacts.at(-1), { userId: fireStaffId, as: 'fire_station' });
    assert.equal(chain.calls.length, 1);
    const first = await messagesTo(worker.me!.id, alarm.id);
    assert.deepEqual(first.map((m) => m.channel).sort(), ['sms', 'voice']);
    assert.ok(first.every((m) => m.status === 'sent' && m.critical && m.kind === 'alarm_call'));
    const inApp = (await worker.get('/api/notifications')).json().items[0];
    assert.match(inApp.title, /紧急告警/);

    // Not before the step is up.
    t.clock.advance(2 * 60_000);
    await t.services.jobs.runScheduled('devices.call-chain');
    assert.equal((await t.services.alarmCalls.chainOf(alarm.id))!.calls.length, 1);
    t.clock.advance(60_000);
    await t.services.jobs.runScheduled('devices.call-chain');
    await t.services.jobs.drain();
    chain = (await t.services.alarmCalls.chainOf(alarm.id))!;
    assert.equal(chain.calls.length, 2, 'the second person is called after 3 minutes');
    const second = chain.contacts[1]!;
    assert.equal((await messagesTo(second.userId, alarm.id)).length, 2);

    assert.equal((await worker.post(`/api/alarms/${alarm.id}/ack`, {})).statusCode, 200);
    t.clock.advance(3 * 60_000);
    await t.services.jobs.runScheduled('devices.call-chain');
    chain = (await t.services.alarmCalls.chainOf(alarm.id))!;
    assert.equal(chain.calls.length, 2, 'nobody else is called');
    assert.equal(chain.doneReason, 'acknowledged');
    await worker.post(`/api/alarms/${alarm.id}/clear`, { reason: '误报，已处理' });
    await readSmoke(0.01);
    await t.services.jobs.drain();
  });

  test('unanswered, it walks the whole chain to the fire station and then stops', async () => {
    t.clock.advance(10 * 60_000);
    await readSmoke(0.4);
    const alarm = await until('a new active alarm', async () => {
      const a = await activeAlarm();
      const chain = await t.services.alarmCalls.chainOf(a.id);
      await t.services.jobs.drain();
      return chain && chain.calls.length === 1 ? a : null;
    });
    const total = (await t.services.alarmCalls.chainOf(alarm.id))!.contacts.length;
    for (let i = 1; i <= total; i++) {
      t.clock.advance(3 * 60_000);
      await t.services.jobs.runScheduled('devices.call-chain');
    }
    await t.services.jobs.drain();
    const chain = (await t.services.alarmCalls.chainOf(alarm.id))!;
    assert.equal(chain.calls.length, total);
    assert.equal(chain.calls.at(-1)!.userId, fireStaffId);
    assert.equal(chain.doneReason, 'exhausted');
    assert.equal((await messagesTo(fireStaffId, alarm.id)).filter((m) => m.status === 'sent').length, 2);
  });
});
