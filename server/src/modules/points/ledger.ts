import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import type { Clock } from '../../platform/clock.ts';

/**
 * The points ledger: double-entry, idempotent, never overdrawn.
 *
 * Design, after studying pgledger and TigerBeetle: every posting has an idempotency
 * key, unique in the table, so a retried request finds its first posting and posts
 * nothing new; the accounts a batch touches are locked in id order (pgledger), so
 * concurrent batches wait for each other rather than deadlock, and balances are
 * checked against the locked rows, so no account but an issuing one goes below zero.
 * A voucher's points are first held (moved to the hold account), then posted to the
 * merchant on redemption or released back (TigerBeetle's pending → post / void),
 * each step a posting of its own, so nothing is ever updated in place.
 *
 * Throughput: requests that arrive together are applied in one transaction (group
 * commit, as TigerBeetle batches): one lookup of keys, one lock of the accounts, one
 * insert of the postings, one update of the balances. If a batch fails, its requests
 * are retried one by one, so one bad request does not fail its neighbours.
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
  /** Writes that must commit with the posting (a voucher row); run once, when first posted. */
  attach?: (trx: Transaction<DB>, postingId: number) => Promise<void>;
}

export type TransferResult =
  | { ok: true; postingId: number; replayed: boolean }
  | { ok: false; reason: 'insufficient' | 'key_reused' };

interface Pending {
  request: TransferRequest;
  resolve: (result: TransferResult) => void;
  reject: (error: unknown) => void;
}

const BATCH = 256;

export class Ledger {
  private readonly queue: Pending[] = [];
  private flushing = false;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
  ) {}

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

  private async flush() {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, BATCH);
        try {
          const results = await this.db.transaction().execute((trx) => this.apply(trx, batch.map((p) => p.request)));
          batch.forEach((p, i) => p.resolve(results[i]!));
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
    } finally {
      this.flushing = false;
    }
  }

  /** Applies transfers in order inside one transaction. */
  private async apply(trx: Transaction<DB>, requests: TransferRequest[]): Promise<TransferResult[]> {
    const results: Array<TransferResult | undefined> = new Array(requests.length);
    const keys = [...new Set(requests.map((r) => r.key))];
    const existing = new Map(
      (
        await trx
          .selectFrom('points.postings')
          .select(['id', 'idempotency_key', 'debit_account_id', 'credit_account_id', 'amount', 'kind'])
          .where('idempotency_key', '=', sql<string>`any(${sql.val(keys)}::text[])`)
          .execute()
      ).map((p) => [p.idempotency_key, p]),
    );
    const same = (p: { debit_account_id: number; credit_account_id: number; amount: number; kind: string }, r: TransferRequest) =>
      p.debit_account_id === r.debitAccountId && p.credit_account_id === r.creditAccountId && Number(p.amount) === r.amount && p.kind === r.kind;

    const accountIds = [...new Set(requests.flatMap((r) => [r.debitAccountId, r.creditAccountId]))].sort((a, b) => a - b);
    const accounts = await trx
      .selectFrom('points.accounts')
      .select(['id', 'kind', 'balance'])
      .where('id', '=', sql<number>`any(${sql.val(accountIds)}::bigint[])`)
      .orderBy('id')
      .forUpdate()
      .execute();
    const initial = new Map(accounts.map((a) => [a.id, Number(a.balance)]));
    const balance = new Map(initial);
    const kind = new Map(accounts.map((a) => [a.id, a.kind]));

    const accepted: Array<{ index: number; request: TransferRequest }> = [];
    const keyInBatch = new Map<string, number>();
    requests.forEach((r, index) => {
      const prior = existing.get(r.key);
      if (prior) {
        results[index] = same(prior, r) ? { ok: true, postingId: prior.id, replayed: true } : { ok: false, reason: 'key_reused' };
        return;
      }
      const earlier = keyInBatch.get(r.key);
      if (earlier !== undefined) {
        // The same key twice in one batch: the second is a replay of the first.
        results[index] = same({ debit_account_id: requests[earlier]!.debitAccountId, credit_account_id: requests[earlier]!.creditAccountId, amount: requests[earlier]!.amount, kind: requests[earlier]!.kind }, r)
          ? { ok: true, postingId: -1 - earlier, replayed: true }
          : { ok: false, reason: 'key_reused' };
        return;
      }
      if (!kind.has(r.debitAccountId) || !kind.has(r.creditAccountId)) throw new Error(`unknown account in ${r.key}`);
      const after = balance.get(r.debitAccountId)! - r.amount;
      if (kind.get(r.debitAccountId) !== 'issuing' && after < 0) {
        results[index] = { ok: false, reason: 'insufficient' };
        return;
      }
      balance.set(r.debitAccountId, after);
      balance.set(r.creditAccountId, balance.get(r.creditAccountId)! + r.amount);
      keyInBatch.set(r.key, index);
      accepted.push({ index, request: r });
    });

    if (accepted.length > 0) {
      const now = this.clock.now();
      const inserted = await trx
        .insertInto('points.postings')
        .values(
          accepted.map(({ request: r }) => ({
            idempotency_key: r.key,
            debit_account_id: r.debitAccountId,
            credit_account_id: r.creditAccountId,
            amount: r.amount,
            kind: r.kind,
            community_id: r.communityId ?? null,
            reference_type: r.reference?.type ?? null,
            reference_id: r.reference?.id ?? null,
            memo: r.memo ?? '',
            created_by: r.createdBy ?? null,
            value_at: r.at ?? now,
          })),
        )
        .returning(['id', 'idempotency_key'])
        .execute();
      const idByKey = new Map(inserted.map((p) => [p.idempotency_key, p.id]));
      const touched = accountIds.filter((id) => balance.get(id) !== initial.get(id));
      if (touched.length > 0) {
        await sql`update points.accounts a set balance = v.balance
          from (select unnest(${sql.val(touched)}::bigint[]) as id, unnest(${sql.val(touched.map((id) => balance.get(id)!))}::bigint[]) as balance) v
          where a.id = v.id`.execute(trx);
      }
      for (const { index, request } of accepted) {
        const postingId = idByKey.get(request.key)!;
        results[index] = { ok: true, postingId, replayed: false };
        if (request.attach) await request.attach(trx, postingId);
      }
      // In-batch replays point at their first request's posting.
      results.forEach((r, i) => {
        if (r?.ok && r.postingId < 0) results[i] = { ok: true, postingId: (results[-1 - r.postingId] as { postingId: number }).postingId, replayed: true };
      });
    }
    return results as TransferResult[];
  }
}

