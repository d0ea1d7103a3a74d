import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { DEFAULT_TIME_ZONE } from '../../config.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import { requireActor, withinArea } from '../../platform/access.ts';
import type { OrgService } from '../org/service.ts';
import { communitiesOf, communitiesToCount, manages, type AreaOf } from './access.ts';
import { projectView, wishView } from './presenters.ts';
import { Activities } from './activities.ts';
import { GoodDeeds } from './good-deeds.ts';
import { Projects } from './projects.ts';
import { Series, type SeriesOptions } from './series.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { Teams } from './teams.ts';
import { Wishes } from './wishes.ts';

/** An alliance unit claiming on its own behalf: its id, name, and the communities it serves. */
export interface UnitRef {
  id: number;
  name: string;
  communityIds: readonly number[];
}

/**
 * Volunteering (志愿服务): teams (teams.ts), their activities and the hours that earn
 * points (activities.ts), good deeds (good-deeds.ts), micro-wishes (wishes.ts) and key
 * small matters (projects.ts). This class is what the rest of the server sees.
 */
export class VolunteerService {
  private readonly teams: Teams;
  private readonly activities: Activities;
  private readonly goodDeeds: GoodDeeds;
  private readonly wishes: Wishes;
  private readonly projects: Projects;
  private readonly series: Series;
  private readonly areaOfActor: AreaOf;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    jobs: Jobs,
    private readonly org: OrgService,
    auth: AuthService,
    media: MediaService,
    seriesOptions: SeriesOptions = { timeZone: DEFAULT_TIME_ZONE, horizonDays: 60 },
  ) {
    const areaOf: AreaOf = (actor) =>
      communitiesOf(actor, async (divisionId) => (await org.expandDivisions([divisionId])).get(divisionId));
    this.areaOfActor = areaOf;
    this.teams = new Teams(db, clock, audit, auth, areaOf);
    this.activities = new Activities(db, clock, audit, jobs, auth, areaOf);
    this.goodDeeds = new GoodDeeds(db, clock, audit, jobs, media, areaOf);
    this.wishes = new Wishes(db, clock, audit, media, areaOf);
    this.projects = new Projects(db, clock, audit, auth, media, areaOf);
    this.series = new Series(db, clock, audit, areaOf, seriesOptions);
  }

  // ---------- teams ----------

  createTeam(ctx: RequestContext, body: z.infer<typeof S.TeamBody>) {
    return this.teams.createTeam(ctx, body);
  }

  listTeams(ctx: RequestContext, q: z.infer<typeof S.TeamListQuery>) {
    return this.teams.listTeams(ctx, q);
  }

  getTeam(ctx: RequestContext, id: number): Promise<z.infer<typeof S.TeamView>> {
    return this.teams.getTeam(ctx, id);
  }

  setMember(ctx: RequestContext, teamId: number, body: z.infer<typeof S.MemberBody>) {
    return this.teams.setMember(ctx, teamId, body);
  }

  leaveTeam(ctx: RequestContext, teamId: number, userId: number) {
    return this.teams.leaveTeam(ctx, teamId, userId);
  }

  // ---------- activities and hours ----------

  createActivity(ctx: RequestContext, body: z.infer<typeof S.ActivityBody>) {
    return this.activities.createActivity(ctx, body);
  }

  listActivities(ctx: RequestContext, q: z.infer<typeof S.ActivityListQuery>) {
    return this.activities.listActivities(ctx, q);
  }

  getActivity(ctx: RequestContext, id: number): Promise<z.infer<typeof S.ActivityView>> {
    return this.activities.getActivity(ctx, id);
  }

  signUp(ctx: RequestContext, id: number) {
    return this.activities.signUp(ctx, id);
  }

  cancelSignUp(ctx: RequestContext, id: number) {
    return this.activities.cancelSignUp(ctx, id);
  }

  currentCode(ctx: RequestContext, id: number) {
    return this.activities.currentCode(ctx, id);
  }

  checkIn(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckBody>) {
    return this.activities.check(ctx, id, body, 'in');
  }

  checkOut(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckBody>) {
    return this.activities.check(ctx, id, body, 'out');
  }

  decideHours(ctx: RequestContext, id: number, body: z.infer<typeof S.DecideHoursBody>) {
    return this.activities.decideHours(ctx, id, body);
  }

  mySignups(ctx: RequestContext) {
    return this.activities.mySignups(ctx);
  }

  // ---------- recurring activities ----------

  previewSeries(ctx: RequestContext, body: z.infer<typeof S.SeriesPreviewBody>) {
    requireActor(ctx.actor);
    return this.series.preview(body);
  }

  createSeries(ctx: RequestContext, body: z.infer<typeof S.SeriesBody>) {
    return this.series.createSeries(ctx, body);
  }

  listSeries(ctx: RequestContext, q: z.infer<typeof S.SeriesListQuery>) {
    return this.series.listSeries(ctx, q);
  }

  getSeries(ctx: RequestContext, id: number) {
    return this.series.getSeries(ctx, id);
  }

  updateSeries(ctx: RequestContext, id: number, body: z.infer<typeof S.SeriesPatch>) {
    return this.series.updateSeries(ctx, id, body);
  }

  stopSeries(ctx: RequestContext, id: number) {
    return this.series.stopSeries(ctx, id);
  }

  changeOccurrence(ctx: RequestContext, id: number, date: string, body: z.infer<typeof S.OccurrenceBody>) {
    return this.series.changeOccurrence(ctx, id, date, body);
  }

  /** The scheduled job: every active series' occurrences within the horizon, created once each. */
  materialiseSeries(now: Date) {
    return this.series.materialiseAll(now);
  }

  // ---------- good deeds ----------

  reportGoodDeed(ctx: RequestContext, body: z.infer<typeof S.GoodDeedBody>) {
    return this.goodDeeds.reportGoodDeed(ctx, body);
  }

  listGoodDeeds(ctx: RequestContext, q: z.infer<typeof S.GoodDeedListQuery>) {
    return this.goodDeeds.listGoodDeeds(ctx, q);
  }

  decideGoodDeed(ctx: RequestContext, id: number, body: z.infer<typeof S.DecideBody>) {
    return this.goodDeeds.decideGoodDeed(ctx, id, body);
  }

  // ---------- micro-wishes ----------

  postWish(ctx: RequestContext, body: z.infer<typeof S.WishBody>) {
    return this.wishes.postWish(ctx, body);
  }

  listWishes(ctx: RequestContext, q: z.infer<typeof S.WishListQuery>) {
    return this.wishes.listWishes(ctx, q);
  }

  moveWish(
    ctx: RequestContext,
    id: number,
    action: 'claim' | 'fulfil' | 'thank' | 'cancel',
    body: z.infer<typeof S.WishActionBody>,
  ) {
    return this.wishes.moveWish(ctx, id, action, body);
  }

  // ---------- key small matters ----------

  createProject(ctx: RequestContext, body: z.infer<typeof S.ProjectBody>) {
    return this.projects.createProject(ctx, body);
  }

  getProject(ctx: RequestContext, id: number) {
    return this.projects.getProject(ctx, id);
  }

  listProjects(ctx: RequestContext, cursor: string | undefined, limit: number) {
    return this.projects.listProjects(ctx, cursor, limit);
  }

  updateProject(ctx: RequestContext, id: number, body: z.infer<typeof S.ProjectUpdateBody>) {
    return this.projects.updateProject(ctx, id, body);
  }

  // ---------- stats ----------

  /** Volunteers, hours, activities, good deeds and wishes of the caller's area (or one community of it) in a period. */
  async stats(ctx: RequestContext, q: z.infer<typeof S.VolunteerStatsQuery>) {
    return repo.stats(this.db, await this.communitiesCounted(ctx, q), q.from, q.to);
  }

  /** Of the stats, only volunteers, hours and activities: one query, for a summary (the cockpit). */
  async hours(ctx: RequestContext, q: z.infer<typeof S.VolunteerStatsQuery>) {
    return repo.hoursIn(this.db, await this.communitiesCounted(ctx, q), q.from, q.to);
  }

  /** The communities the stats count: the caller's, one of them, or those of an area (areaId). */
  private async communitiesCounted(ctx: RequestContext, q: z.infer<typeof S.VolunteerStatsQuery>) {
    const area = q.areaId === undefined ? undefined : await this.org.divisionsUnder(q.areaId);
    return withinArea(communitiesToCount(ctx.actor, q.communityId), area);
  }

  /** Micro-wishes claimed by these accounts, and of them come true: the party module's branch figures. */
  async wishClaimsByUsers(userIds: readonly number[]): Promise<Map<number, { claimed: number; done: number }>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('volunteer.wishes')
      .select(['claimed_by_user_id', 'status'])
      .where('claimed_by_user_id', 'in', [...userIds])
      .where('status', '!=', 'cancelled')
      .execute();
    const out = new Map<number, { claimed: number; done: number }>();
    for (const r of rows) {
      const c = out.get(r.claimed_by_user_id!) ?? { claimed: 0, done: 0 };
      c.claimed += 1;
      if (r.status === 'fulfilled' || r.status === 'thanked') c.done += 1;
      out.set(r.claimed_by_user_id!, c);
    }
    return out;
  }

  /** Activity sign-ups of these accounts (not cancelled), and of them attended (checked out or hours approved): the party module's branch figures. */
  async activitySignupsByUsers(userIds: readonly number[]): Promise<Map<number, { claimed: number; done: number }>> {
    if (userIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('volunteer.signups')
      .select(['user_id', 'status'])
      .where('user_id', 'in', [...userIds])
      .where('status', '!=', 'cancelled')
      .execute();
    const out = new Map<number, { claimed: number; done: number }>();
    for (const r of rows) {
      const c = out.get(r.user_id) ?? { claimed: 0, done: 0 };
      c.claimed += 1;
      if (r.status === 'checked_out' || r.status === 'approved') c.done += 1;
      out.set(r.user_id, c);
    }
    return out;
  }

  /**
   * An alliance unit (联建单位) claims a micro-wish: staff who run the wish's community claim it on
   * the unit's behalf, within the communities the unit serves (the alliance module checks the unit).
   */
  async claimWishForUnit(ctx: RequestContext, wishId: number, unit: UnitRef) {
    const actor = requireActor(ctx.actor);
    const w = await repo.wishById(this.db, wishId);
    if (!w || !(await this.areaOfActor(actor)).includes(w.community_id)) throw new AppError('not_found');
    if (!manages(actor, w.community_id)) throw new AppError('forbidden');
    if (!unit.communityIds.includes(w.community_id))
      throw new AppError('validation_failed', {}, [{ path: 'body.id', key: 'alliance.not_in_area' }]);
    await this.db.transaction().execute(async (trx) => {
      const moved = await repo.moveWish(trx, wishId, ['open'], {
        status: 'claimed',
        claimed_by_user_id: null,
        claimed_by_unit: unit.name,
        claimed_by_unit_id: unit.id,
        claimed_at: this.clock.now(),
      });
      if (!moved) throw new AppError('conflict', { reason: w.status }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, {
        action: 'volunteer.wish.claim',
        entityType: 'wish',
        entityId: wishId,
        place: { divisionId: w.community_id, gridId: null },
        details: { unit: unit.name, unitId: unit.id },
      });
    });
    return wishView((await repo.wishById(this.db, wishId))!);
  }

  /** An alliance unit takes on a key small matter (先锋领办) that no unit has yet. */
  async joinProjectForUnit(ctx: RequestContext, projectId: number, unit: UnitRef) {
    const actor = requireActor(ctx.actor);
    const p = await repo.projectById(this.db, projectId);
    if (!p || !(await this.areaOfActor(actor)).includes(p.community_id)) throw new AppError('not_found');
    if (!manages(actor, p.community_id)) throw new AppError('forbidden');
    if (!unit.communityIds.includes(p.community_id))
      throw new AppError('validation_failed', {}, [{ path: 'body.id', key: 'alliance.not_in_area' }]);
    if (p.claimed_by_unit !== null || p.status === 'done')
      throw new AppError('conflict', { reason: p.status }, [{ key: 'volunteer.wrong_state' }]);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateProject(trx, projectId, {
        claimed_by_unit: unit.name,
        claimed_by_unit_id: unit.id,
        status: p.progress > 0 ? 'in_progress' : 'claimed',
        updated_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, {
        action: 'volunteer.project.unit_join',
        entityType: 'project',
        entityId: projectId,
        place: { divisionId: p.community_id, gridId: null },
        details: { unit: unit.name, unitId: unit.id },
      });
    });
    return projectView((await repo.projectById(this.db, projectId))!);
  }

  /** The wishes and projects a unit claimed (its page in the alliance module). */
  async claimsOfUnit(unitId: number): Promise<z.infer<typeof S.UnitClaims>> {
    const wishes = await this.db
      .selectFrom('volunteer.wishes')
      .selectAll()
      .where('claimed_by_unit_id', '=', unitId)
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    const projects = await this.db
      .selectFrom('volunteer.projects')
      .selectAll()
      .where('claimed_by_unit_id', '=', unitId)
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    return { wishes: wishes.map(wishView), projects: projects.map(projectView) };
  }

  /** Key small matters of these communities taken on by a unit (先锋领办): the party module counts those its organisations took. */
  async projectsClaimedByUnits(
    communityIds: readonly number[],
  ): Promise<Array<{ communityId: number; unit: string; done: boolean }>> {
    if (communityIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('volunteer.projects')
      .select(['community_id', 'claimed_by_unit', 'status'])
      .where('community_id', 'in', [...communityIds])
      .where('claimed_by_unit', 'is not', null)
      .execute();
    return rows.map((r) => ({ communityId: r.community_id, unit: r.claimed_by_unit!, done: r.status === 'done' }));
  }
}
