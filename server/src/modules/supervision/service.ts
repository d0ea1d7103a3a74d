import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { requireActor, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import type { Localized } from '../../platform/i18n.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import { localDateTime } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import { DEPARTMENTS } from '../matters/catalogue.ts';
import type { MattersService } from '../matters/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { assertManage, assertRead, canManageAt, orderPlace } from './access.ts';
import { cardsGivenFor } from './assessment-reads.ts';
import { closingCard, openCard, worse } from './cards.ts';
import { presentCardChange, presentOrder, presentReminder } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { Card } from './tables.ts';

export interface SupervisionDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  jobs: Jobs;
  org: OrgService;
  auth: AuthService;
  matters: MattersService;
  notifications: NotificationsService;
  options: {
    timeZone: string;
    /** SUPERVISION_RED_AFTER_HOURS */
    redAfterHours: number;
    /** SUPERVISION_REMIND_MINUTES */
    remindMinutes: number;
  };
}

const CARD_NAMES: Record<Card, Localized> = {
  green: { 'zh-CN': '绿牌', en: 'green' },
  yellow: { 'zh-CN': '黄牌', en: 'yellow' },
  red: { 'zh-CN': '红牌', en: 'red' },
};

/**
 * Supervision (督办/催办): orders with a deadline on a matter or a unit, three-colour cards
 * (cards.ts) kept by a job on the clock and on changes of matters, reminders sent as
 * messages to those answerable, and counts per unit for assessment. Matters are read
 * through the matters service only (matters/supervision-reads.ts).
 */
export class SupervisionService {
  constructor(private readonly deps: SupervisionDeps) {}

  // ----- orders -----

