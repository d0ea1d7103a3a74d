import fs from 'node:fs';
import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler } from 'fastify-type-provider-zod';
import { validatorCompiler } from './platform/input.ts';
import type { Config } from './config.ts';
import type { Database } from './db/connection.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { openApiTransforms } from './openapi.ts';
import { installPlatform } from './platform/http.ts';
import { keptKey, serverSecret } from './platform/secrets.ts';
import { Jobs } from './platform/jobs.ts';
import { IDEMPOTENCY_DESCRIPTION, IdempotencyStore, installIdempotency } from './platform/idempotency.ts';
import { LIVE_CHANNEL, LiveHub } from './platform/live.ts';
import { ProcessSignals } from './platform/process-signals.ts';
import { databaseRateLimitStore } from './platform/rate-limit-store.ts';
import { auditExportSource } from './modules/audit/export-source.ts';
import { auditRoutes } from './modules/audit/routes.ts';
import { AuditService } from './modules/audit/service.ts';
import { authRoutes } from './modules/auth/routes.ts';
import { userRoutes } from './modules/auth/routes-users.ts';
import { AuthService } from './modules/auth/service.ts';
import { PhoneAccountsService } from './modules/auth/phone.ts';
import { phoneRoutes } from './modules/auth/routes-phone.ts';
import { selfRoutes } from './modules/auth/routes-self.ts';
import { SelfServiceService } from './modules/auth/self-service.ts';
import { SetupService } from './modules/auth/setup.ts';
import { messageRoutes } from './modules/notifications/routes-messages.ts';
import { AlarmCallChain } from './modules/devices/call-chain.ts';
import { MessagesService } from './modules/notifications/messages.ts';
import {
  createProvider,
  type MessageLogger,
  type MessageProvider,
  type ProviderSettings,
} from './modules/notifications/providers/index.ts';
import { UsersService } from './modules/auth/users.ts';
import { userExportSource } from './modules/auth/export-source.ts';
import { EXPORT_TASK, ExportsService } from './modules/exports/service.ts';
import { exportsRoutes } from './modules/exports/routes.ts';
import { matterExportSource } from './modules/matters/export-source.ts';
import { matterStatisticsExportSource } from './modules/matters/export-statistics.ts';
import { matterFollowUpRoutes } from './modules/matters/routes-follow-ups.ts';
import { buildingExportSource, personExportSource } from './modules/org/export-source.ts';
import { invitationExportSource } from './modules/auth/export-invitations.ts';
import { careTargetExportSource } from './modules/care/export-source.ts';
import { chargingSessionExportSource } from './modules/charging/export-source.ts';
import { topicExportSource, voteExportSource } from './modules/deliberation/export-source.ts';
import { alarmExportSource, deviceExportSource } from './modules/devices/export-source.ts';
import { fieldVisitExportSource, workLogExportSource } from './modules/field/export-source.ts';
import { mediationCaseExportSource } from './modules/mediation/export-source.ts';
import { pointsAccountExportSource, pointsMerchantExportSource } from './modules/points/export-source.ts';
import { supervisionOrderExportSource } from './modules/supervision/export-source.ts';
import { assessmentScoreExportSource } from './modules/assessment/export-source.ts';
import { volunteerActivityExportSource, volunteerTeamExportSource } from './modules/volunteer/export-source.ts';
import { InvitationsService } from './modules/auth/invitations.ts';
import { invitationRoutes } from './modules/auth/routes-invitations.ts';
import { IMPORT_TASK, ImportService } from './modules/org/import.ts';
import { hashApiKey, open311Routes } from './modules/matters/open311.ts';
import { mattersRoutes, open311ClientRoutes } from './modules/matters/routes.ts';
import { matterStatisticsRoutes } from './modules/matters/routes-statistics.ts';
import { MattersService } from './modules/matters/service.ts';
import { mediaRoutes } from './modules/media/routes.ts';
import { mediationRoutes } from './modules/mediation/routes.ts';
import { MediationService } from './modules/mediation/service.ts';
import { oddjobsRoutes } from './modules/oddjobs/routes.ts';
import { OddjobsService } from './modules/oddjobs/service.ts';
import { welfareRoutes } from './modules/welfare/routes.ts';
import { legalRoutes } from './modules/legal/routes.ts';
import { LegalService } from './modules/legal/service.ts';
import { budgetsRoutes } from './modules/budgets/routes.ts';
import { publicPagesRoutes } from './modules/publicpages/routes.ts';
import { PublicPagesService } from './modules/publicpages/service.ts';
import { allianceRoutes } from './modules/alliance/routes.ts';
import { AllianceService } from './modules/alliance/service.ts';
import { allianceUnitExportSource } from './modules/alliance/export-source.ts';
import { BudgetsService } from './modules/budgets/service.ts';
import { electionsRoutes } from './modules/elections/routes.ts';
import { ElectionsService } from './modules/elections/service.ts';
import { surveyResultsExportSource } from './modules/surveys/export-source.ts';
import { surveysRoutes } from './modules/surveys/routes.ts';
import { SurveysService } from './modules/surveys/service.ts';
import { accessRoutes } from './modules/access/routes.ts';
import { partyRoutes } from './modules/party/routes.ts';
import { PartyService } from './modules/party/service.ts';
import { campaignsRoutes } from './modules/campaigns/routes.ts';
import { CampaignsService } from './modules/campaigns/service.ts';
import { noticesRoutes } from './modules/notices/routes.ts';
import { NoticesService } from './modules/notices/service.ts';
import { WelfareService } from './modules/welfare/service.ts';
import { creditRoutes } from './modules/credit/routes.ts';
import { CreditDesk } from './modules/credit/desk.ts';
import { creditPriorityExportSource } from './modules/credit/export-source.ts';
import { CIVIC_EVENTS, CreditService } from './modules/credit/service.ts';
import { AccessService } from './modules/access/service.ts';
import { AccessGates } from './modules/access/gates.ts';
import { newPassKeyPem, passKeySource } from './modules/access/signing.ts';
import { specialRoutes } from './modules/special/routes.ts';
import { SpecialService } from './modules/special/service.ts';
import { compoundsRoutes } from './modules/compounds/routes.ts';
import { CompoundsService } from './modules/compounds/service.ts';
import { jobfairsRoutes } from './modules/jobfairs/routes.ts';
import { JobfairsService } from './modules/jobfairs/service.ts';
import { coursesRoutes } from './modules/courses/routes.ts';
import { CoursesService } from './modules/courses/service.ts';
import { newSigningKeyPem, signingKeySource } from './modules/courses/signing.ts';
import { rightsRoutes } from './modules/rights/routes.ts';
import { RightsService } from './modules/rights/service.ts';
import { MediaService } from './modules/media/service.ts';
import { notificationRoutes } from './modules/notifications/routes.ts';
import { NotificationsService } from './modules/notifications/service.ts';
import formbody from '@fastify/formbody';
import { pointsRoutes } from './modules/points/routes.ts';
import { EARNING_EVENTS, PointsService } from './modules/points/service.ts';
import { volunteerRoutes } from './modules/volunteer/routes.ts';
import { VolunteerService } from './modules/volunteer/service.ts';
import { deliberationRoutes } from './modules/deliberation/routes.ts';
import { DeliberationService } from './modules/deliberation/service.ts';
import { careRoutes } from './modules/care/routes.ts';
import { cockpitRoutes } from './modules/cockpit/routes.ts';
import { warningsRoutes } from './modules/warnings/routes.ts';
import { WarningsService } from './modules/warnings/service.ts';
import { RedDays } from './modules/cockpit/red-days.ts';
import { CockpitService } from './modules/cockpit/service.ts';
import { fieldRoutes } from './modules/field/routes.ts';
import { FieldService } from './modules/field/service.ts';
import { supervisionRoutes } from './modules/supervision/routes.ts';
import { reportsRoutes } from './modules/reports/routes.ts';
import { REPORT_TASK, ReportsService } from './modules/reports/service.ts';
import { assessmentRoutes } from './modules/assessment/routes.ts';
import { AssessmentService } from './modules/assessment/service.ts';
import { serviceMapRoutes } from './modules/servicemap/routes.ts';
import { ServiceMapService } from './modules/servicemap/service.ts';
import { SupervisionService } from './modules/supervision/service.ts';
import { CareService } from './modules/care/service.ts';
import { chargingPayerRoutes } from './modules/charging/payer-routes.ts';
import { logPaymentProvider } from './modules/charging/payments.ts';
import { chargingRoutes } from './modules/charging/routes.ts';
import { ChargingService } from './modules/charging/service.ts';
import { devicesRoutes } from './modules/devices/routes.ts';
import { DevicesService } from './modules/devices/service.ts';
import { DEVICE_GATEWAY_LEASE } from './modules/devices/cluster-sync.ts';
import { orgRoutes } from './modules/org/routes.ts';
import { OrgService } from './modules/org/service.ts';
import { searchRoutes } from './modules/search/routes.ts';
import { SearchService } from './modules/search/service.ts';
import { systemRoutes, VERSION } from './modules/system/routes.ts';
import { tileOrigins } from './modules/system/map-tiles.ts';

