import type { z } from 'zod';
import { requireActor, requirePermission, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { addDays, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { assertManage, assertRead, mayManage, mayRead, maySee, ownsBooth, placeOf } from './access.ts';
import { FOLLOW_UP_DAYS, presentInterview } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { JobfairsDeps, JobfairsService } from './service.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * Interviews at a booth (a signed-in seeker × a position), their outcome (offer or not), the
 * seeker's answer to an offer (accepted = hired that local day), the follow-up due 30 local days
 * after a hire, and the per-fair report.
 */
export class Interviews {
  constructor(
    private readonly d: JobfairsDeps,
    private readonly fairs: JobfairsService,
  ) {}

  /** The booth's employer (or the fair's staff) records an interview with a seeker who signed in. */
  async record(
    ctx: RequestContext,
    fairId: number,
    body: z.infer<typeof S.InterviewBody>,
  ): Promise<View<typeof S.InterviewView>> {
    const actor = requireActor(ctx.actor);
    const fair = await this.fairs.visibleFair(actor, fairId);
    const position = await repo.positionById(this.d.db, body.positionId);
    if (!position || position.fair_id !== fair.id)
      throw new AppError('not_found', {}, [{ path: 'body.positionId', key: 'field.invalid' }]);
    const booth = (await repo.boothById(this.d.db, position.booth_id))!;
    if (!ownsBooth(actor, booth) && !mayManage(actor, fair)) throw new AppError('forbidden');
    if (fair.status !== 'published') throw this.fairs.notOpen();
    const signup = await repo.signupByCode(this.d.db, fair.id, body.signupCode.toUpperCase());
    if (!signup) throw new AppError('not_found', {}, [{ path: 'body.signupCode', key: 'jobfairs.unknown_code' }]);
    if (!signup.signed_in_at)
      throw new AppError('conflict', {}, [{ path: 'body.signupCode', key: 'jobfairs.not_signed_in' }]);
    const now = this.d.clock.now();
    try {
      const row = await this.d.db.transaction().execute(async (trx) => {
        const i = await repo.insertInterview(trx, {
          fair_id: fair.id,
          booth_id: booth.id,
          position_id: position.id,
          signup_id: signup.id,
          seeker_user_id: signup.user_id,
          response: null,
          decided_at: null,
          responded_at: null,
          hired_at: null,
          hired_on: null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'jobfairs.interview.create',
          entityType: 'jobfairs_interview',
          entityId: i.id,
          place: placeOf(fair),
          details: { fairId: fair.id, positionId: position.id, signupId: signup.id },
        });
        return i;
      });
      return (await this.present([row], 'staff'))[0]!;
    } catch (error) {
      if (isUniqueViolation(error, 'jobfairs_interviews_once'))
        throw new AppError('conflict', {}, [{ path: 'body', key: 'jobfairs.already_interviewed' }]);
      throw error;
    }
  }

  /** The booth's employer or the fair's staff: offer, or no offer. */
  async decide(
    ctx: RequestContext,
    id: number,
    outcome: z.infer<typeof S.OutcomeBody>['outcome'],
  ): Promise<View<typeof S.InterviewView>> {
    const actor = requireActor(ctx.actor);
    const { interview, fair } = await this.writable(actor, id);
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const i = await repo.interviewForUpdate(trx, id);
      if (i?.outcome !== 'pending') throw this.fairs.badStep();
      const updated = await repo.updateInterview(trx, id, { outcome, decided_at: now, updated_at: now });
      await this.d.audit.record(trx, ctx, {
        action: outcome === 'offer' ? 'jobfairs.interview.offer' : 'jobfairs.interview.no_offer',
        entityType: 'jobfairs_interview',
        entityId: id,
        place: placeOf(fair),
        details: { fairId: fair.id, positionId: interview.position_id },
      });
      return updated;
    });
    return (await this.present([row], 'staff'))[0]!;
  }

  /** The seeker accepts (hired today, local date) or declines an offer. */
  async respond(
    ctx: RequestContext,
    id: number,
    decision: z.infer<typeof S.RespondBody>['decision'],
  ): Promise<View<typeof S.InterviewView>> {
    const actor = requireActor(ctx.actor);
    const interview = await repo.interviewById(this.d.db, id);
    if (!interview || interview.seeker_user_id !== actor.userId) throw new AppError('not_found');
    const fair = (await repo.fairById(this.d.db, interview.fair_id))!;
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const i = await repo.interviewForUpdate(trx, id);
      if (i?.outcome !== 'offer' || i.response !== null) throw this.fairs.badStep();
      const accepted = decision === 'accept';
      const updated = await repo.updateInterview(trx, id, {
        response: accepted ? 'accepted' : 'declined',
        responded_at: now,
        ...(accepted ? { hired_at: now, hired_on: localParts(now, this.d.options.timeZone).date } : {}),
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: accepted ? 'jobfairs.offer.accept' : 'jobfairs.offer.decline',
        entityType: 'jobfairs_interview',
        entityId: id,
        place: placeOf(fair),
        details: { fairId: fair.id },
      });
      return updated;
    });
    return (await this.present([row], 'seeker'))[0]!;
  }

  /** A fair's interviews: all of them to its staff, a booth's own to its employer. */
  async ofFair(
    ctx: RequestContext,
    fairId: number,
    q: z.infer<typeof S.InterviewListQuery>,
  ): Promise<View<typeof S.InterviewList>> {
    const actor = requireActor(ctx.actor);
    const fair = await repo.fairById(this.d.db, fairId);
    if (!fair || !maySee(actor, fair)) throw new AppError('not_found');
    let boothIds: number[] | undefined;
    if (!mayRead(actor, fair)) {
      boothIds = (await repo.boothsOfFair(this.d.db, fairId)).filter((b) => ownsBooth(actor, b)).map((b) => b.id);
      if (!boothIds.length) throw new AppError('not_found');
    }
    const after = decodeCursor(q.cursor);
    const rows = await repo.listInterviews(this.d.db, {
      fairId,
      ...(boothIds ? { boothIds } : {}),
      outcome: q.outcome,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    return this.page(rows, q.limit, 'staff');
  }

  /** The seeker's own interviews and offers, newest first. */
  async mine(ctx: RequestContext, q: z.infer<typeof S.InterviewListQuery>): Promise<View<typeof S.InterviewList>> {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(q.cursor);
    const rows = await repo.listInterviews(this.d.db, {
      seekerUserId: actor.userId,
      outcome: q.outcome,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    return this.page(rows, q.limit, 'seeker');
  }

  /** Staff: hires whose 30th local day has come (hired on or before today − 30) with no follow-up yet. */
  async due(ctx: RequestContext, q: z.infer<typeof S.DueQuery>): Promise<View<typeof S.DueList>> {
    const actor = requireActor(ctx.actor);
    const scope = requirePermission(actor, 'jobfairs.read');
    const after = decodeCursor(q.cursor);
    const rows = await repo.followupsDue(this.d.db, {
      divisionIds: scope.divisionIds,
      hiredBy: addDays(this.fairs.today(), -FOLLOW_UP_DAYS),
      fairId: q.fairId,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    return this.page(rows, q.limit, 'staff');
  }

  /** Staff record the 30-day follow-up of a hire: still employed or not. Once, and not before it is due. */
  async followUp(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.FollowupBody>,
  ): Promise<View<typeof S.FollowupView>> {
    const actor = requireActor(ctx.actor);
    const interview = await repo.interviewById(this.d.db, id);
    const fair = interview ? await repo.fairById(this.d.db, interview.fair_id) : undefined;
    assertManage(actor, fair);
    if (!interview?.hired_on) throw this.fairs.badStep();
    if (addDays(interview.hired_on, FOLLOW_UP_DAYS) > this.fairs.today())
      throw new AppError('conflict', {}, [{ path: 'status', key: 'jobfairs.followup_not_due' }]);
    const now = this.d.clock.now();
    try {
      const row = await this.d.db.transaction().execute(async (trx) => {
        const f = await repo.insertFollowup(trx, {
          interview_id: id,
          fair_id: fair.id,
          employed: body.employed,
          note: body.note,
          recorded_by: actor.userId,
          recorded_at: now,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'jobfairs.followup.record',
          entityType: 'jobfairs_interview',
          entityId: id,
          place: placeOf(fair),
          details: { employed: body.employed, note: body.note },
        });
        return f;
      });
      return {
        id: row.id,
        interviewId: row.interview_id,
        employed: row.employed,
        note: row.note,
        recordedAt: row.recorded_at.toISOString(),
      };
    } catch (error) {
      if (isUniqueViolation(error, 'interview_id'))
        throw new AppError('conflict', {}, [{ path: 'status', key: 'jobfairs.already_followed_up' }]);
      throw error;
    }
  }

  /** Staff: a fair's outcome report. */
  async report(ctx: RequestContext, fairId: number): Promise<View<typeof S.FairReport>> {
    const actor = requireActor(ctx.actor);
    assertRead(actor, await repo.fairById(this.d.db, fairId));
    return { fairId, ...(await repo.report(this.d.db, fairId)) };
  }

  private async writable(actor: Actor, id: number) {
    const interview = await repo.interviewById(this.d.db, id);
    const fair = interview ? await repo.fairById(this.d.db, interview.fair_id) : undefined;
    const booth = interview ? await repo.boothById(this.d.db, interview.booth_id) : undefined;
    if (!interview || !fair || !booth) throw new AppError('not_found');
    if (ownsBooth(actor, booth) || mayManage(actor, fair)) return { interview, fair, booth };
    if (mayRead(actor, fair)) throw new AppError('forbidden');
    throw new AppError('not_found');
  }

  private async page(rows: repo.InterviewRow[], limit: number, reader: 'seeker' | 'staff') {
    const shown = rows.slice(0, limit);
    const items = await this.present(shown, reader);
    const page = toPage(
      rows,
      limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    return { items, nextCursor: page.nextCursor };
  }

  private async present(rows: repo.InterviewRow[], reader: 'seeker' | 'staff') {
    const ids = <K extends keyof repo.InterviewRow>(k: K) => [...new Set(rows.map((r) => r[k] as number))];
    const [fairs, booths, positions, signups, followed] = await Promise.all([
      repo.fairsByIds(this.d.db, ids('fair_id')),
      repo.boothsByIds(this.d.db, ids('booth_id')),
      repo.positionsByIds(this.d.db, ids('position_id')),
      repo.signupsByIds(this.d.db, ids('signup_id')),
      repo.followedUp(
        this.d.db,
        rows.map((r) => r.id),
      ),
    ]);
    const map = <T extends { id: number }>(xs: T[]) => new Map(xs.map((x) => [x.id, x]));
    const [f, b, p, s] = [map(fairs), map(booths), map(positions), map(signups)];
    return rows.map((r) =>
      presentInterview(
        r,
        {
          fair: f.get(r.fair_id),
          booth: b.get(r.booth_id),
          position: p.get(r.position_id),
          signup: s.get(r.signup_id),
          followedUp: followed.has(r.id),
        },
        reader === 'seeker',
      ),
    );
  }
}
