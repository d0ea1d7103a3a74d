import type { Updateable } from 'kysely';
import type { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import { addDays } from '../../platform/local-time.ts';
import { normalizePhone } from '../../platform/personal-data.ts';
import { illegal, requireOpen, type CaseKeeping, type MediationDeps } from './case-keeping.ts';
import { presentClaim, yuan } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { CaseTable } from './tables.ts';
import { FOLLOW_UP_DAYS, transition } from './workflow.ts';

/** How far ahead of the clock a visit may be logged (a phone's clock a little fast). */
const CLOCK_SLACK_MS = 5 * 60_000;

/**
 * The mediation itself: the steps of the workflow, sessions, the agreement, payments on
 * its instalments, performance, the follow-up visit, failure or withdrawal, and the claims
 * of a group dispute.
 */
export class Process {
  constructor(
    private readonly d: MediationDeps,
    private readonly cases: CaseKeeping,
  ) {}

  async advance(ctx: RequestContext, id: number, action: 'investigate' | 'mediate', body: z.infer<typeof S.NoteBody>) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      await this.cases.step(trx, ctx, c, action, {}, { note: body.note });
    });
  }

  async fail(ctx: RequestContext, id: number, body: z.infer<typeof S.FailBody>) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      await this.cases.step(
        trx,
        ctx,
        c,
        'fail',
        {
          outcome: 'failed',
          ended_at: this.d.clock.now(),
          end_reason: body.reason,
          referral_kind: body.referral,
          referral_to: body.referralTo,
          overdue: false,
        },
        { note: body.reason, details: { referral: body.referral, referralTo: body.referralTo } },
      );
    });
  }

  async withdraw(ctx: RequestContext, id: number, body: z.infer<typeof S.WithdrawBody>) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      await this.cases.step(
        trx,
        ctx,
        c,
        'withdraw',
        { outcome: 'withdrawn', ended_at: this.d.clock.now(), end_reason: body.reason, overdue: false },
        { note: body.reason },
      );
    });
  }

  async addSession(ctx: RequestContext, id: number, body: z.infer<typeof S.SessionBody>) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      requireOpen(c, 'session');
      const sessionId = await repo.insertSession(trx, {
        case_id: id,
        held_at: body.heldAt,
        place: body.place,
        attendees: JSON.stringify(body.attendees),
        notes: body.notes,
        recorded_by: actor.userId,
        recorded_at: this.d.clock.now(),
      });
      await this.cases.note(
        trx,
        ctx,
        c,
        'session',
        {},
        {
          details: {
            sessionId,
            heldAt: body.heldAt.toISOString(),
            attendees: body.attendees.length,
            place: body.place,
          },
        },
      );
    });
  }

  /** Records the agreement (协议): its terms, the total and the instalments; the follow-up visit is set. */
  async agree(ctx: RequestContext, id: number, body: z.infer<typeof S.AgreementBody>) {
    const actor = requireActor(ctx.actor);
    const now = this.d.clock.now();
    const today = this.cases.localDate(now);
    const signedOn = body.signedOn ?? today;
    // The input is checked before anything is locked: bad input changes nothing.
    const problems: ErrorDetail[] = [];
    if (signedOn > today) problems.push({ path: 'body.signedOn', key: 'mediation.date_in_future' });
    if (body.performanceDeadline < signedOn)
      problems.push({ path: 'body.performanceDeadline', key: 'mediation.before_signing' });
    let instalments = body.instalments.map((i, n) => ({ seq: n + 1, due_on: i.dueOn, amount_fen: i.amountFen }));
    if (instalments.length === 0 && body.totalFen > 0)
      instalments = [{ seq: 1, due_on: body.performanceDeadline, amount_fen: body.totalFen }];
    const sum = instalments.reduce((t, i) => t + i.amount_fen, 0);
    if (sum !== body.totalFen)
      problems.push({
        path: 'body.instalments',
        key: 'mediation.instalments_sum',
        params: { sum: yuan(sum), total: yuan(body.totalFen) },
      });
    for (const [n, i] of instalments.entries()) {
      if (i.due_on < signedOn || (n > 0 && i.due_on < instalments[n - 1]!.due_on))
        problems.push({ path: `body.instalments.${n}.dueOn`, key: 'mediation.instalment_dates' });
    }
    const followUpOn = body.followUpOn ?? addDays(signedOn, FOLLOW_UP_DAYS);
    if (followUpOn < signedOn) problems.push({ path: 'body.followUpOn', key: 'mediation.before_signing' });
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      if (!transition('agree', c.status)) throw illegal('agree', c.status);
      const parties = await repo.partiesOf(trx, [id]);
      if (!parties.some((p) => p.role === 'applicant') || !parties.some((p) => p.role === 'respondent')) {
        throw new AppError('conflict', { reason: 'parties' }, [{ key: 'mediation.parties_incomplete' }]);
      }
      const facts = [c.facts, c.issues ? `争议事项：${c.issues}` : ''].filter(Boolean).join('\n') || c.summary;
      const recordedAt = this.d.clock.now();
      await repo.insertAgreement(
        trx,
        {
          case_id: id,
          terms: body.terms,
          facts,
          total_fen: body.totalFen,
          performance_method: body.performanceMethod,
          performance_deadline: body.performanceDeadline,
          signed_on: signedOn,
          copies: body.copies,
          recorded_by: actor.userId,
          recorded_at: recordedAt,
        },
        instalments,
      );
      await this.cases.step(
        trx,
        ctx,
        c,
        'agree',
        { agreed_at: recordedAt, follow_up_due_on: followUpOn, overdue: false },
        {
          details: {
            totalFen: body.totalFen,
            instalments: instalments.length,
            signedOn,
            followUpOn,
            terms: body.terms.length,
          },
        },
      );
    });
  }

  /** A payment on an instalment; the first moves the case to performing, the last marks the agreement performed. */
  async pay(ctx: RequestContext, id: number, seq: number, body: z.infer<typeof S.PaymentBody>) {
    const actor = requireActor(ctx.actor);
    if (body.paidOn > this.cases.localDate(this.d.clock.now()))
      throw invalid('body.paidOn', 'mediation.date_in_future');
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      if (!transition('perform', c.status)) throw illegal('pay', c.status);
      const instalments = await repo.instalmentsOf(trx, id);
      const target = instalments.find((i) => i.seq === seq);
      if (!target) throw new AppError('not_found');
      const agreement = await repo.agreementOf(trx, id);
      if (!agreement) throw illegal('pay', c.status);
      if (body.paidOn < agreement.signed_on) throw invalid('body.paidOn', 'mediation.before_signing');
      const left = Number(target.amount_fen) - Number(target.paid_fen);
      if (body.amountFen > left) throw invalid('body.amountFen', 'mediation.overpaid', { left: yuan(left) });
      const paid = await repo.payInstalment(trx, id, seq, body.amountFen, body.paidOn);
      const allPaid = instalments.every((i) =>
        i.seq === seq ? Number(paid.paid_fen) >= Number(paid.amount_fen) : Number(i.paid_fen) >= Number(i.amount_fen),
      );
      const details = {
        seq,
        amountFen: body.amountFen,
        paidOn: body.paidOn,
        paidFen: Number(paid.paid_fen),
        dueFen: Number(paid.amount_fen),
      };
      const note = body.note || `第${seq}期收到 ${yuan(body.amountFen)} 元`;
      const patch: Updateable<CaseTable> = allPaid ? { performed_at: this.d.clock.now() } : {};
      let current = c;
      if (c.status === 'agreed')
        current = await this.cases.step(trx, ctx, c, 'perform', patch, {
          note,
          details: { ...details, payment: true },
        });
      else await this.cases.note(trx, ctx, c, 'payment', patch, { note, details });
      if (allPaid)
        await this.cases.note(
          trx,
          ctx,
          current,
          'performed',
          {},
          { note: '协议已全部履行', details: { totalFen: Number(agreement.total_fen) } },
        );
    });
  }

  /** The mediator confirms an agreement performed otherwise than by payments (an apology, a repair). */
  async perform(ctx: RequestContext, id: number, body: z.infer<typeof S.NoteBody>) {
    const actor = requireActor(ctx.actor);
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      if (!transition('perform', c.status)) throw illegal('perform', c.status);
      if (c.performed_at !== null)
        throw new AppError('conflict', { reason: 'performed' }, [{ key: 'mediation.already_performed' }]);
      const instalments = await repo.instalmentsOf(trx, id);
      if (instalments.some((i) => Number(i.paid_fen) < Number(i.amount_fen)))
        throw new AppError('conflict', { reason: 'unpaid' }, [{ key: 'mediation.unpaid' }]);
      await this.cases.step(
        trx,
        ctx,
        c,
        'perform',
        { performed_at: this.d.clock.now() },
        { note: body.note || '协议已全部履行' },
      );
    });
  }

  /** The follow-up visit (回访), with its findings; with close, it ends the case (the agreement must be performed). */
  async followUp(ctx: RequestContext, id: number, body: z.infer<typeof S.FollowUpBody>) {
    const actor = requireActor(ctx.actor);
    const now = this.d.clock.now();
    const visitedAt = body.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + CLOCK_SLACK_MS)
      throw invalid('body.visitedAt', 'mediation.date_in_future');
    await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      if (!transition('close', c.status) || c.agreed_at === null) throw illegal('follow_up', c.status);
      // By day, as the message says: a visit logged in the minute the agreement was reached is not "before" it.
      if (this.cases.localDate(visitedAt) < this.cases.localDate(c.agreed_at))
        throw invalid('body.visitedAt', 'mediation.before_signing');
      if (body.close && c.performed_at === null)
        throw new AppError('conflict', { reason: 'unperformed' }, [{ key: 'mediation.not_performed' }]);
      await repo.insertFollowUp(trx, {
        case_id: id,
        visited_at: visitedAt,
        visited_by_user_id: actor.userId,
        visited_by_name: actor.displayName,
        findings: body.findings,
        satisfied: body.satisfied,
        recorded_at: now,
      });
      const details = { visitedAt: visitedAt.toISOString(), satisfied: body.satisfied };
      if (body.close)
        await this.cases.step(
          trx,
          ctx,
          c,
          'close',
          { outcome: 'agreed', ended_at: now, follow_up_reminded: true },
          { note: body.findings, details: { ...details, followUp: true } },
        );
      else
        await this.cases.note(trx, ctx, c, 'follow_up', { follow_up_reminded: true }, { note: body.findings, details });
    });
  }

  /** A claim of a group dispute, registered on a household visit. */
  async addClaim(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.ClaimBody>,
  ): Promise<z.infer<typeof S.ClaimView>> {
    const actor = requireActor(ctx.actor);
    const problems: ErrorDetail[] = [];
    let phone: string | null = null;
    if (body.phone) {
      phone = normalizePhone(body.phone);
      if (!phone) problems.push({ path: 'body.phone', key: 'mediation.bad_phone' });
    }
    const now = this.d.clock.now();
    const visitedAt = body.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + CLOCK_SLACK_MS)
      problems.push({ path: 'body.visitedAt', key: 'mediation.date_in_future' });
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    if (body.documents.length) await this.d.media.assertOwned(actor.userId, body.documents);
    const claimId = await this.d.db.transaction().execute(async (trx) => {
      const { c } = await this.cases.lockForWork(trx, actor, id);
      requireOpen(c, 'claim');
      if (!c.group_dispute)
        throw new AppError('conflict', { reason: 'not a group dispute' }, [{ key: 'mediation.not_group' }]);
      let inserted: number;
      try {
        inserted = await repo.insertClaim(trx, {
          case_id: id,
          claimant_name: body.claimantName,
          phone,
          address: body.address,
          amount_fen: body.amountFen,
          description: body.description,
          documents: body.documents,
          visited_at: visitedAt,
          visited_by_user_id: actor.userId,
          visited_by_name: actor.displayName,
          recorded_at: now,
        });
      } catch (error) {
        if (isUniqueViolation(error))
          throw new AppError('conflict', { reason: 'claim' }, [
            { path: 'body.claimantName', key: 'mediation.claim_exists' },
          ]);
        throw error;
      }
      await this.cases.note(
        trx,
        ctx,
        c,
        'claim',
        {},
        {
          note: `${body.claimantName}${body.address ? `（${body.address}）` : ''}：${yuan(body.amountFen)} 元`,
          details: { claimId: inserted, amountFen: body.amountFen, documents: body.documents.length },
        },
      );
      return inserted;
    });
    return presentClaim((await repo.claimById(this.d.db, claimId))!);
  }
}
