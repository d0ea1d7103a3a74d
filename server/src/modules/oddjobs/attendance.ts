import type { z } from 'zod';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import { mayReadMarket, ownsEmployer, placeOf } from './access.ts';
import { signAttendance, verifyAttendance, type AttendancePurpose } from './attendance-code.ts';
import { dueFen } from './moderation.ts';
import { presentApplication } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { OddjobsDeps, OddjobsService } from './service.ts';
import type { ApplicationStatus } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Side = 'seeker' | 'employer';

interface Loaded {
  a: repo.ApplicationRow;
  posting: repo.PostingRow;
  employer: repo.EmployerRow;
  seeker: repo.SeekerRow;
  side: Side | 'staff';
}

/** What the employer may do next from each status. */
const DECISIONS: Record<'interview' | 'hire' | 'reject', readonly ApplicationStatus[]> = {
  interview: ['applied'],
  hire: ['applied', 'interview'],
  reject: ['applied', 'interview'],
};

const yuan = (fen: number) => (fen / 100).toFixed(2).replace(/\.00$/, '');

/**
 * From application to pay: apply → (interview) → hired; check-in and check-out by the signed QR
 * code shown at the work site; both sides state the pay (settled when they agree); both rate;
 * and the worker who was not paid opens a rights case prefilled from the record in one tap.
 */
export class Attendance {
  constructor(
    private readonly d: OddjobsDeps,
    private readonly market: OddjobsService,
  ) {}

