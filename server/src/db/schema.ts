import type { AssessmentTables } from '../modules/assessment/tables.ts';
import type { AuditTables } from '../modules/audit/tables.ts';
import type { AuthTables } from '../modules/auth/tables.ts';
import type { CareTables } from '../modules/care/tables.ts';
import type { ChargingTables } from '../modules/charging/tables.ts';
import type { CockpitTables } from '../modules/cockpit/tables.ts';
import type { CoursesTables } from '../modules/courses/tables.ts';
import type { DevicesTables } from '../modules/devices/tables.ts';
import type { ExportsTables } from '../modules/exports/tables.ts';
import type { FieldTables } from '../modules/field/tables.ts';
import type { SupervisionTables } from '../modules/supervision/tables.ts';
import type { DeliberationTables } from '../modules/deliberation/tables.ts';
import type { MattersTables } from '../modules/matters/tables.ts';
import type { MediaTables } from '../modules/media/tables.ts';
import type { MediationTables } from '../modules/mediation/tables.ts';
import type { OddjobsTables } from '../modules/oddjobs/tables.ts';
import type { WelfareTables } from '../modules/welfare/tables.ts';
import type { CreditTables } from '../modules/credit/tables.ts';
import type { AccessTables } from '../modules/access/tables.ts';
import type { PartyTables } from '../modules/party/tables.ts';
import type { SpecialTables } from '../modules/special/tables.ts';
import type { CampaignsTables } from '../modules/campaigns/tables.ts';
import type { CompoundsTables } from '../modules/compounds/tables.ts';
import type { LegalTables } from '../modules/legal/tables.ts';
import type { BudgetsTables } from '../modules/budgets/tables.ts';
import type { ElectionsTables } from '../modules/elections/tables.ts';
import type { AllianceTables } from '../modules/alliance/tables.ts';
import type { SurveysTables } from '../modules/surveys/tables.ts';
import type { NoticesTables } from '../modules/notices/tables.ts';
import type { JobfairsTables } from '../modules/jobfairs/tables.ts';
import type { NotificationTables } from '../modules/notifications/tables.ts';
import type { OrgTables } from '../modules/org/tables.ts';
import type { PointsTables } from '../modules/points/tables.ts';
import type { ReportsTables } from '../modules/reports/tables.ts';
import type { RightsTables } from '../modules/rights/tables.ts';
import type { VolunteerTables } from '../modules/volunteer/tables.ts';
import type { WarningsTables } from '../modules/warnings/tables.ts';
import type { IdempotencyTables } from '../platform/idempotency-tables.ts';
import type { SecretsTables } from '../platform/secrets.ts';

/** Every table, as each module declares its own. */
export interface DB
  extends AuditTables,
    AuthTables,
    OrgTables,
    MediaTables,
    NotificationTables,
    MattersTables,
    PointsTables,
    VolunteerTables,
    DeliberationTables,
    MediationTables,
    CareTables,
    ChargingTables,
    DevicesTables,
    FieldTables,
    SupervisionTables,
    AssessmentTables,
    ExportsTables,
    ReportsTables,
    RightsTables,
    OddjobsTables,
    JobfairsTables,
    CoursesTables,
    WelfareTables,
    CreditTables,
    AccessTables,
    PartyTables,
    SpecialTables,
    CampaignsTables,
    CompoundsTables,
    LegalTables,
    BudgetsTables,
    ElectionsTables,
    AllianceTables,
    SurveysTables,
    NoticesTables,
    WarningsTables,
    CockpitTables,
    IdempotencyTables,
    SecretsTables {}