export interface RouteEntry {
  method: string;
  url: string;
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route as registered, for checking that each API route is documented. */
    routeTable: RouteEntry[];
  }
}

/** The modules' services, wired once; routes, jobs, the CLI and tests all use these. */
export interface Services {
  config: Config;
  database: Database;
  clock: Clock;
  jobs: Jobs;
  idempotency: IdempotencyStore;
  audit: AuditService;
  auth: AuthService;
  messages: MessagesService;
  phones: PhoneAccountsService;
  invitations: InvitationsService;
  alarmCalls: AlarmCallChain;
  selfService: SelfServiceService;
  users: UsersService;
  setup: SetupService;
  org: OrgService;
  imports: ImportService;
  live: LiveHub;
  /** What server processes tell each other (platform/process-signals.ts). */
  signals: ProcessSignals;
  media: MediaService;
  notifications: NotificationsService;
  matters: MattersService;
  points: PointsService;
  volunteer: VolunteerService;
  mediation: MediationService;
  rights: RightsService;
  oddjobs: OddjobsService;
  welfare: WelfareService;
  legal: LegalService;
  budgets: BudgetsService;
  elections: ElectionsService;
  publicPages: PublicPagesService;
  alliance: AllianceService;
  surveys: SurveysService;
  credit: CreditService;
  creditDesk: CreditDesk;
  access: AccessService;
  accessGates: AccessGates;
  party: PartyService;
  special: SpecialService;
  campaigns: CampaignsService;
  notices: NoticesService;
  compounds: CompoundsService;
  jobfairs: JobfairsService;
  courses: CoursesService;
  deliberation: DeliberationService;
  care: CareService;
  field: FieldService;
  supervision: SupervisionService;
  reports: ReportsService;
  assessment: AssessmentService;
  serviceMap: ServiceMapService;
  cockpit: CockpitService;
  redDays: RedDays;
  warnings: WarningsService;
  charging: ChargingService;
  devices: DevicesService;
  search: SearchService;
  exports: ExportsService;
}

