/**
 * The API's shapes for the web, taken from the modules' Zod schemas so they are written once:
 * `<Module>Api['X']` is the JSON the server sends for schema X (its output), `<Module>Input['X']`
 * what a client sends for it (its input, before defaults and coercion). The web imports these
 * as types only (`import type`); nothing here runs. Changing a field in a schema changes the
 * type, and the web's typecheck fails wherever the web relied on the old one.
 */
import type { z } from 'zod';
import type * as audit from './modules/audit/schema.ts';
import type * as auth from './modules/auth/schema.ts';
import type * as invitations from './modules/auth/schema-invitations.ts';
import type * as care from './modules/care/schema.ts';
import type * as charging from './modules/charging/schema.ts';
import type * as deliberation from './modules/deliberation/schema.ts';
import type * as devices from './modules/devices/schema.ts';
import type * as exportsModule from './modules/exports/schema.ts';
import type * as field from './modules/field/schema.ts';
import type * as supervision from './modules/supervision/schema.ts';
import type * as reports from './modules/reports/schema.ts';
import type * as assessment from './modules/assessment/schema.ts';
import type * as matters from './modules/matters/schema.ts';
import type * as matterStatistics from './modules/matters/schema-statistics.ts';
import type * as matterFollowUps from './modules/matters/schema-follow-ups.ts';
import type * as media from './modules/media/schema.ts';
import type * as mediation from './modules/mediation/schema.ts';
import type * as oddjobs from './modules/oddjobs/schema.ts';
import type * as publicPages from './modules/publicpages/schema.ts';
import type * as welfare from './modules/welfare/schema.ts';
import type * as legal from './modules/legal/schema.ts';
import type * as budgets from './modules/budgets/schema.ts';
import type * as elections from './modules/elections/schema.ts';
import type * as alliance from './modules/alliance/schema.ts';
import type * as surveys from './modules/surveys/schema.ts';
import type * as credit from './modules/credit/schema.ts';
import type * as access from './modules/access/schema.ts';
import type * as party from './modules/party/schema.ts';
import type * as special from './modules/special/schema.ts';
import type * as campaigns from './modules/campaigns/schema.ts';
import type * as notices from './modules/notices/schema.ts';
import type * as compounds from './modules/compounds/schema.ts';
import type * as jobfairs from './modules/jobfairs/schema.ts';
import type * as rights from './modules/rights/schema.ts';
import type * as courses from './modules/courses/schema.ts';
import type * as notifications from './modules/notifications/schema.ts';
import type * as org from './modules/org/schema.ts';
import type * as points from './modules/points/schema.ts';
import type * as search from './modules/search/schema.ts';
import type * as serviceMap from './modules/servicemap/schema.ts';
import type * as cockpit from './modules/cockpit/schema.ts';
import type * as warnings from './modules/warnings/schema.ts';
import type * as system from './modules/system/schema.ts';
import type * as volunteer from './modules/volunteer/schema.ts';

type SchemaNames<M> = { [K in keyof M]: M[K] extends z.ZodType ? K : never }[keyof M];
/** What the server sends for each schema of a module. */
export type Outputs<M> = { [K in SchemaNames<M>]: M[K] extends z.ZodType ? z.output<M[K]> : never };
/**
 * What a client sends for a schema: its input (before defaults and transforms), except that a
 * field coerced from text (`unknown` as input) takes its parsed type, and a date its JSON text.
 */
type JsonOf<T> = T extends Date ? string : T;
export type Input<S extends z.ZodType> =
  z.input<S> extends Record<string, unknown>
    ? {
        [K in keyof z.input<S>]: unknown extends z.input<S>[K]
          ? K extends keyof z.output<S>
            ? JsonOf<z.output<S>[K]>
            : never
          : z.input<S>[K];
      }
    : z.input<S>;
/** What a client sends for each schema of a module. */
export type Inputs<M> = { [K in SchemaNames<M>]: M[K] extends z.ZodType ? Input<M[K]> : never };

