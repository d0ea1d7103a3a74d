import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { type Actor, type Grant, type OrgPlace, requireActor, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, isUniqueViolation } from '../../platform/errors.ts';
import { decodeCursor, type Page, toPage } from '../../platform/pagination.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import { DEPARTMENTS } from '../../enums.ts';
import type { AuditService } from '../audit/service.ts';
import type { MessagesService } from '../notifications/messages.ts';
import type { OrgService } from '../org/service.ts';
import { grantableRoles, mayGrant, ROLE_UNITS, type UnitInfo, unitProblem } from './grants.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { hashPassword } from './service.ts';

type GrantInput = z.infer<typeof S.GrantBody>;

// No 0/O, 1/l/I: the password is read aloud or copied from a screen.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password given to a person by hand: 12 characters, letters and digits both. */
export function initialPassword(): string {
  for (;;) {
    let p = '';
    for (let i = 0; i < 12; i++) p += PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)];
    if (/\d/.test(p) && /[a-zA-Z]/.test(p)) return p;
  }
}

/**
 * User administration: administrators create staff accounts and grant roles inside their own
 * area and never above their own (grants.ts), deactivate and reactivate, unlock and reset
 * passwords. Every change is audited; phone numbers are masked in what is shown.
 */
export class UsersService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly messages: MessagesService,
    /** Drops a user's cached sessions in this process (after deactivation, a reset). */
    private readonly forgetSessionsOf: (userId: number) => void,
  ) {}

  private msg(ctx: RequestContext, zh: string, en: string) {
    return ctx.locale === 'en' ? en : zh;
  }

  /** The divisions and grids the caller administers users in. */
  private async reach(actor: Actor, db: Executor = this.db) {
    const scope = requirePermission(actor, 'auth.user.manage');
    const gridIds = await this.org.gridIdsIn(scope.divisionIds, db);
    return { divisionIds: scope.divisionIds, gridIds: [...new Set([...gridIds, ...scope.gridIds])] };
  }

  private async units(grants: ReadonlyArray<Pick<Grant, 'divisionId' | 'gridId'>>, db: Executor = this.db) {
    const { divisions, grids } = await this.org.grantableUnits(
      {
        divisionIds: grants.flatMap((g) => (g.divisionId === null ? [] : [g.divisionId])),
        gridIds: grants.flatMap((g) => (g.gridId === null ? [] : [g.gridId])),
      },
      db,
    );
    return (g: Pick<Grant, 'divisionId' | 'gridId'>): (UnitInfo & { name: string }) | undefined => {
      if (g.gridId !== null) {
        const grid = grids.get(g.gridId);
        return grid && { kind: 'grid', level: null, gridKind: grid.kind, chain: grid.chain, name: grid.name };
      }
      const d = g.divisionId === null ? undefined : divisions.get(g.divisionId);
      return d && { kind: 'division', level: d.level, gridKind: null, chain: d.chain, name: d.name };
    };
  }

  /** Whether the actor may change the account: every role it holds is one the actor could grant. */
  private manageable(actor: Actor, grants: readonly Grant[], unitOf: (g: Grant) => UnitInfo | undefined) {
    if (grants.length === 0) return actor.grants.some((g) => g.role === 'district_admin');
    return grants.every((g) => {
      const unit = unitOf(g);
      return unit !== undefined && mayGrant(actor.grants, g.role, unit);
    });
  }

  private async present(actor: Actor, rows: repo.AdminUserRow[], db: Executor = this.db): Promise<S.UserView[]> {
    const allGrants = rows.flatMap((r) => r.grants);
    const unitOf = await this.units(allGrants, db);
    const locked = await repo.lockedUserIds(
      db,
      rows.map((r) => r.id),
      this.clock.now(),
    );
    return rows.map((r) => ({
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      phone: maskPhone(r.phone),
      status: r.status,
      mustChangePassword: r.must_change_password,
      locked: locked.has(r.id),
      lastLoginAt: r.last_login_at?.toISOString() ?? null,
      createdAt: r.created_at.toISOString(),
      grants: r.grants.map((g) => ({
        id: g.id,
        role: g.role,
        divisionId: g.divisionId,
        gridId: g.gridId,
        department: g.department,
        unitName: unitOf(g)?.name ?? '',
      })),
      manageable: r.id !== actor.userId && this.manageable(actor, r.grants, unitOf),
    }));
  }

  async list(ctx: RequestContext, query: z.infer<typeof S.UserListQuery>): Promise<Page<S.UserView>> {
    const actor = requireActor(ctx.actor);
    let reach = await this.reach(actor);
    if (query.divisionId !== undefined) {
      const below = (await this.org.expandDivisions([query.divisionId])).get(query.divisionId) ?? [];
      const inReach = below.filter((id) => reach.divisionIds.includes(id));
      const grids = new Set(await this.org.gridIdsIn(below));
      reach = { divisionIds: inReach, gridIds: reach.gridIds.filter((id) => grids.has(id)) };
    }
    const filter: repo.UserFilter = { q: query.q, role: query.role, status: query.status, ...reach };
    const after = decodeCursor(query.cursor);
    const rows = await repo.listUsers(this.db, filter, after?.id ?? null, query.limit);
    const page = toPage(
      rows,
      query.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    const items = await this.present(actor, page.items);
    return {
      items,
      nextCursor: page.nextCursor,
      ...(query.withTotal ? { total: await repo.countUsersWhere(this.db, filter) } : {}),
    };
  }

  /** A user with a role in the caller's reach; others answer 404, so accounts elsewhere cannot be probed. */
  private async loadInReach(actor: Actor, userId: number, db: Executor = this.db) {
    const row = await repo.adminUserById(db, userId);
    const reach = await this.reach(actor, db);
    const visible =
      row?.grants.some(
        (g) =>
          (g.divisionId !== null && reach.divisionIds.includes(g.divisionId)) ||
          (g.gridId !== null && reach.gridIds.includes(g.gridId)),
      ) ?? false;
    if (!row || !visible) throw new AppError('not_found');
    return row;
  }

  async get(ctx: RequestContext, userId: number): Promise<S.UserView> {
    const actor = requireActor(ctx.actor);
    const row = await this.loadInReach(actor, userId);
    return (await this.present(actor, [row]))[0]!;
  }

  /** What the caller may grant, for the form. */
  grantable(ctx: RequestContext): z.infer<typeof S.GrantableView> {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'auth.user.manage');
    return {
      roles: grantableRoles(actor.grants).map((role) => ({
        role,
        levels: [...ROLE_UNITS[role].levels],
        gridKinds: [...ROLE_UNITS[role].gridKinds],
        needsDepartment: role === 'dept_staff',
      })),
      departments: [...DEPARTMENTS],
    };
  }

  /**
   * Checks grants the actor wants to give: each unit exists and fits its role (400), and lies
   * in the actor's reach at a rank the actor holds (403).
   */
  private async checkGrants(
    ctx: RequestContext,
    actor: Actor,
    grants: readonly GrantInput[],
    path: string,
    db: Executor,
  ) {
    const asGrants = grants.map((g) => ({
      role: g.role,
      divisionId: g.divisionId ?? null,
      gridId: g.gridId ?? null,
      department: g.department ?? null,
    }));
    const unitOf = await this.units(asGrants, db);
    const problems = [];
    let beyond = false;
    for (const [i, g] of asGrants.entries()) {
      const unit = unitOf(g);
      const problem = unitProblem(g, unit);
      if (problem === 'unit_kind') {
        const fits = ROLE_UNITS[g.role];
        problems.push({
          path: `${path}.${i}.${g.gridId !== null ? 'gridId' : 'divisionId'}`,
          message: unit
            ? this.msg(
                ctx,
                `该角色须授予在${[...fits.levels.map(levelZh), ...(fits.gridKinds.length ? ['网格'] : [])].join('或')}上`,
                `This role is granted over a ${[...fits.levels, ...(fits.gridKinds.length ? ['grid'] : [])].join(' or ')}`,
              )
            : this.msg(ctx, '找不到该区划或网格', 'No such division or grid'),
        });
      } else if (problem === 'department') {
        problems.push({
          path: `${path}.${i}.department`,
          message: this.msg(
            ctx,
            '部门工作人员须指定所属部门，其他角色不填',
            'Department staff need a department; other roles none',
          ),
        });
      } else if (unit && !mayGrant(actor.grants, g.role, unit)) beyond = true;
    }
    if (problems.length > 0) throw new AppError('validation_failed', {}, problems);
    // Nobody grants what they do not hold: outside one's area or above one's own role.
    if (beyond) throw new AppError('forbidden');
    return { grants: asGrants, unitOf };
  }

  private async placeOf(grants: readonly Grant[], db: Executor): Promise<OrgPlace | undefined> {
    const first = grants[0];
    if (!first) return undefined;
    if (first.gridId !== null) return (await this.org.placeOfGrid(first.gridId, db)) ?? undefined;
    return { divisionId: first.divisionId, gridId: null };
  }

  private async assertFree(
    ctx: RequestContext,
    db: Executor,
    username: string | null,
    phone: string | null,
    self?: number,
  ) {
    if (username !== null && (await repo.usernameTaken(db, username)))
      throw new AppError('conflict', { reason: this.msg(ctx, '用户名已被使用', 'username taken') }, [
        { path: 'body.username', message: this.msg(ctx, '该用户名已被使用', 'This username is taken') },
      ]);
    if (phone !== null) {
      const owner = await repo.phoneTakenBy(db, phone);
      if (owner !== undefined && owner !== self)
        throw new AppError('conflict', { reason: this.msg(ctx, '手机号已被使用', 'phone taken') }, [
          {
            path: 'body.phone',
            message: this.msg(ctx, '该手机号已绑定其他账号', 'Another account has this phone number'),
          },
        ]);
    }
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.CreateUserBody>) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'auth.user.manage');
    const now = this.clock.now();
    const password = initialPassword();
    const passwordHash = await hashPassword(password);
    try {
      return await this.db.transaction().execute(async (trx) => {
        const { grants } = await this.checkGrants(ctx, actor, body.grants, 'body.grants', trx);
        await this.assertFree(ctx, trx, body.username, body.phone ?? null);
        const id = await repo.insertUser(
          trx,
          {
            username: body.username,
            phone: body.phone ?? null,
            displayName: body.displayName,
            passwordHash,
            personId: null,
          },
          now,
        );
        await repo.setInitialPassword(trx, id, passwordHash, now);
        await repo.insertGrants(trx, id, grants, now);
        await this.audit.record(trx, ctx, {
          action: 'auth.user.create',
          entityType: 'user',
          entityId: id,
          place: await this.placeOf(grants, trx),
          details: {
            username: body.username,
            name: body.displayName,
            roles: grants.map((g) => g.role).join(','),
          },
        });
        const row = await repo.adminUserById(trx, id);
        return { user: (await this.present(actor, [row!], trx))[0]!, initialPassword: password };
      });
    } catch (e) {
      if (isUniqueViolation(e))
        throw new AppError('conflict', { reason: this.msg(ctx, '用户名或手机号已被使用', 'username or phone taken') });
      throw e;
    }
  }

  /** The account, if the actor may change it: in reach, every role within the actor's power, not the actor's own. */
  private async loadManageable(ctx: RequestContext, actor: Actor, userId: number, db: Executor) {
    const row = await this.loadInReach(actor, userId, db);
    if (row.id === actor.userId)
      throw new AppError('conflict', { reason: this.msg(ctx, '不能在此修改自己的账号', 'not on your own account') });
    const unitOf = await this.units(row.grants, db);
    if (!this.manageable(actor, row.grants, unitOf)) throw new AppError('forbidden');
    return row;
  }

  private async changed(actor: Actor, userId: number, db: Executor) {
    return (await this.present(actor, [(await repo.adminUserById(db, userId))!], db))[0]!;
  }

  async update(ctx: RequestContext, userId: number, body: z.infer<typeof S.UpdateUserBody>) {
    const actor = requireActor(ctx.actor);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.loadManageable(ctx, actor, userId, trx);
      if (body.phone) await this.assertFree(ctx, trx, null, body.phone, row.id);
      const now = this.clock.now();
      await repo.updateUserProfile(
        trx,
        row.id,
        {
          ...(body.displayName !== undefined ? { display_name: body.displayName } : {}),
          ...(body.phone !== undefined ? { phone: body.phone } : {}),
        },
        now,
      );
      await this.audit.record(trx, ctx, {
        action: 'auth.user.update',
        entityType: 'user',
        entityId: row.id,
        place: await this.placeOf(row.grants, trx),
        details: {
          ...(body.displayName !== undefined ? { name: body.displayName } : {}),
          ...(body.phone !== undefined ? { phone: maskPhone(body.phone) } : {}),
        },
      });
      return this.changed(actor, row.id, trx);
    });
  }

  async addGrant(ctx: RequestContext, userId: number, body: GrantInput) {
    const actor = requireActor(ctx.actor);
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await this.loadInReach(actor, userId, trx);
      if (row.id === actor.userId)
        throw new AppError('conflict', { reason: this.msg(ctx, '不能给自己授予角色', 'not to yourself') });
      const { grants } = await this.checkGrants(ctx, actor, [body], 'body', trx);
      try {
        await repo.insertGrants(trx, row.id, grants, this.clock.now());
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('conflict', { reason: this.msg(ctx, '已有该角色', 'role already held') });
        throw e;
      }
      await this.audit.record(trx, ctx, {
        action: 'auth.grant.add',
        entityType: 'user',
        entityId: row.id,
        place: await this.placeOf(grants, trx),
        details: { role: body.role, ...(body.department ? { department: body.department } : {}) },
      });
      return this.changed(actor, row.id, trx);
    });
    this.forgetSessionsOf(userId);
    return result;
  }

  async removeGrant(ctx: RequestContext, userId: number, grantId: number) {
    const actor = requireActor(ctx.actor);
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await this.loadInReach(actor, userId, trx);
      if (row.id === actor.userId)
        throw new AppError('conflict', { reason: this.msg(ctx, '不能撤销自己的角色', 'not your own roles') });
      const grant = row.grants.find((g) => g.id === grantId);
      if (!grant) throw new AppError('not_found');
      const unitOf = await this.units([grant], trx);
      const unit = unitOf(grant);
      if (!unit || !mayGrant(actor.grants, grant.role, unit)) throw new AppError('forbidden');
      await repo.deleteGrant(trx, grantId);
      await this.audit.record(trx, ctx, {
        action: 'auth.grant.remove',
        entityType: 'user',
        entityId: row.id,
        place: await this.placeOf([grant], trx),
        details: { role: grant.role, ...(grant.department ? { department: grant.department } : {}) },
      });
      return this.changed(actor, row.id, trx);
    });
    this.forgetSessionsOf(userId);
    return result;
  }

  /** Deactivates or reactivates an account; a deactivated account's sessions end at once. */
  async setActive(ctx: RequestContext, userId: number, active: boolean) {
    const actor = requireActor(ctx.actor);
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await this.loadManageable(ctx, actor, userId, trx);
      const now = this.clock.now();
      await repo.setUserStatus(trx, row.id, active ? 'active' : 'disabled', now);
      if (!active) await repo.deleteSessionsOf(trx, row.id);
      await this.audit.record(trx, ctx, {
        action: active ? 'auth.user.reactivate' : 'auth.user.deactivate',
        entityType: 'user',
        entityId: row.id,
        place: await this.placeOf(row.grants, trx),
      });
      return this.changed(actor, row.id, trx);
    });
    // After the commit, so no request can put a session back in between.
    this.forgetSessionsOf(userId);
    return result;
  }

  /** Clears the failed sign-ins counted against the account, from every source. */
  async unlock(ctx: RequestContext, userId: number) {
    const actor = requireActor(ctx.actor);
    return this.db.transaction().execute(async (trx) => {
      const row = await this.loadManageable(ctx, actor, userId, trx);
      await repo.clearFailuresOfUser(trx, row.id);
      await this.audit.record(trx, ctx, {
        action: 'auth.user.unlock',
        entityType: 'user',
        entityId: row.id,
        place: await this.placeOf(row.grants, trx),
      });
      return this.changed(actor, row.id, trx);
    });
  }

  /** A new one-time password (shown once), to be changed at the next sign-in; every session ends. */
  /**
   * A one-time password, shown once to the administrator or sent by SMS to the account's phone
   * (then never shown); every session of the account ends.
   */
  async resetPassword(ctx: RequestContext, userId: number, via: 'screen' | 'sms') {
    const actor = requireActor(ctx.actor);
    const password = initialPassword();
    const passwordHash = await hashPassword(password);
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await this.loadManageable(ctx, actor, userId, trx);
      if (via === 'sms' && !row.phone)
        throw new AppError('conflict', {
          reason: this.msg(ctx, '该账号没有手机号，无法短信发送', 'the account has no phone number to send it to'),
        });
      await repo.setInitialPassword(trx, row.id, passwordHash, this.clock.now());
      await repo.deleteSessionsOf(trx, row.id);
      await repo.clearFailuresOfUser(trx, row.id);
      if (via === 'sms')
        await this.messages.send(trx, {
          to: { phone: row.phone! },
          channel: 'sms',
          kind: 'password_reset',
          params: { password },
          entity: { type: 'user', id: row.id },
          divisionId: (await this.placeOf(row.grants, trx))?.divisionId ?? null,
        });
      await this.audit.record(trx, ctx, {
        action: 'auth.user.password_reset',
        entityType: 'user',
        entityId: row.id,
        place: await this.placeOf(row.grants, trx),
        details: { via },
      });
      return {
        user: await this.changed(actor, row.id, trx),
        initialPassword: via === 'screen' ? password : null,
        sentTo: via === 'sms' ? maskPhone(row.phone) : null,
      };
    });
    this.forgetSessionsOf(userId);
    return result;
  }
}

function levelZh(level: string) {
  return { province: '省', city: '市', district: '区县', street: '街道', community: '社区' }[level] ?? level;
}
