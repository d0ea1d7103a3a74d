import { systemContext } from '../../platform/context.ts';
import { localParts } from '../../platform/local-time.ts';
import { livePlace, placeOf } from './access.ts';
import { escalation } from './actions.ts';
import type { MattersDependencies } from './dependencies.ts';
import type { Notices } from './notices.ts';
import * as repo from './repository.ts';
import { bumpCellCounts } from './repository-map.ts';
import { OPEN_STATUSES, REVIEW_DAYS, nextLevel } from './workflow.ts';

/** Deadlines, run by the scheduler: warnings before, escalation after (超时预警, 自动上报), and closing what goes unrated. */
export class Deadlines {
  constructor(
    private readonly deps: MattersDependencies,
    private readonly notices: Notices,
  ) {}

  /** A deadline as the warning gives it: local date and time (2026-11-23 11:00). */
  private localTime(at: Date) {
    const { date, time } = localParts(at, this.deps.timeZone);
    return `${date} ${time}`;
  }

  /**
   * Warns the holder of a matter that has used four fifths of its time; escalates, one
   * level, a matter past its deadline to accept or to resolve; flags department-level
   * matters past their deadline (there is nowhere higher to go).
   */
  async run(now: Date): Promise<{ warned: number; escalated: number; flagged: number }> {
    const { db, audit, jobs, live, notifications, timeZone } = this.deps;
    const counts = { warned: 0, escalated: 0, flagged: 0 };
    const system = systemContext();
    const { byId } = await this.deps.categories.get();
    for (const { id } of await repo.nearingDeadline(db, now, 500)) {
      await db.transaction().execute(async (trx) => {
        const m = await repo.matterForUpdate(trx, id);
        // Taken, resolved or warned by another run since the scan: nothing to do.
        const due = m?.status === 'reported' ? m.accept_due_at : m?.resolve_due_at;
        if (
          !m ||
          m.warned_at !== null ||
          !OPEN_STATUSES.includes(m.status) ||
          m.status === 'resolved' ||
          !due ||
          due <= now
        )
          return;
        await repo.updateMatter(trx, id, { warned_at: now }, now);
        const what = m.status === 'reported' ? '受理' : '办结';
        await repo.insertTimeline(trx, now, [
          {
            matter_id: id,
            actor_user_id: null,
            actor_name: '系统',
            action: 'deadline_warning',
            from_status: null,
            to_status: null,
            note: `即将超过${what}时限，截止 ${this.localTime(due)}`,
            internal: true,
            details: JSON.stringify({ due: due.toISOString() }),
          },
        ]);
        await notifications.notify(trx, await this.notices.holdersOf(m, trx), {
          kind: 'matter.deadline_warning',
          title: {
            key: 'notify.matter.deadline_warning',
            params: {
              code: m.code,
              what: { 'zh-CN': what, en: m.status === 'reported' ? 'acceptance' : 'resolution' },
            },
          },
          body: m.description.slice(0, 80),
          link: `/matters/${m.id}`,
          entityType: 'matter',
          entityId: m.id,
        });
        await audit.record(trx, system, {
          action: 'matters.deadline_warning',
          entityType: 'matter',
          entityId: id,
          place: placeOf(m),
          details: { due: due.toISOString(), phase: m.status === 'reported' ? 'accept' : 'resolve' },
        });
        counts.warned++;
      });
    }
    for (const { id } of await repo.pastDeadline(db, now, 500)) {
      await db.transaction().execute(async (trx) => {
        const m = await repo.matterForUpdate(trx, id);
        if (!m) return;
        const acceptLate =
          ['reported', 'escalated', 'reopened', 'returned'].includes(m.status) &&
          m.accept_due_at !== null &&
          m.accept_due_at < now;
        const resolveLate =
          ['accepted', 'dispatched', 'in_progress'].includes(m.status) &&
          m.resolve_due_at !== null &&
          m.resolve_due_at < now;
        const level = nextLevel(m.level);
        if ((!acceptLate && !resolveLate) || !level) return;
        const category = byId.get(m.category_id)!;
        const department = level === 'department' ? category.department : m.department;
        const updated = await repo.updateMatter(
          trx,
          id,
          {
            ...escalation(m, level, department, category, now, timeZone, { level: m.level, userId: null, name: null }),
            overdue: true,
          },
          now,
        );
        await repo.insertTimeline(trx, now, [
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
        ]);
        await audit.record(trx, system, {
          action: 'matters.escalate',
          entityType: 'matter',
          entityId: id,
          place: placeOf(m),
          details: { from: m.status, to: 'escalated', level, automatic: true },
        });
        await jobs.publish(trx, 'matter.status_changed', {
          matterId: id,
          from: m.status,
          to: 'escalated',
          action: 'escalate',
          kind: m.kind,
          sourceEntityType: m.source_entity_type,
          sourceEntityId: m.source_entity_id,
        });
        await this.notices.announce(trx, updated, 'escalated', m.assignee_user_id !== null ? [m.assignee_user_id] : []);
        counts.escalated++;
      });
    }
    for (const { id } of await repo.departmentOverdue(db, now, 500)) {
      await db.transaction().execute(async (trx) => {
        const locked = await repo.matterForUpdate(trx, id);
        if (
          !locked ||
          locked.overdue ||
          locked.level !== 'department' ||
          !OPEN_STATUSES.includes(locked.status) ||
          locked.status === 'resolved'
        )
          return;
        const m = await repo.updateMatter(trx, id, { overdue: true }, now);
        await repo.insertTimeline(trx, now, [
          {
            matter_id: id,
            actor_user_id: null,
            actor_name: '系统',
            action: 'overdue',
            from_status: null,
            to_status: null,
            note: '部门办理超期',
            internal: true,
            details: '{}',
          },
        ]);
        await audit.record(trx, system, {
          action: 'matters.overdue',
          entityType: 'matter',
          entityId: id,
          place: placeOf(m),
          details: { department: m.department },
        });
        await live.publish(trx, {
          topic: 'matter',
          id,
          ...livePlace(m),
          status: m.status,
          change: 'overdue',
        });
        counts.flagged++;
      });
    }
    return counts;
  }

