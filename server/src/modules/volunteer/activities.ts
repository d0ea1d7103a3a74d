import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { distanceMeters } from '../../platform/geo.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import { leads, type AreaOf } from './access.ts';
import { activityView, displayNames, mySignupsView, signupView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/** A check-in code changes every 30 seconds; the one just before is still taken. */
const CODE_WINDOW_MS = 30_000;
/** Checking in by location: within this many metres of the activity. */
const CHECKIN_RADIUS_M = 200;

export function checkinCode(secret: string, at: Date, windowsBack = 0): string {
  const window = Math.floor(at.getTime() / CODE_WINDOW_MS) - windowsBack;
  const digest = createHmac('sha256', secret).update(String(window)).digest();
  return String(digest.readUInt32BE(0) % 1_000_000).padStart(6, '0');
}

/** Activities of teams: sign-ups within capacity, check-in and out on the spot, hours approved into points. */
export class Activities {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly auth: AuthService,
    private readonly areaOf: AreaOf,
  ) {}

  private async leads(actor: Actor, teamId: number, communityId: number) {
    return leads(actor, await repo.membership(this.db, teamId, actor.userId), communityId);
  }

  async createActivity(ctx: RequestContext, body: z.infer<typeof S.ActivityBody>) {
    const actor = requireActor(ctx.actor);
    const team = await repo.teamById(this.db, body.teamId);
    if (!team) throw new AppError('validation_failed', {}, [{ path: 'body.teamId', key: 'volunteer.unknown_team' }]);
    if (!(await this.leads(actor, team.id, team.community_id)))
      throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    if (body.endsAt <= body.startsAt)
      throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'matters.duty_order' }]);
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
      await this.audit.record(trx, ctx, {
        action: 'volunteer.activity.create',
        entityType: 'activity',
        entityId: activityId,
        place: { divisionId: team.community_id, gridId: null },
        details: { title: body.title },
      });
      return activityId;
    });
    return this.getActivity(ctx, id);
  }

  async listActivities(ctx: RequestContext, q: z.infer<typeof S.ActivityListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.areaOf(actor);
    const communityIds = q.communityId ? (mine.includes(q.communityId) ? [q.communityId] : []) : mine;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listActivities(
      this.db,
      {
        communityIds,
        teamId: q.teamId,
        from: q.upcoming ? this.clock.now() : undefined,
        startsFrom: q.from,
        startsBefore: q.to,
        status: q.status,
        q: q.q,
      },
      after?.id ?? null,
      q.limit,
    );
    return {
      items: rows.slice(0, q.limit).map((a) => activityView(a, null)),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  async getActivity(ctx: RequestContext, id: number): Promise<z.infer<typeof S.ActivityView>> {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    if (!a || !(await this.areaOf(actor)).includes(a.community_id)) throw new AppError('not_found');
    const mine = await repo.signup(this.db, id, actor.userId);
    const view = activityView(a, mine ?? null);
    if (await this.leads(actor, a.team_id, a.community_id)) {
      const signups = await repo.signupsOf(this.db, id);
      const names = await displayNames(
        this.auth,
        signups.map((s) => s.user_id),
      );
      view.signups = signups.map((s) => signupView(s, names.get(s.user_id)!));
      view.canLead = true;
    }
    return view;
  }

  /** Sign up, within capacity, also when many sign up at once. */
  async signUp(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    // Read before the transaction: inside it every query must go through it (PGlite has one connection).
    const communities = await this.areaOf(actor);
    await this.db.transaction().execute(async (trx) => {
      const a = await repo.lockActivity(trx, id);
      if (!a || !communities.includes(a.community_id)) throw new AppError('not_found');
      const now = this.clock.now();
      if (a.status !== 'open' || a.ends_at <= now)
        throw new AppError('conflict', { reason: 'closed' }, [{ key: 'volunteer.not_open' }]);
      const existing = await repo.signup(trx, id, actor.userId);
      if (existing && existing.status !== 'cancelled') return;
      if ((await repo.countSignups(trx, id)) >= a.capacity)
        throw new AppError('conflict', { reason: 'full' }, [{ key: 'volunteer.full' }]);
      await repo.upsertSignup(trx, id, actor.userId, now);
      await this.audit.record(trx, ctx, {
        action: 'volunteer.signup',
        entityType: 'activity',
        entityId: id,
        place: { divisionId: a.community_id, gridId: null },
      });
    });
    return this.getActivity(ctx, id);
  }

  async cancelSignUp(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    // An activity out of one's area does not exist for one (404), before any state is told (409).
    if (!a || !(await this.areaOf(actor)).includes(a.community_id)) throw new AppError('not_found');
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.updateSignup(trx, id, actor.userId, { status: 'cancelled' }, ['signed_up']))) {
        throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
      }
      await this.audit.record(trx, ctx, {
        action: 'volunteer.signup.cancel',
        entityType: 'activity',
        entityId: id,
        place: { divisionId: a.community_id, gridId: null },
      });
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

  /** Proof of being there: the leader's current (or previous) code, or a location near the activity's. */
  private proofOk(
    a: { checkin_secret: string; lat: number | null; lng: number | null },
    proof: z.infer<typeof S.CheckBody>,
    now: Date,
  ) {
    if (proof.code)
      return proof.code === checkinCode(a.checkin_secret, now) || proof.code === checkinCode(a.checkin_secret, now, 1);
    if (proof.lat !== undefined && proof.lng !== undefined && a.lat !== null && a.lng !== null) {
      return distanceMeters(proof.lat, proof.lng, a.lat, a.lng) <= CHECKIN_RADIUS_M;
    }
    return false;
  }

  async check(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckBody>, direction: 'in' | 'out') {
    const actor = requireActor(ctx.actor);
    const a = await repo.activityById(this.db, id);
    if (!a) throw new AppError('not_found');
    const mine = await repo.signup(this.db, id, actor.userId);
    if (!mine || mine.status === 'cancelled')
      throw new AppError('conflict', { reason: 'not signed up' }, [{ key: 'volunteer.not_signed_up' }]);
    const now = this.clock.now();
    if (!this.proofOk(a, body, now)) {
      throw new AppError('validation_failed', {}, [
        body.code
          ? { path: 'body.code', key: 'volunteer.bad_code' }
          : { path: 'body.lat', key: 'volunteer.too_far', params: { meters: CHECKIN_RADIUS_M } },
      ]);
    }
    await this.db.transaction().execute(async (trx) => {
      const ok =
        direction === 'in'
          ? await repo.updateSignup(trx, id, actor.userId, { status: 'checked_in', checked_in_at: now }, ['signed_up'])
          : await repo.updateSignup(
              trx,
              id,
              actor.userId,
              // Time counted is within the activity's own hours.
              {
                status: 'checked_out',
                checked_out_at: now,
                minutes: Math.max(
                  0,
                  Math.round(
                    (Math.min(now.getTime(), a.ends_at.getTime()) -
                      Math.max(mine.checked_in_at?.getTime() ?? now.getTime(), a.starts_at.getTime())) /
                      60_000,
                  ),
                ),
              },
              ['checked_in'],
            );
      if (!ok) throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, {
        action: `volunteer.check_${direction}`,
        entityType: 'activity',
        entityId: id,
        place: { divisionId: a.community_id, gridId: null },
        details: { by: body.code ? 'code' : 'location' },
      });
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
    if (!(await this.leads(actor, a.team_id, a.community_id)))
      throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    const s = await repo.signup(this.db, id, body.userId);
    if (s?.status !== 'checked_out')
      throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
    // The measured time is the evidence; the leader's word decides (a volunteer who forgot to
    // check out served all the same), within the activity's own length, and both go on record.
    const scheduled = Math.round((a.ends_at.getTime() - a.starts_at.getTime()) / 60_000);
    if (body.approve && body.minutes !== undefined && body.minutes > scheduled) {
      throw new AppError('validation_failed', {}, [
        { path: 'body.minutes', key: 'volunteer.minutes_too_long', params: { minutes: scheduled } },
      ]);
    }
    const minutes = body.approve ? (body.minutes ?? s.minutes ?? 0) : 0;
    await this.db.transaction().execute(async (trx) => {
      const ok = await repo.updateSignup(
        trx,
        id,
        body.userId,
        {
          status: body.approve ? 'approved' : 'rejected',
          approved_minutes: minutes,
          decided_by: actor.userId,
          decided_at: this.clock.now(),
        },
        ['checked_out'],
      );
      if (!ok) throw new AppError('conflict', { reason: 'state' }, [{ key: 'volunteer.wrong_state' }]);
      await this.audit.record(trx, ctx, {
        action: body.approve ? 'volunteer.hours.approve' : 'volunteer.hours.reject',
        entityType: 'activity',
        entityId: id,
        place: { divisionId: a.community_id, gridId: null },
        details: { userId: body.userId, minutes, measured: s.minutes },
      });
      if (body.approve && minutes > 0) {
        await this.jobs.publish(
          trx,
          'volunteer.hours_approved',
          {
            userId: body.userId,
            communityId: a.community_id,
            units: minutes / 60,
            memo: `志愿服务：${a.title}（${minutes} 分钟）`,
            referenceId: `activity:${id}`,
          },
          actor.userId,
        );
      }
    });
    return this.getActivity(ctx, id);
  }

  async mySignups(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    return mySignupsView(await repo.signupsOfUser(this.db, actor.userId, 100));
  }
}
