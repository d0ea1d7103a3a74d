import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { hashPassword, passwordProblems, sha256 } from './service.ts';
import { initialPassword } from './users.ts';

/**
 * The first administrator of a fresh install. While no account exists the server issues a
 * setup link at start (the newest one works, once); the CLI does the same from a shell. Both
 * create the district and a district administrator over it; after that, setup is closed.
 */
/** How far apart processes started together may issue their setup links. */
const SETUP_LINKS_OVERLAP_MS = 2 * 60_000;

export class SetupService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
  ) {}

  async needed(): Promise<boolean> {
    return (await repo.firstUserId(this.db)) === undefined;
  }

  /**
   * A new one-time setup token, or null when accounts exist. Unused tokens made more than
   * SETUP_LINKS_OVERLAP_MS before stop working (a restart's new link supersedes the last); those
   * of server processes started together all work, since any one of their logs may be read.
   */
  async issueToken(): Promise<string | null> {
    if (!(await this.needed())) return null;
    const token = randomBytes(24).toString('base64url');
    const now = this.clock.now();
    await repo.replaceSetupToken(this.db, sha256(token), now, new Date(now.getTime() - SETUP_LINKS_OVERLAP_MS));
    return token;
  }

  /** Creates the district and its first administrator through the setup link. */
  async complete(ctx: RequestContext, body: z.infer<typeof S.SetupBody>) {
    const problems = passwordProblems(body.password, body.username, ctx.locale);
    if (problems.length > 0)
      throw new AppError(
        'validation_failed',
        {},
        problems.map((message) => ({ path: 'body.password', message })),
      );
    const passwordHash = await hashPassword(body.password);
    return this.createFirstAdmin(ctx, { ...body, passwordHash, mustChange: false }, body.token);
  }

  /** The CLI's way: a generated password, shown once and changed at the first sign-in. */
  async createFromShell(body: Omit<z.infer<typeof S.SetupBody>, 'token' | 'password'>) {
    const password = initialPassword();
    const ctx: RequestContext = { actor: null, locale: 'zh-CN', ip: null, userAgent: 'cli', requestId: 'cli' };
    const created = await this.createFirstAdmin(ctx, {
      ...body,
      passwordHash: await hashPassword(password),
      mustChange: true,
    });
    return { ...created, password };
  }

  private async createFirstAdmin(
    ctx: RequestContext,
    body: Omit<z.infer<typeof S.SetupBody>, 'token' | 'password'> & { passwordHash: string; mustChange: boolean },
    token?: string,
  ) {
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      // Spent before anything is checked, so a token is tried once; a wrong one is the same 403.
      if (token !== undefined && !(await repo.spendSetupToken(trx, sha256(token), now)))
        throw new AppError('forbidden');
      if ((await repo.firstUserId(trx)) !== undefined) throw new AppError('forbidden');
      const district = await this.org.createRootDivision(trx, {
        name: body.district.name,
        code: body.district.code,
        level: 'district',
      });
      const userId = await repo.insertUser(
        trx,
        {
          username: body.username,
          phone: body.phone ?? null,
          displayName: body.displayName,
          passwordHash: body.passwordHash,
          personId: null,
        },
        now,
      );
      if (body.mustChange) await repo.setInitialPassword(trx, userId, body.passwordHash, now);
      await repo.insertGrants(trx, userId, [{ role: 'district_admin', divisionId: district.id, gridId: null }], now);
      await this.audit.record(trx, ctx, {
        action: 'auth.setup',
        entityType: 'user',
        entityId: userId,
        place: { divisionId: district.id, gridId: null },
        details: { username: body.username, district: body.district.name, code: body.district.code },
      });
      return { userId, districtId: district.id };
    });
  }
}
