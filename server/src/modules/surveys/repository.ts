import { sql, type Insertable, type Selectable, type SqlBool, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { escapeLike } from '../../platform/sql.ts';
import type { Phase, ResponseTable, SurveyTable } from './tables.ts';

export type SurveyRow = Selectable<SurveyTable>;

export function insertSurvey(db: Executor, row: Insertable<SurveyTable>) {
  return db.insertInto('surveys.surveys').values(row).returningAll().executeTakeFirstOrThrow();
}

export function surveyById(db: Executor, id: number, lock = false): Promise<SurveyRow | undefined> {
  const q = db.selectFrom('surveys.surveys').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function updateSurvey(db: Executor, id: number, set: Updateable<SurveyTable>) {
  return db.updateTable('surveys.surveys').set(set).where('id', '=', id).execute();
}

/** The phase as a condition, the same as phaseOf reads it. */
function phaseWhere(phase: Phase, now: Date) {
  switch (phase) {
    case 'draft':
      return sql<SqlBool>`published_at is null`;
    case 'scheduled':
      return sql<SqlBool>`published_at is not null and opens_at > ${now}`;
    case 'open':
      return sql<SqlBool>`published_at is not null and opens_at <= ${now} and closes_at > ${now}`;
    case 'closed':
      return sql<SqlBool>`published_at is not null and closes_at <= ${now}`;
  }
}

export function listSurveys(
  db: Executor,
  communityIds: readonly number[],
  f: { q?: string | undefined; phase?: Phase | undefined; publishedOnly?: boolean; now: Date },
  afterId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('surveys.surveys')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? communityIds : [0]);
  if (f.q) q = q.where('title', 'ilike', `%${escapeLike(f.q)}%`);
  if (f.phase) q = q.where(phaseWhere(f.phase, f.now));
  if (f.publishedOnly) q = q.where('published_at', 'is not', null);
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q.orderBy('id', 'desc').limit(limit).execute();
}

export async function responseCounts(db: Executor, surveyIds: readonly number[]) {
  if (surveyIds.length === 0) return new Map<number, number>();
  const rows = await db
    .selectFrom('surveys.responses')
    .select(['survey_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('survey_id', 'in', surveyIds)
    .groupBy('survey_id')
    .execute();
  return new Map(rows.map((r) => [r.survey_id, Number(r.n)]));
}

/** Inserts a response unless one with the same respondent hash is there: false when it was. */
export async function insertResponse(db: Executor, row: Insertable<ResponseTable>): Promise<boolean> {
  const r = await db
    .insertInto('surveys.responses')
    .values(row)
    .onConflict((oc) => oc.columns(['survey_id', 'respondent_hash']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return r !== undefined;
}

export async function answeredAmong(db: Executor, surveyId: number, hashes: readonly string[]) {
  if (hashes.length === 0) return new Set<string>();
  const rows = await db
    .selectFrom('surveys.responses')
    .select('respondent_hash')
    .where('survey_id', '=', surveyId)
    .where('respondent_hash', 'in', hashes)
    .execute();
  return new Set(rows.map((r) => r.respondent_hash));
}

/** Of these surveys, those answered by one of these respondents (each hash names its survey too). */
export async function surveysAnsweredBy(db: Executor, surveyIds: readonly number[], hashes: readonly string[]) {
  if (surveyIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('surveys.responses')
    .select('survey_id')
    .where('survey_id', 'in', surveyIds)
    .where('respondent_hash', 'in', hashes)
    .execute();
  return new Set(rows.map((r) => r.survey_id));
}

export function answersOf(db: Executor, surveyId: number) {
  return db.selectFrom('surveys.responses').select('answers').where('survey_id', '=', surveyId).execute();
}

/** The texts given to one question, latest first, those containing `q`. */
export function textAnswers(
  db: Executor,
  surveyId: number,
  questionId: string,
  q: string | undefined,
  beforeId: number | null,
  limit: number,
) {
  let query = db
    .selectFrom('surveys.responses')
    .select(['id', 'respondent_name', sql<string>`answers->>${questionId}`.as('text')])
    .where('survey_id', '=', surveyId)
    .where(sql<SqlBool>`coalesce(answers->>${questionId}, '') <> ''`);
  if (q) query = query.where(sql<SqlBool>`answers->>${questionId} ilike ${`%${escapeLike(q)}%`}`);
  if (beforeId !== null) query = query.where('id', '<', beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}
