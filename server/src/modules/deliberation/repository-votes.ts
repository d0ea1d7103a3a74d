/** Deliberation's SQL, continued: votes, ballots and comments. */
import { type Insertable, type OperationNodeSource, sql, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { BallotChannel, BallotEntryTable, VoteTable } from './tables.ts';

// ---------- votes ----------

export async function insertVote(db: Executor, row: Insertable<VoteTable>) {
  return (
    await db
      .insertInto('deliberation.votes')
      .values({ ...row, options: JSON.stringify(row.options) as never })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
}

export function voteById(db: Executor, id: number) {
  return db.selectFrom('deliberation.votes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockVote(db: Executor, id: number) {
  return db.selectFrom('deliberation.votes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** The vote, held against counting or cancelling while a ballot goes in (ballots do not wait for each other). */
export function voteForShare(db: Executor, id: number) {
  return db.selectFrom('deliberation.votes').selectAll().where('id', '=', id).forShare().executeTakeFirst();
}

export async function updateVote(db: Executor, id: number, patch: Updateable<VoteTable>) {
  const { result, ...rest } = patch;
  await db
    .updateTable('deliberation.votes')
    .set({ ...rest, ...(result !== undefined ? { result: JSON.stringify(result) as never } : {}) })
    .where('id', '=', id)
    .execute();
}

/** Votes open at an instant (published, opened, not yet closed) in some communities: the cockpit's tile. */
export async function countOpenVotes(db: Executor, communityIds: readonly number[], at: Date) {
  const row = await db
    .selectFrom('deliberation.votes as v')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('v.community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .where('v.status', 'not in', ['cancelled', 'counted'])
    .where('v.opens_at', '<=', at)
    .where('v.closes_at', '>', at)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listVotes(db: Executor, communityIds: readonly number[], beforeId: number | null, limit: number) {
  let q = db
    .selectFrom('deliberation.votes as v')
    .selectAll('v')
    .select((eb) =>
      eb
        .selectFrom('deliberation.ballots as b')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('b.vote_id', '=', 'v.id')
        .as('ballots'),
    )
    .where('v.community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .orderBy('v.id', 'desc')
    .limit(limit + 1);
  if (beforeId !== null) q = q.where('v.id', '<', beforeId);
  return q.execute();
}

export function votesOfTopic(db: Executor, topicId: number) {
  return db.selectFrom('deliberation.votes').selectAll().where('topic_id', '=', topicId).orderBy('id').execute();
}

export async function insertElectors(
  db: Executor,
  rows: Array<{
    vote_id: number;
    voter_key: string;
    household_id: number | null;
    area_centi: number;
    person_ids: number[];
  }>,
) {
  for (let i = 0; i < rows.length; i += 2000)
    await db
      .insertInto('deliberation.electors')
      .values(rows.slice(i, i + 2000))
      .execute();
}

/** The voter a person casts for in a vote, if any. */
export function electorOf(db: Executor, voteId: number, personId: number) {
  return db
    .selectFrom('deliberation.electors')
    .select(['voter_key', 'area_centi'])
    .where('vote_id', '=', voteId)
    .where(sql<boolean>`person_ids @> array[${personId}]::integer[]`)
    .executeTakeFirst();
}

/**
 * A vote with what a ballot needs beside it, in one query: the caller's elector (the first
 * row naming the person, as electorOf), that elector's ballot if any, and the ballots so far
 * per channel (as ballotsPerChannel).
 */
export function voteForBallot(db: Executor, voteId: number, personId: number | null) {
  return db
    .selectFrom('deliberation.votes as v')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('deliberation.electors as x')
          .select(['x.voter_key', 'x.area_centi'])
          .whereRef('x.vote_id', '=', 'v.id')
          .where(sql<boolean>`x.person_ids @> array[${personId}]::integer[]`)
          .limit(1)
          .as('e'),
      (join) => join.onTrue(),
    )
    .leftJoin('deliberation.ballots as b', (join) =>
      join.onRef('b.vote_id', '=', 'v.id').onRef('b.voter_key', '=', 'e.voter_key'),
    )
    .selectAll('v')
    .select(['e.voter_key as elector_key', 'b.choice as my_choice', 'b.channel as my_channel'])
    .select(
      sql<Record<string, number> | null>`(select json_object_agg(c.channel, c.n) from (
        select channel, count(*)::int as n from deliberation.ballots where vote_id = v.id group by channel) c)`.as(
        'per_channel',
      ),
    )
    .where('v.id', '=', voteId)
    .executeTakeFirst();
}

/** True in castBallotAtOnce's statement once its ballot went in: the gate of the writes that go with it. */
export const ballotWentIn = sql<boolean>`exists (select 1 from cast_ballot)`;

/**
 * A first ballot in one statement: the vote held against counting or cancelling (as
 * voteForShare), the ballot added if the vote is open at `now` (votePhase's rule, in SQL)
 * and the elector has none yet (the primary key), and the caller's other writes, gated on
 * ballotWentIn (its audit record and its event). Answers the vote as held (undefined: gone)
 * and whether the ballot went in.
 */
export async function castBallotAtOnce(
  db: Executor,
  row: { vote_id: number; voter_key: string; choice: string; cast_by: number; cast_at: Date; channel: BallotChannel },
  now: Date,
  alongside: ReadonlyArray<OperationNodeSource>,
) {
  const writes = alongside.map((w, i) => sql`, ${sql.raw(`alongside_${i}`)} as (${w})`);
  const { rows } = await sql<{ status: string; opens_at: Date; closes_at: Date; cast: boolean }>`
    with held as (
      select id, status, opens_at, closes_at from deliberation.votes where id = ${row.vote_id} for share
    ), cast_ballot as (
      insert into deliberation.ballots (vote_id, voter_key, choice, cast_by, cast_at, channel)
      select held.id, ${row.voter_key}, ${row.choice}, ${row.cast_by}, ${row.cast_at}, ${row.channel} from held
      where held.status not in ('cancelled', 'counted') and held.opens_at <= ${now} and ${now} < held.closes_at
      on conflict do nothing
      returning voter_key
    )${writes.length > 0 ? sql.join(writes, sql``) : sql``}
    select held.status, held.opens_at, held.closes_at, exists (select 1 from cast_ballot) as cast from held`.execute(
    db,
  );
  return rows[0];
}

/**
 * Adds a ballot unless the elector already has one: the primary key decides between
 * concurrent requests. Returns whether it went in.
 */
export async function insertBallot(
  db: Executor,
  row: { vote_id: number; voter_key: string; choice: string; cast_by: number; cast_at: Date; channel: BallotChannel },
) {
  const inserted = await db
    .insertInto('deliberation.ballots')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('voter_key')
    .execute();
  return inserted.length === 1;
}

/** The elector's ballot, held until the transaction ends (a second ballot is decided against it). */
export function ballotForUpdate(db: Executor, voteId: number, voterKey: string) {
  return db
    .selectFrom('deliberation.ballots')
    .select(['choice', 'channel', 'cast_by', 'cast_at'])
    .where('vote_id', '=', voteId)
    .where('voter_key', '=', voterKey)
    .forUpdate()
    .executeTakeFirstOrThrow();
}

/** Changes a ballot (an online change, or a staff entry replacing an online ballot); counts the change. */
export async function replaceBallot(
  db: Executor,
  voteId: number,
  voterKey: string,
  patch: { choice: string; cast_by: number; cast_at: Date; channel: BallotChannel },
) {
  await db
    .updateTable('deliberation.ballots')
    .set((eb) => ({ ...patch, changes: eb('changes', '+', 1) }))
    .where('vote_id', '=', voteId)
    .where('voter_key', '=', voterKey)
    .execute();
}

export async function insertBallotEntry(db: Executor, row: Insertable<BallotEntryTable>) {
  return (await db.insertInto('deliberation.ballot_entries').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Staff entries of a vote, newest first. */
export function ballotEntries(db: Executor, voteId: number, beforeId: number | null, limit: number) {
  let q = db
    .selectFrom('deliberation.ballot_entries as x')
    .innerJoin('deliberation.electors as e', (j) =>
      j.onRef('e.vote_id', '=', 'x.vote_id').onRef('e.voter_key', '=', 'x.voter_key'),
    )
    .selectAll('x')
    .select(['e.person_ids', 'e.area_centi'])
    .where('x.vote_id', '=', voteId)
    .orderBy('x.id', 'desc')
    .limit(limit + 1);
  if (beforeId !== null) q = q.where('x.id', '<', beforeId);
  return q.execute();
}

export function ballotEntryById(db: Executor, id: number) {
  return db.selectFrom('deliberation.ballot_entries').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An elector of a vote by key. */
export function electorByKey(db: Executor, voteId: number, voterKey: string) {
  return db
    .selectFrom('deliberation.electors')
    .selectAll()
    .where('vote_id', '=', voteId)
    .where('voter_key', '=', voterKey)
    .executeTakeFirst();
}

/** The whole roll of a vote with each elector's ballot channel (null: not voted), in roll order. */
export function electorsWithChannel(db: Executor, voteId: number) {
  return db
    .selectFrom('deliberation.electors as e')
    .leftJoin('deliberation.ballots as b', (j) =>
      j.onRef('b.vote_id', '=', 'e.vote_id').onRef('b.voter_key', '=', 'e.voter_key'),
    )
    .select(['e.voter_key', 'e.household_id', 'e.area_centi', 'e.person_ids', 'b.channel'])
    .where('e.vote_id', '=', voteId)
    .orderBy('e.voter_key')
    .execute();
}

/** Ballots of a vote per channel (counts only, no choices: shown while voting runs). */
export async function ballotsPerChannel(db: Executor, voteId: number) {
  const rows = await db
    .selectFrom('deliberation.ballots')
    .select(['channel', (eb) => eb.fn.countAll<string>().as('n')])
    .where('vote_id', '=', voteId)
    .groupBy('channel')
    .execute();
  return new Map(rows.map((r) => [r.channel, Number(r.n)]));
}

export function ballotOf(db: Executor, voteId: number, voterKey: string) {
  return db
    .selectFrom('deliberation.ballots')
    .select(['choice', 'channel'])
    .where('vote_id', '=', voteId)
    .where('voter_key', '=', voterKey)
    .executeTakeFirst();
}

export async function countBallots(db: Executor, voteId: number) {
  const row = await db
    .selectFrom('deliberation.ballots')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('vote_id', '=', voteId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function ballotsWithArea(db: Executor, voteId: number) {
  return db
    .selectFrom('deliberation.ballots as b')
    .innerJoin('deliberation.electors as e', (j) =>
      j.onRef('e.vote_id', '=', 'b.vote_id').onRef('e.voter_key', '=', 'b.voter_key'),
    )
    .select(['b.choice', 'b.channel', 'e.area_centi'])
    .where('b.vote_id', '=', voteId)
    .execute();
}

// ---------- comments ----------

export async function insertComment(
  db: Executor,
  row: {
    target_type: 'topic' | 'vote';
    target_id: number;
    community_id: number;
    parent_id: number | null;
    author_user_id: number;
    author_name: string;
    body: string;
    created_at: Date;
  },
) {
  return (await db.insertInto('deliberation.comments').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function commentById(db: Executor, id: number) {
  return db.selectFrom('deliberation.comments').selectAll().where('id', '=', id).executeTakeFirst();
}

export function commentsOf(db: Executor, targetType: 'topic' | 'vote', targetId: number) {
  return db
    .selectFrom('deliberation.comments')
    .selectAll()
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .orderBy('id')
    .limit(2000)
    .execute();
}

export async function flagComment(db: Executor, commentId: number, userId: number, reason: string, at: Date) {
  const inserted = await db
    .insertInto('deliberation.comment_flags')
    .values({ comment_id: commentId, user_id: userId, reason, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .returning('comment_id')
    .execute();
  if (inserted.length === 1)
    await db
      .updateTable('deliberation.comments')
      .set((eb) => ({ flags: eb('flags', '+', 1) }))
      .where('id', '=', commentId)
      .execute();
  return inserted.length === 1;
}

export async function moderateComment(db: Executor, id: number, hidden: boolean, by: number, reason: string) {
  await db
    .updateTable('deliberation.comments')
    .set({ status: hidden ? 'hidden' : 'visible', moderated_by: by, moderation_reason: reason || null })
    .where('id', '=', id)
    .execute();
}

export function flaggedComments(db: Executor, communityIds: readonly number[], beforeId: number | null, limit: number) {
  let q = db
    .selectFrom('deliberation.comments')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .where('flags', '>', 0)
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (beforeId !== null) q = q.where('id', '<', beforeId);
  return q.execute();
}

/** The electors who have not cast a ballot, in roll order. */
export function nonVoters(db: Executor, voteId: number) {
  return db
    .selectFrom('deliberation.electors as e')
    .leftJoin('deliberation.ballots as b', (j) =>
      j.onRef('b.vote_id', '=', 'e.vote_id').onRef('b.voter_key', '=', 'e.voter_key'),
    )
    .select(['e.voter_key', 'e.household_id', 'e.area_centi', 'e.person_ids'])
    .where('e.vote_id', '=', voteId)
    .where('b.voter_key', 'is', null)
    .orderBy('e.voter_key')
    .execute();
}
