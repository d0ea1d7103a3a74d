import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { AreaFilter } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { CaseKeeping, type MediationDeps } from './case-keeping.ts';
import { runDeadlines } from './deadlines.ts';
import { Intake } from './intake.ts';
import { catalogueView } from './presenters.ts';
import { Process } from './process.ts';
import { CaseReading } from './reading.ts';
import type * as S from './schema.ts';
import { caseStats } from './stats.ts';
import { Studios } from './studios.ts';

export type { CaseClosedEvent, CaseOpenedEvent } from './case-keeping.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * People's mediation (人民调解): studios and their mediators, dispute cases from intake
 * to agreement, performance and follow-up, or failure with a referral; the register of
 * claims of a group dispute; the printable agreement; time limits; statistics.
 *
 * Every change locks the case row, checks the step and the caller's right to it, and
 * writes the change, a timeline entry and the audit record (and an event, and notices)
 * in one transaction. This class is the module's face; the work is done by concern:
 * studios.ts, intake.ts, process.ts, reading.ts, deadlines.ts, stats.ts.
 */
export class MediationService {
  private readonly deps: MediationDeps;
  private readonly cases: CaseKeeping;
  private readonly studios: Studios;
  private readonly intake: Intake;
  private readonly process: Process;
  private readonly reading: CaseReading;

  constructor(
    db: Kysely<DB>,
    clock: Clock,
    audit: AuditService,
    jobs: Jobs,
    org: OrgService,
    auth: AuthService,
    media: MediaService,
    notifications: NotificationsService,
    matters: MattersService,
    options: { timeZone: string } = { timeZone: 'Asia/Shanghai' },
  ) {
    this.deps = { db, clock, audit, jobs, org, auth, media, notifications, matters, timeZone: options.timeZone };
    this.cases = new CaseKeeping(this.deps);
    this.studios = new Studios(this.deps, this.cases);
    this.intake = new Intake(this.deps, this.cases);
    this.process = new Process(this.deps, this.cases);
    this.reading = new CaseReading(this.deps, this.cases);
  }

  catalogue(ctx: RequestContext): View<typeof S.CatalogueView> {
    return catalogueView(ctx.locale);
  }

  // ----- studios and mediators -----

  createStudio(ctx: RequestContext, body: z.infer<typeof S.StudioBody>) {
    return this.studios.create(ctx, body);
  }

  listStudios(ctx: RequestContext, q: z.infer<typeof S.StudioListQuery>): Promise<View<typeof S.StudioList>> {
    return this.studios.list(ctx, q);
  }

  getStudio(ctx: RequestContext, id: number): Promise<View<typeof S.StudioView>> {
    return this.studios.get(ctx, id);
  }

  updateStudio(ctx: RequestContext, id: number, body: z.infer<typeof S.StudioPatch>) {
    return this.studios.update(ctx, id, body);
  }

  setMediator(ctx: RequestContext, studioId: number, userId: number, body: z.infer<typeof S.MediatorBody>) {
    return this.studios.setMediator(ctx, studioId, userId, body);
  }

  removeMediator(ctx: RequestContext, studioId: number, userId: number) {
    return this.studios.removeMediator(ctx, studioId, userId);
  }

  // ----- intake and reading: each change answers with the case as the caller now sees it -----

  async open(ctx: RequestContext, body: z.infer<typeof S.CaseBody>): Promise<View<typeof S.CaseDetail>> {
    return this.get(ctx, await this.intake.open(ctx, body));
  }

  countUnderMediation(ctx: RequestContext, area: AreaFilter): Promise<number> {
    return this.reading.countUnderMediation(ctx, area);
  }

  list(ctx: RequestContext, q: z.infer<typeof S.CaseListQuery>): Promise<View<typeof S.CaseList>> {
    return this.reading.list(ctx, q);
  }

  get(ctx: RequestContext, id: number): Promise<View<typeof S.CaseDetail>> {
    return this.reading.get(ctx, id);
  }

