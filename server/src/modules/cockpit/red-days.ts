import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { unitAdministrator } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/context.ts';
import { addDays, localParts } from '../../platform/local-time.ts';
import type { OrgService } from '../org/service.ts';
import type { SupervisionService } from '../supervision/service.ts';
import type { CockpitService } from './service.ts';

/** The words of an indicator in a supervision order (督办事项). */
const INDICATOR_ZH: Record<string, string> = {
  'matters.onTimeRate': '本月按期办结率',
  'matters.satisfactionRate': '本月满意率',
  'matters.overdue': '本月超期事项',
  'alarms.active': '未处置告警',
  'care.checksMissed': '今日关爱签到未完成',
};

const shown = (unit: string, value: number | null) =>
  value === null ? '—' : unit === 'rate' ? `${(value * 100).toFixed(1)}%` : String(value);

/**
 * The cockpit's accountability loop (三色预警督考): each night every community's indicators are
 * measured as its own administrator would see them and their red/amber/green kept; the night
 * an indicator has been red COCKPIT_RED_DAYS days in a row, a supervision order (督办) is
 * opened on the community. A longer run opens nothing more: the order is already running.
 */
export class RedDays {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly org: OrgService,
    private readonly cockpit: CockpitService,
    private readonly supervision: SupervisionService,
    private readonly options: { timeZone: string; redDays: number; orderDays: number },
  ) {}

  async recordDay(now = this.clock.now()) {
    const day = localParts(now, this.options.timeZone).date;
    const communities = await this.org.divisionsAtLevels(['community']);
    let opened = 0;
    for (const community of communities) {
      const ctx: RequestContext = {
        actor: unitAdministrator(community, [community.id], `${community.name} 驾驶舱`),
        locale: 'zh-CN',
        ip: null,
        userAgent: 'system',
        requestId: null,
      };
      const view = await this.cockpit.load(ctx, {});
      const rated = view.tiles.filter((t) => t.rag !== null);
      if (rated.length === 0) continue;
      await this.db
        .insertInto('cockpit.rag_days')
        .values(rated.map((t) => ({ unit_id: community.id, indicator: t.id, day, rag: t.rag!, value: t.value })))
        .onConflict((oc) =>
          oc.columns(['unit_id', 'indicator', 'day']).doUpdateSet((eb) => ({
            rag: eb.ref('excluded.rag'),
            value: eb.ref('excluded.value'),
          })),
        )
        .execute();
      for (const tile of rated) {
        if (tile.rag !== 'red' || !(await this.runReachesToday(community.id, tile.id, day))) continue;
        const order = await this.supervision
          .create(ctx, {
            divisionId: community.id,
            deadline: new Date(now.getTime() + this.options.orderDays * 86_400_000),
            note: `驾驶舱指标「${INDICATOR_ZH[tile.id] ?? tile.id}」连续 ${this.options.redDays} 天红灯（当前 ${shown(tile.unit, tile.value)}${tile.target === null ? '' : `，目标 ${shown(tile.unit, tile.target)}`}），请限期整改`,
            listed: false,
          })
          // Supervision takes a unit only over an open gap (overdue matters now) or with an order
          // already running on it: then there is nothing more to open.
          .catch((error: unknown) => {
            if (error instanceof AppError && error.code === 'conflict') return null;
            throw error;
          });
        if (order === null) continue;
        await this.db
          .updateTable('cockpit.rag_days')
          .set({ supervision_order_id: order.id })
          .where('unit_id', '=', community.id)
          .where('indicator', '=', tile.id)
          .where('day', '=', day)
          .execute();
        opened++;
      }
    }
    return { communities: communities.length, opened };
  }

  /**
   * Red on each of the last redDays days up to today, and not on the day before them; and no
   * order opened for it yet today (the job may run twice in a day).
   */
  private async runReachesToday(unitId: number, indicator: string, today: string) {
    const { redDays } = this.options;
    const first = addDays(today, -redDays);
    const rows = await this.db
      .selectFrom('cockpit.rag_days')
      .select(['day', 'rag', 'supervision_order_id'])
      .where('unit_id', '=', unitId)
      .where('indicator', '=', indicator)
      .where('day', '>=', first)
      .where('day', '<=', today)
      .execute();
    if (rows.some((r) => r.day === today && r.supervision_order_id !== null)) return false;
    const red = new Set(rows.filter((r) => r.rag === 'red').map((r) => r.day));
    for (let i = 0; i < redDays; i++) if (!red.has(addDays(today, -i))) return false;
    return !red.has(first);
  }
}
