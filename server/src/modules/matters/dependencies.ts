import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { LiveHub } from '../../platform/live.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import type { MessagesService } from '../notifications/messages.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import type { Categories } from './categories.ts';
import type { DailyFigures } from './daily-figures.ts';

/** What the concern files of the matters service share: its collaborators, the clock and time zone, and the catalogue. */
export interface MattersDependencies {
  db: Kysely<DB>;
  clock: Clock;
  /** The TIME_ZONE setting: local days and hours (matter codes, working time, opening hours) are read in it. */
  timeZone: string;
  audit: AuditService;
  jobs: Jobs;
  live: LiveHub;
  org: OrgService;
  auth: AuthService;
  media: MediaService;
  notifications: NotificationsService;
  /** SMS to staff on duty at a station when a help call names it. */
  messages: MessagesService;
  categories: Categories;
  /** The kept daily figures the statistics read, built with TIME_ZONE and STATS_REPEAT_DAYS. */
  dailyFigures: DailyFigures;
  /** How many queries one statistics request runs at once (STATS_QUERY_CONCURRENCY). */
  statisticsQueryConcurrency: number;
}
