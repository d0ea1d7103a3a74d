import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mqtt from 'mqtt';
import sharp from 'sharp';
import { cellAt } from '../../src/platform/geo.ts';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { multipart } from '../support/csv.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { report } from '../support/matters.ts';
import { until } from '../support/until.ts';

type Building = { id: number; name: string; lat: number; lng: number; address: string };
const pointOf = (b: Building) => ({ lat: b.lat, lng: b.lng, address: b.address });

/**
 * A compound's page (一小区一档案) gathers what other modules hold about its buildings: matters
 * filed where they stand, votes of the community or of its buildings, the community's disputes,
 * alarms of devices in them; and keeps its own history and documents.
 */
describe("a compound's page", () => {
  let t: TestApp;
  let staff: Client;
  let resident: Client;
  let datieguan: number;
  /** The building of the demo smoke detector, the compound's one building. */
  let ours: Building;
  /** A building of the same community in another map cell, outside the compound. */
  let elsewhere: Building;
  let compoundId: number;

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-03-10T02:00:00Z'));
    staff = await t.login('community_datieguan');
    resident = await t.login('resident_demo');
    datieguan = (
      await t.services.database.db
        .selectFrom('org.divisions')
        .select('id')
        .where('name', '=', '打铁关社区')
        .executeTakeFirstOrThrow()
    ).id;
    const detector = (await staff.get('/api/devices?q=smoke-demo-001')).json().items[0];
    const buildings: Building[] = (await staff.get(`/api/org/buildings?communityId=${datieguan}&limit=200`)).json()
      .items;
    ours = buildings.find((b) => b.id === detector.buildingId)!;
    assert.ok(ours, 'the detector stands in a building of 打铁关社区');
    const cell = cellAt(ours.lat, ours.lng, 9);
    elsewhere = buildings.find((b) => b.lat !== null && cellAt(b.lat, b.lng, 9) !== cell)!;
    assert.ok(elsewhere, 'a building of the community in another cell');
    const created = await staff.post('/api/compounds', {
      communityId: datieguan,
      name: '烟感小区',
      kind: 'commodity',
      buildingIds: [ours.id],
    });
    assert.equal(created.statusCode, 201, created.body);
    compoundId = created.json().id;
  });
  after(() => t.close());

  const page = async () => {
    const res = await staff.get(`/api/compounds/${compoundId}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  test('matters filed where its buildings stand, not elsewhere in the community', async () => {
    const near = await report(resident, 'event.street_order.hawkers', pointOf(ours));
    const far = await report(resident, 'event.street_order.hawkers', pointOf(elsewhere));
    assert.equal(near.statusCode, 201, near.body);
    assert.equal(far.statusCode, 201, far.body);
    const { matters } = await page();
    assert.equal(matters.near, true);
    const codes = matters.latest.map((m: { code: string }) => m.code);
    assert.ok(codes.includes(near.json().code));
    assert.ok(!codes.includes(far.json().code));
    const community = (await staff.get(`/api/matters?communityId=${datieguan}&withTotal=true&limit=1`)).json().total;
    assert.ok(matters.total >= 1 && matters.total < community, `${matters.total} of the community's ${community}`);
  });

  test('votes of the whole community or of its buildings; not of other buildings', async () => {
    const vote = async (title: string, scope: Record<string, unknown>) => {
      const res = await staff.post('/api/deliberation/votes', {
        communityId: datieguan,
        title,
        question: `${title}？`,
        electorate: 'residents',
        options: [
          { key: 'yes', label: '同意' },
          { key: 'no', label: '反对' },
        ],
        noticeAt: '2026-03-10T02:00:00Z',
        opensAt: '2026-03-10T03:00:00Z',
        closesAt: '2026-03-12T03:00:00Z',
        ...scope,
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json().id as number;
    };
    const all = await vote('社区停车收费', { scopeKind: 'community' });
    const mine = await vote('本楼加装电梯', { scopeKind: 'buildings', buildingIds: [ours.id] });
    const theirs = await vote('别楼外墙修缮', { scopeKind: 'buildings', buildingIds: [elsewhere.id] });
    const ids = (await page()).votes.map((v: { id: number }) => v.id);
    assert.ok(ids.includes(all));
    assert.ok(ids.includes(mine));
    assert.ok(!ids.includes(theirs));
  });

  test("the community's disputes under mediation", async () => {
    const before = (await page()).disputes.open;
    const res = await staff.post('/api/mediation/cases', {
      communityId: datieguan,
      category: 'neighbour',
      summary: '楼上漏水',
      parties: [
        { role: 'applicant', name: '王阿姨', phone: '13900001234', address: '1幢' },
        { role: 'respondent', name: '孙大强', phone: '13800138000', address: '1幢' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    const { disputes } = await page();
    assert.equal(disputes.open, before + 1);
    assert.equal(disputes.latest[0].code, res.json().code);
  });

  test('alarms of devices in its buildings', async () => {
    await t.services.devices.startGateway({ port: 0 });
    const device = await mqtt.connectAsync(`mqtt://127.0.0.1:${t.services.devices.gateway.port}`, {
      clientId: 'smoke-demo-001',
      username: 'smoke-demo-001',
      password: DEMO_DEVICE_SECRET,
      reconnectPeriod: 0,
    });
    try {
      await device.publishAsync(
        'gongzhi/devices/smoke-demo-001/telemetry',
        JSON.stringify({ ts: t.clock.now().toISOString(), metrics: { smoke: 0.32, temp: 31 } }),
        { qos: 1 },
      );
      const alarms = await until('the alarm on the page', async () => {
        const a = (await page()).alarms;
        return a.length > 0 ? a : null;
      });
      assert.equal(alarms[0].type, 'fire');
      assert.match(alarms[0].deviceName, /烟感/);
    } finally {
      await device.endAsync();
    }
  });

  test('history and documents: added, shown in order, removed; bad input changes nothing; audited', async () => {
    const late = await staff.post(`/api/compounds/${compoundId}/history`, {
      happenedOn: '2023-06-01',
      title: '首届业委会成立',
    });
    assert.equal(late.statusCode, 201, late.body);
    const early = await staff.post(`/api/compounds/${compoundId}/history`, {
      happenedOn: '1998-09-01',
      title: '小区交付',
      note: '回迁安置',
    });
    assert.deepEqual(
      early.json().history.map((h: { title: string }) => h.title),
      ['小区交付', '首届业委会成立'],
    );
    assert.equal(
      (await staff.post(`/api/compounds/${compoundId}/history`, { happenedOn: '2023-13-01', title: 'x' })).statusCode,
      400,
    );
    assert.equal(
      (await resident.post(`/api/compounds/${compoundId}/history`, { happenedOn: '2023-01-01', title: 'x' }))
        .statusCode,
      403,
    );

    const jpeg = await sharp({ create: { width: 40, height: 60, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const { payload, headers } = multipart('photo', 'rules.jpg', jpeg);
    const photo = (await staff.raw({ method: 'POST', url: '/api/media', payload, headers })).json();
    const foreign = (await resident.raw({ method: 'POST', url: '/api/media', payload, headers })).json();
    const refused = await staff.post(`/api/compounds/${compoundId}/documents`, {
      kind: 'owners_rules',
      title: '管理规约',
      pages: [photo.token, foreign.token],
    });
    assert.equal(refused.statusCode, 400, 'pages must be the uploader’s own photos');
    assert.equal((await page()).documents.length, 0);
    const doc = await staff.post(`/api/compounds/${compoundId}/documents`, {
      kind: 'owners_rules',
      title: '管理规约',
      signedOn: '2023-06-01',
      pages: [photo.token],
    });
    assert.equal(doc.statusCode, 201, doc.body);
    const [kept] = doc.json().documents;
    assert.equal(kept.kind, 'owners_rules');
    assert.equal(kept.pages.length, 1);
    assert.equal((await staff.get(kept.pages[0].url)).statusCode, 200);

    const entry = early.json().history[0].id;
    const removed = await staff.delete(`/api/compounds/${compoundId}/history/${entry}`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(
      removed.json().history.map((h: { title: string }) => h.title),
      ['首届业委会成立'],
    );
    assert.equal((await staff.delete(`/api/compounds/${compoundId}/history/${entry}`)).statusCode, 404);
    assert.equal((await staff.delete(`/api/compounds/${compoundId}/documents/${kept.id}`)).statusCode, 200);
    const audited = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', 'like', 'compounds.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audited.map((a) => a.action),
      [
        'compounds.compound.create',
        'compounds.history.add',
        'compounds.history.add',
        'compounds.document.add',
        'compounds.history.remove',
        'compounds.document.remove',
      ],
    );
  });
});
