import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

// The harness's clock starts at 2026-11-20 10:00 in Asia/Shanghai.
const key = (res: { json(): any }): string => res.json().error?.details?.[0]?.message ?? '';

describe('job fairs: fair, booths by approved employers, sign-up, door QR, interview → offer → hire, 30-day follow-up, report', () => {
  let t: TestApp;
  let admin: Client;
  let otherAdmin: Client;
  let employer: Client;
  let pendingEmployer: Client;
  let seekerA: Client;
  let seekerB: Client;
  let seekerC: Client;
  let datieguan: number;
  let fairId: number;
  let boothId: number;
  let positionId: number;
  let codeB: string;
  let interviewA: number;
  let interviewB: number;

  const fairBody = (over: Record<string, unknown> = {}) => ({
    divisionId: datieguan,
    title: '家门口的招聘会·十一月场',
    placeName: '打铁关社区党群服务中心二楼',
    startsAt: '2026-11-21T09:00:00+08:00',
    endsAt: '2026-11-21T16:00:00+08:00',
    capacity: 2,
    ...over,
  });
  const employerBody = (creditCode: string, name: string) => ({
    name,
    creditCode,
    communityId: datieguan,
    contactName: '陈建国',
    contactPhone: '13912345678',
  });

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', SESSION_TTL_HOURS: '720' });
    admin = await t.login('community_datieguan');
    const index = await demoIndex(await t.login('admin'));
    datieguan = index.division('打铁关社区').id;
    const wangma = index.division('王马社区').id;
    otherAdmin = await addUser(t, 'jf_wangma_admin', [{ role: 'community_admin', divisionId: wangma, gridId: null }]);
    employer = await addResident(t, 'jf_employer', datieguan, '陈建国');
    pendingEmployer = await addResident(t, 'jf_pending', datieguan, '周小店');
    seekerA = await addResident(t, 'jf_seeker_a', datieguan, '林晓梅');
    seekerB = await addResident(t, 'jf_seeker_b', datieguan, '赵强');
    seekerC = await addResident(t, 'jf_seeker_c', wangma, '钱多');
    const reg = await employer.post('/api/oddjobs/employers', employerBody('91350100M000100Y43', '打铁关物流有限公司'));
    assert.equal(reg.statusCode, 201, reg.body);
    const ok = await admin.post(`/api/oddjobs/employers/${reg.json().id}/review`, { decision: 'approve' });
    assert.equal(ok.statusCode, 200, ok.body);
    const pending = await pendingEmployer.post(
      '/api/oddjobs/employers',
      employerBody('91110000600037341L', '周记小店'),
    );
    assert.equal(pending.statusCode, 201, pending.body);
  });
  after(() => t.close());

  test('staff set up and publish a fair; bad input is a 4xx; others are denied by default', async () => {
    const backwards = await admin.post('/api/jobfairs/fairs', fairBody({ endsAt: '2026-11-21T08:00:00+08:00' }));
    assert.equal(backwards.statusCode, 400);
    assert.equal((await admin.post('/api/jobfairs/fairs', fairBody({ capacity: 0 }))).statusCode, 400);
    // A resident holds no jobfairs permission; another community's admin cannot hold one here.
    assert.equal((await seekerA.post('/api/jobfairs/fairs', fairBody())).statusCode, 403);
    assert.equal((await seekerA.get('/api/jobfairs/fairs')).statusCode, 403);
    assert.equal((await otherAdmin.post('/api/jobfairs/fairs', fairBody())).statusCode, 403);
    const res = await admin.post('/api/jobfairs/fairs', fairBody());
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'draft');
    fairId = res.json().id;
    // A draft is the staff's: seekers and other communities do not see it.
    assert.equal((await seekerA.get(`/api/jobfairs/fairs/${fairId}`)).statusCode, 404);
    assert.equal((await seekerA.post(`/api/jobfairs/fairs/${fairId}/signup`)).statusCode, 404);
    assert.equal((await otherAdmin.post(`/api/jobfairs/fairs/${fairId}/publish`)).statusCode, 404);
    const pub = await admin.post(`/api/jobfairs/fairs/${fairId}/publish`);
    assert.equal(pub.statusCode, 200, pub.body);
    assert.equal(pub.json().status, 'published');
    assert.equal((await admin.post(`/api/jobfairs/fairs/${fairId}/publish`)).statusCode, 409);
    // Published: everyone sees it; the other community's admin still may not run it or read its records.
    assert.equal((await otherAdmin.post(`/api/jobfairs/fairs/${fairId}/close`)).statusCode, 403);
    assert.equal((await otherAdmin.get(`/api/jobfairs/fairs/${fairId}/report`)).statusCode, 404);
    assert.equal((await otherAdmin.get(`/api/jobfairs/fairs/${fairId}/signups`)).statusCode, 404);
    assert.equal((await otherAdmin.get(`/api/jobfairs/fairs/${fairId}/door-code`)).statusCode, 403);
    assert.deepEqual((await otherAdmin.get('/api/jobfairs/fairs')).json().items, []);
    const list = await admin.get(`/api/jobfairs/fairs?status=published&q=${encodeURIComponent('十一月')}&limit=5`);
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(
      list.json().items.map((f: any) => f.id),
      [fairId],
    );
    const upcoming = await seekerC.get('/api/jobfairs/upcoming');
    assert.equal(upcoming.statusCode, 200, upcoming.body);
    assert.ok(upcoming.json().items.some((f: any) => f.id === fairId));
  });

  test('only an approved employer takes a booth; a position below the minimum wage is refused', async () => {
    const refused = await pendingEmployer.post(`/api/jobfairs/fairs/${fairId}/booths`);
    assert.equal(refused.statusCode, 403);
    assert.match(key(refused), /审核/);
    assert.equal((await seekerA.post(`/api/jobfairs/fairs/${fairId}/booths`)).statusCode, 403);
    const booth = await employer.post(`/api/jobfairs/fairs/${fairId}/booths`);
    assert.equal(booth.statusCode, 201, booth.body);
    boothId = booth.json().id;
    assert.equal((await employer.post(`/api/jobfairs/fairs/${fairId}/booths`)).statusCode, 409);
    const low = await employer.post(`/api/jobfairs/booths/${boothId}/positions`, {
      title: '仓库理货员',
      headcount: 3,
      wageFen: 1000,
      wageUnit: 'hour',
    });
    assert.equal(low.statusCode, 400);
    assert.match(key(low), /最低工资/);
    // Someone else's booth is not theirs to fill.
    const foreign = await pendingEmployer.post(`/api/jobfairs/booths/${boothId}/positions`, {
      title: '仓库理货员',
      headcount: 3,
      wageFen: 3000,
      wageUnit: 'hour',
    });
    assert.equal(foreign.statusCode, 404);
    const pos = await employer.post(`/api/jobfairs/booths/${boothId}/positions`, {
      title: '仓库理货员',
      headcount: 3,
      wageFen: 30_000,
      wageUnit: 'day',
    });
    assert.equal(pos.statusCode, 201, pos.body);
    positionId = pos.json().id;
    const more = await employer.post(`/api/jobfairs/booths/${boothId}/positions`, {
      title: '叉车司机',
      headcount: 2,
      wageFen: 650_000,
      wageUnit: 'month',
    });
    assert.equal(more.statusCode, 201, more.body);
    const detail = (await seekerA.get(`/api/jobfairs/fairs/${fairId}`)).json();
    assert.equal(detail.booths[0].employer.name, '打铁关物流有限公司');
    assert.equal(detail.booths[0].positions.length, 2);
    assert.equal(detail.mySignup, null);
  });

  test('one sign-up a person, within capacity', async () => {
    const a = await seekerA.post(`/api/jobfairs/fairs/${fairId}/signup`);
    assert.equal(a.statusCode, 201, a.body);
    assert.equal(a.json().name, '林晓梅');
    assert.equal((await seekerA.post(`/api/jobfairs/fairs/${fairId}/signup`)).statusCode, 409);
    const b = await seekerB.post(`/api/jobfairs/fairs/${fairId}/signup`);
    assert.equal(b.statusCode, 201, b.body);
    codeB = b.json().code;
    const full = await seekerC.post(`/api/jobfairs/fairs/${fairId}/signup`);
    assert.equal(full.statusCode, 409);
    assert.match(key(full), /已满/);
    const mine = (await seekerA.get('/api/jobfairs/signups/mine')).json();
    assert.equal(mine.items[0].fair.signedUp, 2);
    // Staff read the sign-ups masked.
    const staff = (await admin.get(`/api/jobfairs/fairs/${fairId}/signups`)).json();
    assert.deepEqual(staff.items.map((s: any) => s.name).sort(), ['林*梅', '赵*'].sort());
  });

  test('door QR: a fresh code signs in; a forged, expired or other fair’s code is refused; staff sign in by code', async () => {
    assert.equal((await seekerA.get(`/api/jobfairs/fairs/${fairId}/door-code`)).statusCode, 403);
    const code = await admin.get(`/api/jobfairs/fairs/${fairId}/door-code`);
    assert.equal(code.statusCode, 200, code.body);
    const token: string = code.json().token;
    const [payload, mac] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ f: fairId, e: Date.parse('2030-01-01T00:00:00Z') })).toString(
      'base64url',
    );
    const forged = await seekerA.post(`/api/jobfairs/fairs/${fairId}/checkin`, { token: `${forgedPayload}.${mac}` });
    assert.equal(forged.statusCode, 400);
    assert.equal(
      (await seekerA.post(`/api/jobfairs/fairs/${fairId}/checkin`, { token: `${payload}.AAAA${mac}` })).statusCode,
      400,
    );
    // A code shown at the door does not sign in someone who never signed up.
    assert.equal((await seekerC.post(`/api/jobfairs/fairs/${fairId}/checkin`, { token })).statusCode, 409);
    const ok = await seekerA.post(`/api/jobfairs/fairs/${fairId}/checkin`, { token });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().signedInVia, 'qr');
    // Three minutes on, the code has rotated away.
    const old = (await admin.get(`/api/jobfairs/fairs/${fairId}/door-code`)).json().token;
    t.clock.advance(3 * 60_000);
    const expired = await seekerB.post(`/api/jobfairs/fairs/${fairId}/checkin`, { token: old });
    assert.equal(expired.statusCode, 400);
    assert.match(key(expired), /过期/);
    // Another fair's code does not open this door.
    const other = await admin.post('/api/jobfairs/fairs', fairBody({ title: '另一场招聘会' }));
    await admin.post(`/api/jobfairs/fairs/${other.json().id}/publish`);
    const otherToken = (await admin.get(`/api/jobfairs/fairs/${other.json().id}/door-code`)).json().token;
    assert.equal((await seekerB.post(`/api/jobfairs/fairs/${fairId}/checkin`, { token: otherToken })).statusCode, 400);
    assert.equal((await admin.post(`/api/jobfairs/fairs/${fairId}/signins`, { code: 'ZZZZZZ' })).statusCode, 404);
    assert.equal((await otherAdmin.post(`/api/jobfairs/fairs/${fairId}/signins`, { code: codeB })).statusCode, 403);
    const byStaff = await admin.post(`/api/jobfairs/fairs/${fairId}/signins`, { code: codeB.toLowerCase() });
    assert.equal(byStaff.statusCode, 200, byStaff.body);
    assert.equal(byStaff.json().signedInVia, 'staff');
    const signedIn = (await admin.get(`/api/jobfairs/fairs/${fairId}/signups?signedIn=yes`)).json();
    assert.equal(signedIn.items.length, 2);
  });

  test('interview → offer → accept is a hire; the follow-up falls due 30 local days on, not before', async () => {
    const mySignup = (await seekerA.get(`/api/jobfairs/fairs/${fairId}`)).json().mySignup;
    const iv = await employer.post(`/api/jobfairs/fairs/${fairId}/interviews`, {
      positionId,
      signupCode: mySignup.code,
    });
    assert.equal(iv.statusCode, 201, iv.body);
    interviewA = iv.json().id;
    assert.equal(iv.json().seekerName, '林*梅');
    assert.equal(
      (await employer.post(`/api/jobfairs/fairs/${fairId}/interviews`, { positionId, signupCode: mySignup.code }))
        .statusCode,
      409,
    );
    const ivB = await admin.post(`/api/jobfairs/fairs/${fairId}/interviews`, { positionId, signupCode: codeB });
    assert.equal(ivB.statusCode, 201, ivB.body);
    interviewB = ivB.json().id;
    // The seeker cannot accept before an offer; a stranger cannot decide.
    assert.equal(
      (await seekerA.post(`/api/jobfairs/interviews/${interviewA}/respond`, { decision: 'accept' })).statusCode,
      409,
    );
    assert.equal(
      (await seekerB.post(`/api/jobfairs/interviews/${interviewA}/outcome`, { outcome: 'offer' })).statusCode,
      404,
    );
    const offer = await employer.post(`/api/jobfairs/interviews/${interviewA}/outcome`, { outcome: 'offer' });
    assert.equal(offer.statusCode, 200, offer.body);
    assert.equal(
      (await employer.post(`/api/jobfairs/interviews/${interviewA}/outcome`, { outcome: 'no_offer' })).statusCode,
      409,
    );
    assert.equal(
      (await employer.post(`/api/jobfairs/interviews/${interviewB}/outcome`, { outcome: 'no_offer' })).statusCode,
      200,
    );
    assert.equal(
      (await seekerB.post(`/api/jobfairs/interviews/${interviewA}/respond`, { decision: 'accept' })).statusCode,
      404,
    );
    const mine = (await seekerA.get('/api/jobfairs/interviews/mine')).json();
    assert.equal(mine.items[0].outcome, 'offer');
    assert.equal(mine.items[0].seekerName, '林晓梅');
    const hired = await seekerA.post(`/api/jobfairs/interviews/${interviewA}/respond`, { decision: 'accept' });
    assert.equal(hired.statusCode, 200, hired.body);
    assert.equal(hired.json().hiredOn, '2026-11-20');
    assert.equal(hired.json().followUpDue, '2026-12-20');
    assert.equal(
      (await seekerA.post(`/api/jobfairs/interviews/${interviewA}/respond`, { decision: 'decline' })).statusCode,
      409,
    );

    // 19 December, one minute before midnight local time: not due yet.
    t.clock.set(new Date('2026-12-19T23:59:00+08:00'));
    assert.deepEqual((await admin.get('/api/jobfairs/followups/due')).json().items, []);
    const early = await admin.post(`/api/jobfairs/interviews/${interviewA}/followup`, { employed: true });
    assert.equal(early.statusCode, 409);
    // 20 December, local: due; another community's staff do not see it, nor may they record it.
    t.clock.set(new Date('2026-12-20T00:01:00+08:00'));
    const due = (await admin.get(`/api/jobfairs/followups/due?fairId=${fairId}`)).json();
    assert.deepEqual(
      due.items.map((i: any) => i.id),
      [interviewA],
    );
    assert.deepEqual((await otherAdmin.get('/api/jobfairs/followups/due')).json().items, []);
    assert.equal((await seekerA.get('/api/jobfairs/followups/due')).statusCode, 403);
    assert.equal(
      (await otherAdmin.post(`/api/jobfairs/interviews/${interviewA}/followup`, { employed: true })).statusCode,
      403,
    );
    const rec = await admin.post(`/api/jobfairs/interviews/${interviewA}/followup`, { employed: true, note: '已转正' });
    assert.equal(rec.statusCode, 201, rec.body);
    assert.equal(
      (await admin.post(`/api/jobfairs/interviews/${interviewA}/followup`, { employed: false })).statusCode,
      409,
    );
    assert.deepEqual((await admin.get('/api/jobfairs/followups/due')).json().items, []);
    // Interviews that were not hires are never due.
    assert.equal(
      (await admin.post(`/api/jobfairs/interviews/${interviewB}/followup`, { employed: true })).statusCode,
      409,
    );
  });

  test('the report counts the fair, and every staff write was audited', async () => {
    const res = await admin.get(`/api/jobfairs/fairs/${fairId}/report`);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), {
      fairId,
      signups: 2,
      signins: 2,
      booths: 1,
      positions: 2,
      positionsOffered: 5,
      interviews: 2,
      offers: 1,
      hires: 1,
      followupsDone: 1,
      retained: 1,
    });
    const actions = (
      await t.services.database.db
        .selectFrom('platform.audit_log')
        .select('action')
        .where('action', 'like', 'jobfairs.%')
        .execute()
    ).map((r) => r.action);
    for (const a of [
      'jobfairs.fair.create',
      'jobfairs.fair.publish',
      'jobfairs.booth.create',
      'jobfairs.position.create',
      'jobfairs.signup',
      'jobfairs.signin.qr',
      'jobfairs.signin.staff',
      'jobfairs.interview.create',
      'jobfairs.interview.offer',
      'jobfairs.offer.accept',
      'jobfairs.followup.record',
    ])
      assert.ok(actions.includes(a), a);
    const closed = await admin.post(`/api/jobfairs/fairs/${fairId}/close`);
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal((await seekerC.post(`/api/jobfairs/fairs/${fairId}/signup`)).statusCode, 409);
  });
});
