import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { CursorKey } from '../../platform/pagination.ts';
import { escapeLike } from '../../platform/sql.ts';

export interface AuditInsert {
  at: Date;
  actorId: number | null;
  actorName: string | null;
  actorDisplay: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  divisionId: number | null;
  gridId: number | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
}

export async function insertAudit(db: Executor, entries: AuditInsert[]) {
  if (entries.length === 0) return;
  await db
    .insertInto('platform.audit_log')
    .values(
      entries.map((e) => ({
        at: e.at,
        actor_id: e.actorId,
        actor_name: e.actorName,
        actor_display: e.actorDisplay,
        action: e.action,
        entity_type: e.entityType,
        entity_id: e.entityId,
        division_id: e.divisionId,
        grid_id: e.gridId,
        ip: e.ip,
        user_agent: e.userAgent,
        request_id: e.requestId,
        details: JSON.stringify(e.details),
      })),
    )
    .execute();
}

/**
 * The insert of audit records as a statement not yet run, each row written only where `gate`
 * holds when it runs: for a caller that writes them in a statement of its own (a data-modifying
 * CTE beside the change they record). The casts type the values, which a select does not.
 */
export function auditInsertWhen(db: Executor, entries: AuditInsert[], gate: RawBuilder<boolean>) {
  const rows = entries.map(
    (e) =>
      sql`select ${e.at}::timestamptz, ${e.actorId}::integer, ${e.actorName}::text, ${e.actorDisplay}::text, ${e.action}::text,
        ${e.entityType}::text, ${e.entityId}::text, ${e.divisionId}::integer, ${e.gridId}::integer, ${e.ip}::text,
        ${e.userAgent}::text, ${e.requestId}::text, ${JSON.stringify(e.details)}::jsonb where ${gate}`,
  );
  return db
    .insertInto('platform.audit_log')
    .columns([
      'at',
      'actor_id',
      'actor_name',
      'actor_display',
      'action',
      'entity_type',
      'entity_id',
      'division_id',
      'grid_id',
      'ip',
      'user_agent',
      'request_id',
      'details',
    ])
    .expression(sql`${sql.join(rows, sql` union all `)}`);
}

export interface AuditFilter {
  actorId?: number | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export async function listAudit(
  db: Executor,
  scope: Scope,
  filter: AuditFilter,
  after: CursorKey | null,
  limit: number,
) {
  let q = db
    .selectFrom('platform.audit_log')
    .selectAll()
    .where((eb) => inScope(eb, scope, { division: 'division_id', grid: 'grid_id' }))
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
  if (filter.action) q = q.where('action', 'like', `${escapeLike(filter.action)}%`);
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType);
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  if (after) q = q.where('id', '<', after.id);
  return q.execute();
}
