import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/**
 * Bad telemetry is refused and counted and never stored; a device publishes only to its
 * own topic; HTTP batches of up to 1,000; the rules (N readings in a row, rate of rise,
 * absence); scope; retention of partitions.
 */

const topic = (code: string) => `gongzhi/devices/${code}/telemetry`;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('device telemetry', () => {
  let t: TestApp;
  let admin: Client;
  let worker: Client;
  let port: number;
  const ids = new Map<string, number>();

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    await t.services.devices.startGateway({ port: 0 });
    port = t.services.devices.gateway.port!;
    admin = await t.login('community_datieguan');
    worker = await t.login('grid_datieguan_01');
    const list = await admin.get('/api/devices?limit=50');
    assert.equal(list.statusCode, 200, list.body);
    for (const d of list.json().items) ids.set(d.code, d.id);
  });

  after(async () => {
    await t?.close();
  });

  const connect = (code: string, password = DEMO_DEVICE_SECRET) =>
    mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: code,
      username: code,
      password,
      reconnectPeriod: 0,
      connectTimeout: 3000,
    });
  const rejections = async (code: string) => {
    await t.services.devices.rejections.flush();
    const d = (await admin.get(`/api/devices/${ids.get(code)}`)).json();
    return Object.fromEntries(d.rejections.map((r: any) => [r.reason, r.count])) as Record<string, number>;
  };
  const stored = async (code: string) =>
    Number(
      (
        await t.services.database.db
          .selectFrom('devices.readings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('device_id', '=', ids.get(code)!)
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('a wrong secret or an unknown device is refused at connect and counted', async () => {
    await assert.rejects(
      connect('meter-demo-001', 'not-the-secret'),
      /Bad username or password|Not authorized|connack|refused/i,
    );
    await assert.rejects(connect('no-such-device-9'), /Bad username or password|Not authorized|connack|refused/i);
    assert.equal((await rejections('meter-demo-001')).bad_secret, 1);
    const stats = (await admin.get('/api/devices/gateway/stats')).json();
    assert.ok(stats.unknownDevices >= 1, JSON.stringify(stats));
    assert.ok(stats.mqtt.refusedConnections >= 2);
  });

  test('malformed, oversize and absurd messages are refused, counted and not stored; the device stays connected', async () => {
    const c = await connect('meter-demo-001');
    const now = t.clock.now().toISOString();
    await c.publishAsync(topic('meter-demo-001'), '{"ts": "2026-11-20T02:00:00Z", "metrics": {', { qos: 1 });
    await c.publishAsync(
      topic('meter-demo-001'),
      JSON.stringify({ ts: now, metrics: { leakage_ma: 5 }, pad: 'x'.repeat(17 * 1024) }),
      { qos: 1 },
    );
    await c.publishAsync(topic('meter-demo-001'), JSON.stringify({ ts: now, metrics: { leakage_ma: 1e12 } }), {
      qos: 1,
    });
    await c.publishAsync(topic('meter-demo-001'), JSON.stringify({ ts: now, metrics: { box_temp: -400 } }), { qos: 1 });
    await c.publishAsync(topic('meter-demo-001'), JSON.stringify({ ts: now, metrics: { current_a: 'high' } }), {
      qos: 1,
    });
    await c.publishAsync(
      topic('meter-demo-001'),
      JSON.stringify({ ts: '2020-01-01T00:00:00Z', metrics: { current_a: 3 } }),
      { qos: 1 },
    );
    // And one good message after all that, on the same connection.
    await c.publishAsync(
      topic('meter-demo-001'),
      JSON.stringify({ ts: now, metrics: { current_a: 12.5, leakage_ma: 4 } }),
      { qos: 1 },
    );
    assert.equal(c.connected, true);
    await c.endAsync();
    const r = await rejections('meter-demo-001');
    assert.equal(r.malformed, 2);
    assert.equal(r.oversize, 1);
    assert.equal(r.absurd_value, 2);
    assert.equal(r.bad_timestamp, 1);
    assert.equal(await stored('meter-demo-001'), 2, 'only the good message (two metrics) is stored');
  });

  test("a device cannot publish to another device's topic: the message is dropped and the connection ends", async () => {
    const c = await connect('smoke-demo-002');
    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(topic('smoke-demo-003'), JSON.stringify({ metrics: { smoke: 0.9 } }), { qos: 1 });
    await closed;
    c.end(true);
    assert.equal(await stored('smoke-demo-003'), 0);
    assert.equal((await rejections('smoke-demo-002')).wrong_topic, 1);
    const alarms = (await admin.get('/api/alarms?deviceId=smoke-demo-003')).json();
    assert.equal(alarms.items.length, 0);
  });

  test('HTTP ingest: 1,000 readings are stored; 1,001 are refused whole with 400; a bad token is 401', async () => {
    const base = t.clock.now().getTime() - 3_600_000;
    const batch = (n: number) => ({
      readings: Array.from({ length: n }, (_, i) => ({ ts: base + i * 1000, metrics: { water_l: 100 + i } })),
    });
    const auth = { authorization: `Bearer water-demo-001:${DEMO_DEVICE_SECRET}` };
    const anon = t.anonymous();
    const tooMany = await anon.post('/api/ingest/readings', batch(1001), auth);
    assert.equal(tooMany.statusCode, 400, tooMany.body);
    assert.equal(await stored('water-demo-001'), 0);
    const bad = await anon.post('/api/ingest/readings', batch(2), { authorization: 'Bearer water-demo-001:wrong' });
    assert.equal(bad.statusCode, 401);
    const ok = await anon.post('/api/ingest/readings', batch(1000), auth);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { accepted: 1000, rejected: 0, problems: [] });
    assert.equal(await stored('water-demo-001'), 1000);
    // A repeat of the same readings (a retry) stores nothing twice.
    await anon.post('/api/ingest/readings', batch(10), auth);
    assert.equal(await stored('water-demo-001'), 1000);
    // Mixed: the bad item is refused by index, the good one stored.
    const mixed = await anon.post(
      '/api/ingest/readings',
      {
        readings: [
          { ts: base - 5000, metrics: { water_l: 1 } },
          { ts: base, metrics: { water_l: Number.MAX_VALUE } },
          'nonsense',
        ],
      },
      auth,
    );
    assert.equal(mixed.json().accepted, 1);
    assert.deepEqual(
      mixed.json().problems.map((p: any) => [p.index, p.reason]),
      [
        [1, 'absurd_value'],
        [2, 'malformed'],
      ],
    );
    const latest = (await worker.get(`/api/devices/latest?deviceIds=${ids.get('water-demo-001')}`)).json();
    assert.equal(latest.items[0].latest.find((l: any) => l.metric === 'water_l').value, 1099);
  });

  test('events go out as device.event domain events with the place and care target', async () => {
    const c = await connect('thermal-demo-001');
    await c.publishAsync(
      topic('thermal-demo-001'),
      JSON.stringify({ ts: t.clock.now().getTime(), event: 'smoking', data: { confidence: 0.93 } }),
      { qos: 1 },
    );
    await c.endAsync();
    await t.services.devices.settle();
    const alarm = (await worker.get('/api/alarms?deviceId=thermal-demo-001')).json().items[0];
    assert.equal(alarm.type, 'smoking');
    assert.equal(alarm.status, 'active_unack');
    const matter = (await worker.get(`/api/matters/${alarm.matterId}`)).json();
    assert.equal(matter.category.code, 'community.fire_safety.alarm');
  });

  test('rules: N readings in a row, rate of rise, escalation of severity, per-device rules', async () => {
    const meter = ids.get('meter-demo-002')!;
    // A device rule: leakage ≥ 30 mA for 3 readings in a row (replacing the type rule).
    const rule = await admin.post('/api/devices/rules', {
      deviceId: meter,
      name: '漏电三连',
      kind: 'threshold',
      metric: 'leakage_ma',
      op: '>=',
      value: 30,
      clearValue: 20,
      consecutive: 3,
      alarmType: 'leakage',
      severity: 'major',
      matterCategory: 'community.fire_safety.electric_alarm',
    });
    assert.equal(rule.statusCode, 201, rule.body);
    const c = await connect('meter-demo-002');
    const at = (s: number) => t.clock.now().getTime() + s * 1000;
    const send = (s: number, metrics: Record<string, number>) =>
      c.publishAsync(topic('meter-demo-002'), JSON.stringify({ ts: at(s), metrics }), { qos: 1 });
    await send(0, { leakage_ma: 35 });
    await send(10, { leakage_ma: 36 });
    await send(20, { leakage_ma: 10 }); // breaks the run
    await send(30, { leakage_ma: 40 });
    await send(40, { leakage_ma: 41 });
    await t.services.devices.settle();
    assert.equal(
      (await admin.get('/api/alarms?deviceId=meter-demo-002')).json().items.length,
      0,
      'not three in a row yet',
    );
    await send(50, { leakage_ma: 42 });
    await t.services.devices.settle();
    const [leak] = (await admin.get('/api/alarms?deviceId=meter-demo-002')).json().items;
    assert.equal(leak.type, 'leakage');
    assert.equal(leak.count, 1);
    await c.endAsync();

    // Rate of rise on a smoke detector's temperature: 8 °C/min twice in a row.
    const s = await connect('smoke-demo-003');
    const ssend = (sec: number, temp: number) =>
      s.publishAsync(topic('smoke-demo-003'), JSON.stringify({ ts: at(sec), metrics: { temp, smoke: 0.01 } }), {
        qos: 1,
      });
    await ssend(0, 22);
    await ssend(30, 23); // 2 °C/min
    await ssend(60, 28); // 10 °C/min (1st)
    await t.services.devices.settle();
    assert.equal((await admin.get('/api/alarms?deviceId=smoke-demo-003&type=temp_rise')).json().items.length, 0);
    await ssend(90, 34); // 12 °C/min (2nd)
    await t.services.devices.settle();
    const [rise] = (await admin.get('/api/alarms?deviceId=smoke-demo-003&type=temp_rise')).json().items;
    assert.equal(rise.severity, 'major');
    // Escalation: a second rule of the same alarm type with a higher severity.
    const critical = await t.services.devices.insertDefaultRules([
      {
        deviceId: ids.get('smoke-demo-003')!,
        name: '差温严重',
        kind: 'rate',
        metric: 'temp',
        op: '>=',
        value: 15,
        alarmType: 'temp_rise',
        severity: 'critical',
        matterCategory: 'community.fire_safety.alarm',
      },
    ]);
    void critical;
    await ssend(120, 44); // 20 °C/min: the major rule again; the new rule has no previous reading yet
    await ssend(150, 54); // 20 °C/min: now the critical one too
    await t.services.devices.settle();
    const [escalated] = (await admin.get('/api/alarms?deviceId=smoke-demo-003&type=temp_rise')).json().items;
    assert.equal(escalated.id, rise.id);
    assert.equal(escalated.severity, 'critical');
    assert.equal(escalated.count, 3);
    await s.endAsync();
  });

  test('absence: a device silent past its window goes offline with a warning alarm, and back online clears it', async () => {
    const c = await connect('gate-demo-001');
    await c.publishAsync(
      topic('gate-demo-001'),
      JSON.stringify({ ts: t.clock.now().toISOString(), metrics: { people: 3 } }),
      { qos: 1 },
    );
    await t.services.devices.settle();
    assert.equal((await admin.get(`/api/devices/${ids.get('gate-demo-001')}`)).json().status, 'online');
    t.clock.advance(9 * 60_000);
    await t.services.jobs.runScheduled('devices.absence');
    assert.equal(
      (await admin.get(`/api/devices/${ids.get('gate-demo-001')}`)).json().status,
      'online',
      '9 minutes is within the window',
    );
    t.clock.advance(2 * 60_000);
    await t.services.jobs.runScheduled('devices.absence');
    admin = await t.login('community_datieguan');
    const d = (await admin.get(`/api/devices/${ids.get('gate-demo-001')}`)).json();
    assert.equal(d.status, 'offline');
    const [offline] = (await admin.get('/api/alarms?deviceId=gate-demo-001&status=active_unack')).json().items;
    assert.equal(offline.type, 'device_offline');
    assert.equal(offline.severity, 'warning');
    assert.equal(offline.matterId, null);
    await c.publishAsync(
      topic('gate-demo-001'),
      JSON.stringify({ ts: t.clock.now().toISOString(), metrics: { people: 1 } }),
      { qos: 1 },
    );
    await c.endAsync();
    await t.services.devices.settle();
    assert.equal((await admin.get(`/api/devices/${ids.get('gate-demo-001')}`)).json().status, 'online');
    assert.equal((await admin.get(`/api/alarms/${offline.id}`)).json().status, 'cleared_unack');
  });

  test('scope: a grid worker of another grid sees neither the device nor its alarms; staff of the grid may act', async () => {
    worker = await t.login('grid_datieguan_01');
    const other = await t.login('grid_datieguan_02');
    const [alarm] = (await worker.get('/api/alarms?deviceId=thermal-demo-001&type=smoking')).json().items;
    assert.ok(alarm);
    assert.equal((await other.get('/api/alarms?deviceId=thermal-demo-001')).json().items.length, 0);
    assert.equal((await other.get(`/api/alarms/${alarm.id}`)).statusCode, 404);
    assert.equal((await other.post(`/api/alarms/${alarm.id}/ack`, {})).statusCode, 404);
    assert.equal((await other.get(`/api/devices/${ids.get('thermal-demo-001')}`)).statusCode, 404);
    const resident = await t.login('resident_demo');
    assert.equal((await resident.get('/api/alarms')).statusCode, 403);
    // Grid workers read and acknowledge but do not register devices.
    assert.equal(
      (await worker.post('/api/devices', { code: 'smoke-x-1', type: 'smoke', name: 'x', gridId: alarm.gridId }))
        .statusCode,
      403,
    );
    const ack = await worker.post(`/api/alarms/${alarm.id}/ack`, {});
    assert.equal(ack.statusCode, 200, ack.body);
    assert.equal(ack.json().status, 'active_ack');
    assert.equal((await worker.post(`/api/alarms/${alarm.id}/ack`, {})).statusCode, 409);
    const cleared = await worker.post(`/api/alarms/${alarm.id}/clear`, { note: '已现场劝离' });
    assert.equal(cleared.json().status, 'cleared_ack');
    // Cleared by hand: its fire matter still waits for a photo from the site.
    const matter = await worker.get(`/api/matters/${alarm.matterId}`);
    assert.notEqual(matter.json().status, 'resolved', matter.body);
    assert.ok(matter.json().timeline.some((e: { note: string }) => e.note.includes('需现场确认')));
  });

  test('registry: create with a secret shown once, rotate it (the old one stops working), care target link', async () => {
    const street = await addUser(t, 'street_x', [
      {
        role: 'community_admin',
        divisionId: (await admin.get(`/api/devices/${ids.get('smoke-demo-001')}`)).json().communityId,
        gridId: null,
      },
    ]);
    const building = (await admin.get(`/api/devices/${ids.get('smoke-demo-001')}`)).json().buildingId;
    const careTarget = (await admin.get('/api/care/targets')).json().items[0].id as number;
    const created = await street.post('/api/devices', {
      code: 'curtain-new-01',
      type: 'curtain_sensor',
      name: '新窗帘传感器',
      buildingId: building,
      careTargetId: careTarget,
    });
    assert.equal(created.statusCode, 201, created.body);
    const { device, secret, token } = created.json();
    assert.equal(token, `curtain-new-01:${secret}`);
    assert.equal(device.careTargetId, careTarget);
    assert.deepEqual(
      (await t.services.devices.devicesOfCareTarget(careTarget)).map((d) => d.code),
      ['curtain-new-01'],
    );
    assert.equal(
      (
        await street.post('/api/devices', {
          code: 'curtain-new-01',
          type: 'curtain_sensor',
          name: 'dup',
          buildingId: building,
        })
      ).statusCode,
      409,
    );
    const c = await connect('curtain-new-01', secret);
    await c.endAsync();
    const rotated = (await street.post(`/api/devices/${device.id}/secret`)).json();
    assert.notEqual(rotated.secret, secret);
    await assert.rejects(connect('curtain-new-01', secret));
    const c2 = await connect('curtain-new-01', rotated.secret);
    await c2.endAsync();
  });

  test('retention: partitions are made ahead and those past READINGS_RETENTION_DAYS dropped', async () => {
    const d = t.services.devices;
    await d.maintainPartitions(t.clock.now());
    const before = (await admin.get('/api/devices/gateway/stats')).json().partitions;
    assert.ok(before.count >= 5, JSON.stringify(before));
    // 100 days on: everything older than 90 days goes, the coming days are made.
    const later = new Date(t.clock.now().getTime() + 100 * 86_400_000);
    const result = await d.maintainPartitions(later);
    assert.ok(result.dropped >= 5, JSON.stringify(result));
    const after = (await admin.get('/api/devices/gateway/stats')).json().partitions;
    assert.equal(after.oldest, new Date(later.getTime() - 86_400_000).toISOString().slice(0, 10));
    await wait(0);
  });
});
