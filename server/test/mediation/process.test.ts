import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

const DAY = 86_400_000;

describe('mediation: studios, task forces, group claims, time limits, statistics, scope', () => {
  let t: TestApp;
  let admin: Client;
  let community: Client;
  let mediator: Client;
  let datieguan: number;
  let wangma: number;
  let studioId: number;
  let mediatorUserId: number;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
    community = await t.login('community_datieguan');
    mediator = await t.login('mediator_demo');
    const index = await demoIndex(admin);
    datieguan = index.division('打铁关社区').id;
    wangma = index.division('王马社区').id;
    // A studio of its own, so its statistics count only this file's cases.
    const studio = await community.post('/api/mediation/studios', {
      divisionId: datieguan,
      name: '测试调解工作室',
      kind: 'studio',
      description: '专班测试',
    });
    assert.equal(studio.statusCode, 201, studio.body);
    studioId = studio.json().id;
    mediatorUserId = (await mediator.get('/api/auth/me')).json().id;
    const added = await community.put(`/api/mediation/studios/${studioId}/mediators/${mediatorUserId}`, {
      title: '专职人民调解员',
      specialities: ['neighbour', 'property_management'],
    });
    assert.equal(added.statusCode, 200, added.body);
    assert.deepEqual(
      added
        .json()
        .mediatorList.map((m: { specialities: Array<{ code: string }> }) => m.specialities.map((s) => s.code)),
      [['neighbour', 'property_management']],
    );
  });
  after(() => t.close());

  const parties = [
    { role: 'applicant', name: '周阿姨', phone: '13912340001', address: '打铁关小区3幢' },
    { role: 'respondent', name: '杭州某物业公司', kind: 'organisation', representative: '王经理' },
  ];
  const open = async (client: Client, extra: Record<string, unknown> = {}) => {
    const res = await client.post('/api/mediation/cases', {
      communityId: datieguan,
      studioId,
      category: 'property_management',
      summary: '物业费与维修纠纷',
      parties,
      ...extra,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };

  test('a studio lists its mediators; outside staff cannot set one up in another community', async () => {
    const studio = (await mediator.get(`/api/mediation/studios/${studioId}`)).json();
    assert.equal(studio.name, '测试调解工作室');
    assert.equal(studio.mediatorList.length, 1);
    assert.equal(
      (await community.post('/api/mediation/studios', { divisionId: wangma, name: '越界工作室' })).statusCode,
      403,
    );
    assert.equal(
      (await mediator.post('/api/mediation/studios', { divisionId: datieguan, name: '调解员自建' })).statusCode,
      403,
      'mediators do not set up studios',
    );
    assert.equal(
      (await community.post('/api/mediation/studios', { divisionId: datieguan, name: 'x' })).statusCode,
      400,
      'name too short',
    );
  });

  test('two mediators taking the same case at once: exactly one wins', async () => {
    const other = await addUser(
      t,
      'mediator_take_b',
      [{ role: 'mediator', divisionId: datieguan, gridId: null }],
      '另一位调解员',
    );
    const otherId = (await other.get('/api/auth/me')).json().id;
    await community.put(`/api/mediation/studios/${studioId}/mediators/${otherId}`, { title: '调解员' });
    const c = await open(community);
    assert.equal(c.mediator, null, 'accepted by the community, nobody in charge yet');
    const results = await Promise.all([
      mediator.post(`/api/mediation/cases/${c.id}/take`, {}),
      other.post(`/api/mediation/cases/${c.id}/take`, {}),
    ]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 409]);
    const after = (await community.get(`/api/mediation/cases/${c.id}`)).json();
    assert.equal(after.timeline.filter((e: { action: string }) => e.action === 'take').length, 1);
  });

  test('a task force (专班) of police, mediator, property and lawyer; only staff accounts act on the case', async () => {
    const c = await open(community, {
      category: 'housing_land',
      summary: '出租房退租押金群体纠纷',
      groupDispute: true,
      peopleCount: 60,
    });
    const gridWorkerId = (await (await t.login('grid_datieguan_01')).get('/api/auth/me')).json().id;
    const residentId = (await (await t.login('resident_demo')).get('/api/auth/me')).json().id;
    const bad = await community.post(`/api/mediation/cases/${c.id}/assign`, {
      taskForce: [{ userId: residentId, role: 'property' }, { role: 'police' }],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
      ['body.taskForce.0.userId', 'body.taskForce.1.name'],
    );
    assert.equal((await community.get(`/api/mediation/cases/${c.id}`)).json().taskForce.length, 0, 'nothing changed');

    const assigned = await community.post(`/api/mediation/cases/${c.id}/assign`, {
      mediatorUserId,
      taskForce: [
        { name: '王警官', role: 'police', organisation: '文晖派出所' },
        { userId: gridWorkerId, role: 'mediator' },
        { name: '物业张经理', role: 'property', organisation: '某物业' },
        { name: '林律师', role: 'lawyer', organisation: '法治e站' },
      ],
      note: '三人专班加律师',
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    const detail = assigned.json();
    assert.equal(detail.mediator.id, mediatorUserId);
    assert.deepEqual(
      detail.taskForce.map((m: { role: string }) => m.role),
      ['police', 'mediator', 'property', 'lawyer'],
    );
    // The grid worker in the task force finds it in their queue and may act on it.
    const worker = await t.login('grid_datieguan_01');
    const mine = (await worker.get('/api/mediation/cases?queue=mine')).json().items.map((i: { id: number }) => i.id);
    assert.ok(mine.includes(c.id));
    const asWorker = (await worker.get(`/api/mediation/cases/${c.id}`)).json();
    assert.equal(asWorker.viewer, 'handler');
    assert.ok(asWorker.allowedActions.includes('claim'));

    // The claims register, household by household.
    const claim = (name: string, amountFen: number, address: string) =>
      worker.post(`/api/mediation/cases/${c.id}/claims`, {
        claimantName: name,
        phone: '13700000000',
        address,
        amountFen,
        description: '押金收据',
      });
    assert.equal((await claim('租户甲', 150_000, '3幢101')).statusCode, 201);
    assert.equal((await claim('租户乙', 200_050, '3幢102')).statusCode, 201);
    const first = await claim('租户丙', 99_999, '3幢103');
    assert.equal(first.json().phone, '137****0000', 'masked');
    assert.equal((await claim('租户甲', 1, '3幢101')).statusCode, 409, 'one claim per claimant');
    assert.equal(
      (await worker.post(`/api/mediation/cases/${c.id}/claims`, { claimantName: '租户丁', amountFen: -5 })).statusCode,
      400,
    );
    const register = (await worker.get(`/api/mediation/cases/${c.id}/claims?limit=2`)).json();
    assert.equal(register.count, 3);
    assert.equal(register.totalFen, 150_000 + 200_050 + 99_999);
    assert.equal(register.items.length, 2);
    assert.ok(register.nextCursor, 'paged');
    assert.deepEqual((await community.get(`/api/mediation/cases/${c.id}`)).json().claimsSummary, {
      count: 3,
      totalFen: 450_049,
    });

    const single = await open(community);
    assert.equal(
      (await community.post(`/api/mediation/cases/${single.id}/claims`, { claimantName: '某人', amountFen: 1 }))
        .statusCode,
      409,
      'not a group dispute',
    );
    const resident = await t.login('resident_demo');
    assert.equal((await resident.get(`/api/mediation/cases/${c.id}/claims`)).statusCode, 404, 'not even its existence');
  });

  test('a case past its month is flagged once and its people told; an extension lifts it', async () => {
    const c = await open(mediator);
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + 29 * DAY));
    assert.equal((await t.services.mediation.runDeadlines(t.clock.now())).overdue, 0, 'still within the month');
    t.clock.set(new Date(start.getTime() + 31 * DAY));
    const first = await t.services.mediation.runDeadlines(t.clock.now());
    assert.ok(first.overdue >= 1);
    assert.equal((await t.services.mediation.runDeadlines(t.clock.now())).overdue, 0, 'flagged once');
    const communityAdmin = await t.login('community_datieguan');
    const late = (await communityAdmin.get(`/api/mediation/cases/${c.id}`)).json();
    assert.equal(late.overdue, true);
    assert.ok(late.escalatedAt);
    assert.equal(late.timeline.filter((e: { action: string }) => e.action === 'overdue').length, 1);
    const overdueList = (await communityAdmin.get('/api/mediation/cases?overdue=true&limit=100'))
      .json()
      .items.map((i: { id: number }) => i.id);
    assert.ok(overdueList.includes(c.id));
    const told = (await communityAdmin.get('/api/notifications?limit=50')).json().items;
    assert.ok(
      told.some(
        (n: { entityType: string; entityId: string }) => n.entityType === 'case' && n.entityId === String(c.id),
      ),
      'the community admin was told',
    );

    const extended = await communityAdmin.post(`/api/mediation/cases/${c.id}/extend`, {
      days: 15,
      reason: '当事人出差，延期调解',
    });
    assert.equal(extended.statusCode, 200, extended.body);
    assert.equal(extended.json().overdue, false);
    assert.equal(extended.json().extendedDays, 15);
    assert.equal(new Date(extended.json().dueAt).getTime() - new Date(late.dueAt).getTime(), 15 * DAY);
    t.clock.set(start);
    // Sessions idle through the jump have expired: sign in again for the tests that follow.
    [community, mediator] = await Promise.all([t.login('community_datieguan'), t.login('mediator_demo')]);
  });

  test('statistics: by category, success rate, days to agreement, per studio and mediator, against last year', async () => {
    const from = new Date(t.clock.now().getTime() - 40 * DAY);
    const statsOf = async () => {
      const res = await community.get(
        `/api/mediation/stats?from=${from.toISOString()}&to=${new Date(t.clock.now().getTime() + DAY).toISOString()}&studioId=${studioId}`,
      );
      assert.equal(res.statusCode, 200, `${res.statusCode} ${res.body} at ${t.clock.now().toISOString()}`);
      return res.json();
    };
    const before = await statsOf();
    const agreed = await open(mediator, { category: 'neighbour' });
    await mediator.post(`/api/mediation/cases/${agreed.id}/mediate`, {});
    t.clock.advance(2 * DAY);
    [community, mediator] = await Promise.all([t.login('community_datieguan'), t.login('mediator_demo')]);
    const agree = await mediator.post(`/api/mediation/cases/${agreed.id}/agreement`, {
      terms: ['物业三日内修好水管'],
      performanceMethod: '上门维修',
      performanceDeadline: '2026-12-31',
    });
    assert.equal(agree.statusCode, 200, agree.body);
    const failed = await open(mediator, { category: 'neighbour' });
    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${failed.id}/fail`, {
          reason: '双方分歧过大',
          referral: 'court',
          referralTo: '拱墅区人民法院',
        })
      ).statusCode,
      200,
    );
    const after = await statsOf();
    assert.equal(after.accepted - before.accepted, 2);
    assert.equal(after.agreed - before.agreed, 1);
    assert.equal(after.failed - before.failed, 1);
    const neighbour = after.byCategory.find((r: { code: string }) => r.code === 'neighbour');
    assert.deepEqual(
      {
        accepted: neighbour.accepted,
        agreed: neighbour.agreed,
        failed: neighbour.failed,
        successRate: neighbour.successRate,
      },
      { accepted: 2, agreed: 1, failed: 1, successRate: 0.5 },
    );
    assert.ok(after.daysToAgreement.count >= 1);
    assert.ok(after.daysToAgreement.mean >= 2);
    assert.deepEqual(
      after.byStudio.map((r: { studio: { id: number } }) => r.studio.id),
      [studioId],
    );
    assert.ok(after.byMediator.some((r: { mediator: { id: number } | null }) => r.mediator?.id === mediatorUserId));
    assert.ok(after.byMonth.length >= 2 && after.byMonth.every((m: { lastYear: number }) => m.lastYear === 0));
    assert.equal(
      (await mediator.get(`/api/mediation/stats?from=${from.toISOString()}&to=${t.clock.now().toISOString()}`))
        .statusCode,
      403,
      'statistics are for admins',
    );
    assert.equal(
      (await community.get(`/api/mediation/stats?from=${t.clock.now().toISOString()}&to=${from.toISOString()}`))
        .statusCode,
      400,
      'period backwards',
    );
    assert.equal(
      (
        await community.get(
          `/api/mediation/stats?from=${from.toISOString()}&to=${t.clock.now().toISOString()}&communityId=${wangma}`,
        )
      ).statusCode,
      404,
      'another community',
    );
  });

  test("another community's mediator and admin neither see nor touch the case", async () => {
    const c = await open(mediator);
    const outsider = await addUser(
      t,
      'mediator_wangma',
      [{ role: 'mediator', divisionId: wangma, gridId: null }],
      '王马调解员',
    );
    const outsideAdmin = await addUser(
      t,
      'admin_wangma',
      [{ role: 'community_admin', divisionId: wangma, gridId: null }],
      '王马社区',
    );
    for (const client of [outsider, outsideAdmin]) {
      assert.equal((await client.get(`/api/mediation/cases/${c.id}`)).statusCode, 404);
      assert.equal((await client.post(`/api/mediation/cases/${c.id}/reveal`, {})).statusCode, 404);
      assert.equal((await client.post(`/api/mediation/cases/${c.id}/mediate`, {})).statusCode, 404);
      assert.equal((await client.post(`/api/mediation/cases/${c.id}/take`, {})).statusCode, 404);
      assert.equal((await client.get(`/api/mediation/cases/${c.id}/agreement.html`)).statusCode, 404);
      const list = (await client.get('/api/mediation/cases?limit=100')).json().items.map((i: { id: number }) => i.id);
      assert.ok(!list.includes(c.id));
    }
    assert.equal(
      (
        await outsider.post('/api/mediation/cases', {
          communityId: datieguan,
          category: 'neighbour',
          summary: '越界受理',
          parties,
        })
      ).statusCode,
      403,
    );
    const detail = (await mediator.get(`/api/mediation/cases/${c.id}`)).json();
    assert.equal(detail.status, 'accepted', 'unchanged');
  });
});
