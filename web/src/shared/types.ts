/**
 * The JSON API's shapes, taken from the server's Zod schemas (server/src/api.ts): nothing here
 * declares a shape of its own. Names are the web's; each is the server schema it stands for.
 */
import type { AuditApi, AuthApi, MattersApi, MattersInput, NotificationsApi, OrgApi, OrgInput, PointsApi, PointsInput, VolunteerApi, VolunteerInput } from '@gongzhi/server/api';
import { ROLES } from '@gongzhi/server/enums';

export type { Page } from '@gongzhi/server/api';

// --- auth
export { ROLES };
export type MeView = AuthApi['MeView'];
export type Locale = MeView['locale'];
export type RoleGrant = MeView['roles'][number];
export type Role = RoleGrant['role'];
export type Permission = MeView['permissions'][number];

// --- org
export type DivisionLevel = OrgApi['DivisionLevel'];
export type GridKind = OrgApi['GridKind'];
export const GRID_KINDS = ['resident', 'special', 'mobile'] as const satisfies readonly GridKind[];
export type Division = OrgApi['DivisionView'];
export type TreeDivision = OrgApi['TreeDivision'];
export type TreeGrid = OrgApi['TreeGrid'];
export type OrgTree = OrgApi['OrgTree'];
export type GridGeometry = OrgApi['GridGeometry'];
export type Position = GridGeometry['coordinates'][number][number] extends infer P ? (P extends number[] ? P : never) : never;
export type Grid = OrgApi['GridView'];
export type GridFeatureCollection = OrgApi['GridFeatureCollection'];
export type GridFeature = GridFeatureCollection['features'][number];
export type GridFeatureProperties = GridFeature['properties'];
export type LocateResult = OrgApi['LocateResult'];
export type BuildingKind = OrgApi['BuildingKind'];
export type Building = OrgApi['BuildingView'];
export type Household = OrgApi['HouseholdView'];
export type Gender = OrgApi['Gender'];
export const GENDERS = ['male', 'female', 'unknown'] as const satisfies readonly Gender[];
export type Person = OrgApi['PersonView'];
export type PersonSecrets = OrgApi['PersonSecrets'];
/** What POST /api/org/persons takes; PATCH takes the same without communityId. */
export type PersonInput = OrgInput['UpdatePersonBody'] & { communityId?: number };
export type TagCount = OrgApi['TagCount'];
export type AssignmentKind = OrgApi['AssignmentKind'];
export const ASSIGNMENT_KINDS = ['grid_leader', 'grid_worker', 'building_leader', 'party_member', 'legal_grid_worker', 'red_steward', 'alley_steward'] as const satisfies readonly AssignmentKind[];
export type Assignment = OrgApi['AssignmentView'];
export type AssignmentInput = OrgInput['CreateAssignmentBody'];
export type Board = OrgApi['BoardView'];
export type BoardEntry = Board['entries'][number];
export type ImportKind = OrgApi['ImportKind'];
export type ImportJob = OrgApi['ImportJobView'];
export type ImportStatus = ImportJob['status'];
export type ImportRowError = ImportJob['errors'][number];
export type OrgStats = OrgApi['OrgStats'];
export type OrgCounts = Pick<OrgStats['totals'], 'persons' | 'buildings' | 'households'>;

// --- audit
export type AuditEntry = AuditApi['AuditRecord'];