export type AuditApi = Outputs<typeof audit>;
export type AuthApi = Outputs<typeof auth>;
export type AuthInput = Inputs<typeof auth>;
export type InvitationsApi = Outputs<typeof invitations>;
export type InvitationsInput = Inputs<typeof invitations>;
export type CareApi = Outputs<typeof care>;
export type CareInput = Inputs<typeof care>;
export type ChargingApi = Outputs<typeof charging>;
export type ChargingInput = Inputs<typeof charging>;
export type DeliberationApi = Outputs<typeof deliberation>;
export type DeliberationInput = Inputs<typeof deliberation>;
export type DevicesApi = Outputs<typeof devices>;
export type DevicesInput = Inputs<typeof devices>;
export type ExportsApi = Outputs<typeof exportsModule>;
export type ExportsInput = Inputs<typeof exportsModule>;
export type FieldApi = Outputs<typeof field>;
export type FieldInput = Inputs<typeof field>;
export type SupervisionApi = Outputs<typeof supervision>;
export type SupervisionInput = Inputs<typeof supervision>;
export type ReportsApi = Outputs<typeof reports>;
export type ReportsInput = Inputs<typeof reports>;
export type AssessmentApi = Outputs<typeof assessment>;
export type AssessmentInput = Inputs<typeof assessment>;
export type ServiceMapApi = Outputs<typeof serviceMap>;
export type ServiceMapInput = Inputs<typeof serviceMap>;
export type CockpitApi = Outputs<typeof cockpit>;
export type CockpitInput = Inputs<typeof cockpit>;
export type WarningsApi = Outputs<typeof warnings>;
export type WarningsInput = Inputs<typeof warnings>;
export type MattersApi = Outputs<typeof matters>;
export type MattersInput = Inputs<typeof matters>;
export type MatterStatisticsApi = Outputs<typeof matterStatistics>;
export type MatterStatisticsInput = Inputs<typeof matterStatistics>;
export type MatterFollowUpsApi = Outputs<typeof matterFollowUps>;
export type MatterFollowUpsInput = Inputs<typeof matterFollowUps>;
export type MediaApi = Outputs<typeof media>;
export type MediationApi = Outputs<typeof mediation>;
export type MediationInput = Inputs<typeof mediation>;
export type NotificationsApi = Outputs<typeof notifications>;
export type RightsApi = Outputs<typeof rights>;
export type RightsInput = Inputs<typeof rights>;
export type OddjobsApi = Outputs<typeof oddjobs>;
export type OddjobsInput = Inputs<typeof oddjobs>;
export type WelfareApi = Outputs<typeof welfare>;
export type WelfareInput = Inputs<typeof welfare>;
export type LegalApi = Outputs<typeof legal>;
export type LegalInput = Inputs<typeof legal>;
export type BudgetsApi = Outputs<typeof budgets>;
export type BudgetsInput = Inputs<typeof budgets>;
export type ElectionsApi = Outputs<typeof elections>;
export type ElectionsInput = Inputs<typeof elections>;
export type PublicPagesApi = Outputs<typeof publicPages>;
export type AllianceApi = Outputs<typeof alliance>;
export type AllianceInput = Inputs<typeof alliance>;
export type SurveysApi = Outputs<typeof surveys>;
export type SurveysInput = Inputs<typeof surveys>;
export type CreditApi = Outputs<typeof credit>;
export type CreditInput = Inputs<typeof credit>;
export type AccessApi = Outputs<typeof access>;
export type AccessInput = Inputs<typeof access>;
export type PartyApi = Outputs<typeof party>;
export type PartyInput = Inputs<typeof party>;
export type SpecialApi = Outputs<typeof special>;
export type SpecialInput = Inputs<typeof special>;
export type CampaignsApi = Outputs<typeof campaigns>;
export type CampaignsInput = Inputs<typeof campaigns>;
export type NoticesApi = Outputs<typeof notices>;
export type NoticesInput = Inputs<typeof notices>;
export type CompoundsApi = Outputs<typeof compounds>;
export type CompoundsInput = Inputs<typeof compounds>;
export type JobfairsApi = Outputs<typeof jobfairs>;
export type JobfairsInput = Inputs<typeof jobfairs>;
export type CoursesApi = Outputs<typeof courses>;
export type CoursesInput = Inputs<typeof courses>;
export type OrgApi = Outputs<typeof org>;
export type OrgInput = Inputs<typeof org>;
export type PointsApi = Outputs<typeof points>;
export type PointsInput = Inputs<typeof points>;
export type SearchApi = Outputs<typeof search>;
export type SystemApi = Outputs<typeof system>;
export type VolunteerApi = Outputs<typeof volunteer>;
export type VolunteerInput = Inputs<typeof volunteer>;

export type { Page } from './platform/pagination.ts';