  async create(ctx: RequestContext, body: z.infer<typeof S.CreateOrderBody>) {
    const { db, clock, audit, matters, org } = this.deps;
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'supervision.manage');
    const now = clock.now();
    if (body.deadline <= now) throw invalid('body.deadline', 'supervision.deadline_past');
    const order = await db.transaction().execute(async (trx) => {
      let target: {
        target_kind: 'matter' | 'unit';
        matter_id: number | null;
        matter_code: string | null;
        unit_kind: 'department' | 'community';
        department: string | null;
        unit_division_id: number | null;
        unit_name: string;
        division_id: number;
        grid_id: number | null;
      };
      if (body.matterId !== undefined) {
        const m = await matters.matterFacts(body.matterId, trx);
        if (!m) throw new AppError('not_found');
        assertManage(actor, { divisionId: m.divisionId, gridId: m.gridId });
        if (m.resolved || ['rejected', 'duplicate'].includes(m.status))
          throw new AppError('conflict', {}, [{ key: 'supervision.matter_resolved' }]);
        if (await repo.openOrderOfMatter(trx, m.id))
          throw new AppError('conflict', {}, [{ key: 'supervision.already_open' }]);
        const names = await org.names({ divisionIds: [m.divisionId] }, trx);
        target = {
          target_kind: 'matter',
          matter_id: m.id,
          matter_code: m.code,
          unit_kind: m.department ? 'department' : 'community',
          department: m.department,
          unit_division_id: m.department ? null : m.divisionId,
          unit_name: m.department
            ? (DEPARTMENTS[m.department]?.zh ?? m.department)
            : (names.divisions.get(m.divisionId) ?? ''),
          division_id: m.divisionId,
          grid_id: m.gridId,
        };
      } else {
        const divisionId = body.divisionId!;
        const division = (await org.grantableUnits({ divisionIds: [divisionId] }, trx)).divisions.get(divisionId);
        if (!division) throw invalid('body.divisionId', 'input.unknown_reference');
        assertManage(actor, { divisionId, gridId: null });
        if (body.department !== undefined) {
          if (!Object.hasOwn(DEPARTMENTS, body.department))
            throw invalid('body.department', 'supervision.unknown_department');
          if (division.level !== 'street' && division.level !== 'district')
            throw invalid('body.divisionId', 'supervision.not_area');
          target = {
            target_kind: 'unit',
            matter_id: null,
            matter_code: null,
            unit_kind: 'department',
            department: body.department,
            unit_division_id: null,
            unit_name: `${division.name} ${DEPARTMENTS[body.department]!.zh}`,
            division_id: divisionId,
            grid_id: null,
          };
        } else {
          if (division.level !== 'community') throw invalid('body.divisionId', 'supervision.not_community');
          target = {
            target_kind: 'unit',
            matter_id: null,
            matter_code: null,
            unit_kind: 'community',
            department: null,
            unit_division_id: divisionId,
            unit_name: division.name,
            division_id: divisionId,
            grid_id: null,
          };
        }
        if ((await this.openOverdue(target, trx)) === 0)
          throw new AppError('conflict', {}, [{ key: 'supervision.no_gap' }]);
      }
      let row: repo.OrderRow;
      try {
        row = await repo.insertOrder(trx, {
          ...target,
          listed: body.listed,
          note: body.note,
          deadline_at: body.deadline,
          created_by_user_id: actor.userId,
          created_by_name: actor.displayName,
          created_at: now,
          updated_at: now,
        });
      } catch (error) {
        if (isUniqueViolation(error, 'orders_one_open_matter'))
          throw new AppError('conflict', {}, [{ key: 'supervision.already_open' }]);
        throw error;
      }
      await audit.record(trx, ctx, {
        action: 'supervision.order.create',
        entityType: 'supervision_order',
        entityId: row.id,
        place: orderPlace(row),
        details: {
          matterId: row.matter_id,
          department: row.department,
          unitDivisionId: row.unit_division_id,
          deadline: row.deadline_at.toISOString(),
          listed: row.listed,
        },
      });
      await this.deps.jobs.publish(
        trx,
        'supervision.order_opened',
        {
          orderId: row.id,
          matterId: row.matter_id,
          card: row.card,
          unitKind: row.unit_kind,
          department: row.department,
          unitDivisionId: row.unit_division_id,
          divisionId: row.division_id,
        },
        actor.userId,
      );
      await this.tell(trx, row, {
        kind: 'supervision.order',
        title: {
          key: 'notify.supervision.order',
          params: {
            target: this.targetLabel(row),
            deadline: localDateTime(row.deadline_at, this.deps.options.timeZone),
          },
        },
        body: row.note,
      });
      return row;
    });
    return presentOrder(order, now, true);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.OrderListQuery>) {
    const { db, clock } = this.deps;
    const actor = requireActor(ctx.actor);
    const scope = requirePermission(actor, 'supervision.read');
    const filter: repo.OrderFilter = {
      scope,
      status: q.status,
      card: q.card,
      listed: q.listed,
      targetKind: q.targetKind,
      department: q.department,
      unitDivisionId: q.unitDivisionId,
      q: q.q,
    };
    const rows = await repo.listOrders(db, filter, decodeCursor(q.cursor), q.limit);
    const now = clock.now();
    const page = toPage(
      rows,
      q.limit,
      (o) => presentOrder(o, now, canManageAt(actor, orderPlace(o))),
      (o) => ({ sort: null, id: o.id }),
    );
    return q.withTotal ? { ...page, total: await repo.countOrders(db, filter) } : page;
  }

  async get(ctx: RequestContext, id: number) {
    const { db, clock } = this.deps;
    const order = await repo.orderById(db, id);
    assertRead(ctx.actor, order);
    const [changes, reminders] = await Promise.all([repo.cardChangesOf(db, id), repo.remindersOf(db, id)]);
    return {
      ...presentOrder(order, clock.now(), canManageAt(requireActor(ctx.actor), orderPlace(order))),
      cardChanges: changes.map(presentCardChange),
      reminderLog: reminders.map(presentReminder),
    };
  }

  /** Moves the deadline, changes the note or the listing. A card given stays given. */
  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateOrderBody>) {
    const { db, clock, audit } = this.deps;
    const now = clock.now();
    const order = await db.transaction().execute(async (trx) => {
      const o = await this.openForManage(trx, ctx, id);
      if (body.deadline !== undefined && body.deadline <= now)
        throw invalid('body.deadline', 'supervision.deadline_past');
      const updated = await repo.updateOrder(trx, id, {
        ...(body.deadline !== undefined ? { deadline_at: body.deadline } : {}),
        ...(body.note !== undefined ? { note: body.note } : {}),
        ...(body.listed !== undefined ? { listed: body.listed } : {}),
        updated_at: now,
      });
      await audit.record(trx, ctx, {
        action: 'supervision.order.update',
        entityType: 'supervision_order',
        entityId: id,
        place: orderPlace(o),
        details: {
          ...(body.deadline !== undefined
            ? { deadline: { from: o.deadline_at.toISOString(), to: body.deadline.toISOString() } }
            : {}),
          ...(body.listed !== undefined ? { listed: body.listed } : {}),
          ...(body.note !== undefined ? { note: true } : {}),
        },
      });
      return updated;
    });
    return this.get(ctx, order.id);
  }

  /**
   * The supervisor ends an order by hand. If its gap has closed meanwhile it ends as done
   * would (a red card turns yellow); otherwise its card stays as it is.
   */
  async close(ctx: RequestContext, id: number, body: z.infer<typeof S.CloseOrderBody>) {
    const { db, clock, audit } = this.deps;
    const actor = requireActor(ctx.actor);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const o = await this.openForManage(trx, ctx, id);
      const gapClosed = await this.gapClosed(o, trx);
      const { redAfterHours } = this.deps.options;
      const byClock = openCard(o.card, now, o.deadline_at, redAfterHours);
      const card = gapClosed ? closingCard(byClock, now, o.deadline_at, redAfterHours) : byClock;
      if (byClock !== o.card)
        await this.recordCard(trx, o, o.card, byClock, byClock === 'red' ? 'red_threshold' : 'late', now);
      const closed = await repo.updateOrder(trx, id, {
        status: 'closed',
        card,
        worst_card: worse(o.worst_card, byClock),
        gap_closed_at: gapClosed ? now : null,
        closed_at: now,
        closed_by_user_id: actor.userId,
        closed_by_name: actor.displayName,
        close_note: body.note,
        updated_at: now,
      });
      if (card !== byClock) await this.recordCard(trx, closed, byClock, card, 'gap_closed', now);
      await audit.record(trx, ctx, {
        action: 'supervision.order.close',
        entityType: 'supervision_order',
        entityId: id,
        place: orderPlace(o),
        details: { card, gapClosed, note: body.note },
      });
    });
    return this.get(ctx, id);
  }

  // ----- reminders -----

  /** 催办: a message to those answerable, at most once in SUPERVISION_REMIND_MINUTES. */
  async remind(ctx: RequestContext, id: number, body: z.infer<typeof S.RemindBody>) {
    const { db, clock, audit } = this.deps;
    const actor = requireActor(ctx.actor);
    const now = clock.now();
    const minutes = this.deps.options.remindMinutes;
    const recipients: number[] = [];
    const sent = await db.transaction().execute(async (trx) => {
      const o = await this.openForManage(trx, ctx, id);
      if (o.last_reminded_at && now.getTime() - o.last_reminded_at.getTime() < minutes * 60_000)
        throw new AppError('rate_limited', {}, [{ key: 'supervision.remind_too_soon', params: { minutes } }]);
      const to = await this.answerable(o, trx);
      recipients.push(...to);
      await repo.insertReminder(trx, {
        order_id: id,
        at: now,
        by_user_id: actor.userId,
        by_name: actor.displayName,
        message: body.message,
        recipients: to,
      });
      const updated = await repo.updateOrder(trx, id, {
        reminders: o.reminders + 1,
        last_reminded_at: now,
        updated_at: now,
      });
      await this.deps.notifications.notify(trx, to, {
        kind: 'supervision.reminder',
        title: { key: 'notify.supervision.reminder', params: { target: this.targetLabel(o) } },
        body: body.message,
        link: this.linkOf(o),
        entityType: o.matter_id !== null ? 'matter' : 'supervision_order',
        entityId: o.matter_id ?? o.id,
      });
      await audit.record(trx, ctx, {
        action: 'supervision.order.remind',
        entityType: 'supervision_order',
        entityId: id,
        place: orderPlace(o),
        details: { recipients: to.length, reminders: updated.reminders },
      });
      return updated;
    });
    return { order: presentOrder(sent, now, true), recipients: recipients.length };
  }

  // ----- counts -----

  async counts(ctx: RequestContext, q: z.infer<typeof S.CountsQuery>) {
    const scope = requirePermission(ctx.actor, 'supervision.read');
    const rows = await repo.countsPerUnit(this.deps.db, scope, q.from, q.to);
    return {
      from: q.from.toISOString(),
      to: q.to.toISOString(),
      redAfterHours: this.deps.options.redAfterHours,
      units: rows.map((r) => ({
        unitKind: r.unit_kind,
        department: r.department,
        unitDivisionId: r.unit_division_id,
        unitName:
          r.unit_kind === 'department' && r.department ? (DEPARTMENTS[r.department]?.zh ?? r.unit_name) : r.unit_name,
        orders: Number(r.orders),
        onTime: Number(r.on_time),
        yellow: Number(r.yellow),
        red: Number(r.red),
        open: Number(r.open),
      })),
    };
  }

  /** For assessment (考核): the cards given in [from, to) on orders in the divisions (assessment-reads.ts). */
  cardsGiven(divisionIds: readonly number[], from: Date, to: Date, db: Executor = this.deps.db) {
    return cardsGivenFor(db, divisionIds, from, to);
  }

  // ----- cards: the job and the matter event -----

  /** The job: every open order's card brought up to the clock, and gaps that closed ended. */
  async runCards(now: Date) {
    let after = 0;
    for (;;) {
      const batch = await repo.openOrdersAfter(this.deps.db, after, 200);
      for (const { id } of batch) {
        await this.deps.db.transaction().execute((trx) => this.refresh(trx, id, now));
        after = id;
      }
      if (batch.length < 200) return;
    }
  }

  /** A matter changed: its orders, and the orders on its unit, are looked at again (in the event's transaction). */
  async onMatterStatus(event: DomainEvent<{ matterId: number }>, trx: Executor) {
    const m = await this.deps.matters.matterFacts(event.payload.matterId, trx);
    if (!m) return;
    // The moment to judge by: when the gap closed, if it has — not when the event was made, since
    // an earlier event (an accept) may be handled after the matter is resolved.
    const now = this.deps.clock.now();
    const at = m.resolved && m.resolvedAt && m.resolvedAt < now ? m.resolvedAt : now;
    for (const { id } of await repo.openOrdersTouching(trx, {
      id: m.id,
      divisionId: m.divisionId,
      department: m.department,
    }))
      await this.refresh(trx, id, at);
  }

  /** One order brought up to a moment: its gap closed → done; else its card by the clock. */
  private async refresh(trx: Executor, id: number, now: Date) {
    const { redAfterHours } = this.deps.options;
    const o = await repo.orderForUpdate(trx, id);
    if (o?.status !== 'open') return;
    const byClock = openCard(o.card, now, o.deadline_at, redAfterHours);
    if (await this.gapClosed(o, trx)) {
      // Late past the threshold before anyone looked: the red card is given, then turns yellow.
      if (byClock !== o.card)
        await this.recordCard(trx, o, o.card, byClock, byClock === 'red' ? 'red_threshold' : 'late', now);
      const card = closingCard(byClock, now, o.deadline_at, redAfterHours);
      const done = await repo.updateOrder(trx, id, {
        status: 'done',
        card,
        worst_card: worse(o.worst_card, byClock),
        gap_closed_at: now,
        closed_at: now,
        updated_at: now,
      });
      if (card !== byClock) await this.recordCard(trx, done, byClock, card, 'gap_closed', now);
      await this.deps.audit.record(trx, systemContext(), {
        action: 'supervision.order.done',
        entityType: 'supervision_order',
        entityId: id,
        place: orderPlace(o),
        details: { card, late: card !== 'green' },
      });
      return;
    }
    if (byClock === o.card) return;
    const updated = await repo.updateOrder(trx, id, {
      card: byClock,
      worst_card: worse(o.worst_card, byClock),
      updated_at: now,
    });
    await this.recordCard(trx, updated, o.card, byClock, byClock === 'red' ? 'red_threshold' : 'late', now);
    await this.tell(trx, updated, {
      kind: 'supervision.card',
      title: { key: 'notify.supervision.card', params: { target: this.targetLabel(o), card: CARD_NAMES[byClock] } },
      body: o.note,
    });
  }

  /** A change of card: a history row, an audit record and the domain event. */
  private async recordCard(trx: Executor, o: repo.OrderRow, from: Card, to: Card, reason: string, at: Date) {
    await repo.insertCardChange(trx, { order_id: o.id, at, from_card: from, to_card: to, reason });
    await this.deps.audit.record(trx, systemContext(), {
      action: 'supervision.card_changed',
      entityType: 'supervision_order',
      entityId: o.id,
      place: orderPlace(o),
      details: { from, to, reason },
    });
    await this.deps.jobs.publish(trx, 'supervision.card_changed', {
      orderId: o.id,
      from,
      to,
      reason,
      matterId: o.matter_id,
      unitKind: o.unit_kind,
      department: o.department,
      unitDivisionId: o.unit_division_id,
      divisionId: o.division_id,
    });
  }

  // ----- helpers -----

  private async openForManage(trx: Executor, ctx: RequestContext, id: number) {
    const o = await repo.orderForUpdate(trx, id);
    assertRead(ctx.actor, o);
    assertManage(ctx.actor, orderPlace(o));
    if (o.status !== 'open') throw new AppError('conflict', {}, [{ key: 'supervision.not_open' }]);
    return o;
  }

  /** Is the gap closed: the matter resolved or closed; the unit without open overdue matters. */
  private async gapClosed(o: repo.OrderRow, trx: Executor): Promise<boolean> {
    if (o.target_kind === 'matter') {
      const m = await this.deps.matters.matterFacts(o.matter_id!, trx);
      return !m || m.resolved;
    }
    return (await this.openOverdue(o, trx)) === 0;
  }

  private async openOverdue(
    unit: Pick<repo.OrderRow, 'unit_kind' | 'department' | 'division_id' | 'unit_division_id'>,
    trx: Executor,
  ) {
    if (unit.unit_kind === 'community')
      return this.deps.matters.openOverdueCount({ communityId: unit.unit_division_id! }, trx);
    const area = await this.deps.org.expandDivisions([unit.division_id], trx);
    return this.deps.matters.openOverdueCount(
      { department: unit.department!, divisionIds: area.get(unit.division_id) ?? [unit.division_id] },
      trx,
    );
  }

  /**
   * Who answers for an order: a matter's assignee, else its department's staff or its
   * community's admins; a department's staff over its area; a community's admins.
   */
  private async answerable(o: repo.OrderRow, trx: Executor): Promise<number[]> {
    const { auth, org, matters } = this.deps;
    if (o.target_kind === 'matter') {
      const m = await matters.matterFacts(o.matter_id!, trx);
      if (m?.assigneeUserId) return [m.assigneeUserId];
    }
    if (o.unit_kind === 'department') {
      const { street, district } = await org.ancestorsOf(o.division_id, trx);
      const on = [o.division_id, street, district].filter((d): d is number => d !== null);
      const staff = await auth.usersWithRole(['dept_staff'], { divisionIds: on, department: o.department! }, trx);
      return [...new Set(staff.map((u) => u.userId))];
    }
    const admins = await auth.usersWithRole(['community_admin'], { divisionIds: [o.unit_division_id!] }, trx);
    return [...new Set(admins.map((u) => u.userId))];
  }

  private async tell(
    trx: Executor,
    o: repo.OrderRow,
    n: { kind: string; title: Parameters<NotificationsService['notify']>[2]['title']; body: string },
  ) {
    const to = await this.answerable(o, trx);
    await this.deps.notifications.notify(trx, to, {
      ...n,
      link: this.linkOf(o),
      entityType: o.matter_id !== null ? 'matter' : 'supervision_order',
      entityId: o.matter_id ?? o.id,
    });
  }

  private targetLabel(o: Pick<repo.OrderRow, 'matter_code' | 'unit_name'>): string {
    return o.matter_code ? `${o.matter_code}（${o.unit_name}）` : o.unit_name;
  }

  private linkOf(o: repo.OrderRow) {
    return o.matter_id !== null ? `/matters/${o.matter_id}` : `/supervision/${o.id}`;
  }
}
