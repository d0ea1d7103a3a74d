import type { StatisticsQuery } from './schema-statistics.ts';
import type { ProcessSignals } from '../../platform/process-signals.ts';
import { MatterStatistics } from './statistics.ts';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import type { LiveHub } from '../../platform/live.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import type { MessagesService } from '../notifications/messages.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { Actions } from './actions.ts';
import { Categories } from './categories.ts';
import { Deadlines } from './deadlines.ts';
import { Desk } from './desk.ts';
import type { MattersDependencies } from './dependencies.ts';
import { Intake } from './intake.ts';
import { Notices } from './notices.ts';
import { resolvedPublicReports } from './public-reads.ts';
import { Open311Requests, type Open311Filing } from './open311-requests.ts';
import { Reading, type Within } from './reading.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { type NearestStationsOptions, Stations } from './stations.ts';
import { matterFactsFor, openOverdueCountFor } from './supervision-reads.ts';
import { assessedMattersFor, holdersOf, returnsFor } from './assessment-reads.ts';
import * as warningReads from './warning-reads.ts';
import { SystemPort, type SystemMatter } from './system.ts';
import { FollowUps, type FollowUpOptions } from './follow-ups.ts';
import { DailyFigures } from './daily-figures.ts';
import type { StatisticsOptions } from './statistics.ts';

/** Timeline actions a work log counts, by what they mean for the one who took them. */
const STEP_KINDS: Record<string, 'reported' | 'taken' | 'resolved'> = {
  report: 'reported',
  report_on_behalf: 'reported',
  accept: 'taken',
  start: 'taken',
  resolve: 'resolved',
  resolve_on_spot: 'resolved',
  reply: 'resolved',
};

/**
 * Matters (事项): everything to be handled, through one workflow. This class is the
 * module's face to routes, jobs and other modules; the work is done by concern:
 * categories.ts (the catalogue), intake.ts (reports, help, suggestions, duplicates),
 * reading.ts (queues, detail, map), actions.ts (the workflow, one handler per action),
 * deadlines.ts (warnings and escalation), stations.ts (service stations and duty),
 * system.ts (the port other modules use), open311-requests.ts (Open311).
 */
export class MattersService {
  private readonly categories: Categories;
  private readonly intake: Intake;
  private readonly reading: Reading;
  private readonly actions: Actions;
  private readonly deadlines: Deadlines;
  private readonly desk: Desk;
  private readonly stations: Stations;
  private readonly system: SystemPort;
  private readonly open311: Open311Requests;
  private readonly deps: MattersDependencies;
  private readonly figures: MatterStatistics;
  private readonly dailyFigures: DailyFigures;
  /** Satisfaction follow-ups (回访) of closed matters (follow-ups.ts). */
  readonly followUps: FollowUps;

  constructor(
    private readonly db: Kysely<DB>,
    clock: Clock,
    audit: AuditService,
    jobs: Jobs,
    live: LiveHub,
    org: OrgService,
    auth: AuthService,
    media: MediaService,
    notifications: NotificationsService,
    options: {
      timeZone: string;
      messages: MessagesService;
      repeatDays: number;
      statisticsQueryConcurrency: number;
      followUps?: FollowUpOptions;
      /** A replica for the statistics' reads, which may lag a few seconds (DATABASE_READ_URL). */
      readDb?: Kysely<DB>;
    },
  ) {
    this.categories = new Categories(db, clock, audit);
    this.dailyFigures = new DailyFigures(db, { timeZone: options.timeZone, repeatDays: options.repeatDays });
    const deps: MattersDependencies = {
      db,
      clock,
      timeZone: options.timeZone,
      audit,
      jobs,
      live,
      org,
      auth,
      media,
      notifications,
      messages: options.messages,
      dailyFigures: this.dailyFigures,
      statisticsQueryConcurrency: options.statisticsQueryConcurrency,
      categories: this.categories,
    };
    this.deps = deps;
    const notices = new Notices(deps);
    this.stations = new Stations(deps);
    this.intake = new Intake(deps, notices, this.stations);
    this.reading = new Reading(deps);
    this.actions = new Actions(deps, notices);
    this.deadlines = new Deadlines(deps, notices);
    this.desk = new Desk(deps, notices);
    this.system = new SystemPort(deps, this.intake, notices);
    this.open311 = new Open311Requests(deps, this.intake);
    this.figures = new MatterStatistics(options.readDb ? { ...deps, db: options.readDb } : deps);
    this.followUps = new FollowUps(deps, options.followUps ?? { dueHours: 24, overdueHours: 72 });
  }

