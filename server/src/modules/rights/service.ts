import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, scopeFor, unitAdministrator, type Actor, type OrgPlace } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { normalizeIdNumber, normalizePhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediationService } from '../mediation/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { isOwnCase, mayHandle, mayReadCase, mayReveal, placeOf } from './access.ts';
import { deadlinesFor, finalAwardFor, type DeadlineFacts } from './deadlines.ts';
import { DutyRota } from './duty-rota.ts';
import {
  DISCLAIMER,
  HOTLINES,
  KIND_LABELS,
  presentAssessment,
  presentCase,
  presentSteps,
  say,
  STATUS_LABELS,
} from './presenters.ts';
import * as repo from './repository.ts';
import { mediationCategory, meansTestWaived, recommendedRoute, ROUTE_LABELS, routesFor, ROUTES } from './routing.ts';
import type * as S from './schema.ts';
import { STATUSES, type RightsFacts, type RouteRef } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface RightsOptions {
  timeZone: string;
  /** Monthly minimum wage per city name, in fen (config RIGHTS_MINIMUM_WAGES). */
  minimumWages: Record<string, number>;
  defaultMinimumWageFen: number;
  slotMinutes: number;
}

export interface RightsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  auth: AuthService;
  mediation: MediationService;
  notifications: NotificationsService;
  options: RightsOptions;
}

/** A draft of a case: what the intake form sends, or what another module prefills. */
export type RightsDraft = z.infer<typeof S.CaseBody>;

/**
 * Rights help (维权一件事): the guided intake classifies the problem, works out the deadlines
 * with their rules, and routes the case — to people's mediation (through MediationService),
 * to legal aid, to the labour inspectors, or to a booking with the lawyer or counsellor on
 * duty — then staff follow it to the money recovered. `open` is the one way a case begins:
 * the worker's phone, staff at a hotline or desk, and other modules with a prefilled draft.
 */
export class RightsService {
  private readonly rota: DutyRota;

  constructor(private readonly d: RightsDeps) {
    this.rota = new DutyRota(d);
  }

  catalogue(ctx: RequestContext): View<typeof S.CatalogueView> {
    const l = ctx.locale;
    return {
      kinds: Object.entries(KIND_LABELS).map(([code, b]) => ({
        code: code as keyof typeof KIND_LABELS,
        label: say(b, l),
      })),
      routes: ROUTES.map((code) => ({ code, label: say(ROUTE_LABELS[code], l) })),
      statuses: STATUSES.map((code) => ({ code, label: say(STATUS_LABELS[code], l) })),
      disclaimer: say(DISCLAIMER, l),
      hotlines: HOTLINES.map((h) => ({ number: h.number, label: say(h.label, l) })),
    };
  }

  /** The deadlines and routes for a set of answers, before anything is saved (the intake's last page). */
  async preview(ctx: RequestContext, body: z.infer<typeof S.PreviewBody>): Promise<View<typeof S.AssessmentView>> {
    const actor = requireActor(ctx.actor);
    this.checkDates(body);
    const community = await this.communityFor(actor, body.communityId);
    return presentAssessment(this.assess(body, await this.cityOf(community.id)), this.today(), ctx.locale);
  }

