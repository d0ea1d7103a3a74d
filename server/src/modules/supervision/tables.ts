import type { Generated } from 'kysely';

/** 三色: green on time, yellow late, red late past SUPERVISION_RED_AFTER_HOURS. */
export const CARDS = ['green', 'yellow', 'red'] as const;
export type Card = (typeof CARDS)[number];
/** open: the gap is open; done: the gap closed (matter resolved, unit without overdue matters); closed: by the supervisor. */
export const ORDER_STATUSES = ['open', 'done', 'closed'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export type TargetKind = 'matter' | 'unit';
export type UnitKind = 'department' | 'community';

export interface OrderTable {
  id: Generated<number>;
  target_kind: TargetKind;
  matter_id: number | null;
  matter_code: string | null;
  /** The unit answerable: a department (code of the matters catalogue) or a community. */
  unit_kind: UnitKind;
  department: string | null;
  unit_division_id: number | null;
  unit_name: string;
  /** Where the order lies for scope: the matter's community, the community, or a department's area. */
  division_id: number;
  grid_id: number | null;
  /** 挂牌督办 */
  listed: Generated<boolean>;
  note: string;
  deadline_at: Date;
  card: Generated<Card>;
  /** The worst card the order has had: a red one stays counted red. */
  worst_card: Generated<Card>;
  status: Generated<OrderStatus>;
  gap_closed_at: Date | null;
  closed_at: Date | null;
  closed_by_user_id: number | null;
  closed_by_name: string | null;
  close_note: string | null;
  reminders: Generated<number>;
  last_reminded_at: Date | null;
  created_by_user_id: number;
  created_by_name: string;
  created_at: Date;
  updated_at: Date;
}

export interface CardChangeTable {
  id: Generated<number>;
  order_id: number;
  at: Date;
  from_card: Card;
  to_card: Card;
  /** late, red_threshold, gap_closed */
  reason: string;
}

export interface ReminderTable {
  id: Generated<number>;
  order_id: number;
  at: Date;
  by_user_id: number;
  by_name: string;
  message: string;
  recipients: number[];
}

export interface SupervisionTables {
  'supervision.orders': OrderTable;
  'supervision.card_changes': CardChangeTable;
  'supervision.reminders': ReminderTable;
}
