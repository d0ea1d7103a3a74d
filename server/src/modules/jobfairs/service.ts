import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, requirePermission, covers, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import { checkWage } from '../oddjobs/moderation.ts';
import type { OddjobsService } from '../oddjobs/service.ts';
import type { OrgService } from '../org/service.ts';
import { assertManage, assertRead, maySee, ownsBooth, placeOf } from './access.ts';
import { signDoor, verifyDoor } from './door-code.ts';
import { Interviews } from './interviews.ts';
import { presentBooth, presentFair, presentSignup } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface JobfairsOptions {
  timeZone: string;
  /** Minimum wages as the odd-job market has them (RIGHTS_*MINIMUM_WAGE*), in fen. */
  /** How long a door code stays valid; the staff screen fetches a fresh one before. */
  doorCodeMinutes: number;
  /** The key door codes are signed with (platform/secrets.ts keptKey). */
  doorKey: () => Promise<Buffer>;
}

export interface JobfairsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  oddjobs: OddjobsService;
  options: JobfairsOptions;
}

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
/** Sign-up codes: no 0/O or 1/I to misread at the door. */
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const newCode = () => Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');

/**
 * Job fairs (招聘会, 家门口的招聘会, seed 003): staff of a street or community set up a fair and
 * publish it; approved odd-job employers take booths and list positions (the local minimum wage
 * checked as in the odd-job market); seekers sign up (one each, within capacity) and sign in at
 * the door with the staff's rotating code or their sign-up code. Interviews, offers, hires,
 * 30-day follow-ups and the report are in interviews.ts.
 */
export class JobfairsService {
  readonly interviews: Interviews;

  constructor(private readonly d: JobfairsDeps) {
    this.interviews = new Interviews(d, this);
  }

  // ----- fairs -----

  async create(ctx: RequestContext, body: z.infer<typeof S.FairBody>): Promise<View<typeof S.FairView>> {
    const actor = requireActor(ctx.actor);
    const scope = requirePermission(actor, 'jobfairs.manage');
    const division = (await this.d.org.divisionsAtLevels(['street', 'community'])).find(
      (x) => x.id === body.divisionId,
    );
    if (!division) throw invalid('body.divisionId', 'jobfairs.not_division');
    if (!covers(scope, { divisionId: division.id, gridId: null })) throw new AppError('forbidden');
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    const now = this.d.clock.now();
    if (endsAt <= startsAt) throw invalid('body.endsAt', 'oddjobs.ends_before_start');
    if (endsAt <= now) throw invalid('body.endsAt', 'oddjobs.ends_in_past');
    const row = await this.d.db.transaction().execute(async (trx) => {
      const f = await repo.insertFair(trx, {
        division_id: division.id,
        title: body.title,
        description: body.description,
        place_name: body.placeName,
        starts_at: startsAt,
        ends_at: endsAt,
        capacity: body.capacity,
        created_by: actor.userId,
        published_at: null,
        closed_at: null,
        created_at: now,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'jobfairs.fair.create',
        entityType: 'jobfairs_fair',
        entityId: f.id,
        place: placeOf(f),
        details: { title: f.title, capacity: f.capacity },
      });
      return f;
    });
    return presentFair(row, division.name, 0);
  }

