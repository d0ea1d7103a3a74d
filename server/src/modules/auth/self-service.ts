import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { requireActor, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import type { AuthenticatedSession } from '../../platform/http.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import * as selfRepo from './repository-self.ts';
import { hashPassword } from './service.ts';

/** A session as its owner sees it: a handle (not the token), when, where from, on what. */
const handleOf = (tokenHash: string) => tokenHash.slice(0, 16);

/**
 * What a person does with their own account: the name shown, the devices signed in (and signing
 * them out), and asking for the account to be deleted (个人信息保护法 art. 47), which staff of
 * their area review; approved, the account is anonymised and the audit trail kept.
 */
export class SelfServiceService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly jobs: Jobs,
    private readonly forgetSessionsOf: (userId: number) => void,
  ) {}

  private msg(ctx: RequestContext, zh: string, en: string) {
    return ctx.locale === 'en' ? en : zh;
  }

  async rename(ctx: RequestContext, displayName: string) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      await repo.updateUserProfile(trx, actor.userId, { display_name: displayName }, this.clock.now());
      await this.audit.record(trx, ctx, {
        action: 'auth.user.update',
        entityType: 'user',
        entityId: actor.userId,
        place: actor.home ?? undefined,
        details: { name: displayName },
      });
    });
    this.forgetSessionsOf(actor.userId);
    return { ok: true as const };
  }

  async sessions(ctx: RequestContext, current: AuthenticatedSession) {
    const actor = requireActor(ctx.actor);
    const rows = await selfRepo.liveSessionsOf(this.db, actor.userId, this.clock.now());
    return {
      items: rows.map((r) => ({
        id: handleOf(r.token_hash),
        current: r.token_hash === current.tokenHash,
        createdAt: r.created_at.toISOString(),
        expiresAt: r.expires_at.toISOString(),
        ip: r.ip,
        userAgent: r.user_agent,
      })),
    };
  }

  /** Signs out one device of one's own (by its handle), or every other one ('others'). */
  async signOut(ctx: RequestContext, current: AuthenticatedSession, handle: string) {
    const actor = requireActor(ctx.actor);
    const ended = await this.db.transaction().execute(async (trx) => {
      const n =
        handle === 'others'
          ? await selfRepo.deleteSessionsExcept(trx, actor.userId, current.tokenHash)
          : await selfRepo.deleteSessionByHandle(trx, actor.userId, handle);
      if (n === 0 && handle !== 'others') throw new AppError('not_found');
      await this.audit.record(trx, ctx, {
        action: 'auth.sessions_ended',
        entityType: 'user',
        entityId: actor.userId,
        place: actor.home ?? undefined,
        details: { sessions: n },
      });
      return n;
    });
    this.forgetSessionsOf(actor.userId);
    return { ended };
  }

  async requestDeletion(ctx: RequestContext, reason: string) {
    const actor = requireActor(ctx.actor);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const id = await selfRepo.insertDeletionRequest(trx, actor.userId, reason, this.clock.now());
        await this.audit.record(trx, ctx, {
          action: 'auth.deletion_requested',
          entityType: 'user',
          entityId: actor.userId,
          place: actor.home ?? undefined,
        });
        return { id, status: 'requested' as const };
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('conflict', { reason: this.msg(ctx, '已有待处理的注销申请', 'a request is already open') });
      throw e;
    }
  }

  async myDeletionRequest(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const row = await selfRepo.openDeletionRequestOf(this.db, actor.userId);
    return { request: row ? { id: row.id, status: row.status, requestedAt: row.requested_at.toISOString() } : null };
  }

  async withdrawDeletion(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const n = await selfRepo.decideDeletion(this.db, { userId: actor.userId }, 'withdrawn', null, '', this.clock.now());
    if (n === 0) throw new AppError('not_found');
    return { ok: true as const };
  }

  /** Open requests of people whose roles lie in the caller's area, oldest first; phones masked. */
  async pendingDeletions(ctx: RequestContext, requestId?: number) {
    const scope = requirePermission(ctx.actor, 'auth.user.manage');
    const gridIds = await this.org.gridIdsIn(scope.divisionIds);
    const rows = await selfRepo.openDeletionRequestsIn(
      this.db,
      scope.divisionIds,
      [...gridIds, ...scope.gridIds],
      requestId,
    );
    return {
      items: rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        displayName: r.display_name,
        phone: maskPhone(r.phone),
        reason: r.reason,
        requestedAt: r.requested_at.toISOString(),
      })),
    };
  }

  /**
   * Approves (the account anonymised: name, phone, person link and roles gone, signed out, no
   * way to sign in; the audit trail and what others wrote stay) or rejects with a note.
   */
  async decideDeletion(ctx: RequestContext, requestId: number, approve: boolean, note: string) {
    const actor = requireActor(ctx.actor);
    const [pending] = (await this.pendingDeletions(ctx, requestId)).items;
    if (!pending) throw new AppError('not_found');
    if (pending.userId === actor.userId)
      throw new AppError('conflict', { reason: this.msg(ctx, '不能审批自己的申请', 'not your own request') });
    const now = this.clock.now();
    const unusable = await hashPassword(randomBytes(24).toString('base64url'));
    await this.db.transaction().execute(async (trx) => {
      const n = await selfRepo.decideDeletion(
        trx,
        { requestId },
        approve ? 'approved' : 'rejected',
        actor.userId,
        note,
        now,
      );
      if (n === 0) throw new AppError('conflict', { reason: this.msg(ctx, '申请已处理', 'already decided') });
      if (approve) {
        await selfRepo.anonymiseUser(trx, pending.userId, unusable, now);
        // Other modules forget what they keep of the person (message choices, in-app messages).
        await this.jobs.publish(trx, 'user.anonymised', { userId: pending.userId }, actor.userId);
      }
      await this.audit.record(trx, ctx, {
        action: approve ? 'auth.user.anonymised' : 'auth.deletion_rejected',
        entityType: 'user',
        entityId: pending.userId,
        details: note ? { note } : {},
      });
    });
    this.forgetSessionsOf(pending.userId);
    return { ok: true as const };
  }
}