/** The SMS and voice provider the settings name, with its credentials. */
function messageProviderSettings(config: Config, logger: MessageLogger = { info: () => {} }): ProviderSettings {
  return {
    provider: config.MESSAGES_PROVIDER,
    logger,
    aliyun: {
      accessKeyId: config.ALIYUN_ACCESS_KEY_ID,
      accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET,
      signName: config.ALIYUN_SMS_SIGN_NAME,
      ...(config.ALIYUN_CALLED_SHOW_NUMBER ? { calledShowNumber: config.ALIYUN_CALLED_SHOW_NUMBER } : {}),
    },
    tencent: {
      secretId: config.TENCENT_SECRET_ID,
      secretKey: config.TENCENT_SECRET_KEY,
      smsSdkAppId: config.TENCENT_SMS_APP_ID,
      signName: config.TENCENT_SMS_SIGN_NAME,
      region: config.TENCENT_REGION,
      ...(config.TENCENT_VOICE_APP_ID ? { voiceSdkAppId: config.TENCENT_VOICE_APP_ID } : {}),
    },
  };
}

export function createServices(
  config: Config,
  database: Database,
  clock: Clock = systemClock,
  log: (error: unknown, context: string) => void = () => {},
  extras: {
    /** Where the log provider writes the messages it does not send (the server's logger). */
    messageLog?: MessageLogger;
    /** Another SMS and voice provider than the settings name (tests: a fake of a cloud provider). */
    messageProvider?: MessageProvider;
  } = {},
): Services {
  const { db } = database;
  const signals = new ProcessSignals(database, log);
  const jobs = new Jobs(database, clock, { timeZone: config.TIME_ZONE, onError: log });
  const audit = new AuditService(db, clock);
  const org = new OrgService(db, clock, audit, { timeZone: config.TIME_ZONE });
  org.shareChanges(signals);
  const auth = new AuthService(db, config, clock, audit, org);
  auth.shareSignOuts(signals);
  const imports = new ImportService(
    db,
    clock,
    audit,
    jobs,
    { maxBytes: config.IMPORT_MAX_BYTES, maxRows: config.IMPORT_MAX_ROWS, timeZone: config.TIME_ZONE },
    () => org.structureChanged(),
  );
  const live = new LiveHub(database, LIVE_CHANNEL, log);
  const media = new MediaService(db, clock, audit, {
    maxBytes: config.MEDIA_MAX_BYTES,
    maxPixels: config.MEDIA_MAX_PIXELS,
  });
  const notifications = new NotificationsService(db, clock, live);
  const messages = new MessagesService(
    db,
    clock,
    jobs,
    extras.messageProvider ?? createProvider(messageProviderSettings(config, extras.messageLog)),
    {
      templates: config.MESSAGES_TEMPLATES,
      maxAttempts: config.MESSAGES_MAX_ATTEMPTS,
      perPhonePerHour: config.MESSAGES_PER_PHONE_PER_HOUR,
      timeZone: config.TIME_ZONE,
    },
    async (userId, trx) => (await auth.contactOf(userId, trx))?.phone ?? null,
    audit,
    org,
  );
  const matters = new MattersService(db, clock, audit, jobs, live, org, auth, media, notifications, {
    timeZone: config.TIME_ZONE,
    messages,
    repeatDays: config.STATS_REPEAT_DAYS,
    statisticsQueryConcurrency: config.STATS_QUERY_CONCURRENCY,
    followUps: { dueHours: config.FOLLOW_UP_DUE_HOURS, overdueHours: config.FOLLOW_UP_OVERDUE_HOURS },
    readDb: database.readDb,
  });
  matters.shareChanges(signals);
  // A closed matter's satisfaction follow-up (回访) becomes due.
  jobs.subscribe('matters.follow-ups', ['matter.status_changed'], (event, trx) =>
    matters.followUps.onMatterStatus(event, trx),
  );
  const points = new PointsService(db, clock, audit, org, auth, {
    voucherDays: config.POINTS_VOUCHER_DAYS,
    expiryYears: config.POINTS_EXPIRY_YEARS,
    timeZone: config.TIME_ZONE,
    correctionMax: config.POINTS_CORRECTION_MAX,
    correctionApprovalAbove: config.POINTS_CORRECTION_APPROVAL_ABOVE,
  });
  const volunteer = new VolunteerService(db, clock, audit, jobs, org, auth, media, {
    timeZone: config.TIME_ZONE,
    horizonDays: config.SERIES_HORIZON_DAYS,
    notifications,
  });
  const party = new PartyService({ db, clock, audit, org, volunteer });
  // The 三亮一做 board (org) shows a building's 党员中心户, which the party module keeps.
  org.setCenterHouseholds((buildingId) => party.centerHouseholdsOfBuilding(buildingId));
  const mediation = new MediationService(db, clock, audit, jobs, org, auth, media, notifications, matters, {
    timeZone: config.TIME_ZONE,
  });
  const deliberation = new DeliberationService(db, clock, audit, jobs, org, auth, media, notifications, {
    timeZone: config.TIME_ZONE,
  });
  const devices = new DevicesService(
    database,
    clock,
    audit,
    jobs,
    live,
    signals,
    org,
    matters,
    {
      mqttUrl: config.MQTT_URL,
      mqttPort: config.MQTT_PORT,
      mqttHost: config.MQTT_HOST,
      mqttClientId: config.MQTT_CLIENT_ID,
      mqttTopic: config.MQTT_TOPIC,
      retentionDays: config.READINGS_RETENTION_DAYS,
      batchRows: config.INGEST_BATCH_ROWS,
      flushMs: config.INGEST_FLUSH_MS,
      flushConcurrency: config.INGEST_FLUSH_CONCURRENCY,
      offlineMinutes: config.DEVICES_OFFLINE_MINUTES,
      metricsMax: config.DEVICE_METRICS_MAX,
      timeZone: config.TIME_ZONE,
    },
    log,
  );

  const care = new CareService(db, clock, audit, jobs, org, auth, media, notifications, matters, devices, {
    timeZone: config.TIME_ZONE,
    escalateAfterMinutes: config.CARE_ESCALATE_MINUTES,
  });
  // Devices name the care target they watch; care answers whether it may (care depends on devices, so bound here).
  devices.setCareTargetCheck((ctx, targetId, place) => care.deviceMayWatch(ctx, targetId, place));
  const field = new FieldService({
    db,
    clock,
    audit,
    org,
    auth,
    media,
    matters,
    options: {
      timeZone: config.TIME_ZONE,
      maxAccuracyM: config.FIELD_MAX_ACCURACY_M,
      patrolMaxHours: config.FIELD_PATROL_MAX_HOURS,
    },
  });
  // Patrols left open (a worker forgot to stop) end by themselves at their last recorded step.
  jobs.every('field.close-stale-patrols', '*/10 * * * *', async (now) => {
    await field.closeStalePatrols(now);
  });
  // Inspection campaigns (专项整治): notices past their deadline are escalated by the clock.
  const campaigns = new CampaignsService({
    db,
    clock,
    timeZone: config.TIME_ZONE,
    audit,
    org,
    auth,
    media,
    matters,
    notifications,
    font: { path: config.REPORT_FONT_PATH, name: config.REPORT_FONT_NAME },
  });
  jobs.every('campaigns.escalate-overdue', '*/10 * * * *', async (now) => {
    await campaigns.escalateOverdue(now);
  });
  // Merchant credit (商户信用分): recomputed daily (a snapshot kept once a month) and at once on evidence.
  const credit = new CreditService({
    db,
    clock,
    timeZone: config.TIME_ZONE,
    audit,
    org,
    points,
    media,
    baseScore: config.CREDIT_BASE_SCORE,
    font: { path: config.REPORT_FONT_PATH, name: config.REPORT_FONT_NAME },
  });
  const creditDesk = new CreditDesk(credit);
  jobs.every('credit.daily', '10 2 * * *', async (now) => {
    await credit.runDaily(now);
  });
  jobs.subscribe('credit.civic', Object.keys(CIVIC_EVENTS), (event, trx) => credit.onCivicEvent(event, trx));
  // Notices (通知公告, 反诈预警): elders living alone who did not acknowledge an anti-fraud alert in time become visit tasks.
  const notices = new NoticesService({
    db,
    clock,
    timeZone: config.TIME_ZONE,
    audit,
    org,
    auth,
    notifications,
    messages,
    font: { path: config.REPORT_FONT_PATH, name: config.REPORT_FONT_NAME },
    elderVisitAfterHours: config.NOTICES_ELDER_VISIT_AFTER_HOURS,
  });
  jobs.every('notices.elder-visit-tasks', '* * * * *', async (now) => {
    await notices.tasks.createDue(now);
  });
  // Supervision (督办): cards kept by the clock, and at once when a matter changes.
  const supervision = new SupervisionService({
    db,
    clock,
    audit,
    jobs,
    org,
    auth,
    matters,
    notifications,
    options: {
      timeZone: config.TIME_ZONE,
      redAfterHours: config.SUPERVISION_RED_AFTER_HOURS,
      remindMinutes: config.SUPERVISION_REMIND_MINUTES,
    },
  });
  jobs.every('supervision.cards', '* * * * *', async (now) => {
    await supervision.runCards(now);
  });
  jobs.subscribe('supervision.matter-status', ['matter.status_changed'], (event, trx) =>
    supervision.onMatterStatus(event, trx),
  );
  // Assessment (考核): the month just ended is scored on the 1st at 03:00, from recorded work only.
  const assessment = new AssessmentService({
    db,
    clock,
    audit,
    org,
    auth,
    matters,
    supervision,
    field,
    notifications,
    options: { timeZone: config.TIME_ZONE },
  });
  jobs.every('assessment.monthly', '0 3 1 * *', async (now) => {
    await assessment.runMonthly(now);
  });
  // The restricted register (重点人群): overdue visits are warned to the responsible worker, each morning.
  const special = new SpecialService({ db, clock, timeZone: config.TIME_ZONE, audit, org, notifications, auth });
  jobs.every('special.overdue-visits', '0 8 * * *', async (now) => {
    await special.warnOverdue(now);
  });
  const chargingPayments = logPaymentProvider(extras.messageLog ?? { info: () => {} });
  const charging = new ChargingService(db, clock, audit, jobs, org, devices, chargingPayments, {
    timeZone: config.TIME_ZONE,
    fullChargeWh: config.CHARGING_FULL_CHARGE_WH,
    minStartBalanceFen: config.CHARGING_MIN_START_BALANCE_FEN,
    maxBalanceFen: config.CHARGING_MAX_BALANCE_FEN,
  });

  // Care and charging read the devices module's events (curtain, door, water, charger) and
  // care follows its matters (a care matter taken up counts as acknowledged).
  jobs.subscribe('notifications.forget-user', ['user.anonymised'], async (event, trx) => {
    await messages.forgetUser(event.payload.userId, trx);
    await notifications.forgetUser(event.payload.userId, trx);
  });
  jobs.subscribe('care.device-events', ['device.event'], async (event, trx) => {
    await care.onDeviceEvent(event, trx);
  });
  jobs.subscribe('care.matter-status', ['matter.status_changed'], (event, trx) => care.onMatterStatus(event, trx));
  jobs.subscribe('charging.device-events', ['device.event'], async (event, trx) => {
    await charging.onDeviceEvent(event, trx);
  });
  // 智慧平安小区: gates' entry events (device.event of access_gate devices) checked and recorded, with
  // watch-list alarms; entry partitions made ahead and dropped past the retention; elders living alone
  // not seen at any gate for days handed to care.
  const compounds = new CompoundsService({
    db,
    clock,
    timeZone: config.TIME_ZONE,
    audit,
    org,
    deliberation,
    matters,
    mediation,
    devices,
    media,
  });
  const accessKeys = {
    passKey: passKeySource(config.ACCESS_SIGNING_KEY, () =>
      serverSecret(database.db, clock, 'access.pass-signing-key', newPassKeyPem),
    ),
    cardKey: keptKey(database.db, clock, 'access.card-hash-key'),
  };
  const accessGates = new AccessGates({
    db,
    clock,
    timeZone: config.TIME_ZONE,
    audit,
    org,
    compounds,
    matters,
    noMovement: (trx, p) => care.openNoMovementCheck(trx, p),
    ...accessKeys,
    options: { retentionDays: config.ACCESS_ENTRY_RETENTION_DAYS, noMovementDays: config.ACCESS_NO_MOVEMENT_DAYS },
  });
  jobs.subscribe('access.gate-entries', ['device.event'], async (event, trx) => {
    await accessGates.onDeviceEvent(event, trx);
  });
  jobs.every('access.partitions', '25 * * * *', async (now) => {
    await accessGates.maintainPartitions(now);
  });
  jobs.every('access.no-movement', '40 * * * *', async (now) => {
    await accessGates.checkNoMovement(now);
  });
  // The daily check (窗帘之约): misses at their deadline, escalation when unacknowledged.
  jobs.every('care.daily-checks', '* * * * *', async (now) => {
    await care.runChecks(now);
  });

  // An alarm's matter taken up acknowledges the alarm; resolved or closed, it clears it.
  jobs.subscribe('devices.matter-link', ['matter.status_changed'], (event) => devices.onMatterStatusChanged(event), {
    ownTransactions: true,
  });
  // Devices silent past their window go offline; readings' partitions made ahead and dropped past the retention.
  jobs.every(
    'devices.absence',
    '* * * * *',
    async (now) => {
      await devices.checkAbsence(now);
    },
    { lease: DEVICE_GATEWAY_LEASE },
  );
  jobs.every('devices.partitions', '20 * * * *', async (now) => {
    await devices.maintainPartitions(now);
  });

  // A matter put under supervision keeps when and its worst card, for its statistics.
  jobs.subscribe('matters.supervision', ['supervision.order_opened', 'supervision.card_changed'], (event, trx) =>
    matters.onSupervisionEvent(event, trx),
  );
  // A matter taken to mediation follows its case.
  jobs.subscribe('matters.mediation', ['case.opened', 'case.closed'], (event, trx) =>
    matters.onMediationEvent(event, trx),
  );
  // Points are earned from other modules' events; awards are idempotent by event id.
  jobs.subscribe('points.earn', Object.keys(EARNING_EVENTS), (event) => points.onEarningEvent(event), {
    ownTransactions: true,
  });

  jobs.defineTask(IMPORT_TASK, (data: { jobId: number }) => imports.process(data.jobId), {
    ownTransactions: true,
    expireInSeconds: 60 * 60,
  });
  // Idempotency keys past IDEMPOTENCY_TTL_HOURS are forgotten (a phone resends its queue within it).
  const idempotency = new IdempotencyStore(db, clock, config.IDEMPOTENCY_TTL_HOURS);
  jobs.every('platform.idempotency-expiry', '23 * * * *', async (now) => {
    await idempotency.purgeExpired(now);
  });
  jobs.every('auth.purge-sessions', '17 * * * *', async () => {
    await auth.purgeExpiredSessions();
  });
  jobs.every('matters.deadlines', '* * * * *', async (now) => {
    await matters.runDeadlines(now);
  });
  jobs.every('matters.auto-close', '7 * * * *', async (now) => {
    await matters.autoClose(now);
  });
  // Cases past their time limit are flagged and escalated; follow-up visits that fall due are reminded.
  jobs.every('mediation.deadlines', '*/5 * * * *', async (now) => {
    await mediation.runDeadlines(now);
  });
  jobs.every('points.voucher-expiry', '*/10 * * * *', async (now) => {
    await points.expireVouchers(now);
  });
  // Daily, so a server down at new year still expires points when it comes back.
  jobs.every('points.expiry', '30 0 * * *', async (now) => {
    await points.expire(now);
  });

  // Recurring activities: occurrences within SERIES_HORIZON_DAYS become activities (once each).
  jobs.every('volunteer.series-horizon', '35 1 * * *', async (now) => {
    await volunteer.materialiseSeries(now);
  });
  jobs.every('deliberation.count-votes', '*/5 * * * *', async (now) => {
    await deliberation.countClosedVotes(now);
  });
  jobs.every('deliberation.remind-bookings', '*/5 * * * *', async (now) => {
    await deliberation.remindBookings(now);
  });

  const phones = new PhoneAccountsService(db, clock, audit, org, messages, auth, config);
  const users = new UsersService(db, clock, audit, org, messages, (userId) => auth.forgetSessionsOf(userId));
  const invitations = new InvitationsService(db, clock, audit, org, points, phones, auth, config);

  // Exports (导出): each module registers its lists; files are written in the background.
  const exports = new ExportsService(
    db,
    clock,
    audit,
    jobs,
    {
      dataDir: config.DATA_DIR,
      maxRows: config.EXPORT_MAX_ROWS,
      ttlHours: config.EXPORT_TTL_HOURS,
      timeZone: config.TIME_ZONE,
    },
    (userId) => auth.actorOf(userId),
  );
  exports.register(matterExportSource(matters));
  exports.register(matterStatisticsExportSource(matters));
  exports.register(personExportSource(org));
  exports.register(auditExportSource(audit));
  exports.register(userExportSource(users));
  exports.register(mediationCaseExportSource(mediation));
  exports.register(deviceExportSource(devices));
  exports.register(alarmExportSource(devices));
  exports.register(careTargetExportSource(care));
  exports.register(supervisionOrderExportSource(supervision));
  exports.register(chargingSessionExportSource(charging));
  exports.register(volunteerActivityExportSource(volunteer));
  exports.register(pointsAccountExportSource(points));
  exports.register(topicExportSource(deliberation));
  exports.register(voteExportSource(deliberation));
  exports.register(fieldVisitExportSource(field));
  exports.register(invitationExportSource(invitations));
  exports.register(assessmentScoreExportSource(assessment));
  exports.register(buildingExportSource(org));
  exports.register(pointsMerchantExportSource(points, org));
  exports.register(creditPriorityExportSource(credit));
  exports.register(volunteerTeamExportSource(volunteer, org));
  exports.register(workLogExportSource(field, org));
  // Surveys (问卷): audiences from the org, told through notifications, respondents keyed by a kept key.
  const surveys = new SurveysService({
    db,
    clock,
    audit,
    org,
    auth,
    notifications,
    respondentKey: keptKey(database.db, clock, 'surveys.respondent-key'),
  });
  exports.register(surveyResultsExportSource(surveys));
  const alliance = new AllianceService({ db, clock, audit, org, volunteer });
  exports.register(allianceUnitExportSource(alliance));
  jobs.defineTask(EXPORT_TASK, (data: { jobId: number }) => exports.process(data.jobId), {
    ownTransactions: true,
    expireInSeconds: 60 * 60,
  });
  jobs.every('exports.upkeep', '*/15 * * * *', async (now) => {
    await exports.upkeep(now);
  });
  // Early warning (预警): rises every 15 minutes, coincidences of sources every 15 minutes,
  // the space-time scan daily at 06:00 (local), before the morning's work, and emerging hot
  // spots on Monday mornings over the weeks before.
  const warnings = new WarningsService(db, clock, audit, org, matters, devices, {
    timeZone: config.TIME_ZONE,
    riseThreshold: config.WARNING_RISE_THRESHOLD,
    scanStudyDays: config.WARNING_SCAN_STUDY_DAYS,
    scanReplications: config.WARNING_SCAN_REPLICATIONS,
    scanRecurrenceDays: config.WARNING_SCAN_RECURRENCE_DAYS,
    coincidenceDays: config.WARNING_COINCIDENCE_DAYS,
    coincidenceMetres: config.WARNING_COINCIDENCE_METRES,
  });
  jobs.every('warnings.rises', '*/15 * * * *', async (now) => {
    await warnings.runRises(now);
    await warnings.runCoincidences(now);
  });
  jobs.every('warnings.scan', '0 6 * * *', async (now) => {
    await warnings.runScan(now);
  });
  jobs.every('warnings.hotspots', '30 6 * * 1', async (now) => {
    await warnings.runHotspots(now);
  });
  // The cockpit (驾驶舱) reads every module through its service, with the caller's context.
  const cockpit = new CockpitService({
    clock,
    timeZone: config.TIME_ZONE,
    org,
    matters,
    devices,
    care,
    mediation,
    deliberation,
    volunteer,
    points,
    warnings,
  });
  // Late each evening every community's red/amber/green is kept; a run of red opens a 督办.
  const redDays = new RedDays(db, clock, org, cockpit, supervision, {
    timeZone: config.TIME_ZONE,
    redDays: config.COCKPIT_RED_DAYS,
    orderDays: config.COCKPIT_ORDER_DAYS,
  });
  jobs.every('cockpit.red-days', '50 23 * * *', async (now) => {
    await redDays.recordDay(now);
  });
  // Monthly reports (月度通报): last month's for every street and district, made early on the
  // 1st; the job runs daily so a missed 1st is made up the next morning, and makes nothing twice.
  const reports = new ReportsService({
    db,
    clock,
    audit,
    jobs,
    org,
    matters,
    mediation,
    options: {
      timeZone: config.TIME_ZONE,
      font: { path: config.REPORT_FONT_PATH, name: config.REPORT_FONT_NAME },
    },
  });
  jobs.defineTask(REPORT_TASK, (data: { reportId: number }) => reports.process(data.reportId), {
    ownTransactions: true,
    expireInSeconds: 30 * 60,
  });
  jobs.every('reports.monthly', '20 1 * * *', async (now) => {
    await reports.runMonthly(now);
  });
  // Rights help (维权) routes cases to mediation through its service, never its tables.
  const rights = new RightsService({
    db,
    clock,
    audit,
    org,
    auth,
    mediation,
    notifications,
    options: {
      timeZone: config.TIME_ZONE,
      minimumWages: config.RIGHTS_MINIMUM_WAGES,
      defaultMinimumWageFen: config.RIGHTS_DEFAULT_MINIMUM_WAGE_FEN,
      slotMinutes: config.RIGHTS_SLOT_MINUTES,
    },
  });
  // The odd-job market (零工市场) opens rights cases for unpaid work through RightsService.
  const oddjobs = new OddjobsService({
    db,
    clock,
    audit,
    org,
    auth,
    notifications,
    rights,
    options: {
      timeZone: config.TIME_ZONE,
      monthlyMinimums: config.RIGHTS_MINIMUM_WAGES,
      defaultMonthlyMinimumFen: config.RIGHTS_DEFAULT_MINIMUM_WAGE_FEN,
      hourlyMinimums: config.RIGHTS_HOURLY_MINIMUM_WAGES,
      defaultHourlyMinimumFen: config.RIGHTS_DEFAULT_HOURLY_MINIMUM_FEN,
      exposureCap: config.ODDJOBS_EXPOSURE_CAP,
      notifyLimit: config.ODDJOBS_NOTIFY_LIMIT,
      qrMinutes: config.ODDJOBS_QR_MINUTES,
      helpWaitingDays: config.ODDJOBS_HELP_WAITING_DAYS,
      qrKey: config.ODDJOBS_QR_SECRET
        ? async () => Buffer.from(config.ODDJOBS_QR_SECRET, 'utf8')
        : keptKey(database.db, clock, 'oddjobs.attendance-qr'),
    },
  });
  const budgets = new BudgetsService({ db, clock, audit, org, deliberation });
  return {
    config,
    database,
    clock,
    jobs,
    idempotency,
    audit,
    auth,
    users,
    setup: new SetupService(db, clock, audit, org),
    org,
    imports,
    live,
    signals,
    media,
    notifications,
    messages,
    phones,
    invitations,
    selfService: new SelfServiceService(db, clock, audit, org, jobs, (userId) => auth.forgetSessionsOf(userId)),
    alarmCalls: new AlarmCallChain(db, clock, jobs, org, auth, messages, notifications, config.ALARM_CALL_STEP_MINUTES),
    matters,
    points,
    volunteer,
    deliberation,
    mediation,
    rights,
    oddjobs,
    welfare: new WelfareService({ db, clock, timeZone: config.TIME_ZONE, audit, org }),
    legal: new LegalService({ db, clock, audit, org, matters }),
    elections: new ElectionsService({ db, clock, audit, org, timeZone: config.TIME_ZONE }),
    budgets,
    // 公示: each module's public reads, kept a short while (PUBLIC_PAGES_CACHE_SECONDS).
    publicPages: new PublicPagesService({
      clock,
      org,
      notices,
      deliberation,
      budgets,
      matters,
      cacheSeconds: config.PUBLIC_PAGES_CACHE_SECONDS,
    }),
    alliance,
    surveys,
    credit,
    creditDesk,
    access: new AccessService({
      db,
      clock,
      audit,
      org,
      compounds,
      ...accessKeys,
      options: { passMaxDays: config.ACCESS_PASS_MAX_DAYS, searchMaxDays: 31 },
    }),
    accessGates,
    party,
    special,
    campaigns,
    compounds,
    notices,
    // Job fairs (招聘会) ask the odd-job market whether an employer is approved, and reuse its wage floor.
    jobfairs: new JobfairsService({
      db,
      clock,
      audit,
      org,
      auth,
      oddjobs,
      options: {
        timeZone: config.TIME_ZONE,
        doorCodeMinutes: 2,
        doorKey: keptKey(database.db, clock, 'jobfairs.door-qr'),
      },
    }),
    // Courses (骑士学院, 党群夜校) award points through PointsService and find stations through matters.
    courses: new CoursesService({
      db,
      clock,
      audit,
      org,
      auth,
      matters,
      points,
      jobs,
      options: {
        timeZone: config.TIME_ZONE,
        completionPercent: config.COURSES_COMPLETION_PERCENT,
        maxPlaybackRate: config.COURSES_MAX_PLAYBACK_RATE,
        codeSeconds: config.COURSES_CODE_SECONDS,
        checkInEarlyMinutes: 30,
        issuer: config.COURSES_ISSUER_NAME,
        publicUrl: () => config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
        font: { path: config.REPORT_FONT_PATH, name: config.REPORT_FONT_NAME },
        signingKey: signingKeySource(config.COURSES_SIGNING_KEY, () =>
          serverSecret(database.db, clock, 'courses.certificate-signing-key', newSigningKeyPem),
        ),
      },
    }),
    devices,
    care,
    field,
    supervision,
    assessment,
    // The service map (服务一张图) reads buildings from the org and stations from matters.
    serviceMap: new ServiceMapService(org, matters, {
      detour: config.SERVICE_MAP_DETOUR,
      metresPerMinute: config.SERVICE_MAP_WALK_METRES_PER_MINUTE,
    }),
    cockpit,
    redDays,
    charging,
    search: new SearchService(org, matters, mediation, devices),
    exports,
    reports,
    warnings,
  };
}

