import type { Generated, JSONColumnType } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  /** The actor's display name when they acted; null in rows from before it was kept. */
  actor_display: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  division_id: number | null;
  grid_id: number | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: JSONColumnType<Record<string, unknown>, string, string>;
}

export interface AuditTables {
  'platform.audit_log': AuditLogTable;
}
