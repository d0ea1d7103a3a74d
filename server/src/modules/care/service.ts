import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { type AreaFilter, covers, requireActor, requirePermission, type OrgPlace } from '../../platform/access.ts';
import { type Clock, createdNow } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { DeviceEventPayload } from '../../platform/device-events.ts';
import { AppError, invalid, isUniqueViolation, type ErrorDetail } from '../../platform/errors.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { DevicesService } from '../devices/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { CareChecks } from './checks.ts';
import { CareVisits } from './visits.ts';
import { openNoMovementCheck, type NoMovement } from './no-movement.ts';

import { CHECK_NAMES, presentCheck, presentHelper, presentPlan } from './presenters.ts';
import { accessTo, targetFor } from './access.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { CheckKind } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export { VISIT_FINDING_CATEGORY } from './visits.ts';

/** Matters catalogue codes (modules/matters/catalogue.ts). */
export const MISSED_CHECK_CATEGORY = 'community.care.missed_check';
/** The responder position of the grid-worker stage, after the helpers. */
export const GRID_STAGE = 99;
/** Matter states that mean someone has taken it up. */
export const TAKEN = ['accepted', 'in_progress', 'resolved', 'closed'];

const conflict = (key: ErrorDetail['key']) => new AppError('conflict', {}, [{ key }]);
const hhmm = (time: string) => time.slice(0, 5);

/**
 * Care (关爱) for people living alone, disabled or seriously ill: their helpers in an
 * order of escalation, the daily check (窗帘之约) from sensors or a helper's word, a
 * care matter when a check is missed — escalated helper by helper, then to the grid,
 * every 30 minutes without an acknowledgement — and visit plans with their records.
 */
export class CareService {
  private readonly checks: CareChecks;
  private readonly visitsOf: CareVisits;
  private readonly noMovementDeps: Parameters<typeof openNoMovementCheck>[0];

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    _jobs: Jobs,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    media: MediaService,
    notifications: NotificationsService,
    matters: MattersService,
    private readonly devices: DevicesService,
    private readonly options: { timeZone: string; escalateAfterMinutes: number },
  ) {
    this.checks = new CareChecks(db, clock, audit, auth, notifications, matters, options);
    this.visitsOf = new CareVisits({ db, clock, audit, auth, media, matters, options });
    this.noMovementDeps = { clock, audit, matters, notifications, timeZone: options.timeZone };
  }

  private today() {
    return localParts(this.clock.now(), this.options.timeZone).date;
  }

  private place(t: { community_id: number; grid_id: number | null }): OrgPlace {
    return { divisionId: t.community_id, gridId: t.grid_id };
  }

  /** 404 if missing or out of reach; 403 if seen but not to be changed this way (access.ts). */
  private target(ctx: RequestContext, id: number, need: 'read' | 'act' | 'manage', db: Executor = this.db) {
    return targetFor(db, ctx, id, need);
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
      helpers: helpers.map((h) => presentHelper(h)),
      rules: rules.map((r) => ({
        id: r.id,
        kind: r.kind,
        kindName: ctx.locale === 'en' ? CHECK_NAMES[r.kind].en : CHECK_NAMES[r.kind].zh,
        windowFrom: hhmm(r.window_from),
        dueTime: hhmm(r.due_time),
        active: r.active,
      })),
      today: checks.map((c) => presentCheck(c, ctx.locale, this.options.timeZone)),
      visitPlan: presentPlan(plans[0] as never, this.options.timeZone, this.today()),
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
    return (await accessTo(ctx.actor, t, this.db)).read;
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

  /** The communities under an area filter (areaId), or none to filter by. */
  private async communitiesOf(areaId: number | undefined) {
    return areaId === undefined ? undefined : this.org.divisionsUnder(areaId);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.TargetListQuery>) {
    const scope = requirePermission(ctx.actor, 'care.read');
    const filter = { ...q, communityIds: await this.communitiesOf(q.areaId) };
    const rows = await repo.listTargets(this.db, scope, filter, decodeCursor(q.cursor), q.limit);
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
    const filter = { ...q, communityIds: await this.communitiesOf(q.areaId), active: true };
    const rows = await repo.listTargets(this.db, scope, filter, decodeCursor(q.cursor), q.limit);
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
        helpers: helpers.filter((h) => h.target_id === s.id).map((h) => presentHelper(h)),
        checks: checks
          .filter((c) => c.target_id === s.id)
          .map((c) => presentCheck(c, ctx.locale, this.options.timeZone)),
      })),
    };
  }

  /**
   * The cockpit's care figures for the caller's area: people under care, and today's checks
   * done, missed and still to come (the minute job makes the day's checks; a read writes nothing).
   */
  async todayCounts(ctx: RequestContext, area: AreaFilter) {
    const scope = requirePermission(ctx.actor, 'care.read');
    const day = this.today();
    return { day, ...(await repo.countTargetsAndChecks(this.db, scope, area, day)) };
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
        checks: checks
          .filter((c) => c.target_id === s.id)
          .map((c) => presentCheck(c, ctx.locale, this.options.timeZone)),
        visitPlan: presentPlan(plans.find((p) => p.target_id === s.id) as never, this.options.timeZone, this.today()),
      })),
      alerts: alerts.map((a) => ({
        ...presentCheck(a, ctx.locale, this.options.timeZone),
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
      await this.checks.satisfy(trx, c, {
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
      ...presentCheck(c, ctx.locale, this.options.timeZone),
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

  /** A device event that may satisfy a check (the devices module's event subscriber). */
  onDeviceEvent(event: DomainEvent<DeviceEventPayload>, trx: Executor): Promise<'done' | 'ignored'> {
    return this.checks.onDeviceEvent(event, trx);
  }

  /**
   * An elder living alone not seen at any gate for days (the access module, once per absence):
   * a care matter for their first helper, or the grid's worker. Answers the matter's id.
   */
  openNoMovementCheck(trx: Executor, p: NoMovement): Promise<number | null> {
    return openNoMovementCheck(this.noMovementDeps, trx, p);
  }

  /** A care matter moved (taken up, resolved): its check follows. */
  onMatterStatus(...args: Parameters<CareChecks['onMatterStatus']>) {
    return this.checks.onMatterStatus(...args);
  }

  /** The minute job: checks missed by now, and missed ones left unacknowledged too long. */
  runChecks(now: Date): Promise<{ missed: number; escalated: number }> {
    return this.checks.runChecks(now);
  }

  resetDayMemo() {
    this.checks.resetDayMemo();
  }

  // =====================================================================
  // Visits (visits.ts)
  // =====================================================================

  async setVisitPlan(ctx: RequestContext, id: number, body: z.infer<typeof S.VisitPlanBody>) {
    await this.visitsOf.setPlan(ctx, id, body);
    return this.detail(ctx, id);
  }

  recordVisit(ctx: RequestContext, id: number, body: z.infer<typeof S.VisitBody>): Promise<View<typeof S.VisitView>> {
    return this.visitsOf.record(ctx, id, body);
  }

  visits(ctx: RequestContext, id: number, q: { cursor?: string | undefined; limit: number }) {
    return this.visitsOf.list(ctx, id, q);
  }

  async overdueVisits(ctx: RequestContext, q: z.infer<typeof S.OverdueQuery>) {
    return this.visitsOf.overdue(ctx, q, (rows) => this.summaries(rows), await this.communitiesOf(q.areaId));
  }
}
