import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

// The harness's clock starts at 2026-11-20 10:00 in Asia/Shanghai (a Friday).
const HERE = { lat: 30.2741, lng: 120.1551 };
const near = (metres: number) => ({ lat: HERE.lat + metres / 111_195, lng: HERE.lng });

describe('odd-job market: verified employer, moderated posting, matching, hire, QR attendance, pay, unpaid → rights', () => {
  let t: TestApp;
  let admin: Client;
  let employer: Client;
  let stranger: Client;
  let seekerA: Client;
  let seekerFar: Client;
  let seekerNoSkill: Client;
  let otherAdmin: Client;
  let datieguan: number;
  let employerId: number;
  let postingId: number;
  let seekerAUser: number;

  const dayJob = (over: Record<string, unknown> = {}) => ({
    title: '仓库搬运（日结）',
    description: '卸货搬运，包午餐，当天结清。',
    kind: 'day_paid',
    wageFen: 30_000,
    wageUnit: 'day',
    placeName: '打铁关物流仓',
    ...HERE,
    startsAt: '2026-11-21T08:00:00+08:00',
    endsAt: '2026-11-21T17:00:00+08:00',
    skills: ['搬运'],
    headcount: 2,
    ...over,
  });
  const profile = (over: Record<string, unknown> = {}) => ({
    skills: ['搬运', '保洁'],
    ...near(800),
    radiusM: 3000,
    expectedHourlyFen: 2500,
    ...over,
  });
  const notificationsOf = async (userId: number, kind: string) =>
    t.services.database.db
      .selectFrom('notifications.notifications')
      .select(['title', 'entity_id'])
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .execute();
  const userIdOf = async (c: Client) => (await c.get('/api/auth/me')).json().id as number;
  const detail = (res: { json(): any }): string => res.json().error?.details?.[0]?.message ?? '';

  before(async () => {
    t = await startTestApp({
      LOGIN_RATE_LIMIT_PER_MINUTE: '500',
      ODDJOBS_EXPOSURE_CAP: '2',
      SESSION_TTL_HOURS: '720',
    });
    admin = await t.login('community_datieguan');
    const index = await demoIndex(await t.login('admin'));
    datieguan = index.division('打铁关社区').id;
    const wangma = index.division('王马社区').id;
    employer = await addResident(t, 'oj_employer', datieguan, '陈建国');
    stranger = await addResident(t, 'oj_stranger', wangma, '王芳');
    seekerA = await addResident(t, 'oj_seeker_a', datieguan, '林晓梅');
    seekerAUser = await userIdOf(seekerA);
    seekerFar = await addResident(t, 'oj_seeker_far', datieguan, '赵远');
    seekerNoSkill = await addResident(t, 'oj_seeker_noskill', datieguan, '钱多');
    otherAdmin = await addUser(t, 'oj_wangma_admin', [{ role: 'community_admin', divisionId: wangma, gridId: null }]);
    assert.equal((await seekerA.put('/api/oddjobs/seekers/me', profile())).statusCode, 200);
    assert.equal((await seekerFar.put('/api/oddjobs/seekers/me', profile(near(20_000)))).statusCode, 200);
    const noSkill = await seekerNoSkill.put('/api/oddjobs/seekers/me', profile({ skills: ['电工'] }));
    assert.equal(noSkill.statusCode, 200, noSkill.body);
  });
  after(() => t.close());

  test('an employer registers with a checked credit code and is reviewed before posting', async () => {
    const body = {
      name: '杭州打铁关物流有限公司',
      communityId: datieguan,
      contactName: '陈建国',
      contactPhone: '13912345678',
    };
    const bad = await employer.post('/api/oddjobs/employers', { ...body, creditCode: '91350100M000100Y44' });
    assert.equal(bad.statusCode, 400);
    assert.match(detail(bad), /统一社会信用代码无效/);
    const res = await employer.post('/api/oddjobs/employers', { ...body, creditCode: '91350100m000100y43' });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'pending');
    assert.equal(res.json().creditCode, '91350100M000100Y43');
    employerId = res.json().id;
    assert.equal(
      (await employer.post('/api/oddjobs/employers', { ...body, creditCode: '91110000600037341L' })).statusCode,
      409,
    );
    // Not yet approved: no posting.
    const early = await employer.post('/api/oddjobs/postings', dayJob());
    assert.equal(early.statusCode, 403);
    // The queue masks the contact; another community's admin cannot see or review it; a resident neither.
    const queue = (await admin.get('/api/oddjobs/employers?status=pending')).json();
    assert.deepEqual(
      queue.items.map((e: any) => [e.id, e.contactPhone]),
      [[employerId, '139****5678']],
    );
    assert.equal(
      (await otherAdmin.post(`/api/oddjobs/employers/${employerId}/review`, { decision: 'approve' })).statusCode,
      404,
    );
    assert.equal((await stranger.get('/api/oddjobs/employers')).statusCode, 403);
    const ok = await admin.post(`/api/oddjobs/employers/${employerId}/review`, { decision: 'approve' });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'approved');
    assert.equal(
      (await admin.post(`/api/oddjobs/employers/${employerId}/review`, { decision: 'approve' })).statusCode,
      409,
    );
  });

  test('postings below the minimum wage or asking for fees are refused with a clear 400', async () => {
    const low = await employer.post('/api/oddjobs/postings', dayJob({ wageFen: 15_000 }));
    assert.equal(low.statusCode, 400);
    assert.match(detail(low), /低于.*最低工资标准/);
    assert.match(detail(low), /150 元低于杭州市最低工资标准 176 元/);
    const lowHour = await employer.post('/api/oddjobs/postings', dayJob({ wageFen: 2000, wageUnit: 'hour' }));
    assert.match(detail(lowHour), /低于.*最低工资标准/);
    const lowMonth = await employer.post(
      '/api/oddjobs/postings',
      dayJob({ wageFen: 200_000, wageUnit: 'month', kind: 'long_term' }),
    );
    assert.match(detail(lowMonth), /低于.*最低工资标准/);
    const fee = await employer.post('/api/oddjobs/postings', dayJob({ description: '上岗前需交押金 200 元，日结。' }));
    assert.equal(fee.statusCode, 400);
    assert.match(detail(fee), /不得向劳动者收取/);
    assert.match(detail(fee), /押金/);
    const spaced = await employer.post('/api/oddjobs/postings', dayJob({ title: '保 证 金100 招工' }));
    assert.match(detail(spaced), /不得向劳动者收取/);
    const count = await t.services.database.db
      .selectFrom('oddjobs.postings')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 0);
  });

  test('a day job is posted and the seekers it suits are told at once; the far and the unskilled are not', async () => {
    const res = await employer.post('/api/oddjobs/postings', dayJob());
    assert.equal(res.statusCode, 201, res.body);
    const p = res.json();
    postingId = p.id;
    assert.equal(p.hourlyFen, 3750);
    assert.equal(p.city, '杭州市');
    assert.equal(p.minimumFen, 17_600);
    assert.equal(p.notified, 1);
    const told = await notificationsOf(seekerAUser, 'oddjobs.match');
    assert.equal(told.length, 1);
    assert.equal(told[0]!.entity_id, String(postingId));
    assert.match(told[0]!.title, /仓库搬运/);
    assert.equal((await notificationsOf(await userIdOf(seekerFar), 'oddjobs.match')).length, 0);
    assert.equal((await notificationsOf(await userIdOf(seekerNoSkill), 'oddjobs.match')).length, 0);
  });

  test('match lists: why this job; nothing for the far or unskilled; the exposure cap holds back new seekers', async () => {
    const a = (await seekerA.get('/api/oddjobs/matches')).json();
    assert.equal(a.items.length, 1);
    assert.equal(a.items[0].posting.id, postingId);
    assert.ok(a.items[0].distanceM > 700 && a.items[0].distanceM < 900);
    assert.equal(a.items[0].why, '技能对口：搬运 · 距您 0.8 公里 · 时薪 37.50 元，不低于您期望的 25 元 · 周六，您有空');
    assert.equal((await seekerFar.get('/api/oddjobs/matches')).json().items.length, 0);
    assert.equal((await seekerNoSkill.get('/api/oddjobs/matches')).json().items.length, 0);
    // The cap is 2 seekers a day: A (told) and D are shown it; E is not; A still is.
    const d = await addResident(t, 'oj_seeker_d', datieguan, '孙德');
    const e = await addResident(t, 'oj_seeker_e', datieguan, '周恩');
    await d.put('/api/oddjobs/seekers/me', profile());
    await e.put('/api/oddjobs/seekers/me', profile());
    assert.equal((await d.get('/api/oddjobs/matches')).json().items.length, 1);
    assert.equal((await e.get('/api/oddjobs/matches')).json().items.length, 0);
    assert.equal((await seekerA.get('/api/oddjobs/matches')).json().items.length, 1);
    // A new local day starts the count again.
    t.clock.advance(24 * 3_600_000);
    assert.equal((await e.get('/api/oddjobs/matches')).json().items.length, 1);
    t.clock.advance(-24 * 3_600_000);
    const noProfile = await stranger.get('/api/oddjobs/matches');
    assert.equal(noProfile.statusCode, 409);
  });

  let appA: number;
  test('apply → hired: the employer sees the name masked until hiring', async () => {
    const res = await seekerA.post(`/api/oddjobs/postings/${postingId}/applications`, { note: '有力气' });
    assert.equal(res.statusCode, 201, res.body);
    appA = res.json().id;
    assert.equal((await seekerA.post(`/api/oddjobs/postings/${postingId}/applications`, {})).statusCode, 409);
    assert.equal((await notificationsOf(await userIdOf(employer), 'oddjobs.applied')).length, 1);
    const list = (await employer.get(`/api/oddjobs/postings/${postingId}/applications`)).json();
    assert.equal(list.items[0].seekerName, '林*梅');
    assert.equal((await stranger.get(`/api/oddjobs/postings/${postingId}/applications`)).statusCode, 404);
    assert.equal((await stranger.get(`/api/oddjobs/applications/${appA}`)).statusCode, 404);
    assert.equal((await seekerA.post(`/api/oddjobs/applications/${appA}/decide`, { action: 'hire' })).statusCode, 403);
    const iv = await employer.post(`/api/oddjobs/applications/${appA}/decide`, { action: 'interview' });
    assert.equal(iv.json().status, 'interview');
    const hired = await employer.post(`/api/oddjobs/applications/${appA}/decide`, { action: 'hire' });
    assert.equal(hired.statusCode, 200, hired.body);
    assert.equal(hired.json().status, 'hired');
    assert.equal(hired.json().seekerName, '林晓梅');
    assert.equal((await notificationsOf(seekerAUser, 'oddjobs.decision')).length, 2);
  });

  test('check-in and check-out by the signed QR code: forged, wrong and expired codes refused', async () => {
    assert.equal((await stranger.get(`/api/oddjobs/postings/${postingId}/qr?purpose=in`)).statusCode, 404);
    assert.equal((await seekerA.get(`/api/oddjobs/postings/${postingId}/qr?purpose=in`)).statusCode, 404);
    const qrIn = (await employer.get(`/api/oddjobs/postings/${postingId}/qr?purpose=in`)).json();
    const [payload, sig] = qrIn.token.split('.');
    const forged = `${payload}.${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`;
    const f = await seekerA.post(`/api/oddjobs/applications/${appA}/check-in`, { token: forged });
    assert.equal(f.statusCode, 400);
    assert.match(detail(f), /二维码无效/);
    const qrOut = (await employer.get(`/api/oddjobs/postings/${postingId}/qr?purpose=out`)).json();
    const wrong = await seekerA.post(`/api/oddjobs/applications/${appA}/check-in`, { token: qrOut.token });
    assert.match(detail(wrong), /不是本岗位/);
    // Out before in: not at that step.
    assert.equal(
      (await seekerA.post(`/api/oddjobs/applications/${appA}/check-out`, { token: qrOut.token })).statusCode,
      409,
    );
    t.clock.advance(6 * 60_000);
    const old = await seekerA.post(`/api/oddjobs/applications/${appA}/check-in`, { token: qrIn.token });
    assert.match(detail(old), /二维码已过期/);
    const fresh = (await employer.get(`/api/oddjobs/postings/${postingId}/qr?purpose=in`)).json();
    const checkedIn = await seekerA.post(`/api/oddjobs/applications/${appA}/check-in`, { token: fresh.token });
    assert.equal(checkedIn.statusCode, 200, checkedIn.body);
    assert.equal(checkedIn.json().status, 'checked_in');
    t.clock.advance(8 * 3_600_000);
    const out = (await employer.get(`/api/oddjobs/postings/${postingId}/qr?purpose=out`)).json();
    const checkedOut = await seekerA.post(`/api/oddjobs/applications/${appA}/check-out`, { token: out.token });
    assert.equal(checkedOut.json().status, 'checked_out');
    assert.equal(checkedOut.json().dueFen, 30_000);
  });

  test('both sides confirm the pay, then rate each other once; a paid job cannot be reported unpaid', async () => {
    const e = await employer.post(`/api/oddjobs/applications/${appA}/pay`, { amountFen: 30_000 });
    assert.equal(e.json().status, 'checked_out');
    const s = await seekerA.post(`/api/oddjobs/applications/${appA}/pay`, { amountFen: 30_000 });
    assert.equal(s.json().status, 'paid');
    assert.equal(
      (await employer.post(`/api/oddjobs/applications/${appA}/rating`, { stars: 5 })).json().employerRating,
      5,
    );
    assert.equal((await seekerA.post(`/api/oddjobs/applications/${appA}/rating`, { stars: 4 })).json().seekerRating, 4);
    assert.equal((await seekerA.post(`/api/oddjobs/applications/${appA}/rating`, { stars: 1 })).statusCode, 409);
    assert.equal((await seekerA.post(`/api/oddjobs/applications/${appA}/unpaid`)).statusCode, 409);
  });

  test('没拿到工钱: one tap opens a rights case prefilled with employer, posting, amount and attendance', async () => {
    const d = await t.login('oj_seeker_d');
    const res = await d.post(`/api/oddjobs/postings/${postingId}/applications`, {});
    assert.equal(res.statusCode, 201, res.body);
    const appD = res.json().id;
    // Not yet at work: nothing to report.
    await employer.post(`/api/oddjobs/applications/${appD}/decide`, { action: 'hire' });
    assert.equal((await d.post(`/api/oddjobs/applications/${appD}/unpaid`)).statusCode, 409);
    const inCode = (await employer.get(`/api/oddjobs/postings/${postingId}/qr?purpose=in`)).json().token;
    await d.post(`/api/oddjobs/applications/${appD}/check-in`, { token: inCode });
    t.clock.advance(8 * 3_600_000);
    const outCode = (await employer.get(`/api/oddjobs/postings/${postingId}/qr?purpose=out`)).json().token;
    await d.post(`/api/oddjobs/applications/${appD}/check-out`, { token: outCode });
    assert.equal((await employer.post(`/api/oddjobs/applications/${appD}/unpaid`)).statusCode, 403);
    const unpaid = await d.post(`/api/oddjobs/applications/${appD}/unpaid`);
    assert.equal(unpaid.statusCode, 201, unpaid.body);
    assert.equal(unpaid.json().claimFen, 30_000);
    const c = (await d.get(`/api/rights/cases/${unpaid.json().rightsCaseId}`)).json();
    assert.equal(c.source, 'odd_job');
    assert.equal(c.kind.code, 'wage');
    assert.equal(c.employerName, '杭州打铁关物流有限公司');
    assert.equal(c.claimFen, 30_000);
    assert.equal(c.sourceRef.postingId, postingId);
    assert.equal(c.sourceRef.applicationId, appD);
    assert.equal(c.sourceRef.creditCode, '91350100M000100Y43');
    assert.ok(c.sourceRef.checkInAt && c.sourceRef.checkOutAt);
    assert.match(c.summary, /仓库搬运.*扫码签到.*签退.*应得 300 元，未拿到工钱/);
    assert.equal((await d.get(`/api/oddjobs/applications/${appD}`)).json().rightsCaseId, c.id);
    assert.equal((await d.post(`/api/oddjobs/applications/${appD}/unpaid`)).statusCode, 409);
    // The headcount of 2 is hired: the posting is filled and gone from match lists.
    assert.equal((await employer.get(`/api/oddjobs/postings/${postingId}`)).json().status, 'filled');
    assert.equal((await admin.get('/api/oddjobs/postings')).json().items[0].hiredCount, 2);
  });
});
