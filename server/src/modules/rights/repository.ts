import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { containsLike as like } from '../../platform/sql.ts';
import type { Route } from './routing.ts';
import type {
  BookingTable,
  DutyRole,
  DutyShiftTable,
  RightsCaseTable,
  RightsStatus,
  RightsStepTable,
} from './tables.ts';
import type { RightsKind } from './deadlines.ts';

export type CaseRow = Selectable<RightsCaseTable>;
export type StepRow = Selectable<RightsStepTable>;
export type ShiftRow = Selectable<DutyShiftTable>;

const json = (v: unknown) => JSON.stringify(v);

/** The next number of the case code (WQ + local date + number), from a sequence: no two intakes share one. */
export async function nextCaseNumber(db: Executor): Promise<number> {
  const { rows } = await sql<{ n: string }>`select nextval('rights.case_number') as n`.execute(db);
  return Number(rows[0]!.n);
}

export function insertCase(
  db: Executor,
  row: Omit<
    Insertable<RightsCaseTable>,
    'facts' | 'claims' | 'deadlines' | 'final_award' | 'route_ref' | 'source_ref'
  > & {
    facts: unknown;
    claims: unknown;
    deadlines: unknown;
    final_award: unknown;
    route_ref: unknown;
    source_ref: unknown;
  },
): Promise<CaseRow> {
  return db
    .insertInto('rights.cases')
    .values({
      ...row,
      facts: json(row.facts),
      claims: json(row.claims),
      deadlines: json(row.deadlines),
      final_award: json(row.final_award),
      route_ref: json(row.route_ref),
      source_ref: json(row.source_ref),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function caseById(db: Executor, id: number): Promise<CaseRow | undefined> {
  return db.selectFrom('rights.cases').selectAll().where('id', '=', id).executeTakeFirst();
}

export function caseForUpdate(db: Executor, id: number): Promise<CaseRow | undefined> {
  return db.selectFrom('rights.cases').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateCase(
  db: Executor,
  id: number,
  set: Omit<Updateable<RightsCaseTable>, 'route_ref'> & { route_ref?: unknown },
) {
  const { route_ref, ...rest } = set;
  return db
    .updateTable('rights.cases')
    .set({ ...rest, ...(route_ref === undefined ? {} : { route_ref: json(route_ref) }) })
    .where('id', '=', id)
    .execute();
}

export function insertStep(db: Executor, row: Insertable<RightsStepTable>) {
  return db.insertInto('rights.steps').values(row).execute();
}

export function stepsOf(db: Executor, caseIds: readonly number[]): Promise<StepRow[]> {
  if (!caseIds.length) return Promise.resolve([]);
  return db.selectFrom('rights.steps').selectAll().where('case_id', 'in', caseIds).orderBy('id').execute();
}

export interface CaseFilter {
  scope: Scope;
  communityIds?: readonly number[] | undefined;
  q?: string | undefined;
  status?: RightsStatus | undefined;
  kind?: RightsKind | undefined;
  route?: Route | undefined;
  after: CursorKey | null;
  limit: number;
}

/** A page of the staff queue, newest first, limited to the caller's area. */
export function listCases(db: Executor, f: CaseFilter): Promise<CaseRow[]> {
  let q = db
    .selectFrom('rights.cases')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb('community_id', 'in', f.scope.divisionIds.length ? f.scope.divisionIds : [0]),
        eb('grid_id', 'in', f.scope.gridIds.length ? f.scope.gridIds : [0]),
      ]),
    );
  if (f.communityIds) q = q.where('community_id', 'in', f.communityIds.length ? f.communityIds : [0]);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.route) q = q.where('route', '=', f.route);
  if (f.q) {
    const pattern = like(f.q);
    q = q.where((eb) =>
      eb.or([
        eb('code', 'ilike', pattern),
        eb('summary', 'ilike', pattern),
        eb('employer_name', 'ilike', pattern),
        eb('worker_name', 'ilike', pattern),
      ]),
    );
  }
  if (f.after) q = q.where('id', '<', f.after.id);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function casesOfWorker(db: Executor, userId: number): Promise<CaseRow[]> {
  return db
    .selectFrom('rights.cases')
    .selectAll()
    .where('worker_user_id', '=', userId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
}

export function insertShift(db: Executor, row: Insertable<DutyShiftTable>): Promise<ShiftRow> {
  return db.insertInto('rights.duty_shifts').values(row).returningAll().executeTakeFirstOrThrow();
}

export function shiftById(db: Executor, id: number): Promise<ShiftRow | undefined> {
  return db.selectFrom('rights.duty_shifts').selectAll().where('id', '=', id).executeTakeFirst();
}

export function shiftsBetween(
  db: Executor,
  communityId: number,
  from: Date,
  to: Date,
  role: DutyRole | undefined,
): Promise<ShiftRow[]> {
  let q = db
    .selectFrom('rights.duty_shifts')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('ends_at', '>', from)
    .where('starts_at', '<', to);
  if (role) q = q.where('role', '=', role);
  return q.orderBy('starts_at').orderBy('id').execute();
}

export async function bookedStarts(db: Executor, shiftIds: readonly number[]): Promise<Set<string>> {
  if (!shiftIds.length) return new Set();
  const rows = await db
    .selectFrom('rights.bookings')
    .select(['shift_id', 'starts_at'])
    .where('shift_id', 'in', shiftIds)
    .execute();
  return new Set(rows.map((r) => `${r.shift_id}@${r.starts_at.getTime()}`));
}

export function insertBooking(db: Executor, row: Insertable<BookingTable>) {
  return db.insertInto('rights.bookings').values(row).returning('id').executeTakeFirstOrThrow();
}
