import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { RequestContext } from '../../src/platform/context.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

// The harness's clock starts at 2026-11-20 10:00 in Asia/Shanghai.
describe('rights intake: classified, deadlines, routed; access, masking, bad input', () => {
  let t: TestApp;
  let community: Client;
  let street: Client;
  let worker: Client;
  let neighbour: Client;
  let otherAdmin: Client;
  let datieguan: number;
  let workerUserId: number;

  const countCases = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('rights.cases')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    const admin = await t.login('admin');
    community = await t.login('community_datieguan');
    street = await t.login('street_wenhui');
    const index = await demoIndex(admin);
    datieguan = index.division('打铁关社区').id;
    const wangma = index.division('王马社区').id;
    worker = await addResident(t, 'rights_worker', datieguan, '林晓梅');
    workerUserId = (await worker.get('/api/auth/me')).json().id;
    neighbour = await addResident(t, 'rights_neighbour', wangma, '王芳');
    otherAdmin = await addUser(t, 'rights_wangma_admin', [
      { role: 'community_admin', divisionId: wangma, gridId: null },
    ]);
  });
  after(() => t.close());

  const wageOngoing = {
    kind: 'wage',
    problem: 'unpaid',
    relationship: 'labour',
    migrantWorker: true,
    knewOn: '2026-09-30',
    employmentOngoing: true,
    claims: [{ kind: 'pay', amountFen: 1_200_000 }],
    employerName: '杭州某快递站点',
    summary: '三个月工资没有发',
    workerPhone: '13912345678',
  };

  test('preview: the deadlines with their rules, the final-award test and the routes, nothing saved', async () => {
    const before = await countCases();
    const res = await worker.post('/api/rights/preview', {
      kind: 'contract',
      relationship: 'labour',
      knewOn: '2026-09-08',
      claims: [{ kind: 'compensation', amountFen: 3_000_000 }],
    });
    assert.equal(res.statusCode, 200, res.body);
    const a = res.json();
    assert.equal(a.deadlines[0].lastDay, '2027-09-08');
    assert.equal(a.deadlines[0].daysLeft, 292);
    assert.match(a.deadlines[0].rule, /第二十七条/);
    // 30,000 yuan is over 12 × 2490 in Hangzhou: not final.
    assert.equal(a.finalAward.final, false);
    assert.equal(a.finalAward.city, '杭州市');
    assert.equal(a.finalAward.thresholdFen, 2_988_000);
    assert.equal(a.recommendedRoute, 'mediation');
    assert.match(a.disclaimer, /不构成法律意见/);
    assert.equal(await countCases(), before);
  });

  test('unpaid wages during the job: no limit yet, routed to the labour inspectors, legal aid without a means test', async () => {
    const res = await worker.post('/api/rights/cases', wageOngoing);
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.match(c.code, /^WQ20261120\d{6}$/);
    assert.equal(c.route.code, 'inspection');
    assert.equal(c.status.code, 'routed');
    assert.equal(c.assessment.deadlines[0].lastDay, null);
    assert.match(c.assessment.deadlines[0].rule, /第二十七条第四款/);
    assert.equal(c.assessment.finalAward.final, true);
    assert.equal(c.meansTestWaived, true);
    assert.match(c.assessment.meansTestRule, /不受经济困难条件的限制/);
    // The worker sees their own name and phone whole.
    assert.equal(c.workerName, '林晓梅');
    assert.equal(c.workerPhone, '13912345678');
    const en = await worker.get(`/api/rights/cases/${c.id}`, { 'accept-language': 'en' });
    assert.match(en.json().assessment.deadlines[0].rule, /Art\. 27\(4\)/);
    // The community's administrators are told at once.
    const told = (await community.get('/api/notifications?limit=50')).json().items;
    assert.ok(
      told.some(
        (n: { entityType: string; entityId: string }) => n.entityType === 'rights_case' && n.entityId === String(c.id),
      ),
      'the community admin was told',
    );
  });

  test('a dismissal goes to people’s mediation: a labour case the mediation API shows, the worker its applicant', async () => {
    const res = await worker.post('/api/rights/cases', {
      kind: 'contract',
      problem: 'dismissed',
      relationship: 'labour',
      knewOn: '2026-11-02',
      claims: [{ kind: 'compensation', amountFen: 900_000 }],
      employerName: '杭州某餐饮公司',
      summary: '被口头辞退，没有补偿',
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.equal(c.route.code, 'mediation');
    assert.equal(c.assessment.deadlines[0].lastDay, '2027-11-02');
    const caseId = c.routeRef.mediationCaseId;
    assert.ok(caseId);
    const med = await community.get(`/api/mediation/cases/${caseId}`);
    assert.equal(med.statusCode, 200, med.body);
    assert.equal(med.json().category.code, 'labour');
    assert.equal(med.json().code, c.routeRef.mediationCaseCode);
    const mine = await worker.get('/api/mediation/cases/mine');
    assert.ok(
      mine.json().items.some((m: { id: number }) => m.id === caseId),
      'the worker follows the mediation case as its applicant',
    );
  });

  test('a work injury goes to legal aid; a traffic accident with a slot is booked with the lawyer on duty', async () => {
    const injury = await worker.post('/api/rights/cases', {
      kind: 'injury',
      relationship: 'labour',
      injuryOn: '2026-11-10',
      summary: '送餐途中摔伤，单位不申报工伤',
    });
    assert.equal(injury.statusCode, 201, injury.body);
    assert.equal(injury.json().route.code, 'legal_aid');
    assert.deepEqual(
      injury.json().assessment.deadlines.map((d: { lastDay: string }) => d.lastDay),
      ['2026-12-10', '2027-11-10'],
    );

    const shift = await community.post('/api/rights/duty-shifts', {
      communityId: datieguan,
      role: 'lawyer',
      name: '张律师',
      place: '打铁关社区法治e站',
      startsAt: '2026-11-21T01:00:00Z',
      endsAt: '2026-11-21T02:00:00Z',
      slotMinutes: 30,
    });
    assert.equal(shift.statusCode, 201, shift.body);
    const slots = (await worker.get('/api/rights/slots?role=lawyer')).json().items;
    assert.equal(slots.length, 2);
    const traffic = {
      kind: 'traffic',
      relationship: 'service',
      accidentOn: '2026-11-18',
      summary: '电动车被汽车撞倒，对方不赔',
      route: 'booking',
      shiftId: slots[0].shiftId,
      slotStartsAt: slots[0].startsAt,
    };
    const booked = await worker.post('/api/rights/cases', traffic);
    assert.equal(booked.statusCode, 201, booked.body);
    assert.equal(booked.json().route.code, 'booking');
    assert.equal(booked.json().routeRef.dutyName, '张律师');
    assert.equal(booked.json().assessment.deadlines[0].lastDay, '2029-11-19'); // 18 Nov 2029 is a Sunday
    assert.equal((await worker.get('/api/rights/slots?role=lawyer')).json().items.length, 1);

    // The same slot again: refused, nothing kept.
    const before = await countCases();
    const again = await worker.post('/api/rights/cases', traffic);
    assert.equal(again.statusCode, 409, again.body);
    assert.equal(await countCases(), before);
  });

  test('bad input is refused with a clear 4xx and changes nothing', async () => {
    const before = await countCases();
    const tries: Array<[Client, Record<string, unknown>, number]> = [
      [worker, { ...wageOngoing, kind: 'traffic', route: 'inspection' }, 400],
      [worker, { ...wageOngoing, knewOn: '2026-02-30' }, 400],
      [worker, { ...wageOngoing, knewOn: '2026-11-21' }, 400],
      [worker, { ...wageOngoing, kind: 'theft' }, 400],
      [worker, { ...wageOngoing, claims: [{ kind: 'pay', amountFen: -1 }] }, 400],
      [worker, { ...wageOngoing, workerPhone: '12345' }, 400],
      [worker, { ...wageOngoing, route: 'booking' }, 400],
      [worker, { ...wageOngoing, source: 'hotline', workerName: '某人' }, 403],
      [community, { ...wageOngoing, communityId: datieguan, source: 'hotline', workerPhone: undefined }, 400],
    ];
    for (const [client, body, status] of tries) {
      const res = await client.post('/api/rights/cases', body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)} → ${res.body}`);
      assert.ok(res.json().error.message, res.body);
    }
    assert.equal(await countCases(), before);
  });

  test('scope: a resident sees only their own; staff see their area masked and reveal with an audit record', async () => {
    const hotline = await community.post('/api/rights/cases', {
      ...wageOngoing,
      communityId: datieguan,
      source: 'hotline',
      workerName: '赵大山',
      workerPhone: '13800001111',
      workerIdNumber: '11010519491231002X',
    });
    assert.equal(hotline.statusCode, 201, hotline.body);
    const id = hotline.json().id;
    assert.equal(hotline.json().workerName, '赵*山');
    assert.equal(hotline.json().workerPhone, '138****1111');

    const list = await street.get('/api/rights/cases?limit=2');
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().items.length, 2);
    assert.ok(list.json().nextCursor, 'paged');
    const next = await street.get(`/api/rights/cases?limit=50&cursor=${list.json().nextCursor}`);
    assert.ok(next.json().items.every((c: { id: number }) => c.id < list.json().items[1].id));
    const filtered = (await street.get('/api/rights/cases?route=mediation&q=辞退')).json().items;
    assert.ok(filtered.length >= 1 && filtered.every((c: { route: { code: string } }) => c.route.code === 'mediation'));
    assert.ok(
      (await street.get('/api/rights/cases?limit=50'))
        .json()
        .items.every((c: { workerPhone: string }) => !/\d{11}/.test(c.workerPhone)),
    );

    assert.equal((await neighbour.get(`/api/rights/cases/${id}`)).statusCode, 404);
    assert.equal((await worker.get(`/api/rights/cases/${id}`)).statusCode, 404);
    assert.equal((await worker.get('/api/rights/cases')).statusCode, 403);
    assert.equal((await otherAdmin.get(`/api/rights/cases/${id}`)).statusCode, 404);
    assert.equal((await otherAdmin.get('/api/rights/cases')).json().items.length, 0);
    assert.equal((await otherAdmin.post(`/api/rights/cases/${id}/reveal`)).statusCode, 404);
    assert.deepEqual(
      (await neighbour.get('/api/rights/cases/mine')).json().items,
      [],
      'the neighbour has no cases of their own',
    );
    assert.equal((await worker.get('/api/rights/cases/mine')).json().items.length, 4);

    const revealed = await community.post(`/api/rights/cases/${id}/reveal`);
    assert.equal(revealed.statusCode, 200, revealed.body);
    assert.deepEqual(revealed.json(), {
      workerName: '赵大山',
      workerPhone: '13800001111',
      workerIdNumber: '11010519491231002X',
    });
    const audit = await t.services.database.db
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('action', '=', 'rights.reveal')
      .where('entity_id', '=', String(id))
      .execute();
    assert.equal(audit.length, 1);
  });

  test('staff route a case on and record the money recovered; a resolved case cannot be routed', async () => {
    const opened = await worker.post('/api/rights/cases', wageOngoing);
    const id = opened.json().id;
    assert.equal((await worker.post(`/api/rights/cases/${id}/route`, { route: 'mediation' })).statusCode, 403);
    const routed = await community.post(`/api/rights/cases/${id}/route`, {
      route: 'mediation',
      note: '监察责令后仍未支付',
    });
    assert.equal(routed.statusCode, 200, routed.body);
    assert.equal(routed.json().route.code, 'mediation');
    const med = await community.get(`/api/mediation/cases/${routed.json().routeRef.mediationCaseId}`);
    assert.equal(med.json().category.code, 'labour');
    assert.deepEqual(
      routed.json().steps.map((s: { action: string; route: string }) => [s.action, s.route]),
      [
        ['open', 'inspection'],
        ['route', 'mediation'],
      ],
    );
    assert.equal(
      (await community.post(`/api/rights/cases/${id}/resolve`, { recoveredFen: -5, note: '无' })).statusCode,
      400,
    );
    const resolved = await community.post(`/api/rights/cases/${id}/resolve`, {
      recoveredFen: 1_200_000,
      note: '调解后全额支付',
    });
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.equal(resolved.json().recoveredFen, 1_200_000);
    assert.equal(resolved.json().status.code, 'resolved');
    const again = await community.post(`/api/rights/cases/${id}/route`, { route: 'legal_aid' });
    assert.equal(again.statusCode, 409, again.body);
  });

  test('another module opens a case through the service with a prefilled draft (the odd-job market)', async () => {
    const actor = await t.services.auth.actorOf(workerUserId);
    const ctx: RequestContext = { actor, locale: 'zh-CN', ip: null, userAgent: 'test', requestId: null };
    const c = await t.services.rights.open(ctx, {
      kind: 'wage',
      problem: 'unpaid',
      relationship: 'service',
      migrantWorker: true,
      knewOn: '2026-11-15',
      standardsDispute: false,
      claims: [{ kind: 'pay', amountFen: 30_000 }],
      source: 'odd_job',
      sourceRef: { type: 'odd_job', jobId: 7, attendance: '2026-11-14 08:00–17:00' },
      employerName: '某装修队',
      summary: '打零工一天，工钱没给',
    });
    assert.equal(c.source, 'odd_job');
    assert.equal(c.sourceRef.jobId, 7);
    assert.equal(c.assessment.deadlines[0]?.code, 'civil_claim');
    assert.equal(c.assessment.finalAward, null);
  });
});
