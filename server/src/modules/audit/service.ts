import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { requirePermission, type OrgPlace } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { insertAudit, listAudit, type AuditFilter } from './repository.ts';

export interface AuditEntry {
  action: string;
  entityType?: string;
  entityId?: string | number;
  place?: OrgPlace;
  details?: Record<string, unknown>;
}

export interface AuditRecordView {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  divisionId: number | null;
  gridId: number | null;
  ip: string | null;
  userAgent: string | null;
  details: Record<string, unknown>;
}

function auditRow(ctx: RequestContext, e: AuditEntry, at: Date) {
  const place: OrgPlace | undefined = e.place ?? ctx.actor?.home ?? undefined;
  return {
    at,
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor?.username ?? (ctx.userAgent === 'system' ? 'system' : null),
    action: e.action,
    entityType: e.entityType ?? null,
    entityId: e.entityId === undefined ? null : String(e.entityId),
    divisionId: place?.divisionId ?? null,
    gridId: place?.gridId ?? null,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    details: e.details ?? {},
  };
}

export class AuditService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes audit records in the caller's transaction, so a change and its record stand
   * or fall together. A record without a place of its own is filed where the actor
   * works (their first grant), so that it shows to the admins of that area only.
   */
  async record(trx: Executor, ctx: RequestContext, ...entries: AuditEntry[]) {
    const at = this.clock.now();
    await insertAudit(trx, entries.map((e) => auditRow(ctx, e, at)));
  }

  /** Records of several requests in one statement (work batched across callers). */
  async recordEach(trx: Executor, records: ReadonlyArray<{ ctx: RequestContext; entry: AuditEntry }>) {
    const at = this.clock.now();
    await insertAudit(trx, records.map((r) => auditRow(r.ctx, r.entry, at)));
  }

  /**
   * Admins see the records of their area. Records with no place at all (sign-in
   * attempts under unknown names, system work) are kept for operators and not listed.
   */
  async list(ctx: RequestContext, filter: AuditFilter, cursor: string | undefined, limit: number): Promise<Page<AuditRecordView>> {
    const scope = requirePermission(ctx.actor, 'audit.read');
    const rows = await listAudit(this.db, scope, filter, decodeCursor(cursor), limit);
    return toPage(
      rows,
      limit,
      (r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actorId: r.actor_id,
        actorName: r.actor_name,
        action: r.action,
        entityType: r.entity_type,
        entityId: r.entity_id,
        divisionId: r.division_id,
        gridId: r.grid_id,
        ip: r.ip,
        userAgent: r.user_agent,
        details: r.details,
      }),
      (r) => ({ sort: null, id: r.id }),
    );
  }
}
