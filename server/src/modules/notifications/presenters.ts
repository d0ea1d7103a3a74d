import type { Selectable } from 'kysely';
import { translate, type Locale, type MessageParams, type TranslationKey } from '../../platform/i18n.ts';
import { MESSAGE_KINDS, type MessageKind } from './message-kinds.ts';
import type { DeliveryView } from './schema.ts';
import type { DeliveryStatus, NotificationTable } from './tables.ts';

/** A stored message in the reader's language; rows from before messages keep their text. */
export function renderMessage(locale: Locale, key: string | null, params: MessageParams | null, text: string): string {
  return key ? translate(locale, key as TranslationKey, params ?? {}) : text;
}

export function presentNotification(row: Selectable<NotificationTable>, locale: Locale) {
  return {
    id: row.id,
    kind: row.kind,
    title: renderMessage(locale, row.title_key, row.title_params, row.title),
    body: renderMessage(locale, row.body_key, row.body_params, row.body),
    link: row.link,
    entityType: row.entity_type,
    entityId: row.entity_id,
    read: row.read_at !== null,
    createdAt: row.created_at.toISOString(),
  };
}

/** A live notification as one reader sees it: the title in their language, the key left out. */
export function presentLive(payload: Record<string, unknown>, locale: Locale): Record<string, unknown> {
  if (payload.topic !== 'notification' || typeof payload.titleKey !== 'string') return payload;
  const { titleKey, titleParams, ...rest } = payload;
  return {
    ...rest,
    title: translate(locale, titleKey as TranslationKey, (titleParams as MessageParams | undefined) ?? {}),
  };
}

/** A delivery as the log shows it: the masked number only, never the number or the parameters. */
export interface DeliveryLogRow {
  id: number;
  user_id: number | null;
  channel: 'sms' | 'voice';
  kind: string;
  phone_masked: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  provider: string;
  error_code: string | null;
  error_detail: string | null;
  entity_type: string | null;
  entity_id: string | null;
  division_id: number | null;
  critical: boolean;
  created_at: Date;
  sent_at: Date | null;
  has_params: boolean;
}

/** Whether an administrator may send a message again: failed, to an account, its parameters kept. */
export function retryable(row: Pick<DeliveryLogRow, 'status' | 'user_id' | 'has_params'>) {
  return row.status === 'failed' && row.user_id !== null && row.has_params;
}

export function presentDelivery(row: DeliveryLogRow): DeliveryView {
  return {
    id: row.id,
    createdAt: row.created_at.toISOString(),
    sentAt: row.sent_at?.toISOString() ?? null,
    channel: row.channel,
    kind: row.kind,
    kindLabel: row.kind in MESSAGE_KINDS ? MESSAGE_KINDS[row.kind as MessageKind].label : null,
    phone: row.phone_masked,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at?.toISOString() ?? null,
    provider: row.provider,
    errorCode: row.error_code,
    errorDetail: row.error_detail,
    entityType: row.entity_type,
    entityId: row.entity_id,
    divisionId: row.division_id,
    critical: row.critical,
    retryable: retryable(row),
  };
}
