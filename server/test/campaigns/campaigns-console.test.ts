import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { multipart } from '../support/csv.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * What the console and the phone need beyond the campaign itself: the staff a task force is chosen
 * from, changing a campaign, notices across campaigns filtered (mine, open, overdue), and re-checks
 * with photos.
 */
describe('inspection campaigns: console and phone lists', () => {
  let t: TestApp;
  let f: Factories;
  let manager: Client;
  let inspector: Client;
  let other: Client;
  let otherAdmin: Client;
  let communityId: number;
  let campaign: any;

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-04-01T02:00:00Z'));
    f = await factories(t);
    const community = await f.community();
    communityId = community.id;
    const g1 = await f.grid(community.id);
    manager = await f.user([{ role: 'community_admin', divisionId: community.id, gridId: null }], '社区 管理');
    inspector = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 丙');
    other = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 丁');
    otherAdmin = await f.user([{ role: 'community_admin', divisionId: (await f.community()).id, gridId: null }]);
    const created = await manager.post('/api/campaigns', {
      divisionId: community.id,
      title: '群租房消防专项',
      startsOn: '2026-04-01',
      endsOn: '2026-04-30',
      items: [
        { code: 'B1', text: '不得违规隔断' },
        { code: 'B2', text: '配置灭火器' },
      ],
      targets: [
        { kind: 'shop', name: '一号店', address: '东街 1 号' },
        { kind: 'garage', name: '二号车库', address: '东街 2 号' },
      ],
      memberIds: [inspector.me!.id],
    });
    assert.equal(created.statusCode, 201, created.body);
    campaign = created.json();
  });
  after(() => t.close());

  test('managers list the staff of their area for the task force; others may not', async () => {
    const res = await manager.get(`/api/campaigns/staff?divisionId=${communityId}`);
    assert.equal(res.statusCode, 200, res.body);
    const names = res.json().items.map((u: any) => u.name);
    for (const n of ['社区 管理', '网格员 丙', '网格员 丁']) assert.ok(names.includes(n), n);
    const found = (await manager.get(`/api/campaigns/staff?divisionId=${communityId}&q=丁`)).json().items;
    assert.deepEqual(
      found.map((u: any) => [u.name, u.roles]),
      [['网格员 丁', ['grid_worker']]],
    );
    assert.equal((await otherAdmin.get(`/api/campaigns/staff?divisionId=${communityId}`)).statusCode, 404);
    assert.equal((await inspector.get(`/api/campaigns/staff?divisionId=${communityId}`)).statusCode, 404);
  });

  test('managers change a campaign: task force, period, added items and targets; bad input changes nothing', async () => {
    const url = `/api/campaigns/${campaign.id}`;
    assert.equal((await inspector.patch(url, { title: 'x' })).statusCode, 403, 'the task force does not edit');
    assert.equal((await otherAdmin.patch(url, { title: 'x' })).statusCode, 404);
    assert.equal((await manager.patch(url, { endsOn: '2026-03-01' })).statusCode, 400);
    assert.equal((await manager.patch(url, { addItems: [{ code: 'B1', text: '重复' }] })).statusCode, 409);
    assert.equal((await manager.get(url)).json().items.length, 2, 'nothing changed');
    const res = await manager.patch(url, {
      title: '群租房消防安全专项',
      endsOn: '2026-05-15',
      memberIds: [inspector.me!.id, other.me!.id],
      addItems: [{ code: 'B3', text: '安全出口畅通', legalBasis: '《消防法》第二十八条' }],
      addTargets: [{ kind: 'building', name: '三号楼', address: '东街 3 号' }],
    });
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json();
    assert.equal(c.title, '群租房消防安全专项');
    assert.equal(c.endsOn, '2026-05-15');
    assert.deepEqual(c.memberIds, [inspector.me!.id, other.me!.id]);
    assert.deepEqual(
      c.items.map((i: any) => i.code),
      ['B1', 'B2', 'B3'],
    );
    assert.equal(c.targets.length, 3);
    assert.equal((await other.get(url)).statusCode, 200, 'the new member reads it');
    campaign = c;
  });

  test('notices across campaigns: mine, open, overdue; re-checks keep their photos', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a3' } })
      .jpeg()
      .toBuffer();
    const upload = async (who: Client) => {
      const { payload, headers } = multipart('photo', 'p.jpg', jpeg);
      return (await who.raw({ method: 'POST', url: '/api/media', payload, headers })).json().token as string;
    };
    const item = (code: string) => campaign.items.find((i: any) => i.code === code).id;
    const inspect = (who: Client, n: number, days: number) =>
      who.post(`/api/campaigns/${campaign.id}/targets/${campaign.targets[n].id}/inspection`, {
        results: [{ itemId: item('B1'), result: 'finding', description: '违规隔断 4 间' }],
        deadlineDays: days,
      });
    const a = (await inspect(inspector, 0, 1)).json().notice;
    const b = (await inspect(other, 1, 10)).json().notice;
    const list = async (who: Client, query: string) => {
      const res = await who.get(`/api/campaigns/notices?${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items.map((n: any) => n.id);
    };
    assert.deepEqual(await list(inspector, 'mine=true'), [a.id]);
    assert.deepEqual(await list(manager, ''), [b.id, a.id], 'newest first');
    assert.deepEqual(await list(manager, `campaignId=${campaign.id}&status=open&limit=1`), [b.id]);
    assert.deepEqual(await list(manager, 'q=二号'), [b.id]);
    assert.deepEqual(await list(manager, 'overdue=true'), []);
    assert.deepEqual(await list(otherAdmin, ''), [], 'out of scope');
    t.clock.set(new Date('2026-04-02T17:00:00Z')); // the 3rd in Hangzhou: a's deadline (the 2nd) passed
    for (const c of [manager, inspector]) Object.assign(c, await t.login(c.me!.username));
    const overdue = (await manager.get('/api/campaigns/notices?overdue=true')).json().items;
    assert.deepEqual(
      overdue.map((n: any) => [n.id, n.overdue, n.campaignTitle]),
      [[a.id, true, '群租房消防安全专项']],
    );
    assert.equal((await manager.get('/api/campaigns/notices?overdue=false')).json().items.length, 2);

    const token = await upload(inspector);
    const foreign = await upload(manager);
    const url = `/api/campaigns/notices/${a.id}/recheck`;
    assert.equal((await inspector.post(url, { passed: true, photoTokens: [foreign] })).statusCode, 400);
    const closed = await inspector.post(url, { passed: true, note: '隔断已拆除', photoTokens: [token] });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'closed');
    assert.equal(closed.json().overdue, false);
    assert.deepEqual(
      closed.json().rechecks.map((r: any) => [r.passed, r.note, r.photoTokens]),
      [[true, '隔断已拆除', [token]]],
    );
    assert.deepEqual(await list(manager, 'overdue=true'), []);
    assert.deepEqual(await list(manager, 'status=closed'), [a.id]);
    assert.deepEqual(await list(manager, 'open=true'), [b.id]);
  });
});
