import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { FieldService } from '../field/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import type { SupervisionService } from '../supervision/service.ts';

/** What the assessment concerns share: the other modules are read through their services only. */
export interface AssessmentDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  matters: MattersService;
  supervision: SupervisionService;
  field: FieldService;
  notifications: NotificationsService;
  options: { timeZone: string };
}
