import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { ledgerProblems } from '../../src/modules/points/ledger.ts';
import { multipart } from '../support/csv.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint } from '../support/matters.ts';
import { addResident } from '../support/users.ts';

describe('volunteering: teams, activities, hours to points, good deeds, wishes, projects', () => {
  let t: TestApp;
  let admin: Client;
  let leader: Client;
  let community: Client;
  let datieguan: number;
  let nuanbao: number;
  let users = 0;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
    leader = await t.login('grid_datieguan_01');
    community = await t.login('community_datieguan');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
    nuanbao = (await leader.get('/api/volunteer/teams?q=暖宝')).json().items[0].id;
  });
  afterEach(async () => assert.deepEqual(await ledgerProblems(t.services.database.db), []));
  after(() => t.close());

  const volunteer = () => addResident(t, `volunteer_${++users}`, datieguan, `志愿者${users}`);
  const balance = async (client: Client) => (await client.get('/api/points/me')).json().balance as number;
  const newActivity = async (capacity: number, extra: Record<string, unknown> = {}) => {
    const now = t.clock.now().getTime();
    const res = await leader.post('/api/volunteer/activities', {
      teamId: nuanbao,
      title: '关爱独居老人上门探访',
      place: '打铁关小区',
      startsAt: new Date(now - 10 * 60_000).toISOString(),
      endsAt: new Date(now + 3 * 3_600_000).toISOString(),
      capacity,
      ...extra,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as { id: number };
  };
  const code = async (activityId: number) =>
    (await leader.get(`/api/volunteer/activities/${activityId}/code`)).json().code as string;

  test("sign up, check in and out with the leader's code, hours approved, points arrive", async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const a = await newActivity(5);
    const v = await volunteer();
    assert.equal(
      (await v.post(`/api/volunteer/activities/${a.id}/checkin`, { code: await code(a.id) })).statusCode,
      409,
      'sign up first',
    );
    assert.equal((await v.post(`/api/volunteer/activities/${a.id}/signup`)).statusCode, 200);
    assert.equal(
      (
        await v.post(`/api/volunteer/activities/${a.id}/checkin`, {
          code: '000000' === (await code(a.id)) ? '000001' : '000000',
        })
      ).statusCode,
      400,
      'a wrong code',
    );
    const checkedIn = await v.post(`/api/volunteer/activities/${a.id}/checkin`, { code: await code(a.id) });
    assert.equal(checkedIn.statusCode, 200, checkedIn.body);
    assert.equal(checkedIn.json().mySignup.status, 'checked_in');
    assert.equal(
      (await v.post(`/api/volunteer/activities/${a.id}/checkin`, { code: await code(a.id) })).statusCode,
      409,
      'once',
    );

    t.clock.set(new Date(start.getTime() + 90 * 60_000));
    const fresh = await t.login(v.me!.username);
    const leaderNow = await t.login('grid_datieguan_01');
    const out = await fresh.post(`/api/volunteer/activities/${a.id}/checkout`, {
      code: (await leaderNow.get(`/api/volunteer/activities/${a.id}/code`)).json().code,
    });
    assert.equal(out.statusCode, 200, out.body);
    assert.equal(out.json().mySignup.minutes, 90);

    assert.equal(
      (await fresh.post(`/api/volunteer/activities/${a.id}/hours`, { userId: v.me!.id, approve: true })).statusCode,
      403,
      "not the volunteer's own to approve",
    );
    const approved = await leaderNow.post(`/api/volunteer/activities/${a.id}/hours`, {
      userId: v.me!.id,
      approve: true,
    });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().signups.find((s: { userId: number }) => s.userId === v.me!.id).approvedMinutes, 90);
    assert.equal(
      (await leaderNow.post(`/api/volunteer/activities/${a.id}/hours`, { userId: v.me!.id, approve: true })).statusCode,
      409,
      'decided once',
    );
    assert.equal(await balance(fresh), 0, 'points follow the event, not the request');
    await t.services.jobs.drain();
    assert.equal(await balance(fresh), 15, '1.5 hours at 10 an hour');
    const statement = (await fresh.get('/api/points/me/statement')).json().items;
    assert.match(statement[0].memo, /关爱独居老人上门探访/);
    const mine = (await fresh.get('/api/volunteer/activities/mine')).json();
    assert.equal(mine.totalApprovedMinutes, 90);
  });

  test('a code from the window just before is taken; an older one, or one from afar, is not', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const place = await buildingPoint(admin, '打铁关小区1幢');
    const a = await newActivity(5, { lat: place.lat, lng: place.lng });
    const [late, older, near, far] = [await volunteer(), await volunteer(), await volunteer(), await volunteer()];
    for (const v of [late, older, near, far]) await v.post(`/api/volunteer/activities/${a.id}/signup`);
    const shown = await code(a.id);
    t.clock.set(new Date(start.getTime() + 30_000));
    assert.equal((await late.post(`/api/volunteer/activities/${a.id}/checkin`, { code: shown })).statusCode, 200);
    t.clock.set(new Date(start.getTime() + 95_000));
    assert.equal((await older.post(`/api/volunteer/activities/${a.id}/checkin`, { code: shown })).statusCode, 400);
    assert.equal(
      (await near.post(`/api/volunteer/activities/${a.id}/checkin`, { lat: place.lat + 0.0005, lng: place.lng }))
        .statusCode,
      200,
      '~55 m away',
    );
    const away = await far.post(`/api/volunteer/activities/${a.id}/checkin`, { lat: place.lat + 0.01, lng: place.lng });
    assert.equal(away.statusCode, 400);
    assert.match(away.json().error.details[0].message, /200 米/);
  });

  test('capacity holds when many sign up at once', async () => {
    const a = await newActivity(3);
    const volunteers = await Promise.all(Array.from({ length: 6 }, () => volunteer()));
    const results = await Promise.all(volunteers.map((v) => v.post(`/api/volunteer/activities/${a.id}/signup`)));
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [200, 200, 200, 409, 409, 409]);
    assert.equal((await leader.get(`/api/volunteer/activities/${a.id}`)).json().signedUp, 3);
    // One withdraws: a place opens.
    const inside = volunteers[results.findIndex((r) => r.statusCode === 200)]!;
    await inside.post(`/api/volunteer/activities/${a.id}/cancel`);
    const outside = volunteers[results.findIndex((r) => r.statusCode === 409)]!;
    assert.equal((await outside.post(`/api/volunteer/activities/${a.id}/signup`)).statusCode, 200);
  });

  test('rejected hours earn nothing; only a team leader or staff announces activities', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const a = await newActivity(5);
    const v = await volunteer();
    await v.post(`/api/volunteer/activities/${a.id}/signup`);
    await v.post(`/api/volunteer/activities/${a.id}/checkin`, { code: await code(a.id) });
    t.clock.set(new Date(start.getTime() + 60 * 60_000));
    const fresh = await t.login(v.me!.username);
    const leaderNow = await t.login('grid_datieguan_01');
    await fresh.post(`/api/volunteer/activities/${a.id}/checkout`, {
      code: (await leaderNow.get(`/api/volunteer/activities/${a.id}/code`)).json().code,
    });
    await leaderNow.post(`/api/volunteer/activities/${a.id}/hours`, { userId: v.me!.id, approve: false });
    await t.services.jobs.drain();
    assert.equal(await balance(fresh), 0);
    // A leader may credit more than was measured (a forgotten check-out), never more than the activity lasts.
    const other = await volunteer();
    await other.post(`/api/volunteer/activities/${a.id}/signup`);
    const leaderCode = (await leaderNow.get(`/api/volunteer/activities/${a.id}/code`)).json().code;
    await other.post(`/api/volunteer/activities/${a.id}/checkin`, { code: leaderCode });
    await other.post(`/api/volunteer/activities/${a.id}/checkout`, { code: leaderCode });
    const tooLong = await leaderNow.post(`/api/volunteer/activities/${a.id}/hours`, {
      userId: other.me!.id,
      approve: true,
      minutes: 4 * 60,
    });
    assert.equal(tooLong.statusCode, 400);
    assert.equal(
      (
        await leaderNow.post(`/api/volunteer/activities/${a.id}/hours`, {
          userId: other.me!.id,
          approve: true,
          minutes: 60,
        })
      ).statusCode,
      200,
    );
    await t.services.jobs.drain();
    assert.equal(await balance(other), 10);
    const now = t.clock.now().getTime();
    const notLeader = await fresh.post('/api/volunteer/activities', {
      teamId: nuanbao,
      title: '自己办的活动',
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + 3_600_000).toISOString(),
      capacity: 5,
    });
    assert.equal(notLeader.statusCode, 403);
    assert.equal(
      (await fresh.get(`/api/volunteer/activities/${a.id}/code`)).statusCode,
      404,
      "the code is the leader's to show",
    );
  });

  test('a good deed, verified by staff, earns its doer points; a resident cannot verify', async () => {
    const doer = await volunteer();
    const reporter = await volunteer();
    const deed = await reporter.post('/api/volunteer/good-deeds', {
      doerName: '志愿者',
      doerUserId: doer.me!.id,
      title: '扶老人过马路',
      description: '雨天在路口扶一位老人过马路',
      photos: [],
      occurredOn: '2026-11-19',
    });
    assert.equal(deed.statusCode, 201, deed.body);
    assert.equal(
      (await reporter.post(`/api/volunteer/good-deeds/${deed.json().id}/decide`, { verify: true })).statusCode,
      404,
    );
    const publicList = (await doer.get('/api/volunteer/good-deeds')).json().items;
    assert.ok(!publicList.some((d: { id: number }) => d.id === deed.json().id), 'not on the 好人榜 until verified');
    const verified = await community.post(`/api/volunteer/good-deeds/${deed.json().id}/decide`, {
      verify: true,
      note: '经核实',
    });
    assert.equal(verified.json().status, 'verified');
    assert.equal(
      (await community.post(`/api/volunteer/good-deeds/${deed.json().id}/decide`, { verify: true })).statusCode,
      409,
    );
    await t.services.jobs.drain();
    assert.equal(await balance(doer), 20);
    assert.ok(
      (await doer.get('/api/volunteer/good-deeds')).json().items.some((d: { id: number }) => d.id === deed.json().id),
    );
  });

  test('a micro-wish is claimed, fulfilled with a photo, and thanked', async () => {
    const wish = (
      await community.post('/api/volunteer/wishes', {
        communityId: datieguan,
        beneficiaryLabel: '独居老人王奶奶',
        title: '想要一个老花镜',
      })
    ).json();
    const v = await volunteer();
    assert.equal(
      (await v.post('/api/volunteer/wishes', { communityId: datieguan, beneficiaryLabel: 'x', title: '自己许愿' }))
        .statusCode,
      403,
    );
    assert.equal((await v.post(`/api/volunteer/wishes/${wish.id}/claim`, {})).json().status, 'claimed');
    assert.equal(
      (await (await volunteer()).post(`/api/volunteer/wishes/${wish.id}/claim`, {})).statusCode,
      409,
      'already claimed',
    );
    assert.equal(
      (await v.post(`/api/volunteer/wishes/${wish.id}/fulfil`, {})).statusCode,
      400,
      'a photo shows it came true',
    );
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#eee' } })
      .jpeg()
      .toBuffer();
    const { payload, headers } = multipart('photo', 'glasses.jpg', jpeg);
    const photo = (await v.raw({ method: 'POST', url: '/api/media', payload, headers })).json();
    const fulfilled = await v.post(`/api/volunteer/wishes/${wish.id}/fulfil`, { photos: [photo.token] });
    assert.equal(fulfilled.statusCode, 200, fulfilled.body);
    assert.equal(fulfilled.json().fulfilmentPhotos.length, 1);
    assert.equal(
      (await v.post(`/api/volunteer/wishes/${wish.id}/thank`, { note: '谢谢' })).statusCode,
      403,
      'the thanks come from the community',
    );
    assert.equal(
      (await community.post(`/api/volunteer/wishes/${wish.id}/thank`, { note: '王奶奶说谢谢你' })).json().status,
      'thanked',
    );
  });

  test('a key small matter is claimed by a unit and its progress recorded; stats count what happened', async () => {
    const project = (
      await community.post('/api/volunteer/projects', { communityId: datieguan, title: '楼道灯更换' })
    ).json();
    const claimed = await community.post(`/api/volunteer/projects/${project.id}/updates`, {
      progress: 0,
      note: '认领',
      claimedByUnit: '红色蜂巢 · 供电所党支部',
    });
    assert.equal(claimed.json().status, 'claimed');
    const done = await community.post(`/api/volunteer/projects/${project.id}/updates`, {
      progress: 100,
      note: '全部更换完毕',
    });
    assert.equal(done.json().status, 'done');
    assert.equal(done.json().updates.length, 2);
    const resident = await volunteer();
    assert.equal(
      (await resident.post(`/api/volunteer/projects/${project.id}/updates`, { progress: 50, note: '我来' })).statusCode,
      404,
    );
    const from = new Date(t.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const stats = (await community.get(`/api/volunteer/stats?communityId=${datieguan}&from=${from}&to=${to}`)).json();
    assert.ok(
      stats.volunteers >= 1 && stats.minutes >= 90 && stats.activities >= 1 && stats.wishesFulfilled >= 1,
      JSON.stringify(stats),
    );
    assert.equal((await resident.get(`/api/volunteer/stats?from=${from}&to=${to}`)).statusCode, 403);
  });
});
