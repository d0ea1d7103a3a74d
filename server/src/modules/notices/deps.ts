import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MessagesService } from '../notifications/messages.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';

export interface NoticesDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  notifications: NotificationsService;
  messages: MessagesService;
  /** The CJK font of the posters (REPORT_FONT_PATH / REPORT_FONT_NAME). */
  font: { path: string; name: string };
  /** NOTICES_ELDER_VISIT_AFTER_HOURS: the default hours before an unacknowledged elder is visited. */
  elderVisitAfterHours: number;
}

/** The person tag whose holders are visited when they do not acknowledge an anti-fraud alert. */
export const ELDER_TAG = 'elderly_alone';
/** The entity the SMS of a recipient is recorded under in the delivery log. */
export const RECIPIENT_ENTITY = 'notice_recipient';
