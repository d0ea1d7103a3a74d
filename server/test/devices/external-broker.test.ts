import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { createServices, type Services } from '../../src/app.ts';
import { topicOf } from '../../src/modules/devices/telemetry.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { until } from '../support/until.ts';

/**
 * The server behind a real broker (MQTT_URL; Mosquitto at 127.0.0.1:1883 here and in CI):
 * a reading published to the broker reaches the subscribed server, is stored and raises
 * the alarm; and while the server is down, QoS 1 readings wait in its persistent session
 * at the broker and arrive when it starts again with the same client id.
 *
 * Each run uses its own device code, topic and client id, so runs in parallel (or a
 * benchmark on the same broker) do not see each other's messages. Where no broker
 * answers at MQTT_URL (a fresh machine without Mosquitto), the test starts a standalone
 * aedes broker of its own, outside the server, so the same tests run everywhere.
 */

const WANTED = process.env.MQTT_URL || 'mqtt://127.0.0.1:1883';
const RUN = randomBytes(4).toString('hex');
const CODE = `t${RUN}-smoke`;
const SERVER_ID = `gongzhi-test-${RUN}`;

function brokerAnswers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = mqtt.connect(url, { clientId: `gongzhi-probe-${RUN}`, connectTimeout: 2000, reconnectPeriod: 0 });
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      c.end(true);
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 2500);
    c.on('connect', () => done(true));
    c.on('error', () => done(false));
    c.on('close', () => done(false));
  });
}

/** A broker of the test's own, as a separate broker would be: anonymous, with sessions kept in memory. */
async function standaloneBroker(): Promise<{ url: string; close: () => Promise<void> }> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => broker.close(() => server.close(() => resolve()))),
  };
}

const own = (await brokerAnswers(WANTED)) ? null : await standaloneBroker();
const BROKER = own?.url ?? WANTED;

describe('telemetry through an external broker (MQTT_URL)', () => {
  let t: TestApp;
  let admin: Client;
  let device: MqttClient;
  let deviceId: number;
  let restarted: Services | null = null;
  const env = {
    MQTT_URL: BROKER,
    MQTT_CLIENT_ID: SERVER_ID,
    MQTT_TOPIC: topicOf(CODE),
    LOGIN_RATE_LIMIT_PER_MINUTE: '500',
  };

  before(async () => {
    t = await startTestApp(env);
    admin = await t.login('admin');
    const demo = (await admin.get('/api/devices?q=smoke-demo-001')).json().items[0];
    const created = await admin.post('/api/devices', {
      code: CODE,
      type: 'smoke',
      name: `测试烟感 ${RUN}`,
      buildingId: demo.buildingId,
    });
    assert.equal(created.statusCode, 201, created.body);
    deviceId = created.json().device.id;
    await t.services.devices.startGateway();
    assert.equal(t.services.devices.gateway.mode, 'external');
    await until('subscribed', async () => t.services.devices.gateway.isConnected);
    // With MQTT_URL the broker authenticates devices; this one is anonymous, as in CI.
    device = await mqtt.connectAsync(BROKER, { clientId: `${CODE}-pub`, reconnectPeriod: 0 });
  });

  after(async () => {
    await device?.endAsync().catch(() => {});
    if (restarted) {
      await restarted.devices.shutdown();
      await restarted.jobs.stop();
    }
    await t?.close();
    // Drop the server's persistent session at the broker (or the broker of our own).
    if (own) await own.close();
    else {
      const c = await mqtt
        .connectAsync(BROKER, { clientId: SERVER_ID, clean: true, reconnectPeriod: 0 })
        .catch(() => null);
      await c?.endAsync().catch(() => {});
    }
  });

  const send = (ts: Date, metrics: Record<string, number>) =>
    device.publishAsync(topicOf(CODE), JSON.stringify({ ts: ts.toISOString(), metrics }), { qos: 1 });

  const smokeReadings = async () => {
    const from = new Date(t.clock.now().getTime() - 3_600_000).toISOString();
    const to = new Date(t.clock.now().getTime() + 3_600_000).toISOString();
    const res = await admin.get(`/api/devices/${deviceId}/readings?metric=smoke&from=${from}&to=${to}&limit=1000`);
    assert.equal(res.statusCode, 200, res.body);
    return (res.json().items as Array<{ ts: string; value: number }>).sort((a, b) => a.ts.localeCompare(b.ts));
  };

  test('a reading published to the broker is stored by the subscribed server and raises the alarm with its matter', async () => {
    const sent = Date.now();
    await send(t.clock.now(), { smoke: 0.3, temp: 30 });
    const [alarm] = await until('active alarm with its matter', async () => {
      const items = (await admin.get(`/api/alarms?deviceId=${CODE}&status=active_unack`)).json().items as Array<
        Record<string, any>
      >;
      return items.length > 0 && items[0]!.matterId ? items : null;
    });
    assert.ok(Date.now() - sent < 2000, `after ${Date.now() - sent} ms`);
    assert.equal(alarm!.type, 'fire');
    assert.equal(alarm!.lastValue, 0.3);
    // The alarm does not wait for the reading's batch; the broker's acknowledgement waits for both.
    await t.services.devices.settle();
    assert.deepEqual(
      (await smokeReadings()).map((r) => r.value),
      [0.3],
    );
    const d = (await admin.get(`/api/devices/${deviceId}`)).json();
    assert.equal(d.status, 'online');
  });

  test('restart: QoS 1 readings published while the server is down arrive when it starts again with the same client id', async () => {
    await t.services.devices.shutdown();
    assert.equal(t.services.devices.gateway.isConnected, false);
    const base = t.clock.now().getTime();
    const values = Array.from({ length: 20 }, (_, i) => Math.round((0.01 + i / 1000) * 1000) / 1000);
    // The broker acknowledges each: it holds them in the server's session.
    for (let i = 0; i < values.length; i++)
      await send(new Date(base + (i + 1) * 1000), { smoke: values[i]!, temp: 30 });
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await smokeReadings()).length, 1, 'nothing arrives while the server is down');

    // A new server (fresh services, nothing in memory) on the same database and broker session.
    restarted = createServices(t.config, t.services.database, t.clock);
    await restarted.jobs.start({ workers: false });
    await restarted.devices.startGateway();
    const stored = await until('all readings stored', async () => {
      const items = await smokeReadings();
      return items.length === 1 + values.length ? items : null;
    });
    assert.deepEqual(
      stored.map((r) => r.value),
      [0.3, ...values],
    );
    // The first of them (0.01, under the clear value) cleared the alarm; its fire matter waits for
    // someone on site to confirm.
    await restarted.devices.settle();
    const alarms = (await admin.get(`/api/alarms?deviceId=${CODE}`)).json().items as Array<Record<string, any>>;
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0]!.status, 'cleared_unack');
    await until('matter waiting for the site', async () =>
      (await admin.get(`/api/matters/${alarms[0]!.matterId}`))
        .json()
        .timeline.some((e: { details: { awaitingSiteConfirmation?: boolean } }) => e.details.awaitingSiteConfirmation),
    );
  });
});