export async function buildApp(
  services: Services,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger: options.logger ?? {
      level: config.LOG_LEVEL,
      // Through process.stdout, so log lines and the startup report (main.ts) keep their order.
      stream: process.stdout,
      // Query strings can hold phone or ID numbers (people search); logs keep the path only.
      serializers: {
        req: (req: { method: string; url: string; id: string; ip?: string }) => ({
          id: req.id,
          method: req.method,
          path: req.url.split('?')[0],
          ip: req.ip,
        }),
      },
    },
    // Request lines only when asked (LOG_REQUESTS); unhandled errors are logged by our error handler.
    logController: new LogController({ disableRequestLogging: services.config.LOG_REQUESTS !== 'true' }),
    // Fastify takes a hop count too, though its types do not say so.
    trustProxy: config.TRUST_PROXY as boolean | string | string[],
    bodyLimit: 1024 * 1024,
  });
  // The platform's input rules, then each route's schema (platform/input.ts).
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    // The API's documentation is for anyone, like the document itself.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, public: true };
    for (const method of [route.method].flat())
      routeTable.push({
        method,
        url: route.url,
        hidden: Boolean((route.schema as { hide?: boolean } | undefined)?.hide),
      });
  });

  // Before compression, so the answer kept for a replay is the body as the route sent it.
  installIdempotency(app, services.idempotency);
  await app.register(cookie);
  await app.register(compress, { threshold: 1024, encodings: ['br', 'gzip'] });
  const tileHosts = tileOrigins(config);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Ant Design and Leaflet set inline styles; map tiles come from the configured host.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...tileHosts],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Served over plain HTTP by default (npm start); HSTS belongs to the HTTPS proxy.
    strictTransportSecurity: false,
  });
  // Counted in the database when several server processes share it, so a limit holds for them all.
  const sharedLimits =
    config.RATE_LIMIT_STORE === 'database' ||
    (config.RATE_LIMIT_STORE === 'auto' && services.database.kind === 'postgres');
  await app.register(rateLimit, {
    global: false,
    ...(sharedLimits
      ? {
          store: databaseRateLimitStore(services.database, services.clock),
          // The database out of reach must not refuse sign-ins that could otherwise be checked.
          skipOnError: true,
        }
      : {}),
  });
  await app.register(multipart, {
    limits: { fileSize: Math.max(config.IMPORT_MAX_BYTES, config.MEDIA_MAX_BYTES), files: 1, fields: 5, parts: 6 },
  });
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Gongzhi 共治 API',
        version: VERSION,
        description:
          'HTTP API of Gongzhi. Sign in with POST /api/auth/login; the session rides on an httpOnly cookie, ' +
          'and every POST, PUT, PATCH and DELETE must carry the csrfToken from the login answer in the X-CSRF-Token header. ' +
          'Errors have one shape: {error: {code, message, details}}, with the message in zh-CN or en (Accept-Language). ' +
          IDEMPOTENCY_DESCRIPTION,
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gz_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
          deviceToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'A device: <device code>:<secret> (POST /api/ingest/readings)',
          },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    ...openApiTransforms(),
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true, transformStaticCSP: (header) => header });

  installPlatform(app, {
    resolveSession: (token) => services.auth.resolveSession(token),
    csrfMatches: (session, presented) => services.auth.csrfMatches(session, presented),
    defaultLocale: config.DEFAULT_LOCALE,
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: { public: true } }, () => app.swagger());

  systemRoutes(app, services.database.db, services.database.kind, config, () => services.devices.runsGateway);
  authRoutes(app, services.auth, config);
  userRoutes(app, services.users, services.setup, config);
  phoneRoutes(app, services.phones, config);
  invitationRoutes(app, services.invitations);
  selfRoutes(app, services.selfService);
  messageRoutes(app, services.messages);
  orgRoutes(app, services.org, services.imports);
  auditRoutes(app, services.audit);
  mediaRoutes(app, services.media);
  notificationRoutes(
    app,
    services.notifications,
    services.live,
    async (token) => (await services.auth.resolveSession(token)) !== null,
  );
  mattersRoutes(app, services.matters);
  matterStatisticsRoutes(app, services.matters);
  matterFollowUpRoutes(app, services.matters.followUps);
  open311ClientRoutes(app, services.matters, hashApiKey);
  open311Routes(app, services.matters, config.TIME_ZONE, () => config.PUBLIC_URL ?? `http://localhost:${config.PORT}`);
  pointsRoutes(app, services.points);
  volunteerRoutes(app, services.volunteer);
  mediationRoutes(app, services.mediation);
  rightsRoutes(app, services.rights);
  oddjobsRoutes(app, services.oddjobs);
  welfareRoutes(app, services.welfare);
  legalRoutes(app, services.legal);
  budgetsRoutes(app, services.budgets);
  electionsRoutes(app, services.elections);
  publicPagesRoutes(app, services.publicPages, config);
  allianceRoutes(app, services.alliance);
  surveysRoutes(app, services.surveys);
  creditRoutes(app, services.credit, services.creditDesk);
  accessRoutes(app, services.access);
  partyRoutes(app, services.party);
  specialRoutes(app, services.special);
  campaignsRoutes(app, services.campaigns);
  noticesRoutes(app, services.notices, services.config.PUBLIC_URL);
  compoundsRoutes(app, services.compounds);
  jobfairsRoutes(app, services.jobfairs);
  coursesRoutes(app, services.courses);
  deliberationRoutes(app, services.deliberation);
  careRoutes(app, services.care);
  fieldRoutes(app, services.field);
  supervisionRoutes(app, services.supervision);
  assessmentRoutes(app, services.assessment);
  serviceMapRoutes(app, services.serviceMap);
  cockpitRoutes(app, services.cockpit);
  warningsRoutes(app, services.warnings);
  chargingRoutes(app, services.charging);
  chargingPayerRoutes(app, services.charging);
  devicesRoutes(app, services.devices);
  searchRoutes(app, services.search);
  exportsRoutes(app, services.exports);
  reportsRoutes(app, services.reports);

  await serveWeb(app, config.WEB_DIST);
  return app;
}

