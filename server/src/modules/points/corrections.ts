import type { Kysely, Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { toPage, decodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { OrgService } from '../org/service.ts';
import type { PointsAccounts } from './accounts.ts';
import { assertManages, communitiesToRead, isStaffOf } from './access.ts';
import type { Ledger } from './ledger.ts';
import * as repo from './repository-corrections.ts';
import { correctionView } from './presenters.ts';
import type * as S from './schema.ts';

type View = z.infer<typeof S.CorrectionView>;

export interface CorrectionLimits {
  /** The most points one correction may give or take back (POINTS_CORRECTION_MAX). */
  maxAmount: number;
  /** Above this, a second member of staff must approve (POINTS_CORRECTION_APPROVAL_ABOVE). */
  approvalAbove: number;
}

/**
 * Staff's corrections of points (补录, 扣回): a correcting posting, never an edit. Bounded,
 * with a reason, for a person of the community whose points they are; one within
 * `approvalAbove` is posted at once, a larger one waits for another member of staff of the
 * community to approve it (four eyes), so no one person can mint points at will.
 */
export class Corrections {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly ledger: Ledger,
    private readonly accounts: PointsAccounts,
    private readonly auth: AuthService,
    private readonly org: OrgService,
    private readonly limits: CorrectionLimits,
  ) {}

  async request(ctx: RequestContext, body: z.infer<typeof S.CorrectionBody>): Promise<View> {
    const actor = requireActor(ctx.actor);
    assertManages(actor, body.communityId);
    if (Math.abs(body.amount) > this.limits.maxAmount)
      throw new AppError('validation_failed', {}, [
        { path: 'body.amount', key: 'points.correction_too_large', params: { max: this.limits.maxAmount } },
      ]);
    const person = await this.auth.actorOf(body.userId);
    if (!person || person.home?.divisionId !== body.communityId)
      throw new AppError('validation_failed', {}, [{ path: 'body.userId', key: 'points.not_of_community' }]);

    const prior = await repo.correctionByKey(this.db, body.idempotencyKey);
    if (prior) return this.replay(prior, body);
    const pending = Math.abs(body.amount) > this.limits.approvalAbove;
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const now = this.clock.now();
        let row = await repo.insertCorrection(trx, {
          community_id: body.communityId,
          user_id: body.userId,
          amount: body.amount,
          reason: body.reason,
          idempotency_key: body.idempotencyKey,
          status: pending ? 'pending' : 'posted',
          requested_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        if (!pending) row = await this.post(trx, row, actor.userId);
        await this.audit.record(trx, ctx, {
          action: pending ? 'points.correction_requested' : 'points.correct',
          entityType: 'points_correction',
          entityId: row.id,
          place: { divisionId: body.communityId, gridId: null },
          details: { userId: body.userId, amount: body.amount, reason: body.reason },
        });
        return row;
      });
      return (await this.present([row]))[0]!;
    } catch (e) {
      // The same key sent twice at once: the second finds the first.
      if (!isUniqueViolation(e, 'idempotency_key')) throw e;
      return this.replay((await repo.correctionByKey(this.db, body.idempotencyKey))!, body);
    }
  }

  /** Approves (posts) or rejects a waiting correction; not by the one who asked for it. */
  async decide(ctx: RequestContext, id: number, approve: boolean, note: string): Promise<View> {
    const actor = requireActor(ctx.actor);
    const found = await repo.correctionById(this.db, id);
    if (!found || !isStaffOf(actor, 'points.read', found.community_id)) throw new AppError('not_found');
    assertManages(actor, found.community_id);
    if (found.requested_by === actor.userId)
      throw new AppError('forbidden', {}, [{ key: 'points.correction_second_person' }]);
    const row = await this.db.transaction().execute(async (trx) => {
      const row = (await repo.correctionForUpdate(trx, id))!;
      if (row.status !== 'pending')
        throw new AppError('conflict', { reason: row.status }, [{ key: 'points.correction_decided' }]);
      const now = this.clock.now();
      let decided = await repo.updateCorrection(trx, id, {
        status: approve ? 'posted' : 'rejected',
        decided_by: actor.userId,
        decided_at: now,
        decision_note: note,
        updated_at: now,
      });
      if (approve) decided = await this.post(trx, decided, row.requested_by);
      await this.audit.record(trx, ctx, {
        action: approve ? 'points.correction_approved' : 'points.correction_rejected',
        entityType: 'points_correction',
        entityId: id,
        place: { divisionId: row.community_id, gridId: null },
        details: { userId: row.user_id, amount: row.amount, note },
      });
      return decided;
    });
    return (await this.present([row]))[0]!;
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.CorrectionListQuery>) {
    const communityIds = communitiesToRead(ctx.actor, q.communityId);
    const rows = await repo.listCorrections(this.db, communityIds, q.status, decodeCursor(q.cursor), q.limit);
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    const items = (await this.present(page.items)).map(({ replayed: _, ...item }) => item);
    return { items, nextCursor: page.nextCursor };
  }

  /** The correcting posting: from the community's issuing account to the person, or back. */
  private async post(trx: Transaction<DB>, row: repo.CorrectionRow, requestedBy: number) {
    const personId = await this.accounts.personAccountId(row.user_id, trx);
    const issuingId = await this.accounts.issuingAccountId(row.community_id, trx);
    const [debit, credit] = row.amount > 0 ? [issuingId, personId] : [personId, issuingId];
    const result = await this.ledger.transferIn(trx, {
      key: `correction:${row.idempotency_key}`,
      debitAccountId: debit,
      creditAccountId: credit,
      amount: Math.abs(row.amount),
      kind: 'correction',
      communityId: row.community_id,
      memo: row.reason,
      createdBy: requestedBy,
    });
    if (!result.ok)
      throw new AppError('conflict', { reason: result.reason === 'insufficient' ? 'balance' : 'idempotency key' }, [
        { key: result.reason === 'insufficient' ? 'points.insufficient' : 'points.key_reused' },
      ]);
    return repo.updateCorrection(trx, row.id, { posting_id: result.postingId });
  }

  /** A key sent again: the first result if it asked for the same, else a conflict. */
  private async replay(prior: repo.CorrectionRow, body: z.infer<typeof S.CorrectionBody>): Promise<View> {
    if (prior.community_id !== body.communityId || prior.user_id !== body.userId || prior.amount !== body.amount)
      throw new AppError('conflict', { reason: 'idempotency key' }, [{ key: 'points.key_reused' }]);
    return { ...(await this.present([prior]))[0]!, replayed: true };
  }

  private async present(rows: repo.CorrectionRow[]): Promise<View[]> {
    const names = await this.org.names({ divisionIds: rows.map((r) => r.community_id) });
    const userIds = [
      ...new Set(rows.flatMap((r) => [r.user_id, r.requested_by, ...(r.decided_by ? [r.decided_by] : [])])),
    ];
    const actors = new Map(
      await Promise.all(userIds.map(async (id) => [id, (await this.auth.actorOf(id))?.displayName] as const)),
    );
    const name = (id: number) => actors.get(id) ?? `用户${id}`;
    return rows.map((r) => correctionView(r, names.divisions.get(r.community_id) ?? null, name));
  }
}
