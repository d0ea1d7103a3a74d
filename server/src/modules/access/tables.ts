import type { Generated } from 'kysely';

/** Who a registered person is at the compound: 住户, 租户, 工作人员 (保洁, 保安 …), 物业, other. */
export const PERSON_KINDS = ['resident', 'tenant', 'worker', 'property_staff', 'other'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];
/** How a gate recognised someone: a card, a visitor's QR pass, a plate read, a face matched inside the gate. */
export const ENTRY_METHODS = ['card', 'qr', 'plate', 'face'] as const;
export type EntryMethod = (typeof ENTRY_METHODS)[number];
export const DIRECTIONS = ['in', 'out'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface PersonTable {
  id: Generated<number>;
  compound_id: number;
  community_id: number;
  /** The org person (an id of the org module). */
  person_id: number;
  kind: PersonKind;
  /** HMAC-SHA256 of the card number under a server key; the number itself is never kept. */
  card_hash: string | null;
  card_last4: string | null;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface VehicleTable {
  id: Generated<number>;
  compound_id: number;
  community_id: number;
  plate: string;
  new_energy: boolean;
  person_id: number | null;
  active: Generated<boolean>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
}

export interface PassTable {
  id: Generated<number>;
  compound_id: number;
  community_id: number;
  visitor_name: string;
  visitor_phone: string | null;
  valid_from: Date;
  valid_until: Date;
  created_by: number;
  created_at: Date;
  revoked_at: Date | null;
  revoked_by: number | null;
}

export interface EntryTable {
  id: Generated<string>;
  at: Date;
  /** The domain event's id: a redelivered event is recorded once. */
  event_id: string;
  device_id: number;
  device_code: string;
  compound_id: number | null;
  community_id: number;
  method: EntryMethod;
  direction: Direction;
  /** What may be shown of the credential: a card's last 4, a plate, a pass number, a gate's match id. */
  credential: string;
  allowed: boolean;
  reason: string;
  person_id: number | null;
  /** The access.people row the credential named. */
  registry_id: number | null;
  plate: string | null;
  pass_id: number | null;
}

export interface WatchTable {
  id: Generated<number>;
  community_id: number;
  person_id: number | null;
  plate: string | null;
  card_hash: string | null;
  card_last4: string | null;
  reason: string;
  added_by: number;
  added_by_name: string;
  status: Generated<'active' | 'closed'>;
  created_at: Date;
  closed_at: Date | null;
  closed_by: number | null;
}

export interface AlarmTable {
  id: Generated<number>;
  watch_id: number;
  entry_id: string;
  entry_at: Date;
  community_id: number;
  compound_id: number | null;
  device_id: number;
  device_code: string;
  method: EntryMethod;
  matter_id: number | null;
  created_at: Date;
}

export interface AbsenceTable {
  person_id: number;
  last_seen_at: Date;
  raised_at: Date;
  matter_id: number | null;
}

export interface AccessTables {
  'access.people': PersonTable;
  'access.vehicles': VehicleTable;
  'access.passes': PassTable;
  'access.entries': EntryTable;
  'access.watch': WatchTable;
  'access.alarms': AlarmTable;
  'access.absences': AbsenceTable;
}
