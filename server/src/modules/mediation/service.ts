import type { Kysely, Updateable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { covers, requireActor, requirePermission, ROLE_PERMISSIONS, scopeFor, STAFF_ROLES, type Actor, type OrgPlace, type Scope } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { chinaDate, maskIdNumber, maskPhone, normalizeIdNumber, normalizePhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import { photoView } from '../matters/presenters.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { inEveryLanguage } from '../../platform/i18n.ts';
import { addDays } from '../../platform/local-time.ts';
import { agreementHtml } from './agreement.ts';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  categoryForMatter,
  inBoth,
  label,
  PARTY_ROLE_LABELS,
  REFERRAL_LABELS,
  STATUS_LABELS,
  STUDIO_KIND_LABELS,
  TASK_FORCE_ROLE_LABELS,
} from './catalogue.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { CATEGORIES, type CaseCategory, type CaseStatus, type CaseTable, type Outcome } from './tables.ts';
import { CASE_DAYS, FOLLOW_UP_DAYS, isOpen, transition, UNDER_MEDIATION, type CaseAction } from './workflow.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Viewer = 'manager' | 'handler' | 'reader';
type Allowed = View<typeof S.CaseAllowed>;

interface Access {
  viewer: Viewer | null;
  /** Acts on the case: the admins of its area, its mediator and its task force. */
  handle: boolean;
  manage: boolean;
  studioMember: boolean;
}

const DAY_MS = 86_400_000;
/** An organisation's unified social credit code (统一社会信用代码, GB 32100-2015). */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const illegal = (action: string, status: CaseStatus) => {
  const params = { action: ACTION_LABELS[action] ? inBoth(ACTION_LABELS[action]) : action, status: inBoth(STATUS_LABELS[status]) };
  return new AppError('conflict', { reason: inEveryLanguage('mediation.illegal_transition', params) }, [{ key: 'mediation.illegal_transition', params }]);
};

export interface CaseOpenedEvent extends Record<string, unknown> {
  caseId: number;
  code: string;
  matterId: number | null;
  communityId: number;
}
export interface CaseClosedEvent extends Record<string, unknown> {
  caseId: number;
  code: string;
  matterId: number | null;
  outcome: Outcome;
}

/**
 * People's mediation (人民调解): studios and their mediators, dispute cases from intake
 * to agreement, performance and follow-up, or failure with a referral; the register of
 * claims of a group dispute; the printable agreement; time limits; statistics.
 *
 * Every change locks the case row, checks the step and the caller's right to it, and
 * writes the change, a timeline entry and the audit record (and an event, and notices)
 * in one transaction.
 */
export class MediationService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly media: MediaService,
    private readonly notifications: NotificationsService,
    private readonly matters: MattersService,
    private readonly options: { timeZone: string } = { timeZone: 'Asia/Shanghai' },
  ) {}

  // =====================================================================
  // Who may do what
  // =====================================================================

  /**
   * The area whose cases one reads as staff: grants with mediation.read other than the
   * mediator's. A mediator sees the cases of their studios and those assigned to them.
   */
  private areaScope(actor: Actor): Scope {
    const divisionIds = new Set<number>();
    const gridIds = new Set<number>();
    for (const g of actor.grants) {
      if (g.role === 'mediator' || !ROLE_PERMISSIONS[g.role].includes('mediation.read')) continue;
      for (const id of g.divisionIds) divisionIds.add(id);
      if (g.gridId !== null) gridIds.add(g.gridId);
    }
    return { divisionIds: [...divisionIds], gridIds: [...gridIds] };
  }

  private place(c: { community_id: number; grid_id: number | null }): OrgPlace {
    return { divisionId: c.community_id, gridId: c.grid_id };
  }

  private async accessTo(actor: Actor, c: repo.CaseRow, db: Executor): Promise<Access> {
    const place = this.place(c);
    const manage = covers(scopeFor(actor, 'mediation.manage'), place);
    const assigned = c.mediator_user_id === actor.userId || (await repo.isTaskForceMember(db, c.id, actor.userId));
    const studioMember = c.studio_id !== null && (await repo.isStudioMember(db, c.studio_id, actor.userId));
    const reads = covers(this.areaScope(actor), place) || studioMember;
    const viewer: Viewer | null = manage ? 'manager' : assigned ? 'handler' : reads ? 'reader' : null;
    return { viewer, handle: manage || assigned, manage, studioMember };
  }

  /** Locks the case and checks that the caller may act on it: 404 if missing, 403 if out of reach. */
  private async lockForWork(trx: Executor, actor: Actor, id: number, need: 'handle' | 'manage' = 'handle') {
    const c = await repo.caseForUpdate(trx, id);
    if (!c) throw new AppError('not_found');
    const access = await this.accessTo(actor, c, trx);
    // A case one may not see does not exist for them; one they see but may not work on is forbidden.
    if (!access.viewer) throw new AppError('not_found');
    if (!access[need]) throw new AppError('forbidden');
    return { c, access };
  }

  private allowedActions(c: repo.CaseRow, access: Access, agreement: { unpaid: boolean } | null): Allowed[] {
    const out: Allowed[] = [];
    const can = (action: CaseAction) => transition(action, c.status) !== null;
    const open = isOpen(c.status);
    if (access.handle && open) out.push('edit', 'party', 'session');
    if (open && c.mediator_user_id === null && (access.manage || access.studioMember)) out.push('take');
    if (access.manage && open) out.push('assign');
    if (access.manage && UNDER_MEDIATION.includes(c.status)) out.push('extend');
    if (!access.handle) return out;
    if (can('investigate')) out.push('investigate');
    if (can('mediate')) out.push('mediate');
    if (can('agree')) out.push('agree');
    if (can('perform') && agreement?.unpaid) out.push('pay');
    if (can('perform') && c.performed_at === null && !agreement?.unpaid) out.push('perform');
    if (can('close')) out.push('follow_up');
    if (can('close') && c.performed_at !== null) out.push('close');
    if (can('fail')) out.push('fail');
    if (can('withdraw')) out.push('withdraw');
    if (open && c.group_dispute) out.push('claim');
    out.push('reveal');
    return out;
  }

  /** May this user be put in charge of cases of this place: a mediator of a studio serving it, or anyone with mediation.handle there. */
  private async canMediate(userId: number, place: OrgPlace, servingStudioIds: readonly number[], db: Executor = this.db): Promise<Actor | null> {
    const user = await this.auth.actorOf(userId, db);
    if (!user) return null;
    if (covers(scopeFor(user, 'mediation.handle'), place)) return user;
    const theirs = await repo.studiosOfUser(db, userId);
    return theirs.some((s) => servingStudioIds.includes(s)) ? user : null;
  }

  /** The divisions whose studios may serve a community: itself, its street and its district. */
  private async servingDivisions(communityId: number): Promise<number[]> {
    const { street, district } = await this.org.ancestorsOf(communityId);
    return [communityId, street, district].filter((d): d is number => d !== null);
  }

  private async names(rows: Array<{ community_id: number; grid_id: number | null; studio_id: number | null }>) {
    const [org, studios] = await Promise.all([
      this.org.names({ divisionIds: rows.map((r) => r.community_id), gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null) }),
      repo.studioNames(this.db, rows.map((r) => r.studio_id).filter((s): s is number => s !== null)),
    ]);
    return { divisions: org.divisions, grids: org.grids, studios: new Map(studios.map((s) => [s.id, s.name])) };
  }

  // =====================================================================
  // Catalogue
  // =====================================================================

  catalogue(ctx: RequestContext): View<typeof S.CatalogueView> {
    const of = <K extends string>(labels: Record<K, { zh: string; en: string }>) =>
      (Object.entries(labels) as Array<[K, { zh: string; en: string }]>).map(([code, l]) => ({ code, name: label(l, ctx.locale) }));
    return {
      categories: of(CATEGORY_LABELS),
      statuses: of(STATUS_LABELS),
      partyRoles: of(PARTY_ROLE_LABELS),
      taskForceRoles: of(TASK_FORCE_ROLE_LABELS),
      referrals: of(REFERRAL_LABELS),
      studioKinds: of(STUDIO_KIND_LABELS),
    };
  }

  private category(code: CaseCategory, locale: 'zh-CN' | 'en') {
    return { code, name: label(CATEGORY_LABELS[code], locale) };
  }

  // =====================================================================
  // Studios and mediators
  // =====================================================================

  async createStudio(ctx: RequestContext, body: z.infer<typeof S.StudioBody>) {
    const actor = requireActor(ctx.actor);
    const place = { divisionId: body.divisionId, gridId: null };
    if (!covers(scopeFor(actor, 'mediation.manage'), place)) throw new AppError('forbidden');
    const division = await this.org.getDivision(ctx, body.divisionId);
    if (division.level !== 'community' && division.level !== 'street') throw invalid('body.divisionId', 'mediation.studio_division');
    const manager = body.managerUserId !== undefined ? await this.staffUser(body.managerUserId, 'body.managerUserId') : null;
    const id = await this.db.transaction().execute(async (trx) => {
      try {
        const studioId = await repo.insertStudio(trx, {
          division_id: body.divisionId,
          name: body.name,
          kind: body.kind,
          address: body.address,
          phone: body.phone,
          description: body.description,
          manager_user_id: manager?.userId ?? null,
          created_by: actor.userId,
        });
        await this.audit.record(trx, ctx, { action: 'mediation.studio.create', entityType: 'studio', entityId: studioId, place, details: { name: body.name, kind: body.kind } });
        return studioId;
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('conflict', { reason: 'name' }, [{ path: 'body.name', key: 'mediation.studio_exists' }]);
        throw error;
      }
    });
    return this.getStudio(ctx, id);
  }

  /** An active user holding a staff role (mediators are users with the mediator role, or staff). */
  private async staffUser(userId: number, path: string, db: Executor = this.db) {
    const user = await this.auth.actorOf(userId, db);
    if (!user || !user.grants.some((g) => STAFF_ROLES.includes(g.role))) throw invalid(path, 'mediation.not_staff');
    return user;
  }

  private readableDivisions(actor: Actor) {
    return [...new Set([...this.areaScope(actor).divisionIds, ...scopeFor(actor, 'mediation.read').divisionIds])];
  }

  async listStudios(ctx: RequestContext, q: z.infer<typeof S.StudioListQuery>): Promise<View<typeof S.StudioList>> {
    const actor = requireActor(ctx.actor);
    const mine = await repo.studiosOfUser(this.db, actor.userId);
    const readable = this.readableDivisions(actor);
    if (readable.length === 0 && mine.length === 0) throw new AppError('forbidden');
    let divisionIds = readable;
    if (q.communityId !== undefined) {
      // The studios serving a community: its own and those of the street and district above it.
      divisionIds = readable.includes(q.communityId) ? (await this.servingDivisions(q.communityId)) : [];
    }
    const rows = await repo.listStudios(this.db, divisionIds, { q: q.q, includeInactive: q.includeInactive === 'true', memberOf: q.communityId === undefined ? mine : [] });
    return { items: await this.presentStudios(rows) };
  }

  private async presentStudios(rows: repo.StudioRow[]) {
    const divisions = (await this.org.names({ divisionIds: rows.map((r) => r.division_id) })).divisions;
    const managers = await this.userNames(rows.map((r) => r.manager_user_id).filter((m): m is number => m !== null));
    return rows.map((s) => ({
      id: s.id,
      division: { id: s.division_id, name: divisions.get(s.division_id) ?? '' },
      name: s.name,
      kind: s.kind,
      address: s.address,
      phone: s.phone,
      description: s.description,
      manager: s.manager_user_id !== null ? { id: s.manager_user_id, name: managers.get(s.manager_user_id) ?? '' } : null,
      active: s.active,
      mediators: Number(s.mediators ?? 0),
      openCases: Number(s.open_cases ?? 0),
    }));
  }

  private async userNames(userIds: number[], db: Executor = this.db) {
    const unique = [...new Set(userIds)];
    const actors = await Promise.all(unique.map((id) => this.auth.actorOf(id, db)));
    return new Map(unique.map((id, i) => [id, actors[i]?.displayName ?? `用户${id}`]));
  }

  private async studioVisible(actor: Actor, s: { id: number; division_id: number }) {
    if (this.readableDivisions(actor).includes(s.division_id)) return true;
    // A street's studio is seen by the communities below it.
    const below = (await this.org.expandDivisions([s.division_id])).get(s.division_id) ?? [];
    if (below.some((d) => this.readableDivisions(actor).includes(d))) return true;
    return (await repo.studiosOfUser(this.db, actor.userId)).includes(s.id);
  }

  async getStudio(ctx: RequestContext, id: number): Promise<View<typeof S.StudioView>> {
    const actor = requireActor(ctx.actor);
    const s = await repo.studioById(this.db, id);
    if (!s || !(await this.studioVisible(actor, s))) throw new AppError('not_found');
    const [summary] = await this.presentStudios([s]);
    const mediators = await repo.mediatorsOf(this.db, id);
    return {
      ...summary!,
      mediatorList: mediators.map((m) => ({
        userId: m.user_id,
        name: m.display_name,
        title: m.title,
        specialities: m.specialities.filter((c): c is CaseCategory => (CATEGORIES as readonly string[]).includes(c)).map((c) => this.category(c, ctx.locale)),
        active: m.active,
        joinedAt: m.joined_at.toISOString(),
      })),
    };
  }

  private async studioForWrite(actor: Actor, id: number) {
    const s = await repo.studioById(this.db, id);
    if (!s) throw new AppError('not_found');
    if (!covers(scopeFor(actor, 'mediation.manage'), { divisionId: s.division_id, gridId: null })) {
      throw new AppError((await this.studioVisible(actor, s)) ? 'forbidden' : 'not_found');
    }
    return s;
  }

  async updateStudio(ctx: RequestContext, id: number, body: z.infer<typeof S.StudioPatch>) {
    const actor = requireActor(ctx.actor);
    const s = await this.studioForWrite(actor, id);
    if (body.managerUserId) await this.staffUser(body.managerUserId, 'body.managerUserId');
    await this.db.transaction().execute(async (trx) => {
      try {
        await repo.updateStudio(trx, id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.kind !== undefined ? { kind: body.kind } : {}),
          ...(body.address !== undefined ? { address: body.address } : {}),
          ...(body.phone !== undefined ? { phone: body.phone } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.managerUserId !== undefined ? { manager_user_id: body.managerUserId } : {}),
          ...(body.active !== undefined ? { active: body.active } : {}),
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('conflict', { reason: 'name' }, [{ path: 'body.name', key: 'mediation.studio_exists' }]);
        throw error;
      }
      await this.audit.record(trx, ctx, { action: 'mediation.studio.update', entityType: 'studio', entityId: id, place: { divisionId: s.division_id, gridId: null }, details: { fields: Object.keys(body) } });
    });
    return this.getStudio(ctx, id);
  }

  async setMediator(ctx: RequestContext, studioId: number, userId: number, body: z.infer<typeof S.MediatorBody>) {
    const actor = requireActor(ctx.actor);
    const s = await this.studioForWrite(actor, studioId);
    const user = await this.staffUser(userId, 'params.userId');
    await this.db.transaction().execute(async (trx) => {
      await repo.upsertMediator(trx, { studio_id: studioId, user_id: userId, display_name: user.displayName, title: body.title, specialities: body.specialities, active: body.active });
      await this.audit.record(trx, ctx, { action: 'mediation.mediator.set', entityType: 'studio', entityId: studioId, place: { divisionId: s.division_id, gridId: null }, details: { userId, active: body.active, specialities: body.specialities } });
    });
    return this.getStudio(ctx, studioId);
  }

  async removeMediator(ctx: RequestContext, studioId: number, userId: number) {
    const actor = requireActor(ctx.actor);
    const s = await this.studioForWrite(actor, studioId);
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.deactivateMediator(trx, studioId, userId))) throw new AppError('not_found');
      await this.audit.record(trx, ctx, { action: 'mediation.mediator.remove', entityType: 'studio', entityId: studioId, place: { divisionId: s.division_id, gridId: null }, details: { userId } });
    });
    return this.getStudio(ctx, studioId);
  }

  // =====================================================================
  // Intake
  // =====================================================================

  /** Checks the parties and puts their numbers in one form; the problems, all at once, or the rows. */
  private async checkParties(ctx: RequestContext, parties: z.infer<typeof S.PartyBody>[], pathOf: (i: number) => string) {
    const problems: ErrorDetail[] = [];
    const today = chinaDate(this.clock.now());
    const rows = [];
    for (const [i, p] of parties.entries()) {
      const at = pathOf(i);
      let idNumber: string | null = null;
      if (p.idNumber) {
        const raw = p.idNumber.trim().toUpperCase();
        idNumber = p.kind === 'person' ? normalizeIdNumber(raw, today) : CREDIT_CODE.test(raw) ? raw : null;
        if (!idNumber) problems.push({ path: `${at}.idNumber`, key: p.kind === 'person' ? 'mediation.bad_id_number' : 'mediation.bad_credit_code' });
      }
      let phone: string | null = null;
      if (p.phone) {
        phone = normalizePhone(p.phone);
        if (!phone) problems.push({ path: `${at}.phone`, key: 'mediation.bad_phone' });
      }
      if (p.personId !== undefined) {
        try {
          await this.org.getPerson(ctx, p.personId);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          problems.push({ path: `${at}.personId`, key: 'mediation.unknown_person' });
        }
      }
      if (p.userId !== undefined && !(await this.auth.actorOf(p.userId))) problems.push({ path: `${at}.userId`, key: 'mediation.unknown_user' });
      rows.push({ role: p.role, kind: p.kind, name: p.name, id_number: idNumber, phone, address: p.address, representative: p.representative, person_id: p.personId ?? null, user_id: p.userId ?? null });
    }
    return { problems, rows };
  }

  /**
   * Opens a case (受理): directly, or from a matter the caller can read. Staff of the area
   * and mediators open cases; a mediator who opens one takes it.
   */
  async open(ctx: RequestContext, body: z.infer<typeof S.CaseBody>): Promise<View<typeof S.CaseDetail>> {
    const actor = requireActor(ctx.actor);
    // Reads first: inside the transaction every query must go through it.
    const matter = body.matterId !== undefined ? await this.matters.get(ctx, body.matterId) : null;
    const problems: ErrorDetail[] = [];
    const communityId = body.communityId ?? matter?.community?.id;
    if (communityId === undefined) problems.push({ path: 'body.communityId', key: 'field.required' });
    if (!body.category && !matter) problems.push({ path: 'body.category', key: 'field.required' });
    if (!body.summary && !matter) problems.push({ path: 'body.summary', key: 'field.required' });
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    let gridId = body.gridId ?? (body.communityId === undefined ? (matter?.grid?.id ?? null) : null);
    if (body.gridId !== undefined) {
      const at = await this.org.placeOfGrid(body.gridId);
      if (!at || at.divisionId !== communityId) throw invalid('body.gridId', 'mediation.grid_not_in_community');
      gridId = body.gridId;
    }
    const place = { divisionId: communityId!, gridId };
    const manage = covers(scopeFor(actor, 'mediation.manage'), place);
    if (!manage && !covers(scopeFor(actor, 'mediation.handle'), place)) throw new AppError('forbidden');
    const division = await this.org.getDivision(ctx, communityId!);
    if (division.level !== 'community') throw invalid(body.communityId !== undefined ? 'body.communityId' : 'body.matterId', 'mediation.not_community');

    const checked = await this.checkParties(ctx, body.parties, (i) => `body.parties.${i}`);
    problems.push(...checked.problems);
    if (!body.parties.some((p) => p.role === 'applicant')) problems.push({ path: 'body.parties', key: 'mediation.applicant_required' });

    const serving = await repo.studiosServing(this.db, await this.servingDivisions(communityId!));
    const servingIds = serving.map((s) => s.id);
    let studioId: number | null = null;
    if (body.studioId !== undefined) {
      if (!servingIds.includes(body.studioId)) problems.push({ path: 'body.studioId', key: 'mediation.studio_elsewhere' });
      studioId = body.studioId;
    }
    let mediator: Actor | null = null;
    if (body.mediatorUserId !== undefined && body.mediatorUserId !== actor.userId) {
      if (!manage) throw new AppError('forbidden');
      mediator = await this.canMediate(body.mediatorUserId, place, servingIds);
      if (!mediator) problems.push({ path: 'body.mediatorUserId', key: 'mediation.bad_mediator' });
    } else if (body.mediatorUserId === actor.userId || !manage) {
      // A mediator at the desk takes the case they open.
      mediator = actor;
    }
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    if (studioId === null && mediator) {
      const theirs = await repo.studiosOfUser(this.db, mediator.userId);
      studioId = servingIds.find((s) => theirs.includes(s)) ?? null;
    }
    const studio = serving.find((s) => s.id === studioId) ?? null;

    const now = this.clock.now();
    const category = body.category ?? categoryForMatter(matter!.category.code);
    const summary = body.summary ?? matter!.description.slice(0, 200);
    const id = await this.db.transaction().execute(async (trx) => {
      const day = chinaDate(now).replaceAll('-', '');
      const code = `TJ${day}${String(await repo.nextCaseNumber(trx)).padStart(6, '0')}`;
      let c: repo.CaseRow;
      try {
        c = await repo.insertCase(trx, {
          code,
          community_id: communityId!,
          grid_id: gridId,
          studio_id: studioId,
          matter_id: matter?.id ?? null,
          source: body.source ?? (matter ? 'matter' : 'walk_in'),
          category,
          summary,
          facts: body.facts,
          issues: body.issues,
          amount_fen: body.amountFen,
          people_count: body.peopleCount ?? Math.max(body.parties.length, 1),
          group_dispute: body.groupDispute,
          risk: body.risk,
          mediator_user_id: mediator?.userId ?? null,
          mediator_name: mediator?.displayName ?? null,
          accepted_at: now,
          due_at: new Date(now.getTime() + CASE_DAYS * DAY_MS),
          created_by: actor.userId,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'cases_open_matter')) throw new AppError('conflict', { reason: 'matter' }, [{ path: 'body.matterId', key: 'mediation.matter_has_case' }]);
        throw error;
      }
      await repo.insertParties(trx, checked.rows.map((p, i) => ({ ...p, case_id: c.id, position: i + 1 })));
      const details: Record<string, unknown> = { category, source: c.source };
      if (matter) details.matter = matter.code;
      if (mediator) details.mediator = mediator.displayName;
      if (studio) details.studio = studio.name;
      await this.timeline(trx, ctx, c.id, { action: 'open', from: null, to: 'accepted', note: summary, details });
      await this.audit.record(trx, ctx, { action: 'mediation.case.open', entityType: 'case', entityId: c.id, place: this.place(c), details: { code, category, matterId: matter?.id ?? null, parties: checked.rows.length } });
      await this.jobs.publish<CaseOpenedEvent>(trx, 'case.opened', { caseId: c.id, code, matterId: matter?.id ?? null, communityId: c.community_id }, actor.userId);
      const told = mediator && mediator.userId !== actor.userId ? [mediator.userId] : [];
      if (!mediator && studio) told.push(...(await repo.studioMemberIds(trx, studio.id)), ...(studio.manager_user_id !== null ? [studio.manager_user_id] : []));
      await this.notifications.notify(trx, told.filter((u) => u !== actor.userId), { kind: mediator ? 'mediation.assigned' : 'mediation.new_case', title: `调解案件 ${code}：${summary.slice(0, 30)}`, body: label(CATEGORY_LABELS[category], 'zh-CN'), link: `/mediation/cases/${c.id}`, entityType: 'case', entityId: c.id });
      return c.id;
    });
    return this.get(ctx, id);
  }

  private async timeline(
    trx: Executor,
    ctx: RequestContext,
    caseId: number,
    e: { action: string; from: CaseStatus | null; to: CaseStatus | null; note?: string; details?: Record<string, unknown> },
  ) {
    await repo.insertTimeline(trx, [
      {
        case_id: caseId,
        at: this.clock.now(),
        actor_user_id: ctx.actor?.userId ?? null,
        actor_name: ctx.actor?.displayName ?? '系统',
        action: e.action,
        from_status: e.from,
        to_status: e.to,
        note: e.note ?? '',
        details: JSON.stringify(e.details ?? {}),
      },
    ]);
  }

  // =====================================================================
  // Reading
  // =====================================================================

  async list(ctx: RequestContext, q: z.infer<typeof S.CaseListQuery>): Promise<View<typeof S.CaseList>> {
    const actor = requireActor(ctx.actor);
    const studioIds = await repo.studiosOfUser(this.db, actor.userId);
    const area = this.areaScope(actor);
    const after = decodeCursor(q.cursor);
    const rows = await repo.listCases(
      this.db,
      { area, studioIds, userId: actor.userId },
      {
        q: q.q,
        status: q.status,
        category: q.category,
        studioId: q.studioId,
        mediatorUserId: q.mediatorUserId,
        communityId: q.communityId,
        risk: q.risk,
        overdue: q.overdue === undefined ? undefined : q.overdue === 'true',
        queue: q.queue,
        now: this.clock.now(),
      },
      after?.id ?? null,
      q.limit,
    );
    const page = rows.slice(0, q.limit);
    const [names, parties] = await Promise.all([this.names(page), repo.partiesOf(this.db, page.map((c) => c.id))]);
    return {
      items: page.map((c) => this.presentListItem(c, names, parties.filter((p) => p.case_id === c.id), ctx.locale)),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: page[page.length - 1]!.id }) : null,
    };
  }

  private presentListItem(
    c: repo.CaseRow,
    names: Awaited<ReturnType<MediationService['names']>>,
    parties: Array<{ role: 'applicant' | 'respondent' | 'third_party'; name: string }>,
    locale: 'zh-CN' | 'en',
  ): View<typeof S.CaseListItem> {
    const now = this.clock.now();
    return {
      id: c.id,
      code: c.code,
      category: this.category(c.category, locale),
      status: c.status,
      statusName: label(STATUS_LABELS[c.status], locale),
      risk: c.risk,
      summary: c.summary,
      community: { id: c.community_id, name: names.divisions.get(c.community_id) ?? '' },
      studio: c.studio_id !== null ? { id: c.studio_id, name: names.studios.get(c.studio_id) ?? '' } : null,
      mediator: c.mediator_user_id !== null ? { id: c.mediator_user_id, name: c.mediator_name ?? '' } : null,
      amountFen: Number(c.amount_fen),
      peopleCount: c.people_count,
      groupDispute: c.group_dispute,
      parties: parties.map((p) => ({ role: p.role, name: p.name })),
      acceptedAt: c.accepted_at.toISOString(),
      dueAt: c.due_at.toISOString(),
      overdue: c.overdue || (UNDER_MEDIATION.includes(c.status) && c.due_at < now),
      agreedAt: iso(c.agreed_at),
      endedAt: iso(c.ended_at),
      outcome: c.outcome,
    };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.CaseDetail>> {
    const actor = requireActor(ctx.actor);
    const c = await repo.caseById(this.db, id);
    const access = c ? await this.accessTo(actor, c, this.db) : null;
    if (!c || !access?.viewer) throw new AppError('not_found');
    const [names, parties, taskForce, sessions, agreement, instalments, followUps, claims, timeline] = await Promise.all([
      this.names([c]),
      repo.partiesOf(this.db, [id]),
      repo.taskForceOf(this.db, id),
      repo.sessionsOf(this.db, id),
      repo.agreementOf(this.db, id),
      repo.instalmentsOf(this.db, id),
      repo.followUpsOf(this.db, id),
      repo.claimsSummary(this.db, id),
      repo.timelineOf(this.db, id),
    ]);
    const unpaid = instalments.some((i) => Number(i.paid_fen) < Number(i.amount_fen));
    const locale = ctx.locale;
    return {
      ...this.presentListItem(c, names, parties, locale),
      matterId: c.matter_id,
      source: c.source,
      facts: c.facts,
      issues: c.issues,
      grid: c.grid_id !== null ? { id: c.grid_id, name: names.grids.get(c.grid_id)?.name ?? '' } : null,
      extendedDays: c.extended_days,
      escalatedAt: iso(c.escalated_at),
      performedAt: iso(c.performed_at),
      followUpDueOn: c.follow_up_due_on,
      endReason: c.end_reason,
      referral: c.referral_kind ? { kind: c.referral_kind, name: label(REFERRAL_LABELS[c.referral_kind], locale), to: c.referral_to } : null,
      partyList: parties.map((p) => ({
        id: p.id,
        role: p.role,
        kind: p.kind,
        name: p.name,
        idNumber: maskIdNumber(p.id_number),
        phone: maskPhone(p.phone),
        address: p.address,
        representative: p.representative,
        personId: p.person_id,
        userId: p.user_id,
      })),
      taskForce: taskForce.map((m) => ({ id: m.id, userId: m.user_id, name: m.name, role: m.role, roleName: label(TASK_FORCE_ROLE_LABELS[m.role], locale), organisation: m.organisation })),
      sessions: sessions.map((s) => ({ id: s.id, heldAt: s.held_at.toISOString(), place: s.place, attendees: s.attendees, notes: s.notes })),
      agreement: agreement
        ? {
            terms: agreement.terms,
            facts: agreement.facts,
            totalFen: Number(agreement.total_fen),
            paidFen: instalments.reduce((t, i) => t + Number(i.paid_fen), 0),
            performanceMethod: agreement.performance_method,
            performanceDeadline: agreement.performance_deadline,
            signedOn: agreement.signed_on,
            copies: agreement.copies,
            fullyPerformed: c.performed_at !== null,
            instalments: instalments.map((i) => ({ seq: i.seq, dueOn: i.due_on, amountFen: Number(i.amount_fen), paidFen: Number(i.paid_fen), paidOn: i.paid_on, paid: Number(i.paid_fen) >= Number(i.amount_fen) })),
          }
        : null,
      followUps: followUps.map((f) => ({ id: f.id, visitedAt: f.visited_at.toISOString(), visitedBy: f.visited_by_name, findings: f.findings, satisfied: f.satisfied })),
      claimsSummary: claims,
      timeline: timeline.map((e) => ({ id: e.id, at: e.at.toISOString(), actor: e.actor_name, action: e.action, fromStatus: e.from_status, toStatus: e.to_status, note: e.note, details: e.details })),
      viewer: access.viewer,
      allowedActions: this.allowedActions(c, access, agreement ? { unpaid } : null),
    };
  }

  /** A resident's own cases as a party: where each stands, and nothing of the others'. */
  async myCases(ctx: RequestContext): Promise<View<typeof S.MyCases>> {
    const actor = requireActor(ctx.actor);
    const rows = await repo.casesOfParty(this.db, actor.userId, actor.personId);
    const seen = new Set<number>();
    const cases = rows.filter((r) => !seen.has(r.id) && seen.add(r.id));
    const steps = await repo.statusStepsOf(this.db, cases.map((c) => c.id));
    return {
      items: cases.map((c) => ({
        id: c.id,
        code: c.code,
        category: this.category(c.category, ctx.locale),
        status: c.status,
        statusName: label(STATUS_LABELS[c.status], ctx.locale),
        myRole: c.party_role,
        studio: c.studio_name ?? null,
        mediator: c.mediator_name,
        acceptedAt: c.accepted_at.toISOString(),
        agreedAt: iso(c.agreed_at),
        endedAt: iso(c.ended_at),
        outcome: c.outcome,
        steps: steps.filter((s) => s.case_id === c.id).map((s) => ({ at: s.at.toISOString(), status: s.to_status!, name: label(STATUS_LABELS[s.to_status!], ctx.locale) })),
      })),
    };
  }

  /** The parties' whole ID and phone numbers (and the claimants'), for the mediator in charge, the task force and admins; every call audited. */
  async reveal(ctx: RequestContext, id: number): Promise<View<typeof S.RevealView>> {
    const actor = requireActor(ctx.actor);
    const c = await repo.caseById(this.db, id);
    const access = c ? await this.accessTo(actor, c, this.db) : null;
    if (!c || !access?.viewer) throw new AppError('not_found');
    if (!access.handle) throw new AppError('forbidden');
    const [parties, claims] = await Promise.all([repo.partiesOf(this.db, [id]), repo.claimPhones(this.db, id)]);
    await this.db.transaction().execute((trx) =>
      this.audit.record(trx, ctx, { action: 'mediation.reveal', entityType: 'case', entityId: id, place: this.place(c), details: { code: c.code, parties: parties.length, claims: claims.length } }),
    );
    return {
      parties: parties.map((p) => ({ id: p.id, name: p.name, idNumber: p.id_number, phone: p.phone })),
      claims: claims.map((k) => ({ id: k.id, claimantName: k.claimant_name, phone: k.phone })),
    };
  }

  /** The printable 人民调解协议书 (HTML, every value escaped; ID numbers masked). */
  async agreementPage(ctx: RequestContext, id: number): Promise<string> {
    const actor = requireActor(ctx.actor);
    const c = await repo.caseById(this.db, id);
    const access = c ? await this.accessTo(actor, c, this.db) : null;
    if (!c || !access?.viewer) throw new AppError('not_found');
    const agreement = await repo.agreementOf(this.db, id);
    if (!agreement) throw new AppError('not_found');
    const [parties, instalments, names] = await Promise.all([repo.partiesOf(this.db, [id]), repo.instalmentsOf(this.db, id), this.names([c])]);
    return agreementHtml({
      code: c.code,
      committee: `${names.divisions.get(c.community_id) ?? ''}人民调解委员会`,
      studio: c.studio_id !== null ? (names.studios.get(c.studio_id) ?? null) : null,
      category: label(CATEGORY_LABELS[c.category], 'zh-CN'),
      parties: parties.map((p) => ({ role: PARTY_ROLE_LABELS[p.role].zh, kind: p.kind, name: p.name, idNumber: maskIdNumber(p.id_number), phone: maskPhone(p.phone), address: p.address, representative: p.representative })),
      facts: agreement.facts,
      terms: agreement.terms,
      totalFen: Number(agreement.total_fen),
      instalments: instalments.map((i) => ({ seq: i.seq, dueOn: i.due_on, amountFen: Number(i.amount_fen) })),
      performanceMethod: agreement.performance_method,
      performanceDeadline: agreement.performance_deadline,
      signedOn: agreement.signed_on,
      copies: agreement.copies,
      mediator: c.mediator_name,
    });
  }

  async listClaims(ctx: RequestContext, id: number, q: { cursor?: string | undefined; limit: number }): Promise<View<typeof S.ClaimList>> {
    const actor = requireActor(ctx.actor);
    const c = await repo.caseById(this.db, id);
    const access = c ? await this.accessTo(actor, c, this.db) : null;
    if (!c || !access?.viewer) throw new AppError('not_found');
    const after = decodeCursor(q.cursor);
    const [rows, summary] = await Promise.all([repo.listClaims(this.db, id, after?.id ?? null, q.limit), repo.claimsSummary(this.db, id)]);
    const page = rows.slice(0, q.limit);
    return {
      items: page.map((k) => this.presentClaim(k)),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: page[page.length - 1]!.id }) : null,
      ...summary,
    };
  }

  private presentClaim(k: repo.ClaimRow): View<typeof S.ClaimView> {
    return {
      id: k.id,
      claimantName: k.claimant_name,
      phone: maskPhone(k.phone),
      address: k.address,
      amountFen: Number(k.amount_fen),
      description: k.description,
      documents: k.documents.map(photoView),
      visitedAt: k.visited_at.toISOString(),
      visitedBy: k.visited_by_name,
    };
  }

  // =====================================================================
  // Changes
  // =====================================================================

  /** Moves the case along the workflow (or 409), writing the change, the timeline entry and the audit record. */
  private async step(
    trx: Executor,
    ctx: RequestContext,
    c: repo.CaseRow,
    action: CaseAction,
    patch: Updateable<CaseTable>,
    e: { note?: string; details?: Record<string, unknown> } = {},
  ) {
    const to = transition(action, c.status);
    if (!to) throw illegal(action, c.status);
    const now = this.clock.now();
    const updated = await repo.updateCase(trx, c.id, { ...patch, status: to }, now);
    await this.timeline(trx, ctx, c.id, { action, from: c.status, to, note: e.note ?? '', details: e.details ?? {} });
    await this.audit.record(trx, ctx, { action: `mediation.case.${action}`, entityType: 'case', entityId: c.id, place: this.place(c), details: { from: c.status, to, ...(e.details ?? {}) } });
    if (to === 'closed' || to === 'failed' || to === 'withdrawn') {
      const outcome: Outcome = to === 'closed' ? 'agreed' : to;
      await this.jobs.publish<CaseClosedEvent>(trx, 'case.closed', { caseId: c.id, code: c.code, matterId: c.matter_id, outcome }, ctx.actor?.userId ?? null);
    }
    return updated;
  }

  /** A change that is not a step: the case updated (if anything changes), a timeline entry and the audit record. */
  private async note(trx: Executor, ctx: RequestContext, c: repo.CaseRow, action: string, patch: Updateable<CaseTable>, e: { note?: string; details?: Record<string, unknown> } = {}) {
    await repo.updateCase(trx, c.id, patch, this.clock.now());
    await this.timeline(trx, ctx, c.id, { action, from: null, to: null, note: e.note ?? '', details: e.details ?? {} });
    await this.audit.record(trx, ctx, { action: `mediation.case.${action}`, entityType: 'case', entityId: c.id, place: this.place(c), details: e.details ?? {} });
  }

  private requireOpen(c: repo.CaseRow, action: string) {
    if (!isOpen(c.status)) throw illegal(action, c.status);
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.CasePatch>) {
    const actor = requireActor(ctx.actor);
    const fields = Object.keys(body);
    if (fields.length === 0) throw invalid('body', 'mediation.nothing_to_change');
    const current = await repo.caseById(this.db, id);
    if (!current) throw new AppError('not_found');
    let studioCheck: number[] | null = null;
    if (body.studioId) studioCheck = (await repo.studiosServing(this.db, await this.servingDivisions(current.community_id))).map((s) => s.id);
    if (studioCheck && body.studioId && !studioCheck.includes(body.studioId)) throw invalid('body.studioId', 'mediation.studio_elsewhere');
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      this.requireOpen(c, 'edit');
      const patch: Updateable<CaseTable> = {};
      if (body.category !== undefined) patch.category = body.category;
      if (body.summary !== undefined) patch.summary = body.summary;
      if (body.facts !== undefined) patch.facts = body.facts;
      if (body.issues !== undefined) patch.issues = body.issues;
      if (body.amountFen !== undefined) patch.amount_fen = body.amountFen;
      if (body.peopleCount !== undefined) patch.people_count = body.peopleCount;
      if (body.groupDispute !== undefined) patch.group_dispute = body.groupDispute;
      if (body.risk !== undefined) patch.risk = body.risk;
      if (body.studioId !== undefined) patch.studio_id = body.studioId;
      const shown = Object.fromEntries(Object.entries(body).filter(([k]) => !['facts', 'issues'].includes(k)));
      await this.note(trx, ctx, c, 'edit', patch, { details: { fields, ...shown } });
    });
    return this.get(ctx, id);
  }

  async addParty(ctx: RequestContext, id: number, body: z.infer<typeof S.PartyBody>) {
    const actor = requireActor(ctx.actor);
    const checked = await this.checkParties(ctx, [body], () => 'body');
    if (checked.problems.length) throw new AppError('validation_failed', {}, checked.problems);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      this.requireOpen(c, 'party');
      const existing = await repo.partiesOf(trx, [id]);
      if (existing.length >= 50) throw invalid('body', 'mediation.too_many_parties');
      await repo.insertParties(trx, [{ ...checked.rows[0]!, case_id: id, position: Math.max(0, ...existing.map((p) => p.position)) + 1 }]);
      await this.note(trx, ctx, c, 'party', {}, { note: `${PARTY_ROLE_LABELS[body.role].zh}：${body.name}`, details: { role: body.role, kind: body.kind } });
    });
    return this.get(ctx, id);
  }

  /** A mediator of the case's studio takes an unassigned case; of two at once, one wins and the other gets 409. */
  async take(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const c = await repo.caseForUpdate(trx, id);
      if (!c) throw new AppError('not_found');
      const access = await this.accessTo(actor, c, trx);
      if (!access.viewer) throw new AppError('not_found');
      if (!(access.manage || access.studioMember)) throw new AppError('forbidden');
      this.requireOpen(c, 'take');
      if (c.mediator_user_id !== null) throw new AppError('conflict', { reason: 'taken' }, [{ key: 'mediation.already_taken', params: { name: c.mediator_name ?? '' } }]);
      await this.note(trx, ctx, c, 'take', { mediator_user_id: actor.userId, mediator_name: actor.displayName }, { details: { mediator: actor.displayName } });
    });
    return this.get(ctx, id);
  }

  /** Admins put a mediator (or nobody) in charge, and name the task force (专班). */
  async assign(ctx: RequestContext, id: number, body: z.infer<typeof S.AssignBody>) {
    const actor = requireActor(ctx.actor);
    if (body.mediatorUserId === undefined && body.taskForce === undefined) throw invalid('body', 'mediation.nothing_to_change');
    const current = await repo.caseById(this.db, id);
    if (!current) throw new AppError('not_found');
    const place = this.place(current);
    // Checked before the transaction (reads outside it), and the case rechecked inside.
    let mediator: Actor | null = null;
    const problems: ErrorDetail[] = [];
    if (body.mediatorUserId) {
      const serving = (await repo.studiosServing(this.db, await this.servingDivisions(current.community_id))).map((s) => s.id);
      mediator = await this.canMediate(body.mediatorUserId, place, serving);
      if (!mediator) problems.push({ path: 'body.mediatorUserId', key: 'mediation.bad_mediator' });
    }
    const members: Array<{ user_id: number | null; name: string; role: z.infer<typeof S.TaskForceRole>; organisation: string }> = [];
    for (const [i, m] of (body.taskForce ?? []).entries()) {
      if (m.userId !== undefined) {
        const user = await this.auth.actorOf(m.userId);
        if (!user || !user.grants.some((g) => STAFF_ROLES.includes(g.role))) {
          problems.push({ path: `body.taskForce.${i}.userId`, key: 'mediation.not_staff' });
          continue;
        }
        members.push({ user_id: user.userId, name: m.name || user.displayName, role: m.role, organisation: m.organisation });
      } else if (!m.name) {
        problems.push({ path: `body.taskForce.${i}.name`, key: 'field.required' });
      } else {
        members.push({ user_id: null, name: m.name, role: m.role, organisation: m.organisation });
      }
    }
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id, 'manage');
      this.requireOpen(c, 'assign');
      const patch: Updateable<CaseTable> = {};
      const details: Record<string, unknown> = {};
      if (body.mediatorUserId !== undefined) {
        patch.mediator_user_id = mediator?.userId ?? null;
        patch.mediator_name = mediator?.displayName ?? null;
        details.mediator = mediator?.displayName ?? null;
      }
      if (body.taskForce !== undefined) {
        await repo.replaceTaskForce(trx, id, members.map((m) => ({ ...m, case_id: id })));
        details.taskForce = members.map((m) => `${m.name}（${TASK_FORCE_ROLE_LABELS[m.role].zh}）`);
      }
      await this.note(trx, ctx, c, 'assign', patch, { note: body.note, details });
      const told = [...(mediator ? [mediator.userId] : []), ...members.map((m) => m.user_id).filter((u): u is number => u !== null)].filter((u) => u !== actor.userId);
      await this.notifications.notify(trx, told, { kind: 'mediation.assigned', title: `调解案件 ${c.code} 交由您办理`, body: c.summary.slice(0, 80), link: `/mediation/cases/${id}`, entityType: 'case', entityId: id });
    });
    return this.get(ctx, id);
  }

  /** Admins extend the time limit, with a reason; the case is no longer overdue if the new limit lies ahead. */
  async extend(ctx: RequestContext, id: number, body: z.infer<typeof S.ExtendBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id, 'manage');
      if (!UNDER_MEDIATION.includes(c.status)) throw illegal('extend', c.status);
      const due = new Date(c.due_at.getTime() + body.days * DAY_MS);
      const stillLate = due <= this.clock.now();
      await this.note(trx, ctx, c, 'extend', { due_at: due, extended_days: c.extended_days + body.days, overdue: stillLate && c.overdue }, { note: body.reason, details: { days: body.days, from: c.due_at.toISOString(), dueAt: due.toISOString() } });
    });
    return this.get(ctx, id);
  }

  async advance(ctx: RequestContext, id: number, action: 'investigate' | 'mediate', body: z.infer<typeof S.NoteBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      await this.step(trx, ctx, c, action, {}, { note: body.note });
    });
    return this.get(ctx, id);
  }

  async fail(ctx: RequestContext, id: number, body: z.infer<typeof S.FailBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      const now = this.clock.now();
      await this.step(
        trx,
        ctx,
        c,
        'fail',
        { outcome: 'failed', ended_at: now, end_reason: body.reason, referral_kind: body.referral, referral_to: body.referralTo, overdue: false },
        { note: body.reason, details: { referral: body.referral, referralTo: body.referralTo } },
      );
    });
    return this.get(ctx, id);
  }

  async withdraw(ctx: RequestContext, id: number, body: z.infer<typeof S.WithdrawBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      await this.step(trx, ctx, c, 'withdraw', { outcome: 'withdrawn', ended_at: this.clock.now(), end_reason: body.reason, overdue: false }, { note: body.reason });
    });
    return this.get(ctx, id);
  }

  async addSession(ctx: RequestContext, id: number, body: z.infer<typeof S.SessionBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      this.requireOpen(c, 'session');
      const sessionId = await repo.insertSession(trx, { case_id: id, held_at: body.heldAt, place: body.place, attendees: JSON.stringify(body.attendees), notes: body.notes, recorded_by: actor.userId });
      await this.note(trx, ctx, c, 'session', {}, { details: { sessionId, heldAt: body.heldAt.toISOString(), attendees: body.attendees.length, place: body.place } });
    });
    return this.get(ctx, id);
  }

  /** Records the agreement (协议): its terms, the total and the instalments; the follow-up visit is set. */
  async agree(ctx: RequestContext, id: number, body: z.infer<typeof S.AgreementBody>) {
    const actor = requireActor(ctx.actor);
    const today = chinaDate(this.clock.now());
    const signedOn = body.signedOn ?? today;
    // The input is checked before anything is locked: bad input changes nothing.
    const problems: ErrorDetail[] = [];
    if (signedOn > today) problems.push({ path: 'body.signedOn', key: 'mediation.date_in_future' });
    if (body.performanceDeadline < signedOn) problems.push({ path: 'body.performanceDeadline', key: 'mediation.before_signing' });
    let instalments = body.instalments.map((i, n) => ({ seq: n + 1, due_on: i.dueOn, amount_fen: i.amountFen }));
    if (instalments.length === 0 && body.totalFen > 0) instalments = [{ seq: 1, due_on: body.performanceDeadline, amount_fen: body.totalFen }];
    const sum = instalments.reduce((t, i) => t + i.amount_fen, 0);
    if (sum !== body.totalFen) problems.push({ path: 'body.instalments', key: 'mediation.instalments_sum', params: { sum: yuan(sum), total: yuan(body.totalFen) } });
    for (const [n, i] of instalments.entries()) {
      if (i.due_on < signedOn || (n > 0 && i.due_on < instalments[n - 1]!.due_on)) problems.push({ path: `body.instalments.${n}.dueOn`, key: 'mediation.instalment_dates' });
    }
    const followUpOn = body.followUpOn ?? addDays(signedOn, FOLLOW_UP_DAYS);
    if (followUpOn < signedOn) problems.push({ path: 'body.followUpOn', key: 'mediation.before_signing' });
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      if (!transition('agree', c.status)) throw illegal('agree', c.status);
      const parties = await repo.partiesOf(trx, [id]);
      if (!parties.some((p) => p.role === 'applicant') || !parties.some((p) => p.role === 'respondent')) {
        throw new AppError('conflict', { reason: 'parties' }, [{ key: 'mediation.parties_incomplete' }]);
      }
      const facts = [c.facts, c.issues ? `争议事项：${c.issues}` : ''].filter(Boolean).join('\n') || c.summary;
      await repo.insertAgreement(
        trx,
        { case_id: id, terms: body.terms, facts, total_fen: body.totalFen, performance_method: body.performanceMethod, performance_deadline: body.performanceDeadline, signed_on: signedOn, copies: body.copies, recorded_by: actor.userId },
        instalments,
      );
      await this.step(trx, ctx, c, 'agree', { agreed_at: this.clock.now(), follow_up_due_on: followUpOn, overdue: false }, {
        details: { totalFen: body.totalFen, instalments: instalments.length, signedOn, followUpOn, terms: body.terms.length },
      });
    });
    return this.get(ctx, id);
  }

  /** A payment on an instalment; the first moves the case to performing, the last marks the agreement performed. */
  async pay(ctx: RequestContext, id: number, seq: number, body: z.infer<typeof S.PaymentBody>) {
    const actor = requireActor(ctx.actor);
    if (body.paidOn > chinaDate(this.clock.now())) throw invalid('body.paidOn', 'mediation.date_in_future');
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      if (!transition('perform', c.status)) throw illegal('pay', c.status);
      const instalments = await repo.instalmentsOf(trx, id);
      const target = instalments.find((i) => i.seq === seq);
      if (!target) throw new AppError('not_found');
      const agreement = (await repo.agreementOf(trx, id))!;
      if (body.paidOn < agreement.signed_on) throw invalid('body.paidOn', 'mediation.before_signing');
      const left = Number(target.amount_fen) - Number(target.paid_fen);
      if (body.amountFen > left) throw invalid('body.amountFen', 'mediation.overpaid', { left: yuan(left) });
      const paid = await repo.payInstalment(trx, id, seq, body.amountFen, body.paidOn);
      const allPaid = instalments.every((i) => (i.seq === seq ? Number(paid.paid_fen) >= Number(paid.amount_fen) : Number(i.paid_fen) >= Number(i.amount_fen)));
      const details = { seq, amountFen: body.amountFen, paidOn: body.paidOn, paidFen: Number(paid.paid_fen), dueFen: Number(paid.amount_fen) };
      const note = body.note || `第${seq}期收到 ${yuan(body.amountFen)} 元`;
      const now = this.clock.now();
      const patch: Updateable<CaseTable> = allPaid ? { performed_at: now } : {};
      let current = c;
      if (c.status === 'agreed') current = await this.step(trx, ctx, c, 'perform', patch, { note, details: { ...details, payment: true } });
      else await this.note(trx, ctx, c, 'payment', patch, { note, details });
      if (allPaid) await this.note(trx, ctx, current, 'performed', {}, { note: '协议已全部履行', details: { totalFen: Number(agreement.total_fen) } });
    });
    return this.get(ctx, id);
  }

  /** The mediator confirms an agreement performed otherwise than by payments (an apology, a repair). */
  async perform(ctx: RequestContext, id: number, body: z.infer<typeof S.NoteBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      if (!transition('perform', c.status)) throw illegal('perform', c.status);
      if (c.performed_at !== null) throw new AppError('conflict', { reason: 'performed' }, [{ key: 'mediation.already_performed' }]);
      const instalments = await repo.instalmentsOf(trx, id);
      if (instalments.some((i) => Number(i.paid_fen) < Number(i.amount_fen))) throw new AppError('conflict', { reason: 'unpaid' }, [{ key: 'mediation.unpaid' }]);
      await this.step(trx, ctx, c, 'perform', { performed_at: this.clock.now() }, { note: body.note || '协议已全部履行' });
    });
    return this.get(ctx, id);
  }

  /** The follow-up visit (回访), with its findings; with close, it ends the case (the agreement must be performed). */
  async followUp(ctx: RequestContext, id: number, body: z.infer<typeof S.FollowUpBody>) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    const visitedAt = body.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + 5 * 60_000) throw invalid('body.visitedAt', 'mediation.date_in_future');
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      if (!transition('close', c.status)) throw illegal('follow_up', c.status);
      // By day, as the message says: a visit logged in the minute the agreement was reached is not "before" it.
      if (chinaDate(visitedAt) < chinaDate(c.agreed_at!)) throw invalid('body.visitedAt', 'mediation.before_signing');
      if (body.close && c.performed_at === null) throw new AppError('conflict', { reason: 'unperformed' }, [{ key: 'mediation.not_performed' }]);
      await repo.insertFollowUp(trx, { case_id: id, visited_at: visitedAt, visited_by_user_id: actor.userId, visited_by_name: actor.displayName, findings: body.findings, satisfied: body.satisfied });
      const details = { visitedAt: visitedAt.toISOString(), satisfied: body.satisfied };
      if (body.close) await this.step(trx, ctx, c, 'close', { outcome: 'agreed', ended_at: now, follow_up_reminded: true }, { note: body.findings, details: { ...details, followUp: true } });
      else await this.note(trx, ctx, c, 'follow_up', { follow_up_reminded: true }, { note: body.findings, details });
    });
    return this.get(ctx, id);
  }

  /** A claim of a group dispute, registered on a household visit. */
  async addClaim(ctx: RequestContext, id: number, body: z.infer<typeof S.ClaimBody>) {
    const actor = requireActor(ctx.actor);
    const problems: ErrorDetail[] = [];
    let phone: string | null = null;
    if (body.phone) {
      phone = normalizePhone(body.phone);
      if (!phone) problems.push({ path: 'body.phone', key: 'mediation.bad_phone' });
    }
    const now = this.clock.now();
    const visitedAt = body.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + 5 * 60_000) problems.push({ path: 'body.visitedAt', key: 'mediation.date_in_future' });
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    if (body.documents.length) await this.media.assertOwned(actor.userId, body.documents);
    let claimId = 0;
    await this.db.transaction().execute(async (trx) => {
      const { c } = await this.lockForWork(trx, actor, id);
      this.requireOpen(c, 'claim');
      if (!c.group_dispute) throw new AppError('conflict', { reason: 'not a group dispute' }, [{ key: 'mediation.not_group' }]);
      try {
        claimId = await repo.insertClaim(trx, {
          case_id: id,
          claimant_name: body.claimantName,
          phone,
          address: body.address,
          amount_fen: body.amountFen,
          description: body.description,
          documents: body.documents,
          visited_at: visitedAt,
          visited_by_user_id: actor.userId,
          visited_by_name: actor.displayName,
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw new AppError('conflict', { reason: 'claim' }, [{ path: 'body.claimantName', key: 'mediation.claim_exists' }]);
        throw error;
      }
      await this.note(trx, ctx, c, 'claim', {}, { note: `${body.claimantName}${body.address ? `（${body.address}）` : ''}：${yuan(body.amountFen)} 元`, details: { claimId, amountFen: body.amountFen, documents: body.documents.length } });
    });
    return this.presentClaim((await repo.claimById(this.db, claimId))!);
  }

  // =====================================================================
  // Time limits (run by the scheduler)
  // =====================================================================

  /**
   * Flags cases still under mediation past their time limit and tells the studio's
   * manager, the community's admins and the mediator; reminds the mediator of
   * follow-up visits that have fallen due. Each on the case's timeline.
   */
  async runDeadlines(now: Date): Promise<{ overdue: number; reminded: number }> {
    const system = systemContext();
    const counts = { overdue: 0, reminded: 0 };
    for (const { id } of await repo.pastDue(this.db, now, 500)) {
      await this.db.transaction().execute(async (trx) => {
        const c = await repo.caseForUpdate(trx, id);
        if (!c || c.overdue || !UNDER_MEDIATION.includes(c.status) || c.due_at >= now) return;
        await repo.updateCase(trx, id, { overdue: true, escalated_at: now }, now);
        const studio = c.studio_id !== null ? (await repo.studioNames(trx, [c.studio_id]))[0] : undefined;
        const admins = await this.auth.usersWithRole(['community_admin'], { divisionIds: [c.community_id] }, trx);
        const told = [...admins.map((a) => a.userId), ...(studio?.manager_user_id != null ? [studio.manager_user_id] : []), ...(c.mediator_user_id !== null ? [c.mediator_user_id] : [])];
        const days = Math.round((c.due_at.getTime() - c.accepted_at.getTime()) / DAY_MS);
        await this.timeline(trx, system, id, { action: 'overdue', from: null, to: null, note: `超过调解期限（${days} 天），已提醒社区和工作室负责人`, details: { dueAt: c.due_at.toISOString(), told: told.length } });
        await this.audit.record(trx, system, { action: 'mediation.case.overdue', entityType: 'case', entityId: id, place: this.place(c), details: { code: c.code, dueAt: c.due_at.toISOString() } });
        await this.notifications.notify(trx, told, { kind: 'mediation.overdue', title: `调解案件 ${c.code} 已超期`, body: c.summary.slice(0, 80), link: `/mediation/cases/${id}`, entityType: 'case', entityId: id });
        counts.overdue++;
      });
    }
    const today = chinaDate(now);
    for (const { id } of await repo.followUpsDue(this.db, today, 500)) {
      await this.db.transaction().execute(async (trx) => {
        const c = await repo.caseForUpdate(trx, id);
        if (!c || c.follow_up_reminded || !['agreed', 'performing'].includes(c.status) || !c.follow_up_due_on || c.follow_up_due_on > today) return;
        await repo.updateCase(trx, id, { follow_up_reminded: true }, now);
        await this.timeline(trx, system, id, { action: 'follow_up_due', from: null, to: null, note: `回访日期已到（${c.follow_up_due_on}）`, details: { on: c.follow_up_due_on } });
        await this.audit.record(trx, system, { action: 'mediation.case.follow_up_due', entityType: 'case', entityId: id, place: this.place(c), details: { code: c.code } });
        const told = c.mediator_user_id !== null ? [c.mediator_user_id] : (await this.auth.usersWithRole(['community_admin'], { divisionIds: [c.community_id] }, trx)).map((a) => a.userId);
        await this.notifications.notify(trx, told, { kind: 'mediation.follow_up_due', title: `调解案件 ${c.code} 该回访了`, body: c.summary.slice(0, 80), link: `/mediation/cases/${id}`, entityType: 'case', entityId: id });
        counts.reminded++;
      });
    }
    return counts;
  }

  // =====================================================================
  // Statistics
  // =====================================================================

  async stats(ctx: RequestContext, q: z.infer<typeof S.StatsQuery>): Promise<View<typeof S.StatsView>> {
    const scope = requirePermission(ctx.actor, 'mediation.manage');
    if (!(q.from < q.to)) throw invalid('query.to', 'mediation.period_order');
    if (q.to.getTime() - q.from.getTime() > 5 * 366 * DAY_MS) throw invalid('query.to', 'mediation.period_too_long');
    let communityIds = [...scope.divisionIds];
    if (q.communityId !== undefined) {
      if (!covers(scope, { divisionId: q.communityId, gridId: null })) throw new AppError('not_found');
      communityIds = [q.communityId];
    }
    const f: repo.StatsFilter = { communityIds, studioId: q.studioId, from: q.from, to: q.to };
    const lastYear: repo.StatsFilter = { ...f, from: shiftYear(q.from, -1), to: shiftYear(q.to, -1) };
    const [byCategory, byStudio, byMediator, days, months, monthsBefore, overdue] = await Promise.all([
      repo.tallyByCategory(this.db, f),
      repo.tallyByStudio(this.db, f),
      repo.tallyByMediator(this.db, f),
      repo.daysToAgreement(this.db, f),
      repo.acceptedByMonth(this.db, f, this.options.timeZone),
      repo.acceptedByMonth(this.db, lastYear, this.options.timeZone),
      repo.overdueOpen(this.db, f, this.clock.now()),
    ]);
    const rate = (agreed: number, failed: number) => (agreed + failed > 0 ? round(agreed / (agreed + failed), 4) : null);
    const total = byCategory.reduce(
      (t, r) => ({ accepted: t.accepted + r.accepted, agreed: t.agreed + r.agreed, failed: t.failed + r.failed, withdrawn: t.withdrawn + r.withdrawn, amountFen: t.amountFen + r.amountFen }),
      { accepted: 0, agreed: 0, failed: 0, withdrawn: 0, amountFen: 0 },
    );
    const studios = await repo.studioNames(this.db, byStudio.map((r) => r.key).filter((k): k is number => typeof k === 'number'));
    const studioName = new Map(studios.map((s) => [s.id, s.name]));
    const tally = (r: { accepted: number; agreed: number; failed: number }) => ({ accepted: r.accepted, agreed: r.agreed, failed: r.failed, successRate: rate(r.agreed, r.failed) });
    return {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      ...total,
      successRate: rate(total.agreed, total.failed),
      daysToAgreement: { count: days.count, mean: days.mean === null ? null : round(days.mean, 2), median: days.median === null ? null : round(days.median, 2) },
      overdueOpen: overdue,
      byCategory: CATEGORIES.map((code) => {
        const r = byCategory.find((x) => x.key === code);
        return { ...this.category(code, ctx.locale), ...tally(r ?? { accepted: 0, agreed: 0, failed: 0 }) };
      }).filter((r) => r.accepted + r.agreed + r.failed > 0),
      byMonth: monthsBetween(q.from, q.to, this.options.timeZone).map((month) => ({ month, accepted: months.get(month) ?? 0, lastYear: monthsBefore.get(`${Number(month.slice(0, 4)) - 1}${month.slice(4)}`) ?? 0 })),
      byStudio: byStudio
        .map((r) => ({ studio: typeof r.key === 'number' ? { id: r.key, name: studioName.get(r.key) ?? '' } : null, ...tally(r) }))
        .sort((a, b) => b.accepted - a.accepted || (a.studio?.id ?? 0) - (b.studio?.id ?? 0)),
      byMediator: byMediator
        .map((r) => ({ mediator: typeof r.key === 'number' ? { id: r.key, name: r.mediatorName ?? '' } : null, ...tally(r) }))
        .sort((a, b) => b.accepted - a.accepted || (a.mediator?.id ?? 0) - (b.mediator?.id ?? 0)),
    };
  }
}

function round(value: number, places: number) {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Fen as yuan with two decimals, without floating point. */
export function yuan(fen: number) {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

function shiftYear(d: Date, years: number) {
  const out = new Date(d);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/** The months (YYYY-MM, in the time zone) from one moment up to another; at most 60. */
function monthsBetween(from: Date, to: Date, timeZone: string) {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
  const key = (d: Date) => fmt.format(d).slice(0, 7);
  const first = key(from);
  const last = key(new Date(to.getTime() - 1));
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  while (out.length < 61) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    out.push(k);
    if (k >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
