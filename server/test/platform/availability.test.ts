import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { NestedConnectionError } from '../../src/db/transaction-guard.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * No request holds the database while it waits on itself, and no refused request makes
 * anyone else wait. The app runs with DB_CONNECTION_WAIT_MS=2000: a request that waits for
 * the database longer than that is refused with 503, so "every read answered 200" below
 * means no read waited more than two seconds, on PGlite's single connection as well.
 */
describe('availability: a refused request never holds the database', () => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let gridWorker: Client;
  let datieguan: number;

  before(async () => {
    t = await startTestApp({ DB_CONNECTION_WAIT_MS: '2000', LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    gridWorker = await t.login('grid_datieguan_01');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
  });
  after(() => t.close());

  test('a statement through the root database inside a transaction fails at once, and the database stays usable', async () => {
    const db = t.services.database.db;
    await assert.rejects(
      db.transaction().execute(async () => {
        await db.selectFrom('auth.users').select('id').limit(1).execute();
      }),
      NestedConnectionError,
    );
    const rows = await db.selectFrom('auth.users').select('id').limit(1).execute();
    assert.equal(rows.length, 1);
  });

  test("a grid worker on staff actions of his own community's meeting and vote: 403 at once, others' reads go on", async () => {
    const start = t.clock.now();
    const at = (hours: number) => new Date(start.getTime() + hours * 3_600_000).toISOString();
    const topic = await staff.post('/api/deliberation/topics', {
      title: '楼道堆物清理办法',
      body: '楼道里堆放的杂物越来越多，需要大家商量一个清理办法。',
    });
    assert.equal(topic.statusCode, 201, topic.body);
    const meeting = await staff.post('/api/deliberation/meetings', {
      communityId: datieguan,
      kind: 'red_tea',
      title: '楼道议事会',
      startsAt: at(1),
      endsAt: at(2),
    });
    assert.equal(meeting.statusCode, 201, meeting.body);
    const vote = await staff.post('/api/deliberation/votes', {
      communityId: datieguan,
      title: '楼道清理时间',
      question: '楼道清理安排在哪天？',
      electorate: 'residents',
      scopeKind: 'community',
      options: [
        { key: 'sat', label: '周六' },
        { key: 'sun', label: '周日' },
      ],
      noticeAt: start.toISOString(),
      opensAt: at(1),
      closesAt: at(48),
    });
    assert.equal(vote.statusCode, 201, vote.body);
    const m = meeting.json().id;
    const v = vote.json().id;
    const refused: Array<[string, unknown]> = [
      [`/api/deliberation/meetings/${m}/agenda`, { topicId: topic.json().id }],
      [`/api/deliberation/meetings/${m}/participants`, { userIds: [gridWorker.me!.id] }],
      [`/api/deliberation/meetings/${m}/attendance`, { userIds: [gridWorker.me!.id] }],
      [`/api/deliberation/meetings/${m}/minutes`, { minutes: '会议纪要：大家同意每月清理一次楼道。' }],
      [`/api/deliberation/meetings/${m}/cancel`, {}],
      [`/api/deliberation/votes/${v}/count`, {}],
      [`/api/deliberation/votes/${v}/cancel`, {}],
    ];
    for (const [url, body] of refused) {
      const [res, ...reads] = await Promise.all([
        gridWorker.post(url, body),
        admin.get('/api/org/persons?limit=1'),
        staff.get(`/api/deliberation/meetings/${m}`),
      ]);
      assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
      assert.equal(res.json().error.code, 'forbidden');
      for (const read of reads) assert.equal(read.statusCode, 200, `a read beside ${url}: ${read.body}`);
    }
    // Nothing was changed by the refusals.
    const after = (await staff.get(`/api/deliberation/meetings/${m}`)).json();
    assert.equal(after.status, 'scheduled');
    assert.deepEqual(after.agenda, []);
    assert.equal((await staff.get(`/api/deliberation/votes/${v}`)).json().status, vote.json().status);
  });
});
