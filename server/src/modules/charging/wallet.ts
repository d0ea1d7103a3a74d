import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { isUniqueViolation } from '../../platform/errors.ts';
import { placeOf } from './access.ts';
import { fenToYuan } from './billing.ts';
import { type ChargingDeps, conflict } from './deps.ts';
import type { ChargingPayers } from './payers.ts';
import { walletEntryView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * A payer's prepaid balance (预付余额): topped up through the payment provider, a billed
 * session paid from it to the fen, and what is left paid back on request. The balance row
 * is locked for every change, so two requests of one user queue; it never goes below zero.
 * Top-ups, payments and refunds are audited.
 */
export class ChargingWallet {
  constructor(
    private readonly d: ChargingDeps,
    private readonly payers: ChargingPayers,
  ) {}

  async wallet(ctx: RequestContext): Promise<View<typeof S.WalletView>> {
    const actor = requireActor(ctx.actor);
    const [balanceFen, entries] = await Promise.all([
      repo.balanceOf(this.d.db, actor.userId),
      repo.walletEntries(this.d.db, actor.userId, {}, 50),
    ]);
    return {
      balanceFen,
      maxBalanceFen: this.d.options.maxBalanceFen,
      minStartBalanceFen: this.d.options.minStartBalanceFen,
      provider: this.d.payments.name,
      entries: entries.map(walletEntryView),
    };
  }

  /** Puts money on my balance through the provider; a balance over the maximum is refused (409). */
  async topUp(ctx: RequestContext, body: z.infer<typeof S.TopUpBody>) {
    const actor = requireActor(ctx.actor);
    const at = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const w = await repo.walletForUpdate(trx, actor.userId, at);
      if (w.balance_fen + body.amountFen > this.d.options.maxBalanceFen)
        throw conflict('charging.balance_cap', { max: fenToYuan(this.d.options.maxBalanceFen) });
      const reference = `topup-${randomUUID()}`;
      const { providerRef } = await this.d.payments.collect({
        userId: actor.userId,
        amountFen: body.amountFen,
        reference,
      });
      const entry = await repo.addWalletEntry(
        trx,
        {
          user_id: actor.userId,
          kind: 'top_up',
          amount_fen: body.amountFen,
          session_id: null,
          provider: this.d.payments.name,
          provider_ref: providerRef,
          created_at: at,
        },
        w.balance_fen,
      );
      await this.d.audit.record(trx, ctx, {
        action: 'charging.top_up',
        entityType: 'charging_wallet',
        entityId: actor.userId,
        details: {
          amountFen: body.amountFen,
          balanceFen: entry.balance_after_fen,
          provider: this.d.payments.name,
          providerRef,
        },
      });
    });
    return this.wallet(ctx);
  }

  /**
   * Pays my billed session from my balance, the itemised total to the fen. Refused (409,
   * nothing changed): not billed yet, paid already, a balance below the total.
   */
  async pay(ctx: RequestContext, sessionId: number) {
    const actor = requireActor(ctx.actor);
    await this.payers.mine(actor.userId, sessionId);
    const at = this.d.clock.now();
    await this.d.db
      .transaction()
      .execute(async (trx) => {
        const w = await repo.walletForUpdate(trx, actor.userId, at);
        const s = (await repo.sessionForUpdate(trx, sessionId))!;
        if (s.paid_at !== null) throw conflict('charging.already_paid');
        if (s.status !== 'completed') throw conflict('charging.not_billed');
        const total = s.total_fen!;
        if (w.balance_fen < total) throw conflict('charging.balance_low', { need: fenToYuan(total) });
        // A session that delivered nothing costs nothing: paid, with no entry of 0.
        if (total > 0)
          await repo.addWalletEntry(
            trx,
            {
              user_id: actor.userId,
              kind: 'payment',
              amount_fen: -total,
              session_id: s.id,
              provider: null,
              provider_ref: null,
              created_at: at,
            },
            w.balance_fen,
          );
        await repo.updateSession(trx, s.id, { paid_at: at });
        await this.d.audit.record(trx, ctx, {
          action: 'charging.payment',
          entityType: 'charging_session',
          entityId: s.id,
          place: placeOf(s),
          details: { totalFen: total, balanceFen: w.balance_fen - total },
        });
      })
      .catch((e) => {
        if (isUniqueViolation(e, 'wallet_entries_payment')) throw conflict('charging.already_paid');
        throw e;
      });
    return this.payers.mySession(ctx, sessionId);
  }

  /**
   * Pays back what is left on my balance through the provider. Refused (409): nothing left,
   * or a session of mine still charging or unpaid (its bill is owed from the balance).
   */
  async refund(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const at = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const w = await repo.walletForUpdate(trx, actor.userId, at);
      if (await repo.openSessionOfPayer(trx, actor.userId)) throw conflict('charging.payer_busy');
      if (w.balance_fen === 0) throw conflict('charging.nothing_to_refund');
      const reference = `refund-${randomUUID()}`;
      const { providerRef } = await this.d.payments.refund({
        userId: actor.userId,
        amountFen: w.balance_fen,
        reference,
      });
      await repo.addWalletEntry(
        trx,
        {
          user_id: actor.userId,
          kind: 'refund',
          amount_fen: -w.balance_fen,
          session_id: null,
          provider: this.d.payments.name,
          provider_ref: providerRef,
          created_at: at,
        },
        w.balance_fen,
      );
      await this.d.audit.record(trx, ctx, {
        action: 'charging.refund',
        entityType: 'charging_wallet',
        entityId: actor.userId,
        details: { amountFen: w.balance_fen, provider: this.d.payments.name, providerRef },
      });
    });
    return this.wallet(ctx);
  }
}
