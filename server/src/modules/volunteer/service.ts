import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { covers, requireActor, requirePermission, scopeFor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { distanceMeters } from '../../platform/geo.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import { photoView } from '../matters/presenters.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** A check-in code changes every 30 seconds; the one just before is still taken. */
const CODE_WINDOW_MS = 30_000;
/** Checking in by location: within this many metres of the activity. */
const CHECKIN_RADIUS_M = 200;

export function checkinCode(secret: string, at: Date, windowsBack = 0): string {
  const window = Math.floor(at.getTime() / CODE_WINDOW_MS) - windowsBack;
  const digest = createHmac('sha256', secret).update(String(window)).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

export class VolunteerService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly media: MediaService,
  ) {}

  /** The communities whose public volunteering one sees: one's own area (home and below), and staff their area. */
  private async communitiesOf(actor: Actor): Promise<number[]> {
    const staff = scopeFor(actor, 'volunteer.manage').divisionIds;
    const home = actor.home?.divisionId ?? null;
    const below = home !== null ? ((await this.org.expandDivisions([home])).get(home) ?? [home]) : [];
    return [...new Set([...staff, ...below])];
  }

  private manages(actor: Actor | null, communityId: number) {
    return covers(scopeFor(actor, 'volunteer.manage'), { divisionId: communityId, gridId: null });
  }

  private async names(userIds: number[]) {
    const unique = [...new Set(userIds)];
    const actors = await Promise.all(unique.map((id) => this.auth.actorOf(id)));
    return new Map(unique.map((id, i) => [id, actors[i]?.displayName ?? `用户${id}`]));
  }

  // ---------- teams ----------

  async createTeam(ctx: RequestContext, body: z.infer<typeof S.TeamBody>) {
    const actor = requireActor(ctx.actor);
    if (!this.manages(actor, body.communityId)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const teamId = await repo.insertTeam(trx, { community_id: body.communityId, name: body.name, description: body.description, created_by: actor.userId, created_at: now });
      for (const userId of body.leaderUserIds) await repo.upsertMember(trx, teamId, userId, 'leader', now);
      await this.audit.record(trx, ctx, { action: 'volunteer.team.create', entityType: 'team', entityId: teamId, place: { divisionId: body.communityId, gridId: null }, details: { name: body.name } });
      return teamId;
    });
    return this.getTeam(ctx, id);
  }

  async listTeams(ctx: RequestContext, q: z.infer<typeof S.TeamListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? (mine.includes(q.communityId) ? [q.communityId] : []) : mine;
    const rows = await repo.listTeams(this.db, communityIds, q.q);
    return { items: rows.map((t) => ({ id: t.id, communityId: t.community_id, name: t.name, description: t.description, members: Number(t.members ?? 0) })) };
  }

  async getTeam(ctx: RequestContext, id: number): Promise<View<typeof S.TeamView>> {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, id);
    if (!team || !(await this.communitiesOf(actor)).includes(team.community_id)) throw new AppError('not_found');
    const members = await repo.membersOf(this.db, id);
    const names = await this.names(members.map((m) => m.user_id));
    return {
      id: team.id,
      communityId: team.community_id,
      name: team.name,
      description: team.description,
      members: members.map((m) => ({ userId: m.user_id, name: names.get(m.user_id)!, role: m.role, joinedAt: m.joined_at.toISOString() })),
      myRole: members.find((m) => m.user_id === actor.userId)?.role ?? null,
    };
  }

  /** Join a team of one's area; staff may add anyone, and make leaders. */
  async setMember(ctx: RequestContext, teamId: number, body: z.infer<typeof S.MemberBody>) {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, teamId);
    if (!team || !(await this.communitiesOf(actor)).includes(team.community_id)) throw new AppError('not_found');
    const self = body.userId === undefined || body.userId === actor.userId;
    if (!self || body.role === 'leader') {
      if (!this.manages(actor, team.community_id)) throw new AppError('forbidden');
    }
    const userId = body.userId ?? actor.userId;
    await this.db.transaction().execute(async (trx) => {
      await repo.upsertMember(trx, teamId, userId, body.role, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'volunteer.team.member', entityType: 'team', entityId: teamId, place: { divisionId: team.community_id, gridId: null }, details: { userId, role: body.role } });
    });
    return this.getTeam(ctx, teamId);
  }

  async leaveTeam(ctx: RequestContext, teamId: number, userId: number) {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, teamId);
    if (!team) throw new AppError('not_found');
    if (userId !== actor.userId && !this.manages(actor, team.community_id)) throw new AppError('forbidden');
    await this.db.transaction().execute(async (trx) => {
      await repo.removeMember(trx, teamId, userId);
      await this.audit.record(trx, ctx, { action: 'volunteer.team.leave', entityType: 'team', entityId: teamId, place: { divisionId: team.community_id, gridId: null }, details: { userId } });
    });
  }

  private async leads(actor: Actor, teamId: number, communityId: number) {
    const m = await repo.membership(this.db, teamId, actor.userId);
    return m?.role === 'leader' || this.manages(actor, communityId);
  }

  // ---------- activities ----------

  async createActivity(ctx: RequestContext, body: z.infer<typeof S.ActivityBody>) {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, body.teamId);
    if (!team) throw new AppError('validation_failed', {}, [{ path: 'body.teamId', key: 'volunteer.unknown_team' }]);
    if (!(await this.leads(actor, team.id, team.community_id))) throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    if (body.endsAt <= body.startsAt) throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'matters.duty_order' }]);
    const id = await this.db.transaction().execute(async (trx) => {
      const activityId = await repo.insertActivity(trx, {
        team_id: team.id,
        community_id: team.community_id,
        title: body.title,
        description: body.description,
        place: body.place,
        lat: body.lat ?? null,
        lng: body.lng ?? null,
        starts_at: body.startsAt,
        ends_at: body.endsAt,
        capacity: body.capacity,
        checkin_secret: randomBytes(20).toString('hex'),
        created_by: actor.userId,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, { action: 'volunteer.activity.create', entityType: 'activity', entityId: activityId, place: { divisionId: team.community_id, gridId: null }, details: { title: body.title } });
      return activityId;
    });
    return this.getActivity(ctx, id);
  }

  async listActivities(ctx: RequestContext, q: z.infer<typeof S.ActivityListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.communitiesOf(actor);
    const communityIds = q.communityId ? (mine.includes(q.communityId) ? [q.communityId] : []) : mine;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listActivities(this.db, { communityIds, teamId: q.teamId, from: q.upcoming ? this.clock.now() : undefined, startsFrom: q.from, startsBefore: q.to, status: q.status, q: q.q }, after?.id ?? null, q.limit);
    return {
      items: rows.slice(0, q.limit).map((a) => this.presentActivity(a, null)),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  async getActivity(ctx: RequestContext, id: number): Promise<View<typeof S.ActivityView>> {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    if (!a || !(await this.communitiesOf(actor)).includes(a.community_id)) throw new AppError('not_found');
    const mine = await repo.signup(this.db, id, actor.userId);
    const view = this.presentActivity(a, mine ?? null);
    if (await this.leads(actor, a.team_id, a.community_id)) {
      const signups = await repo.signupsOf(this.db, id);
      const names = await this.names(signups.map((s) => s.user_id));
      view.signups = signups.map((s) => ({
        userId: s.user_id,
        name: names.get(s.user_id)!,
        status: s.status,
        checkedInAt: s.checked_in_at?.toISOString() ?? null,
        checkedOutAt: s.checked_out_at?.toISOString() ?? null,
        minutes: s.minutes,
        approvedMinutes: s.approved_minutes,
      }));
      view.canLead = true;
    }
    return view;
  }

  private presentActivity(a: repo.ActivityRow | Awaited<ReturnType<typeof repo.listActivities>>[number], mine: Awaited<ReturnType<typeof repo.signup>> | null): View<typeof S.ActivityView> {
    return {
      id: a.id,
      teamId: a.team_id,
      teamName: a.team_name,
      communityId: a.community_id,
      title: a.title,
      description: a.description,
      place: a.place,
      location: a.lat !== null && a.lng !== null ? { lat: a.lat, lng: a.lng } : null,
      startsAt: a.starts_at.toISOString(),
      endsAt: a.ends_at.toISOString(),
      capacity: a.capacity,
      signedUp: Number(a.signed_up ?? 0),
      status: a.status,
      mySignup: mine ? { status: mine.status, checkedInAt: mine.checked_in_at?.toISOString() ?? null, checkedOutAt: mine.checked_out_at?.toISOString() ?? null, minutes: mine.minutes, approvedMinutes: mine.approved_minutes } : null,
      canLead: false,
      signups: undefined,
    };
  }

  /** Sign up, within capacity, also when many sign up at once. */
  async signUp(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    // Read before the transaction: inside it every query must go through it (PGlite has one connection).
    const communities = await this.communitiesOf(actor);
    await this.db.transaction().execute(async (trx) => {
      const a = await repo.lockActivity(trx, id);
      if (!a || !communities.includes(a.community_id)) throw new AppError('not_found');
      const now = this.clock.now();
      if (a.status !== 'open' || a.ends_at <= now) throw new AppError('conflict', { reason: 'closed' }, [{ key: 'volunteer.not_open' }]);
      const existing = await repo.signup(trx, id, actor.userId);
      if (existing && existing.status !== 'cancelled') return;
      if ((await repo.countSignups(trx, id)) >= a.capacity) throw new AppError('conflict', { reason: 'full' }, [{ key: 'volunteer.full' }]);
      await repo.upsertSignup(trx, id, actor.userId, now);
      await this.audit.record(trx, ctx, { action: 'volunteer.signup', entityType: 'activity', entityId: id, place: { divisionId: a.community_id, gridId: null } });
    });
    return this.getActivity(ctx, id);
  }

  async cancelSignUp(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    if (!a) throw new AppError('not_found');
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateSignup(trx, id, actor.userId, { status: 'cancelled' }, ['signed_up']))) {
        throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
      }
      await this.audit.record(trx, ctx, { action: 'volunteer.signup.cancel', entityType: 'activity', entityId: id, place: { divisionId: a.community_id, gridId: null } });
    });
    return this.getActivity(ctx, id);
  }

  /** The rotating code the leader shows; volunteers type it to check in or out. */
  async currentCode(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    if (!a || !(await this.leads(actor, a.team_id, a.community_id))) throw new AppError('not_found');
    const now = this.clock.now();
    const validUntil = new Date((Math.floor(now.getTime() / CODE_WINDOW_MS) + 1) * CODE_WINDOW_MS);
    return { code: checkinCode(a.checkin_secret, now), validUntil: validUntil.toISOString() };
  }

  private proofOk(a: { checkin_secret: string; lat: number | null; lng: number | null }, proof: z.infer<typeof S.CheckBody>) {
    const now = this.clock.now();
    if (proof.code) return proof.code === checkinCode(a.checkin_secret, now) || proof.code === checkinCode(a.checkin_secret, now, 1);
    if (proof.lat !== undefined && proof.lng !== undefined && a.lat !== null && a.lng !== null) {
      return distanceMeters(proof.lat, proof.lng, a.lat, a.lng) <= CHECKIN_RADIUS_M;
    }
    return false;
  }

  async checkIn(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckBody>) {
    return this.check(ctx, id, body, 'in');
  }

  async checkOut(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckBody>) {
    return this.check(ctx, id, body, 'out');
  }

  private async check(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckBody>, direction: 'in' | 'out') {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    if (!a) throw new AppError('not_found');
    const mine = await repo.signup(this.db, id, actor.userId);
    if (!mine || mine.status === 'cancelled') throw new AppError('conflict', { reason: 'not signed up' }, [{ key: 'volunteer.not_signed_up' }]);
    if (!this.proofOk(a, body)) {
      throw new AppError('validation_failed', {}, [body.code ? { path: 'body.code', key: 'volunteer.bad_code' } : { path: 'body.lat', key: 'volunteer.too_far', params: { meters: CHECKIN_RADIUS_M } }]);
    }
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const ok =
        direction === 'in'
          ? await repo.updateSignup(trx, id, actor.userId, { status: 'checked_in', checked_in_at: now }, ['signed_up'])
          : await repo.updateSignup(
              trx,
              id,
              actor.userId,
              // Time counted is within the activity's own hours.
              { status: 'checked_out', checked_out_at: now, minutes: Math.max(0, Math.round((Math.min(now.getTime(), a.ends_at.getTime()) - Math.max(mine.checked_in_at?.getTime() ?? now.getTime(), a.starts_at.getTime())) / 60_000)) },
              ['checked_in'],
            );
      if (!ok) throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, { action: `volunteer.check_${direction}`, entityType: 'activity', entityId: id, place: { divisionId: a.community_id, gridId: null }, details: { by: body.code ? 'code' : 'location' } });
    });
    return this.getActivity(ctx, id);
  }

  /**
   * The leader approves (or rejects) the hours of a volunteer who checked out. Approved
   * hours are an event (volunteer.hours_approved) in the same transaction; the points
   * ledger turns them into points by the community's rule.
   */
  async decideHours(ctx: RequestContext, id: number, body: z.infer<typeof S.DecideHoursBody>) {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    if (!a) throw new AppError('not_found');
    if (!(await this.leads(actor, a.team_id, a.community_id))) throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    const s = await repo.signup(this.db, id, body.userId);
    if (!s || s.status !== 'checked_out') throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
    // The measured time is the evidence; the leader's word decides (a volunteer who forgot to
    // check out served all the same), within the activity's own length, and both go on record.
    const scheduled = Math.round((a.ends_at.getTime() - a.starts_at.getTime()) / 60_000);
    if (body.approve && body.minutes !== undefined && body.minutes > scheduled) {
      throw new AppError('validation_failed', {}, [{ path: 'body.minutes', key: 'volunteer.minutes_too_long', params: { minutes: scheduled } }]);
    }
    const minutes = body.approve ? (body.minutes ?? s.minutes ?? 0) : 0;
    await this.db.transaction().execute(async (trx) => {
      const ok = await repo.updateSignup(trx, id, body.userId, { status: body.approve ? 'approved' : 'rejected', approved_minutes: minutes, decided_by: actor.userId, decided_at: this.clock.now() }, ['checked_out']);
      if (!ok) throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, { action: body.approve ? 'volunteer.hours.approve' : 'volunteer.hours.reject', entityType: 'activity', entityId: id, place: { divisionId: a.community_id, gridId: null }, details: { userId: body.userId, minutes, measured: s.minutes } });
      if (body.approve && minutes > 0) {
        await this.jobs.publish(trx, 'volunteer.hours_approved', { userId: body.userId, communityId: a.community_id, units: minutes / 60, memo: `志愿服务：${a.title}（${minutes} 分钟）`, referenceId: `activity:${id}` }, actor.userId);
      }
    });
    return this.getActivity(ctx, id);
  }

  async mySignups(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.signupsOfUser(this.db, actor.userId, 100);
    return {
      items: rows.map((r) => ({ activityId: r.activity_id, title: r.title, place: r.place, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), status: r.status, minutes: r.minutes, approvedMinutes: r.approved_minutes })),
      totalApprovedMinutes: rows.reduce((t, r) => t + (r.approved_minutes ?? 0), 0),
    };
  }

  // ---------- good deeds ----------

  async reportGoodDeed(ctx: RequestContext, body: z.infer<typeof S.GoodDeedBody>) {
    const actor = requireActor(ctx.actor);
    const communityId = body.communityId ?? actor.home?.divisionId ?? null;
    if (communityId === null || !(await this.communitiesOf(actor)).includes(communityId)) throw new AppError('forbidden');
    await this.media.assertOwned(actor.userId, body.photos);
    const id = await this.db.transaction().execute(async (trx) => {
      const deedId = await repo.insertGoodDeed(trx, {
        community_id: communityId,
        reporter_user_id: actor.userId,
        doer_user_id: body.doerUserId ?? null,
        doer_name: body.doerName,
        title: body.title,
        description: body.description,
        photos: body.photos,
        occurred_on: body.occurredOn,
        created_at: this.clock.now(),
      });
      await this.audit.record(trx, ctx, { action: 'volunteer.good_deed.report', entityType: 'good_deed', entityId: deedId, place: { divisionId: communityId, gridId: null } });
      return deedId;
    });
    return this.presentGoodDeed((await repo.goodDeedById(this.db, id))!);
  }

  async listGoodDeeds(ctx: RequestContext, q: z.infer<typeof S.GoodDeedListQuery>) {
    const actor = requireActor(ctx.actor);
    const communities = await this.communitiesOf(actor);
    // Verified deeds are the community's 好人榜; reports awaiting a decision only staff and their reporter see.
    const staff = scopeFor(actor, 'volunteer.manage').divisionIds;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listGoodDeeds(this.db, { communityIds: q.status && q.status !== 'verified' ? staff : communities, status: q.status, reporterId: actor.userId }, after?.id ?? null, q.limit);
    const visible = rows.filter((d) => d.status === 'verified' || d.reporter_user_id === actor.userId || staff.includes(d.community_id));
    return { items: visible.slice(0, q.limit).map((d) => this.presentGoodDeed(d)), nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null };
  }

  async decideGoodDeed(ctx: RequestContext, id: number, body: z.infer<typeof S.DecideBody>) {
    const actor = requireActor(ctx.actor);
    const d = await repo.goodDeedById(this.db, id);
    if (!d || !this.manages(actor, d.community_id)) throw new AppError('not_found');
    await this.db.transaction().execute(async (trx) => {
      const ok = await repo.decideGoodDeed(trx, id, { status: body.verify ? 'verified' : 'rejected', decided_by: actor.userId, decided_at: this.clock.now(), decision_note: body.note });
      if (!ok) throw new AppError('conflict', { reason: 'decided' }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, { action: body.verify ? 'volunteer.good_deed.verify' : 'volunteer.good_deed.reject', entityType: 'good_deed', entityId: id, place: { divisionId: d.community_id, gridId: null } });
      if (body.verify && d.doer_user_id !== null) {
        await this.jobs.publish(trx, 'good_deed.verified', { userId: d.doer_user_id, communityId: d.community_id, memo: `好人好事：${d.title}`, referenceId: `good_deed:${id}` }, actor.userId);
      }
    });
    return this.presentGoodDeed((await repo.goodDeedById(this.db, id))!);
  }

  private presentGoodDeed(d: NonNullable<Awaited<ReturnType<typeof repo.goodDeedById>>>) {
    return {
      id: d.id,
      communityId: d.community_id,
      doerName: d.doer_name,
      doerUserId: d.doer_user_id,
      title: d.title,
      description: d.description,
      photos: d.photos.map(photoView),
      occurredOn: d.occurred_on,
      status: d.status,
      decisionNote: d.decision_note,
      createdAt: d.created_at.toISOString(),
    };
  }

  // ---------- micro-wishes ----------

  async postWish(ctx: RequestContext, body: z.infer<typeof S.WishBody>) {
    const actor = requireActor(ctx.actor);
    if (!this.manages(actor, body.communityId)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const wishId = await repo.insertWish(trx, { community_id: body.communityId, beneficiary_label: body.beneficiaryLabel, title: body.title, description: body.description, posted_by: actor.userId, created_at: this.clock.now() });
      await this.audit.record(trx, ctx, { action: 'volunteer.wish.post', entityType: 'wish', entityId: wishId, place: { divisionId: body.communityId, gridId: null } });
      return wishId;
    });
    return this.presentWish((await repo.wishById(this.db, id))!);
  }

  async listWishes(ctx: RequestContext, q: z.infer<typeof S.WishListQuery>) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(q.cursor);
    const rows = await repo.listWishes(this.db, await this.communitiesOf(actor), q.status, after?.id ?? null, q.limit);
    return { items: rows.slice(0, q.limit).map((w) => this.presentWish(w)), nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null };
  }

  /** Claim (a volunteer, or staff on behalf of a unit), fulfil with a photo, thank, or cancel. */
  async moveWish(ctx: RequestContext, id: number, action: 'claim' | 'fulfil' | 'thank' | 'cancel', body: z.infer<typeof S.WishActionBody>) {
    const actor = requireActor(ctx.actor);
    const w = await repo.wishById(this.db, id);
    if (!w || !(await this.communitiesOf(actor)).includes(w.community_id)) throw new AppError('not_found');
    const staff = this.manages(actor, w.community_id);
    const now = this.clock.now();
    const step = {
      claim: { from: ['open'] as const, patch: { status: 'claimed' as const, claimed_by_user_id: body.unit && staff ? null : actor.userId, claimed_by_unit: body.unit && staff ? body.unit : null, claimed_at: now }, allowed: !body.unit || staff },
      fulfil: { from: ['claimed'] as const, patch: { status: 'fulfilled' as const, fulfilled_at: now, fulfilment_photos: body.photos }, allowed: w.claimed_by_user_id === actor.userId || staff },
      thank: { from: ['fulfilled'] as const, patch: { status: 'thanked' as const, thanks_note: body.note }, allowed: staff || w.posted_by === actor.userId },
      cancel: { from: ['open', 'claimed'] as const, patch: { status: 'cancelled' as const }, allowed: staff },
    }[action];
    if (!step.allowed) throw new AppError('forbidden');
    // A wish counts as come true when a photo shows it (the seeds' practice).
    if (action === 'fulfil' && body.photos.length === 0) throw new AppError('validation_failed', {}, [{ path: 'body.photos', key: 'volunteer.photo_required' }]);
    if (body.photos.length) await this.media.assertOwned(actor.userId, body.photos);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.moveWish(trx, id, step.from, step.patch))) throw new AppError('conflict', { reason: w.status }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, { action: `volunteer.wish.${action}`, entityType: 'wish', entityId: id, place: { divisionId: w.community_id, gridId: null }, details: body.unit ? { unit: body.unit } : {} });
    });
    return this.presentWish((await repo.wishById(this.db, id))!);
  }

  private presentWish(w: NonNullable<Awaited<ReturnType<typeof repo.wishById>>>) {
    return {
      id: w.id,
      communityId: w.community_id,
      beneficiaryLabel: w.beneficiary_label,
      title: w.title,
      description: w.description,
      status: w.status,
      claimedByUserId: w.claimed_by_user_id,
      claimedByUnit: w.claimed_by_unit,
      claimedAt: w.claimed_at?.toISOString() ?? null,
      fulfilledAt: w.fulfilled_at?.toISOString() ?? null,
      fulfilmentPhotos: w.fulfilment_photos.map(photoView),
      thanksNote: w.thanks_note,
      createdAt: w.created_at.toISOString(),
    };
  }

  // ---------- key small matters ----------

  async createProject(ctx: RequestContext, body: z.infer<typeof S.ProjectBody>) {
    const actor = requireActor(ctx.actor);
    if (!this.manages(actor, body.communityId)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now();
      const projectId = await repo.insertProject(trx, { community_id: body.communityId, title: body.title, description: body.description, created_by: actor.userId, created_at: now, updated_at: now });
      await this.audit.record(trx, ctx, { action: 'volunteer.project.create', entityType: 'project', entityId: projectId, place: { divisionId: body.communityId, gridId: null } });
      return projectId;
    });
    return this.getProject(ctx, id);
  }

  async getProject(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const p = await repo.projectById(this.db, id);
    if (!p || !(await this.communitiesOf(actor)).includes(p.community_id)) throw new AppError('not_found');
    const updates = await repo.projectUpdates(this.db, id);
    const names = await this.names(updates.map((u) => u.author_user_id));
    return {
      ...this.presentProject(p),
      updates: updates.map((u) => ({ id: u.id, author: names.get(u.author_user_id)!, progress: u.progress, note: u.note, photos: u.photos.map(photoView), at: u.created_at.toISOString() })),
    };
  }

  async listProjects(ctx: RequestContext, cursor: string | undefined, limit: number) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(cursor);
    const rows = await repo.listProjects(this.db, await this.communitiesOf(actor), after?.id ?? null, limit);
    return { items: rows.slice(0, limit).map((p) => this.presentProject(p)), nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: rows[limit - 1]!.id }) : null };
  }

  /** A unit claims the project (先锋领办), or progress is reported, by staff. */
  async updateProject(ctx: RequestContext, id: number, body: z.infer<typeof S.ProjectUpdateBody>) {
    const actor = requireActor(ctx.actor);
    const p = await repo.projectById(this.db, id);
    if (!p || !this.manages(actor, p.community_id)) throw new AppError('not_found');
    await this.media.assertOwned(actor.userId, body.photos);
    await this.db.transaction().execute(async (trx) => {
      const status = body.progress >= 100 ? 'done' : body.claimedByUnit || p.claimed_by_unit ? (body.progress > 0 ? 'in_progress' : 'claimed') : 'open';
      const now = this.clock.now();
      await repo.updateProject(trx, id, { progress: body.progress, status, ...(body.claimedByUnit ? { claimed_by_unit: body.claimedByUnit } : {}), updated_at: now });
      await repo.insertProjectUpdate(trx, { project_id: id, author_user_id: actor.userId, progress: body.progress, note: body.note, photos: body.photos, created_at: now });
      await this.audit.record(trx, ctx, { action: 'volunteer.project.update', entityType: 'project', entityId: id, place: { divisionId: p.community_id, gridId: null }, details: { progress: body.progress } });
    });
    return this.getProject(ctx, id);
  }

  private presentProject(p: NonNullable<Awaited<ReturnType<typeof repo.projectById>>>) {
    return { id: p.id, communityId: p.community_id, title: p.title, description: p.description, claimedByUnit: p.claimed_by_unit, status: p.status, progress: p.progress, updatedAt: p.updated_at.toISOString() };
  }

  async stats(ctx: RequestContext, q: z.infer<typeof S.VolunteerStatsQuery>) {
    const scope = requirePermission(ctx.actor, 'volunteer.manage');
    const communityIds = q.communityId ? (covers(scope, { divisionId: q.communityId, gridId: null }) ? [q.communityId] : []) : [...scope.divisionIds];
    if (q.communityId && communityIds.length === 0) throw new AppError('not_found');
    return repo.stats(this.db, communityIds, q.from, q.to);
  }
}
