import { randomBytes } from 'node:crypto';
import type { Kysely, Selectable, Updateable } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import {
  covers,
  requireActor,
  requirePermission,
  scopeFor,
  type Actor,
  type OrgPlace,
  type ResolvedGrant,
  type Role,
} from '../../platform/access.ts';
import { type Clock, createdNow } from '../../platform/clock.ts';
import { localDateTime, localParts, weekdayOf } from '../../platform/local-time.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { inEveryLanguage } from '../../platform/i18n.ts';
import { cellAt, cellsAround, distanceMeters } from '../../platform/geo.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import type { LiveHub } from '../../platform/live.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { normalizePhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { addDuration } from './calendar.ts';
import { CATALOGUE, DEPARTMENTS, type CatalogueEntry } from './catalogue.ts';
import { CategoryClassifier } from './classifier.ts';
import { categoryName, presentListItem, presentTimeline, reporterPhoneFor, type Category, type Names, type Viewer } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { CategoryField, MatterLevel, MatterStatus, MatterTable } from './tables.ts';
import { ACTION_NAMES, LEVELS, OPEN_STATUSES, REVIEW_DAYS, STATUS_NAMES, nextLevel, transition, type MatterAction } from './workflow.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Matter = repo.MatterRow;

/**
 * Categories whose matters others may find near them and follow, or read through
 * Open311: ordinary reports. Help calls, care checks and alarms concern someone's
 * person; disputes and security reports name neighbours; they stay private.
 */
export function isPublicCategory(c: { kind: string; dispute: boolean; code: string }) {
  return c.kind === 'report' && !c.dispute && !c.code.startsWith('community.security');
}

/** Within this distance an open matter of the same category is offered to follow instead. */
export const DUPLICATE_RADIUS_M = 50;

/** Which levels a role handles matters at. */
const HANDLES: Partial<Record<Role, readonly MatterLevel[]>> = {
  grid_worker: ['grid'],
  community_admin: ['grid', 'community'],
  street_admin: ['grid', 'community', 'street'],
  district_admin: LEVELS,
  dept_staff: ['department'],
};

/** Who is told when a matter reaches a level without an assignee. */
const LEVEL_ROLES: Record<MatterLevel, Role[]> = {
  grid: ['grid_worker'],
  community: ['community_admin'],
  street: ['street_admin'],
  department: ['dept_staff'],
};

const ACTION_LABELS: Record<string, { zh: string; en: string }> = {
  accepted: { zh: '已受理', en: 'accepted' },
  dispatched: { zh: '已派遣', en: 'dispatched' },
  in_progress: { zh: '处置中', en: 'being handled' },
  resolved: { zh: '已办结，请评价', en: 'resolved — please rate it' },
  closed: { zh: '已结案', en: 'closed' },
  rejected: { zh: '未予受理', en: 'rejected' },
  duplicate: { zh: '已合并到同一事件', en: 'merged into the same matter' },
  escalated: { zh: '已上报上级', en: 'escalated' },
  reopened: { zh: '已重新打开', en: 'reopened' },
};

export class MattersService {
  private categories: { at: number; list: Category[]; byId: Map<number, Category>; classifier: CategoryClassifier | null } | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly live: LiveHub,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly media: MediaService,
    private readonly notifications: NotificationsService,
    private readonly options: { timeZone: string },
  ) {}

  /** The time by the service's clock (for routes that default to "now", such as Open311's window). */
  now(): Date {
    return this.clock.now();
  }

  // =====================================================================
  // Catalogue
  // =====================================================================

  /** Adds the categories of the catalogue that are missing (by code); never overwrites edits. */
  async ensureCatalogue(): Promise<number> {
    let added = 0;
    let sort = 0;
    const insert = async (entry: CatalogueEntry, parent: { id: number; entry: CatalogueEntry } | null) => {
      const from = parent?.entry;
      const accept = entry.accept ?? from?.accept ?? [1, 'working_days'];
      const resolve = entry.resolve ?? from?.resolve ?? [5, 'working_days'];
      const id =
        (await repo.insertCategory(this.db, { updated_at: this.clock.now(),
          parent_id: parent?.id ?? null,
          code: entry.code,
          name_zh: entry.zh,
          name_en: entry.en,
          kind: entry.kind ?? from?.kind ?? 'report',
          dispute: entry.dispute ?? from?.dispute ?? false,
          department: entry.department ?? from?.department ?? 'street_office',
          accept_amount: accept[0],
          accept_unit: accept[1],
          resolve_amount: resolve[0],
          resolve_unit: resolve[1],
          fields: JSON.stringify(entry.fields ?? []),
          keywords: entry.keywords ?? [],
          examples: entry.examples ?? [],
          sort: sort++,
        })) ?? null;
      if (id !== null) added++;
      const row = id !== null ? { id } : await repo.categoryByCode(this.db, entry.code);
      for (const child of entry.children ?? []) await insert(child, { id: row!.id, entry: { ...entry, accept, resolve } });
    };
    for (const top of CATALOGUE) await insert(top, null);
    this.categories = null;
    return added;
  }

  private async catalogue(db: Executor = this.db) {
    // Kept a minute: the catalogue changes rarely, and every list and the classifier use it.
    if (!this.categories || Date.now() - this.categories.at > 60_000) {
      const list = await repo.allCategories(db);
      this.categories = { at: Date.now(), list, byId: new Map(list.map((c) => [c.id, c])), classifier: null };
    }
    return this.categories;
  }

  private async classifier() {
    const cat = await this.catalogue();
    if (!cat.classifier) {
      const byId = cat.byId;
      cat.classifier = new CategoryClassifier(
        cat.list
          .filter((c) => c.parent_id !== null && c.active && c.kind !== 'alarm' && c.kind !== 'care')
          .map((c) => {
            const parent = byId.get(c.parent_id!);
            return { id: c.id, texts: [c.name_zh, parent?.name_zh ?? '', ...c.keywords, ...c.examples] };
          }),
      );
    }
    return cat.classifier;
  }

  private presentCategory(c: Category, locale: 'zh-CN' | 'en'): View<typeof S.CategoryView> {
    const dept = DEPARTMENTS[c.department];
    return {
      id: c.id,
      parentId: c.parent_id,
      code: c.code,
      name: categoryName(c, locale),
      nameZh: c.name_zh,
      nameEn: c.name_en,
      kind: c.kind,
      dispute: c.dispute,
      department: c.department,
      departmentName: dept ? (locale === 'en' ? dept.en : dept.zh) : c.department,
      acceptWithin: { amount: c.accept_amount, unit: c.accept_unit },
      resolveWithin: { amount: c.resolve_amount, unit: c.resolve_unit },
      fields: c.fields,
      keywords: c.keywords,
      active: c.active,
    };
  }

  async listCategories(ctx: RequestContext, query: z.infer<typeof S.CategoryListQuery>) {
    requireActor(ctx.actor);
    const { list } = await this.catalogue();
    return {
      items: list
        .filter((c) => (query.includeInactive ? true : c.active))
        .filter((c) => !query.kind || c.kind === query.kind)
        .map((c) => this.presentCategory(c, ctx.locale)),
    };
  }

  async updateCategory(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateCategoryBody>) {
    requirePermission(ctx.actor, 'matters.configure');
    const current = await repo.categoryById(this.db, id);
    if (!current) throw new AppError('not_found');
    if (body.department && !DEPARTMENTS[body.department]) {
      throw new AppError('validation_failed', {}, [{ path: 'body.department', key: 'matters.unknown_department' }]);
    }
    await this.db.transaction().execute(async (trx) => {
      await repo.updateCategory(trx, id, {
        name_zh: body.nameZh,
        name_en: body.nameEn,
        department: body.department,
        accept_amount: body.acceptWithin?.amount,
        accept_unit: body.acceptWithin?.unit,
        resolve_amount: body.resolveWithin?.amount,
        resolve_unit: body.resolveWithin?.unit,
        ...(body.fields ? { fields: JSON.stringify(body.fields) } : {}),
        keywords: body.keywords,
        active: body.active,
      }, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'matters.category.update', entityType: 'category', entityId: id, details: { fields: Object.keys(body) } });
    });
    this.categories = null;
    return this.presentCategory((await repo.categoryById(this.db, id))!, ctx.locale);
  }

  /** The most likely categories for a description (jieba words, naive Bayes). */
  async suggestCategory(ctx: RequestContext, description: string): Promise<View<typeof S.SuggestCategoryResult>> {
    requireActor(ctx.actor);
    const { byId } = await this.catalogue();
    const suggestions = (await this.classifier()).suggest(description, 3);
    return {
      suggestions: suggestions.map((s) => {
        const c = byId.get(s.categoryId)!;
        const parent = c.parent_id ? byId.get(c.parent_id) : undefined;
        return {
          categoryId: c.id,
          code: c.code,
          name: categoryName(c, ctx.locale),
          parentName: parent ? categoryName(parent, ctx.locale) : null,
          probability: Math.round(s.probability * 1000) / 1000,
        };
      }),
    };
  }

  // =====================================================================
  // Who may do what to a matter
  // =====================================================================

  private place(m: Pick<Matter, 'division_id' | 'grid_id'>): OrgPlace {
    return { divisionId: m.division_id, gridId: m.grid_id };
  }

  private grantCovers(grant: ResolvedGrant, place: OrgPlace) {
    return covers({ divisionIds: grant.divisionIds, gridIds: grant.gridId !== null ? [grant.gridId] : [] }, place);
  }

  /** Handles at the matter's level: a grid worker at grid level, a community admin up to community, … */
  private canHandle(actor: Actor | null, m: Matter): boolean {
    if (!actor) return false;
    return actor.grants.some((g) => {
      const levels = HANDLES[g.role];
      if (!levels || !levels.includes(m.level) || !this.grantCovers(g, this.place(m))) return false;
      return g.role !== 'dept_staff' || (m.level === 'department' && g.department === m.department);
    });
  }

  /** Manages (dispatches, verifies): the admins over the matter's area, at or above its level. */
  private canManage(actor: Actor | null, m: Matter): boolean {
    if (!actor) return false;
    return actor.grants.some(
      (g) => ['community_admin', 'street_admin', 'district_admin'].includes(g.role) && HANDLES[g.role]!.includes(m.level) && this.grantCovers(g, this.place(m)),
    );
  }

  private async viewerOf(actor: Actor | null, m: Matter, db: Executor = this.db): Promise<Viewer | null> {
    if (!actor) return null;
    if (covers(scopeFor(actor, 'matters.read'), this.place(m))) return 'staff';
    if (m.reporter_user_id === actor.userId) return 'reporter';
    if (m.assignee_user_id === actor.userId) return 'staff';
    if (await repo.isFollower(db, m.id, actor.userId)) return 'follower';
    return null;
  }

  private allowedActions(actor: Actor, m: Matter, viewer: Viewer): Array<z.infer<typeof S.MatterAction>> {
    const can = (action: MatterAction) => transition(action, m.status) !== null;
    const handle = this.canHandle(actor, m);
    const manage = this.canManage(actor, m);
    const assignee = m.assignee_user_id === actor.userId;
    const reporter = m.reporter_user_id === actor.userId;
    const withinReview = m.resolved_at !== null && this.clock.now().getTime() - m.resolved_at.getTime() <= REVIEW_DAYS * 86_400_000;
    const actions: Array<z.infer<typeof S.MatterAction>> = [];
    if (can('accept') && (handle || manage)) actions.push('accept');
    if (can('reject') && (handle || manage) && m.kind !== 'alarm') actions.push('reject');
    if (can('dispatch') && manage) actions.push('dispatch');
    if (can('start') && (assignee || manage || (handle && m.assignee_user_id === null))) actions.push('start');
    if (can('resolve') && m.kind !== 'suggestion' && (assignee || manage)) actions.push('resolve');
    if (can('reply') && m.kind === 'suggestion' && (assignee || handle || manage)) actions.push('reply');
    if (can('escalate') && (handle || assignee || manage) && nextLevel(m.level)) actions.push('escalate');
    if (can('close') && manage) actions.push('close');
    if (can('rate') && reporter) actions.push('rate');
    if (can('reopen') && reporter && withinReview) actions.push('reopen');
    if (can('merge') && (handle || manage)) actions.push('merge');
    if (!['closed', 'rejected', 'duplicate'].includes(m.status) && (viewer === 'staff' || reporter)) actions.push('note');
    if (viewer !== 'staff' && !reporter) actions.push('unfollow');
    return actions;
  }

  // =====================================================================
  // Intake
  // =====================================================================

  private async routeTo(actor: Actor, lat: number | undefined, lng: number | undefined, gridId: number | undefined) {
    if (lat !== undefined && lng !== undefined) {
      const found = await this.org.locatePoint(lat, lng);
      if (found) return { divisionId: found.community.id, gridId: found.grid.id, residentGridId: found.otherGrids.find((g) => g.kind === 'resident')?.id ?? null };
      // A courier outside every drawn grid reports into their mobile grid (流动网格).
      const mobile = actor.grants.find((g) => g.role === 'courier' && g.gridId !== null);
      if (mobile) {
        const place = await this.org.placeOfGrid(mobile.gridId!);
        if (place) return { divisionId: place.divisionId!, gridId: place.gridId, residentGridId: null };
      }
      throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'matters.outside_area' }]);
    }
    if (gridId !== undefined) {
      const place = await this.org.placeOfGrid(gridId);
      if (!place) throw new AppError('validation_failed', {}, [{ path: 'body.gridId', key: 'matters.unknown_grid' }]);
      return { divisionId: place.divisionId!, gridId: place.gridId, residentGridId: null };
    }
    throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'matters.location_required' }]);
  }

  /** The grid worker to take it: whoever is on duty in the grid now, else the grid's first grid worker. */
  private async gridWorkerFor(gridIds: Array<number | null>, db: Executor = this.db): Promise<{ userId: number; displayName: string } | null> {
    const now = this.clock.now();
    for (const gridId of gridIds) {
      if (gridId === null) continue;
      const workers = await this.auth.usersWithRole(['grid_worker'], { gridIds: [gridId] }, db);
      if (workers.length === 0) continue;
      const duty = await repo.onDuty(db, gridId, now);
      const onDuty = workers.find((w) => duty.some((d) => d.user_id === w.userId));
      const pick = onDuty ?? workers[0]!;
      return { userId: pick.userId, displayName: pick.displayName };
    }
    return null;
  }

  private checkAttributes(category: Category, attributes: Record<string, unknown>) {
    const out: Record<string, unknown> = {};
    const problems: Array<{ path: string; key: 'matters.field_required' | 'matters.field_invalid'; params: { field: string } }> = [];
    for (const field of category.fields as CategoryField[]) {
      const value = attributes[field.code];
      if (value === undefined || value === '') {
        if (field.required) problems.push({ path: `body.attributes.${field.code}`, key: 'matters.field_required', params: { field: field.labelZh } });
        continue;
      }
      const ok =
        (field.type === 'text' && typeof value === 'string') ||
        (field.type === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
        (field.type === 'boolean' && typeof value === 'boolean') ||
        (field.type === 'select' && typeof value === 'string' && (field.options ?? []).some((o) => o.value === value));
      if (!ok) problems.push({ path: `body.attributes.${field.code}`, key: 'matters.field_invalid', params: { field: field.labelZh } });
      else out[field.code] = value;
    }
    if (problems.length) throw new AppError('validation_failed', {}, problems);
    return out;
  }

  private async newCode(trx: Executor): Promise<string> {
    const n = await repo.nextMatterNumber(trx);
    const day = localParts(this.clock.now(), this.options.timeZone).date.replaceAll('-', '');
    return `GZ${day}${String(n).padStart(6, '0')}`;
  }

  /** Writes a new matter, its first timeline entries, its map counts and its event, in one transaction. */
  private async insert(
    trx: Executor,
    ctx: RequestContext,
    input: {
      category: Category;
      kind: Matter['kind'];
      status: MatterStatus;
      level: MatterLevel;
      source: string;
      description: string;
      urgency: 'normal' | 'urgent' | 'critical';
      reporter: { userId: number | null; name: string; phone: string | null; anonymous: boolean };
      lat: number | null;
      lng: number | null;
      address: string;
      divisionId: number;
      gridId: number | null;
      stationId?: number | null;
      assignee: { userId: number; displayName: string } | null;
      attributes: Record<string, unknown>;
      photos: string[];
      sourceEntity?: { type: string; id: string };
      open311ClientId?: number;
      timeline: Array<{ action: string; to: MatterStatus; note?: string; photos?: string[] }>;
    },
  ): Promise<Matter> {
    const now = this.clock.now();
    const c = input.category;
    const located = input.lat !== null && input.lng !== null;
    const terminal = ['closed', 'resolved'].includes(input.status);
    const matter = await repo.insertMatter(trx, { ...createdNow(now),
      code: await this.newCode(trx),
      category_id: c.id,
      kind: input.kind,
      status: input.status,
      level: input.level,
      department: c.department,
      urgency: input.urgency,
      source: input.source,
      description: input.description,
      reporter_user_id: input.reporter.userId,
      reporter_name: input.reporter.name,
      reporter_phone: input.reporter.phone,
      anonymous: input.reporter.anonymous,
      lat: input.lat,
      lng: input.lng,
      address: input.address,
      h3_r5: located ? cellAt(input.lat!, input.lng!, 5) : null,
      h3_r7: located ? cellAt(input.lat!, input.lng!, 7) : null,
      h3_r9: located ? cellAt(input.lat!, input.lng!, 9) : null,
      division_id: input.divisionId,
      grid_id: input.gridId,
      station_id: input.stationId ?? null,
      assignee_user_id: input.assignee?.userId ?? null,
      assignee_name: input.assignee?.displayName ?? null,
      attributes: JSON.stringify(input.attributes),
      photos: input.photos,
      accept_due_at: terminal ? null : addDuration(now, c.accept_amount, c.accept_unit, this.options.timeZone),
      resolve_due_at: terminal ? null : addDuration(now, c.resolve_amount, c.resolve_unit, this.options.timeZone),
      dispatched_at: input.status === 'dispatched' ? now : null,
      accepted_at: terminal ? now : null,
      resolved_at: terminal ? now : null,
      closed_at: input.status === 'closed' ? now : null,
      source_entity_type: input.sourceEntity?.type ?? null,
      source_entity_id: input.sourceEntity?.id ?? null,
      open311_client_id: input.open311ClientId ?? null,
      open311_token: input.open311ClientId ? randomBytes(12).toString('hex') : null,
    });
    let from: MatterStatus | null = null;
    await repo.insertTimeline(
      trx,
      input.timeline.map((t) => {
        // Dispatch on intake is the router's doing, not the reporter's.
        const routed = t.action === 'dispatch';
        const row = {
          matter_id: matter.id,
          actor_user_id: routed ? null : (ctx.actor?.userId ?? null),
          actor_name: routed ? '系统' : this.actorName(ctx, input.reporter),
          action: t.action,
          from_status: from,
          to_status: t.to,
          note: t.note ?? '',
          photos: t.photos ?? [],
          details: JSON.stringify(input.assignee && t.to === 'dispatched' ? { assignee: input.assignee.displayName } : {}),
        };
        from = t.to;
        return row;
      }), now,
    );
    if (input.reporter.userId !== null) await repo.addFollower(trx, matter.id, input.reporter.userId, now);
    await repo.bumpCellCounts(trx, matter, { open: matter.status === 'closed' ? 0 : 1, total: 1 });
    await this.audit.record(trx, ctx, { action: 'matters.create', entityType: 'matter', entityId: matter.id, place: this.place(matter), details: { code: matter.code, category: c.code, source: input.source } });
    await this.jobs.publish(trx, 'matter.created', { matterId: matter.id, categoryCode: c.code, kind: matter.kind, divisionId: matter.division_id, gridId: matter.grid_id }, ctx.actor?.userId ?? null);
    await this.announce(trx, matter, 'created', [], ctx.actor?.userId ?? null);
    return matter;
  }

  private actorName(ctx: RequestContext, reporter?: { name: string }) {
    return ctx.actor?.displayName ?? reporter?.name ?? '系统';
  }

  /** Tells the people concerned of a new or changed matter: in-app notice and live queue update. */
  /** Tells followers and handlers of a change (not whoever made it: they know) and pushes it live to all of them. */
  private async announce(trx: Executor, m: Matter, change: 'created' | MatterStatus, extraUserIds: number[] = [], actorId: number | null = null) {
    const followers = await repo.followersOf(trx, m.id);
    const staff = ['closed', 'rejected', 'duplicate', 'resolved'].includes(m.status) ? (m.assignee_user_id !== null ? [m.assignee_user_id] : []) : await this.holdersOf(m, trx);
    const label = ACTION_LABELS[change];
    const notActor = (u: number) => u !== actorId;
    if (change === 'created') {
      await this.notifications.notify(trx, staff.filter(notActor), { kind: 'matter.new', title: { key: 'notify.matter.new', params: { code: m.code } }, body: m.description.slice(0, 80), link: `/matters/${m.id}`, entityType: 'matter', entityId: m.id });
    } else if (label) {
      const reporterSide = followers.filter((u) => !staff.includes(u) && notActor(u));
      await this.notifications.notify(trx, reporterSide, { kind: `matter.${change}`, title: { key: 'notify.matter.followed', params: { code: m.code, change: { 'zh-CN': label.zh, en: label.en } } }, body: m.description.slice(0, 80), link: `/matters/${m.id}`, entityType: 'matter', entityId: m.id });
      const handlers = [...new Set([...staff, ...extraUserIds])].filter((u) => u !== m.reporter_user_id && notActor(u));
      if (handlers.length) {
        await this.notifications.notify(trx, handlers, { kind: `matter.${change}`, title: { key: 'notify.matter.changed', params: { code: m.code, change: { 'zh-CN': label.zh, en: label.en } } }, body: m.description.slice(0, 80), link: `/matters/${m.id}`, entityType: 'matter', entityId: m.id });
      }
    }
    await this.live.publish(trx, {
      topic: 'matter',
      id: m.id,
      divisionId: m.division_id,
      gridId: m.grid_id,
      userIds: [...new Set([...followers, ...staff, ...extraUserIds])],
      status: m.status,
      change,
    });
  }

  /**
   * Who answers for an open matter now: its assignee; else those who take matters at its
   * level there; and if no such account exists (a grid without a worker, a street without
   * an admin), the admins of the community and street above, so nothing goes unheard.
   */
  private async holdersOf(m: Matter, trx: Executor): Promise<number[]> {
    if (m.assignee_user_id !== null) return [m.assignee_user_id];
    const on =
      m.level === 'grid' ? { gridIds: m.grid_id !== null ? [m.grid_id] : [] } : m.level === 'community' ? { divisionIds: [m.division_id] } : await this.levelTargets(m, trx);
    const atLevel = await this.auth.usersWithRole(LEVEL_ROLES[m.level], on, trx);
    if (atLevel.length > 0) return atLevel.map((u) => u.userId);
    const { street } = await this.org.ancestorsOf(m.division_id, trx);
    const fallback = [
      ...(await this.auth.usersWithRole(['community_admin'], { divisionIds: [m.division_id] }, trx)),
      ...(street !== null ? await this.auth.usersWithRole(['street_admin'], { divisionIds: [street] }, trx) : []),
    ];
    return [...new Set(fallback.map((u) => u.userId))];
  }

  private async levelTargets(m: Matter, db: Executor): Promise<{ divisionIds?: number[]; department?: string }> {
    const { street, district } = await this.org.ancestorsOf(m.division_id, db);
    if (m.level === 'street') return { divisionIds: street !== null ? [street] : [] };
    return { divisionIds: [street, district].filter((d): d is number => d !== null), department: m.department ?? undefined };
  }

  async report(ctx: RequestContext, body: z.infer<typeof S.ReportBody>) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const { byId } = await this.catalogue();
    const category = byId.get(body.categoryId);
    // Help calls and suggestions have their own intake (station, community); alarms and care checks come from the system.
    if (!category || !category.active || category.parent_id === null || category.kind !== 'report') {
      throw new AppError('validation_failed', {}, [{ path: 'body.categoryId', key: 'matters.unknown_category' }]);
    }
    if ((body.lat === undefined) !== (body.lng === undefined)) {
      throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'matters.location_required' }]);
    }
    const attributes = this.checkAttributes(category, body.attributes);
    await this.media.assertOwned(actor.userId, body.photos);
    const route = await this.routeTo(actor, body.lat, body.lng, body.gridId);
    const place = { divisionId: route.divisionId, gridId: route.gridId };
    // Logging for someone else, or without a location, or as already fixed, is staff work in their own area.
    if (body.onBehalf || body.gridId !== undefined) {
      if (!covers(scopeFor(actor, 'matters.handle'), place) && !covers(scopeFor(actor, 'matters.manage'), place)) throw new AppError('forbidden');
    }
    if (body.resolvedOnSpot && !covers(scopeFor(actor, 'matters.handle'), place)) throw new AppError('forbidden');
    let reporterPhone: string | null = null;
    if (body.onBehalf?.phone) {
      reporterPhone = normalizePhone(body.onBehalf.phone);
      if (!reporterPhone) throw new AppError('validation_failed', {}, [{ path: 'body.onBehalf.phone', key: 'org.bad_phone' }]);
    }
    const assignee = body.resolvedOnSpot ? { userId: actor.userId, displayName: actor.displayName } : await this.gridWorkerFor([route.gridId, route.residentGridId]);
    const matter = await this.db.transaction().execute((trx) =>
      this.insert(trx, ctx, {
        category,
        kind: category.kind,
        status: body.resolvedOnSpot ? 'closed' : 'reported',
        level: category.kind === 'suggestion' ? 'community' : 'grid',
        source: body.resolvedOnSpot ? 'patrol' : body.onBehalf ? body.onBehalf.channel : this.sourceOf(actor),
        description: body.description,
        urgency: body.urgency,
        reporter: body.onBehalf
          ? { userId: null, name: body.onBehalf.name, phone: reporterPhone, anonymous: body.anonymous }
          : { userId: actor.userId, name: actor.displayName, phone: null, anonymous: body.anonymous },
        lat: body.lat ?? null,
        lng: body.lng ?? null,
        address: body.address,
        divisionId: route.divisionId,
        gridId: route.gridId,
        assignee,
        attributes,
        photos: body.photos,
        timeline: body.resolvedOnSpot
          ? [
              { action: 'report', to: 'reported', note: body.description, photos: body.photos },
              { action: 'resolve_on_spot', to: 'resolved', note: body.note || body.description },
              { action: 'close', to: 'closed' },
            ]
          : [{ action: body.onBehalf ? 'report_on_behalf' : 'report', to: 'reported', note: body.description, photos: body.photos }],
      }),
    );
    return this.get(ctx, matter.id);
  }

  private sourceOf(actor: Actor) {
    if (actor.grants.some((g) => g.role === 'courier')) return 'courier_h5';
    if (actor.grants.some((g) => ['grid_worker', 'community_admin', 'street_admin', 'district_admin', 'dept_staff'].includes(g.role))) return 'staff_console';
    return 'resident_h5';
  }

  /** One tap for help: routed to the nearest open service station and the grid worker on duty. */
  async help(ctx: RequestContext, body: z.infer<typeof S.HelpBody>) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const isCourier = actor.grants.some((g) => g.role === 'courier');
    const code = body.categoryCode ?? (isCourier ? 'community.help.courier' : 'community.help.elderly');
    const { list } = await this.catalogue();
    const category = list.find((c) => c.code === code && c.kind === 'help' && c.active);
    if (!category) throw new AppError('validation_failed', {}, [{ path: 'body.categoryCode', key: 'matters.unknown_category' }]);
    await this.media.assertOwned(actor.userId, body.photos);
    const route = await this.routeTo(actor, body.lat, body.lng, undefined);
    const [station] = await this.nearestStations(body.lat, body.lng, { openNow: true, limit: 1 });
    const assignee = await this.gridWorkerFor([route.gridId, route.residentGridId]);
    const description = body.description || (isCourier ? '骑手一键求助（小哥铃）' : '一键求助');
    const matter = await this.db.transaction().execute((trx) =>
      this.insert(trx, ctx, {
        category,
        kind: 'help',
        status: assignee ? 'dispatched' : 'reported',
        level: 'grid',
        source: isCourier ? 'courier_h5' : 'resident_h5',
        description,
        urgency: body.urgency,
        reporter: { userId: actor.userId, name: actor.displayName, phone: null, anonymous: false },
        lat: body.lat,
        lng: body.lng,
        address: station ? `近 ${station.name}` : '',
        divisionId: route.divisionId,
        gridId: route.gridId,
        stationId: station?.id ?? null,
        assignee,
        attributes: {},
        photos: body.photos,
        timeline: [
          { action: 'help', to: 'reported', note: description },
          ...(assignee ? [{ action: 'dispatch', to: 'dispatched' as const, note: station ? `最近的服务站点：${station.name}（${Math.round(station.distanceMeters ?? 0)} 米）` : '' }] : []),
        ],
      }),
    );
    return this.get(ctx, matter.id);
  }

  /** 小哥有话讲 / 社区建议: tracked until adopted or not, with a reply. */
  async suggest(ctx: RequestContext, body: z.infer<typeof S.SuggestionBody>) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const isCourier = actor.grants.some((g) => g.role === 'courier');
    const code = body.categoryCode ?? (isCourier ? 'community.suggestion.courier' : 'community.suggestion.community');
    const { list } = await this.catalogue();
    const category = list.find((c) => c.code === code && c.kind === 'suggestion' && c.active);
    if (!category) throw new AppError('validation_failed', {}, [{ path: 'body.categoryCode', key: 'matters.unknown_category' }]);
    await this.media.assertOwned(actor.userId, body.photos);
    // A suggestion goes to the community of the one making it: their home, else their first grant.
    const divisionId = actor.home?.divisionId ?? null;
    const homeGrid = actor.home?.gridId ?? null;
    if (divisionId === null) throw new AppError('validation_failed', {}, [{ path: 'body', key: 'matters.no_community' }]);
    // A courier's home may be a whole street; their suggestion then goes to the street.
    const level: MatterLevel = (await this.org.ancestorsOf(divisionId)).street === divisionId ? 'street' : 'community';
    const matter = await this.db.transaction().execute((trx) =>
      this.insert(trx, ctx, {
        category,
        kind: 'suggestion',
        status: 'reported',
        level,
        source: isCourier ? 'courier_h5' : 'resident_h5',
        description: body.description,
        urgency: 'normal',
        reporter: { userId: actor.userId, name: actor.displayName, phone: null, anonymous: body.anonymous },
        lat: null,
        lng: null,
        address: '',
        divisionId,
        gridId: homeGrid,
        assignee: null,
        attributes: {},
        photos: body.photos,
        timeline: [{ action: 'suggest', to: 'reported', note: body.description, photos: body.photos }],
      }),
    );
    return this.get(ctx, matter.id);
  }

  /** Open matters of the same category within 50 m: follow one of them instead of filing again. */
  async nearby(ctx: RequestContext, query: z.infer<typeof S.NearbyQuery>): Promise<View<typeof S.NearbyList>> {
    requirePermission(ctx.actor, 'matters.report');
    const { byId } = await this.catalogue();
    const category = byId.get(query.categoryId);
    if (!category || !isPublicCategory(category)) return { items: [] };
    // Cells of ~170 m (r9) and their neighbours hold every point within 50 m.
    const candidates = await repo.openMattersInCells(this.db, cellsAround(query.lat, query.lng, 9, 1), query.categoryId);
    return {
      items: candidates
        .map((m) => ({ m, d: distanceMeters(query.lat, query.lng, m.lat!, m.lng!) }))
        .filter(({ d }) => d <= DUPLICATE_RADIUS_M)
        .sort((a, b) => a.d - b.d)
        .map(({ m, d }) => ({
          id: m.id,
          code: m.code,
          status: m.status,
          description: m.description,
          address: m.address,
          distanceMeters: Math.round(d),
          followers: Number(m.followers ?? 0),
          createdAt: m.created_at.toISOString(),
        })),
    };
  }

  /**
   * Follows a matter: the caller hears of its progress and can see it (never who
   * reported it). One may follow what one can already see, or a public report within
   * 50 m of where one stands — the same matters nearby() offers, and no others.
   */
  async follow(ctx: RequestContext, id: number, at: { lat?: number | undefined; lng?: number | undefined }) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const m = await repo.matterById(this.db, id);
    if (!m || ['closed', 'rejected', 'duplicate'].includes(m.status)) throw new AppError('not_found');
    if (!(await this.viewerOf(actor, m))) {
      const { byId } = await this.catalogue();
      const category = byId.get(m.category_id);
      const near =
        at.lat !== undefined && at.lng !== undefined && m.lat !== null && m.lng !== null && distanceMeters(at.lat, at.lng, m.lat, m.lng) <= DUPLICATE_RADIUS_M;
      if (!category || !isPublicCategory(category) || !near) throw new AppError('not_found');
    }
    await this.db.transaction().execute(async (trx) => {
      await repo.addFollower(trx, id, actor.userId, this.clock.now());
      // Who follows is for staff to know, not for the other followers.
      await repo.insertTimeline(trx, [{ matter_id: id, actor_user_id: actor.userId, actor_name: actor.displayName, action: 'follow', from_status: null, to_status: null, internal: true, details: '{}' }], this.clock.now());
      await this.audit.record(trx, ctx, { action: 'matters.follow', entityType: 'matter', entityId: id, place: this.place(m) });
    });
    return this.get(ctx, id);
  }

  async unfollow(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(this.db, id);
    if (!m || !(await repo.isFollower(this.db, id, actor.userId))) throw new AppError('not_found');
    await this.db.transaction().execute(async (trx) => {
      await repo.removeFollower(trx, id, actor.userId);
      await this.audit.record(trx, ctx, { action: 'matters.unfollow', entityType: 'matter', entityId: id, place: this.place(m) });
    });
  }

  // =====================================================================
  // Reading
  // =====================================================================

  private async namesFor(rows: Array<{ division_id: number; grid_id: number | null }>): Promise<Names> {
    return this.org.names({ divisionIds: rows.map((r) => r.division_id), gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null) });
  }

  async list(ctx: RequestContext, query: z.infer<typeof S.MatterListQuery>): Promise<Page<View<typeof S.MatterListItem>>> {
    const actor = requireActor(ctx.actor);
    const scope = requirePermission(actor, 'matters.read');
    const now = this.clock.now();
    const { byId, list } = await this.catalogue();
    // A top-level category stands for all of its children.
    const categoryIds = query.categoryId?.flatMap((id) => [id, ...list.filter((c) => c.parent_id === id).map((c) => c.id)]);
    const filter: repo.MatterFilter = {
      queue: query.queue,
      statuses: query.status,
      categoryIds,
      kind: query.kind,
      gridId: query.gridId,
      divisionId: query.communityId,
      q: query.q,
      from: query.from,
      to: query.to,
    };
    const rows = await repo.listMatters(this.db, scope, filter, actor.userId, now, decodeCursor(query.cursor), query.limit);
    const names = await this.namesFor(rows);
    const byDeadline = query.queue !== 'all';
    const page: Page<View<typeof S.MatterListItem>> = toPage(
      rows,
      query.limit,
      (r) => presentListItem(r, byId.get(r.category_id), names, 'staff', now, ctx.locale),
      (r) => ({ sort: byDeadline ? (r.resolve_due_at?.getTime() ?? null) : null, id: r.id }),
    );
    if (query.withTotal) page.total = await repo.countMatters(this.db, scope, filter, actor.userId, now);
    return page;
  }

  /** The matters one reported or follows, with their state; for the H5 "my matters". */
  async mine(ctx: RequestContext, query: z.infer<typeof S.MyMattersQuery>) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(query.cursor);
    const rows = await repo.mattersOfUser(this.db, actor.userId, after?.id ?? null, query.limit);
    const { byId } = await this.catalogue();
    const names = await this.namesFor(rows);
    const now = this.clock.now();
    return toPage(
      rows,
      query.limit,
      (r) => presentListItem(r, byId.get(r.category_id), names, r.reporter_user_id === actor.userId ? 'reporter' : 'follower', now, ctx.locale),
      (r) => ({ sort: null, id: r.id }),
    );
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.MatterDetail>> {
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(this.db, id);
    const viewer = m ? await this.viewerOf(actor, m) : null;
    if (!m || !viewer) throw new AppError('not_found');
    const { byId } = await this.catalogue();
    const [names, timeline, followers, station] = await Promise.all([
      this.namesFor([m]),
      repo.timelineOf(this.db, id),
      repo.followersOf(this.db, id),
      m.station_id !== null ? repo.stationById(this.db, m.station_id) : Promise.resolve(undefined),
    ]);
    const now = this.clock.now();
    return {
      ...presentListItem(m, byId.get(m.category_id), names, viewer, now, ctx.locale),
      department: m.department,
      attributes: m.attributes,
      station: station ? { id: station.id, name: station.name, address: station.address, phone: station.phone, lat: station.lat, lng: station.lng } : null,
      reporterPhone: reporterPhoneFor(m, viewer),
      ratingComment: m.rating_comment,
      reopenCount: m.reopen_count,
      duplicateOf: m.duplicate_of,
      adopted: m.adopted,
      reply: m.reply,
      following: followers.includes(actor.userId),
      followers: followers.length,
      viewer,
      allowedActions: this.allowedActions(actor, m, viewer),
      timeline: presentTimeline(timeline, viewer, m),
    };
  }

  /** Who a matter could be dispatched to: the grid's workers (those on duty first), and the admins and department staff above it. */
  async assignees(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(this.db, id);
    if (!m || (await this.viewerOf(actor, m)) !== 'staff') throw new AppError('not_found');
    if (!this.canManage(actor, m)) throw new AppError('forbidden');
    const { street, district } = await this.org.ancestorsOf(m.division_id);
    const duty = m.grid_id !== null ? await repo.onDuty(this.db, m.grid_id, this.clock.now()) : [];
    const users = [
      ...(m.grid_id !== null ? await this.auth.usersWithRole(['grid_worker'], { gridIds: [m.grid_id] }) : []),
      ...(await this.auth.usersWithRole(['community_admin'], { divisionIds: [m.division_id] })),
      ...(await this.auth.usersWithRole(['street_admin'], { divisionIds: street !== null ? [street] : [] })),
      ...(await this.auth.usersWithRole(['dept_staff'], { divisionIds: [street, district].filter((d): d is number => d !== null), department: m.department ?? undefined })),
    ];
    const seen = new Set<number>();
    return {
      items: users
        .filter((u) => !seen.has(u.userId) && seen.add(u.userId))
        .map((u) => ({ userId: u.userId, name: u.displayName, role: u.role, onDuty: duty.some((d) => d.user_id === u.userId) }))
        .sort((a, b) => Number(b.onDuty) - Number(a.onDuty)),
    };
  }

  /** The reporter's name and whole phone, for the handler to call back; audited. */
  async revealContact(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(this.db, id);
    if (!m || (await this.viewerOf(actor, m)) !== 'staff') throw new AppError('not_found');
    if (!this.canHandle(actor, m) && !this.canManage(actor, m) && m.assignee_user_id !== actor.userId) throw new AppError('forbidden');
    const contact = m.reporter_user_id !== null ? await this.auth.contactOf(m.reporter_user_id) : { name: m.reporter_name, phone: m.reporter_phone };
    await this.db.transaction().execute((trx) =>
      this.audit.record(trx, ctx, { action: 'matters.reveal_contact', entityType: 'matter', entityId: id, place: this.place(m) }),
    );
    return { name: contact?.name ?? m.reporter_name, phone: contact?.phone ?? null };
  }

  /** Map: per-cell counts (server-side clusters) at a resolution fit for the zoom; points when close in. */
  async clusters(ctx: RequestContext, q: z.infer<typeof S.ClustersQuery>): Promise<View<typeof S.ClusterView>> {
    const scope = requirePermission(ctx.actor, 'matters.read');
    if (q.zoom >= 17) {
      // Close in: the matters themselves, found through the r9 cells over the view.
      const center = { lat: (q.south + q.north) / 2, lng: (q.west + q.east) / 2 };
      const radius = distanceMeters(q.south, q.west, q.north, q.east) / 2;
      const k = Math.min(6, Math.ceil(radius / 300) + 1);
      const rows = await repo.openMattersInCellsForMap(this.db, scope, cellsAround(center.lat, center.lng, 9, k), 1000);
      return {
        resolution: 9,
        clusters: [],
        points: rows
          .filter((r) => r.lat! >= q.south && r.lat! <= q.north && r.lng! >= q.west && r.lng! <= q.east)
          .map((r) => ({ id: r.id, code: r.code, status: r.status, kind: r.kind, urgency: r.urgency, lat: r.lat!, lng: r.lng!, overdue: r.overdue })),
      };
    }
    const res = q.zoom <= 10 ? 5 : q.zoom <= 13 ? 7 : 9;
    const rows = await repo.cellClusters(this.db, scope, res, q.onlyOpen, q);
    return {
      resolution: res,
      points: [],
      clusters: rows
        .map((r) => ({ cell: r.cell, count: Number(r.total), open: Number(r.open), lat: Number(r.lat_sum) / Number(r.total), lng: Number(r.lng_sum) / Number(r.total) }))
        .map((c) => ({ ...c, count: q.onlyOpen ? c.open : c.count })),
    };
  }

  // =====================================================================
  // Workflow
  // =====================================================================

  /**
   * Runs one action: locks the matter, checks the transition and the caller's right to
   * it, writes the change, its timeline entry, audit record, event and notices together.
   * Two handlers acting at once are served one after the other; the second finds the
   * matter moved on and gets 409.
   */
  async act(ctx: RequestContext, id: number, action: Exclude<MatterAction, 'follow' | 'unfollow' | 'note'>, body: Record<string, any>) {
    const actor = requireActor(ctx.actor);
    const now = this.clock.now();
    if (body.photos?.length) await this.media.assertOwned(actor.userId, body.photos);
    let assignee: Actor | null = null;
    if (action === 'dispatch') {
      assignee = await this.auth.actorOf(body.assigneeUserId);
      if (!assignee) throw new AppError('validation_failed', {}, [{ path: 'body.assigneeUserId', key: 'matters.bad_assignee' }]);
    }
    const { byId } = await this.catalogue();
    const result = await this.db.transaction().execute(async (trx) => {
      // A merge locks both matters, in id order, so crossed merges wait rather than deadlock.
      if (action === 'merge' && typeof body.intoId === 'number') await repo.lockMatters(trx, [id, body.intoId]);
      const m = await repo.matterForUpdate(trx, id);
      const viewer = m ? await this.viewerOf(actor, m, trx) : null;
      if (!m || !viewer) throw new AppError('not_found');
      const allowed = this.allowedActions(actor, m, viewer);
      const to = transition(action, m.status);
      if (!to) {
        const params = { action: ACTION_NAMES[action], status: STATUS_NAMES[m.status] };
        throw new AppError('conflict', { reason: inEveryLanguage('matters.illegal_transition', params) }, [{ key: 'matters.illegal_transition', params }]);
      }
      if (!allowed.includes(action)) throw new AppError('forbidden');

      const patch: Updateable<MatterTable> = { status: to };
      const extraUsers: number[] = [];
      let note: string = body.note ?? '';
      const details: Record<string, unknown> = {};
      const category = byId.get(m.category_id)!;
      switch (action) {
        case 'accept':
          patch.accepted_at = now;
          // The accept warning is spent; the resolve clock gets its own.
          patch.warned_at = null;
          if (m.assignee_user_id === null || m.status === 'escalated') {
            patch.assignee_user_id = actor.userId;
            patch.assignee_name = actor.displayName;
          }
          break;
        case 'reject':
          note = body.reason;
          patch.closed_at = now;
          break;
        case 'dispatch': {
          if (!this.canHandle(assignee, { ...m, level: m.level }) && !covers(scopeFor(assignee, 'matters.handle'), this.place(m))) {
            throw new AppError('validation_failed', {}, [{ path: 'body.assigneeUserId', key: 'matters.bad_assignee' }]);
          }
          patch.assignee_user_id = assignee!.userId;
          patch.assignee_name = assignee!.displayName;
          patch.dispatched_at = now;
          details.assignee = assignee!.displayName;
          extraUsers.push(assignee!.userId);
          break;
        }
        case 'start':
          patch.started_at = now;
          if (m.assignee_user_id === null) {
            patch.assignee_user_id = actor.userId;
            patch.assignee_name = actor.displayName;
          }
          break;
        case 'resolve':
          patch.resolved_at = now;
          patch.photos = [...m.photos, ...(body.photos ?? [])];
          break;
        case 'reply':
          patch.resolved_at = now;
          patch.adopted = body.adopted;
          patch.reply = body.reply;
          note = body.reply;
          details.adopted = body.adopted;
          break;
        case 'escalate': {
          const level = nextLevel(m.level)!;
          const department = level === 'department' ? (body.department ?? category.department) : m.department;
          if (level === 'department' && !DEPARTMENTS[department ?? '']) {
            throw new AppError('validation_failed', {}, [{ path: 'body.department', key: 'matters.unknown_department' }]);
          }
          Object.assign(patch, this.escalation(m, level, department, category, now));
          note = body.reason;
          details.level = level;
          if (m.assignee_user_id !== null) extraUsers.push(m.assignee_user_id);
          break;
        }
        case 'close':
          patch.closed_at = now;
          break;
        case 'rate':
          patch.closed_at = now;
          patch.rating = body.rating;
          patch.rating_comment = body.comment || null;
          note = body.comment ?? '';
          details.rating = body.rating;
          break;
        case 'reopen':
          patch.reopen_count = m.reopen_count + 1;
          patch.resolved_at = null;
          patch.accept_due_at = addDuration(now, category.accept_amount, category.accept_unit, this.options.timeZone);
          patch.resolve_due_at = addDuration(now, category.resolve_amount, category.resolve_unit, this.options.timeZone);
          patch.warned_at = null;
          note = body.reason;
          break;
        case 'merge': {
          if (body.intoId === id) throw new AppError('validation_failed', {}, [{ path: 'body.intoId', key: 'matters.merge_self' }]);
          const target = await repo.matterForUpdate(trx, body.intoId);
          if (!target || (await this.viewerOf(actor, target, trx)) !== 'staff' || ['closed', 'rejected', 'duplicate'].includes(target.status)) {
            throw new AppError('validation_failed', {}, [{ path: 'body.intoId', key: 'matters.merge_target' }]);
          }
          patch.duplicate_of = target.id;
          patch.closed_at = now;
          extraUsers.push(...(await repo.followersOf(trx, m.id)));
          await repo.moveFollowers(trx, m.id, target.id);
          if (m.reporter_user_id !== null) await repo.addFollower(trx, target.id, m.reporter_user_id, now);
          await repo.insertTimeline(trx, [
            { matter_id: target.id, actor_user_id: actor.userId, actor_name: actor.displayName, action: 'merged_in', from_status: null, to_status: null, note: `${m.code}`, details: JSON.stringify({ from: m.id }) },
          ], now);
          details.into = target.code;
          break;
        }
      }
      const updated = await repo.updateMatter(trx, id, patch, now);
      await repo.insertTimeline(trx, [
        {
          matter_id: id,
          actor_user_id: actor.userId,
          actor_name: actor.displayName,
          action,
          from_status: m.status,
          to_status: to,
          note,
          internal: false,
          photos: body.photos ?? [],
          details: JSON.stringify(details),
        },
      ], now);
      if (['closed', 'rejected', 'duplicate'].includes(to)) await repo.bumpCellCounts(trx, m, { open: -1, total: 0 });
      await this.audit.record(trx, ctx, { action: `matters.${action}`, entityType: 'matter', entityId: id, place: this.place(m), details: { from: m.status, to, ...details } });
      await this.jobs.publish(trx, 'matter.status_changed', { matterId: id, from: m.status, to, action, kind: m.kind, sourceEntityType: m.source_entity_type, sourceEntityId: m.source_entity_id }, actor.userId);
      await this.announce(trx, updated, to, extraUsers, actor.userId);
      return updated;
    });
    return this.get(ctx, result.id);
  }

  /** The changes of moving a matter up a level: a fresh clock there and no assignee until someone takes it. */
  private escalation(m: Matter, level: MatterLevel, department: string | null, category: Category, now: Date): Updateable<MatterTable> {
    return {
      status: 'escalated',
      level,
      department,
      assignee_user_id: null,
      assignee_name: null,
      accept_due_at: addDuration(now, category.accept_amount, category.accept_unit, this.options.timeZone),
      resolve_due_at: addDuration(now, category.resolve_amount, category.resolve_unit, this.options.timeZone),
      warned_at: null,
    };
  }

  async note(ctx: RequestContext, id: number, body: z.infer<typeof S.NoteBody>) {
    const actor = requireActor(ctx.actor);
    await this.media.assertOwned(actor.userId, body.photos);
    await this.db.transaction().execute(async (trx) => {
      const m = await repo.matterForUpdate(trx, id);
      const viewer = m ? await this.viewerOf(actor, m, trx) : null;
      if (!m || !viewer) throw new AppError('not_found');
      if (['closed', 'rejected', 'duplicate'].includes(m.status)) throw new AppError('conflict', { reason: m.status });
      // Staff and the reporter write on the timeline; followers only read it. Internal notes are staff's.
      if (viewer === 'follower' || (body.internal && viewer !== 'staff')) throw new AppError('forbidden');
      const internal = body.internal;
      await repo.insertTimeline(trx, [
        { matter_id: id, actor_user_id: actor.userId, actor_name: actor.displayName, action: 'note', from_status: null, to_status: null, note: body.note, internal, photos: body.photos, details: '{}' },
      ], this.clock.now());
      await this.audit.record(trx, ctx, { action: 'matters.note', entityType: 'matter', entityId: id, place: this.place(m), details: { internal } });
      await this.live.publish(trx, { topic: 'matter', id, divisionId: m.division_id, gridId: m.grid_id, userIds: internal ? [] : await repo.followersOf(trx, id), status: m.status, change: 'note' });
    });
    return this.get(ctx, id);
  }

  // =====================================================================
  // Deadlines (run by the scheduler every minute)
  // =====================================================================

  /**
   * Warns the holder of a matter that has used four fifths of its time; escalates, one
   * level, a matter past its deadline to accept or to resolve; flags department-level
   * matters past their deadline (there is nowhere higher to go).
   */
  async runDeadlines(now: Date): Promise<{ warned: number; escalated: number; flagged: number }> {
    const counts = { warned: 0, escalated: 0, flagged: 0 };
    const system = systemContext();
    const { byId } = await this.catalogue();
    for (const { id } of await repo.nearingDeadline(this.db, now, 500)) {
      await this.db.transaction().execute(async (trx) => {
        const m = await repo.matterForUpdate(trx, id);
        // Taken, resolved or warned by another run since the scan: nothing to do.
        const due = m?.status === 'reported' ? m.accept_due_at : m?.resolve_due_at;
        if (!m || m.warned_at !== null || !OPEN_STATUSES.includes(m.status) || m.status === 'resolved' || !due || due <= now) return;
        await repo.updateMatter(trx, id, { warned_at: now }, now);
        const what = m.status === 'reported' ? '受理' : '办结';
        await repo.insertTimeline(trx, [
          { matter_id: id, actor_user_id: null, actor_name: '系统', action: 'deadline_warning', from_status: null, to_status: null, note: `即将超过${what}时限，截止 ${localDateTime(due, this.options.timeZone)}`, internal: true, details: JSON.stringify({ due: due.toISOString() }) },
        ], now);
        await this.notifications.notify(trx, await this.holdersOf(m, trx), { kind: 'matter.deadline_warning', title: { key: 'notify.matter.deadline_warning', params: { code: m.code, what: { 'zh-CN': what, en: m.status === 'reported' ? 'acceptance' : 'resolution' } } }, body: m.description.slice(0, 80), link: `/matters/${m.id}`, entityType: 'matter', entityId: m.id });
        await this.audit.record(trx, system, { action: 'matters.deadline_warning', entityType: 'matter', entityId: id, place: this.place(m), details: { due: due.toISOString(), phase: m.status === 'reported' ? 'accept' : 'resolve' } });
        counts.warned++;
      });
    }
    for (const { id } of await repo.pastDeadline(this.db, now, 500)) {
      await this.db.transaction().execute(async (trx) => {
        const m = await repo.matterForUpdate(trx, id);
        if (!m) return;
        const acceptLate = ['reported', 'escalated', 'reopened'].includes(m.status) && m.accept_due_at !== null && m.accept_due_at < now;
        const resolveLate = ['accepted', 'dispatched', 'in_progress'].includes(m.status) && m.resolve_due_at !== null && m.resolve_due_at < now;
        const level = nextLevel(m.level);
        if ((!acceptLate && !resolveLate) || !level) return;
        const category = byId.get(m.category_id)!;
        const department = level === 'department' ? category.department : m.department;
        const updated = await repo.updateMatter(trx, id, { ...this.escalation(m, level, department, category, now), overdue: true }, now);
        await repo.insertTimeline(trx, [
          {
            matter_id: id,
            actor_user_id: null,
            actor_name: '系统',
            action: 'escalate',
            from_status: m.status,
            to_status: 'escalated',
            note: acceptLate ? '超过受理时限，自动上报' : '超过办结时限，自动上报',
            internal: false,
            details: JSON.stringify({ level, automatic: true }),
          },
        ], now);
        await this.audit.record(trx, system, { action: 'matters.escalate', entityType: 'matter', entityId: id, place: this.place(m), details: { from: m.status, to: 'escalated', level, automatic: true } });
        await this.jobs.publish(trx, 'matter.status_changed', { matterId: id, from: m.status, to: 'escalated', action: 'escalate', kind: m.kind, sourceEntityType: m.source_entity_type, sourceEntityId: m.source_entity_id });
        await this.announce(trx, updated, 'escalated', m.assignee_user_id !== null ? [m.assignee_user_id] : []);
        counts.escalated++;
      });
    }
    for (const { id } of await repo.departmentOverdue(this.db, now, 500)) {
      await this.db.transaction().execute(async (trx) => {
        const locked = await repo.matterForUpdate(trx, id);
        if (!locked || locked.overdue || locked.level !== 'department' || !OPEN_STATUSES.includes(locked.status) || locked.status === 'resolved') return;
        const m = await repo.updateMatter(trx, id, { overdue: true }, now);
        await repo.insertTimeline(trx, [
          { matter_id: id, actor_user_id: null, actor_name: '系统', action: 'overdue', from_status: null, to_status: null, note: '部门办理超期', internal: true, details: '{}' },
        ], now);
        await this.audit.record(trx, system, { action: 'matters.overdue', entityType: 'matter', entityId: id, place: this.place(m), details: { department: m.department } });
        await this.live.publish(trx, { topic: 'matter', id, divisionId: m.division_id, gridId: m.grid_id, status: m.status, change: 'overdue' });
        counts.flagged++;
      });
    }
    return counts;
  }

  /** Closes resolved matters the reporter has not rated within seven days. */
  async autoClose(now: Date): Promise<number> {
    const cutoff = new Date(now.getTime() - REVIEW_DAYS * 86_400_000);
    let closed = 0;
    for (const { id } of await repo.resolvedBefore(this.db, cutoff, 1000)) {
      await this.db.transaction().execute(async (trx) => {
        const m = await repo.matterForUpdate(trx, id);
        if (!m || m.status !== 'resolved') return;
        const updated = await repo.updateMatter(trx, id, { status: 'closed', closed_at: now }, now);
        await repo.insertTimeline(trx, [
          { matter_id: id, actor_user_id: null, actor_name: '系统', action: 'auto_close', from_status: 'resolved', to_status: 'closed', note: `${REVIEW_DAYS} 天内未评价，自动结案`, internal: false, details: '{}' },
        ], now);
        await repo.bumpCellCounts(trx, m, { open: -1, total: 0 });
        await this.audit.record(trx, systemContext(), { action: 'matters.auto_close', entityType: 'matter', entityId: id, place: this.place(m), details: { from: 'resolved', to: 'closed' } });
        await this.jobs.publish(trx, 'matter.status_changed', { matterId: id, from: 'resolved', to: 'closed', action: 'close', kind: m.kind, sourceEntityType: m.source_entity_type, sourceEntityId: m.source_entity_id });
        await this.announce(trx, updated, 'closed');
        closed++;
      });
    }
    return closed;
  }

  // =====================================================================
  // Service stations and duty
  // =====================================================================

  /**
   * Stations by distance. The GiST index yields them nearest first by distance in
   * degrees, which stretches east–west by 1/cos(latitude); the true distances of the
   * candidates are worked out, and more are fetched until every station that could be
   * nearer than the last one kept has been seen.
   */
  async nearestStations(lat: number, lng: number, options: { kind?: string | undefined; facility?: string | undefined; openNow: boolean; limit: number }) {
    const now = this.clock.now();
    const local = localParts(now, this.options.timeZone);
    const openAt = options.openNow ? { weekday: weekdayOf(local.date), hhmm: local.time } : undefined;
    const metersPerDegree = 111_320 * Math.cos((lat * Math.PI) / 180);
    for (let fetch = Math.max(8, options.limit * 4); ; fetch *= 4) {
      const rows = await repo.stationsNearestFirst(this.db, lat, lng, { kind: options.kind, facility: options.facility, openAt }, fetch);
      const ranked = rows.map((s) => ({ s, d: distanceMeters(lat, lng, s.lat, s.lng) })).sort((a, b) => a.d - b.d);
      const kept = ranked.slice(0, options.limit);
      const exhausted = rows.length < fetch;
      // A station not fetched lies farther (in degrees) than the last fetched; in metres at least that times metersPerDegree.
      const reach = rows.length ? Number(rows[rows.length - 1]!.degrees) * metersPerDegree : Infinity;
      if (exhausted || (kept.length === options.limit && kept[kept.length - 1]!.d <= reach)) {
        return kept.map(({ s, d }) => presentStation(s, now, this.options.timeZone, d));
      }
    }
  }

  async nearest(ctx: RequestContext, q: z.infer<typeof S.NearestStationsQuery>) {
    requireActor(ctx.actor);
    return { items: await this.nearestStations(q.lat, q.lng, q) };
  }

  async listStations(ctx: RequestContext, q: z.infer<typeof S.StationListQuery>) {
    requireActor(ctx.actor);
    // Stations are public places; anyone signed in may look them up. Filters narrow by area.
    const divisionIds = q.communityId ? [q.communityId] : undefined;
    const after = decodeCursor(q.cursor);
    const rows = await repo.listStations(this.db, { divisionIds, kind: q.kind, q: q.q }, after?.id ?? null, q.limit);
    const now = this.clock.now();
    return toPage(rows, q.limit, (s) => presentStation(s, now, this.options.timeZone), (s) => ({ sort: null, id: s.id }));
  }

  async createStation(ctx: RequestContext, body: z.infer<typeof S.CreateStationBody>) {
    requirePermission(ctx.actor, 'matters.manage');
    const place = { divisionId: body.divisionId, gridId: null };
    if (!covers(scopeFor(ctx.actor, 'matters.manage'), place)) throw new AppError('forbidden');
    const id = await this.db.transaction().execute(async (trx) => {
      const stationId = await repo.insertStation(trx, { ...createdNow(this.clock.now()),
        kind: body.kind,
        name: body.name,
        division_id: body.divisionId,
        lat: body.lat,
        lng: body.lng,
        address: body.address,
        phone: body.phone,
        facilities: body.facilities,
        opening_hours: JSON.stringify(body.openingHours),
        active: body.active,
      });
      await this.audit.record(trx, ctx, { action: 'matters.station.create', entityType: 'station', entityId: stationId, place, details: { name: body.name } });
      return stationId;
    });
    return presentStation((await repo.stationById(this.db, id))!, this.clock.now(), this.options.timeZone);
  }

  async updateStation(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateStationBody>) {
    const s = await repo.stationById(this.db, id);
    if (!s) throw new AppError('not_found');
    const scope = requirePermission(ctx.actor, 'matters.manage');
    if (!covers(scope, { divisionId: s.division_id, gridId: null })) throw new AppError('forbidden');
    if (body.divisionId !== undefined && !covers(scope, { divisionId: body.divisionId, gridId: null })) throw new AppError('forbidden');
    const lat = body.lat ?? s.lat;
    const lng = body.lng ?? s.lng;
    await this.db.transaction().execute(async (trx) => {
      await repo.updateStation(trx, id, {
        kind: body.kind,
        name: body.name,
        division_id: body.divisionId,
        lat,
        lng,
        address: body.address,
        phone: body.phone,
        facilities: body.facilities,
        ...(body.openingHours ? { opening_hours: JSON.stringify(body.openingHours) } : {}),
        active: body.active,
      }, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'matters.station.update', entityType: 'station', entityId: id, place: { divisionId: s.division_id, gridId: null }, details: { fields: Object.keys(body) } });
    });
    return presentStation((await repo.stationById(this.db, id))!, this.clock.now(), this.options.timeZone);
  }

  async addDuty(ctx: RequestContext, body: z.infer<typeof S.DutyBody>) {
    const place = await this.org.placeOfGrid(body.gridId);
    if (!place) throw new AppError('not_found');
    const scope = requirePermission(ctx.actor, 'matters.manage');
    if (!covers(scope, place)) throw new AppError('forbidden');
    if (body.endsAt <= body.startsAt) throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'matters.duty_order' }]);
    const worker = await this.auth.actorOf(body.userId);
    if (!worker || !worker.grants.some((g) => g.role === 'grid_worker' && g.gridId === body.gridId)) {
      throw new AppError('validation_failed', {}, [{ path: 'body.userId', key: 'matters.bad_assignee' }]);
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const dutyId = await repo.insertDuty(trx, { grid_id: body.gridId, user_id: body.userId, starts_at: body.startsAt, ends_at: body.endsAt });
      await this.audit.record(trx, ctx, { action: 'matters.duty.create', entityType: 'duty', entityId: dutyId, place, details: { userId: body.userId } });
      return dutyId;
    });
    return { id, gridId: body.gridId, userId: body.userId, userName: worker.displayName, startsAt: body.startsAt.toISOString(), endsAt: body.endsAt.toISOString() };
  }

  async listDuty(ctx: RequestContext, q: z.infer<typeof S.DutyQuery>) {
    const place = await this.org.placeOfGrid(q.gridId);
    if (!place || !covers(requirePermission(ctx.actor, 'matters.read'), place)) throw new AppError('not_found');
    const rows = await repo.dutyOfGrids(this.db, [q.gridId], q.from, q.to);
    const workers = new Map((await this.auth.usersWithRole(['grid_worker'], { gridIds: [q.gridId] })).map((w) => [w.userId, w.displayName]));
    return {
      items: rows.map((r) => ({ id: r.id, gridId: r.grid_id, userId: r.user_id, userName: workers.get(r.user_id) ?? '', startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString() })),
    };
  }

  async removeDuty(ctx: RequestContext, id: number) {
    const duty = await repo.dutyById(this.db, id);
    const place = duty ? await this.org.placeOfGrid(duty.grid_id) : null;
    if (!duty || !place) throw new AppError('not_found');
    if (!covers(requirePermission(ctx.actor, 'matters.manage'), place)) throw new AppError('forbidden');
    await this.db.transaction().execute(async (trx) => {
      await repo.deleteDuty(trx, id);
      await this.audit.record(trx, ctx, { action: 'matters.duty.delete', entityType: 'duty', entityId: id, place });
    });
  }

  // =====================================================================
  // For other modules
  // =====================================================================

  /**
   * Opens a matter on behalf of the system: an IoT alarm, a missed care check, a
   * dispute. Routed like a report, by location or grid, in the caller's transaction.
   */
  async openFromSystem(
    trx: Executor,
    input: {
      categoryCode: string;
      description: string;
      lat?: number | null;
      lng?: number | null;
      gridId?: number | null;
      address?: string;
      urgency?: 'normal' | 'urgent' | 'critical';
      source: string;
      sourceEntity: { type: string; id: string };
      assigneeUserId?: number | null;
    },
  ): Promise<Matter> {
    const { list } = await this.catalogue(trx);
    const category = list.find((c) => c.code === input.categoryCode);
    if (!category) throw new Error(`unknown category ${input.categoryCode}`);
    let divisionId: number;
    let gridId: number | null;
    // A grid given wins (the point is then only stored, for the map); else the point is located.
    if (input.gridId != null) {
      const place = await this.org.placeOfGrid(input.gridId, trx);
      if (!place) throw new Error('unknown grid');
      divisionId = place.divisionId!;
      gridId = place.gridId;
    } else if (input.lat != null && input.lng != null) {
      const found = await this.org.locatePoint(input.lat, input.lng, trx);
      if (!found) throw new Error('location outside every grid');
      divisionId = found.community.id;
      gridId = found.grid.id;
    } else throw new Error('a matter needs a location or a grid');
    const explicit = input.assigneeUserId ? await this.auth.actorOf(input.assigneeUserId, trx) : null;
    const assignee = explicit ? { userId: explicit.userId, displayName: explicit.displayName } : await this.gridWorkerFor([gridId], trx);
    const ctx = systemContext();
    return this.insert(trx, ctx, {
      category,
      kind: category.kind,
      status: assignee ? 'dispatched' : 'reported',
      level: 'grid',
      source: input.source,
      description: input.description,
      urgency: input.urgency ?? 'urgent',
      reporter: { userId: null, name: '系统', phone: null, anonymous: false },
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      address: input.address ?? '',
      divisionId,
      gridId,
      assignee,
      attributes: {},
      photos: [],
      sourceEntity: input.sourceEntity,
      timeline: [{ action: 'report', to: 'reported', note: input.description }, ...(assignee ? [{ action: 'dispatch', to: 'dispatched' as const }] : [])],
    });
  }

  /**
   * A dispute reported as a matter went to mediation, or its case ended: the matter's
   * timeline says so, and an ended case resolves the matter, so that its reporter can
   * rate the handling or reopen it. Runs as the subscriber of `case.opened` and `case.closed`.
   */
  async onMediationEvent(event: DomainEvent<{ matterId: number | null; code: string; outcome?: 'agreed' | 'failed' | 'withdrawn' }>, trx: Executor) {
    const { matterId, code, outcome } = event.payload;
    if (matterId === null) return;
    if (event.type === 'case.opened') {
      const m = await repo.matterForUpdate(trx, matterId);
      if (!m) return;
      await repo.insertTimeline(trx, [{ matter_id: matterId, actor_user_id: null, actor_name: '系统', action: 'mediation', from_status: null, to_status: null, note: `已转人民调解，案件编号 ${code}`, details: JSON.stringify({ caseCode: code }) }], this.clock.now());
      return;
    }
    const note = { agreed: `调解达成协议并回访结案（案件 ${code}）`, failed: `调解未成，已引导当事人通过其他途径解决（案件 ${code}）`, withdrawn: `申请人撤回调解（案件 ${code}）` }[outcome ?? 'agreed'];
    await this.resolveFromSystem(trx, matterId, note);
  }

  /**
   * Hands an open matter opened by the system to someone else (a care check escalated
   * from one helper to the next, then to the grid): they become its assignee, and the
   * timeline, audit and notifications say so. Matters already ended are left alone.
   */
  async reassignFromSystem(trx: Executor, matterId: number, to: { userId: number; displayName: string }, note: string) {
    const m = await repo.matterForUpdate(trx, matterId);
    if (!m || ['resolved', 'closed', 'rejected', 'duplicate'].includes(m.status) || m.assignee_user_id === to.userId) return null;
    const now = this.clock.now();
    const status: MatterStatus = ['reported', 'accepted', 'escalated'].includes(m.status) ? 'dispatched' : m.status;
    const updated = await repo.updateMatter(trx, matterId, { assignee_user_id: to.userId, assignee_name: to.displayName, status, dispatched_at: now }, now);
    await repo.insertTimeline(trx, [{ matter_id: matterId, actor_user_id: null, actor_name: '系统', action: 'dispatch', from_status: m.status, to_status: status === m.status ? null : status, note, details: JSON.stringify({ assignee: to.displayName, from: m.assignee_name }) }], now);
    await this.audit.record(trx, systemContext(), { action: 'matters.dispatch', entityType: 'matter', entityId: matterId, place: this.place(m), details: { from: m.assignee_user_id, to: to.userId, automatic: true } });
    await this.announce(trx, updated, 'dispatched', [to.userId]);
    return updated;
  }

  /** Resolves a matter opened for something that has since cleared (an alarm back to normal). */
  async resolveFromSystem(trx: Executor, matterId: number, note: string) {
    const m = await repo.matterForUpdate(trx, matterId);
    if (!m || ['resolved', 'closed', 'rejected', 'duplicate'].includes(m.status)) return null;
    const now = this.clock.now();
    const updated = await repo.updateMatter(trx, matterId, { status: 'resolved', resolved_at: now }, now);
    await repo.insertTimeline(trx, [{ matter_id: matterId, actor_user_id: null, actor_name: '系统', action: 'resolve', from_status: m.status, to_status: 'resolved', note, details: '{}' }], now);
    await this.audit.record(trx, systemContext(), { action: 'matters.resolve', entityType: 'matter', entityId: matterId, place: this.place(m), details: { from: m.status, to: 'resolved', automatic: true } });
    await this.jobs.publish(trx, 'matter.status_changed', { matterId, from: m.status, to: 'resolved', action: 'resolve', kind: m.kind, sourceEntityType: m.source_entity_type, sourceEntityId: m.source_entity_id });
    await this.announce(trx, updated, 'resolved');
    return updated;
  }

  // =====================================================================
  // Open311 helpers
  // =====================================================================

  async categoriesForOpen311() {
    const { list } = await this.catalogue();
    return list.filter((c) => c.parent_id !== null && c.active && isPublicCategory(c));
  }

  categoryMap() {
    return this.catalogue();
  }

  /** Public requests for Open311: public report categories only, newest first, at most 1000. */
  async publicRequests(filter: { ids?: number[]; codes?: string[]; open?: boolean; from?: Date; to?: Date }) {
    const { list } = await this.catalogue();
    const categoryIds = list
      .filter((c) => isPublicCategory(c) && (!filter.codes || filter.codes.includes(c.code)))
      .map((c) => c.id);
    const rows = await repo.open311Requests(
      this.db,
      { categoryIds, ...(filter.ids ? { ids: filter.ids } : {}), ...(filter.open !== undefined ? { open: filter.open } : {}), ...(filter.from ? { from: filter.from } : {}), ...(filter.to ? { to: filter.to } : {}) },
      1000,
    );
    return { rows, notes: await repo.latestPublicNotes(this.db, rows.map((r) => r.id)) };
  }

  async requestIdForToken(token: string) {
    return (await repo.matterByToken(this.db, token))?.id ?? null;
  }

  open311ClientForKeyHash(hash: string) {
    return repo.open311ClientByKeyHash(this.db, hash);
  }

  /** Creates a matter from an Open311 client (no user account), within the client's division. */
  async createFromOpen311(
    client: { id: number; division_id: number; name: string },
    input: { category: Category; description: string; lat: number | null; lng: number | null; address: string; mediaUrl: string | null; attributes: Record<string, unknown>; reporterName: string; reporterPhone: string | null },
  ) {
    let divisionId: number;
    let gridId: number | null = null;
    if (input.lat !== null && input.lng !== null) {
      const found = await this.org.locatePoint(input.lat, input.lng);
      if (!found) throw new AppError('validation_failed', {}, [{ path: 'lat', key: 'matters.outside_area' }]);
      const clientArea = await this.org.expandDivisions([client.division_id]);
      if (!(clientArea.get(client.division_id) ?? []).includes(found.community.id)) {
        throw new AppError('validation_failed', {}, [{ path: 'lat', key: 'matters.outside_area' }]);
      }
      divisionId = found.community.id;
      gridId = found.grid.id;
    } else {
      throw new AppError('validation_failed', {}, [{ path: 'lat', key: 'matters.location_required' }]);
    }
    // The client's media_url is kept as given (never fetched by the server) and handed back.
    const attributes = { ...this.checkAttributes(input.category, input.attributes), ...(input.mediaUrl ? { _media_url: input.mediaUrl } : {}) };
    const assignee = await this.gridWorkerFor([gridId]);
    const ctx: RequestContext = { actor: null, locale: 'zh-CN', ip: null, userAgent: `open311:${client.name}`, requestId: null };
    return this.db.transaction().execute((trx) =>
      this.insert(trx, ctx, {
        category: input.category,
        kind: input.category.kind,
        status: 'reported',
        level: 'grid',
        source: 'open311',
        description: input.description,
        urgency: 'normal',
        reporter: { userId: null, name: input.reporterName, phone: input.reporterPhone, anonymous: true },
        lat: input.lat,
        lng: input.lng,
        address: input.address,
        divisionId,
        gridId,
        assignee,
        attributes,
        photos: [],
        open311ClientId: client.id,
        timeline: [{ action: 'report', to: 'reported', note: input.description }],
      }),
    );
  }

  async issueOpen311Client(ctx: RequestContext, body: z.infer<typeof S.Open311ClientBody>, hashKey: (key: string) => string) {
    const scope = requirePermission(ctx.actor, 'matters.configure');
    if (!covers(scope, { divisionId: body.divisionId, gridId: null })) throw new AppError('forbidden');
    const apiKey = randomBytes(24).toString('base64url');
    const row = await this.db.transaction().execute(async (trx) => {
      const client = await repo.insertOpen311Client(trx, { created_at: this.clock.now(), name: body.name, api_key_hash: hashKey(apiKey), division_id: body.divisionId, created_by: ctx.actor!.userId });
      await this.audit.record(trx, ctx, { action: 'matters.open311_client.create', entityType: 'open311_client', entityId: client.id, place: { divisionId: body.divisionId, gridId: null }, details: { name: body.name } });
      return client;
    });
    return { id: row.id, name: row.name, divisionId: row.division_id, createdAt: row.created_at.toISOString(), revokedAt: null, apiKey };
  }

  async listOpen311Clients(ctx: RequestContext) {
    const scope = requirePermission(ctx.actor, 'matters.configure');
    const rows = await repo.open311Clients(this.db, scope.divisionIds);
    return { items: rows.map((r) => ({ id: r.id, name: r.name, divisionId: r.division_id, createdAt: r.created_at.toISOString(), revokedAt: r.revoked_at?.toISOString() ?? null })) };
  }

  async revokeOpen311Client(ctx: RequestContext, id: number) {
    const scope = requirePermission(ctx.actor, 'matters.configure');
    const client = await repo.open311ClientById(this.db, id);
    if (!client) throw new AppError('not_found');
    if (!covers(scope, { divisionId: client.division_id, gridId: null })) throw new AppError('forbidden');
    await this.db.transaction().execute(async (trx) => {
      await repo.revokeOpen311Client(trx, id, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'matters.open311_client.revoke', entityType: 'open311_client', entityId: id, place: { divisionId: client.division_id, gridId: null } });
    });
  }

}

/** Whether a station is open at a moment, by its weekly hours in local time. */
export function isOpen(hours: { always?: boolean; weekly?: Record<string, Array<[string, string]>> }, at: Date, timeZone: string): boolean {
  if (hours.always) return true;
  const local = localParts(at, timeZone);
  const day = String(weekdayOf(local.date));
  const minute = Math.floor(local.seconds / 60);
  const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  return (hours.weekly?.[day] ?? []).some(([from, to]) => minute >= toMinutes(from) && minute < toMinutes(to));
}

function presentStation(s: Selectable<DB['matters.stations']>, now: Date, timeZone: string, distance?: number): View<typeof S.StationView> {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    divisionId: s.division_id,
    lat: s.lat,
    lng: s.lng,
    address: s.address,
    phone: s.phone,
    facilities: s.facilities as View<typeof S.StationView>['facilities'],
    openingHours: s.opening_hours as View<typeof S.StationView>['openingHours'],
    openNow: isOpen(s.opening_hours, now, timeZone),
    active: s.active,
    ...(distance !== undefined ? { distanceMeters: Math.round(distance) } : {}),
  };
}

