import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { BallotTable, ProposalTable, RoundTable, SpendingTable } from './tables.ts';

export type RoundRow = Selectable<RoundTable>;
export type ProposalRow = Selectable<ProposalTable>;

export function insertRound(db: Executor, row: Insertable<RoundTable>) {
  return db.insertInto('budgets.rounds').values(row).returningAll().executeTakeFirstOrThrow();
}

export function roundById(db: Executor, id: number, lock = false): Promise<RoundRow | undefined> {
  const q = db.selectFrom('budgets.rounds').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function setCounted(db: Executor, id: number, at: Date) {
  return db.updateTable('budgets.rounds').set({ counted_at: at }).where('id', '=', id).execute();
}

export function listRounds(db: Executor, communityIds: readonly number[], afterId: number | null, limit: number) {
  let q = db
    .selectFrom('budgets.rounds')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? communityIds : [0]);
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function countsOf(db: Executor, roundIds: readonly number[]) {
  if (roundIds.length === 0) return { proposals: new Map<number, number>(), ballots: new Map<number, number>() };
  const [p, b] = await Promise.all([
    db
      .selectFrom('budgets.proposals')
      .select(['round_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('round_id', 'in', roundIds)
      .groupBy('round_id')
      .execute(),
    db
      .selectFrom('budgets.ballots')
      .select(['round_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('round_id', 'in', roundIds)
      .groupBy('round_id')
      .execute(),
  ]);
  return {
    proposals: new Map(p.map((r) => [r.round_id, Number(r.n)])),
    ballots: new Map(b.map((r) => [r.round_id, Number(r.n)])),
  };
}

export function insertProposal(db: Executor, row: Insertable<ProposalTable>) {
  return db.insertInto('budgets.proposals').values(row).returningAll().executeTakeFirstOrThrow();
}

export function proposalById(db: Executor, id: number, lock = false): Promise<ProposalRow | undefined> {
  const q = db.selectFrom('budgets.proposals').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function proposalsOf(db: Executor, roundId: number) {
  return db.selectFrom('budgets.proposals').selectAll().where('round_id', '=', roundId).orderBy('id').execute();
}

export function updateProposal(db: Executor, id: number, set: Updateable<ProposalTable>) {
  return db.updateTable('budgets.proposals').set(set).where('id', '=', id).execute();
}

export function upsertBallot(db: Executor, row: Insertable<BallotTable>) {
  return db
    .insertInto('budgets.ballots')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['round_id', 'voter_user_id']).doUpdateSet({
        proposal_ids: sql`excluded.proposal_ids`,
        total_fen: sql`excluded.total_fen`,
        cast_at: sql`excluded.cast_at`,
      }),
    )
    .execute();
}

export function ballotOf(db: Executor, roundId: number, userId: number) {
  return db
    .selectFrom('budgets.ballots')
    .selectAll()
    .where('round_id', '=', roundId)
    .where('voter_user_id', '=', userId)
    .executeTakeFirst();
}

export function ballotsOf(db: Executor, roundId: number) {
  return db.selectFrom('budgets.ballots').select('proposal_ids').where('round_id', '=', roundId).execute();
}

export function insertSpending(db: Executor, row: Insertable<SpendingTable>) {
  return db.insertInto('budgets.spending').values(row).returningAll().executeTakeFirstOrThrow();
}

export function spendingOf(db: Executor, proposalId: number) {
  return db.selectFrom('budgets.spending').selectAll().where('proposal_id', '=', proposalId).orderBy('id').execute();
}

export async function spentByProposal(db: Executor, proposalIds: readonly number[]) {
  if (proposalIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('budgets.spending')
    .select(['proposal_id', (eb) => eb.fn.sum<number>('amount_fen').as('fen')])
    .where('proposal_id', 'in', proposalIds)
    .groupBy('proposal_id')
    .execute();
  return new Map(rows.map((r) => [r.proposal_id, Number(r.fen)]));
}
