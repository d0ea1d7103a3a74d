import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import type { OrgService } from '../org/service.ts';

/** What the field concerns share. */
export interface FieldDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  media: MediaService;
  matters: MattersService;
  options: {
    timeZone: string;
    /** FIELD_MAX_ACCURACY_M */
    maxAccuracyM: number;
    /** FIELD_PATROL_MAX_HOURS */
    patrolMaxHours: number;
  };
}
