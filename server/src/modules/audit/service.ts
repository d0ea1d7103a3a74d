import type { Kysely, RawBuilder } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import type { OrgPlace } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { auditReach, placeOfRecord } from './access.ts';
import { presentAuditRecord } from './presenters.ts';
import { auditInsertWhen, insertAudit, listAudit, type AuditFilter } from './repository.ts';
import type { AuditRecord } from './schema.ts';
import type { AuditAction } from './actions.ts';

export interface AuditEntry {
  action: AuditAction;
  entityType?: string;
  entityId?: string | number;
  place?: OrgPlace;
  details?: Record<string, unknown>;
}

function auditRow(ctx: RequestContext, e: AuditEntry, at: Date) {
  const place = placeOfRecord(ctx, e.place);
  return {
    at,
    actorId: ctx.actor?.userId ?? null,
    actorName: ctx.actor?.username ?? (ctx.userAgent === 'system' ? 'system' : null),
    actorDisplay: ctx.actor?.displayName ?? null,
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
    await insertAudit(
      trx,
      entries.map((e) => auditRow(ctx, e, at)),
    );
  }

  /**
   * The records as a statement not yet run, written only where `gate` (SQL) holds: for a
   * caller that writes a change and its record in one statement (a ballot in one round trip).
   */
  recordWhen(db: Executor, ctx: RequestContext, gate: RawBuilder<boolean>, ...entries: AuditEntry[]) {
    const at = this.clock.now();
    return auditInsertWhen(
      db,
      entries.map((e) => auditRow(ctx, e, at)),
      gate,
    );
  }

  /** Records of several requests in one statement (work batched across callers). */
  async recordEach(trx: Executor, records: ReadonlyArray<{ ctx: RequestContext; entry: AuditEntry }>) {
    const at = this.clock.now();
    await insertAudit(
      trx,
      records.map((r) => auditRow(r.ctx, r.entry, at)),
    );
  }

  /**
   * Admins see the records of their area. Records with no place at all (sign-in
   * attempts under unknown names, system work) are kept for operators and not listed.
   */
  async list(
    ctx: RequestContext,
    filter: AuditFilter,
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<AuditRecord>> {
    const rows = await listAudit(this.db, auditReach(ctx.actor), filter, decodeCursor(cursor), limit);
    return toPage(rows, limit, presentAuditRecord, (r) => ({ sort: null, id: r.id }));
  }
}