  /** Publish a draft, or close a draft or a published fair. */
  async setStatus(ctx: RequestContext, id: number, to: 'published' | 'closed'): Promise<View<typeof S.FairView>> {
    const actor = requireActor(ctx.actor);
    const fair = await repo.fairById(this.d.db, id);
    assertManage(actor, fair);
    if (to === 'published' ? fair.status !== 'draft' : fair.status === 'closed') throw this.badStep();
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateFair(trx, id, {
        status: to,
        ...(to === 'published' ? { published_at: now } : { closed_at: now }),
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: to === 'published' ? 'jobfairs.fair.publish' : 'jobfairs.fair.close',
        entityType: 'jobfairs_fair',
        entityId: id,
        place: placeOf(fair),
        details: { from: fair.status },
      });
    });
    return (await this.fairPage([(await repo.fairById(this.d.db, id))!], 1)).items[0]!;
  }

  /** Staff: the fairs of their streets and communities, newest first. */
  async list(ctx: RequestContext, q: z.infer<typeof S.FairListQuery>): Promise<View<typeof S.FairList>> {
    const actor = requireActor(ctx.actor);
    const scope = requirePermission(actor, 'jobfairs.read');
    const divisionIds =
      q.divisionId === undefined
        ? scope.divisionIds
        : (await this.d.org.divisionsUnder(q.divisionId)).filter((x) => scope.divisionIds.includes(x));
    const after = decodeCursor(q.cursor);
    const rows = await repo.listFairs(this.d.db, {
      divisionIds,
      status: q.status,
      q: q.q,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    return this.fairPage(rows, q.limit);
  }

  /** Anyone signed in: published fairs not yet over, soonest first; near=yes keeps those of my street. */
  async upcoming(ctx: RequestContext, q: z.infer<typeof S.UpcomingQuery>): Promise<View<typeof S.FairList>> {
    const actor = requireActor(ctx.actor);
    let divisionIds: number[] | undefined;
    if (q.divisionId !== undefined) divisionIds = await this.d.org.divisionsUnder(q.divisionId);
    if (q.near === 'yes') {
      const home = actor.home?.divisionId ?? null;
      const street = home === null ? undefined : (await this.d.org.enclosingAt([home], 'street')).get(home)?.id;
      const near = street ? await this.d.org.divisionsUnder(street) : home === null ? [] : [home];
      divisionIds = divisionIds ? divisionIds.filter((x) => near.includes(x)) : near;
    }
    const after = decodeCursor(q.cursor);
    if (after && (typeof after.sort !== 'string' || Number.isNaN(Date.parse(after.sort))))
      throw new AppError('bad_request', { reason: 'cursor' }, [{ path: 'query.cursor', message: 'invalid cursor' }]);
    const rows = await repo.upcomingFairs(this.d.db, {
      now: this.d.clock.now(),
      q: q.q,
      divisionIds,
      ...(after ? { after: { startsAt: new Date(after.sort as string), id: after.id } } : {}),
      limit: q.limit,
    });
    const page = await this.fairPage(rows, q.limit);
    const last = rows[Math.min(rows.length, q.limit) - 1];
    if (page.nextCursor && last) page.nextCursor = encodeCursor({ sort: last.starts_at.toISOString(), id: last.id });
    return page;
  }

  /** A fair with its booths and positions, and the caller's own sign-up. */
  async get(ctx: RequestContext, id: number): Promise<View<typeof S.FairDetail>> {
    const actor = requireActor(ctx.actor);
    const fair = await repo.fairById(this.d.db, id);
    if (!fair || !maySee(actor, fair)) throw new AppError('not_found');
    const [view] = (await this.fairPage([fair], 1)).items;
    const booths = await repo.boothsOfFair(this.d.db, id);
    const positions = await repo.positionsOfBooths(
      this.d.db,
      booths.map((b) => b.id),
    );
    const mine = await repo.signupOf(this.d.db, id, actor.userId);
    return {
      ...view!,
      booths: booths.map((b) => presentBooth(b, positions)),
      mySignup: mine ? presentSignup(mine, true) : null,
    };
  }

  // ----- booths and positions -----

  /** An employer the odd-job market has approved takes a booth at a fair not yet closed. */
  async takeBooth(ctx: RequestContext, fairId: number): Promise<View<typeof S.BoothView>> {
    const actor = requireActor(ctx.actor);
    const fair = await this.visibleFair(actor, fairId);
    if (fair.status === 'closed') throw new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.closed' }]);
    // The odd-job market decides who is a verified employer (its review of the credit code).
    const { employer } = await this.d.oddjobs.myEmployer(ctx);
    if (employer?.status !== 'approved')
      throw new AppError('forbidden', {}, [{ path: 'employer', key: 'oddjobs.employer_not_approved' }]);
    const now = this.d.clock.now();
    try {
      const booth = await this.d.db.transaction().execute(async (trx) => {
        const b = await repo.insertBooth(trx, {
          fair_id: fair.id,
          employer_id: employer.id,
          employer_user_id: actor.userId,
          employer_name: employer.name,
          created_at: now,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'jobfairs.booth.create',
          entityType: 'jobfairs_booth',
          entityId: b.id,
          place: placeOf(fair),
          details: { fairId: fair.id, employer: employer.name },
        });
        return b;
      });
      return presentBooth(booth, []);
    } catch (error) {
      if (isUniqueViolation(error, 'jobfairs_booths_once'))
        throw new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.booth_taken' }]);
      throw error;
    }
  }

  /** A position at the employer's own booth: refused below the local minimum wage. */
  async addPosition(
    ctx: RequestContext,
    boothId: number,
    body: z.infer<typeof S.PositionBody>,
  ): Promise<View<typeof S.PositionView>> {
    const actor = requireActor(ctx.actor);
    const booth = await repo.boothById(this.d.db, boothId);
    if (!booth || !ownsBooth(actor, booth)) throw new AppError('not_found');
    const fair = (await repo.fairById(this.d.db, booth.fair_id))!;
    if (fair.status === 'closed') throw new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.closed' }]);
    if (body.wageUnit === 'piece' && !body.piecesPerHour)
      throw invalid('body.piecesPerHour', 'oddjobs.piece_rate_required');
    const city = await this.d.oddjobs.cityOf(fair.division_id);
    const pieces = body.piecesPerHour ?? null;
    const wage = checkWage(body.wageFen, body.wageUnit, pieces, city);
    if (!wage.ok)
      throw invalid('body.wageFen', 'oddjobs.below_minimum', {
        city: city.name || '—',
        wage: yuan(wage.comparedFen),
        minimum: yuan(wage.minimumFen),
      });
    const now = this.d.clock.now();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const p = await repo.insertPosition(trx, {
        booth_id: booth.id,
        fair_id: fair.id,
        title: body.title,
        headcount: body.headcount,
        wage_fen: body.wageFen,
        wage_unit: body.wageUnit,
        pieces_per_hour: pieces,
        city: city.name,
        minimum_fen: wage.minimumFen,
        created_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'jobfairs.position.create',
        entityType: 'jobfairs_position',
        entityId: p.id,
        place: placeOf(fair),
        details: { boothId: booth.id, title: p.title, headcount: p.headcount, wageFen: p.wage_fen },
      });
      return p;
    });
    return {
      id: row.id,
      boothId: row.booth_id,
      title: row.title,
      headcount: row.headcount,
      wageFen: row.wage_fen,
      wageUnit: row.wage_unit,
      minimumFen: row.minimum_fen,
    };
  }

  /** The employer's own booths, newest first, with their positions. */
  async myBooths(ctx: RequestContext): Promise<View<typeof S.BoothList>> {
    const actor = requireActor(ctx.actor);
    const booths = await repo.boothsOfUser(this.d.db, actor.userId);
    const positions = await repo.positionsOfBooths(
      this.d.db,
      booths.map((b) => b.id),
    );
    return { items: booths.map((b) => presentBooth(b, positions)) };
  }

  // ----- sign-ups and the door -----

  /** A seeker signs up once for a published fair, within its capacity. */
  async signUp(ctx: RequestContext, fairId: number): Promise<View<typeof S.SignupView>> {
    const actor = requireActor(ctx.actor);
    const fair = await this.visibleFair(actor, fairId);
    const now = this.d.clock.now();
    if (fair.status !== 'published' || fair.ends_at <= now) throw this.notOpen();
    const contact = await this.d.auth.contactOf(actor.userId);
    try {
      const row = await this.d.db.transaction().execute(async (trx) => {
        // The fair's row is the lock that keeps two last sign-ups from both taking the last place.
        const locked = await repo.fairForUpdate(trx, fairId);
        if (locked?.status !== 'published') throw this.notOpen();
        if (await repo.signupOf(trx, fairId, actor.userId))
          throw new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.already_signed_up' }]);
        if ((await repo.countSignups(trx, fairId)) >= locked.capacity)
          throw new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.full' }]);
        const s = await repo.insertSignup(trx, {
          fair_id: fairId,
          user_id: actor.userId,
          name: contact?.name ?? actor.displayName,
          phone: contact?.phone ?? null,
          code: newCode(),
          signed_in_at: null,
          signed_in_via: null,
          signed_in_by: null,
          created_at: now,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'jobfairs.signup',
          entityType: 'jobfairs_signup',
          entityId: s.id,
          place: placeOf(fair),
          details: { fairId },
        });
        return s;
      });
      return presentSignup(row, true);
    } catch (error) {
      if (isUniqueViolation(error, 'jobfairs_signups_once'))
        throw new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.already_signed_up' }]);
      throw error;
    }
  }

  async mySignups(ctx: RequestContext): Promise<View<typeof S.MySignupList>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.signupsOfUser(this.d.db, actor.userId);
    const fairs = await this.fairPage(
      await repo.fairsByIds(this.d.db, [...new Set(rows.map((s) => s.fair_id))]),
      rows.length || 1,
    );
    const byId = new Map(fairs.items.map((f) => [f.id, f]));
    return { items: rows.map((s) => ({ ...presentSignup(s, true), fair: byId.get(s.fair_id)! })) };
  }

  /** Staff: the rotating door code for a published fair, signed and valid for minutes. */
  async doorCode(ctx: RequestContext, fairId: number): Promise<View<typeof S.DoorCodeView>> {
    const actor = requireActor(ctx.actor);
    const fair = await repo.fairById(this.d.db, fairId);
    assertManage(actor, fair);
    if (fair.status !== 'published') throw this.notOpen();
    const expiresAt = new Date(this.d.clock.now().getTime() + this.d.options.doorCodeMinutes * 60_000);
    return {
      token: signDoor(await this.d.options.doorKey(), { fairId, expiresAt }),
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** The seeker's phone submits the door code: signature, expiry and fair checked. */
  async checkIn(ctx: RequestContext, fairId: number, token: string): Promise<View<typeof S.SignupView>> {
    const actor = requireActor(ctx.actor);
    const fair = await this.visibleFair(actor, fairId);
    const now = this.d.clock.now();
    const check = verifyDoor(await this.d.options.doorKey(), token, now);
    if (!check.ok) throw invalid('body.token', check.reason === 'expired' ? 'oddjobs.qr_expired' : 'oddjobs.qr_forged');
    if (check.claim.fairId !== fair.id) throw invalid('body.token', 'oddjobs.qr_wrong_code');
    if (fair.status !== 'published') throw this.notOpen();
    const signup = await repo.signupOf(this.d.db, fairId, actor.userId);
    if (!signup) throw new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.not_signed_up' }]);
    return presentSignup(await this.signIn(ctx, fair, signup, 'qr', null), true);
  }

  /** Staff sign a seeker in by the sign-up code they show. */
  async staffSignIn(ctx: RequestContext, fairId: number, code: string): Promise<View<typeof S.SignupView>> {
    const actor = requireActor(ctx.actor);
    const fair = await repo.fairById(this.d.db, fairId);
    assertManage(actor, fair);
    if (fair.status !== 'published') throw this.notOpen();
    const signup = await repo.signupByCode(this.d.db, fairId, code.toUpperCase());
    if (!signup) throw new AppError('not_found', {}, [{ path: 'body.code', key: 'jobfairs.unknown_code' }]);
    return presentSignup(await this.signIn(ctx, fair, signup, 'staff', actor.userId), false);
  }

  /** Staff: a fair's sign-ups, newest first; names and phones masked. */
  async signups(
    ctx: RequestContext,
    fairId: number,
    q: z.infer<typeof S.SignupListQuery>,
  ): Promise<View<typeof S.SignupList>> {
    const actor = requireActor(ctx.actor);
    assertRead(actor, await repo.fairById(this.d.db, fairId));
    const after = decodeCursor(q.cursor);
    const rows = await repo.listSignups(this.d.db, {
      fairId,
      signedIn: q.signedIn === undefined ? undefined : q.signedIn === 'yes',
      code: q.q,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    return toPage(
      rows,
      q.limit,
      (s) => presentSignup(s, false),
      (s) => ({ sort: null, id: s.id }),
    );
  }

  // ----- helpers shared with interviews.ts -----

  today(): string {
    return localParts(this.d.clock.now(), this.d.options.timeZone).date;
  }

  badStep() {
    return new AppError('conflict', {}, [{ path: 'status', key: 'jobfairs.bad_step' }]);
  }

  notOpen() {
    return new AppError('conflict', {}, [{ path: 'fair', key: 'jobfairs.not_open' }]);
  }

  async visibleFair(actor: Actor, id: number): Promise<repo.FairRow> {
    const fair = await repo.fairById(this.d.db, id);
    if (!fair || !maySee(actor, fair)) throw new AppError('not_found');
    return fair;
  }

  async fairPage(rows: repo.FairRow[], limit: number): Promise<View<typeof S.FairList>> {
    const names = (await this.d.org.names({ divisionIds: [...new Set(rows.map((f) => f.division_id))] })).divisions;
    const counts = await repo.signupCounts(
      this.d.db,
      rows.map((f) => f.id),
    );
    return toPage(
      rows,
      limit,
      (f) => presentFair(f, names.get(f.division_id) ?? '', counts.get(f.id) ?? 0),
      (f) => ({ sort: null, id: f.id }),
    );
  }

  private async signIn(
    ctx: RequestContext,
    fair: repo.FairRow,
    signup: repo.SignupRow,
    via: 'qr' | 'staff',
    by: number | null,
  ): Promise<repo.SignupRow> {
    const now = this.d.clock.now();
    return this.d.db.transaction().execute(async (trx) => {
      const done = await repo.signIn(trx, signup.id, { at: now, via, by });
      // Signed in already: the earlier sign-in stands, and answering it again is harmless.
      if (!done) return signup;
      await this.d.audit.record(trx, ctx, {
        action: via === 'qr' ? 'jobfairs.signin.qr' : 'jobfairs.signin.staff',
        entityType: 'jobfairs_signup',
        entityId: signup.id,
        place: placeOf(fair),
        details: { fairId: fair.id },
      });
      return done;
    });
  }
}