  /** With several server processes: changes to what this module keeps in memory reach the others. */
  shareChanges(signals: ProcessSignals) {
    this.categories.shareChanges(signals);
  }

  // ----- statistics -----

  /** Counts, rates and times by period, area, category, source or department, each with the list it counts. */
  statistics(ctx: RequestContext, query: z.infer<typeof StatisticsQuery>, options?: StatisticsOptions) {
    return this.figures.statistics(ctx, query, options);
  }

  // ----- catalogue -----

  /** Adds the categories of the catalogue that are missing (by code); never overwrites edits. */
  ensureCatalogue() {
    return this.categories.ensureCatalogue();
  }

  /** Builds the kept daily figures when TIME_ZONE or STATS_REPEAT_DAYS changed (at start, before serving). */
  ensureDailyFigures() {
    return this.dailyFigures.ready();
  }

  /** The categories, as a list and by id (kept a minute). */
  categoryMap() {
    return this.categories.get();
  }

  listCategories(ctx: RequestContext, query: z.infer<typeof S.CategoryListQuery>) {
    return this.categories.list(ctx, query);
  }

  updateCategory(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateCategoryBody>) {
    return this.categories.update(ctx, id, body);
  }

  suggestCategory(ctx: RequestContext, description: string) {
    return this.categories.suggest(ctx, description);
  }

  // ----- intake: each answers with the matter as the caller now sees it -----

  async report(ctx: RequestContext, body: z.infer<typeof S.ReportBody>) {
    // Shown from what was written: nothing is read back.
    return this.reading.presentFiled(ctx, await this.intake.report(ctx, body));
  }

  async help(ctx: RequestContext, body: z.infer<typeof S.HelpBody>) {
    return this.get(ctx, (await this.intake.help(ctx, body)).id);
  }

  async suggest(ctx: RequestContext, body: z.infer<typeof S.SuggestionBody>) {
    return this.get(ctx, (await this.intake.suggest(ctx, body)).id);
  }

  nearby(ctx: RequestContext, query: z.infer<typeof S.NearbyQuery>) {
    return this.intake.nearby(ctx, query);
  }

  async follow(ctx: RequestContext, id: number, at: { lat?: number | undefined; lng?: number | undefined }) {
    await this.intake.follow(ctx, id, at);
    return this.get(ctx, id);
  }

  unfollow(ctx: RequestContext, id: number) {
    return this.intake.unfollow(ctx, id);
  }

  // ----- reading -----

  /** `within` narrows the list for another module (a compound's page: the cells of its buildings). */
  list(ctx: RequestContext, query: z.infer<typeof S.MatterListQuery>, within?: Within) {
    return this.reading.list(ctx, query, within);
  }

  /** The total of the list of these filters, without its rows. */
  count(ctx: RequestContext, query: z.infer<typeof S.MatterListQuery>, within?: Within) {
    return this.reading.count(ctx, query, within);
  }

  mine(ctx: RequestContext, query: z.infer<typeof S.MyMattersQuery>) {
    return this.reading.mine(ctx, query);
  }

  get(ctx: RequestContext, id: number, justActed = false) {
    return this.reading.get(ctx, id, justActed);
  }

  assignees(ctx: RequestContext, id: number) {
    return this.reading.assignees(ctx, id);
  }

  revealContact(ctx: RequestContext, id: number) {
    return this.reading.revealContact(ctx, id);
  }

  clusters(ctx: RequestContext, q: z.infer<typeof S.ClustersQuery>) {
    return this.reading.clusters(ctx, q);
  }

  // ----- workflow -----

  /** One workflow action with its own body (see actions.ts). */
  async act<A extends S.ActionName>(ctx: RequestContext, id: number, action: A, body: S.ActionBody<A>) {
    return this.get(ctx, (await this.actions.act(ctx, id, { action, body })).id, true);
  }

