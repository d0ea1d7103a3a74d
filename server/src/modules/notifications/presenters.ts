import type { Selectable } from 'kysely';
import { translate, type Locale, type MessageParams, type TranslationKey } from '../../platform/i18n.ts';
import type { NotificationTable } from './tables.ts';

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
