import type { listAudit } from './repository.ts';
import type { AuditRecord } from './schema.ts';

/** An audit record as the API shows it. */
export function presentAuditRecord(r: Awaited<ReturnType<typeof listAudit>>[number]): AuditRecord {
  return {
    id: r.id,
    at: r.at.toISOString(),
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorDisplayName: r.actor_display,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    divisionId: r.division_id,
    gridId: r.grid_id,
    ip: r.ip,
    userAgent: r.user_agent,
    details: r.details,
  };
}
