import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withIdCheckDigit } from '../../src/platform/personal-data.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';
import { addUser } from '../support/users.ts';

const DAY = 86_400_000;
const ID_NUMBER = withIdCheckDigit('33010519750612123');

describe('mediation: a case from intake to closing, failure, intake from a matter, personal data, printing, bad input', () => {
  let t: TestApp;
  let admin: Client;
  let community: Client;
  let mediator: Client;
  let resident: Client;
  let datieguan: number;
  let studioId: number;
  const events: Array<{ type: string; payload: Record<string, unknown> }> = [];

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
    community = await t.login('community_datieguan');
    mediator = await t.login('mediator_demo');
    resident = await t.login('resident_demo');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
    studioId = (await mediator.get('/api/mediation/studios?q=和事佬')).json().items[0].id;
    // Watch the domain events the service publishes (they go on to pg-boss as before).
    const jobs = t.services.jobs;
    const publish = jobs.publish.bind(jobs);
    jobs.publish = (async (trx: never, type: string, payload: Record<string, unknown>, actorId?: number | null) => {
      events.push({ type, payload });
      return publish(trx, type, payload, actorId);
    }) as typeof jobs.publish;
  });
  after(() => t.close());

  const parties = (extra: Record<string, unknown> = {}) => [
    {
      role: 'applicant',
      name: '钱小芳',
      phone: '139 1234 5678',
      idNumber: ID_NUMBER,
      address: '打铁关小区2幢',
      ...extra,
    },
    { role: 'respondent', name: '孙大强', phone: '13800138000', address: '打铁关小区2幢' },
  ];
  const open = async (client: Client, extra: Record<string, unknown> = {}) => {
    const res = await client.post('/api/mediation/cases', {
      communityId: datieguan,
      category: 'neighbour',
      summary: '楼上装修噪音和漏水',
      parties: parties(),
      amountFen: 300_000,
      ...extra,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const countCases = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('mediation.cases')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const actions = (c: { timeline: Array<{ action: string }> }) => c.timeline.map((e) => e.action);

  test('the whole path: accept → facts → mediate → agreement in instalments, all paid → follow-up visit → closed', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const c = await open(mediator, { facts: '楼上卫生间漏水三个月', issues: '维修费和赔偿' });
    assert.match(c.code, /^TJ\d{14}$/);
    assert.equal(c.status, 'accepted');
    assert.equal(c.mediator.name, '和事佬 斯师傅', 'a mediator who opens a case takes it');
    assert.equal(c.studio.id, studioId, 'in their studio');
    assert.equal(c.viewer, 'handler');
    assert.equal(Date.parse(c.dueAt) - Date.parse(c.acceptedAt), 30 * DAY);
    assert.deepEqual(
      c.allowedActions.filter((a: string) => ['investigate', 'mediate', 'agree', 'close'].includes(a)),
      ['investigate', 'mediate'],
    );
    assert.deepEqual(events.find((e) => e.type === 'case.opened' && e.payload.caseId === c.id)?.payload, {
      caseId: c.id,
      code: c.code,
      matterId: null,
      communityId: datieguan,
    });

    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
          terms: ['x 方赔偿'],
          performanceMethod: '转账',
          performanceDeadline: '2026-12-31',
        })
      ).statusCode,
      409,
      'no agreement before mediating',
    );
    assert.equal(
      (await mediator.post(`/api/mediation/cases/${c.id}/investigate`, { note: '上门查看' })).json().status,
      'investigating',
    );
    assert.equal((await mediator.post(`/api/mediation/cases/${c.id}/investigate`, {})).statusCode, 409, 'once');
    assert.equal((await mediator.post(`/api/mediation/cases/${c.id}/mediate`, {})).json().status, 'mediating');
    const session = await mediator.post(`/api/mediation/cases/${c.id}/sessions`, {
      heldAt: t.clock.now().toISOString(),
      place: '和茶馆',
      attendees: [
        { name: '钱小芳', side: 'applicant' },
        { name: '孙大强', side: 'respondent' },
        { name: '斯师傅', side: 'mediator' },
      ],
      notes: '双方同意由楼上承担维修费并分三期赔偿',
    });
    assert.equal(session.statusCode, 200, session.body);
    assert.equal(session.json().sessions[0].attendees.length, 3);

    t.clock.set(new Date(start.getTime() + 6 * DAY));
    mediator = await t.login('mediator_demo');
    const agreed = await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
      terms: ['孙大强负责修复卫生间防水层。', '孙大强赔偿钱小芳损失共计 3000 元，分三期支付。'],
      totalFen: 300_000,
      instalments: [
        { dueOn: '2026-11-26', amountFen: 100_000 },
        { dueOn: '2026-12-26', amountFen: 100_000 },
        { dueOn: '2027-01-26', amountFen: 100_000 },
      ],
      performanceMethod: '银行转账',
      performanceDeadline: '2027-01-26',
    });
    assert.equal(agreed.statusCode, 200, agreed.body);
    const a = agreed.json();
    assert.equal(a.status, 'agreed');
    assert.equal(a.agreement.signedOn, '2026-11-26');
    assert.equal(a.followUpDueOn, '2026-12-26', '30 days after signing');
    assert.equal(a.agreement.instalments.length, 3);
    assert.equal(a.agreement.fullyPerformed, false);
    assert.ok(a.allowedActions.includes('pay') && !a.allowedActions.includes('close'));
    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${c.id}/follow-ups`, {
          findings: '回访',
          satisfied: true,
          close: true,
        })
      ).statusCode,
      409,
      'not performed yet',
    );

    const pay = (seq: number, amountFen: number, paidOn: string) =>
      mediator.post(`/api/mediation/cases/${c.id}/instalments/${seq}/payments`, { amountFen, paidOn });
    const first = await pay(1, 100_000, '2026-11-26');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().status, 'performing', 'the first payment starts performance');
    t.clock.set(new Date(start.getTime() + 40 * DAY));
    mediator = await t.login('mediator_demo');
    assert.equal((await pay(2, 60_000, '2026-12-25')).json().agreement.paidFen, 160_000);
    assert.equal((await pay(2, 50_000, '2026-12-26')).statusCode, 400, 'more than is left on the instalment');
    const second = await pay(2, 40_000, '2026-12-28');
    assert.deepEqual(second.json().agreement.instalments[1], {
      seq: 2,
      dueOn: '2026-12-26',
      amountFen: 100_000,
      paidFen: 100_000,
      paidOn: '2026-12-28',
      paid: true,
    });
    assert.equal(second.json().performedAt, null);
    t.clock.set(new Date(start.getTime() + 70 * DAY));
    mediator = await t.login('mediator_demo');
    const last = (await pay(3, 100_000, '2027-01-25')).json();
    assert.ok(last.performedAt, 'all paid: performed');
    assert.equal(last.agreement.fullyPerformed, true);
    assert.equal(last.agreement.paidFen, 300_000);
    assert.ok(actions(last).includes('performed'));

    const visit = await mediator.post(`/api/mediation/cases/${c.id}/follow-ups`, {
      findings: '上门回访：防水已修好，赔偿已全部到账，双方满意。',
      satisfied: true,
      close: true,
    });
    assert.equal(visit.statusCode, 200, visit.body);
    const closed = visit.json();
    assert.equal(closed.status, 'closed');
    assert.equal(closed.outcome, 'agreed');
    assert.ok(closed.endedAt);
    assert.equal(closed.followUps.length, 1);
    assert.deepEqual(
      closed.allowedActions,
      ['reveal'],
      "closed is the end: only the audited look at the parties' numbers remains",
    );
    assert.deepEqual(actions(closed), [
      'open',
      'investigate',
      'mediate',
      'session',
      'agree',
      'perform',
      'payment',
      'payment',
      'payment',
      'performed',
      'close',
    ]);
    assert.deepEqual(
      closed.timeline
        .filter((e: { toStatus: string | null }) => e.toStatus)
        .map((e: { toStatus: string }) => e.toStatus),
      ['accepted', 'investigating', 'mediating', 'agreed', 'performing', 'closed'],
    );
    assert.deepEqual(events.find((e) => e.type === 'case.closed' && e.payload.caseId === c.id)?.payload, {
      caseId: c.id,
      code: c.code,
      matterId: null,
      outcome: 'agreed',
    });
    const after = await mediator.post(`/api/mediation/cases/${c.id}/mediate`, {});
    assert.equal(after.statusCode, 409, 'closed is the end');
    assert.equal(after.json().error.details[0].message, '案件当前状态为“已回访结案”，不能执行“开始调解”');

    // Every change left an audit record in the case's community.
    const audit = (
      await (await t.login('community_datieguan')).get(`/api/audit?entityType=case&entityId=${c.id}&limit=50`)
    ).json().items;
    assert.deepEqual(
      audit.map((r: { action: string }) => r.action).sort(),
      [
        'mediation.case.open',
        'mediation.case.investigate',
        'mediation.case.mediate',
        'mediation.case.session',
        'mediation.case.agree',
        'mediation.case.perform',
        'mediation.case.payment',
        'mediation.case.payment',
        'mediation.case.payment',
        'mediation.case.performed',
        'mediation.case.close',
      ].sort(),
    );
    assert.ok(audit.every((r: { divisionId: number }) => r.divisionId === datieguan));
  });

  test('an agreement without money is confirmed performed; a failed case ends with a referral', async () => {
    const c = await open(mediator, { category: 'marriage_family', amountFen: 0 });
    await mediator.post(`/api/mediation/cases/${c.id}/mediate`, {});
    const agreed = (
      await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
        terms: ['子女轮流看护老人'],
        performanceMethod: '按轮值表',
        performanceDeadline: '2026-12-31',
      })
    ).json();
    assert.equal(agreed.agreement.instalments.length, 0);
    assert.ok(agreed.allowedActions.includes('perform'));
    const performed = (await mediator.post(`/api/mediation/cases/${c.id}/perform`, { note: '已按轮值表执行' })).json();
    assert.equal(performed.status, 'performing');
    assert.ok(performed.performedAt);
    assert.equal((await mediator.post(`/api/mediation/cases/${c.id}/perform`, {})).statusCode, 409, 'once');
    // The visit's day counts, not its minute: a form filled in the minute the agreement was reached is fine.
    const agreedAt = new Date(agreed.agreedAt);
    const sameDayEarlier = new Date(
      Math.max(agreedAt.getTime() - 60_000, Date.parse(`${agreed.agreement.signedOn}T00:00:00+08:00`)),
    );
    const dayBefore = new Date(Date.parse(`${agreed.agreement.signedOn}T00:00:00+08:00`) - 60_000);
    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${c.id}/follow-ups`, {
          findings: '签订前一天的回访',
          satisfied: true,
          visitedAt: dayBefore.toISOString(),
        })
      ).statusCode,
      400,
      'not before the day of signing',
    );
    const early = await mediator.post(`/api/mediation/cases/${c.id}/follow-ups`, {
      findings: '签订当天的回访',
      satisfied: true,
      visitedAt: sameDayEarlier.toISOString(),
    });
    assert.equal(early.statusCode, 200, early.body);
    const plain = await mediator.post(`/api/mediation/cases/${c.id}/follow-ups`, {
      findings: '回访一次，情况良好',
      satisfied: true,
    });
    assert.equal(plain.json().status, 'performing', 'a visit without close leaves it open');
    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${c.id}/follow-ups`, {
          findings: '再次回访，各方满意',
          satisfied: true,
          close: true,
        })
      ).json().status,
      'closed',
    );

    const f = await open(mediator, { category: 'labour', amountFen: 1_200_000 });
    await mediator.post(`/api/mediation/cases/${f.id}/mediate`, {});
    assert.equal(
      (await mediator.post(`/api/mediation/cases/${f.id}/fail`, { reason: '对方拒不到场', referral: 'nowhere' }))
        .statusCode,
      400,
    );
    const failed = await mediator.post(`/api/mediation/cases/${f.id}/fail`, {
      reason: '对方拒不到场，调解不成',
      referral: 'legal_aid',
      referralTo: '红星为民法治e站',
    });
    assert.equal(failed.statusCode, 200, failed.body);
    assert.equal(failed.json().status, 'failed');
    assert.equal(failed.json().outcome, 'failed');
    assert.deepEqual(failed.json().referral, { kind: 'legal_aid', name: '转法治e站法律援助', to: '红星为民法治e站' });
    assert.deepEqual(events.find((e) => e.type === 'case.closed' && e.payload.caseId === f.id)?.payload, {
      caseId: f.id,
      code: f.code,
      matterId: null,
      outcome: 'failed',
    });
    for (const step of ['mediate', 'withdraw', 'fail', 'take']) {
      const res = await mediator.post(`/api/mediation/cases/${f.id}/${step}`, {
        reason: '再试一次',
        referral: 'court',
      });
      assert.equal(res.statusCode, 409, `${step} after failure`);
    }
    const w = await open(mediator);
    const withdrawn = (
      await mediator.post(`/api/mediation/cases/${w.id}/withdraw`, { reason: '双方已自行和解' })
    ).json();
    assert.equal(withdrawn.outcome, 'withdrawn');
    assert.equal(events.filter((e) => e.type === 'case.closed' && e.payload.caseId === w.id).length, 1);
    const en = await mediator.post(`/api/mediation/cases/${w.id}/investigate`, {}, { 'accept-language': 'en' });
    assert.equal(en.statusCode, 409);
    assert.equal(
      en.json().error.details[0].message,
      'The case is "Withdrawn"; "establish the facts" is not possible now',
    );
  });

  test("intake from a matter: the resident's report becomes a case; the resident follows its status and nothing else", async () => {
    const home = await buildingPoint(admin, '打铁关小区1幢');
    const matter = await report(resident, 'community.neighbour.leak', home, {
      description: '楼上卫生间漏水，把我家天花板泡坏了',
    });
    assert.equal(matter.statusCode, 201, matter.body);
    const m = matter.json();
    const residentPerson = resident.me!.personId as number;
    const res = await mediator.post('/api/mediation/cases', {
      matterId: m.id,
      parties: [
        { role: 'applicant', name: '陈建华', personId: residentPerson, phone: '13800000008' },
        { role: 'respondent', name: '楼上住户林先生' },
      ],
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.equal(c.matterId, m.id);
    assert.equal(c.source, 'matter');
    assert.equal(c.community.id, datieguan);
    assert.equal(c.grid?.name, m.grid.name, 'where the matter was reported');
    assert.equal(c.category.code, 'neighbour', "from the matter's category");
    assert.equal(c.summary, '楼上卫生间漏水，把我家天花板泡坏了');
    assert.equal(c.timeline[0].details.matter, m.code);
    assert.deepEqual(events.find((e) => e.type === 'case.opened' && e.payload.caseId === c.id)?.payload, {
      caseId: c.id,
      code: c.code,
      matterId: m.id,
      communityId: datieguan,
    });
    const again = await community.post('/api/mediation/cases', {
      matterId: m.id,
      parties: [{ role: 'applicant', name: '陈建华' }],
    });
    assert.equal(again.statusCode, 409, 'one case under way per matter');

    const elsewhere = await addUser(t, 'admin_liushui_m', [
      { role: 'community_admin', divisionId: (await demoIndex(admin)).division('流水东苑社区').id, gridId: null },
    ]);
    assert.equal(
      (await elsewhere.post('/api/mediation/cases', { matterId: m.id, parties: [{ role: 'applicant', name: 'x' }] }))
        .statusCode,
      404,
      'a matter one cannot read',
    );

    const mine = (await resident.get('/api/mediation/cases/mine')).json().items;
    const own = mine.find((x: { id: number }) => x.id === c.id);
    assert.ok(own, 'the resident sees their own case');
    assert.equal(own.myRole, 'applicant');
    assert.equal(own.status, 'accepted');
    assert.deepEqual(Object.keys(own).sort(), [
      'acceptedAt',
      'agreedAt',
      'category',
      'code',
      'endedAt',
      'id',
      'mediator',
      'myRole',
      'outcome',
      'status',
      'statusName',
      'steps',
      'studio',
    ]);
    assert.equal(JSON.stringify(mine).includes('林先生'), false, "no other party's data");
    await mediator.post(`/api/mediation/cases/${c.id}/mediate`, {});
    const steps = (await resident.get('/api/mediation/cases/mine'))
      .json()
      .items.find((x: { id: number }) => x.id === c.id).steps;
    assert.deepEqual(
      steps.map((s: { status: string }) => s.status),
      ['accepted', 'mediating'],
    );
    assert.equal((await resident.get(`/api/mediation/cases/${c.id}`)).statusCode, 404, 'the staff view is not theirs');
    assert.equal((await resident.post(`/api/mediation/cases/${c.id}/reveal`)).statusCode, 404);
    assert.equal((await resident.get('/api/mediation/cases')).json().items.length, 0);

    // The matter follows its case: marked when it went to mediation, resolved when the case ended.
    await t.services.jobs.drain();
    const marked = (await resident.get(`/api/matters/${m.id}`)).json();
    assert.ok(
      marked.timeline.some(
        (e: { action: string; note: string }) => e.action === 'mediation' && e.note.includes(c.code),
      ),
      'the reporter sees it went to mediation',
    );
    assert.notEqual(marked.status, 'resolved');
    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${c.id}/fail`, {
          reason: '对方拒绝调解',
          referral: 'court',
          referralTo: '拱墅区人民法院',
        })
      ).statusCode,
      200,
    );
    await t.services.jobs.drain();
    const resolved = (await resident.get(`/api/matters/${m.id}`)).json();
    assert.equal(resolved.status, 'resolved');
    assert.ok(resolved.timeline.at(-1).note.includes(c.code));
  });

  test("parties' numbers are masked; the whole ones go to the mediator in charge and admins, every time audited", async () => {
    const c = await open(mediator);
    const applicant = c.partyList.find((p: { role: string }) => p.role === 'applicant');
    assert.equal(applicant.phone, '139****5678', 'stored in one form, shown masked');
    assert.equal(applicant.idNumber, `330${'*'.repeat(14)}${ID_NUMBER.slice(-1)}`);
    const listed = (await mediator.get(`/api/mediation/cases?q=${c.code}`)).json();
    assert.equal(listed.items.length, 1);
    assert.equal(JSON.stringify(listed).includes('13912345678'), false);
    assert.equal(
      JSON.stringify(await mediator.get(`/api/mediation/cases/${c.id}`).then((r) => r.json())).includes(ID_NUMBER),
      false,
    );

    const reveal = await mediator.post(`/api/mediation/cases/${c.id}/reveal`);
    assert.equal(reveal.statusCode, 200, reveal.body);
    assert.deepEqual(
      reveal.json().parties.find((p: { id: number }) => p.id === applicant.id),
      { id: applicant.id, name: '钱小芳', idNumber: ID_NUMBER, phone: '13912345678' },
    );
    assert.equal((await community.post(`/api/mediation/cases/${c.id}/reveal`)).statusCode, 200, 'the community admin');

    // A fellow mediator of the studio reads the case, but the numbers are not theirs to see.
    const fellow = await addUser(
      t,
      'mediator_fellow',
      [{ role: 'mediator', divisionId: datieguan, gridId: null }],
      '和事佬 王阿姨',
    );
    assert.equal(
      (await community.put(`/api/mediation/studios/${studioId}/mediators/${fellow.me!.id}`, { title: '和事佬' }))
        .statusCode,
      200,
    );
    assert.equal((await fellow.get(`/api/mediation/cases/${c.id}`)).json().viewer, 'reader');
    assert.equal((await fellow.post(`/api/mediation/cases/${c.id}/reveal`)).statusCode, 403);
    assert.equal(
      (await fellow.post(`/api/mediation/cases/${c.id}/mediate`, {})).statusCode,
      403,
      'reading is not handling',
    );

    const audit = (await community.get(`/api/audit?action=mediation.reveal&entityId=${c.id}`)).json().items;
    assert.equal(audit.length, 2, 'one record per reveal');
    assert.deepEqual(audit.map((r: { actorName: string }) => r.actorName).sort(), [
      'community_datieguan',
      'mediator_demo',
    ]);
  });

  test('the printable agreement (人民调解协议书) escapes every value', async () => {
    const c = await open(mediator, {
      summary: '邻里纠纷 & "噪音"',
      parties: [
        {
          role: 'applicant',
          name: '<script>alert(1)</script>',
          idNumber: ID_NUMBER,
          phone: '13912345678',
          address: '2幢 <b>101</b>',
        },
        {
          role: 'respondent',
          kind: 'organisation',
          name: '某某物业 "服务" 有限公司',
          idNumber: '91330105MA2H7Q3K5N',
          representative: '张三',
        },
      ],
      facts: '楼上漏水 <img src=x onerror=alert(2)>',
    });
    assert.equal(
      (await mediator.get(`/api/mediation/cases/${c.id}/agreement.html`)).statusCode,
      404,
      'no agreement yet',
    );
    await mediator.post(`/api/mediation/cases/${c.id}/mediate`, {});
    await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
      terms: ['赔偿 <i>1000</i> 元 & 道歉', '再无争议'],
      totalFen: 100_000,
      performanceMethod: '现金 "当面" 支付',
      performanceDeadline: '2026-12-20',
      copies: 3,
    });
    const page = await mediator.get(`/api/mediation/cases/${c.id}/agreement.html`);
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html; charset=utf-8/);
    const html = page.body;
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    assert.ok(!html.includes('<script'), 'no markup from the data');
    assert.ok(!html.includes('<img') && !html.includes('<i>') && !html.includes('<b>'));
    assert.ok(html.includes('楼上漏水 &lt;img src=x onerror=alert(2)&gt;'));
    assert.ok(html.includes('某某物业 &quot;服务&quot; 有限公司'));
    assert.ok(html.includes('赔偿 &lt;i&gt;1000&lt;/i&gt; 元 &amp; 道歉'));
    for (const part of [
      '人民调解协议书',
      `编号：${c.code}`,
      '申请人',
      '被申请人',
      '纠纷主要事实、争议事项',
      '经调解，自愿达成如下协议',
      '一、',
      '二、',
      '履行方式、时限',
      '2026年12月20日',
      '1,000.00',
      '当事人（签名）',
      '人民调解员（签名）',
      '打铁关社区人民调解委员会（印章）',
      '一式三份',
      '法定代表人：张三',
    ]) {
      assert.ok(html.includes(part), `has ${part}`);
    }
    assert.ok(!html.includes(ID_NUMBER), 'ID numbers masked');
    assert.ok(html.includes(`330${'*'.repeat(14)}`));
    assert.ok(!html.includes('13912345678'));
  });

  test('the copy the parties sign carries whole ID numbers, for case handlers only, and each print is audited', async () => {
    const c = await open(mediator, {
      parties: [
        { role: 'applicant', name: '签署甲', idNumber: ID_NUMBER, phone: '13912345678' },
        { role: 'respondent', name: '签署乙' },
      ],
    });
    await mediator.post(`/api/mediation/cases/${c.id}/mediate`, {});
    await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
      terms: ['赔偿 500 元'],
      totalFen: 50_000,
      performanceMethod: '现金',
      performanceDeadline: '2026-12-20',
      copies: 3,
    });
    const printed = async () =>
      (await community.get(`/api/audit?action=mediation.agreement.print_signed&entityId=${c.id}`)).json().items
        .length as number;
    assert.equal(await printed(), 0);

    const signed = await mediator.get(`/api/mediation/cases/${c.id}/agreement.html?copy=signed`);
    assert.equal(signed.statusCode, 200);
    assert.ok(signed.body.includes(ID_NUMBER), 'whole ID number to sign');
    assert.ok(signed.body.includes('13912345678'));
    assert.equal(await printed(), 1, 'the print is audited');

    // Reading is not handling: a fellow mediator of the studio may print the masked copy only.
    const fellow = await addUser(
      t,
      'mediator_signing_fellow',
      [{ role: 'mediator', divisionId: datieguan, gridId: null }],
      '和事佬 赵阿姨',
    );
    assert.equal(
      (await community.put(`/api/mediation/studios/${studioId}/mediators/${fellow.me!.id}`, { title: '和事佬' }))
        .statusCode,
      200,
    );
    assert.equal((await fellow.get(`/api/mediation/cases/${c.id}`)).json().viewer, 'reader');
    assert.equal((await fellow.get(`/api/mediation/cases/${c.id}/agreement.html`)).statusCode, 200);
    assert.equal((await fellow.get(`/api/mediation/cases/${c.id}/agreement.html?copy=signed`)).statusCode, 403);
    assert.equal((await mediator.get(`/api/mediation/cases/${c.id}/agreement.html?copy=whole`)).statusCode, 400);
    assert.equal(await printed(), 1, 'refusals leave no record');
  });

  test("bad input gets a clear 4xx in the caller's language and changes nothing", async () => {
    const before = await countCases();
    const bad = async (body: Record<string, unknown>, path: string, lang = 'zh-CN') => {
      const res = await mediator.post('/api/mediation/cases', body, { 'accept-language': lang });
      assert.equal(res.statusCode, 400, `${path}: ${res.body}`);
      assert.ok(
        res.json().error.details.some((d: { path?: string }) => d.path?.startsWith(path)),
        `${path} in ${res.body}`,
      );
      return res.json().error;
    };
    const base = { communityId: datieguan, category: 'neighbour', summary: '纠纷', parties: parties() };
    await bad({ ...base, parties: [] }, 'body.parties');
    await bad({ ...base, category: 'gossip' }, 'body.category');
    await bad({ ...base, amountFen: 12.5 }, 'body.amountFen');
    await bad({ ...base, amountFen: -1 }, 'body.amountFen');
    await bad({ ...base, risk: 'extreme' }, 'body.risk');
    const id = await bad(
      { ...base, parties: parties({ idNumber: '330105197506121230' }) },
      'body.parties.0.idNumber',
      'en',
    );
    assert.ok(id.details.some((d: { message: string }) => d.message === 'Not a valid ID number'));
    const zh = await bad({ ...base, parties: parties({ phone: '12345' }) }, 'body.parties.0.phone');
    assert.ok(zh.details.some((d: { message: string }) => d.message === '电话号码无效'));
    await bad({ ...base, parties: [{ role: 'respondent', name: '只有被申请人' }] }, 'body.parties');
    await bad({ ...base, communityId: undefined }, 'body.communityId');
    await bad({ ...base, summary: undefined }, 'body.summary');
    const street = (await demoIndex(admin)).division('文晖街道').id;
    assert.equal(
      (await mediator.post('/api/mediation/cases', { ...base, communityId: street })).statusCode,
      403,
      "a street outside the mediator's scope",
    );
    const notCommunity = await admin.post('/api/mediation/cases', { ...base, communityId: street });
    assert.equal(notCommunity.statusCode, 400, notCommunity.body);
    assert.ok(notCommunity.json().error.details.some((d: { path?: string }) => d.path === 'body.communityId'));
    await bad({ ...base, studioId: 999_999 }, 'body.studioId');
    assert.equal(await countCases(), before, 'nothing was written');

    const c = await open(mediator);
    await mediator.post(`/api/mediation/cases/${c.id}/mediate`, {});
    const agreement = {
      terms: ['赔偿'],
      totalFen: 300_000,
      instalments: [
        { dueOn: '2026-12-01', amountFen: 100_000 },
        { dueOn: '2026-12-31', amountFen: 100_000 },
      ],
      performanceMethod: '转账',
      performanceDeadline: '2026-12-31',
    };
    const sum = await mediator.post(`/api/mediation/cases/${c.id}/agreement`, agreement, { 'accept-language': 'en' });
    assert.equal(sum.statusCode, 400);
    assert.equal(
      sum.json().error.details[0].message,
      'The instalments add up to 2000.00 yuan, not the agreed total of 3000.00 yuan',
    );
    const order = await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
      ...agreement,
      totalFen: 200_000,
      instalments: [...agreement.instalments].reverse(),
    });
    assert.equal(order.statusCode, 400, 'instalments out of order');
    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
          ...agreement,
          totalFen: 200_000,
          signedOn: '2027-01-01',
        })
      ).statusCode,
      400,
      'signed in the future',
    );
    assert.equal(
      (
        await mediator.post(`/api/mediation/cases/${c.id}/agreement`, {
          ...agreement,
          totalFen: 200_000,
          performanceDeadline: '2026-01-01',
        })
      ).statusCode,
      400,
      'due before signing',
    );
    assert.equal(
      (await mediator.post(`/api/mediation/cases/${c.id}/agreement`, { ...agreement, terms: [] })).statusCode,
      400,
    );
    const still = (await mediator.get(`/api/mediation/cases/${c.id}`)).json();
    assert.equal(still.status, 'mediating');
    assert.equal(still.agreement, null);
    assert.equal(still.timeline.length, 2);
    assert.equal(
      (await mediator.post(`/api/mediation/cases/${c.id}/extend`, { days: 10, reason: '需要' })).statusCode,
      403,
      'only admins extend',
    );
    assert.equal(
      (await community.post(`/api/mediation/cases/${c.id}/extend`, { days: 0, reason: '需要更多时间' })).statusCode,
      400,
    );
    assert.equal(
      (await community.post(`/api/mediation/cases/${c.id}/extend`, { days: 91, reason: '需要更多时间' })).statusCode,
      400,
    );
    assert.equal((await mediator.patch(`/api/mediation/cases/${c.id}`, {})).statusCode, 400, 'nothing to change');
    assert.equal(
      (await mediator.patch(`/api/mediation/cases/${c.id}`, { risk: 'high', amountFen: 500_000 })).json().risk,
      'high',
    );
    assert.equal((await mediator.get('/api/mediation/cases/999999')).statusCode, 404);
    assert.equal((await mediator.post('/api/mediation/cases/999999/mediate', {})).statusCode, 404);
    assert.equal((await mediator.get('/api/mediation/cases?cursor=%%%')).statusCode, 400);
  });
});
