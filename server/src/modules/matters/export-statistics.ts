import type { z } from 'zod';
import { exportSource, type ExportColumn } from '../exports/source.ts';
import type { Locale } from '../../platform/i18n.ts';
import { StatisticsQuery, type Figures } from './schema-statistics.ts';
import type { MattersService } from './service.ts';

type FigureValues = z.infer<typeof Figures>;

/** One line of the statistics table: a group, the total, or the period compared with. */
interface StatisticsLine {
  label: string;
  figures: FigureValues;
}

const COUNTS: [keyof FigureValues, Record<Locale, string>][] = [
  ['received', { 'zh-CN': '受理量', en: 'Received' }],
  ['accepted', { 'zh-CN': '已受理', en: 'Accepted' }],
  ['acceptedOnTime', { 'zh-CN': '按期受理', en: 'Accepted on time' }],
  ['resolved', { 'zh-CN': '办结量', en: 'Resolved' }],
  ['resolvedOnTime', { 'zh-CN': '按期办结', en: 'Resolved on time' }],
  ['closed', { 'zh-CN': '结案', en: 'Closed' }],
  ['overdue', { 'zh-CN': '超期', en: 'Overdue' }],
  ['returned', { 'zh-CN': '退单', en: 'Returned' }],
  ['extended', { 'zh-CN': '延期', en: 'Extended' }],
  ['rated', { 'zh-CN': '评价', en: 'Rated' }],
  ['satisfied', { 'zh-CN': '满意', en: 'Satisfied' }],
  ['repeat', { 'zh-CN': '重复诉求', en: 'Repeat requests' }],
  ['supervised', { 'zh-CN': '督办', en: 'Supervised' }],
  ['supervisedYellow', { 'zh-CN': '黄牌督办', en: 'Yellow card' }],
  ['supervisedRed', { 'zh-CN': '红牌督办', en: 'Red card' }],
  ['followedUp', { 'zh-CN': '已回访', en: 'Followed up' }],
  ['followUpSatisfied', { 'zh-CN': '回访满意', en: 'Follow-up satisfied' }],
];
const RATES: [keyof FigureValues, Record<Locale, string>][] = [
  ['resolutionRate', { 'zh-CN': '办结率(%)', en: 'Resolution rate (%)' }],
  ['onTimeRate', { 'zh-CN': '按期办结率(%)', en: 'On-time rate (%)' }],
  ['satisfactionRate', { 'zh-CN': '满意率(%)', en: 'Satisfaction rate (%)' }],
  ['followUpSatisfactionRate', { 'zh-CN': '回访满意率(%)', en: 'Follow-up satisfaction rate (%)' }],
];
const DURATIONS: [keyof FigureValues, Record<Locale, string>][] = [
  ['acceptMedianMinutes', { 'zh-CN': '受理用时中位(小时)', en: 'Time to accept, median (h)' }],
  ['acceptP90Minutes', { 'zh-CN': '受理用时P90(小时)', en: 'Time to accept, P90 (h)' }],
  ['resolveMedianMinutes', { 'zh-CN': '办结用时中位(小时)', en: 'Time to resolve, median (h)' }],
  ['resolveP90Minutes', { 'zh-CN': '办结用时P90(小时)', en: 'Time to resolve, P90 (h)' }],
];

/** The columns as the console's table shows them: counts, rates in percent, times in hours. */
export const STATISTICS_EXPORT_COLUMNS: ExportColumn<StatisticsLine>[] = [
  { key: 'group', header: { 'zh-CN': '分组', en: 'Group' }, width: 20, value: (line) => line.label },
  ...COUNTS.map(([figure, header]) => ({
    key: figure,
    header,
    width: 10,
    value: (line: StatisticsLine) => line.figures[figure] as number,
  })),
  ...RATES.map(([figure, header]) => ({
    key: figure,
    header,
    width: 12,
    value: (line: StatisticsLine) => {
      const rate = line.figures[figure];
      return rate === null ? null : Math.round(rate * 1000) / 10; // percent, one decimal
    },
  })),
  {
    key: 'ratingMean',
    header: { 'zh-CN': '平均评分', en: 'Mean rating' },
    width: 10,
    value: (line) => (line.figures.ratingMean === null ? null : Math.round(line.figures.ratingMean * 100) / 100),
  },
  ...DURATIONS.map(([figure, header]) => ({
    key: figure,
    header,
    width: 16,
    value: (line: StatisticsLine) => {
      const minutes = line.figures[figure];
      return minutes === null ? null : Math.round(minutes / 6) / 10; // hours, one decimal
    },
  })),
];

const TOTAL: Record<Locale, string> = { 'zh-CN': '合计', en: 'Total' };
const COMPARED: Record<'previous' | 'year', Record<Locale, string>> = {
  previous: { 'zh-CN': '上期(环比)', en: 'Previous period' },
  year: { 'zh-CN': '去年同期(同比)', en: 'Same period last year' },
};

/**
 * The statistics table (GET /api/matters/statistics) as an export: its rows, the total, and the
 * period compared with when asked, with the same query, reach and figures as the page.
 */
export function matterStatisticsExportSource(matters: MattersService) {
  return exportSource({
    kind: 'matter-statistics',
    title: { 'zh-CN': '事项统计', en: 'Matter statistics' },
    filters: StatisticsQuery,
    page: async (ctx, query, paging) => {
      const view = await matters.statistics(ctx, query);
      const lines: StatisticsLine[] = [...view.rows, { label: TOTAL[ctx.locale], figures: view.total }];
      if (view.previous && query.compare !== 'none') {
        lines.push({
          label: `${COMPARED[query.compare][ctx.locale]} ${view.previous.from} – ${view.previous.to}`,
          figures: view.previous.figures,
        });
      }
      // The table is computed whole; the export's paging walks it by position.
      const offset = paging.cursor ? Number(paging.cursor) : 0;
      const end = offset + paging.limit;
      return {
        items: lines.slice(offset, end),
        nextCursor: end < lines.length ? String(end) : null,
        total: lines.length,
      };
    },
    columns: STATISTICS_EXPORT_COLUMNS,
  });
}