  /** Closes resolved matters the reporter has not rated within seven days. */
  async autoClose(now: Date): Promise<number> {
    const { db, audit, jobs } = this.deps;
    const cutoff = new Date(now.getTime() - REVIEW_DAYS * 86_400_000);
    let closed = 0;
    for (const { id } of await repo.resolvedBefore(db, cutoff, 1000)) {
      await db.transaction().execute(async (trx) => {
        const m = await repo.matterForUpdate(trx, id);
        if (m?.status !== 'resolved') return;
        const updated = await repo.updateMatter(trx, id, { status: 'closed', closed_at: now }, now);
        await repo.insertTimeline(trx, now, [
          {
            matter_id: id,
            actor_user_id: null,
            actor_name: '系统',
            action: 'auto_close',
            from_status: 'resolved',
            to_status: 'closed',
            note: `${REVIEW_DAYS} 天内未评价，自动结案`,
            internal: false,
            details: '{}',
          },
        ]);
        await bumpCellCounts(trx, m, { open: -1, total: 0 });
        await audit.record(trx, systemContext(), {
          action: 'matters.auto_close',
          entityType: 'matter',
          entityId: id,
          place: placeOf(m),
          details: { from: 'resolved', to: 'closed' },
        });
        await jobs.publish(trx, 'matter.status_changed', {
          matterId: id,
          from: 'resolved',
          to: 'closed',
          action: 'close',
          kind: m.kind,
          sourceEntityType: m.source_entity_type,
          sourceEntityId: m.source_entity_id,
        });
        await this.notices.announce(trx, updated, 'closed');
        closed++;
      });
    }
    return closed;
  }
}
