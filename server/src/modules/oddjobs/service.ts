import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, scopeFor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { localParts, weekday } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { normalizePhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import type { RightsService } from '../rights/service.ts';
import { mayReadMarket, mayReadPosting, mayReview, ownsEmployer, placeOf } from './access.ts';
import { Attendance } from './attendance.ts';
import { HelpQueue } from './help.ts';
import { normalizeCreditCode } from './credit-code.ts';
import { cellsWithin, MATCH_RES, weekdayMask, whyLine } from './matching.ts';
import { checkWage, feeWordIn, hourlyFen } from './moderation.ts';
import { presentEmployer, presentPosting, presentSeeker } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { cellAt } from '../../platform/geo.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface OddjobsOptions {
  timeZone: string;
  /** Monthly minimum wage per city in fen (RIGHTS_MINIMUM_WAGES) and its default. */
  monthlyMinimums: Record<string, number>;
  defaultMonthlyMinimumFen: number;
  /** Hourly minimum wage per city in fen (RIGHTS_HOURLY_MINIMUM_WAGES) and its default. */
  hourlyMinimums: Record<string, number>;
  defaultHourlyMinimumFen: number;
  /** Distinct seekers a posting is shown to per local day (ODDJOBS_EXPOSURE_CAP). */
  exposureCap: number;
  /** Matched seekers told of a new posting at most (ODDJOBS_NOTIFY_LIMIT). */
  notifyLimit: number;
  /** How long a check-in or check-out QR code stays valid (ODDJOBS_QR_MINUTES). */
  qrMinutes: number;
  /** The key QR codes are signed with (ODDJOBS_QR_SECRET, else one made once and kept: platform/secrets.ts). */
  qrKey: () => Promise<Buffer>;
  /** Days since registration, with no hire, that put a seeker in the help queue (ODDJOBS_HELP_WAITING_DAYS). */
  helpWaitingDays: number;
}

export interface OddjobsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  notifications: NotificationsService;
  rights: RightsService;
  options: OddjobsOptions;
}

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/**
 * The odd-job market (零工市场, 人社部发〔2022〕38号): employers verified by their credit code and
 * by staff before their first posting; postings moderated (the local minimum wage, no fees
 * asked of workers) and pushed to the seekers they suit at once; a seeker's match list with a
 * "why this job" line and per-posting exposure caps. Applications, attendance, pay and ratings
 * are in attendance.ts.
 */
export class OddjobsService {
  readonly work: Attendance;
  readonly help: HelpQueue;

  constructor(private readonly d: OddjobsDeps) {
    this.work = new Attendance(d, this);
    this.help = new HelpQueue(d, this);
  }

  // ----- employers -----

  async registerEmployer(
    ctx: RequestContext,
    body: z.infer<typeof S.EmployerBody>,
  ): Promise<View<typeof S.EmployerView>> {
    const actor = requireActor(ctx.actor);
    const creditCode = normalizeCreditCode(body.creditCode);
    if (!creditCode) throw invalid('body.creditCode', 'oddjobs.bad_credit_code');
    const phone = normalizePhone(body.contactPhone);
    if (!phone) throw invalid('body.contactPhone', 'oddjobs.bad_phone');
    const community = await this.community(body.communityId);
    const now = this.d.clock.now();
    try {
      const row = await this.d.db.transaction().execute(async (trx) => {
        const e = await repo.insertEmployer(trx, {
          user_id: actor.userId,
          name: body.name,
          credit_code: creditCode,
          community_id: community.id,
          contact_name: body.contactName,
          contact_phone: phone,
          reviewed_by: null,
          reviewed_at: null,
          created_at: now,
          updated_at: now,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'oddjobs.employer.register',
          entityType: 'oddjobs_employer',
          entityId: e.id,
          place: placeOf(e),
          details: { name: e.name, creditCode },
        });
        return e;
      });
      return presentEmployer(row, community.name, true);
    } catch (error) {
      if (isUniqueViolation(error, 'user_id'))
        throw new AppError('conflict', {}, [{ path: 'body', key: 'oddjobs.already_registered' }]);
      if (isUniqueViolation(error, 'credit_code'))
        throw new AppError('conflict', {}, [{ path: 'body.creditCode', key: 'oddjobs.credit_code_taken' }]);
      throw error;
    }
  }

  async myEmployer(ctx: RequestContext): Promise<View<typeof S.MyEmployer>> {
    const actor = requireActor(ctx.actor);
    const e = await repo.employerOfUser(this.d.db, actor.userId);
    if (!e) return { employer: null };
    return { employer: presentEmployer(e, await this.communityName(e.community_id), true) };
  }

