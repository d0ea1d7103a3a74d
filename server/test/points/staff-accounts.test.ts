import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import { ledgerProblems } from '../../src/modules/points/ledger.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/** What the admin console needs: people's accounts of the area, balances in the stats, hours per team, activity filters. */
describe('points and volunteering for staff: accounts, balances, hours per team', () => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let resident: Client;
  let datieguan: number;
  let other: number;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    resident = await t.login('resident_demo');
    const index = await demoIndex(admin);
    datieguan = index.division('打铁关社区').id;
    other = index.division('葛巷社区').id;
  });
  afterEach(async () => assert.deepEqual(await ledgerProblems(t.services.database.db), []));
  after(() => t.close());

  test("staff find a resident's account of their area by name and read its statement; others cannot", async () => {
    const found = await staff.get('/api/points/accounts?q=陈建华');
    assert.equal(found.statusCode, 200, found.body);
    const account = found.json().items.find((a: { userId: number }) => a.userId === resident.me!.id);
    assert.ok(account, 'the demo resident is found by name');
    assert.equal(account.communityId, datieguan);
    const mine = (await resident.get('/api/points/me')).json();
    assert.equal(account.id, mine.id);
    assert.equal(account.balance, mine.balance);
    const byUser = (await staff.get(`/api/points/accounts?userId=${resident.me!.id}`)).json();
    assert.deepEqual(
      byUser.items.map((a: { id: number }) => a.id),
      [account.id],
    );

    const statement = await staff.get(`/api/points/accounts/${account.id}/statement?limit=5`);
    assert.equal(statement.statusCode, 200, statement.body);
    assert.equal(statement.json().items[0].balanceAfter, mine.balance);

    // Paged newest first, without overlap.
    const first = (await staff.get('/api/points/accounts?limit=2')).json();
    assert.equal(first.items.length, 2);
    const second = (
      await staff.get(`/api/points/accounts?limit=2&cursor=${encodeURIComponent(first.nextCursor)}`)
    ).json();
    assert.ok(second.items.every((a: { id: number }) => a.id < first.items[1].id));

    assert.equal((await resident.get('/api/points/accounts')).statusCode, 403, 'residents list no accounts');
    const elsewhere = await addUser(t, 'gexiang_staff', [{ role: 'community_admin', divisionId: other, gridId: null }]);
    assert.equal((await elsewhere.get(`/api/points/accounts?communityId=${datieguan}`)).statusCode, 404);
    assert.deepEqual(
      (await elsewhere.get('/api/points/accounts?q=陈建华')).json().items,
      [],
      "another community's staff do not see him",
    );
    assert.equal((await elsewhere.get(`/api/points/accounts/${account.id}/statement`)).statusCode, 404);
  });

  test('a correction shows in the statement and the balance; the stats give what people hold now', async () => {
    const before = (
      await staff.get(
        `/api/points/stats?communityId=${datieguan}&from=2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00`,
      )
    ).json();
    const key = `test-${randomUUID()}`;
    const body = {
      communityId: datieguan,
      userId: resident.me!.id,
      amount: 15,
      reason: '补录：重阳节敬老活动',
      idempotencyKey: key,
    };
    assert.equal((await staff.post('/api/points/corrections', body)).statusCode, 201);
    assert.equal((await staff.post('/api/points/corrections', body)).json().replayed, true);
    const after = (
      await staff.get(
        `/api/points/stats?communityId=${datieguan}&from=2026-01-01T00:00:00%2B08:00&to=2027-01-01T00:00:00%2B08:00`,
      )
    ).json();
    assert.equal(after.balance, before.balance + 15);
    assert.equal(after.issued, before.issued + 15);
    const account = (await staff.get(`/api/points/accounts?userId=${resident.me!.id}`)).json().items[0];
    const line = (await staff.get(`/api/points/accounts/${account.id}/statement?limit=1`)).json().items[0];
    assert.equal(line.kind, 'correction');
    assert.equal(line.amount, 15);
    assert.equal(line.memo, '补录：重阳节敬老活动');
  });

  test('volunteer stats give approved hours per team; activities filter by status and start', async () => {
    const leader = await t.login('grid_datieguan_01');
    const nuanbao = (await leader.get('/api/volunteer/teams?q=暖宝')).json().items[0].id as number;
    const now = t.clock.now().getTime();
    const a = (
      await leader.post('/api/volunteer/activities', {
        teamId: nuanbao,
        title: '测试：陪老人散步',
        place: '运河边',
        startsAt: new Date(now - 60 * 60_000).toISOString(),
        endsAt: new Date(now + 60 * 60_000).toISOString(),
        capacity: 3,
      })
    ).json();
    assert.equal((await resident.post(`/api/volunteer/activities/${a.id}/signup`)).statusCode, 200);
    const code = (await leader.get(`/api/volunteer/activities/${a.id}/code`)).json().code;
    assert.equal((await resident.post(`/api/volunteer/activities/${a.id}/checkin`, { code })).statusCode, 200);
    assert.equal((await resident.post(`/api/volunteer/activities/${a.id}/checkout`, { code })).statusCode, 200);
    const approved = await staff.post(`/api/volunteer/activities/${a.id}/hours`, {
      userId: resident.me!.id,
      approve: true,
      minutes: 45,
    });
    assert.equal(approved.statusCode, 200, approved.body);

    const range = `from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now + 86_400_000).toISOString()}`;
    const stats = (await staff.get(`/api/volunteer/stats?communityId=${datieguan}&${range}`)).json();
    const team = stats.teams.find((x: { teamId: number }) => x.teamId === nuanbao);
    assert.deepEqual(team, { teamId: nuanbao, name: '暖宝', minutes: 45, volunteers: 1, activities: 1 });
    assert.equal(
      stats.minutes,
      stats.teams.reduce((s: number, x: { minutes: number }) => s + x.minutes, 0),
    );

    const listed = (await staff.get(`/api/volunteer/activities?status=open&teamId=${nuanbao}&${range}`))
      .json()
      .items.map((x: { id: number }) => x.id);
    assert.ok(listed.includes(a.id));
    const later = `from=${new Date(now + 3_600_000).toISOString()}&to=${new Date(now + 86_400_000).toISOString()}`;
    assert.ok(
      !(await staff.get(`/api/volunteer/activities?teamId=${nuanbao}&${later}`))
        .json()
        .items.some((x: { id: number }) => x.id === a.id),
    );
    assert.ok(
      !(await staff.get(`/api/volunteer/activities?status=cancelled&teamId=${nuanbao}`))
        .json()
        .items.some((x: { id: number }) => x.id === a.id),
    );
  });
});
