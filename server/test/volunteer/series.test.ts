import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { localParts } from '../../src/platform/local-time.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident } from '../support/users.ts';

const DAY = 86_400_000;
const TZ = 'Asia/Shanghai';

/**
 * Recurring activities (每周二 小区服务日): worked rules in local time, skipped and changed
 * occurrences, edits that change only future unsigned occurrences, and the horizon job, all on
 * the test clock (Monday 2026-12-07 10:00 in Shanghai).
 */
describe('recurring activities (activity series)', () => {
  let t: TestApp;
  let leader: Client;
  let datieguan: number;
  let nuanbao: number;
  let users = 0;
  const start = new Date('2026-12-07T02:00:00Z');

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    t.clock.set(start);
    const admin = await t.login('admin');
    leader = await t.login('grid_datieguan_01');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
    nuanbao = (await leader.get('/api/volunteer/teams?q=暖宝')).json().items[0].id;
  });
  after(() => t.close());

  const series = async (rule: Record<string, unknown>) => {
    const res = await leader.post('/api/volunteer/series', {
      teamId: nuanbao,
      title: '小区服务日',
      place: '打铁关社区服务站',
      capacity: 10,
      startDate: '2026-12-01',
      startTime: '09:00',
      durationMinutes: 120,
      ...rule,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const local = (iso: string) => {
    const p = localParts(new Date(iso), TZ);
    return { date: p.date, time: p.time, weekday: new Date(`${p.date}T00:00:00Z`).getUTCDay() };
  };
  const occurrences = async (id: number) => (await leader.get(`/api/volunteer/series/${id}`)).json().occurrences;

  test('every Tuesday 09:00 local: the preview and the activities within the horizon', async () => {
    const preview = await leader.post('/api/volunteer/series/preview', {
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      startDate: '2026-12-01',
      startTime: '09:00',
      durationMinutes: 120,
      limit: 3,
    });
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(
      preview
        .json()
        .items.map((o: { date: string; startsAt: string; endsAt: string }) => [o.date, o.startsAt, o.endsAt]),
      [
        ['2026-12-08', '2026-12-08T01:00:00.000Z', '2026-12-08T03:00:00.000Z'],
        ['2026-12-15', '2026-12-15T01:00:00.000Z', '2026-12-15T03:00:00.000Z'],
        ['2026-12-22', '2026-12-22T01:00:00.000Z', '2026-12-22T03:00:00.000Z'],
      ],
    );
    const s = await series({ rrule: 'FREQ=WEEKLY;BYDAY=TU' });
    // Horizon 60 days from Monday 7 December: Tuesdays 8 Dec .. 2 Feb (9 of them); 1 Dec is past.
    assert.equal(s.occurrences.length, 9);
    for (const o of s.occurrences) assert.deepEqual(local(o.startsAt), { date: o.date, time: '09:00', weekday: 2 });
    assert.equal(s.occurrences[0].date, '2026-12-08');
    assert.equal(s.occurrences.at(-1).date, '2027-02-02');
    // They are ordinary activities: listed, and one can sign up.
    const a = (await leader.get(`/api/volunteer/activities/${s.occurrences[0].activityId}`)).json();
    assert.equal(a.seriesId, s.id);
    assert.equal(a.occurrenceDate, '2026-12-08');
    const v = await addResident(t, `series_v_${++users}`, datieguan, `系列志愿者${users}`);
    assert.equal((await v.post(`/api/volunteer/activities/${a.id}/signup`)).statusCode, 200);
  });

  test('the 2nd Saturday of each month, with COUNT, and a rule with UNTIL', async () => {
    const s = await series({ rrule: 'FREQ=MONTHLY;BYDAY=SA;BYSETPOS=2;COUNT=3', startTime: '14:30' });
    assert.deepEqual(
      s.next.map((o: { date: string }) => o.date),
      ['2026-12-12', '2027-01-09', '2027-02-13'],
    );
    for (const o of s.next) assert.deepEqual(local(o.startsAt), { date: o.date, time: '14:30', weekday: 6 });
    // Within the 60-day horizon: 12 Dec and 9 Jan.
    assert.deepEqual(
      s.occurrences.map((o: { date: string }) => o.date),
      ['2026-12-12', '2027-01-09'],
    );
    const until = await series({ rrule: 'FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20261217T235959' });
    assert.deepEqual(
      until.occurrences.map((o: { date: string }) => o.date),
      ['2026-12-10', '2026-12-14', '2026-12-17'],
      'today (Monday 7th) has begun at 09:00 before the clock (10:00): not created',
    );
    const bad = await leader.post('/api/volunteer/series/preview', {
      rrule: 'FREQ=HOURLY',
      startDate: '2026-12-01',
      startTime: '09:00',
      durationMinutes: 60,
    });
    assert.equal(bad.statusCode, 400);
  });

  test('skip a date (EXDATE), cancel one with a reason (those signed up are told), move one', async () => {
    const s = await series({ rrule: 'FREQ=WEEKLY;BYDAY=WE' });
    const [first, second, third] = s.occurrences;
    const v = await addResident(t, `series_v_${++users}`, datieguan, `系列志愿者${users}`);
    assert.equal((await v.post(`/api/volunteer/activities/${second.activityId}/signup`)).statusCode, 200);

    const skipped = await leader.post(`/api/volunteer/series/${s.id}/occurrences/${first.date}`, { action: 'skip' });
    assert.equal(skipped.statusCode, 200, skipped.body);
    assert.deepEqual(skipped.json().exdates, [first.date]);
    assert.ok(
      !skipped.json().occurrences.some((o: { date: string }) => o.date === first.date),
      'no one signed up: gone',
    );
    assert.equal((await leader.get(`/api/volunteer/activities/${first.activityId}`)).statusCode, 404);

    const notAnOccurrence = await leader.post(`/api/volunteer/series/${s.id}/occurrences/2026-12-10`, {
      action: 'skip',
    });
    assert.equal(notAnOccurrence.statusCode, 400, 'a Thursday is not one of a Wednesday series');

    const cancelled = await leader.post(`/api/volunteer/series/${s.id}/occurrences/${second.date}`, {
      action: 'cancel',
      reason: '暴雨预警',
    });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const c = cancelled.json().occurrences.find((o: { date: string }) => o.date === second.date);
    assert.equal(c.status, 'cancelled');
    assert.equal(c.cancelReason, '暴雨预警');
    const told = (await v.get('/api/notifications')).json().items;
    assert.ok(
      told.some((n: { title: string }) => n.title.includes('暴雨预警')),
      JSON.stringify(told),
    );

    const newStart = new Date(new Date(third.startsAt).getTime() + 3_600_000);
    const moved = await leader.post(`/api/volunteer/series/${s.id}/occurrences/${third.date}`, {
      action: 'move',
      startsAt: newStart.toISOString(),
      place: '社区广场',
    });
    assert.equal(moved.statusCode, 200, moved.body);
    const m = moved.json().occurrences.find((o: { date: string }) => o.date === third.date);
    assert.equal(m.startsAt, newStart.toISOString());
    assert.equal(m.place, '社区广场');
    assert.equal(m.detached, true);
  });

  test('editing a series changes only future occurrences no one signed up for; the horizon job is idempotent', async () => {
    const s = await series({ rrule: 'FREQ=WEEKLY;BYDAY=FR', title: '周五清洁日' });
    const [first, second] = s.occurrences;
    const v = await addResident(t, `series_v_${++users}`, datieguan, `系列志愿者${users}`);
    assert.equal((await v.post(`/api/volunteer/activities/${first.activityId}/signup`)).statusCode, 200);

    const edited = await leader.patch(`/api/volunteer/series/${s.id}`, { startTime: '15:00', title: '周五大扫除' });
    assert.equal(edited.statusCode, 200, edited.body);
    const after = edited.json().occurrences;
    const kept = after.find((o: { date: string }) => o.date === first.date);
    assert.equal(kept.activityId, first.activityId, 'signed up: kept as it was');
    assert.equal(local(kept.startsAt).time, '09:00');
    const remade = after.find((o: { date: string }) => o.date === second.date);
    assert.notEqual(remade.activityId, second.activityId);
    assert.equal(local(remade.startsAt).time, '15:00');
    assert.equal((await leader.get(`/api/volunteer/activities/${remade.activityId}`)).json().title, '周五大扫除');
    assert.equal((await leader.get(`/api/volunteer/activities/${first.activityId}`)).json().title, '周五清洁日');

    // A week on, the job adds the new Friday at the horizon's end; run again, it adds nothing.
    t.clock.set(new Date(start.getTime() + 7 * DAY));
    leader = await t.login('grid_datieguan_01');
    const before = (await occurrences(s.id)).length;
    const created = await t.services.volunteer.materialiseSeries(t.clock.now());
    assert.ok(created >= 1);
    const once = await occurrences(s.id);
    assert.equal(once.length, before + 1);
    assert.equal(await t.services.volunteer.materialiseSeries(t.clock.now()), 0);
    assert.deepEqual(await occurrences(s.id), once);
    const dates = once.map((o: { date: string }) => o.date);
    assert.equal(new Set(dates).size, dates.length);
  });

  test('only a leader of the team creates a series; others out of the area do not see it', async () => {
    const v = await addResident(t, `series_v_${++users}`, datieguan, `系列志愿者${users}`);
    const res = await v.post('/api/volunteer/series', {
      teamId: nuanbao,
      title: '不行',
      capacity: 5,
      rrule: 'FREQ=WEEKLY;BYDAY=TU',
      startDate: '2026-12-01',
      startTime: '09:00',
      durationMinutes: 60,
    });
    assert.equal(res.statusCode, 403);
  });
});
