import type { Generated, JSONColumnType } from 'kysely';

export type MatterKind = 'report' | 'help' | 'suggestion' | 'alarm' | 'care' | 'warning';
export type MatterStatus =
  | 'reported'
  | 'accepted'
  | 'dispatched'
  | 'in_progress'
  | 'resolved'
  | 'closed'
  | 'rejected'
  | 'duplicate'
  | 'escalated'
  | 'reopened'
  | 'returned';
export type MatterLevel = 'grid' | 'community' | 'street' | 'department';
export type Urgency = 'normal' | 'urgent' | 'critical';
export type DurationUnit = 'minutes' | 'hours' | 'working_hours' | 'working_days';
export type StationKind =
  | 'party_service_center'
  | 'warm_station'
  | 'courier_station'
  | 'mediation_room'
  | 'legal_station'
  | 'fire_station'
  | 'health_station'
  | 'elderly_care_center'
  | 'childcare_center'
  | 'canteen'
  | 'employment_station'
  | 'culture_center';
/** What a station offers residents: the nine services of the 15-minute life circle (seed 003). */
export type ServiceKind = (typeof SERVICE_KINDS)[number];

/** An extra field a category asks for (e.g. 车牌号 for a parked car). */
export interface CategoryField {
  code: string;
  labelZh: string;
  labelEn: string;
  type: 'text' | 'number' | 'select' | 'boolean';
  required: boolean;
  options?: Array<{ value: string; labelZh: string; labelEn: string }>;
}

export interface CategoryTable {
  id: Generated<number>;
  parent_id: number | null;
  code: string;
  name_zh: string;
  name_en: string;
  kind: MatterKind;
  dispute: Generated<boolean>;
  department: string;
  /** A clearing reading leaves its matters waiting for someone on site to confirm with a photo. */
  confirm_on_site: Generated<boolean>;
  accept_amount: number;
  accept_unit: DurationUnit;
  resolve_amount: number;
  resolve_unit: DurationUnit;
  fields: JSONColumnType<CategoryField[], string, string>;
  keywords: Generated<string[]>;
  examples: Generated<string[]>;
  active: Generated<boolean>;
  sort: Generated<number>;
  updated_at: Date;
}

export interface MatterTable {
  id: Generated<number>;
  code: string;
  category_id: number;
  kind: MatterKind;
  status: MatterStatus;
  level: Generated<MatterLevel>;
  department: string | null;
  urgency: Generated<Urgency>;
  source: string;
  description: string;
  reporter_user_id: number | null;
  reporter_name: Generated<string>;
  reporter_phone: string | null;
  anonymous: Generated<boolean>;
  lat: number | null;
  lng: number | null;
  address: Generated<string>;
  h3_r5: string | null;
  h3_r7: string | null;
  h3_r9: string | null;
  division_id: number;
  grid_id: number | null;
  station_id: number | null;
  assignee_user_id: number | null;
  assignee_name: string | null;
  attributes: JSONColumnType<Record<string, unknown>, string, string>;
  photos: Generated<string[]>;
  accept_due_at: Date | null;
  resolve_due_at: Date | null;
  /** The first accept and resolve deadlines missed, kept when an escalation or more time sets new ones. */
  accept_missed_at: Date | null;
  resolve_missed_at: Date | null;
  warned_at: Date | null;
  overdue: Generated<boolean>;
  accepted_at: Date | null;
  dispatched_at: Date | null;
  started_at: Date | null;
  resolved_at: Date | null;
  closed_at: Date | null;
  rating: number | null;
  rating_comment: string | null;
  /** When it was first put under supervision (督办), and the worst card it has had there: from supervision's events. */
  supervised_at: Date | null;
  supervision_card: 'green' | 'yellow' | 'red' | null;
  /** A repeat request (重复诉求): set when reported (matters.is_repeat_report, migration 0036). */
  is_repeat: Generated<boolean>;
  reopen_count: Generated<number>;
  duplicate_of: number | null;
  adopted: boolean | null;
  reply: string | null;
  source_entity_type: string | null;
  source_entity_id: string | null;
  open311_client_id: number | null;
  open311_token: string | null;
  /** Who moved it to its level (上报), and from where: a return (退单) sends it back there. */
  escalated_by_user_id: number | null;
  escalated_by_name: string | null;
  escalated_from_level: MatterLevel | null;
  /** Who dispatched it (派遣) at its level: a return from the assignee goes to them. */
  dispatched_by_user_id: number | null;
  dispatched_by_name: string | null;
  version: Generated<number>;
  created_at: Date;
  updated_at: Date;
}