/** Checks the ledger's invariants: balances sum to zero and each equals its postings. */
export async function ledgerProblems(db: Executor): Promise<string[]> {
  const problems: string[] = [];
  const sum = await sql<{ total: string | number | null }>`select coalesce(sum(balance), 0) as total from points.accounts`.execute(db);
  if (Number(sum.rows[0]!.total) !== 0) problems.push(`balances sum to ${sum.rows[0]!.total}, not 0`);
  const mismatched = await sql<{ id: number; balance: number; computed: number }>`
    select a.id, a.balance, coalesce(c.total, 0) - coalesce(d.total, 0) as computed
    from points.accounts a
    left join (select credit_account_id as id, sum(amount) as total from points.postings group by 1) c on c.id = a.id
    left join (select debit_account_id as id, sum(amount) as total from points.postings group by 1) d on d.id = a.id
    where a.balance <> coalesce(c.total, 0) - coalesce(d.total, 0)`.execute(db);
  for (const m of mismatched.rows) problems.push(`account ${m.id} holds ${m.balance} but its postings add up to ${m.computed}`);
  const negative = await sql<{ id: number }>`select id from points.accounts where kind <> 'issuing' and balance < 0`.execute(db);
  for (const n of negative.rows) problems.push(`account ${n.id} is below zero`);
  // What the hold account holds is exactly the points of vouchers not yet redeemed or released.
  const holds = await sql<{ held: string | number; vouchers: string | number }>`
    select coalesce((select sum(balance) from points.accounts where kind = 'hold'), 0) as held,
           coalesce((select sum(points) from points.vouchers where status = 'held'), 0) as vouchers`.execute(db);
  if (Number(holds.rows[0]!.held) !== Number(holds.rows[0]!.vouchers)) problems.push(`hold account has ${holds.rows[0]!.held}, held vouchers ${holds.rows[0]!.vouchers}`);
  return problems;
}
