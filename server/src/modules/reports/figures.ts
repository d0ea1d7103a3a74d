import type { z } from 'zod';
import { unitAdministrator } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { Figures as FiguresSchema } from '../matters/schema-statistics.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediationService } from '../mediation/service.ts';
import type { OrgService } from '../org/service.ts';
import { monthSpan, previousMonth } from './month.ts';
import { HEADLINE_KEYS, HEADLINE_NAMES, type HeadlineKey } from './tables.ts';

export type Figures = z.infer<typeof FiguresSchema>;

export interface Headline {
  key: HeadlineKey;
  label: string;
  /** A count, or a rate 0..1; null when there was nothing to divide by. */
  value: number | null;
  previous: number | null;
  /** As printed: '128', '87.5%', '—'. */
  display: string;
  /** 环比 as printed: '+12.5%' for counts, '+3.2个百分点' for rates, '—' when it cannot be said. */
  change: string;
}

export interface AreaRow {
  id: string;
  label: string;
  figures: Figures;
}

export interface ReportData {
  unit: { id: number; name: string; kind: 'street' | 'district' };
  month: string;
  from: string;
  to: string;
  previousMonth: string;
  total: Figures;
  previous: Figures;
  headline: Headline[];
  /** Every local day of the month. */
  byDay: Array<{ date: string; received: number; resolved: number; overdue: number }>;
  /** Communities of a street, or streets of a district. */
  areaLevel: 'community' | 'street';
  byArea: AreaRow[];
  byCategory: AreaRow[];
  /** By where the matters came from (居民随手拍, 巡查发现, 物联感知 …). */
  bySource: AreaRow[];
  mediation: {
    accepted: number;
    agreed: number;
    failed: number;
    withdrawn: number;
    successRate: number | null;
    overdueOpen: number;
    byCategory: Array<{ label: string; accepted: number; agreed: number; failed: number }>;
  };
  quality: {
    /** Received in the month without a grid (placed outside every grid): they count for no grid worker. */
    withoutGrid: number;
  };
}

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function headlineOf(key: HeadlineKey, total: Figures, previous: Figures): Headline {
  const value = total[key];
  const before = previous[key];
  const isRate = key.endsWith('Rate');
  let change = '—';
  if (value !== null && before !== null) {
    if (isRate) {
      const points = (value - before) * 100;
      change = `${points >= 0 ? '+' : ''}${points.toFixed(1)}个百分点`;
    } else if (before > 0) {
      const ratio = ((value - before) / before) * 100;
      change = `${ratio >= 0 ? '+' : ''}${ratio.toFixed(1)}%`;
    } else if (value === 0) change = '持平';
  }
  return {
    key,
    label: HEADLINE_NAMES[key],
    value,
    previous: before,
    display: isRate ? pct(value) : String(value ?? 0),
    change,
  };
}

export interface FigureSources {
  matters: MattersService;
  mediation: MediationService;
  org: OrgService;
  timeZone: string;
}

/**
 * Every figure of a unit's month, read through the modules' own statistics as the unit's
 * administrator: matters (GET /api/matters/statistics) by day, area, category and source, the
 * month before for 环比, and mediation's case statistics.
 */
export async function collectFigures(
  sources: FigureSources,
  unit: { id: number; name: string; kind: 'street' | 'district' },
  month: string,
): Promise<ReportData> {
  const { matters, mediation, org, timeZone } = sources;
  const below = (await org.expandDivisions([unit.id])).get(unit.id) ?? [unit.id];
  const ctx: RequestContext = {
    // The report's figures are what the unit's own administrator reads in 统计分析, whoever asked.
    actor: unitAdministrator(unit, below, `${unit.name} 月度通报`),
    locale: 'zh-CN',
    ip: null,
    userAgent: 'system',
    requestId: null,
  };
  const span = monthSpan(month, timeZone);
  const before = monthSpan(previousMonth(month), timeZone);
  const query = (groupBy: 'none' | 'day' | 'community' | 'street' | 'category' | 'source' | 'grid', m = span) =>
    matters.statistics(ctx, { from: m.from, to: m.to, groupBy, compare: 'none', areaId: unit.id });
  const areaLevel = unit.kind === 'street' ? 'community' : 'street';
  const [total, previous, byDay, byArea, byCategory, bySource, byGrid] = await Promise.all([
    query('none'),
    query('none', before),
    query('day'),
    query(areaLevel),
    query('category'),
    query('source'),
    query('grid'),
  ]);
  const cases = await mediation.stats(ctx, { from: span.start, to: span.end });
  const rows = (view: typeof byArea): AreaRow[] =>
    view.rows.map((r) => ({ id: r.key, label: r.label, figures: r.figures }));
  const inGrids = byGrid.rows.reduce((n, r) => n + r.figures.received, 0);
  return {
    unit,
    month,
    from: span.from,
    to: span.to,
    previousMonth: previousMonth(month),
    total: total.total,
    previous: previous.total,
    headline: HEADLINE_KEYS.map((key) => headlineOf(key, total.total, previous.total)),
    byDay: byDay.rows.map((r) => ({
      date: r.key,
      received: r.figures.received,
      resolved: r.figures.resolved,
      overdue: r.figures.overdue,
    })),
    areaLevel,
    byArea: rows(byArea),
    byCategory: rows(byCategory),
    bySource: rows(bySource),
    mediation: {
      accepted: cases.accepted,
      agreed: cases.agreed,
      failed: cases.failed,
      withdrawn: cases.withdrawn,
      successRate: cases.successRate,
      overdueOpen: cases.overdueOpen,
      byCategory: cases.byCategory.map((c) => ({
        label: c.name,
        accepted: c.accepted,
        agreed: c.agreed,
        failed: c.failed,
      })),
    },
    quality: {
      withoutGrid: Math.max(0, total.total.received - inGrids),
    },
  };
}
