import { sql, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type {
  AppealStatus,
  AppealTable,
  RunTable,
  SchemeTable,
  SchemeVersionTable,
  ScoreLineTable,
  ScoreTable,
  SubjectKind,
} from './tables.ts';

export type SchemeRow = Selectable<SchemeTable>;
export type VersionRow = Selectable<SchemeVersionTable>;
export type ScoreRow = Selectable<ScoreTable>;
export type LineRow = Selectable<ScoreLineTable>;
export type AppealRow = Selectable<AppealTable>;

// ---------- schemes and versions ----------

export function insertScheme(db: Executor, row: Insertable<SchemeTable>) {
  return db.insertInto('assessment.schemes').values(row).returningAll().executeTakeFirstOrThrow();
}

export function schemeById(db: Executor, id: number) {
  return db.selectFrom('assessment.schemes').selectAll().where('id', '=', id).executeTakeFirst();
}

export function schemeForUpdate(db: Executor, id: number) {
  return db.selectFrom('assessment.schemes').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateScheme(db: Executor, id: number, set: Updateable<SchemeTable>) {
  return db.updateTable('assessment.schemes').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function activeSchemes(db: Executor) {
  return db.selectFrom('assessment.schemes').selectAll().where('archived', '=', false).orderBy('id').execute();
}

export function listSchemes(
  db: Executor,
  f: { districtIds: readonly number[]; subjectKind?: SubjectKind | undefined; archived?: boolean | undefined },
  after: CursorKey | null,
  limit: number,
) {
  if (f.districtIds.length === 0) return Promise.resolve([]);
  let q = db
    .selectFrom('assessment.schemes')
    .selectAll()
    .where('district_id', 'in', [...f.districtIds]);
  if (f.subjectKind) q = q.where('subject_kind', '=', f.subjectKind);
  q = q.where('archived', '=', f.archived ?? false);
  if (after) q = q.where('id', '<', after.id);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export function insertVersion(db: Executor, row: Insertable<SchemeVersionTable>) {
  return db.insertInto('assessment.scheme_versions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function versionsOf(db: Executor, schemeIds: readonly number[]) {
  if (schemeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assessment.scheme_versions')
    .selectAll()
    .where('scheme_id', 'in', [...schemeIds])
    .orderBy('scheme_id')
    .orderBy('version', 'desc')
    .execute();
}

export function versionById(db: Executor, id: number) {
  return db.selectFrom('assessment.scheme_versions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** The version in force for a month: the latest taking effect in or before it. */
export function versionInForce(db: Executor, schemeId: number, month: string) {
  return db
    .selectFrom('assessment.scheme_versions')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .where('effective_from', '<=', month)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The months scored with each scheme, newest first. */
export async function scoredMonths(db: Executor, schemeIds: readonly number[]) {
  const out = new Map<number, string[]>();
  if (schemeIds.length === 0) return out;
  const rows = await db
    .selectFrom('assessment.runs')
    .select(['scheme_id', 'month'])
    .distinct()
    .where('scheme_id', 'in', [...schemeIds])
    .orderBy('scheme_id')
    .orderBy('month', 'desc')
    .execute();
  for (const r of rows) out.set(r.scheme_id, [...(out.get(r.scheme_id) ?? []), r.month]);
  return out;
}

// ---------- runs and scores ----------

export function insertRun(db: Executor, row: Insertable<RunTable>) {
  return db.insertInto('assessment.runs').values(row).returningAll().executeTakeFirstOrThrow();
}

export function scoresOfMonth(db: Executor, schemeId: number, month: string) {
  return db
    .selectFrom('assessment.scores')
    .selectAll()
    .where('scheme_id', '=', schemeId)
    .where('month', '=', month)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export function insertScore(db: Executor, row: Insertable<ScoreTable>) {
  return db.insertInto('assessment.scores').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateScore(db: Executor, id: number, set: Updateable<ScoreTable>) {
  return db.updateTable('assessment.scores').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** Scores with no appeal: they may go when their subject is no longer assessed. */
export async function deleteScoresWithoutAppeals(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return;
  await db
    .deleteFrom('assessment.scores')
    .where('id', 'in', [...ids])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('assessment.appeals as a').select('a.id').whereRef('a.score_id', '=', 'assessment.scores.id'),
        ),
      ),
    )
    .execute();
}

export function scoreById(db: Executor, id: number) {
  return db.selectFrom('assessment.scores').selectAll().where('id', '=', id).executeTakeFirst();
}

export function scoreForUpdate(db: Executor, id: number) {
  return db.selectFrom('assessment.scores').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function linesOf(db: Executor, scoreIds: readonly number[]) {
  if (scoreIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assessment.score_lines')
    .selectAll()
    .where('score_id', 'in', [...scoreIds])
    .orderBy('score_id')
    .orderBy('id')
    .execute();
}

/** Writes a line's computed figures; a granted appeal's points on it stay. */
export function upsertLine(db: Executor, row: Insertable<ScoreLineTable>) {
  return db
    .insertInto('assessment.score_lines')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['score_id', 'indicator']).doUpdateSet((eb) => ({
        weight: eb.ref('excluded.weight'),
        target: eb.ref('excluded.target'),
        value: eb.ref('excluded.value'),
        numerator: eb.ref('excluded.numerator'),
        denominator: eb.ref('excluded.denominator'),
        points: eb.ref('excluded.points'),
        deduction: eb.ref('excluded.deduction'),
        refs: eb.ref('excluded.refs'),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function deleteLinesExcept(db: Executor, scoreId: number, indicators: readonly string[]) {
  return db
    .deleteFrom('assessment.score_lines')
    .where('score_id', '=', scoreId)
    .$if(indicators.length > 0, (q) => q.where('indicator', 'not in', [...indicators] as never))
    .execute();
}

export function updateLine(db: Executor, id: number, set: Updateable<ScoreLineTable>) {
  return db
    .updateTable('assessment.score_lines')
    .set(set)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface ScoreFilter {
  scope: Scope | null;
  subjectUserId?: number | undefined;
  schemeId?: number | undefined;
  month?: string | undefined;
  subjectKind?: SubjectKind | undefined;
  peerGroup?: string | undefined;
  /** Divisions of an area filter (itself and below). */
  divisionIds?: number[] | undefined;
}

/** Newest month first, then by scheme, peer group and rank. */
const scoreSortKey = sql<string>`(999999 - replace(s.month, '-', '')::int)::text || '|' || lpad(s.scheme_id::text, 10, '0') || '|' || s.peer_group || '|' || lpad(s.rank::text, 8, '0')`;

function filteredScores(db: Executor, f: ScoreFilter) {
  let q = db.selectFrom('assessment.scores as s');
  if (f.scope) {
    const scope = f.scope;
    q = q.where((eb) => inScope(eb, scope, { division: 's.division_id', grid: 's.grid_id' }));
  }
  if (f.subjectUserId !== undefined) q = q.where('s.subject_user_id', '=', f.subjectUserId);
  if (f.schemeId !== undefined) q = q.where('s.scheme_id', '=', f.schemeId);
  if (f.month) q = q.where('s.month', '=', f.month);
  if (f.subjectKind) q = q.where('s.subject_kind', '=', f.subjectKind);
  if (f.peerGroup) q = q.where('s.peer_group', '=', f.peerGroup);
  if (f.divisionIds) {
    const ids = f.divisionIds;
    q = q.where((eb) => (ids.length ? eb('s.division_id', 'in', ids) : sql<SqlBool>`false`));
  }
  return q;
}

export function listScores(db: Executor, f: ScoreFilter, after: CursorKey | null, limit: number) {
  let q = filteredScores(db, f).selectAll('s').select(scoreSortKey.as('sort_key'));
  if (after)
    q = q.where(
      sql<SqlBool>`(${scoreSortKey} > ${String(after.sort)} or (${scoreSortKey} = ${String(after.sort)} and s.id > ${after.id}))`,
    );
  return q
    .orderBy(scoreSortKey)
    .orderBy('s.id')
    .limit(limit + 1)
    .execute();
}

export async function countScores(db: Executor, f: ScoreFilter) {
  const row = await filteredScores(db, f)
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function peerScores(db: Executor, schemeId: number, month: string, peerGroup: string) {
  return db
    .selectFrom('assessment.scores')
    .select(['id', 'subject_key', 'peer_group', 'score'])
    .where('scheme_id', '=', schemeId)
    .where('month', '=', month)
    .where('peer_group', '=', peerGroup)
    .orderBy('id')
    .forUpdate()
    .execute();
}

export function setRank(db: Executor, id: number, rank: number, peerSize: number) {
  return db.updateTable('assessment.scores').set({ rank, peer_size: peerSize }).where('id', '=', id).execute();
}

// ---------- appeals ----------

export function insertAppeal(db: Executor, row: Insertable<AppealTable>) {
  return db.insertInto('assessment.appeals').values(row).returningAll().executeTakeFirstOrThrow();
}

export function appealById(db: Executor, id: number) {
  return db.selectFrom('assessment.appeals').selectAll().where('id', '=', id).executeTakeFirst();
}

export function appealForUpdate(db: Executor, id: number) {
  return db.selectFrom('assessment.appeals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateAppeal(db: Executor, id: number, set: Updateable<AppealTable>) {
  return db.updateTable('assessment.appeals').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

export function appealsOfScore(db: Executor, scoreId: number) {
  return db
    .selectFrom('assessment.appeals')
    .selectAll()
    .where('score_id', '=', scoreId)
    .orderBy('id', 'desc')
    .execute();
}

export function pendingAppealOfLine(db: Executor, lineId: number) {
  return db
    .selectFrom('assessment.appeals')
    .select('id')
    .where('line_id', '=', lineId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export interface AppealFilter {
  scope: Scope;
  appellantUserId: number;
  status?: AppealStatus | undefined;
  schemeId?: number | undefined;
  month?: string | undefined;
}

export function listAppeals(db: Executor, f: AppealFilter, after: CursorKey | null, limit: number) {
  let q = db
    .selectFrom('assessment.appeals as a')
    .selectAll('a')
    .where((eb) =>
      eb.or([inScope(eb, f.scope, { division: 'a.division_id' }), eb('a.appellant_user_id', '=', f.appellantUserId)]),
    );
  if (f.status) q = q.where('a.status', '=', f.status);
  if (f.schemeId !== undefined) q = q.where('a.scheme_id', '=', f.schemeId);
  if (f.month) q = q.where('a.month', '=', f.month);
  if (after) q = q.where('a.id', '<', after.id);
  return q
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute();
}
