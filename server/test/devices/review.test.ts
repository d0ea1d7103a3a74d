import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * Fixes from review: who may change a type-wide rule, the care target a device watches,
 * where an alarm's matter is, the bound on distinct metrics, a batch that cannot be stored.
 */

describe('devices: review fixes', () => {
  let t: TestApp;
  let community: Client;
  let district: Client;
  const ids = new Map<string, number>();

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    community = await t.login('community_datieguan');
    district = await t.login('admin');
    for (const d of (await community.get('/api/devices?limit=50')).json().items) ids.set(d.code, d.id);
  });

  after(async () => {
    await t?.close();
  });

  test('a community admin cannot take over a type-wide rule by pointing it at a device of theirs; a district admin can edit it', async () => {
    const rules = (await district.get('/api/devices/rules?deviceType=smoke')).json().items as Array<
      Record<string, any>
    >;
    const fire = rules.find((r) => r.deviceType === 'smoke' && r.alarmType === 'fire')!;
    assert.ok(fire);
    const takeover = await community.patch(`/api/devices/rules/${fire.id}`, {
      deviceType: null,
      deviceId: ids.get('smoke-demo-001'),
    });
    assert.equal(takeover.statusCode, 403, takeover.body);
    const del = await community.delete(`/api/devices/rules/${fire.id}`);
    assert.equal(del.statusCode, 403, del.body);
    const after = (await district.get('/api/devices/rules?deviceType=smoke'))
      .json()
      .items.find((r: any) => r.id === fire.id);
    assert.deepEqual(after, fire, 'unchanged');
    const edit = await district.patch(`/api/devices/rules/${fire.id}`, { name: '烟雾浓度超限（火警，区级）' });
    assert.equal(edit.statusCode, 200, edit.body);
    assert.equal(edit.json().name, '烟雾浓度超限（火警，区级）');
    assert.equal(edit.json().deviceType, 'smoke');
  });
  test("an alarm's matter has the device's point and address (for the map) and is in the device's grid", async () => {
    const code = 'smoke-demo-002';
    const device = (await community.get(`/api/devices/${ids.get(code)}`)).json();
    assert.equal(typeof device.lat, 'number');
    assert.ok(device.address);
    const res = await t
      .anonymous()
      .post(
        '/api/ingest/readings',
        { readings: [{ ts: t.clock.now().getTime(), metrics: { smoke: 0.4 } }] },
        { authorization: `Bearer ${code}:${DEMO_DEVICE_SECRET}` },
      );
    assert.equal(res.statusCode, 200, res.body);
    await t.services.devices.settle();
    const [alarm] = (await community.get(`/api/alarms?deviceId=${code}&status=active_unack`)).json().items;
    assert.ok(alarm?.matterId, 'a matter was opened');
    const matter = (await community.get(`/api/matters/${alarm.matterId}`)).json();
    assert.deepEqual(matter.location, { lat: device.lat, lng: device.lng });
    assert.equal(matter.address, device.address);
    assert.equal(matter.grid.id, device.gridId);
  });
  test('a batch the database refuses is given up after a few tries and not acknowledged (HTTP: 503); the next batch is stored; sent again, it is stored', {
    timeout: 30_000,
  }, async () => {
    const code = 'water-demo-001';
    const auth = { authorization: `Bearer ${code}:${DEMO_DEVICE_SECRET}` };
    const anon = t.anonymous();
    const db = t.services.database.db;
    const storedValue = async (v: number) =>
      Number(
        (
          await db
            .selectFrom('devices.readings')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('device_id', '=', ids.get(code)!)
            .where('value', '=', v)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const ts = t.clock.now().getTime() - 60_000;
    // The database itself refuses this one reading (no mock of our code).
    await sql`alter table devices.readings add constraint review_refuse check (value <> 777.25)`.execute(db);
    try {
      const started = Date.now();
      const refused = await anon.post(
        '/api/ingest/readings',
        { readings: [{ ts, metrics: { water_l: 777.25 } }] },
        auth,
      );
      assert.equal(refused.statusCode, 503, refused.body);
      assert.ok(Date.now() - started < 10_000, 'given up within a few seconds');
      const stats = (await community.get('/api/devices/gateway/stats')).json();
      assert.equal(stats.ingest.givenUpBatches, 1);
      assert.equal(stats.ingest.givenUpMessages, 1);
      assert.equal(stats.ingest.pending, 0);
      // The lane is free: the next batch is stored.
      const ok = await anon.post(
        '/api/ingest/readings',
        { readings: [{ ts: ts + 1000, metrics: { water_l: 778 } }] },
        auth,
      );
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(await storedValue(778), 1);
      assert.equal(await storedValue(777.25), 0);
    } finally {
      await sql`alter table devices.readings drop constraint review_refuse`.execute(db);
    }
    // Sent again (it was not acknowledged), it is stored.
    const again = await anon.post('/api/ingest/readings', { readings: [{ ts, metrics: { water_l: 777.25 } }] }, auth);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(await storedValue(777.25), 1);
  });
  test("a device's care target must exist, be within reach and be of the device's community", async () => {
    const ix = await demoIndex(district);
    const targets = (await community.get('/api/care/targets')).json().items as Array<{
      id: number;
      communityId: number;
    }>;
    const target = targets[0]!;
    assert.ok(target);
    const building = (await community.get(`/api/devices/${ids.get('smoke-demo-001')}`)).json().buildingId;
    const unknown = await community.post('/api/devices', {
      code: 'curtain-rv-01',
      type: 'curtain_sensor',
      name: '窗帘',
      buildingId: building,
      careTargetId: 987654,
    });
    assert.equal(unknown.statusCode, 400, unknown.body);
    assert.equal(unknown.json().error.details[0].path, 'body.careTargetId');
    // A district admin, who can see the target, registers a sensor in another community and points it at it.
    const farGrid = ix.tree.grids.find(
      (g: { communityId: number }) => g.communityId === ix.division('流水东苑社区').id,
    )!.id;
    const far = await district.post('/api/devices', {
      code: 'curtain-rv-02',
      type: 'curtain_sensor',
      name: '别处的窗帘',
      gridId: farGrid,
      careTargetId: target.id,
    });
    assert.equal(far.statusCode, 400, far.body);
    assert.equal(far.json().error.details[0].path, 'body.careTargetId');
    const near = await community.post('/api/devices', {
      code: 'curtain-rv-03',
      type: 'curtain_sensor',
      name: '窗帘',
      buildingId: building,
      careTargetId: target.id,
    });
    assert.equal(near.statusCode, 201, near.body);
    assert.equal(near.json().device.careTargetId, target.id);
    const id = near.json().device.id;
    const badPatch = await community.patch(`/api/devices/${id}`, { careTargetId: 987654 });
    assert.equal(badPatch.statusCode, 400, badPatch.body);
    // Moved to another community, it cannot keep watching the target.
    const moved = await district.patch(`/api/devices/${id}`, { gridId: farGrid });
    assert.equal(moved.statusCode, 400, moved.body);
    const unlinked = await community.patch(`/api/devices/${id}`, { careTargetId: null });
    assert.equal(unlinked.statusCode, 200, unlinked.body);
    assert.equal(unlinked.json().careTargetId, null);
  });
});

