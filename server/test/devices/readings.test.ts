import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const DAY = 24 * HOUR;

describe("devices: a device's readings for a chart", () => {
  let t: TestApp;
  let community: Client;
  let deviceId: number;
  let hourStart: number;
  const code = 'smoke-demo-003';

  before(async () => {
    t = await startTestApp();
    community = await t.login('community_datieguan');
    deviceId = (await community.get(`/api/devices?q=${code}`)).json().items[0].id;
    // Two whole hours before now, on the hour, below the alarm threshold.
    hourStart = Math.floor(t.clock.now().getTime() / HOUR) * HOUR - 2 * HOUR;
    const readings = [
      [5, 0.01],
      [35, 0.03],
      [65, 0.02],
      [95, 0.06],
      [100, 0.04],
    ].map(([minute, smoke]) => ({ ts: hourStart + minute! * MINUTE, metrics: { smoke } }));
    const res = await t
      .anonymous()
      .post('/api/ingest/readings', { readings }, { authorization: `Bearer ${code}:${DEMO_DEVICE_SECRET}` });
    assert.equal(res.statusCode, 200, res.body);
    await t.services.devices.settle();
  });
  after(() => t?.close());

  const range = (fromMs: number, toMs: number) =>
    `from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`;

  test('by the hour: each bucket has its minimum, average, maximum and count, oldest first', async () => {
    const res = await community.get(
      `/api/devices/${deviceId}/readings?metric=smoke&bucket=1h&${range(hourStart, hourStart + 2 * HOUR)}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.bucket, '1h');
    assert.deepEqual(body.items, [
      { ts: new Date(hourStart).toISOString(), value: 0.02, min: 0.01, max: 0.03, count: 2 },
      { ts: new Date(hourStart + HOUR).toISOString(), value: 0.04, min: 0.02, max: 0.06, count: 3 },
    ]);
  });

  test('by the day, the same readings are one bucket; raw readings are still there without a bucket', async () => {
    const day = await community.get(
      `/api/devices/${deviceId}/readings?metric=smoke&bucket=1d&${range(hourStart, hourStart + 2 * HOUR)}`,
    );
    const counted = (day.json().items as { count: number }[]).reduce((n, b) => n + b.count, 0);
    assert.equal(counted, 5);
    const raw = await community.get(
      `/api/devices/${deviceId}/readings?metric=smoke&${range(hourStart, hourStart + 2 * HOUR)}`,
    );
    assert.equal(raw.json().bucket, null);
    assert.deepEqual(
      raw.json().items.map((r: { value: number }) => r.value),
      [0.04, 0.06, 0.02, 0.03, 0.01],
      'newest first',
    );
  });

  test("by the day, a bucket runs from local midnight (TIME_ZONE, here Asia/Shanghai), not UTC's", async () => {
    // Yesterday's local midnight (UTC+8), with humidity half an hour either side and at noon.
    const midnight = Math.floor((t.clock.now().getTime() + 8 * HOUR) / DAY) * DAY - 8 * HOUR - DAY;
    const readings = [
      [-30 * MINUTE, 40],
      [30 * MINUTE, 50],
      [12 * HOUR, 70],
    ].map(([offset, humidity]) => ({ ts: midnight + offset!, metrics: { humidity } }));
    const sent = await t
      .anonymous()
      .post('/api/ingest/readings', { readings }, { authorization: `Bearer ${code}:${DEMO_DEVICE_SECRET}` });
    assert.equal(sent.json().accepted, 3, sent.body);
    await t.services.devices.settle();
    const res = await community.get(
      `/api/devices/${deviceId}/readings?metric=humidity&bucket=1d&${range(midnight - DAY, midnight + DAY)}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().items, [
      { ts: new Date(midnight - DAY).toISOString(), value: 40, min: 40, max: 40, count: 1 },
      { ts: new Date(midnight).toISOString(), value: 60, min: 50, max: 70, count: 2 },
    ]);
    assert.match(res.json().items[1].ts, /T16:00:00\.000Z$/, 'midnight in Shanghai is 16:00 UTC');
  });

  test('in 5-minute buckets, each reading of these is its own bucket, at the start of its 5 minutes', async () => {
    const res = await community.get(
      `/api/devices/${deviceId}/readings?metric=smoke&bucket=5m&${range(hourStart, hourStart + 2 * HOUR)}`,
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(
      res
        .json()
        .items.map((b: { ts: string; count: number; min: number; max: number }) => [b.ts, b.count, b.min, b.max]),
      [
        [5, 0.01],
        [35, 0.03],
        [65, 0.02],
        [95, 0.06],
        [100, 0.04],
      ].map(([minute, v]) => [new Date(hourStart + minute! * MINUTE).toISOString(), 1, v, v]),
    );
  });

  test('a backwards range, a range past a quarter, too many buckets or an unknown bucket is refused, saying why', async () => {
    const url = (q: string) => `/api/devices/${deviceId}/readings?metric=smoke&${q}`;
    const refused = async (q: string, path: string, message: RegExp) => {
      const res = await community.get(url(q));
      assert.equal(res.statusCode, 400, `${q}: ${res.body}`);
      const detail = res.json().error.details[0];
      assert.equal(detail.path, path, q);
      assert.match(detail.message, message, q);
    };
    await refused(`bucket=1h&${range(hourStart + HOUR, hourStart)}`, 'query.from', /开始时间须早于结束时间/);
    await refused(`bucket=1h&${range(hourStart, hourStart)}`, 'query.from', /开始时间须早于结束时间/);
    await refused(`bucket=1d&${range(hourStart - 93 * DAY, hourStart)}`, 'query.from', /最多查询 92 天/);
    // From alone reaches back past a quarter from the server's time.
    await refused(
      `bucket=1d&from=${new Date(t.clock.now().getTime() - 93 * DAY).toISOString()}`,
      'query.from',
      /最多查询 92 天/,
    );
    // A month of 5-minute buckets is 8,640 points: too many for one answer; by the hour it is fine.
    await refused(
      `bucket=5m&${range(hourStart - 30 * DAY, hourStart)}`,
      'query.bucket',
      /一次最多 2400 段（每段 5 分钟）/,
    );
    assert.equal((await community.get(url(`bucket=1h&${range(hourStart - 30 * DAY, hourStart)}`))).statusCode, 200);
    assert.equal((await community.get(url(`bucket=5m&${range(hourStart - 7 * DAY, hourStart)}`))).statusCode, 200);
    assert.equal((await community.get(url(`bucket=2h&${range(hourStart, hourStart + HOUR)}`))).statusCode, 400);
  });

  test('a resident may not read them (out of reach answers as missing)', async () => {
    const resident = await t.login('resident_demo');
    assert.equal((await resident.get(`/api/devices/${deviceId}/readings?metric=smoke&bucket=1h`)).statusCode, 404);
  });
});
