import type { Kysely } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { systemContext } from '../../platform/context.ts';
import type { AuditService } from '../audit/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { WarningCase } from '../matters/warning-reads.ts';
import type { OrgService } from '../org/service.ts';
import type { Method } from './tables.ts';

/** What a detector found: a warning to raise, or the ongoing one it continues. */
export interface Signal {
  method: Method;
  fingerprint: string;
  communityId: number;
  gridId: number | null;
  categoryId: number | null;
  cells: string[];
  windowFrom: string;
  windowTo: string;
  observed: number;
  expected: number;
  relativeRisk: number | null;
  pValue: number | null;
  recurrenceDays: number | null;
  explanation: Record<string, unknown>;
  summary: string;
  cases: WarningCase[];
  /** Where its matter is routed: a grid, or a point located in one. */
  place: { gridId: number } | { lat: number; lng: number };
}

/** A warning nobody's signal has continued for this many days has ended. */
const ENDS_AFTER_DAYS: Record<Method, number> = { rise: 2, cluster: 7, hotspot: 14, coincidence: 7 };

const METHOD_ZH: Record<Method, string> = {
  rise: '异常上升',
  cluster: '时空聚集',
  hotspot: '新兴热点',
  coincidence: '多源碰撞',
};

const HOTSPOT_ZH: Record<string, string> = {
  new_hot: '新增热点',
  consecutive_hot: '连续热点',
  intensifying_hot: '加剧热点',
};

/**
 * From signals to warnings: a signal continues the open warning with its fingerprint (its
 * matter noted again only when new cases join) or raises a new one, a matter of kind
 * `warning` routed to its unit with the explanation in words; warnings no signal continues end.
 */
export class Signalling {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly matters: MattersService,
  ) {}

  /** The open warnings of a method (a new cluster continues one that shares a cell). */
  openOf(method: Method, db: Executor = this.db) {
    return db
      .selectFrom('warnings.warnings')
      .selectAll()
      .where('method', '=', method)
      .where('status', '=', 'open')
      .execute();
  }

  /** Raises or continues each signal, then ends the method's warnings no signal has continued. */
  async settle(method: Method, signals: Signal[], now: Date) {
    let raised = 0;
    let renotified = 0;
    for (const signal of signals) {
      const outcome = await this.raise(signal, now);
      if (outcome === 'raised') raised++;
      if (outcome === 'renotified') renotified++;
    }
    const quietSince = new Date(now.getTime() - ENDS_AFTER_DAYS[method] * 86_400_000);
    const ended = await this.db
      .updateTable('warnings.warnings')
      .set({ status: 'ended' })
      .where('method', '=', method)
      .where('status', '=', 'open')
      .where('last_at', '<', quietSince)
      .executeTakeFirst();
    return { signals: signals.length, raised, renotified, ended: Number(ended.numUpdatedRows) };
  }

  private async raise(signal: Signal, now: Date): Promise<'raised' | 'continued' | 'renotified'> {
    const summary = await this.describe(signal);
    const caseIds = signal.cases.map((m) => m.id);
    return this.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('warnings.warnings')
        .selectAll()
        .where('fingerprint', '=', signal.fingerprint)
        .where('status', '=', 'open')
        .forUpdate()
        .executeTakeFirst();
      const values = {
        grid_id: signal.gridId,
        category_id: signal.categoryId,
        cells: signal.cells,
        window_to: signal.windowTo,
        observed: signal.observed,
        expected: signal.expected,
        relative_risk: signal.relativeRisk,
        p_value: signal.pValue,
        recurrence_days: signal.recurrenceDays,
        explanation: JSON.stringify({ ...signal.explanation, summary }),
        last_at: now,
      };
      if (existing) {
        const known = new Set(existing.case_ids);
        const joined = signal.cases.filter((m) => !known.has(m.id));
        await trx
          .updateTable('warnings.warnings')
          .set({
            ...values,
            case_ids: [...existing.case_ids, ...joined.map((m) => m.id)],
            notified: existing.notified + (joined.length > 0 ? 1 : 0),
          })
          .where('id', '=', existing.id)
          .execute();
        if (joined.length === 0 || existing.matter_id === null) return 'continued';
        await this.matters.noteFromSystem(
          trx,
          existing.matter_id,
          `预警更新：新增 ${joined.length} 件（${joined.map((m) => m.code).join('、')}）。${summary}`,
          { warningId: existing.id, joined: joined.map((m) => m.id) },
        );
        return 'renotified';
      }
      const row = await trx
        .insertInto('warnings.warnings')
        .values({
          ...values,
          method: signal.method,
          fingerprint: signal.fingerprint,
          community_id: signal.communityId,
          window_from: signal.windowFrom,
          case_ids: caseIds,
          first_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const matter = await this.matters.openFromSystem(trx, {
        categoryCode: `community.warning.${signal.method}`,
        description: summary,
        ...signal.place,
        urgency: 'urgent',
        source: 'warning',
        sourceEntity: { type: 'warning', id: String(row.id) },
      });
      await trx.updateTable('warnings.warnings').set({ matter_id: matter.id }).where('id', '=', row.id).execute();
      await this.audit.record(trx, systemContext(), {
        action: 'warnings.raise',
        entityType: 'warning',
        entityId: row.id,
        place: { divisionId: signal.communityId, gridId: signal.gridId },
        details: { method: signal.method, observed: signal.observed, expected: signal.expected, matterId: matter.id },
      });
      return 'raised';
    });
  }

  /** The explanation in words: what was seen, against what was expected, where and since when. */
  private async describe(s: Signal): Promise<string> {
    const names = await this.org.names({ divisionIds: [s.communityId], gridIds: s.gridId === null ? [] : [s.gridId] });
    const where =
      (s.gridId !== null ? names.grids.get(s.gridId)?.name : undefined) ?? names.divisions.get(s.communityId) ?? '';
    const { byId } = await this.matters.categoryMap();
    const category = s.categoryId !== null ? byId.get(s.categoryId)?.name_zh : undefined;
    const window = s.windowFrom === s.windowTo ? s.windowTo : `${s.windowFrom} 至 ${s.windowTo}`;
    const samples = s.cases
      .slice(-3)
      .map((m) => m.code)
      .join('、');
    const head = `【${METHOD_ZH[s.method]}预警】${where}${category ? `「${category}」` : ''} ${window}`;
    switch (s.method) {
      case 'rise':
        return `${head}：${s.observed} 件，按近 28 天同类日期预期约 ${s.expected} 件（${s.relativeRisk ?? '—'} 倍），累积和统计量 ${s.explanation.statistic} 超过阈值 ${s.explanation.threshold}。例：${samples}`;
      case 'cluster':
        return `${head}：${s.cells.length} 个网格单元内 ${s.observed} 件，预期 ${s.expected} 件（相对风险 ${s.relativeRisk ?? '—'}），p=${s.pValue}，偶然出现约每 ${s.recurrenceDays} 天一次。例：${samples}`;
      case 'hotspot':
        return `${head}：上周 ${s.observed} 件，此前每周约 ${s.expected} 件，热点类型「${HOTSPOT_ZH[String(s.explanation.class)] ?? s.explanation.class}」（Gi* z=${s.explanation.z}）。例：${samples}`;
      case 'coincidence':
        return `${head}：同一楼栋电表箱告警 ${s.explanation.alarms} 次，且附近 ${s.explanation.metres} 米内群众反映 ${s.explanation.complaints} 件。例：${samples}`;
      default:
        return `${head}：${s.observed} 件。`;
    }
  }

  // ----- reads and verdicts -----
}
