import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

/** 普法与反诈: the library found by Chinese search, residents' reports of suspicious numbers, anti-fraud lessons. */
describe('legal education and fraud reports', () => {
  let t: TestApp;
  let staff: Client;
  let otherStaff: Client;
  let resident: Client;
  let neighbour: Client;
  let datieguan: number;
  let other: number;

  const db = () => t.services.database.db;
  const count = async (table: 'legal.articles' | 'legal.reports') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-05-12T02:00:00Z'));
    datieguan = (
      await db().selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
    ).id;
    other = (
      await db()
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .where('id', '!=', datieguan)
        .executeTakeFirstOrThrow()
    ).id;
    staff = await t.login('community_datieguan');
    resident = await t.login('resident_demo');
    neighbour = await addResident(t, 'legal_neighbour', datieguan, '居民 王秀英');
    otherStaff = await addUser(t, 'legal_other_admin', [{ role: 'community_admin', divisionId: other, gridId: null }]);
  });
  after(() => t.close());

  const article = (over: Record<string, unknown> = {}) => ({
    divisionId: datieguan,
    kind: 'law',
    title: '物业费纠纷怎么办',
    summary: '业主与物业公司因物业费发生争议时的处理办法',
    body: '根据《民法典》第九百四十四条，业主应当按照约定向物业服务人支付物业费。物业服务人不得采取停止供电、供水等方式催交物业费。',
    source: '《民法典》第九百四十四条',
    status: 'published',
    ...over,
  });

  test('the library: written by staff of the area, published ones read by everyone, found by Chinese words', async () => {
    const law = await staff.post('/api/legal/articles', article());
    assert.equal(law.statusCode, 201, law.body);
    const fraud = await staff.post(
      '/api/legal/articles',
      article({
        kind: 'fraud_case',
        fraudType: 'impersonating_officials',
        title: '“公安民警”来电称涉嫌洗钱',
        summary: '冒充公检法诈骗案例',
        body: '骗子冒充公安局民警，称老人银行卡涉嫌洗钱，要求把存款转入“安全账户”。公安机关不会电话办案，更没有安全账户。',
        source: '拱墅公安分局',
      }),
    );
    assert.equal(fraud.statusCode, 201, fraud.body);
    const draft = await staff.post('/api/legal/articles', article({ title: '高空抛物的法律责任', status: 'draft' }));
    assert.equal(draft.statusCode, 201);

    const before = await count('legal.articles');
    for (const bad of [
      { kind: 'fraud_case' }, // a fraud case needs its kind of fraud
      { fraudType: 'order_brushing' }, // and only fraud cases have one
      { title: '' },
      { kind: 'poem' },
    ]) {
      const res = await staff.post('/api/legal/articles', article(bad));
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
    }
    assert.equal((await otherStaff.post('/api/legal/articles', article())).statusCode, 403);
    assert.equal((await resident.post('/api/legal/articles', article())).statusCode, 403);
    assert.equal(await count('legal.articles'), before, 'nothing kept from refused writes');

    // Words of a query are cut by jieba and must all be found: 民警 and 安全账户 are inside the fraud case only.
    const found = (await resident.get(`/api/legal/articles?q=${encodeURIComponent('民警 安全账户')}`)).json();
    assert.deepEqual(
      found.items.map((a: { id: number }) => a.id),
      [fraud.json().id],
    );
    assert.ok(found.items[0].matched.includes('民警'));
    const fees = (await resident.get(`/api/legal/articles?q=${encodeURIComponent('物业费')}`)).json();
    assert.deepEqual(
      fees.items.map((a: { id: number }) => a.id),
      [law.json().id],
      'the draft about 高空抛物 shares the body but is not published',
    );
    const byType = (await resident.get('/api/legal/articles?fraudType=impersonating_officials')).json();
    assert.deepEqual(
      byType.items.map((a: { id: number }) => a.id),
      [fraud.json().id],
    );
    assert.equal((await resident.get(`/api/legal/articles/${draft.json().id}`)).statusCode, 404);
    const staffDrafts = (await staff.get('/api/legal/articles?status=draft')).json();
    assert.deepEqual(
      staffDrafts.items.map((a: { id: number }) => a.id),
      [draft.json().id],
    );
    assert.equal((await otherStaff.get('/api/legal/articles?status=draft')).json().items.length, 0);

    // Publishing the draft makes it readable; its first publication time is kept through later edits.
    const published = await staff.patch(`/api/legal/articles/${draft.json().id}`, { status: 'published' });
    assert.equal(published.statusCode, 200, published.body);
    const at = published.json().publishedAt;
    t.clock.advance(60_000);
    await staff.patch(`/api/legal/articles/${draft.json().id}`, { summary: '谁扔的谁负责' });
    const read = await resident.get(`/api/legal/articles/${draft.json().id}`);
    assert.equal(read.statusCode, 200);
    assert.equal(read.json().publishedAt, at);
    assert.equal(read.json().mayEdit, false);
    assert.equal((await otherStaff.patch(`/api/legal/articles/${law.json().id}`, { title: '改' })).statusCode, 403);
  });

  test('a suspicious number opens one matter for the anti-fraud team; repeats join it; the reporter is told 96110', async () => {
    const first = await resident.post('/api/legal/reports', {
      kind: 'phone',
      target: '+86 138-0013-8000',
      description: '自称公安局民警，说我的银行卡涉嫌洗钱，让我转账到安全账户',
    });
    assert.equal(first.statusCode, 201, first.body);
    const r1 = first.json();
    assert.equal(r1.advice.hotline, '96110');
    assert.equal(r1.advice.callPoliceNow, false);
    assert.equal(r1.sameTargetReports, 1);
    assert.ok(r1.matterId);
    const matter = await staff.get(`/api/matters/${r1.matterId}`);
    assert.equal(matter.statusCode, 200, matter.body);
    assert.match(matter.json().description, /13800138000|138-0013-8000/);

    // The same number written another way, by a neighbour who lost money: the same matter, counted twice.
    const second = await neighbour.post('/api/legal/reports', {
      kind: 'phone',
      target: '13800138000',
      description: '对方冒充民警，我已经转了钱',
      moneyLost: true,
      amountYuan: 5000,
    });
    assert.equal(second.statusCode, 201, second.body);
    assert.equal(second.json().matterId, r1.matterId);
    assert.equal(second.json().sameTargetReports, 2);
    assert.equal(second.json().advice.callPoliceNow, true);
    const timeline = (await staff.get(`/api/matters/${r1.matterId}`)).json();
    assert.ok(JSON.stringify(timeline).includes('又一位居民举报'), 'the repeat is a note on the matter');

    // A link is another target and another matter.
    const link = await resident.post('/api/legal/reports', {
      kind: 'link',
      target: 'https://www.fake-refund.example/claim?id=9',
      description: '短信说快递丢失要理赔，点开要填银行卡',
    });
    assert.equal(link.statusCode, 201);
    assert.notEqual(link.json().matterId, r1.matterId);

    const kept = await count('legal.reports');
    const outsider = await addUser(t, 'legal_visitor', [{ role: 'resident', divisionId: datieguan, gridId: null }]);
    for (const [who, bad] of [
      [outsider, { kind: 'phone', target: '13900000000', description: '可疑来电' }], // no home, no community named
      [outsider, { kind: 'phone', target: '13900000000', description: '可疑来电', communityId: 999999 }],
      [resident, { kind: 'phone', target: '13900000000', description: '可疑来电', amountYuan: 10 }], // amount, no loss
      [resident, { kind: 'fax', target: '13900000000', description: '可疑来电' }],
      [resident, { kind: 'phone', target: '1', description: '可疑来电' }],
    ] as const) {
      const res = await who.post('/api/legal/reports', bad);
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
    }
    assert.equal(await count('legal.reports'), kept, 'nothing kept from refused reports');
    const named = await outsider.post('/api/legal/reports', {
      kind: 'sms',
      target: '106-9000-1234',
      description: '短信说医保卡被冻结',
      communityId: datieguan,
    });
    assert.equal(named.statusCode, 201, named.body);

    // Staff of the area see the reports with the reporters' names masked; others see none.
    const list = (await staff.get('/api/legal/reports?limit=50')).json();
    assert.equal(list.items.length, 4);
    const mine = list.items.find((r: { id: number }) => r.id === second.json().id);
    assert.equal(mine.reporterName.includes('王秀英'), false);
    assert.equal(mine.amountYuan, 5000);
    assert.equal((await staff.get('/api/legal/reports?moneyLost=true')).json().items.length, 1);
    assert.equal((await staff.get('/api/legal/reports?q=fake-refund')).json().items.length, 1);
    assert.equal((await otherStaff.get('/api/legal/reports')).json().items.length, 0);
    assert.equal((await resident.get('/api/legal/reports')).statusCode, 403);
    assert.equal((await resident.get('/api/legal/reports/mine')).json().items.length, 2);
    assert.equal((await neighbour.get(`/api/legal/reports/${r1.id}`)).statusCode, 404, 'not another’s report');
    assert.equal((await otherStaff.get(`/api/legal/reports/${r1.id}`)).statusCode, 404);

    const tally = (await staff.get('/api/legal/reports/targets')).json();
    assert.equal(tally.items[0].reports, 2);
    assert.equal(tally.byKind.find((k: { kind: string }) => k.kind === 'phone').reports, 2);

    const audit = await db()
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', '=', 'legal.report.create')
      .execute();
    assert.equal(audit.length, 4);
  });

  test('a closed matter is not reopened by a repeat: a new report of the number opens a new one', async () => {
    const first = await resident.post('/api/legal/reports', {
      kind: 'phone',
      target: '17000001111',
      description: '刷单返利，先垫付',
    });
    const matterId = first.json().matterId;
    await db().updateTable('matters.matters').set({ status: 'closed' }).where('id', '=', matterId).execute();
    const again = await neighbour.post('/api/legal/reports', {
      kind: 'phone',
      target: '170 0000 1111',
      description: '又打来了，让我做刷单任务',
    });
    assert.equal(again.statusCode, 201);
    assert.notEqual(again.json().matterId, matterId);
    assert.equal(again.json().sameTargetReports, 2);
  });

  test('anti-fraud lessons are courses that name the fraud they teach to spot', async () => {
    const course = (over: Record<string, unknown>) => ({
      communityId: datieguan,
      category: 'anti_fraud',
      fraudType: 'order_brushing',
      title: '识破刷单返利',
      lessonText: '刷单返利是最常见的诈骗：先给小甜头，再让你垫付大额。',
      quiz: [{ question: '刷单要先垫付，可以吗？', options: ['可以', '不可以'], answer: 1 }],
      ...over,
    });
    assert.equal((await staff.post('/api/courses', course({ fraudType: null }))).statusCode, 400);
    assert.equal(
      (await staff.post('/api/courses', course({ category: 'safety' }))).statusCode,
      400,
      'a fraud type only on anti-fraud lessons',
    );
    const made = await staff.post('/api/courses', course({}));
    assert.equal(made.statusCode, 201, made.body);
    const catalogue = (await resident.get('/api/courses?category=anti_fraud&fraudType=order_brushing')).json();
    assert.ok(catalogue.items.some((c: { id: number; fraudType: string }) => c.fraudType === 'order_brushing'));
    const none = (await resident.get('/api/courses?fraudType=fake_loan')).json();
    assert.equal(none.items.length, 0);
  });
});