  async open(ctx: RequestContext, draft: RightsDraft): Promise<View<typeof S.CaseDetail>> {
    const actor = requireActor(ctx.actor);
    this.checkDates(draft);
    const community = await this.communityFor(actor, draft.communityId);
    const place: OrgPlace = { divisionId: community.id, gridId: null };
    const worker = await this.workerOf(actor, draft, place);
    const city = await this.cityOf(community.id);
    const assessment = this.assess(draft, city);
    const route = draft.route ?? assessment.recommendedRoute;
    if (!assessment.routes.includes(route)) throw invalid('body.route', 'rights.route_not_for_kind');
    const slot = route === 'booking' ? await this.rota.checkSlot(draft, community.id) : null;

    const now = this.d.clock.now();
    // Mediation keeps its own tables and transaction: the case is opened through its service first,
    // after every check here has passed, and referred to by id.
    const routeRef: RouteRef =
      route === 'mediation' ? await this.openMediation(ctx, actor, community, worker, draft, place) : {};
    const facts: RightsFacts = {
      knewOn: draft.knewOn ?? null,
      employmentOngoing: draft.employmentOngoing ?? null,
      employmentEndedOn: draft.employmentEndedOn ?? null,
      injuryOn: draft.injuryOn ?? null,
      accidentOn: draft.accidentOn ?? null,
      standardsDispute: draft.standardsDispute,
      problem: draft.problem,
    };
    const id = await this.d.db.transaction().execute(async (trx) => {
      const code = `WQ${localParts(now, this.d.options.timeZone).date.replaceAll('-', '')}${String(await repo.nextCaseNumber(trx)).padStart(6, '0')}`;
      const row = await repo.insertCase(trx, {
        code,
        community_id: community.id,
        grid_id: null,
        source: draft.source,
        source_ref: draft.sourceRef,
        worker_user_id: worker.userId,
        worker_name: worker.name,
        worker_phone: worker.phone,
        worker_id_number: worker.idNumber,
        migrant_worker: draft.migrantWorker,
        kind: draft.kind,
        relationship: draft.relationship,
        facts,
        employer_name: draft.employerName,
        summary: draft.summary,
        claims: draft.claims,
        claim_fen: draft.claims.reduce((sum, c) => sum + c.amountFen, 0),
        city: city.name,
        minimum_wage_fen: city.minimumWageFen,
        deadlines: assessment.deadlines,
        final_award: assessment.finalAward,
        earliest_deadline: assessment.deadlines.find((d) => d.lastDay)?.lastDay ?? null,
        route,
        route_ref: routeRef,
        means_test_waived: assessment.meansTestWaived,
        status: 'routed',
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
        resolved_at: null,
      });
      if (slot) Object.assign(routeRef, await this.rota.book(trx, slot, row.id, now));
      if (slot) await repo.updateCase(trx, row.id, { route_ref: routeRef });
      await repo.insertStep(trx, {
        case_id: row.id,
        at: now,
        action: 'open',
        route,
        note: '',
        actor_name: actor.displayName,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'rights.case.open',
        entityType: 'rights_case',
        entityId: row.id,
        place,
        details: { code, kind: draft.kind, route, source: draft.source },
      });
      // The community's administrators hear of every intake at once: first contact within a day.
      const staff = await this.d.auth.usersWithRole(['community_admin'], { divisionIds: [community.id] }, trx);
      await this.d.notifications.notify(
        trx,
        staff.map((u) => u.userId).filter((id) => id !== actor.userId),
        {
          kind: 'rights.opened',
          title: { key: 'notify.rights.opened', params: { code } },
          body: draft.summary.slice(0, 80),
          link: '/rights/cases',
          entityType: 'rights_case',
          entityId: row.id,
        },
      );
      return row.id;
    });
    return this.get(ctx, id);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.CaseListQuery>): Promise<View<typeof S.CaseList>> {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'rights.read');
    if (!scope.divisionIds.length && !scope.gridIds.length) throw new AppError('forbidden');
    const communityIds = q.areaId !== undefined ? await this.d.org.divisionsUnder(q.areaId) : undefined;
    const rows = await repo.listCases(this.d.db, {
      scope,
      communityIds,
      q: q.q,
      status: q.status,
      kind: q.kind,
      route: q.route,
      after: decodeCursor(q.cursor),
      limit: q.limit,
    });
    const names = await this.communityNames(rows);
    return toPage(
      rows,
      q.limit,
      (c) => presentCase(c, names.get(c.community_id) ?? '', ctx.locale, false),
      (c) => ({ sort: null, id: c.id }),
    );
  }

  /** The worker's own cases with their deadlines, for 我的 in the H5. */
  async mine(ctx: RequestContext): Promise<View<typeof S.MyCases>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.casesOfWorker(this.d.db, actor.userId);
    return { items: await Promise.all(rows.map((c) => this.detail(ctx, actor, c))) };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.CaseDetail>> {
    const actor = requireActor(ctx.actor);
    const c = await repo.caseById(this.d.db, id);
    if (!c || !mayReadCase(actor, c)) throw new AppError('not_found');
    return this.detail(ctx, actor, c);
  }

  /** The worker's whole name, phone and ID number; every call audited. */
  async reveal(ctx: RequestContext, id: number): Promise<View<typeof S.RevealView>> {
    const actor = requireActor(ctx.actor);
    const c = await repo.caseById(this.d.db, id);
    if (!c || !mayReadCase(actor, c)) throw new AppError('not_found');
    if (!mayReveal(actor, placeOf(c))) throw new AppError('forbidden');
    await this.d.db.transaction().execute((trx) =>
      this.d.audit.record(trx, ctx, {
        action: 'rights.reveal',
        entityType: 'rights_case',
        entityId: id,
        place: placeOf(c),
        details: { code: c.code },
      }),
    );
    return { workerName: c.worker_name, workerPhone: c.worker_phone, workerIdNumber: c.worker_id_number };
  }

  /** Staff send a case on (mediation failed, the worker asked for a lawyer): a new route, recorded as a step. */
  async route(ctx: RequestContext, id: number, body: z.infer<typeof S.RouteBody>): Promise<View<typeof S.CaseDetail>> {
    const actor = requireActor(ctx.actor);
    const c = await this.writable(actor, id);
    if (c.status !== 'routed')
      throw new AppError('conflict', { reason: 'status' }, [{ path: 'status', key: 'rights.not_open' }]);
    if (!routesFor(c.kind).includes(body.route)) throw invalid('body.route', 'rights.route_not_for_kind');
    if (body.route === c.route && body.route !== 'booking') throw invalid('body.route', 'rights.same_route');
    const slot = body.route === 'booking' ? await this.rota.checkSlot(body, c.community_id) : null;
    const community = { id: c.community_id, name: (await this.communityNames([c])).get(c.community_id) ?? '' };
    const worker = {
      userId: c.worker_user_id,
      name: c.worker_name,
      phone: c.worker_phone,
      idNumber: c.worker_id_number,
    };
    const routeRef: RouteRef =
      body.route === 'mediation'
        ? await this.openMediation(ctx, actor, community, worker, { ...c, claimFen: Number(c.claim_fen) }, placeOf(c))
        : {};
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const locked = await repo.caseForUpdate(trx, id);
      if (locked?.status !== 'routed') throw new AppError('conflict', { reason: 'status' });
      if (slot) Object.assign(routeRef, await this.rota.book(trx, slot, id, now));
      await repo.updateCase(trx, id, { route: body.route, route_ref: routeRef, updated_at: now });
      await repo.insertStep(trx, {
        case_id: id,
        at: now,
        action: 'route',
        route: body.route,
        note: body.note,
        actor_name: actor.displayName,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'rights.case.route',
        entityType: 'rights_case',
        entityId: id,
        place: placeOf(c),
        details: { from: c.route, to: body.route },
      });
    });
    return this.get(ctx, id);
  }

  /** The outcome: the money recovered for the worker (in fen) and how it ended. */
  async resolve(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.ResolveBody>,
  ): Promise<View<typeof S.CaseDetail>> {
    const actor = requireActor(ctx.actor);
    const c = await this.writable(actor, id);
    const now = this.d.clock.now();
    await this.d.db.transaction().execute(async (trx) => {
      const locked = await repo.caseForUpdate(trx, id);
      if (locked?.status !== 'routed')
        throw new AppError('conflict', { reason: 'status' }, [{ path: 'status', key: 'rights.not_open' }]);
      await repo.updateCase(trx, id, {
        status: 'resolved',
        recovered_fen: body.recoveredFen,
        outcome_note: body.note,
        resolved_at: now,
        updated_at: now,
      });
      await repo.insertStep(trx, {
        case_id: id,
        at: now,
        action: 'resolve',
        route: null,
        note: body.note,
        actor_name: actor.displayName,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'rights.case.resolve',
        entityType: 'rights_case',
        entityId: id,
        place: placeOf(c),
        details: { recoveredFen: body.recoveredFen },
      });
    });
    return this.get(ctx, id);
  }

  createShift(ctx: RequestContext, body: z.infer<typeof S.ShiftBody>): Promise<View<typeof S.ShiftView>> {
    return this.rota.createShift(ctx, body);
  }

  async slots(ctx: RequestContext, q: z.infer<typeof S.SlotsQuery>): Promise<View<typeof S.SlotsView>> {
    const actor = requireActor(ctx.actor);
    const community = await this.communityFor(actor, q.communityId);
    return this.rota.slots(ctx, community.id, q);
  }

  // ----- helpers -----

  private assess(facts: DeadlineFacts & { migrantWorker: boolean }, city: { name: string; minimumWageFen: number }) {
    const deadlines = deadlinesFor(facts);
    const today = this.today();
    const routes = routesFor(facts.kind);
    return {
      deadlines,
      finalAward: finalAwardFor(facts, city.name, city.minimumWageFen),
      routes,
      recommendedRoute: recommendedRoute({
        kind: facts.kind,
        migrantWorker: facts.migrantWorker,
        ...(facts.employmentOngoing === undefined ? {} : { employmentOngoing: facts.employmentOngoing }),
        anyDeadlinePast: deadlines.some((d) => d.lastDay !== null && d.lastDay < today),
      }),
      meansTestWaived: meansTestWaived(facts.kind, facts.migrantWorker),
    };
  }

  /** The dates a worker gives are of things that happened: none after today (local). */
  private checkDates(f: z.infer<typeof S.FactsBody>) {
    const today = this.today();
    for (const key of ['knewOn', 'employmentEndedOn', 'injuryOn', 'accidentOn'] as const) {
      const day = f[key];
      if (day && day > today) throw invalid(`body.${key}`, 'rights.date_in_future');
    }
  }

  private today(): string {
    return localParts(this.d.clock.now(), this.d.options.timeZone).date;
  }

  private async detail(ctx: RequestContext, actor: Actor, c: repo.CaseRow): Promise<View<typeof S.CaseDetail>> {
    const [names, steps] = await Promise.all([this.communityNames([c]), repo.stepsOf(this.d.db, [c.id])]);
    const own = isOwnCase(actor, c);
    const handle = mayHandle(actor, placeOf(c));
    return {
      ...presentCase(c, names.get(c.community_id) ?? '', ctx.locale, own),
      facts: { ...c.facts },
      sourceRef: c.source_ref,
      assessment: presentAssessment(
        {
          deadlines: c.deadlines,
          finalAward: c.final_award,
          recommendedRoute: c.route,
          routes: routesFor(c.kind),
          meansTestWaived: c.means_test_waived,
        },
        this.today(),
        ctx.locale,
      ),
      outcomeNote: c.outcome_note,
      steps: presentSteps(steps),
      allowed: {
        route: handle && c.status === 'routed',
        resolve: handle && c.status === 'routed',
        reveal: !own && mayReveal(actor, placeOf(c)),
      },
    };
  }

  private async writable(actor: Actor, id: number): Promise<repo.CaseRow> {
    const c = await repo.caseById(this.d.db, id);
    if (!c || !mayReadCase(actor, c)) throw new AppError('not_found');
    if (!mayHandle(actor, placeOf(c))) throw new AppError('forbidden');
    return c;
  }

  /** The community a case belongs to: the one named, else the caller's home; it must be a community. */
  private async communityFor(actor: Actor, communityId: number | undefined): Promise<{ id: number; name: string }> {
    const id = communityId ?? actor.home?.divisionId ?? null;
    if (id === null) throw invalid('body.communityId', 'rights.community_required');
    const community = (await this.d.org.divisionsAtLevels(['community'])).find((d) => d.id === id);
    if (!community) throw invalid('body.communityId', 'rights.not_community');
    return { id: community.id, name: community.name };
  }

  /** The city a community lies in and its monthly minimum wage (config RIGHTS_MINIMUM_WAGES). */
  private async cityOf(communityId: number): Promise<{ name: string; minimumWageFen: number }> {
    const cityId = (await this.d.org.divisionPlaces([communityId])).get(communityId)?.cityId ?? null;
    const name =
      cityId === null ? '' : ((await this.d.org.names({ divisionIds: [cityId] })).divisions.get(cityId) ?? '');
    return { name, minimumWageFen: this.d.options.minimumWages[name] ?? this.d.options.defaultMinimumWageFen };
  }

  /**
   * Who the worker is. On their own phone: the caller (name and phone from the account unless
   * given). Staff at a hotline or desk name the worker, and must handle cases of the community.
   */
  private async workerOf(actor: Actor, draft: RightsDraft, place: OrgPlace) {
    const forOther = draft.source === 'hotline' || draft.source === 'walk_in';
    if (forOther && !mayHandle(actor, place)) throw new AppError('forbidden');
    const contact = forOther ? null : await this.d.auth.contactOf(actor.userId);
    const name = draft.workerName ?? contact?.name ?? actor.displayName;
    const rawPhone = draft.workerPhone ?? contact?.phone ?? '';
    if (forOther && !draft.workerName) throw invalid('body.workerName', 'field.required');
    if (forOther && !draft.workerPhone) throw invalid('body.workerPhone', 'field.required');
    const phone = rawPhone ? normalizePhone(rawPhone) : '';
    if (phone === null) throw invalid('body.workerPhone', 'rights.bad_phone');
    const idNumber = draft.workerIdNumber ? normalizeIdNumber(draft.workerIdNumber, this.today()) : null;
    if (draft.workerIdNumber && !idNumber) throw invalid('body.workerIdNumber', 'rights.bad_id_number');
    return { userId: forOther ? null : actor.userId, name, phone, idNumber };
  }

  /**
   * Opens the people's-mediation case (labour or traffic category) through MediationService. Staff
   * who may open cases there act as themselves; a worker's own intake is opened on the community's
   * behalf, as the desk would take it (the same unit-administrator actor the system's reports use).
   */
  private async openMediation(
    ctx: RequestContext,
    actor: Actor,
    community: { id: number; name: string },
    worker: { userId: number | null; name: string; phone: string; idNumber: string | null },
    c: {
      kind: RightsDraft['kind'];
      summary: string;
      employerName?: string;
      employer_name?: string;
      claimFen?: number;
      claims?: RightsDraft['claims'];
    },
    place: OrgPlace,
  ): Promise<RouteRef> {
    const asStaff = mayHandle(actor, place) && scopeFor(actor, 'mediation.manage').divisionIds.includes(community.id);
    const mediationCtx: RequestContext = asStaff
      ? ctx
      : { ...ctx, actor: unitAdministrator(community, [community.id], `${community.name} 维权服务`) };
    const employer = c.employerName ?? c.employer_name ?? '';
    const opened = await this.d.mediation.open(mediationCtx, {
      communityId: community.id,
      source: 'referral',
      category: mediationCategory(c.kind),
      summary: c.summary.slice(0, 200).padEnd(2, '。'),
      facts: c.summary,
      issues: '',
      amountFen: c.claimFen ?? (c.claims ?? []).reduce((s, x) => s + x.amountFen, 0),
      groupDispute: false,
      risk: 'low',
      parties: [
        {
          role: 'applicant',
          kind: 'person',
          name: worker.name,
          ...(worker.phone ? { phone: worker.phone } : {}),
          ...(worker.idNumber ? { idNumber: worker.idNumber } : {}),
          ...(worker.userId ? { userId: worker.userId } : {}),
          address: '',
          representative: '',
        },
        {
          role: 'respondent',
          kind: 'organisation',
          name: employer || '（对方待查明）',
          address: '',
          representative: '',
        },
      ],
    });
    return { mediationCaseId: opened.id, mediationCaseCode: opened.code };
  }

  private async communityNames(rows: readonly { community_id: number }[]) {
    return (await this.d.org.names({ divisionIds: rows.map((r) => r.community_id) })).divisions;
  }
}