  /** The review queue: employers of the caller's communities, newest first; contacts masked. */
  async listEmployers(
    ctx: RequestContext,
    q: z.infer<typeof S.EmployerListQuery>,
  ): Promise<View<typeof S.EmployerList>> {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'oddjobs.read');
    if (!scope.divisionIds.length) throw new AppError('forbidden');
    const after = decodeCursor(q.cursor);
    const rows = await repo.listEmployers(this.d.db, {
      communityIds: scope.divisionIds,
      status: q.status,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    const names = await this.communityNames(rows.map((r) => r.community_id));
    return toPage(
      rows,
      q.limit,
      (e) => presentEmployer(e, names.get(e.community_id) ?? '', false),
      (e) => ({ sort: null, id: e.id }),
    );
  }

  async review(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.ReviewBody>,
  ): Promise<View<typeof S.EmployerView>> {
    const actor = requireActor(ctx.actor);
    const e = await repo.employerById(this.d.db, id);
    if (!e || !(mayReadMarket(actor, e) || ownsEmployer(actor, e))) throw new AppError('not_found');
    if (!mayReview(actor, e)) throw new AppError('forbidden');
    if (e.status !== 'pending')
      throw new AppError('conflict', {}, [{ path: 'status', key: 'oddjobs.already_reviewed' }]);
    if (body.decision === 'reject' && body.note.length < 2) throw invalid('body.note', 'field.required');
    const now = this.d.clock.now();
    const status = body.decision === 'approve' ? 'approved' : 'rejected';
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateEmployer(trx, id, {
        status,
        review_note: body.note,
        reviewed_by: actor.userId,
        reviewed_at: now,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: `oddjobs.employer.${body.decision}`,
        entityType: 'oddjobs_employer',
        entityId: id,
        place: placeOf(e),
        details: { note: body.note },
      });
      await this.d.notifications.notify(trx, [e.user_id], {
        kind: 'oddjobs.reviewed',
        title: { key: status === 'approved' ? 'notify.oddjobs.employer_approved' : 'notify.oddjobs.employer_rejected' },
        body: body.note,
        link: '/oddjobs/employer',
        entityType: 'oddjobs_employer',
        entityId: id,
      });
    });
    const fresh = (await repo.employerById(this.d.db, id))!;
    return presentEmployer(fresh, await this.communityName(e.community_id), false);
  }

  // ----- postings -----

  /**
   * A posting by a verified employer: refused if it asks workers for money or pays below the
   * local minimum; once saved, the seekers it suits are told in the same transaction.
   */
  async post(ctx: RequestContext, body: z.infer<typeof S.PostingBody>): Promise<View<typeof S.PostingCreated>> {
    const actor = requireActor(ctx.actor);
    const employer = await repo.employerOfUser(this.d.db, actor.userId);
    if (employer?.status !== 'approved')
      throw new AppError('forbidden', {}, [{ path: 'employer', key: 'oddjobs.employer_not_approved' }]);
    const word = feeWordIn(body.title, body.description);
    if (word) throw invalid('body.description', 'oddjobs.fee_wording', { word });
    if (body.wageUnit === 'piece' && !body.piecesPerHour)
      throw invalid('body.piecesPerHour', 'oddjobs.piece_rate_required');
    const startsAt = new Date(body.startsAt);
    const endsAt = new Date(body.endsAt);
    const now = this.d.clock.now();
    if (endsAt <= startsAt) throw invalid('body.endsAt', 'oddjobs.ends_before_start');
    if (endsAt <= now) throw invalid('body.endsAt', 'oddjobs.ends_in_past');
    const community = await this.community(body.communityId ?? employer.community_id);
    const city = await this.cityOf(community.id);
    const pieces = body.piecesPerHour ?? null;
    const wage = checkWage(body.wageFen, body.wageUnit, pieces, city);
    if (!wage.ok)
      throw invalid('body.wageFen', 'oddjobs.below_minimum', {
        city: city.name || '—',
        wage: yuan(wage.comparedFen),
        minimum: yuan(wage.minimumFen),
      });
    const hourly = hourlyFen(body.wageFen, body.wageUnit, pieces);
    const today = this.today();
    const { row, notified } = await this.d.db.transaction().execute(async (trx) => {
      const p = await repo.insertPosting(trx, {
        employer_id: employer.id,
        community_id: community.id,
        title: body.title,
        description: body.description,
        kind: body.kind,
        wage_fen: body.wageFen,
        wage_unit: body.wageUnit,
        pieces_per_hour: pieces,
        hourly_fen: hourly,
        city: city.name,
        minimum_fen: wage.minimumFen,
        lat: body.lat,
        lng: body.lng,
        cell7: cellAt(body.lat, body.lng, MATCH_RES),
        place_name: body.placeName,
        starts_at: startsAt,
        ends_at: endsAt,
        weekday: weekday(localParts(startsAt, this.d.options.timeZone).date) || 7,
        skills: body.skills,
        certificates: body.certificates,
        headcount: body.headcount,
        exposure_day: null,
        created_at: now,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'oddjobs.posting.create',
        entityType: 'oddjobs_posting',
        entityId: p.id,
        place: placeOf(p),
        details: { title: p.title, wageFen: p.wage_fen, wageUnit: p.wage_unit },
      });
      // 即时快招: the seekers it suits hear of it now, within the exposure cap.
      const seekers = await repo.seekersFor(trx, p, {
        cells: cellsWithin(p.lat, p.lng, 10_000),
        limit: Math.min(this.d.options.notifyLimit, this.d.options.exposureCap),
      });
      const mine = seekers.filter((s) => s.user_id !== actor.userId);
      await this.d.notifications.notify(
        trx,
        mine.map((s) => s.user_id),
        {
          kind: 'oddjobs.match',
          title: { key: 'notify.oddjobs.match', params: { title: p.title, wage: yuan(p.hourly_fen) } },
          body: `${employer.name} · ${p.place_name}`,
          link: '/oddjobs',
          entityType: 'oddjobs_posting',
          entityId: p.id,
        },
      );
      await repo.recordExposures(
        trx,
        mine.map((s) => ({ postingId: p.id, seekerId: s.id })),
        today,
      );
      return { row: p, notified: mine.length };
    });
    return { ...presentPosting(row, employer.name, community.name), notified };
  }

  /** The employer's own postings, newest first. */
  async myPostings(ctx: RequestContext, q: z.infer<typeof S.PostingListQuery>): Promise<View<typeof S.PostingList>> {
    const actor = requireActor(ctx.actor);
    const employer = await repo.employerOfUser(this.d.db, actor.userId);
    if (!employer) return { items: [], nextCursor: null };
    const after = decodeCursor(q.cursor);
    const rows = await repo.listPostings(this.d.db, {
      employerId: employer.id,
      status: q.status,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    return this.postingPage(rows, q.limit);
  }

  /** Staff: the postings of their communities. */
  async listPostings(ctx: RequestContext, q: z.infer<typeof S.PostingListQuery>): Promise<View<typeof S.PostingList>> {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'oddjobs.read');
    if (!scope.divisionIds.length) throw new AppError('forbidden');
    const after = decodeCursor(q.cursor);
    const rows = await repo.listPostings(this.d.db, {
      communityIds: scope.divisionIds,
      status: q.status,
      ...(after ? { afterId: after.id } : {}),
      limit: q.limit,
    });
    return this.postingPage(rows, q.limit);
  }

  async getPosting(ctx: RequestContext, id: number): Promise<View<typeof S.PostingView>> {
    const actor = requireActor(ctx.actor);
    const { posting, employer } = await this.readablePosting(actor, id);
    return presentPosting(posting, employer.name, await this.communityName(posting.community_id));
  }

  // ----- seekers and matching -----

  async saveSeeker(ctx: RequestContext, body: z.infer<typeof S.SeekerBody>): Promise<View<typeof S.SeekerView>> {
    const actor = requireActor(ctx.actor);
    // A named community is checked; else the seeker's home place (a courier's is their street).
    const community = body.communityId
      ? await this.community(body.communityId)
      : { id: actor.home?.divisionId ?? null };
    if (community.id === null) throw invalid('body.communityId', 'oddjobs.community_required');
    const year = Number(this.today().slice(0, 4));
    if (body.birthYear !== null && (body.birthYear > year - 16 || body.birthYear < year - 100))
      throw invalid('body.birthYear', 'field.invalid');
    const now = this.d.clock.now();
    const row = await repo.upsertSeeker(this.d.db, {
      user_id: actor.userId,
      community_id: community.id,
      skills: body.skills,
      certificates: body.certificates,
      lat: body.lat,
      lng: body.lng,
      cell7: cellAt(body.lat, body.lng, MATCH_RES),
      radius_m: body.radiusM,
      expected_hourly_fen: body.expectedHourlyFen,
      weekdays: weekdayMask(body.weekdays),
      birth_year: body.birthYear,
      declared_disabled: body.disabled,
      created_at: now,
      updated_at: now,
    });
    return presentSeeker(row);
  }

  async mySeeker(ctx: RequestContext): Promise<View<typeof S.MySeeker>> {
    const actor = requireActor(ctx.actor);
    const s = await repo.seekerOfUser(this.d.db, actor.userId);
    return { seeker: s ? presentSeeker(s) : null };
  }

  /**
   * The seeker's match list, best first, each with why it suits them; postings shown are counted
   * against their exposure cap (once per seeker and day).
   */
  async matches(ctx: RequestContext, q: z.infer<typeof S.MatchQuery>): Promise<View<typeof S.MatchList>> {
    const actor = requireActor(ctx.actor);
    const s = await repo.seekerOfUser(this.d.db, actor.userId);
    if (!s) throw new AppError('conflict', {}, [{ path: 'seeker', key: 'oddjobs.no_seeker_profile' }]);
    const day = this.today();
    const rows = await repo.matchesFor(this.d.db, seekerFacts(s), {
      cells: cellsWithin(s.lat, s.lng, s.radius_m),
      now: this.d.clock.now(),
      day,
      cap: this.d.options.exposureCap,
      limit: q.limit,
    });
    if (!rows.length) return { items: [] };
    const names = await this.communityNames(rows.map((p) => p.community_id));
    // Exposures are soft counters: losing the last few to a crash is acceptable, so their commit
    // does not wait for the disk.
    await this.d.db.transaction().execute(async (trx) => {
      await sql`set local synchronous_commit to off`.execute(trx);
      await repo.recordExposures(
        trx,
        rows.map((r) => ({ postingId: r.id, seekerId: s.id })),
        day,
      );
    });
    return {
      items: rows.map((p) => {
        return {
          posting: presentPosting(p, p.employer_name, names.get(p.community_id) ?? ''),
          distanceM: Math.round(p.distance_m),
          score: Math.round(p.score * 1000) / 1000,
          why: whyLine(
            {
              overlap: p.overlap,
              skillsAsked: p.skills.length,
              distanceM: p.distance_m,
              hourlyFen: p.hourly_fen,
              expectedHourlyFen: s.expected_hourly_fen,
              weekday: p.weekday,
              available: (s.weekdays & (1 << (p.weekday - 1))) !== 0,
              employerRatings: { count: p.employer_rating_count, sum: p.employer_rating_sum },
            },
            ctx.locale,
          ),
        };
      }),
    };
  }

  // ----- helpers shared with attendance.ts -----

  async readablePosting(actor: Actor, id: number): Promise<{ posting: repo.PostingRow; employer: repo.EmployerRow }> {
    const posting = await repo.postingById(this.d.db, id);
    const employer = posting ? await repo.employerById(this.d.db, posting.employer_id) : undefined;
    if (!posting || !employer || !mayReadPosting(actor, posting, employer)) throw new AppError('not_found');
    return { posting, employer };
  }

  today(): string {
    return localParts(this.d.clock.now(), this.d.options.timeZone).date;
  }

  async communityName(id: number): Promise<string> {
    return (await this.communityNames([id])).get(id) ?? '';
  }

  async communityNames(ids: readonly number[]) {
    return (await this.d.org.names({ divisionIds: [...new Set(ids)] })).divisions;
  }

  private async postingPage(rows: repo.PostingRow[], limit: number): Promise<View<typeof S.PostingList>> {
    const employers = new Map(
      (await repo.employersByIds(this.d.db, [...new Set(rows.map((p) => p.employer_id))])).map((e) => [e.id, e.name]),
    );
    const names = await this.communityNames(rows.map((p) => p.community_id));
    return toPage(
      rows,
      limit,
      (p) => presentPosting(p, employers.get(p.employer_id) ?? '', names.get(p.community_id) ?? ''),
      (p) => ({ sort: null, id: p.id }),
    );
  }

  private async community(id: number): Promise<{ id: number; name: string }> {
    const community = (await this.d.org.divisionsAtLevels(['community'])).find((d) => d.id === id);
    if (!community) throw invalid('body.communityId', 'oddjobs.not_community');
    return { id: community.id, name: community.name };
  }

  /** The city a division lies in, with its hourly and monthly minimum wages; job fairs check their positions with it. */
  async cityOf(communityId: number) {
    const cityId = (await this.d.org.divisionPlaces([communityId])).get(communityId)?.cityId ?? null;
    const name =
      cityId === null ? '' : ((await this.d.org.names({ divisionIds: [cityId] })).divisions.get(cityId) ?? '');
    const o = this.d.options;
    return {
      name,
      hourlyFen: o.hourlyMinimums[name] ?? o.defaultHourlyMinimumFen,
      monthlyFen: o.monthlyMinimums[name] ?? o.defaultMonthlyMinimumFen,
    };
  }
}

export function seekerFacts(s: repo.SeekerRow): repo.SeekerFacts {
  return {
    seekerId: s.id,
    lat: s.lat,
    lng: s.lng,
    radiusM: s.radius_m,
    skills: s.skills,
    certificates: s.certificates,
    expectedHourlyFen: s.expected_hourly_fen,
    weekdays: s.weekdays,
  };
}
