import type { Executor } from '../../db/connection.ts';
import type { Role } from '../../platform/access.ts';
import { livePlace } from './access.ts';
import { DEPARTMENTS } from './catalogue.ts';
import type { MattersDependencies } from './dependencies.ts';
import * as repo from './repository.ts';
import type { MatterLevel, MatterStatus } from './tables.ts';

type Matter = repo.MatterRow;

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
  returned: { zh: '已退回', en: 'returned' },
};

/** Who hears of a matter and its changes: in-app notices and the live queues. */
export class Notices {
  constructor(private readonly deps: MattersDependencies) {}

  /** Tells followers and handlers of a new or changed matter (not whoever made the change: they know) and pushes it live to all of them. */
  async announce(
    trx: Executor,
    m: Matter,
    change: 'created' | MatterStatus,
    extraUserIds: number[] = [],
    actorId: number | null = null,
    /** The followers where the caller knows them (a matter being filed: its reporter). */
    known?: number[],
  ) {
    const { notifications, live } = this.deps;
    const followers = known ?? (await repo.followersOf(trx, m.id));
    const staff = ['closed', 'rejected', 'duplicate', 'resolved'].includes(m.status)
      ? m.assignee_user_id !== null
        ? [m.assignee_user_id]
        : []
      : await this.holdersOf(m, trx);
    const label = ACTION_LABELS[change];
    const notActor = (u: number) => u !== actorId;
    if (change === 'created') {
      await notifications.notify(trx, staff.filter(notActor), {
        kind: 'matter.new',
        title: { key: 'notify.matter.new', params: { code: m.code } },
        body: m.description.slice(0, 80),
        link: `/matters/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
    } else if (label) {
      const reporterSide = followers.filter((u) => !staff.includes(u) && notActor(u));
      await notifications.notify(trx, reporterSide, {
        kind: `matter.${change}`,
        title: { key: 'notify.matter.followed', params: { code: m.code, change: { 'zh-CN': label.zh, en: label.en } } },
        body: m.description.slice(0, 80),
        link: `/matters/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
      const handlers = [...new Set([...staff, ...extraUserIds])].filter((u) => u !== m.reporter_user_id && notActor(u));
      if (handlers.length) {
        // A department's staff are told the matter is now with their department, by its name.
        const department =
          change === 'escalated' && m.level === 'department' ? DEPARTMENTS[m.department ?? ''] : undefined;
        await notifications.notify(trx, handlers, {
          kind: `matter.${change}`,
          title: department
            ? {
                key: 'notify.matter.to_department',
                params: { code: m.code, department: { 'zh-CN': department.zh, en: department.en } },
              }
            : {
                key: 'notify.matter.changed',
                params: { code: m.code, change: { 'zh-CN': label.zh, en: label.en } },
              },
          body: m.description.slice(0, 80),
          link: `/matters/${m.id}`,
          entityType: 'matter',
          entityId: m.id,
        });
      }
    }
    await live.publish(trx, {
      topic: 'matter',
      id: m.id,
      ...livePlace(m),
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
  async holdersOf(m: Matter, trx: Executor): Promise<number[]> {
    const { auth, org } = this.deps;
    if (m.assignee_user_id !== null) return [m.assignee_user_id];
    const on =
      m.level === 'grid'
        ? { gridIds: m.grid_id !== null ? [m.grid_id] : [] }
        : m.level === 'community'
          ? { divisionIds: [m.division_id] }
          : await this.levelTargets(m, trx);
    const atLevel = await auth.usersWithRole(LEVEL_ROLES[m.level], on, trx);
    if (atLevel.length > 0) return atLevel.map((u) => u.userId);
    const { street } = await org.ancestorsOf(m.division_id, trx);
    const fallback = [
      ...(await auth.usersWithRole(['community_admin'], { divisionIds: [m.division_id] }, trx)),
      ...(street !== null ? await auth.usersWithRole(['street_admin'], { divisionIds: [street] }, trx) : []),
    ];
    return [...new Set(fallback.map((u) => u.userId))];
  }

  private async levelTargets(m: Matter, db: Executor): Promise<{ divisionIds?: number[]; department?: string }> {
    const { street, district } = await this.deps.org.ancestorsOf(m.division_id, db);
    if (m.level === 'street') return { divisionIds: street !== null ? [street] : [] };
    return {
      divisionIds: [street, district].filter((d): d is number => d !== null),
      department: m.department ?? undefined,
    };
  }
}
