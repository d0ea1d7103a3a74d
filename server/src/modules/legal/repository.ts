import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { ArticleKind, ArticleStatus, ArticleTable, FraudType, ReportKind, ReportTable } from './tables.ts';

export type ArticleRow = Selectable<ArticleTable>;
export type ReportRow = Selectable<ReportTable>;

const searchable = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function insertArticle(db: Executor, row: Insertable<ArticleTable>): Promise<ArticleRow> {
  return db.insertInto('legal.articles').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateArticle(db: Executor, id: number, set: Updateable<ArticleTable>) {
  return db.updateTable('legal.articles').set(set).where('id', '=', id).execute();
}

export function articleById(db: Executor, id: number, lock = false): Promise<ArticleRow | undefined> {
  const q = db.selectFrom('legal.articles').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export interface ArticleFilter {
  /** Words that must all be in the text (jieba's); none: no text filter. */
  words: string[];
  kind?: ArticleKind | undefined;
  fraudType?: FraudType | undefined;
  /** Published articles, and drafts of these divisions (a staff member's area). */
  draftsOf: readonly number[];
  status?: ArticleStatus | undefined;
  divisionIds?: readonly number[] | undefined;
}

/**
 * One page of articles: with words, the best matches first (ts_rank over the jieba words, the
 * cursor an offset into that order); without, the latest published first.
 */
export function listArticles(db: Executor, f: ArticleFilter, offset: number, limit: number) {
  const vector = sql`to_tsvector('simple', search_text)`;
  const query = sql`plainto_tsquery('simple', ${f.words.join(' ')})`;
  let q = db
    .selectFrom('legal.articles')
    .selectAll()
    .select(f.words.length > 0 ? sql<number>`ts_rank(${vector}, ${query})`.as('rank') : sql<number>`0`.as('rank'));
  if (f.words.length > 0) q = q.where(sql<boolean>`${vector} @@ ${query}`);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.fraudType) q = q.where('fraud_type', '=', f.fraudType);
  if (f.divisionIds) q = q.where('division_id', 'in', f.divisionIds.length ? f.divisionIds : [0]);
  const drafts = f.draftsOf.length ? f.draftsOf : [0];
  if (f.status === 'draft') q = q.where('status', '=', 'draft').where('division_id', 'in', drafts);
  else if (f.status === 'published') q = q.where('status', '=', 'published');
  else q = q.where((eb) => eb.or([eb('status', '=', 'published'), eb('division_id', 'in', drafts)]));
  return q
    .orderBy('rank', 'desc')
    .orderBy(sql`coalesce(published_at, updated_at)`, 'desc')
    .orderBy('id', 'desc')
    .offset(offset)
    .limit(limit + 1)
    .execute();
}

export function insertReport(db: Executor, row: Insertable<ReportTable>): Promise<ReportRow> {
  return db.insertInto('legal.reports').values(row).returningAll().executeTakeFirstOrThrow();
}

export function setReportMatter(db: Executor, id: number, matterId: number) {
  return db.updateTable('legal.reports').set({ matter_id: matterId }).where('id', '=', id).execute();
}

/** Earlier reports of the same target in a community since a time, the latest first. */
export function sameTargetSince(db: Executor, communityId: number, targetKey: string, since: Date) {
  return db
    .selectFrom('legal.reports')
    .select(['id', 'matter_id', 'created_at'])
    .where('community_id', '=', communityId)
    .where('target_key', '=', targetKey)
    .where('created_at', '>=', since)
    .orderBy('id', 'desc')
    .execute();
}

/** For each report, how many of the same target in its community fall within `windowMs` before it. */
export async function sameTargetCounts(db: Executor, rows: ReportRow[], windowMs: number) {
  const counts = new Map<number, number>();
  if (rows.length === 0) return counts;
  const keys = [...new Set(rows.map((r) => r.target_key))];
  const communities = [...new Set(rows.map((r) => r.community_id))];
  const oldest = new Date(Math.min(...rows.map((r) => r.created_at.getTime())) - windowMs);
  const others = await db
    .selectFrom('legal.reports')
    .select(['community_id', 'target_key', 'created_at'])
    .where('target_key', 'in', keys)
    .where('community_id', 'in', communities)
    .where('created_at', '>=', oldest)
    .execute();
  for (const r of rows) {
    const from = r.created_at.getTime() - windowMs;
    counts.set(
      r.id,
      others.filter(
        (o) =>
          o.community_id === r.community_id &&
          o.target_key === r.target_key &&
          o.created_at.getTime() >= from &&
          o.created_at.getTime() <= r.created_at.getTime(),
      ).length,
    );
  }
  return counts;
}

export interface ReportFilter {
  communityIds?: readonly number[] | undefined;
  reporterUserId?: number | undefined;
  q?: string | undefined;
  kind?: ReportKind | undefined;
  moneyLost?: boolean | undefined;
}

export function listReports(db: Executor, f: ReportFilter, afterId: number | null, limit: number) {
  let q = db.selectFrom('legal.reports').selectAll();
  if (f.communityIds) q = q.where('community_id', 'in', f.communityIds.length ? f.communityIds : [0]);
  if (f.reporterUserId !== undefined) q = q.where('reporter_user_id', '=', f.reporterUserId);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.moneyLost !== undefined) q = q.where('money_lost', '=', f.moneyLost);
  if (f.q) {
    const like = searchable(f.q);
    q = q.where((eb) =>
      eb.or([eb('target', 'ilike', like), eb('target_key', 'ilike', like), eb('description', 'ilike', like)]),
    );
  }
  if (afterId !== null) q = q.where('id', '<', afterId);
  return q
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

/** The most reported targets of some communities since a time, and reports per kind. */
export async function tallyTargets(db: Executor, communityIds: readonly number[], since: Date, limit: number) {
  const ids = communityIds.length ? communityIds : [0];
  const targets = await db
    .selectFrom('legal.reports')
    .select(['kind', 'target_key'])
    .select((eb) => [
      eb.fn.countAll<string>().as('reports'),
      eb.fn.max('created_at').as('last_at'),
      eb.fn.min('target').as('target'),
    ])
    .where('community_id', 'in', ids)
    .where('created_at', '>=', since)
    .groupBy(['kind', 'target_key'])
    .orderBy('reports', 'desc')
    .orderBy('last_at', 'desc')
    .limit(limit)
    .execute();
  const byKind = await db
    .selectFrom('legal.reports')
    .select('kind')
    .select((eb) => eb.fn.countAll<string>().as('reports'))
    .where('community_id', 'in', ids)
    .where('created_at', '>=', since)
    .groupBy('kind')
    .execute();
  return { targets, byKind };
}

export function reportById(db: Executor, id: number): Promise<ReportRow | undefined> {
  return db.selectFrom('legal.reports').selectAll().where('id', '=', id).executeTakeFirst();
}