  async note(ctx: RequestContext, id: number, body: z.infer<typeof S.NoteBody>) {
    await this.actions.note(ctx, id, body);
    return this.get(ctx, id);
  }

  // ----- the desk: extensions (延期) and joint handling (协办); see desk.ts -----

  async requestExtension(ctx: RequestContext, id: number, body: z.infer<typeof S.ExtensionBody>) {
    await this.desk.requestExtension(ctx, id, body);
    return this.get(ctx, id);
  }

  async decideExtension(
    ctx: RequestContext,
    id: number,
    extensionId: number,
    decision: 'grant' | 'refuse',
    body: z.infer<typeof S.DecideExtensionBody>,
  ) {
    await this.desk.decideExtension(ctx, id, extensionId, decision, body);
    return this.get(ctx, id);
  }

  listExtensions(ctx: RequestContext, query: z.infer<typeof S.ExtensionListQuery>) {
    return this.desk.listExtensions(ctx, query);
  }

  async addAssist(ctx: RequestContext, id: number, body: z.infer<typeof S.AssistBody>) {
    await this.desk.addAssist(ctx, id, body);
    return this.get(ctx, id);
  }

  async replyAssist(ctx: RequestContext, id: number, assistId: number, body: z.infer<typeof S.AssistReplyBody>) {
    await this.desk.replyAssist(ctx, id, assistId, body);
    return this.get(ctx, id);
  }

  // ----- deadlines (run by the scheduler) -----

  runDeadlines(now: Date) {
    return this.deadlines.run(now);
  }

  autoClose(now: Date) {
    return this.deadlines.autoClose(now);
  }

  // ----- service stations and duty -----

  nearestStations(lat: number, lng: number, options: NearestStationsOptions) {
    return this.stations.nearestStations(lat, lng, options);
  }

  nearest(ctx: RequestContext, q: z.infer<typeof S.NearestStationsQuery>) {
    return this.stations.nearest(ctx, q);
  }

  /** For the service map: active stations offering any service inside a box (south, west, north, east in degrees). */
  activeStationsInBox(box: { south: number; west: number; north: number; east: number }) {
    return repo.activeStationsInBox(this.db, box);
  }

  /** For courses: a station's name and division, to hold a session there. */
  async stationSummary(id: number): Promise<{ id: number; name: string; divisionId: number; active: boolean } | null> {
    const s = await repo.stationById(this.db, id);
    return s ? { id: s.id, name: s.name, divisionId: s.division_id, active: s.active } : null;
  }

  listStations(ctx: RequestContext, q: z.infer<typeof S.StationListQuery>) {
    return this.stations.list(ctx, q);
  }

  createStation(ctx: RequestContext, body: z.infer<typeof S.CreateStationBody>) {
    return this.stations.create(ctx, body);
  }

  updateStation(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateStationBody>) {
    return this.stations.update(ctx, id, body);
  }

  myDutyStations(ctx: RequestContext) {
    return this.stations.myDutyStations(ctx);
  }

  confirmStationFacilities(ctx: RequestContext, id: number, body: z.infer<typeof S.StationFacilitiesBody>) {
    return this.stations.confirmFacilities(ctx, id, body);
  }

  addStationDuty(ctx: RequestContext, stationId: number, body: z.infer<typeof S.StationDutyBody>) {
    return this.stations.addStationDuty(ctx, stationId, body);
  }

  listStationDuty(ctx: RequestContext, stationId: number, q: z.infer<typeof S.StationDutyQuery>) {
    return this.stations.listStationDuty(ctx, stationId, q);
  }

  removeStationDuty(ctx: RequestContext, dutyId: number) {
    return this.stations.removeStationDuty(ctx, dutyId);
  }

  addDuty(ctx: RequestContext, body: z.infer<typeof S.DutyBody>) {
    return this.stations.addDuty(ctx, body);
  }

  listDuty(ctx: RequestContext, q: z.infer<typeof S.DutyQuery>) {
    return this.stations.listDuty(ctx, q);
  }

  removeDuty(ctx: RequestContext, id: number) {
    return this.stations.removeDuty(ctx, id);
  }

  // ----- for other modules, in their transactions -----

  openFromSystem(trx: Executor, input: SystemMatter) {
    return this.system.openFromSystem(trx, input);
  }

