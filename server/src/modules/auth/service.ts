import { createHash, randomBytes } from 'node:crypto';
import type { ProcessSignals } from '../../platform/process-signals.ts';
import { hash, verify } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { Config } from '../../config.ts';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import {
  requireActor,
  type OrgPlace,
  type Actor,
  type Grant,
  type ResolvedGrant,
  type Role,
  STAFF_ROLES,
} from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuthenticatedSession } from '../../platform/http.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import { csrfTokensMatch } from './access.ts';
import { maskLogin, presentMe } from './presenters.ts';
import * as repo from './repository.ts';
import type { MeView } from './schema.ts';

// Argon2id (algorithm 2) with the OWASP-recommended cost: 19 MiB, 2 passes.
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export async function hashPassword(password: string) {
  return hash(password, ARGON2);
}

// Verified against when the login names no user, so that the answer takes as long
// as for a real user and does not tell which usernames exist.
let dummyHash: Promise<string> | null = null;

export const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export type SessionInfo = AuthenticatedSession;

export class AuthService {
  /**
   * Resolved sessions, kept a few seconds so a burst of requests does not look the
   * session up each time. Sign-out and password changes drop entries at once in this
   * process; another server process notices within SESSION_CACHE_SECONDS.
   */
  private readonly sessions: LRUCache<string, { session: SessionInfo; orgVersion: number }> | null;
  /** Counts the drops of cached sessions, so a lookup under way during one does not put back what was dropped. */
  private forgets = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly config: Pick<
      Config,
      | 'SESSION_TTL_HOURS'
      | 'LOGIN_MAX_FAILURES'
      | 'LOGIN_LOCK_MINUTES'
      | 'LOGIN_SLOWDOWN_AFTER'
      | 'LOGIN_SLOWDOWN_MAX_SECONDS'
      | 'SESSION_CACHE_SECONDS'
    >,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
  ) {
    this.sessions =
      config.SESSION_CACHE_SECONDS > 0 ? new LRUCache({ max: 20_000, ttl: config.SESSION_CACHE_SECONDS * 1000 }) : null;
  }

  private tellOthers: (topic: 'auth.user' | 'auth.session', id: number | string) => void = () => {};

  /** With several server processes: sign-outs and changed accounts reach their session caches at once. */
  shareSignOuts(signals: ProcessSignals) {
    this.tellOthers = (topic, id) => signals.tell(topic, { id });
    signals.on('auth.user', (m) => this.dropCachedSessionsOf(Number(m.id)));
    signals.on('auth.session', (m) => {
      this.forgets++;
      this.sessions?.delete(String(m.id));
    });
  }

  /** Drops the user's cached sessions (sign-out everywhere, deactivation, new roles), in every server process. */
  forgetSessionsOf(userId: number) {
    this.dropCachedSessionsOf(userId);
    this.tellOthers('auth.user', userId);
  }

  private dropCachedSessionsOf(userId: number) {
    this.forgets++;
    if (!this.sessions) return;
    for (const [key, entry] of this.sessions.entries())
      if (entry.session.actor.userId === userId) this.sessions.delete(key);
  }

  async login(ctx: RequestContext, login: string, password: string): Promise<{ token: string; me: MeView }> {
    const now = this.clock.now();
    const lockUntil = new Date(now.getTime() + this.config.LOGIN_LOCK_MINUTES * 60_000);
    const loginName = login.trim();
    const user = await repo.findUserByLogin(this.db, loginName);
    const known = user && user.status === 'active' ? user : null;
    const home = known ? await this.homePlace(known.id) : undefined;

    // Names that match no account are counted and locked the same way, so the answers do not
    // reveal which exist. The lock holds for the source that guessed only (the owner signs in
    // from elsewhere); from all sources together the account is slowed down, never locked.
    const throttle = this.throttleKeys(
      known ? `user:${known.id}` : `name:${loginName.toLowerCase()}`,
      known?.id ?? null,
      ctx,
    );
    await this.assertNotSlowed(throttle.account, now);
    const attempt = await this.reserveAttempt(throttle, now, lockUntil);

    let ok: boolean;
    if (known) {
      ok = await verify(known.password_hash, password).catch(() => false);
    } else {
      // As long as a real check, so the time taken does not tell either.
      dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
      await verify(await dummyHash, password).catch(() => false);
      ok = false;
    }
    if (!ok) {
      const lockedNow = attempt.locked_until !== null && attempt.locked_until > now;
      await this.db.transaction().execute(async (trx) => {
        await repo.countFailure(trx, throttle.account, throttle.userId, now);
        await this.audit.record(trx, ctx, {
          action: lockedNow ? 'auth.account_locked' : 'auth.login_failed',
          ...(known ? { entityType: 'user', entityId: known.id, place: home } : {}),
          details: {
            login: maskLogin(loginName),
            failures: attempt.failed_logins,
            ...(known ? {} : { reason: user ? 'disabled' : 'unknown_user' }),
          },
        });
      });
      if (lockedNow) throw new AppError('account_locked', { minutes: this.config.LOGIN_LOCK_MINUTES });
      throw new AppError('invalid_credentials');
    }

    return this.openSession(ctx, known!, { place: home, clearKeys: [throttle.source, throttle.account] });
  }

  /**
   * A new session for a user who proved who they are (a password, a code sent to their phone),
   * recorded as a sign-in.
   */
  async openSession(
    ctx: RequestContext,
    user: { id: number; username: string },
    options: { place?: OrgPlace | undefined; clearKeys?: string[]; method?: 'password' | 'phone_code' } = {},
  ): Promise<{ token: string; me: MeView }> {
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const tokenHash = sha256(token);
    const place = options.place ?? (await this.homePlace(user.id));
    await this.db.transaction().execute(async (trx) => {
      await repo.recordLoginSuccess(trx, user.id, now);
      if (options.clearKeys?.length) await repo.clearFailures(trx, options.clearKeys);
      await repo.insertSession(trx, {
        tokenHash,
        userId: user.id,
        csrfToken,
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.config.SESSION_TTL_HOURS * 3_600_000),
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      await this.audit.record(
        trx,
        { ...ctx, actor: { userId: user.id, username: user.username } as Actor },
        {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
          place,
          ...(options.method === 'phone_code' ? { details: { method: 'phone_code' } } : {}),
        },
      );
    });
    const session = await this.resolveSession(token);
    if (!session) throw new AppError('internal');
    return { token, me: presentMe(session) };
  }

  /** The keys failures are counted under: the account from this source, and the account from anywhere. */
  private throttleKeys(account: string, userId: number | null, ctx: RequestContext) {
    return { source: sha256(`source:${account}|${ctx.ip ?? ''}`), account: sha256(`account:${account}`), userId };
  }

  /**
   * Past LOGIN_SLOWDOWN_AFTER failures from all sources, each attempt must wait after the
   * last failure — a second, doubling with every failure, at most LOGIN_SLOWDOWN_MAX_SECONDS —
   * which holds off guessing from many addresses while the owner can still sign in.
   */
  private async assertNotSlowed(accountKey: string, now: Date) {
    const row = await repo.failuresOf(this.db, accountKey);
    const over = (row?.failed_logins ?? 0) - this.config.LOGIN_SLOWDOWN_AFTER;
    if (!row?.last_failed_at || over < 0) return;
    const waitMs = Math.min(2 ** over, this.config.LOGIN_SLOWDOWN_MAX_SECONDS) * 1000;
    const readyAt = row.last_failed_at.getTime() + waitMs;
    if (now.getTime() < readyAt)
      throw new AppError('rate_limited', { seconds: Math.ceil((readyAt - now.getTime()) / 1000) });
  }

  /** Counts an attempt from a source before the password is checked; 423 while that source is locked out. */
  private async reserveAttempt(throttle: { source: string; userId: number | null }, now: Date, lockUntil: Date) {
    const attempt = await repo.reserveAttempt(
      this.db,
      throttle.source,
      throttle.userId,
      this.config.LOGIN_MAX_FAILURES,
      now,
      lockUntil,
    );
    if (attempt) return attempt;
    const until = (await repo.failuresOf(this.db, throttle.source))?.locked_until;
    throw new AppError('account_locked', {
      minutes: Math.max(1, Math.ceil(((until?.getTime() ?? now.getTime()) - now.getTime()) / 60_000)),
    });
  }

  /** Where a user works, for filing their sign-ins in the audit log. */
  private async homePlace(userId: number): Promise<OrgPlace | undefined> {
    const row = await repo.userWithGrants(this.db, userId);
    return row ? ((await this.placeOf(row.grants)) ?? undefined) : undefined;
  }

  /** The first grant as a place; a grid grant is filed under the grid's community too. */
  private async placeOf(grants: readonly Grant[], db: Executor = this.db): Promise<OrgPlace | null> {
    const first = grants.find((g) => g.divisionId !== null || g.gridId !== null);
    if (!first) return null;
    if (first.gridId !== null)
      return (await this.org.placeOfGrid(first.gridId, db)) ?? { divisionId: null, gridId: first.gridId };
    return { divisionId: first.divisionId, gridId: null };
  }

  async logout(ctx: RequestContext, tokenHash: string) {
    this.sessions?.delete(tokenHash);
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteSession(trx, tokenHash);
      await this.audit.record(trx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor?.userId });
    });
    this.tellOthers('auth.session', tokenHash);
  }

  /** The signed-in user behind a session token, with grants resolved to org units; null if none. */
  async resolveSession(token: string): Promise<SessionInfo | null> {
    if (!token || token.length > 200) return null;
    const tokenHash = sha256(token);
    const now = this.clock.now();
    // A session resolved before divisions were added reaches too little: it is resolved again.
    const cached = this.sessions?.get(tokenHash);
    if (cached && cached.session.expiresAt > now && cached.orgVersion === this.org.structureVersion)
      return cached.session;
    const forgetsBefore = this.forgets;
    const orgVersion = this.org.structureVersion;
    // One query: the session, its user and the grants with the divisions they reach.
    const row = await repo.findLiveSession(this.db, tokenHash, now, this.org.placeSql);
    if (row?.status !== 'active') return null;
    const grants = row.grants.map(({ below: _, gridCommunityId: __, ...g }) => g);
    const first = row.grants.find((g) => g.divisionId !== null || g.gridId !== null);
    const session: SessionInfo = {
      tokenHash,
      csrfToken: row.csrf_token,
      expiresAt: row.expires_at,
      mustChangePassword: row.must_change_password,
      hasPassword: row.password_set,
      actor: {
        userId: row.user_id,
        username: row.username,
        displayName: row.display_name,
        locale: row.locale,
        personId: row.person_id,
        grants: grants.map((g, i) => ({ ...g, divisionIds: g.divisionId === null ? [] : row.grants[i]!.below })),
        // As placeOf: the first grant as a place, a grid filed under its community.
        home: !first
          ? null
          : first.gridId !== null
            ? { divisionId: first.gridCommunityId, gridId: first.gridId }
            : { divisionId: first.divisionId, gridId: null },
      },
    };
    if (this.forgets === forgetsBefore) this.sessions?.set(tokenHash, { session, orgVersion });
    return session;
  }

  private async resolveGrants(grants: Grant[], db: Executor = this.db): Promise<ResolvedGrant[]> {
    const divisionRoots = grants.map((g) => g.divisionId).filter((id): id is number => id !== null);
    const below = await this.org.expandDivisions(divisionRoots, db);
    return grants.map((g) => ({ ...g, divisionIds: g.divisionId === null ? [] : (below.get(g.divisionId) ?? []) }));
  }

  /** Another user as an actor, with grants resolved; null if there is no such active user. */
  async actorOf(userId: number, db: Executor = this.db): Promise<Actor | null> {
    const row = await repo.userWithGrants(db, userId);
    if (row?.status !== 'active') return null;
    return {
      userId: row.id,
      username: row.username,
      displayName: row.display_name,
      locale: row.locale,
      personId: row.person_id,
      grants: await this.resolveGrants(row.grants, db),
      home: await this.placeOf(row.grants, db),
    };
  }

  /** A user's name and whole phone number, for staff who need to call them back (audited by the caller). */
  async contactOf(userId: number, db: Executor = this.db) {
    const row = await repo.userContact(db, userId);
    return row ? { name: row.display_name, phone: row.phone } : null;
  }

  /** Users who hold one of the roles right on the given grids or divisions (not below them). */
  async usersWithRole(
    roles: readonly Role[],
    on: { gridIds?: readonly number[]; divisionIds?: readonly number[]; department?: string | undefined },
    db: Executor = this.db,
  ) {
    const rows = await repo.usersWithRoleOn(db, roles, on);
    return rows.map((r) => ({
      userId: r.id,
      displayName: r.display_name,
      role: r.role,
      gridId: r.grid_id,
      divisionId: r.division_id,
    }));
  }

  /** The active accounts of people (by person id), for messages to them (a vote's reminder). */
  async usersOfPersons(personIds: readonly number[], db: Executor = this.db): Promise<Map<number, number>> {
    if (personIds.length === 0) return new Map();
    const rows = await repo.activeUsersOfPersons(db, personIds);
    return new Map(rows.map((r) => [r.person_id!, r.id]));
  }

  /** Which of the users hold a staff role anywhere (网格员, 调解员, 社区书记 …), as opposed to residents. */
  async staffAmong(userIds: readonly number[]): Promise<Set<number>> {
    if (userIds.length === 0) return new Set();
    const rows = await repo.usersHoldingRoles(this.db, userIds, STAFF_ROLES);
    return new Set(rows.map((r) => r.user_id));
  }

  /** Checks the CSRF token of a state-changing request against its session's, in constant time. */
  csrfMatches(session: SessionInfo, presented: string | undefined) {
    return csrfTokensMatch(session.csrfToken, presented);
  }

  /** Guesses of the current password count as failed sign-ins of the account from this source. */
  private async verifyCurrentPassword(
    ctx: RequestContext,
    user: { id: number; password_hash: string },
    throttle: ReturnType<AuthService['throttleKeys']>,
    currentPassword: string | undefined,
  ) {
    if (currentPassword === undefined)
      throw new AppError('validation_failed', {}, [
        { path: 'body.currentPassword', message: this.msg(ctx, '请输入当前密码', 'Enter the current password') },
      ]);
    const now = this.clock.now();
    await this.assertNotSlowed(throttle.account, now);
    const attempt = await this.reserveAttempt(
      throttle,
      now,
      new Date(now.getTime() + this.config.LOGIN_LOCK_MINUTES * 60_000),
    );
    if (await verify(user.password_hash, currentPassword).catch(() => false)) return;
    await this.db.transaction().execute(async (trx) => {
      await repo.countFailure(trx, throttle.account, throttle.userId, now);
      await this.audit.record(trx, ctx, {
        action: 'auth.password_change_failed',
        entityType: 'user',
        entityId: user.id,
        details: { failures: attempt.failed_logins },
      });
    });
    if (attempt.locked_until !== null && attempt.locked_until > now)
      throw new AppError('account_locked', { minutes: this.config.LOGIN_LOCK_MINUTES });
    throw new AppError('validation_failed', {}, [
      { path: 'body.currentPassword', message: this.msg(ctx, '当前密码不正确', 'The current password is wrong') },
    ]);
  }

  me(ctx: RequestContext, session: SessionInfo): MeView {
    requireActor(ctx.actor);
    return presentMe(session);
  }

  /**
   * Changes one's password; the current one is asked for only once there is one (an account made
   * by phone sign-in sets its first without).
   */
  async changePassword(
    ctx: RequestContext,
    session: SessionInfo,
    currentPassword: string | undefined,
    newPassword: string,
  ) {
    const actor = requireActor(ctx.actor);
    const user = await repo.findUserById(this.db, actor.userId);
    if (!user) throw new AppError('unauthenticated');
    const throttle = this.throttleKeys(`user:${user.id}`, user.id, ctx);
    if (user.password_set) await this.verifyCurrentPassword(ctx, user, throttle, currentPassword);
    const problems = passwordProblems(newPassword, user.username, ctx.locale);
    if (problems.length > 0) {
      throw new AppError(
        'validation_failed',
        {},
        problems.map((message) => ({ path: 'body.newPassword', message })),
      );
    }
    const passwordHash = await hashPassword(newPassword);
    await this.db.transaction().execute(async (trx) => {
      await repo.updatePassword(trx, user.id, passwordHash, this.clock.now());
      await repo.clearFailures(trx, [throttle.source]);
      // Other devices signed in with the old password are signed out.
      await repo.deleteOtherSessions(trx, user.id, session.tokenHash);
      await this.audit.record(trx, ctx, { action: 'auth.password_changed', entityType: 'user', entityId: user.id });
    });
    // After the commit, so no request can put an old session back in between.
    this.forgetSessionsOf(user.id);
  }

  async purgeExpiredSessions() {
    const now = this.clock.now();
    await repo.purgeLoginFailures(this.db, new Date(now.getTime() - 24 * 3_600_000));
    return repo.deleteExpiredSessions(this.db, now);
  }

  private msg(ctx: RequestContext, zh: string, en: string) {
    return ctx.locale === 'en' ? en : zh;
  }
}

/** A new password must be at least 8 characters, mix letters and digits, and differ from the username. */
export function passwordProblems(password: string, username: string, locale: 'zh-CN' | 'en'): string[] {
  const zh = locale !== 'en';
  const problems: string[] = [];
  if (password.length < 8) problems.push(zh ? '密码至少 8 位' : 'At least 8 characters');
  if (password.length > 128) problems.push(zh ? '密码最多 128 位' : 'At most 128 characters');
  if (!/[a-zA-Z]/.test(password) || !/\d/.test(password))
    problems.push(zh ? '密码须同时包含字母和数字' : 'Must contain letters and digits');
  if (password.toLowerCase().includes(username.toLowerCase()))
    problems.push(zh ? '密码不能包含用户名' : 'Must not contain the username');
  return problems;
}
