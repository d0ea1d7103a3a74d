import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, categoryId } from '../support/matters.ts';
import { addResident } from '../support/users.ts';
import { demoIndex } from '../support/demo.ts';

describe('round trips of the hot write paths', () => {
  let t: TestApp;
  let admin: Client;
  let staff: Client;
  let log: string[] | null = null;

  before(async () => {
    // No session cache: every request looks its session up, as the first request of a session does.
    t = await startTestApp({ SESSION_CACHE_SECONDS: '0' }, {}, { onQuery: (sql) => log?.push(sql) });
    admin = await t.login('admin');
    staff = await t.login('community_datieguan');
  });
  after(() => t.close());

  async function counted<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
    log = [];
    const result = await work();
    const statements = log;
    log = null;
    return { result, statements };
  }

  test('a ballot', async () => {
    const ix = await demoIndex(admin);
    const datieguan = ix.division('打铁关社区').id;
    const voter = await addResident(t, 'rt_voter', datieguan, '投票人');
    const start = t.clock.now();
    const vote = await staff.post('/api/deliberation/votes', {
      communityId: datieguan,
      title: '测试表决',
      question: '是否同意？',
      electorate: 'residents',
      scopeKind: 'community',
      options: [
        { key: 'yes', label: '同意' },
        { key: 'no', label: '反对' },
      ],
      noticeAt: start.toISOString(),
      opensAt: start.toISOString(),
      closesAt: new Date(start.getTime() + 48 * 3_600_000).toISOString(),
    });
    assert.equal(vote.statusCode, 201, vote.body);
    const { result, statements } = await counted(() =>
      voter.post(`/api/deliberation/votes/${vote.json().id}/ballot`, { choice: 'yes' }),
    );
    assert.equal(result.statusCode, 200, result.body);
    assert.equal(result.json().ballots, 1);
    // The session with its grants; the vote with the elector, their ballot and the count; the
    // ballot with its audit record and event (was eleven: issue 21).
    assert.ok(statements.length <= 4, `${statements.length} statements:\n${statements.join('\n')}`);
    const db = t.services.database.db;
    const audit = await db
      .selectFrom('platform.audit_log')
      .select(['action', 'actor_id'])
      .where('entity_type', '=', 'vote')
      .where('entity_id', '=', String(vote.json().id))
      .where('action', '=', 'deliberation.vote.cast')
      .execute();
    assert.equal(audit.length, 1, 'the ballot is on record');
    const events = await sql<{ n: number }>`select count(*)::int as n from pgboss.job
      where data->>'type' = 'vote.cast' and data->'payload'->>'referenceId' = ${`vote:${vote.json().id}`}`.execute(db);
    assert.ok(events.rows[0]!.n >= 1, 'and its event is queued');
    // A second ballot is refused and writes nothing.
    const again = await counted(() => voter.post(`/api/deliberation/votes/${vote.json().id}/ballot`, { choice: 'no' }));
    assert.equal(again.result.statusCode, 409);
    assert.ok(again.statements.length <= 2, again.statements.join('\n'));
  });

  test('filing a matter', async () => {
    const resident = await t.login('resident_demo');
    const body = {
      categoryId: await categoryId(resident, 'community.fire_safety.blocked_lane'),
      description: '测试：消防通道被堵',
      ...(await buildingPoint(admin, '打铁关小区1幢')),
    };
    const { result, statements } = await counted(() => resident.post('/api/matters', body));
    assert.equal(result.statusCode, 201, result.body);
    const shown = result.json();
    assert.equal(shown.timeline.length, 1);
    // As shown from what was written, so read back: the same.
    assert.deepEqual(shown, (await resident.get(`/api/matters/${shown.id}`)).json());
    // Session, routing (one query), the grid worker and their duty, and the write: begin, the
    // matter, its notice (a row and two live messages), the rest in one statement, commit; and the
    // names of its community and grid, kept a minute (was twenty-six: issue 21).
    assert.ok(statements.length <= 13, `${statements.length} statements:\n${statements.join('\n')}`);
  });
});
