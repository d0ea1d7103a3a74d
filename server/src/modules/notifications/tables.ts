import type { Generated } from 'kysely';
import type { MessageParams } from '../../platform/i18n.ts';

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  /** Text as written before notifications were stored as messages; new rows carry title_key. */
  title: string;
  body: Generated<string>;
  /** The title as a message key with its parameters, rendered in the reader's language. */
  title_key: string | null;
  title_params: MessageParams | null;
  body_key: string | null;
  body_params: MessageParams | null;
  link: Generated<string>;
  entity_type: string | null;
  entity_id: string | null;
  read_at: Date | null;
  created_at: Date;
}

export interface NotificationTables {
  'notifications.notifications': NotificationTable;
  'notifications.deliveries': DeliveryTable;
  'notifications.preferences': PreferenceTable;
}

export const DELIVERY_STATUSES = ['queued', 'sent', 'refused', 'failed', 'skipped'] as const;
/**
 * queued: to be sent (now, after a backoff, or after quiet hours); sent: the provider took it;
 * refused: the provider said no (a bad number, a limit, no template), never retried by itself;
 * failed: provider errors until the attempts ran out; skipped: not sent (no phone, channel off, limit).
 */
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An SMS or a voice call, from the moment it is asked for until the provider took it or refused it. */
export interface DeliveryTable {
  id: Generated<number>;
  user_id: number | null;
  /** The whole number while the message may still be sent; null once it is done with. */
  phone: string | null;
  /** SHA-256 of the number, for the limits per phone after the number itself is gone. */
  phone_key: string;
  phone_masked: string;
  channel: 'sms' | 'voice';
  kind: string;
  params: Record<string, string> | null;
  critical: Generated<boolean>;
  status: DeliveryStatus;
  attempts: Generated<number>;
  next_attempt_at: Date | null;
  provider: string;
  provider_message_id: string | null;
  error_code: string | null;
  error_detail: string | null;
  entity_type: string | null;
  entity_id: string | null;
  /** The place it was sent for (an alarm's community); null when it has none (a sign-in code). */
  division_id: number | null;
  created_at: Date;
  updated_at: Date;
  sent_at: Date | null;
}

/** A person's choice of channels beyond the app, and hours without them (critical alarms ignore both). */
export interface PreferenceTable {
  user_id: number;
  sms: boolean;
  voice: boolean;
  quiet_start: string | null;
  quiet_end: string | null;
  updated_at: Date;
}
