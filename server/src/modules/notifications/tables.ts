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
}
