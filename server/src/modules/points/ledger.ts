import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import type { Clock } from '../../platform/clock.ts';

/**
 * The points ledger: double-entry, idempotent, never overdrawn.
 *
 * Design, after studying pgledger and TigerBeetle: every posting has an idempotency
 * key, unique in the table, so a retried request finds its first posting and posts
 * nothing new. A person's account keeps its balance and is locked, in id order
 * (pgledger), by every batch that moves its points, so concurrent batches wait for
 * each other rather than deadlock, and the balance is checked against the locked row:
 * a person never goes below zero. The system's accounts (a community's issuing
 * account, the hold, expiry and merchant accounts) are touched by nearly every posting;
 * locking them would make every exchange in the city wait for every other, so their
 * balances are not kept but summed from their postings when read (TigerBeetle keeps
 * such hot accounts in memory; a database keeps them in the postings). An issuing
 * account may go below zero, it is where points come from; the others only receive,
 * or give back what a voucher holds, exactly once.
 * A voucher's points are first held (moved to the hold account), then posted to the
 * merchant on redemption or released back (TigerBeetle's pending → post / void),
 * each step a posting of its own, so nothing is ever updated in place.
 *
 * Throughput: requests that arrive together are applied in one transaction (group
 * commit, as TigerBeetle batches): one statement looks up their keys and locks the
 * persons' accounts, one inserts the postings and sets the balances, and one call per
 * kind of follow-up writes the rest (the vouchers of all the batch's exchanges in one
 * insert). A server applies one batch at a time: measured on two cores, one batch
 * of many beats several small ones at once (docs/PERFORMANCE.md); servers side by side
 * each run their own, and meet only on the accounts of the same persons. If a batch
 * fails, its requests are retried one by one, so one bad request does not fail its
 * neighbours and gets its own error.
 */

export type PostingKind = 'earn' | 'hold' | 'redeem' | 'release' | 'expire' | 'correction' | 'transfer';

export interface TransferRequest {
  key: string;
  debitAccountId: number;
  creditAccountId: number;
  amount: number;
  kind: PostingKind;
  communityId?: number | null;
  reference?: { type: string; id: string };
  memo?: string;
  createdBy?: number | null;
  /** When the points count from; the clock's now if left out (an earning gives its event's time). */
  at?: Date;
  /**
   * Writes that must commit with the posting (a voucher row), done by the handler
   * registered for the tag, once for all such postings of a batch; only when first posted.
   */
  followUp?: { tag: string; data: unknown };
}

export type TransferResult =
  | {
      ok: true;
      postingId: number;
      replayed: boolean;
      /** What the follow-up handler gave back for this posting. */
      output?: unknown;
    }
  | { ok: false; reason: 'insufficient' | 'key_reused' };

/** Does a batch's follow-up writes; returns one output per entry (or nothing). A throw fails the batch. */
export type FollowUpHandler = (
  trx: Transaction<DB>,
  // biome-ignore lint/suspicious/noExplicitAny: each tag's handler knows its own data; the ledger only carries it
  entries: Array<{ postingId: number; data: any }>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a handler that returns nothing gives no output per posting
) => Promise<unknown[] | void>;

interface Pending {
  request: TransferRequest;
  resolve: (result: TransferResult) => void;
  reject: (error: unknown) => void;
}

const BATCH = 256;

/** Kinds of account whose balance is kept, locked and checked. */
const CHECKED_KINDS: ReadonlySet<string> = new Set(['person']);

const parseJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

export class Ledger {
  private readonly queue: Pending[] = [];
  private flushing = false;
  private readonly followUps = new Map<string, FollowUpHandler>();
  /** Account kinds never change, so they are remembered. */
  private readonly kinds = new Map<number, string>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

  onPosted(tag: string, handler: FollowUpHandler) {
    this.followUps.set(tag, handler);
  }

