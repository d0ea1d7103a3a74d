import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { multipart } from '../support/csv.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * Inspection campaigns (专项整治), the point 3: a campaign of 3 targets × 5 items; findings
 * issue notices with deadlines; re-checks close or escalate; overdue notices are escalated by the
 * periodic check when the clock moves; notices taken at once get consecutive numbers.
 */
describe('inspection campaigns', () => {
  let t: TestApp;
  let f: Factories;
  let manager: Client;
  let inspector: Client;
  let outsider: Client;
  let otherAdmin: Client;
  let campaign: any;

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-03-10T02:00:00Z')); // 10:00 in Hangzhou
    f = await factories(t);
    const community = await f.community();
    const g1 = await f.grid(community.id);
    const b1 = await f.building(community.id, {
      gridId: g1.id,
      lat: g1.corner.lat + 0.005,
      lng: g1.corner.lng + 0.005,
    });
    manager = await f.user([{ role: 'community_admin', divisionId: community.id, gridId: null }], '社区 管理');
    inspector = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 甲');
    outsider = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 乙');
    otherAdmin = await f.user([{ role: 'community_admin', divisionId: (await f.community()).id, gridId: null }]);
    const at = (d: number) => ({ lat: g1.corner.lat + d, lng: g1.corner.lng + d });
    const body = {
      divisionId: community.id,
      title: '电动自行车消防安全专项整治',
      startsOn: '2026-03-01',
      endsOn: '2026-05-31',
      items: [
        {
          code: 'A1',
          text: '电动自行车不得在楼道、安全出口停放充电',
          legalBasis: '《高层民用建筑消防安全管理规定》第三十七条',
        },
        { code: 'A2', text: '不得私拉电线、飞线充电', legalBasis: '《消防法》第二十一条' },
        { code: 'A3', text: '疏散通道、安全出口保持畅通', legalBasis: '《消防法》第二十八条' },
        { code: 'A4', text: '灭火器配置齐全有效', legalBasis: null },
        { code: 'A5', text: '消防设施标识清晰', legalBasis: null },
      ],
      targets: [
        {
          kind: 'building',
          buildingId: b1.id,
          name: '东清大厦',
          address: '东清巷 1 号',
          responsibleParty: '东清物业',
          ...at(0.005),
        },
        { kind: 'shop', name: '老王电动车行', address: '东清巷 8 号', responsibleParty: '王某某', ...at(0.004) },
        {
          kind: 'garage',
          name: '东清地下车库',
          address: '东清巷 1 号地下一层',
          responsibleParty: '东清物业',
          ...at(0.006),
        },
      ],
      memberIds: [inspector.me!.id],
    };
    assert.equal(
      (await inspector.post('/api/campaigns', body)).statusCode,
      403,
      'grid workers do not set campaigns up',
    );
    assert.equal((await otherAdmin.post('/api/campaigns', body)).statusCode, 403, 'not in their community');
    assert.equal((await manager.post('/api/campaigns', { ...body, items: [] })).statusCode, 400);
    const created = await manager.post('/api/campaigns', body);
    assert.equal(created.statusCode, 201, created.body);
    campaign = created.json();
    assert.equal(campaign.items.length, 5);
    assert.equal(campaign.targets.length, 3);
  });
  after(() => t.close());

  /** Moves the clock, and signs everyone in again (sessions lapse when days pass). */
  const moveClock = async (to: Date) => {
    t.clock.set(to);
    for (const c of [manager, inspector]) Object.assign(c, await t.login(c.me!.username));
  };
  const item = (code: string) => campaign.items.find((i: any) => i.code === code).id;
  const target = (n: number) => campaign.targets[n].id;
  const inspect = (who: Client, targetId: number, body: unknown) =>
    who.post(`/api/campaigns/${campaign.id}/targets/${targetId}/inspection`, body);

  test('the task force and the managers see the campaign; others do not', async () => {
    assert.equal((await inspector.get(`/api/campaigns/${campaign.id}`)).statusCode, 200);
    assert.equal((await inspector.get('/api/campaigns?mine=true')).json().items.length, 1);
    assert.equal((await outsider.get(`/api/campaigns/${campaign.id}`)).statusCode, 404);
    assert.equal((await otherAdmin.get(`/api/campaigns/${campaign.id}`)).statusCode, 404);
    assert.equal((await otherAdmin.get('/api/campaigns')).json().items.length, 0);
    assert.equal((await manager.get('/api/campaigns')).json().items.length, 1);
  });

  let first: any;
  let second: any;
  test('findings with photos issue numbered notices with a deadline at the local end of day', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#a33' } })
      .jpeg()
      .toBuffer();
    const { payload, headers } = multipart('photo', 'finding.jpg', jpeg);
    const upload = await inspector.raw({ method: 'POST', url: '/api/media', payload, headers });
    assert.equal(upload.statusCode, 201, upload.body);
    const { token } = upload.json();
    const allPass = ['A1', 'A2', 'A3', 'A4', 'A5'].map((c) => ({ itemId: item(c), result: 'pass' }));
    assert.equal((await inspect(outsider, target(0), { results: allPass })).statusCode, 404);
    const a = await inspect(inspector, target(0), {
      results: [
        { itemId: item('A1'), result: 'finding', description: '一楼楼道停放 3 辆电动车充电', photoTokens: [token] },
        { itemId: item('A2'), result: 'finding', description: '二楼窗口飞线充电' },
        { itemId: item('A3'), result: 'pass' },
        { itemId: item('A4'), result: 'pass' },
        { itemId: item('A5'), result: 'not_applicable' },
      ],
      deadlineDays: 7,
    });
    assert.equal(a.statusCode, 201, a.body);
    first = a.json().notice;
    assert.equal(first.number, '整改〔2026〕第0001号');
    assert.equal(first.deadline, '2026-03-17T15:59:59.000Z', '23:59:59 in Hangzhou on the 17th');
    assert.equal(first.findings.length, 2);
    assert.equal(first.target.responsibleParty, '东清物业');
    const b = await inspect(inspector, target(1), { results: allPass });
    assert.equal(b.statusCode, 201, b.body);
    assert.equal(b.json().notice, null, 'no findings, no notice');
    const c = await inspect(manager, target(2), {
      results: [...allPass.slice(0, 4), { itemId: item('A5'), result: 'finding', description: '消防栓标识脱落' }],
      deadlineDays: 3,
    });
    assert.equal(c.statusCode, 201, c.body);
    second = c.json().notice;
    assert.equal(second.number, '整改〔2026〕第0002号');
    assert.equal(
      (await inspect(inspector, target(1), { results: [{ itemId: item('A1'), result: 'finding' }] })).statusCode,
      409,
      'a finding needs words',
    );
    assert.equal(
      (await inspect(inspector, target(1), { results: [{ itemId: 999999, result: 'pass' }] })).statusCode,
      409,
    );
  });

  test('progress by target and by item', async () => {
    const p = (await manager.get(`/api/campaigns/${campaign.id}/progress`)).json();
    assert.deepEqual(
      p.byTarget.map((x: any) => [x.name, x.checked, x.findings, x.openNotices]),
      [
        ['东清大厦', 5, 2, 1],
        ['老王电动车行', 5, 0, 0],
        ['东清地下车库', 5, 1, 1],
      ],
    );
    assert.deepEqual(
      p.byItem.map((x: any) => [x.code, x.passed, x.failed, x.notApplicable]),
      [
        ['A1', 2, 1, 0],
        ['A2', 2, 1, 0],
        ['A3', 3, 0, 0],
        ['A4', 3, 0, 0],
        ['A5', 1, 1, 1],
      ],
    );
  });

  test('the printable notice is an A4 PDF', async () => {
    const res = await manager.get(`/api/campaigns/notices/${first.id}/pdf`);
    assert.equal(res.statusCode, 200, res.body.slice(0, 200));
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.equal(res.rawPayload.subarray(0, 5).toString(), '%PDF-');
    if (process.env.CAMPAIGNS_PDF_OUT) await writeFile(process.env.CAMPAIGNS_PDF_OUT, res.rawPayload);
    assert.equal((await otherAdmin.get(`/api/campaigns/notices/${first.id}/pdf`)).statusCode, 404);
  });

  test('re-checks: passed closes, failed escalates with a new deadline and may open a matter', async () => {
    const passed = await inspector.post(`/api/campaigns/notices/${first.id}/recheck`, { passed: true, note: '已清理' });
    assert.equal(passed.statusCode, 200, passed.body);
    assert.equal(passed.json().status, 'closed');
    assert.equal(
      (await inspector.post(`/api/campaigns/notices/${first.id}/recheck`, { passed: true })).statusCode,
      409,
    );
    await moveClock(new Date('2026-03-12T02:00:00Z'));
    const failed = await inspector.post(`/api/campaigns/notices/${second.id}/recheck`, {
      passed: false,
      note: '未整改',
      newDeadlineDays: 5,
      openMatter: true,
    });
    assert.equal(failed.statusCode, 200, failed.body);
    assert.equal(failed.json().status, 'escalated');
    assert.equal(failed.json().escalations, 1);
    assert.equal(failed.json().deadline, '2026-03-17T15:59:59.000Z');
    assert.ok(failed.json().matterId, 'a matter opened');
    const matter = await manager.get(`/api/matters/${failed.json().matterId}`);
    assert.equal(matter.statusCode, 200, matter.body);
    assert.match(matter.json().description, /消防栓标识脱落/);
  });

  test('a finding opens a matter once (转事项)', async () => {
    const checkId = first.findings[0].checkId;
    const opened = await inspector.post(`/api/campaigns/${campaign.id}/checks/${checkId}/matter`);
    assert.equal(opened.statusCode, 200, opened.body);
    const again = await inspector.post(`/api/campaigns/${campaign.id}/checks/${checkId}/matter`);
    assert.equal(again.json().matterId, opened.json().matterId);
  });

  test('overdue notices are escalated by the periodic check, once per deadline, and the manager is told', async () => {
    const third = (
      await inspect(inspector, target(1), {
        results: [{ itemId: item('A3'), result: 'finding', description: '安全出口堆放杂物' }],
        deadlineDays: 1,
      })
    ).json().notice;
    assert.equal(third.number, '整改〔2026〕第0003号');
    assert.equal(await t.services.campaigns.escalateOverdue(t.clock.now()), 0, 'nothing is due yet');
    await moveClock(new Date('2026-03-13T16:00:00Z')); // the 14th, just after the third's deadline
    assert.equal(await t.services.campaigns.escalateOverdue(t.clock.now()), 1);
    assert.equal(await t.services.campaigns.escalateOverdue(t.clock.now()), 0, 'idempotent');
    const notices = (await manager.get(`/api/campaigns/${campaign.id}/notices`)).json().items;
    const status = (id: number) => notices.find((n: any) => n.id === id);
    assert.equal(status(third.id).status, 'escalated');
    assert.equal(status(third.id).escalations, 1);
    assert.equal(status(second.id).escalations, 1, 'its new deadline has not passed');
    await moveClock(new Date('2026-03-18T00:00:00Z'));
    assert.equal(await t.services.campaigns.escalateOverdue(t.clock.now()), 1, 'the second, past its new deadline');
    assert.equal(await t.services.campaigns.escalateOverdue(t.clock.now()), 0);
    const told = await t.services.database.db
      .selectFrom('notifications.notifications')
      .select('kind')
      .where('user_id', '=', manager.me!.id)
      .where('kind', '=', 'campaigns.escalated')
      .execute();
    assert.equal(told.length, 3, 'a failed re-check and two overdue notices');
    const audited = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', 'like', 'campaigns.%')
      .execute();
    const actions = new Set(audited.map((a) => a.action));
    for (const a of [
      'campaign.create',
      'inspection.record',
      'notice.issue',
      'notice.recheck',
      'notice.escalate',
      'finding.to_matter',
    ])
      assert.ok(actions.has(`campaigns.${a}`), a);
  });

  test('two notices issued at once get consecutive numbers', async () => {
    const finding = (code: string) => ({
      results: [{ itemId: item(code), result: 'finding', description: '复查发现新问题' }],
    });
    const [x, y] = await Promise.all([
      inspect(inspector, target(0), finding('A4')),
      inspect(manager, target(2), finding('A4')),
    ]);
    assert.equal(x.statusCode, 201, x.body);
    assert.equal(y.statusCode, 201, y.body);
    const numbers = [x.json().notice.number, y.json().notice.number].sort();
    assert.deepEqual(numbers, ['整改〔2026〕第0004号', '整改〔2026〕第0005号']);
  });
});
