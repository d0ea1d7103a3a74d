import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import { infoOf } from '../../src/modules/devices/presenters.ts';
import * as repo from '../../src/modules/devices/repository.ts';
import { alarmFilterOf, alarmTopicOf, topicOf, topicParts } from '../../src/modules/devices/telemetry.ts';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { until } from '../support/until.ts';

/**
 * Overload (issue 21): the backlog of readings taken and not yet stored is bounded (the
 * gateway asks room() before it takes the next message off a connection); urgent messages
 * are written ahead of the waiting reading batches; a device's alarm topic is its own.
 */
describe('the device gateway under overload', () => {
  let t: TestApp;
  let port: number;

  before(async () => {
    // Small batches, written only when full (no timer within the test), so the backlog is easy to fill.
    t = await startTestApp({ INGEST_BATCH_ROWS: '4', INGEST_FLUSH_MS: '5000' });
    await t.services.devices.startGateway({ port: 0 });
    port = t.services.devices.gateway.port!;
  });
  after(() => t.close());

  const device = async (code: string) => {
    const row = await t.services.database.db
      .selectFrom('devices.devices')
      .selectAll()
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    return infoOf((await repo.deviceById(t.services.database.db, row.id))!);
  };
  let at = 0;
  const reading = (metrics: Array<[string, number]> = [['battery', 80]]) => ({
    ts: t.clock.now().getTime() - 60_000 + at++,
    metrics,
    event: null,
    data: {},
  });

  test('over the high-water mark room() holds the gateway, and lets it go once a batch is stored', async () => {
    const pipeline = t.services.devices.pipeline;
    const d = await device('meter-demo-001');
    assert.equal(pipeline.room(), null, 'an empty backlog has room');
    const stored: Array<Promise<void>> = [];
    // One reading a message: the backlog reaches the mark after highWater messages, not before.
    for (let i = 0; i < pipeline.highWater - 1; i++) stored.push(pipeline.submit(d, reading()));
    assert.equal(pipeline.room(), null, 'below the mark');
    stored.push(pipeline.submit(d, reading()));
    assert.equal(pipeline.backlogRows, pipeline.highWater);
    const wait = pipeline.room();
    assert.ok(wait, 'at the mark the gateway waits');
    assert.ok(pipeline.room(true) === null, 'the urgent lane has a higher bound');
    await wait;
    assert.ok(pipeline.backlogRows <= pipeline.highWater - 4, `backlog ${pipeline.backlogRows} after the wait`);
    await Promise.all(stored);
    assert.equal(pipeline.backlogRows, 0);
    assert.ok(pipeline.counters.paused >= 1);
    assert.ok(pipeline.counters.maxBacklogRows >= pipeline.highWater);
  });

  test('an urgent message is stored ahead of the reading batches waiting', async () => {
    const pipeline = t.services.devices.pipeline;
    const d = await device('meter-demo-001');
    const order: string[] = [];
    const plain: Array<Promise<void>> = [];
    // Eight full batches of plain readings, most of them waiting for a writer.
    for (let i = 0; i < 32; i++) plain.push(pipeline.submit(d, reading()).then(() => void order.push(`plain${i}`)));
    const urgent = pipeline.submit(d, reading([['battery', 79]]), true).then(() => void order.push('urgent'));
    await Promise.all([...plain, urgent]);
    assert.ok(
      order.indexOf('urgent') < order.indexOf('plain31'),
      `the urgent message was stored after the last plain batch: ${order.join(' ')}`,
    );
    assert.ok(pipeline.counters.urgentBatches >= 1);
  });

  test("a device's alarm topic: taken and stored, its alarm raised; another device's is refused", async () => {
    assert.deepEqual(topicParts(alarmTopicOf('smoke-demo-002')), { code: 'smoke-demo-002', urgent: true });
    assert.deepEqual(topicParts(topicOf('smoke-demo-002')), { code: 'smoke-demo-002', urgent: false });
    assert.equal(topicParts('gongzhi/devices/smoke-demo-002/other'), null);
    assert.equal(alarmFilterOf('$share/g/gongzhi/devices/+/telemetry'), '$share/g/gongzhi/devices/+/alarm');
    assert.equal(alarmFilterOf('gongzhi/#'), null);

    const c = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
      clientId: 'smoke-demo-002',
      username: 'smoke-demo-002',
      password: DEMO_DEVICE_SECRET,
      reconnectPeriod: 0,
      connectTimeout: 3000,
    });
    const before = t.services.devices.pipeline.counters.urgentBatches;
    await c.publishAsync(
      alarmTopicOf('smoke-demo-002'),
      JSON.stringify({ ts: t.clock.now().getTime(), metrics: { smoke: 0.5 } }),
      {
        qos: 1,
      },
    );
    // The PUBACK came once it was stored: the reading is there, in an urgent batch, and the fire alarm is raised.
    const d = await device('smoke-demo-002');
    const latest = await t.services.database.db
      .selectFrom('devices.readings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('device_id', '=', d.id)
      .executeTakeFirstOrThrow();
    assert.ok(Number(latest.n) >= 1);
    assert.ok(t.services.devices.pipeline.counters.urgentBatches > before);
    await until('fire alarm raised', async () => t.services.devices.alarms.isActive(d.id, 'fire'));

    const closed = new Promise<void>((resolve) => c.once('close', () => resolve()));
    c.publish(
      alarmTopicOf('smoke-demo-001'),
      JSON.stringify({ ts: t.clock.now().getTime(), metrics: { smoke: 0.5 } }),
      { qos: 1 },
    );
    await closed;
    await c.endAsync(true).catch(() => {});
    const other = await device('smoke-demo-001');
    assert.equal(
      t.services.devices.alarms.isActive(other.id, 'fire'),
      false,
      "another device's alarm topic is refused",
    );
  });
});