  /** Queues a transfer; it is applied with the others that arrive meanwhile. */
  transfer(request: TransferRequest): Promise<TransferResult> {
    if (!Number.isInteger(request.amount) || request.amount <= 0) throw new Error('amount must be a positive integer');
    return new Promise((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  /** One transfer inside the caller's transaction (for writes that must share it). */
  async transferIn(trx: Transaction<DB>, request: TransferRequest): Promise<TransferResult> {
    const [result] = await this.apply(trx, [request]);
    return result!;
  }

  /** Applies what is queued, batch after batch, until nothing is left. */
  private async flush() {
    this.flushing = true;
    try {
      while (this.queue.length > 0) await this.run(this.queue.splice(0, BATCH));
    } finally {
      this.flushing = false;
    }
  }

  private async run(batch: Pending[]) {
    try {
      const results = await this.db.transaction().execute((trx) =>
        this.apply(
          trx,
          batch.map((p) => p.request),
        ),
      );
      for (const [i, p] of batch.entries()) p.resolve(results[i]!);
    } catch {
      // Retried alone, each request succeeds or fails on its own.
      for (const p of batch) {
        try {
          const [result] = await this.db.transaction().execute((trx) => this.apply(trx, [p.request]));
          p.resolve(result!);
        } catch (error) {
          p.reject(error);
        }
      }
    }
  }

  private async kindsOf(trx: Transaction<DB>, ids: number[]) {
    const missing = ids.filter((id) => !this.kinds.has(id));
    if (missing.length > 0) {
      const rows = await trx
        .selectFrom('points.accounts')
        .select(['id', 'kind'])
        .where('id', '=', sql<number>`any(${sql.val(missing)}::bigint[])`)
        .execute();
      for (const r of rows) this.kinds.set(r.id, r.kind);
    }
    return this.kinds;
  }

  /** Applies transfers in order inside one transaction. */
  private async apply(trx: Transaction<DB>, requests: TransferRequest[]): Promise<TransferResult[]> {
    const results: Array<TransferResult | undefined> = new Array(requests.length);
    const keys = [...new Set(requests.map((r) => r.key))];
    const accountIds = [...new Set(requests.flatMap((r) => [r.debitAccountId, r.creditAccountId]))].sort(
      (a, b) => a - b,
    );
    const kind = await this.kindsOf(trx, accountIds);
    const checkedIds = accountIds.filter((id) => CHECKED_KINDS.has(kind.get(id) ?? ''));

    // Earlier postings under these keys, and the persons' balances, locked in id order: one round trip.
    const found = await sql<{ existing: unknown; balances: unknown }>`
      select
        coalesce((select json_agg(json_build_object('id', p.id, 'key', p.idempotency_key, 'debit', p.debit_account_id, 'credit', p.credit_account_id, 'amount', p.amount, 'kind', p.kind))
                  from points.postings p where p.idempotency_key = any(${sql.val(keys)}::text[])), '[]'::json) as existing,
        coalesce((select json_agg(json_build_object('id', a.id, 'balance', a.balance))
                  from (select id, balance from points.accounts where id = any(${sql.val(checkedIds)}::bigint[]) order by id for update) a), '[]'::json) as balances`.execute(
      trx,
    );
    const existing = new Map(
      parseJson<Array<{ id: number; key: string; debit: number; credit: number; amount: number; kind: string }>>(
        found.rows[0]!.existing,
      ).map((p) => [p.key, p]),
    );
    const initial = new Map(
      parseJson<Array<{ id: number; balance: number }>>(found.rows[0]!.balances).map((a) => [
        Number(a.id),
        Number(a.balance),
      ]),
    );
    const balance = new Map(initial);
    const same = (p: { debit: number; credit: number; amount: number; kind: string }, r: TransferRequest) =>
      Number(p.debit) === r.debitAccountId &&
      Number(p.credit) === r.creditAccountId &&
      Number(p.amount) === r.amount &&
      p.kind === r.kind;

    const accepted: Array<{ index: number; request: TransferRequest }> = [];
    const keyInBatch = new Map<string, number>();
    requests.forEach((r, index) => {
      const prior = existing.get(r.key);
      if (prior) {
        results[index] = same(prior, r)
          ? { ok: true, postingId: Number(prior.id), replayed: true }
          : { ok: false, reason: 'key_reused' };
        return;
      }
      const earlier = keyInBatch.get(r.key);
      if (earlier !== undefined) {
        // The same key twice in one batch: the second is a replay of the first.
        const first = requests[earlier]!;
        results[index] = same(
          { debit: first.debitAccountId, credit: first.creditAccountId, amount: first.amount, kind: first.kind },
          r,
        )
          ? { ok: true, postingId: -1 - earlier, replayed: true }
          : { ok: false, reason: 'key_reused' };
        return;
      }
      if (!kind.has(r.debitAccountId) || !kind.has(r.creditAccountId)) throw new Error(`unknown account in ${r.key}`);
      if (balance.has(r.debitAccountId)) {
        const after = balance.get(r.debitAccountId)! - r.amount;
        if (after < 0) {
          results[index] = { ok: false, reason: 'insufficient' };
          return;
        }
        balance.set(r.debitAccountId, after);
      }
      if (balance.has(r.creditAccountId)) balance.set(r.creditAccountId, balance.get(r.creditAccountId)! + r.amount);
      keyInBatch.set(r.key, index);
      accepted.push({ index, request: r });
    });

    if (accepted.length > 0) {
      const now = this.clock.now().toISOString();
      const rows = accepted.map(({ request }) => request);
      const touched = checkedIds.filter((id) => balance.get(id) !== initial.get(id));
      // The postings and the persons' new balances: one round trip.
      const inserted = await sql<{ id: number; idempotency_key: string }>`
        with posted as (
          insert into points.postings (idempotency_key, debit_account_id, credit_account_id, amount, kind, community_id, reference_type, reference_id, memo, created_by, value_at, created_at)
          select *, ${now}::timestamptz from unnest(
            ${sql.val(rows.map((r) => r.key))}::text[],
            ${sql.val(rows.map((r) => r.debitAccountId))}::bigint[],
            ${sql.val(rows.map((r) => r.creditAccountId))}::bigint[],
            ${sql.val(rows.map((r) => r.amount))}::bigint[],
            ${sql.val(rows.map((r) => r.kind))}::text[],
            ${sql.val(rows.map((r) => r.communityId ?? null))}::integer[],
            ${sql.val(rows.map((r) => r.reference?.type ?? null))}::text[],
            ${sql.val(rows.map((r) => r.reference?.id ?? null))}::text[],
            ${sql.val(rows.map((r) => r.memo ?? ''))}::text[],
            ${sql.val(rows.map((r) => r.createdBy ?? null))}::integer[],
            ${sql.val(rows.map((r) => r.at?.toISOString() ?? now))}::timestamptz[])
          returning id, idempotency_key
        ), balanced as (
          update points.accounts a set balance = v.balance
          from unnest(${sql.val(touched)}::bigint[], ${sql.val(touched.map((id) => balance.get(id)!))}::bigint[]) as v(id, balance)
          where a.id = v.id
        )
        select id, idempotency_key from posted`.execute(trx);
      const idByKey = new Map(inserted.rows.map((p) => [p.idempotency_key, Number(p.id)]));
      const byTag = new Map<string, Array<{ index: number; postingId: number; data: unknown }>>();
      for (const { index, request } of accepted) {
        const postingId = idByKey.get(request.key)!;
        results[index] = { ok: true, postingId, replayed: false };
        if (request.followUp) {
          const group = byTag.get(request.followUp.tag) ?? [];
          group.push({ index, postingId, data: request.followUp.data });
          byTag.set(request.followUp.tag, group);
        }
      }
      for (const [tag, entries] of byTag) {
        const handler = this.followUps.get(tag);
        if (!handler) throw new Error(`no follow-up handler for ${tag}`);
        const outputs = await handler(
          trx,
          entries.map(({ postingId, data }) => ({ postingId, data })),
        );
        if (outputs) {
          for (const [i, e] of entries.entries()) (results[e.index] as { output?: unknown }).output = outputs[i];
        }
      }
      // In-batch replays point at their first request's posting.
      results.forEach((r, i) => {
        if (r?.ok && r.postingId < 0)
          results[i] = {
            ok: true,
            postingId: (results[-1 - r.postingId] as { postingId: number }).postingId,
            replayed: true,
          };
      });
    }
    return results as TransferResult[];
  }
}

/**
 * Checks the ledger's invariants: every posting has two sides, so the balances summed
 * from postings come to zero; a person's kept balance equals its postings and is not
 * below zero; no account but an issuing one is below zero; the hold account holds
 * exactly the points of vouchers not yet redeemed or released.
 */
export async function ledgerProblems(db: Executor): Promise<string[]> {
  const problems: string[] = [];
  const accounts = await sql<{ id: number; kind: string; kept: string | number; posted: string | number }>`
    select a.id, a.kind, a.balance as kept, coalesce(c.total, 0) - coalesce(d.total, 0) as posted
    from points.accounts a
    left join (select credit_account_id as id, sum(amount) as total from points.postings group by 1) c on c.id = a.id
    left join (select debit_account_id as id, sum(amount) as total from points.postings group by 1) d on d.id = a.id`.execute(
    db,
  );
  let sum = 0;
  for (const a of accounts.rows) {
    const posted = Number(a.posted);
    sum += posted;
    if (CHECKED_KINDS.has(a.kind) && Number(a.kept) !== posted)
      problems.push(`account ${a.id} keeps ${a.kept} but its postings add up to ${posted}`);
    if (a.kind !== 'issuing' && posted < 0) problems.push(`account ${a.id} (${a.kind}) is below zero`);
  }
  if (sum !== 0) problems.push(`balances sum to ${sum}, not 0`);
  const holds = await sql<{ held: string | number; vouchers: string | number }>`
    select coalesce((select sum(case when p.credit_account_id = a.id then p.amount else -p.amount end)
                     from points.accounts a join points.postings p on a.id = p.credit_account_id or a.id = p.debit_account_id
                     where a.kind = 'hold'), 0) as held,
           coalesce((select sum(points) from points.vouchers where status = 'held'), 0) as vouchers`.execute(db);
  if (Number(holds.rows[0]!.held) !== Number(holds.rows[0]!.vouchers))
    problems.push(`hold account has ${holds.rows[0]!.held}, held vouchers ${holds.rows[0]!.vouchers}`);
  return problems;
}

/** An account's balance summed from its postings (for the accounts whose balance is not kept). */
export async function postedBalance(db: Executor, accountId: number): Promise<number> {
  const row = await sql<{ balance: string | number | null }>`
    select coalesce((select sum(amount) from points.postings where credit_account_id = ${accountId}), 0)
         - coalesce((select sum(amount) from points.postings where debit_account_id = ${accountId}), 0) as balance`.execute(
    db,
  );
  return Number(row.rows[0]!.balance ?? 0);
}

/** Whether an account keeps its balance (a person's), or it is summed from postings. */
export const keepsBalance = (kind: string) => CHECKED_KINDS.has(kind);
