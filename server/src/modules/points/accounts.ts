import { LRUCache } from 'lru-cache';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor, type Page } from '../../platform/pagination.ts';
import type { AuthService } from '../auth/service.ts';
import type { OrgService } from '../org/service.ts';
import { communitiesToRead, mayReadStatement } from './access.ts';
import { keepsBalance, postedBalance } from './ledger.ts';
import { accountView, personAccountView, statementLine } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

/**
 * Accounts and statements: each owner's account, made on first use (a person's, a
 * community's issuing account, a merchant's, and the system's hold and expiry
 * accounts), and the reading of balances and postings.
 */
export class PointsAccounts {
  private systemAccounts: { hold: number; expiry: number } | null = null;
  private readonly ids = new LRUCache<string, number>({ max: 100_000 });

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly auth: AuthService,
  ) {}

  async system() {
    this.systemAccounts ??= {
      hold: await repo.ensureAccount(this.db, { kind: 'hold', name: '代金券冻结' }, this.clock.now()),
      expiry: await repo.ensureAccount(this.db, { kind: 'expiry', name: '积分过期' }, this.clock.now()),
    };
    return this.systemAccounts;
  }

  /**
   * An account's id never changes, so it is remembered; but only when found or made
   * outside a transaction, which could still roll the account back.
   */
  private async accountId(key: string, db: Executor, find: () => Promise<number>) {
    const cached = this.ids.get(key);
    if (cached !== undefined) return cached;
    const id = await find();
    if (db === this.db) this.ids.set(key, id);
    return id;
  }

  personAccountId(userId: number, db: Executor = this.db) {
    return this.accountId(`person:${userId}`, db, async () => {
      const existing = await repo.personAccount(db, userId);
      if (existing) return existing.id;
      const actor = await this.auth.actorOf(userId, db);
      return repo.ensureAccount(
        db,
        {
          kind: 'person',
          userId,
          communityId: actor?.home?.divisionId ?? null,
          name: actor?.displayName ?? `用户${userId}`,
        },
        this.clock.now(),
      );
    });
  }

  /**
   * Whether an account earns points: one bound to a registered person, or one with a role beyond
   * resident's (staff, couriers of a mobile grid, merchants). A resident's account that signed up
   * by phone and is bound to no one may report, but earns nothing (issue 13).
   */
  async mayEarn(userId: number, db: Executor = this.db) {
    const actor = await this.auth.actorOf(userId, db);
    return actor !== null && (actor.personId !== null || actor.grants.some((g) => g.role !== 'resident'));
  }

  issuingAccountId(communityId: number, db: Executor = this.db) {
    return this.accountId(`issuing:${communityId}`, db, async () => {
      const names = await this.org.names({ divisionIds: [communityId] }, db);
      return repo.ensureAccount(
        db,
        { kind: 'issuing', communityId, name: `${names.divisions.get(communityId) ?? communityId}积分发行` },
        this.clock.now(),
      );
    });
  }

  merchantAccountId(merchantId: number, name: string, db: Executor = this.db) {
    return this.accountId(`merchant:${merchantId}`, db, () =>
      repo.ensureAccount(db, { kind: 'merchant', merchantId, name }, this.clock.now()),
    );
  }

  async myAccount(ctx: RequestContext): Promise<z.infer<typeof S.AccountView>> {
    const actor = requireActor(ctx.actor);
    const id = await this.personAccountId(actor.userId);
    const account = (await repo.accountById(this.db, id))!;
    return accountView(id, account, await repo.heldPoints(this.db, actor.userId));
  }

  /** People's accounts of the caller's area (staff), to find whose statement to read or correct. */
  async listAccounts(ctx: RequestContext, q: z.infer<typeof S.PersonAccountQuery>) {
    const communityIds = communitiesToRead(ctx.actor, q.communityId);
    const after = decodeCursor(q.cursor);
    const rows = await repo.personAccounts(
      this.db,
      { communityIds, userId: q.userId, q: q.q },
      after?.id ?? null,
      q.limit,
    );
    return {
      items: rows.slice(0, q.limit).map(personAccountView),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  /** An account's postings, newest first, each with the balance it left behind. */
  async statement(
    ctx: RequestContext,
    accountId: number | 'me',
    cursor: string | undefined,
    limit: number,
  ): Promise<Page<z.infer<typeof S.StatementLine>>> {
    const actor = requireActor(ctx.actor);
    const id = accountId === 'me' ? await this.personAccountId(actor.userId) : accountId;
    const account = await repo.accountById(this.db, id);
    if (!account) throw new AppError('not_found');
    if (accountId !== 'me') {
      const merchant = account.merchant_id ? await repo.merchantById(this.db, account.merchant_id) : undefined;
      if (!mayReadStatement(actor, account, merchant)) throw new AppError('not_found');
    }
    const after = decodeCursor(cursor);
    const rows = await repo.postingsOf(this.db, id, after?.id ?? null, limit);
    const page = rows.slice(0, limit);
    // The balance after the newest row of this page: today's balance less all that came later.
    const current = keepsBalance(account.kind) ? Number(account.balance) : await postedBalance(this.db, id);
    let running = current - (after ? await repo.netSince(this.db, id, after.id - 1) : 0);
    const items = page.map((p) => {
      const line = statementLine(p, id, running);
      running -= line.amount;
      return line;
    });
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: page[page.length - 1]!.id }) : null,
    };
  }
}
