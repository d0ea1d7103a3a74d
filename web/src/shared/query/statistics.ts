import type { MatterStatisticsApi, MatterStatisticsInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import { mattersKeys } from './matters.ts';

/** GET /api/matters/statistics: figures of a period, by a grouping, with 环比 or 同比. */
export type MatterStatistics = MatterStatisticsApi['StatisticsView'];
export type StatisticsRow = MatterStatisticsApi['StatisticsRow'];
export type Figures = MatterStatisticsApi['Figures'];
export type StatisticsQuery = MatterStatisticsInput['StatisticsQuery'];
export type StatisticsGrouping = NonNullable<StatisticsQuery['groupBy']>;
export type StatisticsCompare = NonNullable<StatisticsQuery['compare']>;
/** The counted measures of GET /api/matters?measure=…, one per count of Figures. */
export type Measure = MatterStatisticsApi['Measure'];

/** The counts of Figures (the rest are rates, a mean and times). */
export type CountFigure = {
  [K in keyof Figures]: Figures[K] extends number ? (K extends `${string}Rate` | 'ratingMean' ? never : K) : never;
}[keyof Figures];

/** The counts of Figures and the measure (list filter) each opens; the order is the table's. */
export const COUNTED: readonly { figure: CountFigure; measure: Measure }[] = [
  { figure: 'received', measure: 'received' },
  { figure: 'accepted', measure: 'accepted' },
  { figure: 'acceptedOnTime', measure: 'accepted_on_time' },
  { figure: 'resolved', measure: 'resolved' },
  { figure: 'resolvedOnTime', measure: 'resolved_on_time' },
  { figure: 'closed', measure: 'closed' },
  { figure: 'overdue', measure: 'overdue' },
  { figure: 'returned', measure: 'returned' },
  { figure: 'extended', measure: 'extended' },
  { figure: 'rated', measure: 'rated' },
  { figure: 'satisfied', measure: 'satisfied' },
  { figure: 'repeat', measure: 'repeat' },
  { figure: 'supervised', measure: 'supervised' },
  { figure: 'supervisedYellow', measure: 'supervised_yellow' },
  { figure: 'supervisedRed', measure: 'supervised_red' },
];

export const MEASURE_FIGURE = Object.fromEntries(COUNTED.map((c) => [c.measure, c.figure])) as Record<
  Measure,
  CountFigure
>;

/**
 * The matter list (/matters in the console) of exactly the matters a count counts: the
 * measure in the row's window, with the row's filters, in the queue of all matters.
 */
export function drillPath(
  measure: Measure,
  at: { measureFrom: string; measureTo: string; drill: Record<string, string> },
): string {
  const params = new URLSearchParams({ queue: 'all', measure, measureFrom: at.measureFrom, measureTo: at.measureTo });
  for (const [name, value] of Object.entries(at.drill)) params.set(name, value);
  return `/matters?${params}`;
}

/** Statistics are read from matters, so a live matter event (which makes mattersKeys.all stale) refreshes them. */
export const statisticsKeys = {
  matters: (query: Query) => [...mattersKeys.all, 'statistics', query] as const,
};

export const statisticsQueries = {
  matters: (query: Query) =>
    queryOptions({
      queryKey: statisticsKeys.matters(query),
      queryFn: ({ signal }) => api.get<MatterStatistics>('/api/matters/statistics', query, signal),
    }),
};
