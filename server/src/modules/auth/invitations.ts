import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import {
  type Actor,
  assertCanWrite,
  covers,
  type OrgPlace,
  requireActor,
  scopeFor,
  isEmptyScope,
} from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import type { PointsService } from '../points/service.ts';
import { mayGrant } from './grants.ts';
import type { PhoneAccountsService } from './phone.ts';
import * as repo from './repository.ts';
import * as invitationRepo from './repository-invitations.ts';
import type { InvitationReach, InvitationRow, InvitationStatus } from './repository-invitations.ts';
import * as S from './schema-invitations.ts';
import { type AuthService, sha256 } from './service.ts';
import type { InvitationKind } from './tables.ts';

// No 0/O, 1/I: the code is read off paper and typed on a phone.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

const codeHash = (code: string) => sha256(`invitation:${code}`);

/** A code as typed: upper case, without the spaces and dashes people add; null when it cannot be one. */
export function normalizeInvitationCode(raw: string): string | null {
  const code = raw.toUpperCase().replace(/[\s-]/g, '');
  return new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`).test(code) ? code : null;
}

function newCode() {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/** What an invitation's target is, and where it lies. */
interface Target {
  name: string;
  communityId: number;
  gridId: number | null;
}

/**
 * Invitations staff hand out on paper or as a QR (issue 13): a registered resident's
 * (代办注册: binds the account to the person, like real-name binding), a mobile grid's for its
 * couriers (骑手入网码), a merchant's for its owner (商户绑定码). Staff issue them inside their
 * area with the right of what the code gives; a signed-in account redeems one. A code that is
 * wrong, expired, used up or revoked gets one answer, and tries are limited per account.
 */
export class InvitationsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly points: PointsService,
    private readonly phones: PhoneAccountsService,
    private readonly auth: AuthService,
    private readonly config: Pick<Config, 'INVITATION_TTL_DAYS' | 'BIND_ATTEMPTS_PER_HOUR' | 'PUBLIC_URL'>,
  ) {}

  private msg(ctx: RequestContext, zh: string, en: string) {
    return ctx.locale === 'en' ? en : zh;
  }

  /** Where the actor sees each kind: the scope of the permission that issues it. */
  private reach(actor: Actor): InvitationReach {
    return {
      person: scopeFor(actor, 'org.person.write'),
      mobile_grid: scopeFor(actor, 'auth.user.manage'),
      merchant: scopeFor(actor, 'points.manage'),
    };
  }

  /**
   * The target of a new invitation, if the actor may issue it: a person they may write (404
   * when missing, 403 out of their area), a mobile grid they may grant couriers over, a merchant
   * of a community whose points they manage.
   */
  private async checkTarget(
    ctx: RequestContext,
    actor: Actor,
    kind: InvitationKind,
    targetId: number,
    db: Executor,
  ): Promise<Target> {
    if (kind === 'person') {
      const person = await this.org.personPlace(targetId, db);
      assertCanWrite(
        actor,
        'org.person.write',
        person ? { divisionId: person.communityId, gridId: person.gridId } : undefined,
      );
      // Staff at the desk learn now, not the resident at home, that the person has an account.
      if ((await repo.activeUsersOfPersons(db, [targetId])).length > 0)
        throw new AppError('conflict', {
          reason: this.msg(ctx, '该居民已绑定账号', 'the person has an account already'),
        });
      return { name: person!.name, communityId: person!.communityId, gridId: person!.gridId };
    }
    if (kind === 'mobile_grid') {
      const grid = (await this.org.grantableUnits({ gridIds: [targetId] }, db)).grids.get(targetId);
      if (!grid) throw new AppError('not_found');
      this.assertMayAdmitCouriers(actor, grid.chain);
      if (grid.kind !== 'mobile')
        throw new AppError('validation_failed', {}, [
          {
            path: 'body.targetId',
            message: this.msg(ctx, '骑手入网码只能发给流动网格', 'Couriers join mobile grids only'),
          },
        ]);
      return { name: grid.name, communityId: grid.communityId, gridId: grid.id };
    }
    const merchant = (await this.points.merchantSummaries([targetId], db)).get(targetId);
    if (!merchant) throw new AppError('not_found');
    if (!covers(scopeFor(actor, 'points.manage'), { divisionId: merchant.communityId, gridId: null }))
      throw new AppError('forbidden');
    if (merchant.userId !== null)
      throw new AppError('conflict', {
        reason: this.msg(ctx, '该商户已绑定账号', 'the merchant has an account already'),
      });
    return { name: merchant.name, communityId: merchant.communityId, gridId: null };
  }

  /** Issues a code (answered once, with the link of its QR); a person's new code revokes their open one. */
  async issue(ctx: RequestContext, body: z.infer<typeof S.IssueInvitationBody>) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    const code = newCode();
    const maxUses = body.kind === 'mobile_grid' ? (body.maxUses ?? S.MOBILE_GRID_DEFAULT_USES) : 1;
    const id = await this.db.transaction().execute(async (trx) => {
      const target = await this.checkTarget(ctx, actor, body.kind, body.targetId, trx);
      if (body.kind === 'person') await invitationRepo.revokeOpenOf(trx, 'person', body.targetId, actor.userId, now);
      const invitationId = await invitationRepo.insertInvitation(trx, {
        kind: body.kind,
        target_id: body.targetId,
        division_id: target.communityId,
        grid_id: target.gridId,
        code_hash: codeHash(code),
        expires_at: new Date(now.getTime() + this.config.INVITATION_TTL_DAYS * 86_400_000),
        max_uses: maxUses,
        revoked_at: null,
        revoked_by: null,
        created_by: actor.userId,
        created_at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'auth.invitation.issue',
        entityType: 'invitation',
        entityId: invitationId,
        place: { divisionId: target.communityId, gridId: target.gridId },
        details: { kind: body.kind, targetId: body.targetId, maxUses },
      });
      return invitationId;
    });
    const row = (await invitationRepo.invitationById(this.db, id))!;
    return {
      invitation: (await this.present([row]))[0]!,
      code,
      joinUrl: `${this.config.PUBLIC_URL?.replace(/\/$/, '') ?? ''}/h5/join?code=${code}`,
    };
  }

  async list(ctx: RequestContext, query: z.infer<typeof S.InvitationListQuery>): Promise<Page<S.InvitationView>> {
    const actor = requireActor(ctx.actor);
    const reach = this.reach(actor);
    if (Object.values(reach).every(isEmptyScope)) throw new AppError('forbidden');
    const after = decodeCursor(query.cursor);
    const rows = await invitationRepo.listInvitations(
      this.db,
      reach,
      { kind: query.kind, status: query.status, targetId: query.targetId },
      this.clock.now(),
      after?.id ?? null,
      query.limit,
    );
    const page = toPage(
      rows,
      query.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    return { items: await this.present(page.items), nextCursor: page.nextCursor };
  }

  /** Stops a code from working; out of the actor's area it is not found. */
  async revoke(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const row = await invitationRepo.invitationById(trx, id);
      const place: OrgPlace | undefined = row ? { divisionId: row.division_id, gridId: row.grid_id } : undefined;
      if (!row || !place || !covers(this.reach(actor)[row.kind], place)) throw new AppError('not_found');
      // The same right as issuing it: a grid's code needs the right to grant couriers over the grid.
      if (row.kind === 'mobile_grid') {
        const grid = (await this.org.grantableUnits({ gridIds: [row.target_id] }, trx)).grids.get(row.target_id);
        if (!grid) throw new AppError('not_found');
        this.assertMayAdmitCouriers(actor, grid.chain);
      }
      if (!(await invitationRepo.revokeInvitation(trx, id, actor.userId, now)))
        throw new AppError('conflict', { reason: this.msg(ctx, '邀请码已撤销', 'already revoked') });
      await this.audit.record(trx, ctx, {
        action: 'auth.invitation.revoke',
        entityType: 'invitation',
        entityId: id,
        place,
        details: { kind: row.kind, targetId: row.target_id },
      });
    });
    return (await this.present([(await invitationRepo.invitationById(this.db, id))!]))[0]!;
  }

  /** Couriers join a mobile grid on the word of those who may grant the courier role over it. */
  private assertMayAdmitCouriers(actor: Actor, chain: readonly number[]) {
    if (!mayGrant(actor.grants, 'courier', { kind: 'grid', level: null, gridKind: 'mobile', chain }))
      throw new AppError('forbidden');
  }

  /** The one answer to a code that does not work, whatever the reason. */
  private async refuse(ctx: RequestContext, actor: Actor, tries: number): Promise<never> {
    await this.audit.record(this.db, ctx, {
      action: 'auth.invitation.redeem_failed',
      entityType: 'user',
      entityId: actor.userId,
      place: actor.home ?? undefined,
      details: { tries },
    });
    throw new AppError('validation_failed', {}, [
      {
        path: 'body.code',
        message: this.msg(
          ctx,
          '邀请码无效或已失效，请向发放邀请码的工作人员确认',
          'The code does not work; ask the staff who gave it to you',
        ),
      },
    ]);
  }

  /**
   * Redeems a code for the signed-in account: binds it to the person, makes it a courier of the
   * mobile grid, or makes it the merchant's. A few tries an hour (BIND_ATTEMPTS_PER_HOUR).
   */
  async redeem(ctx: RequestContext, body: z.infer<typeof S.RedeemInvitationBody>) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    const key = sha256(`invitation:user:${actor.userId}`);
    const attempt = await repo.reserveHourlyAttempt(
      this.db,
      key,
      actor.userId,
      this.config.BIND_ATTEMPTS_PER_HOUR,
      now,
    );
    if (!attempt) throw new AppError('rate_limited');
    const code = normalizeInvitationCode(body.code);
    const found = code ? await invitationRepo.invitationByCodeHash(this.db, codeHash(code)) : undefined;
    if (!found || invitationStatus(found, now) !== 'open') return this.refuse(ctx, actor, attempt.failed_logins);
    this.assertNotAlready(ctx, actor, found);

    const result = await this.db.transaction().execute(async (trx) => {
      if (!(await invitationRepo.takeUse(trx, found.id, now))) return null;
      const target = await this.apply(trx, ctx, actor, found, now);
      if (!target) return null;
      await repo.clearFailures(trx, [key]);
      await this.audit.record(trx, ctx, {
        action: 'auth.invitation.redeem',
        entityType: 'invitation',
        entityId: found.id,
        place: { divisionId: target.communityId, gridId: target.gridId },
        details: { kind: found.kind, targetId: found.target_id, userId: actor.userId },
      });
      return target;
    });
    // Taken by another request in between, or its target gone: the same answer as a wrong code.
    if (!result) return this.refuse(ctx, actor, attempt.failed_logins);
    this.auth.forgetSessionsOf(actor.userId);
    const names = await this.org.names({ divisionIds: [result.communityId] });
    return {
      kind: found.kind,
      communityName: names.divisions.get(result.communityId) ?? '',
      targetName: result.name,
    };
  }

  /** What the account holds already: bound to a person, a courier of the grid. */
  private assertNotAlready(ctx: RequestContext, actor: Actor, invitation: InvitationRow) {
    if (invitation.kind === 'person' && actor.personId !== null)
      throw new AppError('conflict', { reason: this.msg(ctx, '账号已实名绑定', 'already bound') });
    if (
      invitation.kind === 'mobile_grid' &&
      actor.grants.some((g) => g.role === 'courier' && g.gridId === invitation.target_id)
    )
      throw new AppError('conflict', { reason: this.msg(ctx, '已加入该流动网格', 'already in this mobile grid') });
  }

  /** Gives the account what the invitation is for, in the transaction that took its use; null if the target is gone. */
  private async apply(
    trx: Executor,
    ctx: RequestContext,
    actor: Actor,
    invitation: InvitationRow,
    now: Date,
  ): Promise<Target | null> {
    if (invitation.kind === 'person') {
      const person = await this.org.personPlace(invitation.target_id, trx);
      if (!person) return null;
      await this.phones.bindAccountToPerson(trx, ctx, actor.userId, person, now, { invitationId: invitation.id });
      return { name: person.name, communityId: person.communityId, gridId: person.gridId };
    }
    if (invitation.kind === 'mobile_grid') {
      const grid = (await this.org.grantableUnits({ gridIds: [invitation.target_id] }, trx)).grids.get(
        invitation.target_id,
      );
      if (grid?.kind !== 'mobile') return null;
      await repo.insertGrants(trx, actor.userId, [{ role: 'courier', divisionId: null, gridId: grid.id }], now);
      return { name: grid.name, communityId: grid.communityId, gridId: grid.id };
    }
    const merchant = (await this.points.merchantSummaries([invitation.target_id], trx)).get(invitation.target_id);
    if (!merchant) return null;
    if (!(await this.points.linkMerchantUser(trx, ctx, invitation.target_id, actor.userId)))
      throw new AppError('conflict', {
        reason: this.msg(ctx, '该商户已绑定账号', 'the merchant has an account already'),
      });
    if (!actor.grants.some((g) => g.role === 'merchant' && g.divisionId === merchant.communityId))
      await repo.insertGrants(
        trx,
        actor.userId,
        [{ role: 'merchant', divisionId: merchant.communityId, gridId: null }],
        now,
      );
    return { name: merchant.name, communityId: merchant.communityId, gridId: null };
  }

  /** Rows as the API shows them: names looked up from their modules, people's names masked. */
  private async present(rows: InvitationRow[]): Promise<S.InvitationView[]> {
    const ids = (kind: InvitationKind) => rows.filter((r) => r.kind === kind).map((r) => r.target_id);
    const [people, places, merchants] = await Promise.all([
      this.org.personLabels(ids('person')),
      this.org.names({ divisionIds: rows.map((r) => r.division_id), gridIds: ids('mobile_grid') }),
      this.points.merchantSummaries(ids('merchant')),
    ]);
    const now = this.clock.now();
    const targetName = (r: InvitationRow) => {
      if (r.kind === 'person') {
        const name = people.get(r.target_id)?.name;
        return name ? maskName(name) : '';
      }
      if (r.kind === 'mobile_grid') return places.grids.get(r.target_id)?.name ?? '';
      return merchants.get(r.target_id)?.name ?? '';
    };
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      targetId: r.target_id,
      targetName: targetName(r),
      communityId: r.division_id,
      communityName: places.divisions.get(r.division_id) ?? '',
      gridId: r.grid_id,
      status: invitationStatus(r, now),
      uses: r.uses,
      maxUses: r.max_uses,
      expiresAt: r.expires_at.toISOString(),
      createdAt: r.created_at.toISOString(),
      createdByName: r.created_by_name ?? '',
      revokedAt: r.revoked_at?.toISOString() ?? null,
    }));
  }
}

/** Revoked, used up, expired (by the clock), or still open. */
export function invitationStatus(
  r: { revoked_at: Date | null; uses: number; max_uses: number; expires_at: Date },
  now: Date,
): InvitationStatus {
  if (r.revoked_at !== null) return 'revoked';
  if (r.uses >= r.max_uses) return 'used';
  if (r.expires_at <= now) return 'expired';
  return 'open';
}