  async apply(ctx: RequestContext, postingId: number, body: z.infer<typeof S.ApplyBody>) {
    const actor = requireActor(ctx.actor);
    const { posting, employer } = await this.market.readablePosting(actor, postingId);
    const seeker = await repo.seekerOfUser(this.d.db, actor.userId);
    if (!seeker) throw new AppError('conflict', {}, [{ path: 'seeker', key: 'oddjobs.no_seeker_profile' }]);
    if (posting.status !== 'open' || posting.ends_at <= this.d.clock.now())
      throw new AppError('conflict', {}, [{ path: 'posting', key: 'oddjobs.not_open' }]);
    if (ownsEmployer(actor, employer)) throw new AppError('forbidden');
    const now = this.d.clock.now();
    try {
      const id = await this.d.db.transaction().execute(async (trx) => {
        const a = await repo.insertApplication(trx, {
          posting_id: posting.id,
          seeker_id: seeker.id,
          note: body.note,
          check_in_at: null,
          check_out_at: null,
          due_fen: null,
          employer_pay_fen: null,
          seeker_pay_fen: null,
          employer_rating: null,
          seeker_rating: null,
          rights_case_id: null,
          created_at: now,
          updated_at: now,
        });
        await this.d.notifications.notify(trx, [employer.user_id], {
          kind: 'oddjobs.applied',
          title: { key: 'notify.oddjobs.applied', params: { title: posting.title } },
          link: '/oddjobs/employer',
          entityType: 'oddjobs_application',
          entityId: a.id,
        });
        return a.id;
      });
      return this.get(ctx, id);
    } catch (error) {
      if (isUniqueViolation(error, 'oddjobs_applications_once'))
        throw new AppError('conflict', {}, [{ path: 'posting', key: 'oddjobs.already_applied' }]);
      throw error;
    }
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.ApplicationView>> {
    const actor = requireActor(ctx.actor);
    return this.present(await this.load(actor, id));
  }

  /** The employer's applicants for a posting; names and phones masked until hired. */
  async ofPosting(ctx: RequestContext, postingId: number): Promise<View<typeof S.ApplicationList>> {
    const actor = requireActor(ctx.actor);
    const { posting, employer } = await this.market.readablePosting(actor, postingId);
    if (!ownsEmployer(actor, employer) && !mayReadMarket(actor, posting)) throw new AppError('not_found');
    const rows = await repo.applicationsOfPosting(this.d.db, postingId);
    const seekers = new Map(
      (
        await repo.seekersByIds(
          this.d.db,
          rows.map((a) => a.seeker_id),
        )
      ).map((s) => [s.id, s]),
    );
    const side = ownsEmployer(actor, employer) ? 'employer' : 'staff';
    return {
      items: await Promise.all(
        rows.map((a) => this.present({ a, posting, employer, seeker: seekers.get(a.seeker_id)!, side })),
      ),
    };
  }

  async mine(ctx: RequestContext): Promise<View<typeof S.ApplicationList>> {
    const actor = requireActor(ctx.actor);
    const seeker = await repo.seekerOfUser(this.d.db, actor.userId);
    if (!seeker) return { items: [] };
    const rows = await repo.applicationsOfSeeker(this.d.db, seeker.id);
    const postings = new Map(
      (await repo.postingsByIds(this.d.db, [...new Set(rows.map((a) => a.posting_id))])).map((p) => [p.id, p]),
    );
    const employers = new Map(
      (await repo.employersByIds(this.d.db, [...new Set([...postings.values()].map((p) => p.employer_id))])).map(
        (e) => [e.id, e],
      ),
    );
    return {
      items: await Promise.all(
        rows.map((a) => {
          const posting = postings.get(a.posting_id)!;
          return this.present({ a, posting, employer: employers.get(posting.employer_id)!, seeker, side: 'seeker' });
        }),
      ),
    };
  }

  /** The employer moves an applicant on: to an interview, hired (within the headcount), or not taken. */
  async decide(ctx: RequestContext, id: number, body: z.infer<typeof S.DecideBody>) {
    const actor = requireActor(ctx.actor);
    const l = await this.load(actor, id);
    if (l.side !== 'employer') throw new AppError('forbidden');
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const a = await repo.applicationForUpdate(trx, id);
      if (!a || !DECISIONS[body.action].includes(a.status)) throw this.badStep();
      const status = body.action === 'hire' ? 'hired' : body.action === 'interview' ? 'interview' : 'rejected';
      if (body.action === 'hire') {
        const p = (await repo.postingForUpdate(trx, a.posting_id))!;
        if (p.hired_count >= p.headcount)
          throw new AppError('conflict', {}, [{ path: 'posting', key: 'oddjobs.headcount_full' }]);
        const hired = p.hired_count + 1;
        await repo.updatePosting(trx, p.id, {
          hired_count: hired,
          status: hired >= p.headcount ? 'filled' : p.status,
          ...(hired >= p.headcount ? { filled_at: now } : {}),
          updated_at: now,
        });
      }
      await repo.updateApplication(trx, id, {
        status,
        ...(body.action === 'hire' ? { hired_at: now } : {}),
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: `oddjobs.application.${body.action}`,
        entityType: 'oddjobs_application',
        entityId: id,
        place: placeOf(l.posting),
        details: { postingId: l.posting.id, note: body.note },
      });
      await this.d.notifications.notify(trx, [l.seeker.user_id], {
        kind: 'oddjobs.decision',
        title: { key: `notify.oddjobs.${status}`, params: { title: l.posting.title } },
        body: body.note,
        link: '/oddjobs',
        entityType: 'oddjobs_application',
        entityId: id,
      });
    });
    return this.get(ctx, id);
  }

  /** The QR code the employer shows at the work site: signed, valid for ODDJOBS_QR_MINUTES. */
  async qr(ctx: RequestContext, postingId: number, purpose: AttendancePurpose): Promise<View<typeof S.QrView>> {
    const actor = requireActor(ctx.actor);
    const { employer } = await this.market.readablePosting(actor, postingId);
    if (!ownsEmployer(actor, employer)) throw new AppError('not_found');
    const expiresAt = new Date(this.d.clock.now().getTime() + this.d.options.qrMinutes * 60_000);
    return {
      token: signAttendance(await this.d.options.qrKey(), { postingId, purpose, expiresAt }),
      purpose,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /** The worker scans the site's code: in after being hired, out after being in; out works out what is owed. */
  async scan(ctx: RequestContext, id: number, purpose: AttendancePurpose, token: string) {
    const actor = requireActor(ctx.actor);
    const l = await this.load(actor, id);
    if (l.side !== 'seeker') throw new AppError('forbidden');
    const now = this.d.clock.now();
    const check = verifyAttendance(await this.d.options.qrKey(), token, now);
    if (!check.ok) throw invalid('body.token', check.reason === 'expired' ? 'oddjobs.qr_expired' : 'oddjobs.qr_forged');
    if (check.claim.postingId !== l.posting.id || check.claim.purpose !== purpose)
      throw invalid('body.token', 'oddjobs.qr_wrong_code');
    await this.d.db.transaction().execute(async (trx) => {
      const a = await repo.applicationForUpdate(trx, id);
      if (!a || a.status !== (purpose === 'in' ? 'hired' : 'checked_in')) throw this.badStep();
      if (purpose === 'in')
        await repo.updateApplication(trx, id, { status: 'checked_in', check_in_at: now, updated_at: now });
      else
        await repo.updateApplication(trx, id, {
          status: 'checked_out',
          check_out_at: now,
          due_fen: dueFen(l.posting.wage_fen, l.posting.wage_unit, l.posting.pieces_per_hour, a.check_in_at!, now),
          updated_at: now,
        });
      await this.d.audit.record(trx, ctx, {
        action: `oddjobs.attendance.${purpose}`,
        entityType: 'oddjobs_application',
        entityId: id,
        place: placeOf(l.posting),
        details: { postingId: l.posting.id },
      });
    });
    return this.get(ctx, id);
  }

  /** Each side states the pay after check-out; when both amounts agree the job is settled (paid). */
  async confirmPay(ctx: RequestContext, id: number, body: z.infer<typeof S.PayBody>) {
    const actor = requireActor(ctx.actor);
    const l = await this.load(actor, id);
    if (l.side === 'staff') throw new AppError('forbidden');
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const a = await repo.applicationForUpdate(trx, id);
      if (a?.status !== 'checked_out') throw this.badStep();
      const employerPay = l.side === 'employer' ? body.amountFen : a.employer_pay_fen;
      const seekerPay = l.side === 'seeker' ? body.amountFen : a.seeker_pay_fen;
      const settled = employerPay !== null && employerPay === seekerPay;
      await repo.updateApplication(trx, id, {
        employer_pay_fen: employerPay,
        seeker_pay_fen: seekerPay,
        status: settled ? 'paid' : a.status,
        updated_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'oddjobs.pay.confirm',
        entityType: 'oddjobs_application',
        entityId: id,
        place: placeOf(l.posting),
        details: { side: l.side, amountFen: body.amountFen, settled },
      });
    });
    return this.get(ctx, id);
  }

  /** Each side rates the other once, after the work is done. */
  async rate(ctx: RequestContext, id: number, body: z.infer<typeof S.RateBody>) {
    const actor = requireActor(ctx.actor);
    const l = await this.load(actor, id);
    if (l.side === 'staff') throw new AppError('forbidden');
    if (l.a.status !== 'checked_out' && l.a.status !== 'paid') throw this.badStep();
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      // Read again under the lock, so two taps cannot both count.
      const a = (await repo.applicationForUpdate(trx, id))!;
      const already = l.side === 'employer' ? a.employer_rating : a.seeker_rating;
      if (already !== null) throw new AppError('conflict', {}, [{ path: 'stars', key: 'oddjobs.already_rated' }]);
      await repo.updateApplication(
        trx,
        id,
        l.side === 'employer'
          ? { employer_rating: body.stars, employer_comment: body.comment, updated_at: now }
          : { seeker_rating: body.stars, seeker_comment: body.comment, updated_at: now },
      );
      // The seekers' ratings of the employer, summed for the match score.
      if (l.side === 'seeker') await repo.addEmployerRating(trx, l.employer.id, body.stars);
    });
    return this.get(ctx, id);
  }

  /**
   * 没拿到工钱: one tap opens a rights case (source odd_job) through RightsService, prefilled with
   * the employer, the posting, the amount owed and the attendance record.
   */
  async unpaid(ctx: RequestContext, id: number): Promise<View<typeof S.UnpaidView>> {
    const actor = requireActor(ctx.actor);
    const l = await this.load(actor, id);
    if (l.side !== 'seeker') throw new AppError('forbidden');
    const { a, posting, employer } = l;
    if (a.rights_case_id !== null)
      throw new AppError('conflict', {}, [{ path: 'application', key: 'oddjobs.already_reported' }]);
    if (!a.check_in_at || a.status === 'paid') throw this.badStep();
    const tz = this.d.options.timeZone;
    const inAt = localParts(a.check_in_at, tz);
    const outAt = a.check_out_at ? localParts(a.check_out_at, tz) : null;
    const claimFen = a.due_fen ?? a.employer_pay_fen ?? posting.wage_fen;
    const today = this.market.today();
    const opened = await this.d.rights.open(ctx, {
      kind: 'wage',
      problem: 'unpaid',
      relationship: 'service',
      migrantWorker: true,
      standardsDispute: false,
      knewOn: today,
      employmentOngoing: false,
      employmentEndedOn: outAt?.date ?? inAt.date,
      claims: [{ kind: 'pay', amountFen: claimFen }],
      communityId: posting.community_id,
      source: 'odd_job',
      sourceRef: {
        type: 'odd_job',
        postingId: posting.id,
        applicationId: a.id,
        employerId: employer.id,
        creditCode: employer.credit_code,
        checkInAt: a.check_in_at.toISOString(),
        checkOutAt: a.check_out_at?.toISOString() ?? '',
        dueFen: claimFen,
      },
      employerName: employer.name,
      summary:
        `零工「${posting.title}」（${posting.place_name}）：${inAt.date} ${inAt.time.slice(0, 5)} 扫码签到` +
        (outAt ? `，${outAt.date} ${outAt.time.slice(0, 5)} 签退` : '') +
        `，按工资 ${yuan(posting.wage_fen)} 元/${UNIT_ZH[posting.wage_unit]} 应得 ${yuan(claimFen)} 元，未拿到工钱。`,
    });
    const updated = await this.d.db
      .updateTable('oddjobs.applications')
      .set({ rights_case_id: opened.id, updated_at: this.d.clock.now() })
      .where('id', '=', id)
      .where('rights_case_id', 'is', null)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError('conflict', {}, [{ path: 'application', key: 'oddjobs.already_reported' }]);
    return { rightsCaseId: opened.id, rightsCaseCode: opened.code, claimFen };
  }

  // ----- helpers -----

  private badStep() {
    return new AppError('conflict', {}, [{ path: 'status', key: 'oddjobs.bad_step' }]);
  }

  /** The application with its posting, employer and seeker, and which side the actor is on; else not found. */
  private async load(actor: Actor, id: number): Promise<Loaded> {
    const a = await repo.applicationById(this.d.db, id);
    const posting = a ? await repo.postingById(this.d.db, a.posting_id) : undefined;
    const employer = posting ? await repo.employerById(this.d.db, posting.employer_id) : undefined;
    const [seeker] = a ? await repo.seekersByIds(this.d.db, [a.seeker_id]) : [];
    if (!a || !posting || !employer || !seeker) throw new AppError('not_found');
    const side: Loaded['side'] | null =
      seeker.user_id === actor.userId
        ? 'seeker'
        : ownsEmployer(actor, employer)
          ? 'employer'
          : mayReadMarket(actor, posting)
            ? 'staff'
            : null;
    if (!side) throw new AppError('not_found');
    return { a, posting, employer, seeker, side };
  }

  private async present(l: Loaded): Promise<View<typeof S.ApplicationView>> {
    const contact = await this.d.auth.contactOf(l.seeker.user_id);
    return presentApplication(
      l.a,
      { id: l.posting.id, title: l.posting.title, employerName: l.employer.name },
      { name: contact?.name ?? '', phone: contact?.phone ?? null, skills: l.seeker.skills },
      l.side,
    );
  }
}

const UNIT_ZH = { hour: '小时', day: '天', month: '月', piece: '件' } as const;
