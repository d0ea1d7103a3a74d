import type { Generated } from 'kysely';

export interface NotificationTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  title: string;
  body: Generated<string>;
  link: Generated<string>;
  entity_type: string | null;
  entity_id: string | null;
  read_at: Date | null;
  created_at: Generated<Date>;
}

export interface NotificationTables {
  'notifications.notifications': NotificationTable;
}