  onMediationEvent(
    event: DomainEvent<{ matterId: number | null; code: string; outcome?: 'agreed' | 'failed' | 'withdrawn' }>,
    trx: Executor,
  ) {
    return this.system.onMediationEvent(event, trx);
  }

  onSupervisionEvent(event: Parameters<SystemPort['onSupervisionEvent']>[0], trx: Executor) {
    return this.system.onSupervisionEvent(event, trx);
  }

  reassignFromSystem(trx: Executor, matterId: number, to: { userId: number; displayName: string }, note: string) {
    return this.system.reassignFromSystem(trx, matterId, to, note);
  }

  resolveFromSystem(trx: Executor, matterId: number, note: string) {
    return this.system.resolveFromSystem(trx, matterId, note);
  }

  noteFromSystem(trx: Executor, matterId: number, note: string, details?: Record<string, unknown>) {
    return this.system.noteFromSystem(trx, matterId, note, details);
  }

  // ----- for early warning (warning-reads.ts): matters counted, never warnings' own -----

  warningCountsByGridCategoryDay(from: Date, to: Date, timeZone: string) {
    return warningReads.countsByGridCategoryDay(this.db, from, to, timeZone);
  }

  warningCountsByCellDay(from: Date, to: Date, timeZone: string) {
    return warningReads.countsByCellDay(this.db, from, to, timeZone);
  }

  warningCases(where: Parameters<typeof warningReads.casesOf>[1], from: Date, to: Date) {
    return warningReads.casesOf(this.db, where, from, to);
  }

  casesByIds(ids: readonly number[]) {
    return warningReads.casesByIds(this.db, ids);
  }

  /**
   * What a person did with matters in [from, to): reported (report, on behalf), took up
   * (accept, start) and resolved (resolve, on the spot, reply), one entry a step.
   */
  async stepsOf(userId: number, from: Date, to: Date) {
    const rows = await repo.stepsOfUser(this.db, userId, Object.keys(STEP_KINDS), from, to);
    return rows.map((r) => ({ matterId: r.matter_id, kind: STEP_KINDS[r.action]!, at: r.at }));
  }

  // ----- for supervision (督办): supervision-reads.ts -----

  matterFacts(id: number, db: Executor = this.db) {
    return matterFactsFor(db, id);
  }

  openOverdueCount(unit: Parameters<typeof openOverdueCountFor>[1], db: Executor = this.db) {
    return openOverdueCountFor(db, unit);
  }

  // ----- for assessment (考核): assessment-reads.ts -----

  assessedMatters(divisionIds: readonly number[], w: { from: Date; to: Date; now: Date }, db: Executor = this.db) {
    return assessedMattersFor(db, divisionIds, w);
  }

  returnsIn(divisionIds: readonly number[], from: Date, to: Date, db: Executor = this.db) {
    return returnsFor(db, divisionIds, from, to);
  }

  holdersOf(matterIds: readonly number[], db: Executor = this.db) {
    return holdersOf(db, matterIds);
  }

  // ----- Open311 -----

  categoriesForOpen311() {
    return this.open311.categories();
  }

  publicRequests(filter: { ids?: number[]; codes?: string[]; open?: boolean; from?: Date; to?: Date }) {
    return this.open311.publicRequests(filter);
  }

  /** 办件公开: a community's resolved public reports, public fields only (public-reads.ts). */
  publicResolvedReports(communityId: number) {
    return resolvedPublicReports(this.deps, communityId);
  }

  requestIdForToken(token: string) {
    return this.open311.requestIdForToken(token);
  }

  open311ClientForKeyHash(hash: string) {
    return this.open311.clientForKeyHash(hash);
  }

  createFromOpen311(client: { id: number; division_id: number; name: string }, input: Open311Filing) {
    return this.open311.create(client, input);
  }

  issueOpen311Client(ctx: RequestContext, body: z.infer<typeof S.Open311ClientBody>, hashKey: (key: string) => string) {
    return this.open311.issueClient(ctx, body, hashKey);
  }

  listOpen311Clients(ctx: RequestContext) {
    return this.open311.listClients(ctx);
  }

  revokeOpen311Client(ctx: RequestContext, id: number) {
    return this.open311.revokeClient(ctx, id);
  }
}
