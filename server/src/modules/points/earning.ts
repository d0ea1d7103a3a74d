import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { localInstant, localParts } from '../../platform/local-time.ts';
import type { AuditService } from '../audit/service.ts';
import type { PointsAccounts } from './accounts.ts';
import { assertManages } from './access.ts';
import type { Ledger } from './ledger.ts';
import { ruleView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { EARNING_EVENTS, type EarningEvent } from './tables.ts';

/** The local midnight that starts the day, and the month, an instant falls in. */
function dayStart(at: Date, timeZone: string) {
  return localInstant(localParts(at, timeZone).date, 0, timeZone);
}
function monthStart(at: Date, timeZone: string) {
  return localInstant(`${localParts(at, timeZone).date.slice(0, 7)}-01`, 0, timeZone);
}

/**
 * Points coming in and going out by rule: earning by the community's rules within
 * their caps, staff's corrections, and the yearly expiry.
 */
export class Earning {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly ledger: Ledger,
    private readonly accounts: PointsAccounts,
    private readonly options: { expiryYears: number; timeZone: string },
  ) {}

  /**
   * Awards points for an event by the rule of the community in force on the event's
   * local date, within its daily and monthly caps (local days and months). Idempotent
   * by the event id: a replayed event posts nothing. Returns the points posted.
   */
  async award(input: {
    userId: number;
    communityId: number;
    eventType: EarningEvent;
    units: number;
    eventId: string;
    at: Date;
    memo: string;
    reference?: { type: string; id: string };
  }): Promise<number> {
    const { timeZone } = this.options;
    const rule = await repo.ruleOn(this.db, input.communityId, input.eventType, localParts(input.at, timeZone).date);
    if (!rule || rule.points_per_unit === 0 || input.units <= 0) return 0;
    if (!(await this.accounts.mayEarn(input.userId))) return 0;
    const personId = await this.accounts.personAccountId(input.userId);
    const issuingId = await this.accounts.issuingAccountId(input.communityId);
    return this.db.transaction().execute(async (trx) => {
      // The person's account is locked first, so two awards cannot both fit under a cap.
      await repo.lockAccount(trx, personId);
      let amount = Math.floor(rule.points_per_unit * input.units);
      if (rule.daily_cap !== null)
        amount = Math.min(
          amount,
          rule.daily_cap - (await repo.earnedSince(trx, personId, input.eventType, dayStart(input.at, timeZone))),
        );
      if (rule.monthly_cap !== null)
        amount = Math.min(
          amount,
          rule.monthly_cap - (await repo.earnedSince(trx, personId, input.eventType, monthStart(input.at, timeZone))),
        );
      if (amount <= 0) return 0;
      const result = await this.ledger.transferIn(trx, {
        key: `earn:${input.eventId}:${input.userId}`,
        debitAccountId: issuingId,
        creditAccountId: personId,
        amount,
        kind: 'earn',
        communityId: input.communityId,
        reference: { type: input.eventType, id: input.reference?.id ?? input.eventId },
        memo: input.memo,
        at: input.at,
      });
      return result.ok && !result.replayed ? amount : 0;
    });
  }

  /** Subscriber: an event that earns points. */
  async onEarningEvent(
    event: DomainEvent<{
      userId: number;
      communityId: number;
      units?: number;
      memo?: string;
      referenceId?: string;
      /** Awards with the same key post once (a report resolved again after a reopen); else once per event. */
      once?: string;
    }>,
  ) {
    const eventType = event.type as EarningEvent;
    if (!(eventType in EARNING_EVENTS)) return;
    await this.award({
      userId: event.payload.userId,
      communityId: event.payload.communityId,
      eventType,
      units: event.payload.units ?? 1,
      eventId: event.payload.once ?? event.id,
      at: new Date(event.occurredAt),
      memo: event.payload.memo ?? eventType,
      ...(event.payload.referenceId ? { reference: { type: eventType, id: event.payload.referenceId } } : {}),
    });
  }

  async listRules(ctx: RequestContext) {
    const scope = requirePermission(ctx.actor, 'points.read');
    const rows = await repo.rulesOf(this.db, scope.divisionIds);
    return { items: rows.map(ruleView) };
  }

  async setRule(ctx: RequestContext, body: z.infer<typeof S.RuleBody>) {
    assertManages(ctx.actor, body.communityId);
    const now = this.clock.now();
    // A change applies from its start date on; what was earned before stays as it was.
    if (body.effectiveFrom < localParts(now, this.options.timeZone).date) {
      throw new AppError('validation_failed', {}, [{ path: 'body.effectiveFrom', key: 'points.rule_in_past' }]);
    }
    const row = await this.db.transaction().execute(async (trx) => {
      const r = await repo.insertRule(trx, {
        community_id: body.communityId,
        event_type: body.eventType,
        points_per_unit: body.pointsPerUnit,
        unit: EARNING_EVENTS[body.eventType],
        daily_cap: body.dailyCap ?? null,
        monthly_cap: body.monthlyCap ?? null,
        effective_from: body.effectiveFrom,
        created_by: ctx.actor!.userId,
        created_at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'points.rule.set',
        entityType: 'rule',
        entityId: r.id,
        place: { divisionId: body.communityId, gridId: null },
        details: { ...body },
      });
      return r;
    });
    return ruleView(row);
  }

  /**
   * Points expire at the end of the (local) year after the one they were earned in.
   * Spending takes the oldest points first, so what is left of old points is the
   * balance less everything earned since the cutoff. Run once per cutoff; idempotent
   * per account.
   */
  async expire(now: Date): Promise<{ cutoff: string; expired: number } | null> {
    const { expiryYears, timeZone } = this.options;
    if (expiryYears <= 0) return null;
    const year = Number(localParts(now, timeZone).date.slice(0, 4));
    const cutoffYear = year - 1 - expiryYears;
    const cutoff = `${cutoffYear}-12-31`;
    const cutoffEnd = localInstant(`${cutoffYear + 1}-01-01`, 0, timeZone);
    if (await repo.expiryRan(this.db, cutoff)) return null;
    const { expiry } = await this.accounts.system();
    let expired = 0;
    let after = 0;
    for (;;) {
      const accounts = await repo.personAccountsWithBalance(this.db, after, 500);
      if (accounts.length === 0) break;
      for (const a of accounts) {
        const keep = await repo.earnedAfter(this.db, a.id, cutoffEnd);
        const amount = Number(a.balance) - keep;
        if (amount <= 0) continue;
        const r = await this.ledger.transfer({
          key: `expire:${cutoff}:${a.id}`,
          debitAccountId: a.id,
          creditAccountId: expiry,
          amount,
          kind: 'expire',
          memo: `${cutoffYear} 年及以前获得的积分到期`,
        });
        if (r.ok && !r.replayed) expired += amount;
      }
      after = accounts[accounts.length - 1]!.id;
    }
    await repo.insertExpiryRun(this.db, { cutoff, expired, ran_at: this.clock.now() });
    return { cutoff, expired };
  }
}
