import type { ColumnType, Generated } from 'kysely';

/** CAP 1.2 values, written in lower case here and in the API (CAP capitalises them). */
export const NOTICE_STATUSES = ['actual', 'exercise', 'test'] as const;
export const MSG_TYPES = ['alert', 'update', 'cancel'] as const;
export const CAP_CATEGORIES = [
  'geo',
  'met',
  'safety',
  'security',
  'rescue',
  'fire',
  'health',
  'env',
  'transport',
  'infra',
  'cbrne',
  'other',
] as const;
export const URGENCIES = ['immediate', 'expected', 'future', 'past', 'unknown'] as const;
export const SEVERITIES = ['extreme', 'severe', 'moderate', 'minor', 'unknown'] as const;
export const CERTAINTIES = ['observed', 'likely', 'possible', 'unlikely', 'unknown'] as const;
/** Our topic beside CAP's category: 反诈, 普法, 安全, 天气, 健康, 社区事务, 其他. */
export const TOPICS = ['anti_fraud', 'legal_education', 'safety', 'weather', 'health', 'community', 'other'] as const;
/** For anti-fraud notices: 冒充公检法, 刷单, 杀猪盘, 冒充客服, 网络贷款, 其他. */
export const FRAUD_TYPES = [
  'impersonating_police',
  'order_brushing',
  'pig_butchering',
  'fake_customer_service',
  'online_loan',
  'other',
] as const;
/** Who may be addressed by role (the staff and residents of the area). */
export const AUDIENCE_ROLES = ['resident', 'courier', 'grid_worker', 'community_admin', 'street_admin'] as const;
export const CHANNELS = ['app', 'sms', 'none'] as const;
export const ACK_METHODS = ['app', 'phoned', 'visited'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;

type Instant = ColumnType<Date, Date, Date>;

export interface NoticeTable {
  id: Generated<number>;
  identifier: string;
  sender_division_id: number;
  sender_user_id: number;
  sent: Instant;
  status: (typeof NOTICE_STATUSES)[number];
  msg_type: (typeof MSG_TYPES)[number];
  references_id: number | null;
  superseded_by: number | null;
  category: (typeof CAP_CATEGORIES)[number];
  topic: (typeof TOPICS)[number];
  fraud_type: (typeof FRAUD_TYPES)[number] | null;
  urgency: (typeof URGENCIES)[number];
  severity: (typeof SEVERITIES)[number];
  certainty: (typeof CERTAINTIES)[number];
  headline: string;
  description: string;
  instruction: string;
  area_division_ids: number[];
  audience_roles: string[];
  audience_tags: string[];
  effective: Instant;
  expires: Instant;
  visit_after_hours: number;
  created_at: Instant;
}

export interface RecipientTable {
  id: Generated<number>;
  notice_id: number;
  person_id: number | null;
  user_id: number | null;
  name: string;
  community_id: number | null;
  grid_id: number | null;
  tags: string[];
  channel: (typeof CHANNELS)[number];
  delivery_id: number | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  acknowledged_at: Date | null;
  ack_method: (typeof ACK_METHODS)[number] | null;
  ack_by_user_id: number | null;
  ack_note: Generated<string>;
  sends: Generated<number>;
  last_sent_at: Date | null;
}

export interface VisitTaskTable {
  id: Generated<number>;
  notice_id: number;
  recipient_id: number;
  person_id: number;
  community_id: number;
  grid_id: number | null;
  status: (typeof TASK_STATUSES)[number];
  due_at: Date;
  created_at: Date;
  closed_at: Date | null;
  closed_by: number | null;
  method: 'visited' | 'phoned' | null;
  note: Generated<string>;
}

export interface NoticesTables {
  'notices.notices': NoticeTable;
  'notices.recipients': RecipientTable;
  'notices.visit_tasks': VisitTaskTable;
}