describe('devices: the number of distinct metric names is bounded (DEVICE_METRICS_MAX)', () => {
  test('a message that would add a metric name past the bound is refused and counted; known names go on', async () => {
    const count = async (app: TestApp) =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from devices.metrics`.execute(app.services.database.db))
          .rows[0]!.n,
      );
    const probe = await startTestApp();
    const known = await count(probe);
    const hasWater = Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from devices.metrics where code = 'water_l'`.execute(
          probe.services.database.db,
        )
      ).rows[0]!.n,
    );
    await probe.close();
    const t = await startTestApp({ DEVICE_METRICS_MAX: String(known + 3 - hasWater) });
    try {
      const auth = { authorization: `Bearer water-demo-001:${DEMO_DEVICE_SECRET}` };
      const ts = t.clock.now().getTime() - 60_000;
      const res = await t.anonymous().post(
        '/api/ingest/readings',
        {
          readings: [
            { ts, metrics: { water_l: 5, new_a: 1 } },
            { ts: ts + 1, metrics: { new_b: 2 } },
            { ts: ts + 2, metrics: { new_c: 3 } },
            { ts: ts + 3, metrics: { ['x'.repeat(33)]: 1 } },
          ],
        },
        auth,
      );
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().accepted, 2, res.body);
      assert.deepEqual(
        res.json().problems.map((p: any) => [p.index, p.reason]),
        [
          [2, 'too_many_metrics'],
          [3, 'malformed'],
        ],
      );
      // Names known (stored or just admitted) are still taken.
      const again = await t
        .anonymous()
        .post('/api/ingest/readings', { readings: [{ ts: ts + 4, metrics: { water_l: 6, new_b: 7 } }] }, auth);
      assert.deepEqual(again.json(), { accepted: 1, rejected: 0, problems: [] });
      assert.equal(await count(t), known + 3 - hasWater, 'water_l, new_a, new_b');
      const admin = await t.login('community_datieguan');
      const list = (await admin.get('/api/devices?limit=50')).json().items as Array<{ id: number; code: string }>;
      await t.services.devices.rejections.flush();
      const d = (await admin.get(`/api/devices/${list.find((x) => x.code === 'water-demo-001')!.id}`)).json();
      assert.equal(d.rejections.find((r: any) => r.reason === 'too_many_metrics')?.count, 1);
    } finally {
      await t.close();
    }
  });
});