// --- matters
export type MatterStatus = MattersApi['MatterStatus'];
export const MATTER_STATUSES = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'closed', 'rejected', 'duplicate', 'escalated', 'reopened'] as const satisfies readonly MatterStatus[];
export const OPEN_MATTER_STATUSES: readonly MatterStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'escalated', 'reopened'];
export type MatterKind = MattersApi['MatterKind'];
export const MATTER_KINDS = ['report', 'help', 'suggestion', 'alarm', 'care'] as const satisfies readonly MatterKind[];
export type MatterLevel = MattersApi['MatterLevel'];
export const MATTER_LEVELS = ['grid', 'community', 'street', 'department'] as const satisfies readonly MatterLevel[];
export type Urgency = MattersApi['Urgency'];
export const URGENCIES = ['normal', 'urgent', 'critical'] as const satisfies readonly Urgency[];
export type MatterQueue = NonNullable<MattersInput['MatterListQuery']['queue']>;
export const MATTER_QUEUES = ['mine', 'grid', 'overdue', 'unassigned', 'all'] as const satisfies readonly MatterQueue[];
export type MatterAction = MattersApi['MatterAction'];
export type DurationUnit = MattersApi['DurationUnit'];
export const DURATION_UNITS = ['minutes', 'hours', 'working_hours', 'working_days'] as const satisfies readonly DurationUnit[];
export type Category = MattersApi['CategoryView'];
export type Duration = Category['acceptWithin'];
export type CategoryField = MattersApi['CategoryField'];
export type FieldType = CategoryField['type'];
export const FIELD_TYPES = ['text', 'number', 'select', 'boolean'] as const satisfies readonly FieldType[];
export type FieldOption = NonNullable<CategoryField['options']>[number];
export const DEPARTMENTS = ['urban_management', 'fire', 'police', 'justice', 'housing', 'civil_affairs', 'market', 'water', 'greening', 'traffic', 'emergency', 'street_office'] as const;
export type Department = (typeof DEPARTMENTS)[number];
export type CategoryPatch = MattersInput['UpdateCategoryBody'];
export type CategorySuggestion = MattersApi['SuggestCategoryResult']['suggestions'][number];
export type MatterListItem = MattersApi['MatterListItem'];
export type Photo = MatterListItem['photos'][number];
export type LatLng = NonNullable<MatterListItem['location']>;
export type TimelineEntry = MattersApi['TimelineEntry'];
export type MatterDetail = MattersApi['MatterDetail'];
export type MatterStation = NonNullable<MatterDetail['station']>;
export type NearbyMatter = MattersApi['NearbyMatter'];
export type Assignee = MattersApi['AssigneeList']['items'][number];
export type MatterMap = MattersApi['ClusterView'];
export type MapCluster = MatterMap['clusters'][number];
export type MapPoint = MatterMap['points'][number];
export type MatterContact = MattersApi['ContactView'];
export type ReportInput = MattersInput['ReportBody'];
export type StationKind = MattersApi['StationKind'];
export const STATION_KINDS = ['party_service_center', 'warm_station', 'courier_station', 'mediation_room', 'legal_station', 'fire_station'] as const satisfies readonly StationKind[];
export type Facility = MattersApi['Facility'];
export const FACILITIES = ['water', 'microwave', 'charger', 'first_aid', 'toilet', 'rest_area', 'umbrella', 'wifi', 'repair_kit'] as const satisfies readonly Facility[];
export type OpeningHours = MattersApi['OpeningHours'];
export type WeeklyHours = NonNullable<OpeningHours['weekly']>;
export type Station = MattersApi['StationView'];
export type StationInput = MattersInput['CreateStationBody'];
export type DutyPeriod = MattersApi['DutyView'];
export type Open311Client = MattersApi['Open311ClientView'];

// --- notifications
export type AppNotification = NotificationsApi['NotificationView'];
export type NotificationPage = NotificationsApi['NotificationList'];
export type LiveNotificationEvent = NotificationsApi['LiveNotificationEvent'];

export type LiveMatterEvent = MattersApi['LiveMatterEvent'];

// --- points
export type PointsAccount = PointsApi['AccountView'];
export type StatementLine = PointsApi['StatementLine'];
export type PostingKind = StatementLine['kind'];
export const POSTING_KINDS = ['earn', 'hold', 'redeem', 'release', 'expire', 'correction', 'transfer'] as const satisfies readonly PostingKind[];
export type EarningEvent = PointsApi['EarningEvent'];
export const EARNING_EVENTS = ['volunteer.hours_approved', 'good_deed.verified', 'meeting.attended', 'vote.cast', 'topic.supported', 'course.completed'] as const satisfies readonly EarningEvent[];
export type EarningRule = PointsApi['RuleView'];
export type RuleInput = PointsInput['RuleBody'];
export type CorrectionInput = PointsInput['CorrectionBody'];
export type Leaderboard = PointsApi['Leaderboard'];
export type LeaderboardEntry = Leaderboard['items'][number];
export type Honour = PointsApi['HonourList']['items'][number];
export type Merchant = PointsApi['MerchantView'];
export type MerchantInput = PointsInput['MerchantBody'];
export type ShopItem = PointsApi['ItemView'];
export type ShopItemInput = PointsInput['ItemBody'];
export type Voucher = PointsApi['VoucherView'];
export type VoucherStatus = Voucher['status'];
export type Settlement = PointsApi['Settlement'];
export type PointsStats = PointsApi['PointsStats'];
/** A person's points account as staff see it in the list (GET /api/points/accounts). */
export type PersonAccount = PointsApi['PersonAccountView'];

// --- volunteer
export type TeamSummary = VolunteerApi['TeamSummary'];
export type Team = VolunteerApi['TeamView'];
export type TeamMember = Team['members'][number];
export type Activity = VolunteerApi['ActivityView'];
export type Signup = NonNullable<Activity['signups']>[number];
export type SignupStatus = Signup['status'];
export type ActivityInput = VolunteerInput['ActivityBody'];
export type CheckinCode = VolunteerApi['CodeView'];
export type MySignups = VolunteerApi['MySignups'];
export type MySignupItem = MySignups['items'][number];
export type GoodDeed = VolunteerApi['GoodDeedView'];
export type GoodDeedStatus = GoodDeed['status'];
export type Wish = VolunteerApi['WishView'];
export type WishStatus = Wish['status'];
export const WISH_STATUSES = ['open', 'claimed', 'fulfilled', 'thanked', 'cancelled'] as const satisfies readonly WishStatus[];
export type ProjectSummary = VolunteerApi['ProjectSummary'];
export type Project = VolunteerApi['ProjectView'];
export type ProjectStatus = ProjectSummary['status'];
export type VolunteerStats = VolunteerApi['VolunteerStats'];