/** The built web app: /admin and /h5 are single-page apps with their own index.html. */
async function serveWeb(app: FastifyInstance, dist: string) {
  const hasBuild = fs.existsSync(path.join(dist, 'admin', 'index.html'));
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.redirect('/admin/'));
  if (!hasBuild) {
    app.get('/admin/*', { schema: { hide: true } }, (_req, reply) =>
      reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build` (npm start does it for you).'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: dist,
    prefix: '/',
    wildcard: false,
    index: false,
    maxAge: '1y',
    immutable: true,
    serve: false,
  });
  app.get('/assets/*', { schema: { hide: true } }, (req, reply) => {
    const file = (req.params as { '*': string })['*'];
    return reply.sendFile(path.join('assets', file));
  });
  for (const appName of ['admin', 'h5']) {
    const sendIndex = (_req: unknown, reply: import('fastify').FastifyReply) =>
      reply
        .header('cache-control', 'no-cache')
        .sendFile(path.join(appName, 'index.html'), { maxAge: 0, immutable: false });
    app.get(`/${appName}`, { schema: { hide: true } }, (_req, reply) => reply.redirect(`/${appName}/`));
    app.get(`/${appName}/`, { schema: { hide: true } }, sendIndex);
    app.get(`/${appName}/*`, { schema: { hide: true } }, (req, reply) => {
      const rest = (req.params as { '*': string })['*'];
      // Files of the app (icons, manifest) are served as they are; any other path is a client route.
      if (rest && /\.[a-z0-9]+$/i.test(rest) && fs.existsSync(path.join(dist, appName, rest))) {
        return reply.sendFile(path.join(appName, rest));
      }
      return sendIndex(req, reply);
    });
  }
}
