import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import type { ReportFileKind, ReportTable } from './tables.ts';

export type ReportRow = Selectable<ReportTable>;

/** Every column but the files: what lists and the service read. */
export function insertReport(db: Executor, row: Insertable<ReportTable>) {
  return db.insertInto('reports.reports').values(row).returningAll().executeTakeFirstOrThrow();
}

export function reportById(db: Executor, id: number) {
  return db.selectFrom('reports.reports').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateReport(db: Executor, id: number, set: Updateable<ReportTable>) {
  return db.updateTable('reports.reports').set(set).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
}

/** The next version number of a unit's month (1 for the first). */
export async function nextVersion(db: Executor, divisionId: number, month: string): Promise<number> {
  const row = await db
    .selectFrom('reports.reports')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('division_id', '=', divisionId)
    .where('month', '=', month)
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

/** Of these units, those that already have a report of the month (in any state, any version). */
export async function unitsWithReport(db: Executor, divisionIds: readonly number[], month: string) {
  if (divisionIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('reports.reports')
    .select('division_id')
    .distinct()
    .where('division_id', 'in', [...divisionIds])
    .where('month', '=', month)
    .execute();
  return new Set(rows.map((r) => r.division_id));
}

export interface ReportFilter {
  /** The units the caller may read; empty: nothing. */
  divisionIds: readonly number[];
  divisionId?: number | undefined;
  month?: string | undefined;
  unitKind?: 'street' | 'district' | undefined;
  status?: string | undefined;
  /** Earlier versions too. */
  allVersions?: boolean | undefined;
}

function filtered(db: Executor, f: ReportFilter) {
  let q = db.selectFrom('reports.reports');
  q = q.where('division_id', 'in', f.divisionIds.length ? [...f.divisionIds] : [-1]);
  if (f.divisionId !== undefined) q = q.where('division_id', '=', f.divisionId);
  if (f.month !== undefined) q = q.where('month', '=', f.month);
  if (f.unitKind !== undefined) q = q.where('unit_kind', '=', f.unitKind);
  if (f.status !== undefined) q = q.where('status', '=', f.status as ReportTable['status']);
  if (!f.allVersions) q = q.where('superseded_at', 'is', null);
  return q;
}

/** Newest month first, then newest report; keyed by (month, id) for the cursor. */
export function listReports(db: Executor, f: ReportFilter, after: CursorKey | null, limit: number) {
  let q = filtered(db, f).selectAll();
  if (after) {
    const month = String(after.sort ?? '');
    q = q.where((eb) => eb.or([eb('month', '<', month), eb.and([eb('month', '=', month), eb('id', '<', after.id)])]));
  }
  return q
    .orderBy('month', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
}

export async function countReports(db: Executor, f: ReportFilter) {
  const row = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Takes a queued report (or one whose worker's lease has passed) for generation; 'done' when
 * it has ended already, 'busy' while another worker holds it.
 */
export async function claimReport(
  db: Executor,
  id: number,
  now: Date,
  leaseUntil: Date,
): Promise<ReportRow | 'done' | 'busy'> {
  const claimed = await db
    .updateTable('reports.reports')
    .set({ status: 'running', started_at: now, lease_until: leaseUntil })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([eb('status', '=', 'queued'), eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)])]),
    )
    .returningAll()
    .executeTakeFirst();
  if (claimed) return claimed;
  const row = await reportById(db, id);
  return !row || row.status === 'done' || row.status === 'failed' ? 'done' : 'busy';
}

/** Reports whose worker stopped mid-way (lease passed) or that were never picked up. */
export function abandonedReports(db: Executor, now: Date, queuedBefore: Date) {
  return db
    .selectFrom('reports.reports')
    .select(['id'])
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]),
        eb.and([eb('status', '=', 'queued'), eb('created_at', '<', queuedBefore)]),
      ]),
    )
    .execute();
}

/** Marks the earlier finished versions of a unit's month as superseded by a newer one. */
export function supersedeEarlier(db: Executor, report: Pick<ReportRow, 'id' | 'division_id' | 'month'>, at: Date) {
  return db
    .updateTable('reports.reports')
    .set({ superseded_at: at })
    .where('division_id', '=', report.division_id)
    .where('month', '=', report.month)
    .where('id', '<>', report.id)
    .where('superseded_at', 'is', null)
    .where('status', 'in', ['done', 'failed'])
    .execute();
}

export async function insertFiles(
  db: Executor,
  reportId: number,
  files: ReadonlyArray<{ kind: ReportFileKind; content: Buffer; sha256: string }>,
) {
  if (files.length === 0) return;
  await db
    .insertInto('reports.files')
    .values(files.map((f) => ({ report_id: reportId, kind: f.kind, content: f.content, sha256: f.sha256 })))
    .onConflict((oc) =>
      oc.columns(['report_id', 'kind']).doUpdateSet((eb) => ({
        content: eb.ref('excluded.content'),
        sha256: eb.ref('excluded.sha256'),
      })),
    )
    .execute();
}

export async function fileOf(db: Executor, reportId: number, kind: ReportFileKind) {
  const row = await db
    .selectFrom('reports.files')
    .select(['content', 'sha256'])
    .where('report_id', '=', reportId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return row ? { content: Buffer.from(row.content), sha256: row.sha256 } : null;
}

/** A report still queued or running for the unit and month (at most one: a partial unique index). */
export function pendingReport(db: Executor, divisionId: number, month: string) {
  return db
    .selectFrom('reports.reports')
    .selectAll()
    .where('division_id', '=', divisionId)
    .where('month', '=', month)
    .where(sql<boolean>`status in ('queued', 'running')`)
    .executeTakeFirst();
}
