import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type {
  AppealTable,
  EvidenceTable,
  OfficialGradeTable,
  PledgeTable,
  ScoreTable,
  SnapshotTable,
} from './tables.ts';

export type EvidenceRow = Selectable<EvidenceTable>;
export type AppealRow = Selectable<AppealTable>;
export type ScoreRow = Selectable<ScoreTable>;

/** Adds evidence; evidence from another module is kept once (null when it was there already). */
export async function insertEvidence(db: Executor, row: Insertable<EvidenceTable>): Promise<number | null> {
  const r = await db
    .insertInto('credit.evidence')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['merchant_id', 'source_module', 'source_ref']).where('source_module', '<>', 'staff').doNothing(),
    )
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export function evidenceById(db: Executor, id: number) {
  return db.selectFrom('credit.evidence').selectAll().where('id', '=', id).executeTakeFirst();
}

export function evidenceOf(db: Executor, merchantIds: readonly number[]): Promise<EvidenceRow[]> {
  if (merchantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('credit.evidence')
    .selectAll()
    .where('merchant_id', 'in', [...merchantIds])
    .orderBy('occurred_on')
    .orderBy('id')
    .execute();
}

export async function voidEvidence(db: Executor, id: number, by: number, at: Date, reason: string) {
  const r = await db
    .updateTable('credit.evidence')
    .set({ voided_at: at, voided_by: by, void_reason: reason })
    .where('id', '=', id)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export function upsertScore(db: Executor, row: Selectable<ScoreTable>) {
  const { merchant_id: _m, ...set } = row;
  return db
    .insertInto('credit.scores')
    .values(row)
    .onConflict((oc) => oc.column('merchant_id').doUpdateSet(set))
    .execute();
}

export async function insertSnapshot(db: Executor, row: Selectable<SnapshotTable>) {
  const r = await db
    .insertInto('credit.snapshots')
    .values(row)
    .onConflict((oc) => oc.columns(['merchant_id', 'month']).doNothing())
    .returning('merchant_id')
    .executeTakeFirst();
  return r !== undefined;
}

export function scoresOf(db: Executor, merchantIds: readonly number[]): Promise<ScoreRow[]> {
  if (merchantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('credit.scores')
    .selectAll()
    .where('merchant_id', 'in', [...merchantIds])
    .execute();
}

export function snapshotsOf(db: Executor, merchantId: number) {
  return db
    .selectFrom('credit.snapshots')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('month', 'desc')
    .limit(36)
    .execute();
}

export async function insertAppeal(db: Executor, row: Insertable<AppealTable>) {
  return (await db.insertInto('credit.appeals').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function appealById(db: Executor, id: number, lock = false) {
  const q = db.selectFrom('credit.appeals').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function pendingAppealFor(db: Executor, evidenceId: number) {
  return db
    .selectFrom('credit.appeals')
    .select('id')
    .where('evidence_id', '=', evidenceId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export function appealsOfMerchant(db: Executor, merchantId: number) {
  return db
    .selectFrom('credit.appeals')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

export function appeals(
  db: Executor,
  f: { communityIds: readonly number[]; status?: string | undefined; afterId?: number | undefined; limit: number },
) {
  let q = db
    .selectFrom('credit.appeals')
    .selectAll()
    .where('community_id', 'in', f.communityIds.length ? [...f.communityIds] : [-1]);
  if (f.status) q = q.where('status', '=', f.status as AppealRow['status']);
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function decideAppeal(
  db: Executor,
  id: number,
  set: {
    status: 'granted' | 'rejected';
    decided_by: number;
    decided_at: Date;
    decision_note: string;
    repair_evidence_id: number | null;
  },
) {
  const r = await db
    .updateTable('credit.appeals')
    .set(set)
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function insertOfficialGrade(db: Executor, row: Insertable<OfficialGradeTable>) {
  return (await db.insertInto('credit.official_grades').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** The regulator's grades, latest first (kept as recorded, never changed). */
export function officialGradesOf(db: Executor, merchantIds: readonly number[]) {
  if (merchantIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('credit.official_grades')
    .selectAll()
    .where('merchant_id', 'in', [...merchantIds])
    .orderBy('graded_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertPledge(db: Executor, row: Insertable<PledgeTable>) {
  const r = await db
    .insertInto('credit.pledges')
    .values(row)
    .onConflict((oc) => oc.columns(['merchant_id', 'kind', 'text_version']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r?.id ?? null;
}

export function pledgesOf(db: Executor, merchantId: number) {
  return db
    .selectFrom('credit.pledges')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .orderBy('signed_on', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export function cardOf(db: Executor, merchantId: number) {
  return db.selectFrom('credit.cards').selectAll().where('merchant_id', '=', merchantId).executeTakeFirst();
}

export async function insertCard(db: Executor, row: { merchant_id: number; token: string; created_at: Date }) {
  await db
    .insertInto('credit.cards')
    .values(row)
    .onConflict((oc) => oc.column('merchant_id').doNothing())
    .execute();
}

export function cardByToken(db: Executor, token: string) {
  return db.selectFrom('credit.cards').selectAll().where('token', '=', token).executeTakeFirst();
}
