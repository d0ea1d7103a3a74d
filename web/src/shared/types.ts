/**
 * The JSON API's shapes, taken from the server's Zod schemas (server/src/api.ts): nothing here
 * declares a shape of its own. Names are the web's; each is the server schema it stands for.
 */
import type { SystemApi } from '@gongzhi/server/api';
import type {
  AuditApi,
  AuthApi,
  CockpitApi,
  AuthInput,
  MattersApi,
  MattersInput,
  MediaApi,
  NotificationsApi,
  OrgApi,
  OrgInput,
  PointsApi,
  PointsInput,
  VolunteerApi,
  VolunteerInput,
} from '@gongzhi/server/api';
import {
  ASSIGNMENT_KINDS,
  DURATION_UNITS,
  EARNING_EVENT_TYPES as EARNING_EVENTS,
  FACILITIES,
  FIELD_TYPES,
  GENDERS,
  GRID_KINDS,
  MATTER_KINDS,
  MATTER_LEVELS,
  MATTER_QUEUES,
  MATTER_STATUSES,
  POSTING_KINDS,
  ROLES,
} from '@gongzhi/server/enums';

export type { Page } from '@gongzhi/server/api';

// --- auth
export {
  ASSIGNMENT_KINDS,
  DURATION_UNITS,
  EARNING_EVENTS,
  FACILITIES,
  FIELD_TYPES,
  GENDERS,
  GRID_KINDS,
  MATTER_KINDS,
  MATTER_LEVELS,
  MATTER_QUEUES,
  MATTER_STATUSES,
  POSTING_KINDS,
  ROLES,
};
export {
  DEPARTMENTS,
  KIND_SERVICES,
  OPEN_MATTER_STATUSES,
  SERVICE_KINDS,
  STATION_KINDS,
  URGENCIES,
  WISH_STATUSES,
} from '@gongzhi/server/enums';
import type { DEPARTMENTS } from '@gongzhi/server/enums';
export type Department = (typeof DEPARTMENTS)[number];
export type MeView = AuthApi['MeView'];
export type Locale = MeView['locale'];
export type RoleGrant = MeView['roles'][number];
export type Role = RoleGrant['role'];
export type Permission = MeView['permissions'][number];
export type ClientConfig = SystemApi['ClientConfig'];
export type MediaUpload = MediaApi['MediaView'];
/** An account as administrators see it (用户管理), its phone masked. */
export type UserAccount = AuthApi['UserView'];
export type UserGrant = UserAccount['grants'][number];
export type UserWithPassword = AuthApi['InitialPasswordView'];
export type PasswordReset = AuthApi['ResetPasswordView'];
export type Grantable = AuthApi['GrantableView'];
export type GrantableRole = Grantable['roles'][number];
export type GrantInput = AuthInput['GrantBody'];
export type CreateUserInput = AuthInput['CreateUserBody'];
export type UpdateUserInput = AuthInput['UpdateUserBody'];
export type SetupInput = AuthInput['SetupBody'];
export type Photo = Pick<MediaUpload, 'url' | 'thumbnailUrl'>;

// --- org
export type DivisionLevel = OrgApi['DivisionLevel'];
export type GridKind = OrgApi['GridKind'];
export type Division = OrgApi['DivisionView'];
export type TreeDivision = OrgApi['TreeDivision'];
export type TreeGrid = OrgApi['TreeGrid'];
export type OrgTree = OrgApi['OrgTree'];
export type GridGeometry = OrgApi['GridGeometry'];
export type Position = GridGeometry['coordinates'][number][number] extends infer P
  ? P extends number[]
    ? P
    : never
  : never;
export type Grid = OrgApi['GridView'];
export type GridFeatureCollection = OrgApi['GridFeatureCollection'];
export type GridFeature = GridFeatureCollection['features'][number];
export type GridFeatureProperties = GridFeature['properties'];
export type LocateResult = OrgApi['LocateResult'];
export type BuildingFeatureCollection = OrgApi['BuildingFeatureCollection'];
export type BuildingFeature = BuildingFeatureCollection['features'][number];
export type NearestBuilding = OrgApi['NearestBuildingResult'];
export type BuildingKind = OrgApi['BuildingKind'];
export type Building = OrgApi['BuildingView'];
export type Household = OrgApi['HouseholdView'];
export type Gender = OrgApi['Gender'];
export type Person = OrgApi['PersonView'];
export type PersonSecrets = OrgApi['PersonSecrets'];
/** What POST /api/org/persons takes; PATCH takes the same without communityId. */
export type PersonInput = OrgInput['UpdatePersonBody'] & { communityId?: number };
export type TagCount = OrgApi['TagCount'];
export type AssignmentKind = OrgApi['AssignmentKind'];
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
export type MatterKind = MattersApi['MatterKind'];
export type MatterLevel = MattersApi['MatterLevel'];
export type Urgency = MattersApi['Urgency'];
export type MatterQueue = NonNullable<MattersInput['MatterListQuery']['queue']>;
export type MatterAction = MattersApi['MatterAction'];
export type DurationUnit = MattersApi['DurationUnit'];
export type Category = MattersApi['CategoryView'];
export type Duration = Category['acceptWithin'];
export type CategoryField = MattersApi['CategoryField'];
export type FieldType = CategoryField['type'];
export type FieldOption = NonNullable<CategoryField['options']>[number];
export type CategoryPatch = MattersInput['UpdateCategoryBody'];
export type CategorySuggestion = MattersApi['SuggestCategoryResult']['suggestions'][number];
export type MatterListItem = MattersApi['MatterListItem'];
export type LatLng = NonNullable<MatterListItem['location']>;
export type TimelineEntry = MattersApi['TimelineEntry'];
export type MatterExtension = MattersApi['ExtensionView'];
export type MatterAssist = MattersApi['AssistView'];
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
export type ServiceKind = MattersApi['ServiceKind'];
export type Facility = MattersApi['Facility'];
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
export type PointsCorrection = PointsApi['CorrectionView'];
export type PostingKind = StatementLine['kind'];
export type EarningEvent = PointsApi['EarningEvent'];
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
export type ProjectSummary = VolunteerApi['ProjectSummary'];
export type Project = VolunteerApi['ProjectView'];
export type ProjectStatus = ProjectSummary['status'];
export type VolunteerStats = VolunteerApi['VolunteerStats'];

// --- cockpit (数字驾驶舱)
export type CockpitView = CockpitApi['CockpitView'];
export type CockpitTile = CockpitApi['Tile'];
export type CockpitTileId = CockpitTile['id'];
export type CockpitGroup = CockpitTile['group'];
/** A console list showing exactly the records a figure counts: a path under /admin and its query. */
export type CockpitDrill = NonNullable<CockpitTile['drill']>;
