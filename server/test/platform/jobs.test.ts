import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Jobs, patientRunner, type DomainEvent } from '../../src/platform/jobs.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { freshDatabase } from '../support/harness.ts';
import { openPostgres, type Database } from '../../src/db/connection.ts';

describe('domain events and jobs', () => {
  let database: Database;
  let drop: () => Promise<void>;
  let jobs: Jobs;
  const clock = new ManualClock(new Date('2026-11-21T00:00:00Z'));
  const seen: Array<DomainEvent<{ n: number }>> = [];
  let failuresLeft = 0;
  const ticks: Date[] = [];

  const marks = async () =>
    (
      await sql<{
        action: string;
      }>`select action from platform.audit_log where action like 'test.%' order by id`.execute(database.db)
    ).rows.map((r) => r.action);

  before(async () => {
    ({ database, drop } = await freshDatabase());
    jobs = new Jobs(database, clock, { timeZone: 'Asia/Shanghai', onError: () => {} });
    jobs.subscribe('test-recorder', ['thing.happened'], async (event, trx) => {
      // The handler's own write shares the job's transaction.
      await sql`insert into platform.audit_log (at, action, details) values (${clock.now()}, ${`test.${event.payload.n}`}, '{}')`.execute(
        trx,
      );
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('flaky subscriber');
      }
      seen.push(event);
    });
    jobs.every('test-tick', '* * * * *', async (now) => {
      ticks.push(now);
    });
    await jobs.start({ workers: false });
  });
  after(async () => {
    await jobs.stop();
    await drop();
  });

  test('an event written in a committed transaction reaches its subscriber once', async () => {
    await database.db.transaction().execute(async (trx) => {
      await jobs.publish(trx, 'thing.happened', { n: 1 }, 7);
    });
    await jobs.publish(database.db, 'nobody.listens', { n: 0 });
    assert.equal(await jobs.drain(), 1);
    assert.equal(await jobs.drain(), 0);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.payload.n, 1);
    assert.equal(seen[0]!.actorId, 7);
    assert.equal(seen[0]!.occurredAt, '2026-11-21T00:00:00.000Z');
    assert.deepEqual(await marks(), ['test.1']);
  });

  test('an event of a rolled-back transaction is never delivered', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await jobs.publish(trx, 'thing.happened', { n: 2 });
        throw new Error('the change fails');
      }),
    );
    assert.equal(await jobs.drain(), 0);
    assert.equal(seen.length, 1);
  });

  test('a failing handler leaves no partial write and the event is retried', async () => {
    failuresLeft = 1;
    await jobs.publish(database.db, 'thing.happened', { n: 3 });
    await assert.rejects(jobs.drain(), /flaky subscriber/);
    assert.deepEqual(await marks(), ['test.1'], 'the failed attempt wrote nothing');
    // pg-boss holds the retry back for its delay; make it due now.
    await sql`update pgboss.job set start_after = now() where state = 'retry'`.execute(database.db);
    assert.equal(await jobs.drain(), 1);
    assert.deepEqual(await marks(), ['test.1', 'test.3']);
    assert.equal(seen.at(-1)!.payload.n, 3);
  });

  test("timed work runs at the clock's time", async () => {
    clock.set(new Date('2026-12-31T15:59:00Z'));
    await jobs.runScheduled('test-tick');
    assert.equal(ticks.at(-1)?.toISOString(), '2026-12-31T15:59:00.000Z');
  });
});

describe('the queue waits for a free connection', () => {
  // Only PostgreSQL has a pool to run out of; the embedded database has its one connection.
  const url = process.env.DATABASE_URL;
  test('a statement refused for want of a free connection is sent again once one frees, others fail at once', {
    skip: url ? false : 'PostgreSQL only (DATABASE_URL)',
  }, async () => {
    const { database: shared, drop } = await freshDatabase();
    const database = await openPostgres(shared.url!, 1, undefined, { connectionWaitMs: 100, statementTimeoutMs: 0 });
    try {
      // The pool's one connection busy for half a second.
      const busy = database.runner.executeSql('select pg_sleep(0.5)');
      await new Promise((resolve) => setTimeout(resolve, 20));
      await assert.rejects(database.runner.executeSql('select 1'), /timeout exceeded when trying to connect/);
      const patient = patientRunner(database.runner);
      const { rows } = await patient.executeSql('select 2 as n');
      assert.deepEqual(rows, [{ n: 2 }]);
      await busy;
      await assert.rejects(patient.executeSql('select * from no_such_table'), /no_such_table/);
    } finally {
      await database.close();
      await drop();
    }
  });
});
