import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { covers, requireActor, requirePermission, scopeFor, type Actor, type OrgPlace } from '../../platform/access.ts';
import { type Clock, createdNow } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import type { DeviceEventPayload } from '../../platform/device-events.ts';
import { AppError, invalid, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import { addDays, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { DevicesService } from '../devices/service.ts';
import { photoView } from '../matters/presenters.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { CHECK_KINDS, type CheckKind, type TargetKind } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export const CHECK_NAMES: Record<CheckKind, { zh: string; en: string; zhMissed: string; enMissed: string }> = {
  curtain_open: {
    zh: '窗帘打开',
    en: 'Curtain opened',
    zhMissed: '窗帘未按时打开',
    enMissed: 'curtain not opened in time',
  },
  curtain_close: {
    zh: '窗帘关闭',
    en: 'Curtain closed',
    zhMissed: '窗帘未按时关闭',
    enMissed: 'curtain not closed in time',
  },
  water_used: { zh: '用水', en: 'Water used', zhMissed: '未按时用水', enMissed: 'no water used in time' },
  door_open: { zh: '开门', en: 'Door opened', zhMissed: '未按时开门', enMissed: 'door not opened in time' },
};
export const KIND_NAMES: Record<TargetKind, string> = {
  elderly_alone: '独居老人',
  disabled: '残疾',
  seriously_ill: '重病',
};

/** Matters catalogue codes (modules/matters/catalogue.ts). */
export const MISSED_CHECK_CATEGORY = 'community.care.missed_check';
export const VISIT_FINDING_CATEGORY = 'community.care.visit_finding';
/** The responder position of the grid-worker stage, after the helpers. */
const GRID_STAGE = 99;
/** Matter states that mean someone has taken it up. */
const TAKEN = ['accepted', 'in_progress', 'resolved', 'closed'];

const conflict = (key: ErrorDetail['key']) => new AppError('conflict', {}, [{ key }]);
const hhmm = (time: string) => time.slice(0, 5);

/**
 * Care (关爱) for people living alone, disabled or seriously ill: their helpers in an
 * order of escalation, the daily check (窗帘之约) from sensors or a helper's word, a
 * care matter when a check is missed — escalated helper by helper, then to the grid,
 * every 30 minutes without an acknowledgement — and visit plans with their records.
 */
export class CareService {
  private ensuredDay: string | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    _jobs: Jobs,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly media: MediaService,
    private readonly notifications: NotificationsService,
    private readonly matters: MattersService,
    private readonly devices: DevicesService,
    private readonly options: { timeZone: string; escalateAfterMinutes: number },
  ) {}

  private today() {
    return localParts(this.clock.now(), this.options.timeZone).date;
  }

  private place(t: { community_id: number; grid_id: number | null }): OrgPlace {
    return { divisionId: t.community_id, gridId: t.grid_id };
  }

  private async access(actor: Actor, t: repo.TargetRow, db: Executor = this.db) {
    const manage = covers(scopeFor(actor, 'care.manage'), this.place(t));
    const read = manage || covers(scopeFor(actor, 'care.read'), this.place(t));
    const position = await repo.helperPosition(db, t.id, actor.userId);
    return { manage, read: read || position !== null, helper: position !== null, act: manage || position !== null };
  }

  /** 404 if missing or out of reach; 403 if seen but not to be changed this way. */
  private async target(ctx: RequestContext, id: number, need: 'read' | 'act' | 'manage', db: Executor = this.db) {
    const actor = requireActor(ctx.actor);
    const t = await repo.targetById(db, id);
    if (!t) throw new AppError('not_found');
    const access = await this.access(actor, t, db);
    if (!access.read) throw new AppError('not_found');
    if (!access[need]) throw new AppError('forbidden');
    return { t, access, actor };
  }

  // =====================================================================
  // Presenting
  // =====================================================================

  private async summaries(rows: repo.TargetRow[]) {
    const names = await this.org.names({
      divisionIds: rows.map((r) => r.community_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
    return rows.map((t) => ({
      id: t.id,
      personId: t.person_id,
      name: t.person_name,
      kinds: t.kinds,
      communityId: t.community_id,
      communityName: names.divisions.get(t.community_id) ?? null,
      gridId: t.grid_id,
      gridName: t.grid_id !== null ? (names.grids.get(t.grid_id)?.name ?? null) : null,
      address: t.address,
      active: t.active,
    }));
  }

  private presentCheck(c: repo.CheckRow, locale: 'zh-CN' | 'en'): View<typeof S.CheckView> {
    return {
      id: c.id,
      day: c.day,
      kind: c.kind,
      kindName: locale === 'en' ? CHECK_NAMES[c.kind].en : CHECK_NAMES[c.kind].zh,
      dueTime: localParts(c.due_at, this.options.timeZone).time,
      dueAt: c.due_at.toISOString(),
      opensAt: c.window_from_at.toISOString(),
      status: c.status,
      satisfiedAt: c.satisfied_at?.toISOString() ?? null,
      satisfiedBy: c.satisfied_by,
      satisfiedByName: c.satisfied_user_name,
      note: c.satisfied_note,
      late: c.late,
      matterId: c.matter_id,
      responder: c.responder_user_id !== null ? { userId: c.responder_user_id, name: c.responder_name ?? '' } : null,
      acknowledgedAt: c.acknowledged_at?.toISOString() ?? null,
      acknowledgedBy: c.acknowledged_name,
      escalations: c.escalations,
    };
  }

  private presentPlan(
    p: (repo.PlanRow & { last_visit_at: Date | null }) | undefined,
  ): View<typeof S.VisitPlanView> | null {
    if (!p) return null;
    const last = p.last_visit_at ? localParts(p.last_visit_at, this.options.timeZone).date : null;
    const nextDueOn = last ? addDays(last, p.every_days) : p.starts_on;
    return {
      everyDays: p.every_days,
      visitorUserId: p.visitor_user_id,
      visitorName: p.visitor_name,
      startsOn: p.starts_on,
      lastVisitAt: p.last_visit_at?.toISOString() ?? null,
      nextDueOn,
      overdue: nextDueOn < this.today(),
    };
  }

  private presentHelper(h: repo.HelperRow): View<typeof S.HelperView> {
    return { userId: h.user_id, name: h.display_name, relation: h.relation, position: h.position };
  }

  async detail(ctx: RequestContext, id: number): Promise<View<typeof S.TargetDetail>> {
    const { t, access } = await this.target(ctx, id, 'read');
    const today = this.today();
    await repo.ensureDay(this.db, today, this.options.timeZone, [t.id]);
    const [summary, helpers, rules, checks, plans] = await Promise.all([
      this.summaries([t]),
      repo.helpersOf(this.db, [t.id]),
      repo.rulesOf(this.db, [t.id]),
      repo.checksOf(this.db, [t.id], today),
      repo.plansOf(this.db, [t.id]),
    ]);
    return {
      ...summary[0]!,
      buildingId: t.building_id,
      householdId: t.household_id,
      note: t.note,
      deviceIds: t.device_ids,
      helpers: helpers.map((h) => this.presentHelper(h)),
      rules: rules.map((r) => ({
        id: r.id,
        kind: r.kind,
        kindName: ctx.locale === 'en' ? CHECK_NAMES[r.kind].en : CHECK_NAMES[r.kind].zh,
        windowFrom: hhmm(r.window_from),
        dueTime: hhmm(r.due_time),
        active: r.active,
      })),
      today: checks.map((c) => this.presentCheck(c, ctx.locale)),
      visitPlan: this.presentPlan(plans[0] as never),
      canManage: access.manage,
    };
  }

  // =====================================================================
  // Targets
  // =====================================================================

  private async helperRows(targetId: number, helpers: Array<{ userId: number; relation: repo.HelperRow['relation'] }>) {
    const rows = [];
    for (const [i, h] of helpers.entries()) {
      const user = await this.auth.actorOf(h.userId);
      if (!user) throw invalid(`body.helpers.${i}.userId`, 'care.unknown_user');
      rows.push({
        target_id: targetId,
        user_id: user.userId,
        display_name: user.displayName,
        relation: h.relation,
        position: i + 1,
      });
    }
    return rows;
  }

  /**
   * The devices that watch a person, checked through the devices module: each must exist
   * and be within the caller's reach (as the devices module decides it), and be of the
   * person's community — a device elsewhere cannot stand for this person's daily check.
   */
  private async checkDevices(ctx: RequestContext, communityId: number, deviceIds: number[]) {
    for (const [i, id] of deviceIds.entries()) {
      const device = await this.devices.getDevice(ctx, id).catch((e) => {
        if (e instanceof AppError && (e.code === 'not_found' || e.code === 'forbidden')) return null;
        throw e;
      });
      if (!device) throw invalid(`body.deviceIds.${i}`, 'care.unknown_device');
      if (device.communityId !== communityId) throw invalid(`body.deviceIds.${i}`, 'care.device_other_community');
    }
  }

  /**
   * For the devices module (bound in app.ts): whether a device in the given place may watch
   * the target — it exists, the caller can see it, and it is of the device's community.
   */
  async deviceMayWatch(ctx: RequestContext, targetId: number, place: { communityId: number }): Promise<boolean> {
    if (!ctx.actor) return false;
    const t = await repo.targetById(this.db, targetId);
    if (!t || t.community_id !== place.communityId) return false;
    return (await this.access(ctx.actor, t)).read;
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.TargetBody>) {
    const scope = requirePermission(ctx.actor, 'care.manage');
    // The person is read through the org module, within the caller's reach.
    const person = await this.org.getPerson(ctx, body.personId).catch((e) => {
      if (e instanceof AppError && e.code === 'not_found') throw invalid('body.personId', 'care.unknown_person');
      throw e;
    });
    const place = { divisionId: person.communityId, gridId: person.gridId };
    if (!covers(scope, place)) throw new AppError('forbidden');
    if (person.gridId === null) throw invalid('body.personId', 'care.no_grid');
    await this.checkDevices(ctx, person.communityId, body.deviceIds);
    const helpers = await this.helperRows(0, body.helpers);
    const rules = this.checkWindows(body.rules);
    const address =
      [person.buildingName, person.unitName, person.room].filter(Boolean).join(' ') || person.address || '';
    try {
      const id = await this.db.transaction().execute(async (trx) => {
        const t = await repo.insertTarget(trx, {
          ...createdNow(this.clock.now()),
          person_id: person.id,
          person_name: person.name,
          kinds: body.kinds,
          community_id: person.communityId,
          grid_id: person.gridId,
          building_id: person.buildingId,
          household_id: person.householdId,
          address,
          note: body.note,
          device_ids: body.deviceIds,
          created_by: ctx.actor!.userId,
        });
        await repo.replaceHelpers(
          trx,
          t.id,
          helpers.map((h) => ({ ...h, target_id: t.id })),
        );
        for (const r of rules)
          await repo.upsertRule(trx, { target_id: t.id, kind: r.kind, window_from: r.windowFrom, due_time: r.dueTime });
        await repo.ensureDay(trx, this.today(), this.options.timeZone, [t.id]);
        await this.audit.record(trx, ctx, {
          action: 'care.target.create',
          entityType: 'care_target',
          entityId: t.id,
          place,
          details: { personId: person.id, kinds: body.kinds, helpers: helpers.map((h) => h.user_id) },
        });
        return t.id;
      });
      return this.detail(ctx, id);
    } catch (e) {
      if (isUniqueViolation(e, 'targets_person')) throw conflict('care.person_taken');
      throw e;
    }
  }

  /** Rules with their windows filled in (a closing curtain counts from noon, the rest from midnight) and checked. */
  private checkWindows(rules: Array<{ kind: CheckKind; windowFrom?: string | undefined; dueTime: string }>) {
    return rules.map((r, i) => {
      const windowFrom = r.windowFrom ?? (r.kind === 'curtain_close' ? '12:00' : '00:00');
      if (windowFrom >= r.dueTime) throw invalid(`body.rules.${i}.windowFrom`, 'care.window_order');
      return { kind: r.kind, windowFrom, dueTime: r.dueTime };
    });
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.TargetPatch>) {
    const { t } = await this.target(ctx, id, 'manage');
    if (Object.keys(body).length === 0) throw invalid('body', 'care.nothing_to_change');
    if (body.deviceIds) await this.checkDevices(ctx, t.community_id, body.deviceIds);
    await this.db
      .transaction()
      .execute(async (trx) => {
        await repo.targetForUpdate(trx, id);
        await repo.updateTarget(
          trx,
          id,
          {
            ...(body.kinds ? { kinds: body.kinds } : {}),
            ...(body.note !== undefined ? { note: body.note } : {}),
            ...(body.deviceIds ? { device_ids: body.deviceIds } : {}),
            ...(body.active !== undefined ? { active: body.active } : {}),
          },
          this.clock.now(),
        );
        // Care ended: today's checks still to come are dropped (they would open matters for no one).
        if (body.active === false) await repo.dropPending(trx, id);
        await this.audit.record(trx, ctx, {
          action: 'care.target.update',
          entityType: 'care_target',
          entityId: id,
          place: this.place(t),
          details: { fields: Object.keys(body) },
        });
      })
      .catch((e) => {
        if (isUniqueViolation(e, 'targets_person')) throw conflict('care.person_taken');
        throw e;
      });
    return this.detail(ctx, id);
  }

  async setHelpers(ctx: RequestContext, id: number, body: z.infer<typeof S.HelpersBody>) {
    const { t } = await this.target(ctx, id, 'manage');
    const rows = await this.helperRows(id, body.helpers);
    await this.db.transaction().execute(async (trx) => {
      await repo.targetForUpdate(trx, id);
      await repo.replaceHelpers(trx, id, rows);
      await this.audit.record(trx, ctx, {
        action: 'care.helpers.set',
        entityType: 'care_target',
        entityId: id,
        place: this.place(t),
        details: { helpers: rows.map((r) => r.user_id) },
      });
    });
    return this.detail(ctx, id);
  }

  /** Sets the daily check; today's pending checks take the new times, dropped kinds go from today on. */
  async setRules(ctx: RequestContext, id: number, body: z.infer<typeof S.RulesBody>) {
    const { t } = await this.target(ctx, id, 'manage');
    const rules = this.checkWindows(body.rules);
    const today = this.today();
    await this.db.transaction().execute(async (trx) => {
      await repo.targetForUpdate(trx, id);
      await repo.deactivateRulesExcept(
        trx,
        id,
        rules.map((r) => r.kind),
      );
      for (const r of rules)
        await repo.upsertRule(trx, { target_id: id, kind: r.kind, window_from: r.windowFrom, due_time: r.dueTime });
      await repo.refreshPending(trx, id, today, this.options.timeZone);
      await repo.ensureDay(trx, today, this.options.timeZone, [id]);
      await this.audit.record(trx, ctx, {
        action: 'care.rules.set',
        entityType: 'care_target',
        entityId: id,
        place: this.place(t),
        details: { rules },
      });
    });
    return this.detail(ctx, id);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.TargetListQuery>) {
    const scope = requirePermission(ctx.actor, 'care.read');
    const rows = await repo.listTargets(this.db, scope, q, decodeCursor(q.cursor), q.limit);
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    return { ...page, items: await this.summaries(page.items) };
  }

  /** Today's board (or a past day's): each target of the area with each check and who did it. */
  async board(ctx: RequestContext, q: z.infer<typeof S.BoardQuery>): Promise<View<typeof S.BoardView>> {
    const scope = requirePermission(ctx.actor, 'care.read');
    const today = this.today();
    const day = q.day ?? today;
    if (day > today) throw invalid('query.day', 'care.future_day');
    const rows = await repo.listTargets(this.db, scope, { ...q, active: true }, decodeCursor(q.cursor), q.limit);
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    const ids = page.items.map((t) => t.id);
    if (day === today) await repo.ensureDay(this.db, day, this.options.timeZone, ids);
    const [summaries, helpers, checks] = await Promise.all([
      this.summaries(page.items),
      repo.helpersOf(this.db, ids),
      repo.checksOf(this.db, ids, day),
    ]);
    const counts = { pending: 0, done: 0, missed: 0 };
    for (const c of checks) counts[c.status]++;
    return {
      day,
      counts,
      nextCursor: page.nextCursor,
      items: summaries.map((s) => ({
        ...s,
        helpers: helpers.filter((h) => h.target_id === s.id).map((h) => this.presentHelper(h)),
        checks: checks.filter((c) => c.target_id === s.id).map((c) => this.presentCheck(c, ctx.locale)),
      })),
    };
  }

  /** A helper's own list for the H5: my targets with today's checks, and the missed checks I am asked to look into. */
  async mine(ctx: RequestContext): Promise<View<typeof S.MineView>> {
    const actor = requireActor(ctx.actor);
    const today = this.today();
    const targets = await repo.targetsOfHelper(this.db, actor.userId);
    const ids = targets.map((t) => t.id);
    await repo.ensureDay(this.db, today, this.options.timeZone, ids);
    const [summaries, checks, plans, alerts] = await Promise.all([
      this.summaries(targets),
      repo.checksOf(this.db, ids, today),
      repo.plansOf(this.db, ids),
      repo.alertsOf(this.db, actor.userId),
    ]);
    const alertTargets = new Map(
      (await repo.targetsByIds(this.db, [...new Set(alerts.map((a) => a.target_id))])).map((t) => [t.id, t]),
    );
    return {
      day: today,
      targets: summaries.map((s, i) => ({
        ...s,
        position: targets[i]!.position,
        checks: checks.filter((c) => c.target_id === s.id).map((c) => this.presentCheck(c, ctx.locale)),
        visitPlan: this.presentPlan(plans.find((p) => p.target_id === s.id) as never),
      })),
      alerts: alerts.map((a) => ({
        ...this.presentCheck(a, ctx.locale),
        targetId: a.target_id,
        targetName: alertTargets.get(a.target_id)?.person_name ?? '',
      })),
    };
  }

  // =====================================================================
  // The daily check
  // =====================================================================

  /**
   * A helper's word that all is well ("I saw her", "I called"): a pending check is done;
   * a missed one is done late, acknowledged, and its care matter resolved.
   */
  async confirm(ctx: RequestContext, targetId: number, checkId: number, body: z.infer<typeof S.ConfirmBody>) {
    const { t, actor } = await this.target(ctx, targetId, 'act');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const c = await repo.checkForUpdate(trx, checkId);
      if (!c || c.target_id !== targetId) throw new AppError('not_found');
      if (c.status === 'done') throw conflict('care.check_done');
      if (c.window_from_at > now) throw conflict('care.check_not_open');
      const how = { saw: '看到了', called: '打了电话', visited: '上门看过', other: '' }[body.how];
      const note = [how, body.note].filter(Boolean).join('：');
      await this.satisfy(trx, c, {
        at: now,
        by: 'helper',
        userId: actor.userId,
        userName: actor.displayName,
        note,
        deviceId: null,
      });
      await this.audit.record(trx, ctx, {
        action: 'care.check.confirm',
        entityType: 'care_check',
        entityId: checkId,
        place: this.place(t),
        details: { how: body.how, late: c.status === 'missed' },
      });
    });
    return this.detail(ctx, targetId);
  }

  /** One check with what happened to it: missed, who was told when, escalations, acknowledgement, confirmation. */
  async checkDetail(ctx: RequestContext, targetId: number, checkId: number): Promise<View<typeof S.CheckDetail>> {
    await this.target(ctx, targetId, 'read');
    const c = await repo.checkById(this.db, checkId);
    if (!c || c.target_id !== targetId) throw new AppError('not_found');
    const log = await repo.logOf(this.db, checkId);
    return {
      ...this.presentCheck(c, ctx.locale),
      targetId,
      log: log.map((l) => ({
        at: l.at.toISOString(),
        action: l.action,
        userId: l.user_id,
        userName: l.user_name,
        note: l.note,
      })),
    };
  }

  /** "I'm on it": stops the escalation of a missed check. */
  async acknowledge(ctx: RequestContext, targetId: number, checkId: number, body: z.infer<typeof S.AcknowledgeBody>) {
    const { t, actor } = await this.target(ctx, targetId, 'act');
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const c = await repo.checkForUpdate(trx, checkId);
      if (!c || c.target_id !== targetId) throw new AppError('not_found');
      if (c.status !== 'missed') throw conflict('care.not_missed');
      if (c.acknowledged_at !== null) return;
      await repo.updateCheck(trx, c.id, {
        acknowledged_at: now,
        acknowledged_by: actor.userId,
        acknowledged_name: actor.displayName,
      });
      await repo.log(trx, {
        check_id: c.id,
        action: 'acknowledged',
        user_id: actor.userId,
        user_name: actor.displayName,
        note: body.note,
        at: now,
      });
      await this.audit.record(trx, ctx, {
        action: 'care.check.acknowledge',
        entityType: 'care_check',
        entityId: checkId,
        place: this.place(t),
      });
    });
    return this.detail(ctx, targetId);
  }

  private async satisfy(
    trx: Executor,
    c: repo.CheckRow,
    s: {
      at: Date;
      by: 'device' | 'helper';
      userId: number | null;
      userName: string | null;
      note: string;
      deviceId: number | null;
    },
  ) {
    const late = s.at > c.due_at;
    await repo.updateCheck(trx, c.id, {
      status: 'done',
      satisfied_at: s.at,
      satisfied_by: s.by,
      satisfied_user_id: s.userId,
      satisfied_user_name: s.userName,
      satisfied_device_id: s.deviceId,
      satisfied_note: s.note,
      late,
      ...(c.status === 'missed' && c.acknowledged_at === null
        ? { acknowledged_at: s.at, acknowledged_by: s.userId, acknowledged_name: s.userName ?? '设备' }
        : {}),
    });
    await repo.log(trx, {
      check_id: c.id,
      action: s.by === 'device' ? 'device_event' : 'confirmed',
      user_id: s.userId,
      user_name: s.userName,
      note: s.note,
      at: this.clock.now(),
    });
    if (c.status === 'missed' && c.matter_id !== null) {
      const what =
        s.by === 'device'
          ? `${localParts(s.at, this.options.timeZone).time} 设备报告：${CHECK_NAMES[c.kind].zh}`
          : `${s.userName ?? ''}确认平安${s.note ? `（${s.note}）` : ''}`;
      await this.matters.resolveFromSystem(trx, c.matter_id, what);
    }
  }

  /**
   * The care target a device event is for. The link must hold on both sides' records:
   * either care lists the device among the target's devices (deviceIds, checked against
   * the devices module when set), or the devices module registers the device as watching
   * the target (its careTargetId, carried in the event) — and either way the device's
   * community, as the devices module has it, is the target's. So a sensor of another
   * community never satisfies a check here, whatever careTargetId it was given. (Care's
   * own list alone would be stricter, but a device linked from the devices side, which
   * its registry offers, would then be ignored; the community check is what closes the hole.)
   */
  private async targetOfEvent(trx: Executor, p: DeviceEventPayload) {
    if (typeof p.communityId !== 'number') return undefined;
    const linked = typeof p.deviceId === 'number' ? await repo.targetOfDevice(trx, p.deviceId) : undefined;
    if (linked && linked.community_id === p.communityId) return linked;
    const named = typeof p.careTargetId === 'number' ? await repo.targetById(trx, p.careTargetId) : undefined;
    if (named && named.community_id === p.communityId) return named;
    return undefined;
  }

  /**
   * A device event (the devices module's device.event): a curtain, door or water event
   * of a watched person satisfies the open check of that kind for its local day, if it
   * falls in the check's window. Late events still count (and resolve the care matter);
   * repeats change nothing.
   */
  async onDeviceEvent(event: DomainEvent<DeviceEventPayload>, trx: Executor): Promise<'done' | 'ignored'> {
    const p = event.payload;
    if (!(CHECK_KINDS as readonly string[]).includes(p.event)) return 'ignored';
    const at = new Date(p.at);
    if (Number.isNaN(at.getTime())) return 'ignored';
    const target = await this.targetOfEvent(trx, p);
    if (!target?.active) return 'ignored';
    const day = localParts(at, this.options.timeZone).date;
    // Only today's and yesterday's checks can still be open; older events are history.
    const today = this.today();
    if (day > today || day < addDays(today, -1)) return 'ignored';
    if (day === today) await repo.ensureDay(trx, day, this.options.timeZone, [target.id]);
    const c = await repo.openCheckFor(trx, target.id, p.event, day, at);
    if (!c) return 'ignored';
    await this.satisfy(trx, c, {
      at,
      by: 'device',
      userId: null,
      userName: null,
      note: p.deviceCode ?? '',
      deviceId: p.deviceId ?? null,
    });
    return 'done';
  }

  /** A care matter taken up (accepted, started, resolved) counts as acknowledged. */
  async onMatterStatus(
    event: DomainEvent<{
      matterId: number;
      to: string;
      sourceEntityType: string | null;
      sourceEntityId: string | null;
    }>,
    trx: Executor,
  ) {
    const p = event.payload;
    if (p.sourceEntityType !== 'care_check' || !TAKEN.includes(p.to)) return;
    const c = await repo.checksByMatter(trx, p.matterId);
    if (c?.status !== 'missed' || c.acknowledged_at !== null) return;
    const who = event.actorId !== null ? await this.auth.actorOf(event.actorId, trx) : null;
    const now = this.clock.now();
    await repo.updateCheck(trx, c.id, {
      acknowledged_at: now,
      acknowledged_by: who?.userId ?? null,
      acknowledged_name: who?.displayName ?? '系统',
    });
    await repo.log(trx, {
      check_id: c.id,
      action: 'acknowledged',
      user_id: who?.userId ?? null,
      user_name: who?.displayName ?? null,
      note: `事项${p.to}`,
      at: now,
    });
  }

  /**
   * The minute job: makes today's checks, marks those past their deadline missed and
   * opens a care matter for the first helper, and moves an unacknowledged one on to the
   * next helper, then the grid's workers. Each check in its own transaction, locked and
   * re-read, so two runs at once (or one twice) do each thing once.
   */
  async runChecks(now: Date): Promise<{ missed: number; escalated: number }> {
    const today = localParts(now, this.options.timeZone).date;
    if (this.ensuredDay !== today) {
      await repo.ensureDay(this.db, today, this.options.timeZone);
      this.ensuredDay = today;
    }
    const counts = { missed: 0, escalated: 0 };
    for (const { id } of await repo.pendingPastDue(this.db, now, 500)) {
      if (await this.db.transaction().execute((trx) => this.miss(trx, id, now))) counts.missed++;
    }
    const before = new Date(now.getTime() - this.options.escalateAfterMinutes * 60_000);
    for (const { id } of await repo.unacknowledgedSince(this.db, before, 500)) {
      if (await this.db.transaction().execute((trx) => this.escalate(trx, id, now, before))) counts.escalated++;
    }
    return counts;
  }

  /** Forget which day's rows were made (for tests that move the clock back). */
  resetDayMemo() {
    this.ensuredDay = null;
  }

  private async miss(trx: Executor, id: number, now: Date): Promise<boolean> {
    const c = await repo.checkForUpdate(trx, id);
    if (c?.status !== 'pending' || c.due_at > now) return false;
    const t = (await repo.targetById(trx, c.target_id))!;
    if (!t.active) {
      await repo.dropPending(trx, t.id);
      return false;
    }
    const [first] = await repo.helpersOf(trx, [t.id]);
    const responder = first ? { userId: first.user_id, name: first.display_name, position: first.position } : null;
    const due = localParts(c.due_at, this.options.timeZone).time;
    const description = `窗帘之约：${t.person_name}（${KIND_NAMES[t.kinds[0]!]}，${t.address}）${due} 前${CHECK_NAMES[c.kind].zhMissed.replace('未按时', '未')}，请尽快上门或电话确认平安。`;
    let matterId: number | null = null;
    if (t.grid_id !== null) {
      const matter = await this.matters.openFromSystem(trx, {
        categoryCode: MISSED_CHECK_CATEGORY,
        description,
        gridId: t.grid_id,
        address: t.address,
        urgency: 'urgent',
        source: 'care',
        sourceEntity: { type: 'care_check', id: String(c.id) },
        assigneeUserId: responder?.userId ?? null,
      });
      matterId = matter.id;
    }
    await repo.updateCheck(trx, c.id, {
      status: 'missed',
      missed_at: now,
      matter_id: matterId,
      responder_user_id: responder?.userId ?? null,
      responder_name: responder?.name ?? null,
      responder_position: responder?.position ?? null,
      notified_at: now,
      exhausted: responder === null,
    });
    await repo.log(trx, { check_id: c.id, action: 'missed', note: description, at: now });
    if (responder) {
      await this.notifications.notify(trx, [responder.userId], {
        kind: 'care.missed_check',
        title: {
          key: 'notify.care.missed_check',
          params: {
            name: t.person_name,
            check: { 'zh-CN': CHECK_NAMES[c.kind].zhMissed, en: CHECK_NAMES[c.kind].enMissed },
          },
        },
        body: description,
        link: `/care/targets/${t.id}`,
        entityType: 'care_check',
        entityId: c.id,
      });
      await repo.log(trx, {
        check_id: c.id,
        action: 'notified',
        user_id: responder.userId,
        user_name: responder.name,
        at: now,
      });
    }
    await this.audit.record(trx, systemContext(), {
      action: 'care.check.missed',
      entityType: 'care_check',
      entityId: c.id,
      place: this.place(t),
      details: { kind: c.kind, day: c.day, matterId, responder: responder?.userId ?? null },
    });
    return true;
  }

  private async escalate(trx: Executor, id: number, now: Date, before: Date): Promise<boolean> {
    const c = await repo.checkForUpdate(trx, id);
    if (c?.status !== 'missed' || c.acknowledged_at !== null || c.exhausted || !c.notified_at || c.notified_at > before)
      return false;
    const t = (await repo.targetById(trx, c.target_id))!;
    const position = c.responder_position ?? 0;
    const helpers = await repo.helpersOf(trx, [t.id]);
    let next: Array<{ userId: number; name: string }> = [];
    let nextPosition = GRID_STAGE;
    const after = helpers.find((h) => h.position > position);
    if (after && position < GRID_STAGE) {
      next = [{ userId: after.user_id, name: after.display_name }];
      nextPosition = after.position;
    } else if (position < GRID_STAGE && t.grid_id !== null) {
      // After the helpers, the grid's workers (the matter's grid stays theirs).
      const told = new Set(helpers.filter((h) => h.position <= position).map((h) => h.user_id));
      next = (await this.auth.usersWithRole(['grid_worker'], { gridIds: [t.grid_id] }, trx))
        .filter((u) => !told.has(u.userId))
        .map((u) => ({ userId: u.userId, name: u.displayName }));
      if (next.length === 0)
        next = (await this.auth.usersWithRole(['community_admin'], { divisionIds: [t.community_id] }, trx)).map(
          (u) => ({ userId: u.userId, name: u.displayName }),
        );
    }
    if (next.length === 0) {
      await repo.updateCheck(trx, c.id, { exhausted: true });
      await repo.log(trx, { check_id: c.id, action: 'exhausted', note: '已通知到最后一级，仍无人确认', at: now });
      return false;
    }
    const first = next[0]!;
    await repo.updateCheck(trx, c.id, {
      responder_user_id: first.userId,
      responder_name: first.name,
      responder_position: nextPosition,
      notified_at: now,
      escalations: c.escalations + 1,
    });
    const previous = c.responder_name ?? '';
    const minutes = this.options.escalateAfterMinutes;
    // The matter goes with the check, so whoever is now asked can open and handle it.
    if (c.matter_id !== null)
      await this.matters.reassignFromSystem(
        trx,
        c.matter_id,
        { userId: first.userId, displayName: first.name },
        `窗帘之约 ${minutes} 分钟未确认，转交 ${first.name}`,
      );
    await this.notifications.notify(
      trx,
      next.map((n) => n.userId),
      {
        kind: 'care.escalated',
        title: {
          key: 'notify.care.escalated',
          params: {
            name: t.person_name,
            check: { 'zh-CN': CHECK_NAMES[c.kind].zhMissed, en: CHECK_NAMES[c.kind].enMissed },
          },
        },
        body: {
          key: 'notify.care.escalated_body',
          params: { previous: previous ? `${previous} ` : '', minutes, address: t.address },
        },
        link: `/care/targets/${t.id}`,
        entityType: 'care_check',
        entityId: c.id,
      },
    );
    for (const n of next)
      await repo.log(trx, {
        check_id: c.id,
        action: 'escalated',
        user_id: n.userId,
        user_name: n.name,
        note: `${minutes} 分钟未确认，由 ${previous || '—'} 转至 ${n.name}`,
        at: now,
      });
    await this.audit.record(trx, systemContext(), {
      action: 'care.check.escalate',
      entityType: 'care_check',
      entityId: c.id,
      place: this.place(t),
      details: { from: c.responder_user_id, to: next.map((n) => n.userId), matterId: c.matter_id },
    });
    return true;
  }

  // =====================================================================
  // Visits
  // =====================================================================

  async setVisitPlan(ctx: RequestContext, id: number, body: z.infer<typeof S.VisitPlanBody>) {
    const { t } = await this.target(ctx, id, 'manage');
    const visitor = body.visitorUserId ? await this.auth.actorOf(body.visitorUserId) : null;
    if (body.visitorUserId && !visitor) throw invalid('body.visitorUserId', 'care.unknown_user');
    const startsOn = body.startsOn ?? this.today();
    await this.db.transaction().execute(async (trx) => {
      await repo.upsertPlan(trx, {
        updated_at: this.clock.now(),
        target_id: id,
        every_days: body.everyDays,
        visitor_user_id: visitor?.userId ?? null,
        visitor_name: visitor?.displayName ?? null,
        starts_on: startsOn,
        updated_by: ctx.actor!.userId,
      });
      await this.audit.record(trx, ctx, {
        action: 'care.visit_plan.set',
        entityType: 'care_target',
        entityId: id,
        place: this.place(t),
        details: { everyDays: body.everyDays, visitor: visitor?.userId ?? null },
      });
    });
    return this.detail(ctx, id);
  }

  async recordVisit(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.VisitBody>,
  ): Promise<View<typeof S.VisitView>> {
    const { t, actor } = await this.target(ctx, id, 'act');
    const now = this.clock.now();
    const visitedAt = body.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + 60_000) throw invalid('body.visitedAt', 'care.future_time');
    if (body.photos.length) await this.media.assertOwned(actor.userId, body.photos);
    const visit = await this.db.transaction().execute(async (trx) => {
      let v = await repo.insertVisit(trx, {
        created_at: now,
        target_id: id,
        visitor_user_id: actor.userId,
        visitor_name: actor.displayName,
        visited_at: visitedAt,
        method: body.method,
        findings: body.findings,
        photos: body.photos,
        concern: body.concern,
      });
      if (body.concern && t.grid_id !== null) {
        const matter = await this.matters.openFromSystem(trx, {
          categoryCode: VISIT_FINDING_CATEGORY,
          description:
            `走访发现：${t.person_name}（${t.address}）${body.findings || '需要关注'}（走访人 ${actor.displayName}）`.slice(
              0,
              1000,
            ),
          gridId: t.grid_id,
          address: t.address,
          urgency: 'normal',
          source: 'care',
          sourceEntity: { type: 'care_visit', id: String(v.id) },
        });
        await repo.updateVisit(trx, v.id, { matter_id: matter.id });
        v = { ...v, matter_id: matter.id };
      }
      await this.audit.record(trx, ctx, {
        action: 'care.visit.create',
        entityType: 'care_visit',
        entityId: v.id,
        place: this.place(t),
        details: { targetId: id, method: body.method, concern: body.concern, matterId: v.matter_id },
      });
      return v;
    });
    return this.presentVisit(visit);
  }

  private presentVisit(v: repo.VisitRow): View<typeof S.VisitView> {
    return {
      id: v.id,
      targetId: v.target_id,
      visitorUserId: v.visitor_user_id,
      visitorName: v.visitor_name,
      visitedAt: v.visited_at.toISOString(),
      method: v.method,
      findings: v.findings,
      photos: v.photos.map(photoView),
      concern: v.concern,
      matterId: v.matter_id,
    };
  }

  async visits(ctx: RequestContext, id: number, q: { cursor?: string | undefined; limit: number }) {
    await this.target(ctx, id, 'read');
    const rows = await repo.visitsOf(this.db, id, decodeCursor(q.cursor), q.limit);
    return toPage(
      rows,
      q.limit,
      (v) => this.presentVisit(v),
      (v) => ({ sort: null, id: v.id }),
    );
  }

  async overdueVisits(ctx: RequestContext, q: z.infer<typeof S.OverdueQuery>) {
    const scope = requirePermission(ctx.actor, 'care.read');
    const today = this.today();
    const rows = await repo.overdueVisits(
      this.db,
      scope,
      q,
      today,
      this.options.timeZone,
      decodeCursor(q.cursor),
      q.limit,
    );
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    const summaries = await this.summaries(page.items);
    return {
      nextCursor: page.nextCursor,
      items: page.items.map((r, i) => ({
        ...summaries[i]!,
        visitPlan: this.presentPlan({ ...r, target_id: r.id, updated_by: 0, updated_at: new Date(0) })!,
        daysOverdue: Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${r.due_on}T00:00:00Z`)) / 86_400_000),
      })),
    };
  }
}
