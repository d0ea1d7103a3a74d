import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { BallotTable, CandidateTable, ElectionTable, ElectorTable } from './tables.ts';

export type ElectionRow = Selectable<ElectionTable>;
export type CandidateRow = Selectable<CandidateTable>;
export type ElectorRow = Selectable<ElectorTable>;

export function insertElection(db: Executor, row: Insertable<ElectionTable>) {
  return db.insertInto('elections.elections').values(row).returningAll().executeTakeFirstOrThrow();
}

export function electionById(db: Executor, id: number, lock = false): Promise<ElectionRow | undefined> {
  const q = db.selectFrom('elections.elections').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function updateElection(db: Executor, id: number, set: Updateable<ElectionTable>) {
  return db.updateTable('elections.elections').set(set).where('id', '=', id).execute();
}

export function listElections(db: Executor, communityIds: readonly number[], afterId: number | null, limit: number) {
  let q = db
    .selectFrom('elections.elections')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? communityIds : [0]);
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function countsOf(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return { candidates: new Map<number, number>(), ballots: new Map<number, number>() };
  const [c, b] = await Promise.all([
    db
      .selectFrom('elections.candidates')
      .select(['election_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('election_id', 'in', ids)
      .where('status', '=', 'approved')
      .groupBy('election_id')
      .execute(),
    db
      .selectFrom('elections.ballots')
      .select(['election_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('election_id', 'in', ids)
      .groupBy('election_id')
      .execute(),
  ]);
  return {
    candidates: new Map(c.map((r) => [r.election_id, Number(r.n)])),
    ballots: new Map(b.map((r) => [r.election_id, Number(r.n)])),
  };
}

export function insertElectors(db: Executor, rows: Insertable<ElectorTable>[]) {
  return db.insertInto('elections.electors').values(rows).execute();
}

export function electorsOf(db: Executor, electionId: number) {
  return db
    .selectFrom('elections.electors')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('household_id')
    .execute();
}

export function electorOfPerson(db: Executor, electionId: number, personId: number) {
  return db
    .selectFrom('elections.electors')
    .selectAll()
    .where('election_id', '=', electionId)
    .where(sql<boolean>`person_ids @> array[${personId}]::int[]`)
    .executeTakeFirst();
}

export function electorOfHousehold(db: Executor, electionId: number, householdId: number) {
  return db
    .selectFrom('elections.electors')
    .selectAll()
    .where('election_id', '=', electionId)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
}

export function insertCandidate(db: Executor, row: Insertable<CandidateTable>) {
  return db
    .insertInto('elections.candidates')
    .values(row)
    .onConflict((oc) => oc.columns(['election_id', 'person_id']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export function candidateById(db: Executor, id: number) {
  return db.selectFrom('elections.candidates').selectAll().where('id', '=', id).executeTakeFirst();
}

export function candidatesOf(db: Executor, electionId: number) {
  return db
    .selectFrom('elections.candidates')
    .selectAll()
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute();
}

export function updateCandidate(db: Executor, id: number, set: Updateable<CandidateTable>) {
  return db.updateTable('elections.candidates').set(set).where('id', '=', id).execute();
}

/** One ballot per household: the primary key settles concurrent casts; 'exists' when one was there. */
export async function insertBallot(db: Executor, row: Insertable<BallotTable>): Promise<'cast' | 'exists'> {
  const r = await db
    .insertInto('elections.ballots')
    .values(row)
    .onConflict((oc) => oc.columns(['election_id', 'household_id']).doNothing())
    .returning('household_id')
    .executeTakeFirst();
  return r ? 'cast' : 'exists';
}

export function ballotOf(db: Executor, electionId: number, householdId: number) {
  return db
    .selectFrom('elections.ballots')
    .selectAll()
    .where('election_id', '=', electionId)
    .where('household_id', '=', householdId)
    .executeTakeFirst();
}

export function ballotsOf(db: Executor, electionId: number) {
  return db
    .selectFrom('elections.ballots')
    .select(['household_id', 'candidate_ids', 'source'])
    .where('election_id', '=', electionId)
    .execute();
}
