import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { report } from '../support/matters.ts';
import { exportedSheet } from '../support/spreadsheet.ts';
import { addUser } from '../support/users.ts';

const HOUR = 3_600_000;

/** Satisfaction follow-ups (回访): due on closing, the reporter's form, staff calls, counted in the statistics. */
describe('matter follow-ups', () => {
  let t: TestApp;
  let admin: Client;
  let resident: Client;
  const ids: number[] = [];

  before(async () => {
    t = await startTestApp({ FOLLOW_UP_DUE_HOURS: '24', FOLLOW_UP_OVERDUE_HOURS: '72' });
    admin = await t.login('admin');
    resident = await t.login('resident_demo');
    const b = (await admin.get('/api/org/buildings?limit=1')).json().items[0];
    for (let i = 0; i < 3; i++) {
      const res = await report(resident, 'event.environment.exposed_garbage', {
        lat: b.lat,
        lng: b.lng,
        address: b.address,
      });
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().id as number;
      ids.push(id);
      for (const step of ['accept', 'start'])
        assert.ok((await admin.post(`/api/matters/${id}/${step}`, { note: '' })).statusCode < 300, step);
      assert.ok((await admin.post(`/api/matters/${id}/resolve`, { note: '已清理', photos: [] })).statusCode < 300);
      assert.ok((await admin.post(`/api/matters/${id}/close`, { note: '' })).statusCode < 300, 'close');
    }
    await t.services.jobs.drain();
  });
  after(() => t?.close());

  test('a closing makes a follow-up due later, and tells the reporter', async () => {
    const queue = (await admin.get('/api/matters/follow-ups?limit=50')).json().items;
    const ours = queue.filter((f: { matterId: number }) => ids.includes(f.matterId));
    assert.equal(ours.length, 3);
    for (const f of ours) {
      assert.equal(f.state, 'waiting');
      assert.equal(Date.parse(f.dueAt) - Date.parse(f.closedAt), 24 * HOUR);
      assert.equal(f.outcome, 'none');
    }
    const mine = await resident.get(`/api/matters/${ids[0]}/follow-up`);
    assert.equal(mine.statusCode, 200, mine.body);
    assert.equal(mine.json().done, false);
    assert.equal((await admin.get(`/api/matters/${ids[0]}/follow-up`)).statusCode, 404, 'only the reporter');
    const inbox = await t.services.database.db
      .selectFrom('notifications.notifications')
      .select('link')
      .where('link', '=', `/follow-ups/${ids[0]}`)
      .execute();
    assert.equal(inbox.length, 1);
  });

  test('the form, calls and the queue filters', async () => {
    t.clock.advance(30 * HOUR);
    admin = await t.login('admin');
    resident = await t.login('resident_demo');
    assert.equal(
      (await resident.post(`/api/matters/${ids[0]}/follow-up`, { rating: 7, resolved: true })).statusCode,
      400,
    );
    const answered = await resident.post(`/api/matters/${ids[0]}/follow-up`, {
      rating: 5,
      resolved: true,
      comment: '很好',
    });
    assert.equal(answered.statusCode, 200, answered.body);
    assert.equal(
      (await resident.post(`/api/matters/${ids[0]}/follow-up`, { rating: 4, resolved: true })).statusCode,
      409,
    );
    const due = (await admin.get('/api/matters/follow-ups?state=due&limit=50')).json().items;
    const f1 = due.find((f: { matterId: number }) => f.matterId === ids[1]);
    const f2 = due.find((f: { matterId: number }) => f.matterId === ids[2]);
    assert.ok(f1 && f2);
    assert.ok(!due.some((f: { matterId: number }) => f.matterId === ids[0]), 'answered is done');
    // Reached needs the rating; not reached stays in the queue.
    assert.equal((await admin.post(`/api/matters/follow-ups/${f1.id}/calls`, { reached: true })).statusCode, 400);
    const missed = await admin.post(`/api/matters/follow-ups/${f1.id}/calls`, { reached: false, note: '无人接听' });
    assert.equal(missed.statusCode, 200, missed.body);
    assert.equal(missed.json().outcome, 'not_reached');
    assert.equal(missed.json().state, 'due');
    const reached = await admin.post(`/api/matters/follow-ups/${f1.id}/calls`, {
      reached: true,
      rating: 2,
      resolved: false,
    });
    assert.equal(reached.json().state, 'done');
    assert.equal(reached.json().attempts, 2);
    const call3 = await admin.post(`/api/matters/follow-ups/${f2.id}/calls`, {
      reached: true,
      rating: 4,
      resolved: true,
    });
    assert.equal(call3.statusCode, 200);
    const done = (await admin.get('/api/matters/follow-ups?state=done&channel=call&limit=50')).json().items;
    assert.deepEqual(done.map((f: { matterId: number }) => f.matterId).sort(), [ids[1], ids[2]].sort());
    const form = (await admin.get('/api/matters/follow-ups?state=done&outcome=answered&limit=50')).json().items;
    assert.deepEqual(
      form.map((f: { matterId: number }) => f.matterId),
      [ids[0]],
    );
  });

  test('another community’s staff neither see nor record', async () => {
    const m = (await admin.get(`/api/matters/${ids[0]}`)).json();
    const other = await t.services.database.db
      .selectFrom('org.divisions')
      .select('id')
      .where('level', '=', 'community')
      .where('id', '!=', m.community.id)
      .executeTakeFirstOrThrow();
    const outsider = await addUser(t, 'follow_other', [
      { role: 'community_admin', divisionId: other.id, gridId: null },
    ]);
    const listed = (await outsider.get('/api/matters/follow-ups?state=done&limit=50')).json().items;
    assert.ok(!listed.some((f: { matterId: number }) => ids.includes(f.matterId)));
    const any = (await admin.get('/api/matters/follow-ups?state=done&limit=1')).json().items[0];
    const refused = await outsider.post(`/api/matters/follow-ups/${any.id}/calls`, { reached: false });
    assert.ok([403, 404].includes(refused.statusCode), refused.body);
  });

  test('counted in the statistics and its export: followed up 3, satisfied 2', async () => {
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());
    const stats = await admin.get(`/api/matters/statistics?from=${day}&to=${day}`);
    assert.equal(stats.statusCode, 200, stats.body);
    const total = stats.json().total;
    assert.equal(total.followedUp, 3);
    assert.equal(total.followUpSatisfied, 2);
    assert.equal(total.followUpSatisfactionRate, 2 / 3);
    // The list a count opens is the same definition.
    const query = new URLSearchParams({
      measure: 'follow_up_satisfied',
      measureFrom: new Date(`${day}T00:00:00+08:00`).toISOString(),
      measureTo: new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000).toISOString(),
      limit: '50',
    });
    const listed = await admin.get(`/api/matters?${query}`);
    assert.equal(listed.statusCode, 200, listed.body);
    assert.equal(listed.json().items.length, 2);
    const { header, body } = await exportedSheet(t, admin, 'matter-statistics', { from: day, to: day });
    const row = body.at(-1)!;
    assert.equal(row[header.indexOf('已回访')], 3);
    assert.equal(row[header.indexOf('回访满意')], 2);
    assert.equal(row[header.indexOf('回访满意率(%)')], 66.7);
  });
});