  myCases(ctx: RequestContext): Promise<View<typeof S.MyCases>> {
    return this.reading.myCases(ctx);
  }

  reveal(ctx: RequestContext, id: number): Promise<View<typeof S.RevealView>> {
    return this.reading.reveal(ctx, id);
  }

  agreementPage(ctx: RequestContext, id: number, copy?: 'masked' | 'signed'): Promise<string> {
    return this.reading.agreementPage(ctx, id, copy);
  }

  listClaims(
    ctx: RequestContext,
    id: number,
    q: { cursor?: string | undefined; limit: number },
  ): Promise<View<typeof S.ClaimList>> {
    return this.reading.listClaims(ctx, id, q);
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.CasePatch>) {
    await this.intake.update(ctx, id, body);
    return this.get(ctx, id);
  }

  async addParty(ctx: RequestContext, id: number, body: z.infer<typeof S.PartyBody>) {
    await this.intake.addParty(ctx, id, body);
    return this.get(ctx, id);
  }

  async take(ctx: RequestContext, id: number) {
    await this.intake.take(ctx, id);
    return this.get(ctx, id);
  }

  async assign(ctx: RequestContext, id: number, body: z.infer<typeof S.AssignBody>) {
    await this.intake.assign(ctx, id, body);
    return this.get(ctx, id);
  }

  async extend(ctx: RequestContext, id: number, body: z.infer<typeof S.ExtendBody>) {
    await this.intake.extend(ctx, id, body);
    return this.get(ctx, id);
  }

  // ----- the process: sessions, agreement, payments, follow-up, end -----

  async advance(ctx: RequestContext, id: number, action: 'investigate' | 'mediate', body: z.infer<typeof S.NoteBody>) {
    await this.process.advance(ctx, id, action, body);
    return this.get(ctx, id);
  }

  async fail(ctx: RequestContext, id: number, body: z.infer<typeof S.FailBody>) {
    await this.process.fail(ctx, id, body);
    return this.get(ctx, id);
  }

  async withdraw(ctx: RequestContext, id: number, body: z.infer<typeof S.WithdrawBody>) {
    await this.process.withdraw(ctx, id, body);
    return this.get(ctx, id);
  }

  async addSession(ctx: RequestContext, id: number, body: z.infer<typeof S.SessionBody>) {
    await this.process.addSession(ctx, id, body);
    return this.get(ctx, id);
  }

  async agree(ctx: RequestContext, id: number, body: z.infer<typeof S.AgreementBody>) {
    await this.process.agree(ctx, id, body);
    return this.get(ctx, id);
  }

  async pay(ctx: RequestContext, id: number, seq: number, body: z.infer<typeof S.PaymentBody>) {
    await this.process.pay(ctx, id, seq, body);
    return this.get(ctx, id);
  }

  async perform(ctx: RequestContext, id: number, body: z.infer<typeof S.NoteBody>) {
    await this.process.perform(ctx, id, body);
    return this.get(ctx, id);
  }

  async followUp(ctx: RequestContext, id: number, body: z.infer<typeof S.FollowUpBody>) {
    await this.process.followUp(ctx, id, body);
    return this.get(ctx, id);
  }

  addClaim(ctx: RequestContext, id: number, body: z.infer<typeof S.ClaimBody>): Promise<View<typeof S.ClaimView>> {
    return this.process.addClaim(ctx, id, body);
  }

  // ----- scheduled, and statistics -----

  /** Flags cases past their time limit and reminds of follow-up visits due (run by the scheduler). */
  runDeadlines(now: Date): Promise<{ overdue: number; reminded: number }> {
    return runDeadlines(this.deps, this.cases, now);
  }

  stats(ctx: RequestContext, q: z.infer<typeof S.StatsQuery>): Promise<View<typeof S.StatsView>> {
    return caseStats(this.deps, ctx, q);
  }
}
