import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

// The harness's clock starts at 2026-11-20 10:00 in Asia/Shanghai (a Friday).
const HERE = { lat: 30.2741, lng: 120.1551 };
const near = (metres: number) => ({ lat: HERE.lat + metres / 111_195, lng: HERE.lng });
const HOUR = 3_600_000;

describe('odd-job market: the help queue (重点帮扶), employer ratings in matching, monthly figures', () => {
  let t: TestApp;
  let admin: Client;
  let otherAdmin: Client;
  let employer: Client;
  let employer2: Client;
  let older: Client;
  let disabled: Client;
  let plain: Client;
  let matcher: Client;
  let stranger: Client;
  const workers: Client[] = [];
  let datieguan: number;
  let wangma: number;
  let p1: number;
  let p2: number;
  let p3: number;
  const seekerIds: Record<string, number> = {};

  const job = (over: Record<string, unknown> = {}) => ({
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
    headcount: 1,
    ...over,
  });
  const profile = (over: Record<string, unknown> = {}) => ({
    skills: ['搬运'],
    ...near(800),
    radiusM: 3000,
    expectedHourlyFen: 2500,
    ...over,
  });
  const seekerIdOf = async (c: Client) => {
    const res = await c.get('/api/oddjobs/seekers/me');
    return res.json().seeker.id as number;
  };
  const audits = async (action: string) =>
    t.services.database.db.selectFrom('platform.audit_log').selectAll().where('action', '=', action).execute();
  const registerEmployer = async (c: Client, creditCode: string, name: string) => {
    const res = await c.post('/api/oddjobs/employers', {
      name,
      creditCode,
      communityId: datieguan,
      contactName: '陈建国',
      contactPhone: '13912345678',
    });
    assert.equal(res.statusCode, 201, res.body);
    const ok = await admin.post(`/api/oddjobs/employers/${res.json().id}/review`, { decision: 'approve' });
    assert.equal(ok.statusCode, 200, ok.body);
  };
  /** A resident with a phone number, bound to a person of the community. */
  const residentWithPhone = async (username: string, communityId: number, name: string, phone: string) => {
    const c = await addResident(t, username, communityId, name);
    await t.services.database.db.updateTable('auth.users').set({ phone }).where('username', '=', username).execute();
    return c;
  };

  /** Moves the clock; sessions do not last a month, so everyone signs in again. */
  const setClock = async (at: string) => {
    t.clock.set(new Date(at));
    admin = await t.login('community_datieguan');
    otherAdmin = await t.login('oh_wangma_admin');
    stranger = await t.login('oh_stranger');
    plain = await t.login('oh_plain');
  };

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', SESSION_TTL_HOURS: '720' });
    admin = await t.login('community_datieguan');
    const index = await demoIndex(await t.login('admin'));
    datieguan = index.division('打铁关社区').id;
    wangma = index.division('王马社区').id;
    otherAdmin = await addUser(t, 'oh_wangma_admin', [{ role: 'community_admin', divisionId: wangma, gridId: null }]);
    employer = await addResident(t, 'oh_employer', datieguan, '陈建国');
    employer2 = await addResident(t, 'oh_employer2', datieguan, '吴海');
    stranger = await addResident(t, 'oh_stranger', wangma, '王芳');
    await registerEmployer(employer, '91350100M000100Y43', '杭州打铁关物流有限公司');
    await registerEmployer(employer2, '91110000600037341L', '杭州东新搬家服务部');
    older = await residentWithPhone('oh_older', datieguan, '林建华', '13800135678');
    disabled = await addResident(t, 'oh_disabled', datieguan, '赵明');
    plain = await residentWithPhone('oh_plain', datieguan, '钱小红', '13900139000');
    matcher = await addResident(t, 'oh_matcher', datieguan, '孙立');
    for (const [i, name] of ['周强', '吴刚', '郑伟'].entries())
      workers.push(await addResident(t, `oh_w${i}`, datieguan, name));
    const saved = await older.put('/api/oddjobs/seekers/me', profile({ birthYear: 1970 }));
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().birthYear, 1970);
    assert.equal((await disabled.put('/api/oddjobs/seekers/me', profile({ disabled: true }))).json().disabled, true);
    for (const c of [plain, matcher, ...workers, stranger])
      assert.equal((await c.put('/api/oddjobs/seekers/me', profile())).statusCode, 200);
    // A child's birth year, or one from before 1900, is refused.
    assert.equal((await plain.put('/api/oddjobs/seekers/me', profile({ birthYear: 2020 }))).statusCode, 400);
    assert.equal((await plain.put('/api/oddjobs/seekers/me', profile({ birthYear: 1800 }))).statusCode, 400);
    for (const [key, c] of Object.entries({ older, disabled, plain, matcher, stranger }))
      seekerIds[key] = await seekerIdOf(c);
  });
  after(() => t.close());

  test("seekers' ratings of an employer count in the match score once three have rated, and say so", async () => {
    // P1: three places; all three workers hired, at work, and they rate the employer 5, 5, 4.
    const res = await employer.post('/api/oddjobs/postings', job({ headcount: 3 }));
    assert.equal(res.statusCode, 201, res.body);
    p1 = res.json().id;
    const apps: number[] = [];
    for (const w of workers) {
      const a = await w.post(`/api/oddjobs/postings/${p1}/applications`, {});
      assert.equal(a.statusCode, 201, a.body);
      apps.push(a.json().id);
    }
    // Two postings alike in all but the employer, the unrated one first (a lower id wins a tie).
    const later = { startsAt: '2026-11-21T08:00:00+08:00', endsAt: '2027-01-10T17:00:00+08:00' };
    const r2 = await employer2.post('/api/oddjobs/postings', job({ ...later, title: '搬家帮工（日结）' }));
    p2 = r2.json().id;
    const r3 = await employer.post('/api/oddjobs/postings', job({ ...later, title: '仓库理货（日结）' }));
    p3 = r3.json().id;
    const order = async () => {
      const items = (await matcher.get('/api/oddjobs/matches')).json().items as any[];
      return items.filter((m) => m.posting.id === p2 || m.posting.id === p3);
    };
    const before = await order();
    assert.deepEqual(
      before.map((m) => m.posting.id),
      [p2, p3],
    );
    assert.equal(before[0].score, before[1].score);
    assert.doesNotMatch(before[1].why, /评分/);

    for (const [i, appId] of apps.entries()) {
      if (i === 2) t.clock.advance(2 * HOUR); // the last place is filled two hours after posting
      assert.equal(
        (await employer.post(`/api/oddjobs/applications/${appId}/decide`, { action: 'hire' })).statusCode,
        200,
      );
    }
    assert.equal((await employer.get(`/api/oddjobs/postings/${p1}`)).json().status, 'filled');
    const inCode = (await employer.get(`/api/oddjobs/postings/${p1}/qr?purpose=in`)).json().token;
    for (const [i, w] of workers.entries())
      assert.equal((await w.post(`/api/oddjobs/applications/${apps[i]}/check-in`, { token: inCode })).statusCode, 200);
    t.clock.advance(8 * HOUR);
    const outCode = (await employer.get(`/api/oddjobs/postings/${p1}/qr?purpose=out`)).json().token;
    for (const [i, w] of workers.entries())
      assert.equal(
        (await w.post(`/api/oddjobs/applications/${apps[i]}/check-out`, { token: outCode })).statusCode,
        200,
      );
    const stars = [5, 5, 4];
    for (const [i, w] of workers.entries()) {
      const rated = await w.post(`/api/oddjobs/applications/${apps[i]}/rating`, { stars: stars[i] });
      assert.equal(rated.statusCode, 200, rated.body);
      if (i === 1) {
        // Two ratings: not yet counted.
        const two = await order();
        assert.deepEqual(
          two.map((m) => m.posting.id),
          [p2, p3],
        );
      }
    }
    // The employer's rating of a worker does not count toward the employer's.
    assert.equal((await employer.post(`/api/oddjobs/applications/${apps[0]}/rating`, { stars: 1 })).statusCode, 200);
    const three = await order();
    assert.deepEqual(
      three.map((m) => m.posting.id),
      [p3, p2],
    );
    // 0.1 × (14/3 − 3) / 2 ≈ 0.083 more.
    assert.equal(Math.round((three[0].score - three[1].score) * 1000), 83);
    assert.match(three[0].why, / · 用工单位评分 4\.7（3 人评价）$/);
    assert.doesNotMatch(three[1].why, /评分/);
    const en = await matcher.get('/api/oddjobs/matches', { 'accept-language': 'en' });
    const enWhy = (en.json().items as any[]).find((m) => m.posting.id === p3).why;
    assert.match(enWhy, /employer rated 4\.7 by 3 workers/);
    // The third worker was not paid: an unpaid-wage rights case, counted in the figures.
    assert.equal((await workers[2]!.post(`/api/oddjobs/applications/${apps[2]}/unpaid`)).statusCode, 201);
  });

  test('the queue: older and disabled at once; masked; only my area; staff only', async () => {
    const res = await admin.get('/api/oddjobs/help/queue');
    assert.equal(res.statusCode, 200, res.body);
    const items = res.json().items as any[];
    const byId = new Map(items.map((i) => [i.seekerId, i]));
    assert.deepEqual(
      items.map((i) => i.seekerId),
      [seekerIds.older, seekerIds.disabled],
    );
    const o = byId.get(seekerIds.older);
    assert.deepEqual(o.reasons, ['older']);
    assert.equal(o.age, 56);
    assert.equal(o.name, '林*华');
    assert.equal(o.phone, '138****5678');
    assert.equal(o.community.name, '打铁关社区');
    assert.equal(o.overdue, false);
    assert.deepEqual(byId.get(seekerIds.disabled).reasons, ['disabled']);
    assert.equal(JSON.stringify(res.json()).includes('13800135678'), false);
    // Another community's admin sees none of them, and cannot name this community; residents are refused.
    assert.deepEqual((await otherAdmin.get('/api/oddjobs/help/queue')).json().items, []);
    assert.equal((await otherAdmin.get(`/api/oddjobs/help/queue?communityId=${datieguan}`)).statusCode, 404);
    assert.equal((await stranger.get('/api/oddjobs/help/queue')).statusCode, 403);
    assert.equal((await admin.get('/api/oddjobs/help/queue?reason=lazy')).statusCode, 400);
  });

  test('a month later, with no hire: long waiting; the hired are not; filters and pages', async () => {
    await setClock('2026-12-22T02:00:00Z'); // 2026-12-22 10:00 local
    const all = (await admin.get('/api/oddjobs/help/queue?limit=200')).json().items as any[];
    assert.deepEqual(
      all.map((i) => i.seekerId),
      [seekerIds.older, seekerIds.disabled, seekerIds.plain, seekerIds.matcher],
    );
    const p = all.find((i) => i.seekerId === seekerIds.plain);
    assert.deepEqual(p.reasons, ['waiting']);
    assert.equal(p.waitingDays, 32);
    assert.equal(p.hired, false);
    assert.deepEqual(all.find((i) => i.seekerId === seekerIds.older).reasons, ['waiting', 'older']);
    const waiting = (await admin.get('/api/oddjobs/help/queue?reason=waiting')).json().items as any[];
    assert.equal(waiting.length, 4);
    const older = (await admin.get(`/api/oddjobs/help/queue?reason=older&communityId=${datieguan}`)).json();
    assert.deepEqual(
      older.items.map((i: any) => i.seekerId),
      [seekerIds.older],
    );
    // Pages of two, oldest registration first.
    const first = (await admin.get('/api/oddjobs/help/queue?limit=2')).json();
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const second = (await admin.get(`/api/oddjobs/help/queue?limit=2&cursor=${first.nextCursor}`)).json();
    assert.deepEqual(
      [...first.items, ...second.items].map((i: any) => i.seekerId),
      all.map((i) => i.seekerId),
    );
    assert.equal(second.nextCursor, null);
  });

  test('help actions: a call with a follow-up, a referral that tells the seeker, marks; all audited', async () => {
    const plainId = seekerIds.plain!;
    const call = await admin.post(`/api/oddjobs/help/seekers/${plainId}/actions`, {
      kind: 'call',
      note: '电话联系，想找附近的搬运活',
      followUpOn: '2026-12-25',
    });
    assert.equal(call.statusCode, 201, call.body);
    assert.equal(call.json().followUpOn, '2026-12-25');
    // Bad input changes nothing: a referral with no posting, a follow-up in the past, an unknown kind.
    const bad = [
      { kind: 'referral' },
      { kind: 'call', postingId: p3 },
      { kind: 'call', followUpOn: '2026-12-21' },
      { kind: 'call', followUpOn: '2026-02-30x' },
      { kind: 'visit' },
      { kind: 'referral', postingId: p1 }, // filled
    ];
    for (const body of bad)
      assert.equal(
        (await admin.post(`/api/oddjobs/help/seekers/${plainId}/actions`, body)).statusCode,
        400,
        JSON.stringify(body),
      );
    const referral = await admin.post(`/api/oddjobs/help/seekers/${plainId}/actions`, {
      kind: 'referral',
      postingId: p2,
      followUpOn: '2026-12-25',
    });
    assert.equal(referral.statusCode, 201, referral.body);
    assert.deepEqual(referral.json().posting, { id: p2, title: '搬家帮工（日结）' });
    const told = await t.services.database.db
      .selectFrom('notifications.notifications')
      .select(['entity_id'])
      .where('kind', '=', 'oddjobs.match')
      .where('entity_id', '=', String(p2))
      .where('user_id', '=', (await plain.get('/api/auth/me')).json().id)
      .execute();
    // Once when it was posted (it suits them), once more by the referral.
    assert.equal(told.length, 2);
    const history = (await admin.get(`/api/oddjobs/help/seekers/${plainId}/actions`)).json().items as any[];
    assert.deepEqual(
      history.map((h) => h.kind),
      ['referral', 'call'],
    );
    // Out of scope: missing; a resident: missing.
    assert.equal(
      (await admin.post(`/api/oddjobs/help/seekers/${seekerIds.stranger}/actions`, { kind: 'note' })).statusCode,
      404,
    );
    assert.equal(
      (await otherAdmin.post(`/api/oddjobs/help/seekers/${plainId}/actions`, { kind: 'note' })).statusCode,
      404,
    );
    assert.equal((await otherAdmin.get(`/api/oddjobs/help/seekers/${plainId}/actions`)).statusCode, 404);
    assert.equal(
      (await stranger.post(`/api/oddjobs/help/seekers/${plainId}/flags`, { lowIncome: true })).statusCode,
      404,
    );
    assert.equal((await admin.post(`/api/oddjobs/help/seekers/${plainId}/flags`, {})).statusCode, 400);

    const flags = await admin.post(`/api/oddjobs/help/seekers/${plainId}/flags`, { lowIncome: true });
    assert.equal(flags.statusCode, 200, flags.body);
    assert.deepEqual(flags.json().flags, { older: false, disabled: false, lowIncome: true });
    const low = (await admin.get('/api/oddjobs/help/queue?reason=low_income')).json().items as any[];
    assert.deepEqual(
      low.map((i) => [i.seekerId, i.reasons, i.lastAction.kind]),
      [[plainId, ['waiting', 'low_income'], 'referral']],
    );
    // The whole phone for a call, each reading audited.
    const contact = await admin.get(`/api/oddjobs/help/seekers/${plainId}/contact`);
    assert.deepEqual(contact.json(), { seekerId: plainId, name: '钱小红', phone: '13900139000' });
    assert.equal((await otherAdmin.get(`/api/oddjobs/help/seekers/${plainId}/contact`)).statusCode, 404);
    assert.equal((await audits('oddjobs.help.call')).length, 1);
    assert.equal((await audits('oddjobs.help.referral')).length, 1);
    const flagged = await audits('oddjobs.help.flags');
    assert.equal(flagged.length, 1);
    assert.equal((await audits('oddjobs.help.reveal')).length, 1);
  });

  test('follow-ups are overdue once their date has passed', async () => {
    const none = (await admin.get('/api/oddjobs/help/queue?overdue=true')).json().items;
    assert.deepEqual(none, []);
    await setClock('2026-12-26T02:00:00Z');
    const overdue = (await admin.get('/api/oddjobs/help/queue?overdue=true')).json().items as any[];
    assert.deepEqual(
      overdue.map((i) => [i.seekerId, i.followUpOn, i.overdue]),
      [[seekerIds.plain, '2026-12-25', true]],
    );
    // A new action without a follow-up date clears it.
    await admin.post(`/api/oddjobs/help/seekers/${seekerIds.plain}/actions`, { kind: 'training', note: '叉车培训' });
    assert.deepEqual((await admin.get('/api/oddjobs/help/queue?overdue=true')).json().items, []);
  });

  test('monthly figures by local month: postings, positions, seekers, hires, fill time, disputes per 100', async () => {
    // Two seekers registered either side of local midnight between November and December.
    t.clock.set(new Date('2026-11-30T15:30:00Z')); // 23:30 on the 30th, local
    const late = await addResident(t, 'oh_late_nov', datieguan, '冯一');
    await late.put('/api/oddjobs/seekers/me', profile());
    t.clock.set(new Date('2026-11-30T16:30:00Z')); // 00:30 on 1 December, local
    const early = await addResident(t, 'oh_early_dec', datieguan, '陈二');
    await early.put('/api/oddjobs/seekers/me', profile());
    await setClock('2026-12-26T02:00:00Z');

    const res = await admin.get('/api/oddjobs/figures?from=2026-10&to=2026-12');
    assert.equal(res.statusCode, 200, res.body);
    const f = res.json();
    const nov = f.rows.find((r: any) => r.month === '2026-11' && r.community.id === datieguan);
    assert.deepEqual(
      { ...nov, community: nov.community.name },
      {
        month: '2026-11',
        community: '打铁关社区',
        postings: 3,
        positions: 5,
        seekers: 8,
        hires: 3,
        medianFillHours: 2,
        disputes: 1,
        disputesPer100: 33.3,
      },
    );
    const dec = f.rows.find((r: any) => r.month === '2026-12' && r.community.id === datieguan);
    assert.equal(dec.seekers, 1);
    assert.equal(dec.hires, 0);
    assert.equal(dec.disputesPer100, null);
    assert.deepEqual(
      f.totals.map((m: any) => [m.month, m.postings, m.hires]),
      [
        ['2026-10', 0, 0],
        ['2026-11', 3, 3],
        ['2026-12', 0, 0],
      ],
    );
    // The wangma seeker counts only for wangma's admin.
    const other = (await otherAdmin.get('/api/oddjobs/figures?from=2026-11&to=2026-11')).json();
    assert.deepEqual(
      other.rows.map((r: any) => [r.community.id, r.seekers, r.postings]),
      [[wangma, 1, 0]],
    );
    assert.equal(
      (await otherAdmin.get(`/api/oddjobs/figures?from=2026-11&to=2026-11&communityId=${datieguan}`)).statusCode,
      404,
    );
    assert.equal((await stranger.get('/api/oddjobs/figures?from=2026-11&to=2026-11')).statusCode, 403);
    for (const q of ['from=2026-12&to=2026-11', 'from=2026-13&to=2026-12', 'from=2020-01&to=2026-12', 'to=2026-12'])
      assert.equal((await admin.get(`/api/oddjobs/figures?${q}`)).statusCode, 400, q);
  });
});