export interface TimelineTable {
  id: Generated<number>;
  matter_id: number;
  at: Date;
  actor_user_id: number | null;
  actor_name: Generated<string>;
  action: string;
  from_status: MatterStatus | null;
  to_status: MatterStatus | null;
  note: Generated<string>;
  internal: Generated<boolean>;
  photos: Generated<string[]>;
  details: JSONColumnType<Record<string, unknown>, string, string>;
}

export interface FollowerTable {
  matter_id: number;
  user_id: number;
  since: Date;
}

export interface CellCountTable {
  res: number;
  cell: string;
  division_id: number;
  grid_id: number;
  open_count: number;
  total_count: number;
  lat_sum: number;
  lng_sum: number;
}

export interface OpeningHours {
  always?: boolean;
  /** Weekday 0 (Sunday) to 6 → [["08:30", "17:30"], ...] in local time. */
  weekly?: Record<string, Array<[string, string]>>;
}

export interface StationTable {
  id: Generated<number>;
  kind: StationKind;
  name: string;
  division_id: number;
  lat: number;
  lng: number;
  /** point(lng, lat), for nearest-first search with a GiST index. */
  location: string;
  address: Generated<string>;
  phone: Generated<string>;
  facilities: Generated<string[]>;
  opening_hours: JSONColumnType<OpeningHours, string, string>;
  active: Generated<boolean>;
  /** The services it offers (SERVICE_KINDS), counted on the service map. */
  services: Generated<ServiceKind[]>;
  /** Places or seats (托育 places, 助餐 seats), when known. */
  capacity: number | null;
  /** When the staff on duty last confirmed the facilities, and who. */
  facilities_checked_at: Date | null;
  facilities_checked_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface DutyTable {
  id: Generated<number>;
  grid_id: number;
  user_id: number;
  starts_at: Date;
  ends_at: Date;
}

/** A period someone is on duty at a service station (a help call there reaches them). */
export interface StationDutyTable {
  id: Generated<number>;
  station_id: number;
  user_id: number;
  starts_at: Date;
  ends_at: Date;
}

export interface Open311ClientTable {
  id: Generated<number>;
  name: string;
  api_key_hash: string;
  division_id: number;
  created_by: number;
  created_at: Date;
  revoked_at: Date | null;
}

export type ExtensionStatus = 'pending' | 'granted' | 'refused' | 'lapsed';

/** A request for more time to resolve (延期申请), decided by whoever sent the matter. */
export interface ExtensionTable {
  id: Generated<number>;
  matter_id: number;
  status: Generated<ExtensionStatus>;
  until: Date;
  previous_due_at: Date | null;
  reason: string;
  requested_by_user_id: number;
  requested_by_name: Generated<string>;
  requested_at: Date;
  decided_by_user_id: number | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: Generated<string>;
}

export type AssistStatus = 'open' | 'answered' | 'unanswered';

/** An assisting department in joint handling (协办): its task and its reply. */
export interface AssistTable {
  id: Generated<number>;
  matter_id: number;
  department: string;
  task: string;
  status: Generated<AssistStatus>;
  requested_by_user_id: number;
  requested_by_name: Generated<string>;
  created_at: Date;
  reply: string | null;
  photos: Generated<string[]>;
  replied_by_user_id: number | null;
  replied_by_name: string | null;
  replied_at: Date | null;
  closed_at: Date | null;
}

/** A satisfaction follow-up (回访) of a closed matter (migration 0066). */
export interface FollowUpTable {
  id: Generated<number>;
  matter_id: number;
  division_id: number;
  grid_id: number | null;
  closed_at: Date;
  due_at: Date;
  overdue_at: Date;
  channel: 'form' | 'call' | null;
  outcome: 'answered' | 'reached' | 'not_reached' | null;
  attempts: Generated<number>;
  rating: number | null;
  resolved: boolean | null;
  comment: Generated<string>;
  recorded_by: number | null;
  recorded_by_name: string | null;
  followed_up_at: Date | null;
  last_attempt_at: Date | null;
  created_at: Date;
}

export interface MattersTables {
  'matters.follow_ups': FollowUpTable;
  'matters.extensions': ExtensionTable;
  'matters.assists': AssistTable;
  'matters.categories': CategoryTable;
  'matters.matters': MatterTable;
  'matters.timeline': TimelineTable;
  'matters.followers': FollowerTable;
  'matters.cell_counts': CellCountTable;
  'matters.stations': StationTable;
  'matters.duty': DutyTable;
  'matters.station_duty': StationDutyTable;
  'matters.open311_clients': Open311ClientTable;
}

// Enumerations: one home, used by the schemas and (through src/enums.ts) the web.
export const MATTER_KINDS = ['report', 'help', 'suggestion', 'alarm', 'care', 'warning'] as const;
export const MATTER_STATUSES = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'closed',
  'rejected',
  'duplicate',
  'escalated',
  'reopened',
  'returned',
] as const;
export const MATTER_LEVELS = ['grid', 'community', 'street', 'department'] as const;
export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export const DURATION_UNITS = ['minutes', 'hours', 'working_hours', 'working_days'] as const;
export const STATION_KINDS = [
  'party_service_center',
  'warm_station',
  'courier_station',
  'mediation_room',
  'legal_station',
  'fire_station',
  'health_station',
  'elderly_care_center',
  'childcare_center',
  'canteen',
  'employment_station',
  'culture_center',
] as const;
/** 政务, 医疗, 养老, 托育, 文体, 就业, 调解与法律, 休息驿站, 食堂. */
export const SERVICE_KINDS = [
  'government',
  'medical',
  'elderly_care',
  'childcare',
  'culture_sports',
  'employment',
  'legal_mediation',
  'rest_station',
  'canteen',
] as const;
/** The services a station of a kind offers when it is not told otherwise. */
export const KIND_SERVICES: Record<StationKind, readonly ServiceKind[]> = {
  party_service_center: ['government', 'culture_sports'],
  warm_station: ['rest_station'],
  courier_station: ['rest_station'],
  mediation_room: ['legal_mediation'],
  legal_station: ['legal_mediation'],
  fire_station: [],
  health_station: ['medical'],
  elderly_care_center: ['elderly_care'],
  childcare_center: ['childcare'],
  canteen: ['canteen'],
  employment_station: ['employment'],
  culture_center: ['culture_sports'],
};
export const FACILITIES = [
  'water',
  'microwave',
  'charger',
  'first_aid',
  'toilet',
  'rest_area',
  'umbrella',
  'wifi',
  'repair_kit',
] as const;
export const FIELD_TYPES = ['text', 'number', 'select', 'boolean'] as const;
export const MATTER_QUEUES = ['mine', 'grid', 'department', 'assist', 'overdue', 'unassigned', 'all'] as const;
export const EXTENSION_STATUSES = ['pending', 'granted', 'refused', 'lapsed'] as const;
export const ASSIST_STATUSES = ['open', 'answered', 'unanswered'] as const;
/** The departments matters escalate to (labels in catalogue.ts). */
export const DEPARTMENT_CODES = [
  'urban_management',
  'fire',
  'police',
  'justice',
  'housing',
  'civil_affairs',
  'market',
  'water',
  'greening',
  'traffic',
  'emergency',
  'street_office',
] as const;
