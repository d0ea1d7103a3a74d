import type { Kysely } from 'kysely';
import type { Database } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { LiveHub } from '../../platform/live.ts';
import type { AuditService } from '../audit/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { OrgService } from '../org/service.ts';
import type { DeviceSignal } from './cluster-sync.ts';

export interface DevicesOptions {
  mqttUrl: string | undefined;
  mqttPort: number;
  mqttHost: string;
  mqttClientId: string;
  mqttTopic: string;
  retentionDays: number;
  batchRows: number;
  flushMs: number;
  flushConcurrency: number;
  offlineMinutes: number;
  /** Distinct metric names in all (DEVICE_METRICS_MAX). */
  metricsMax: number;
  /** TIME_ZONE: a day's bucket of readings runs from local midnight to midnight. */
  timeZone: string;
}

/** What the module's parts share (service.ts builds it once). */
export interface DevicesDeps {
  database: Database;
  clock: Clock;
  audit: AuditService;
  jobs: Jobs;
  live: LiveHub;
  org: OrgService;
  matters: MattersService;
  options: DevicesOptions;
  log: (error: unknown, context: string) => void;
  /** Tells the other server processes what changed (cluster-sync.ts). */
  tell: (signal: DeviceSignal) => void;
}

export const dbOf = (deps: DevicesDeps): Kysely<DB> => deps.database.db;

/**
 * Whether a device at a place may watch a care target (the target exists, the caller may
 * see it, it is of the device's community). The care module answers it; it is bound late
 * (app.ts) because care depends on this module, not the other way round.
 */
export type CareTargetCheck = (
  ctx: RequestContext,
  careTargetId: number,
  place: { communityId: number; gridId: number | null },
) => Promise<boolean>;

export const DAY = 86_400_000;
