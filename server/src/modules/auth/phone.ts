import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { type Actor, requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone, normalizeIdNumber, normalizePhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { MessagesService } from '../notifications/messages.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import * as phoneRepo from './repository-phone.ts';
import { hashPassword, sha256, type AuthService } from './service.ts';

/** Wrong guesses one code survives before it is spent. */
const CODE_MAX_ATTEMPTS = 5;
/** A second code to the same phone no sooner than this. */
const RESEND_SECONDS = 60;

const codeHash = (phoneKey: string, code: string) => sha256(`code:${phoneKey}:${code}`);
const phoneKeyOf = (phone: string) => sha256(`phone:${phone}`);

/**
 * Residents' own accounts: sign-in (and sign-up) with a code sent to their phone, real-name
 * binding to the person the community registered, and a change of phone. Answers never tell
 * whether a number has an account, nor which part of a name and ID number was wrong.
 */
export class PhoneAccountsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly messages: MessagesService,
    private readonly auth: AuthService,
    private readonly config: Pick<
      Config,
      | 'PHONE_CODE_TTL_MINUTES'
      | 'PHONE_CODE_PER_PHONE_PER_HOUR'
      | 'PHONE_CODE_PER_IP_PER_HOUR'
      | 'BIND_ATTEMPTS_PER_HOUR'
    >,
  ) {}

  private msg(ctx: RequestContext, zh: string, en: string) {
    return ctx.locale === 'en' ? en : zh;
  }

  private phoneOrFail(ctx: RequestContext, raw: string, path: string) {
    const phone = normalizePhone(raw);
    if (!phone)
      throw new AppError('validation_failed', {}, [
        { path, message: this.msg(ctx, '请输入 11 位手机号', 'An 11-digit mobile number') },
      ]);
    return phone;
  }

  /** Sends a one-time code by SMS: at most one a minute and a few an hour per phone, and per address. */
  async requestCode(ctx: RequestContext, body: { phone: string; purpose: 'login' | 'change_phone' }) {
    if (body.purpose === 'change_phone') requireActor(ctx.actor);
    const phone = this.phoneOrFail(ctx, body.phone, 'body.phone');
    const key = phoneKeyOf(phone);
    const now = this.clock.now();
    const hourAgo = new Date(now.getTime() - 3_600_000);
    const recent = await phoneRepo.codesSince(this.db, { phoneKey: key }, hourAgo);
    const last = recent[0];
    if (last && now.getTime() - last.created_at.getTime() < RESEND_SECONDS * 1000)
      throw new AppError('rate_limited', {
        seconds: Math.ceil((last.created_at.getTime() + RESEND_SECONDS * 1000 - now.getTime()) / 1000),
      });
    if (recent.length >= this.config.PHONE_CODE_PER_PHONE_PER_HOUR) throw new AppError('rate_limited');
    if (
      ctx.ip &&
      (await phoneRepo.codesSince(this.db, { ip: ctx.ip }, hourAgo)).length >= this.config.PHONE_CODE_PER_IP_PER_HOUR
    )
      throw new AppError('rate_limited');
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await this.db.transaction().execute(async (trx) => {
      await phoneRepo.insertCode(trx, {
        phone_key: key,
        purpose: body.purpose,
        code_hash: codeHash(key, code),
        ip: ctx.ip,
        expires_at: new Date(now.getTime() + this.config.PHONE_CODE_TTL_MINUTES * 60_000),
        used_at: null,
        created_at: now,
      });
      await this.messages.send(trx, {
        to: { phone },
        channel: 'sms',
        kind: 'verify_code',
        params: { code, minutes: String(this.config.PHONE_CODE_TTL_MINUTES) },
        ownLimits: true,
      });
    });
    return {
      ok: true as const,
      expiresInSeconds: this.config.PHONE_CODE_TTL_MINUTES * 60,
      resendAfterSeconds: RESEND_SECONDS,
    };
  }

  /**
   * Checks a code without spending it: the newest live one for the phone and purpose. A wrong
   * guess counts; the code dies after CODE_MAX_ATTEMPTS. Every failure reads the same.
   */
  private async checkCode(ctx: RequestContext, phone: string, purpose: 'login' | 'change_phone', code: string) {
    const key = phoneKeyOf(phone);
    const now = this.clock.now();
    const live = await phoneRepo.liveCode(this.db, key, purpose, now);
    const wrong = () =>
      new AppError('validation_failed', {}, [
        {
          path: 'body.code',
          message: this.msg(ctx, '验证码错误或已失效，请重新获取', 'Wrong or expired code; ask for a new one'),
        },
      ]);
    if (!live || live.attempts >= CODE_MAX_ATTEMPTS) throw wrong();
    if (live.code_hash !== codeHash(key, code)) {
      await phoneRepo.countCodeAttempt(this.db, live.id);
      throw wrong();
    }
    return live.id;
  }

  /**
   * Signs in with a code; a phone without an account gets a resident's account in the community
   * chosen (asked for only then — the code proved the phone is theirs).
   */
  async signIn(ctx: RequestContext, body: { phone: string; code: string; communityId?: number | undefined }) {
    const phone = this.phoneOrFail(ctx, body.phone, 'body.phone');
    const codeId = await this.checkCode(ctx, phone, 'login', body.code);
    const existing = await repo.findUserByLogin(this.db, phone);
    if (existing && existing.phone === phone) {
      if (existing.status !== 'active') throw new AppError('invalid_credentials');
      if (!(await phoneRepo.spendCode(this.db, codeId, this.clock.now()))) throw new AppError('invalid_credentials');
      return { ...(await this.auth.openSession(ctx, existing, { method: 'phone_code' })), created: false };
    }
    if (body.communityId === undefined)
      throw new AppError('validation_failed', {}, [
        {
          path: 'body.communityId',
          message: this.msg(ctx, '首次登录，请选择您所在的社区', 'First sign-in: choose your community'),
        },
      ]);
    const units = await this.org.grantableUnits({ divisionIds: [body.communityId] });
    if (units.divisions.get(body.communityId)?.level !== 'community')
      throw new AppError('validation_failed', {}, [
        { path: 'body.communityId', message: this.msg(ctx, '找不到该社区', 'No such community') },
      ]);
    const now = this.clock.now();
    // Signed in by phone only; a password can be set later under 我的.
    const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
    const user = await this.db.transaction().execute(async (trx) => {
      if (!(await phoneRepo.spendCode(trx, codeId, now))) throw new AppError('invalid_credentials');
      const username = `r${randomBytes(6).toString('hex')}`;
      const id = await repo.insertUser(
        trx,
        {
          username,
          phone,
          displayName: `居民${phone.slice(-4)}`,
          passwordHash,
          passwordSet: false,
          personId: null,
          locale: ctx.locale,
        },
        now,
      );
      await repo.insertGrants(trx, id, [{ role: 'resident', divisionId: body.communityId!, gridId: null }], now);
      await this.audit.record(trx, ctx, {
        action: 'auth.signup',
        entityType: 'user',
        entityId: id,
        place: { divisionId: body.communityId!, gridId: null },
        details: { phone: maskPhone(phone) },
      });
      return { id, username };
    });
    return { ...(await this.auth.openSession(ctx, user, { method: 'phone_code' })), created: true };
  }

  /**
   * Binds the caller's account to the person the community registered, by name and ID number.
   * A few tries an hour; a miss never says which part was wrong. On success the resident's role
   * moves to the person's own community.
   */
  async bind(ctx: RequestContext, body: { name: string; idNumber: string }) {
    const actor = requireActor(ctx.actor);
    if (actor.personId !== null)
      throw new AppError('conflict', { reason: this.msg(ctx, '账号已实名绑定', 'already bound') });
    const now = this.clock.now();
    const key = sha256(`bind:user:${actor.userId}`);
    const attempt = await repo.reserveHourlyAttempt(
      this.db,
      key,
      actor.userId,
      this.config.BIND_ATTEMPTS_PER_HOUR,
      now,
    );
    if (!attempt) throw new AppError('rate_limited');
    const idNumber = normalizeIdNumber(body.idNumber);
    const person = idNumber ? await this.org.personByIdentity(body.name.trim(), idNumber) : null;
    if (!person) {
      await this.audit.record(this.db, ctx, {
        action: 'auth.bind_failed',
        entityType: 'user',
        entityId: actor.userId,
        place: actor.home ?? undefined,
        details: { tries: attempt.failed_logins },
      });
      throw new AppError('validation_failed', {}, [
        {
          path: 'body.idNumber',
          message: this.msg(
            ctx,
            '信息未能核验：请检查姓名和身份证号，或联系社区登记',
            'Could not be verified: check the name and ID number, or ask your community to register you',
          ),
        },
      ]);
    }
    await this.db.transaction().execute(async (trx) => {
      await this.bindAccountToPerson(trx, ctx, actor.userId, { ...person, name: body.name.trim() }, now);
      await repo.clearFailures(trx, [key]);
    });
    this.auth.forgetSessionsOf(actor.userId);
    return { ok: true as const };
  }

  /**
   * Binds an account to a registered person in the caller's transaction — the one way of binding,
   * by name and ID number here or by a staff invitation (invitations.ts). Refused when the person
   * has another account; the resident's role moves to the person's community. The caller forgets
   * the account's cached sessions after the commit.
   */
  async bindAccountToPerson(
    trx: Executor,
    ctx: RequestContext,
    userId: number,
    person: { personId: number; name: string; communityId: number; gridId: number | null },
    now: Date,
    details?: Record<string, string | number>,
  ) {
    if ((await repo.activeUsersOfPersons(trx, [person.personId])).length > 0)
      throw new AppError('conflict', {
        reason: this.msg(ctx, '该居民已绑定其他账号，请联系社区', 'this person has another account; ask the community'),
      });
    await phoneRepo.bindPerson(
      trx,
      userId,
      { id: person.personId, name: person.name, communityId: person.communityId },
      now,
    );
    await this.audit.record(trx, ctx, {
      action: 'auth.bind',
      entityType: 'user',
      entityId: userId,
      place: { divisionId: person.communityId, gridId: person.gridId },
      ...(details ? { details } : {}),
    });
  }

  /** Communities by name, for the sign-up form (public: the names are on every notice board). */
  communities(q: string | undefined) {
    return this.org.communitiesNamed(q);
  }

  /** A new phone number, proved by a code sent to it; the old one is kept nowhere. */
  async changePhone(ctx: RequestContext, body: { phone: string; code: string }) {
    const actor: Actor = requireActor(ctx.actor);
    const phone = this.phoneOrFail(ctx, body.phone, 'body.phone');
    const codeId = await this.checkCode(ctx, phone, 'change_phone', body.code);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const owner = await repo.phoneTakenBy(trx, phone);
      if (owner !== undefined && owner !== actor.userId)
        throw new AppError('conflict', {}, [
          { path: 'body.phone', message: this.msg(ctx, '该手机号已绑定其他账号', 'Another account has this number') },
        ]);
      if (!(await phoneRepo.spendCode(trx, codeId, now))) throw new AppError('invalid_credentials');
      await repo.updateUserProfile(trx, actor.userId, { phone }, now);
      await this.audit.record(trx, ctx, {
        action: 'auth.phone_changed',
        entityType: 'user',
        entityId: actor.userId,
        place: actor.home ?? undefined,
        details: { phone: maskPhone(phone) },
      });
    });
    return { ok: true as const };
  }
}
