import dayjs from 'dayjs';
import type { Figures } from '../../shared/query/statistics.ts';

/** The period presets of 统计分析; custom takes its days from the address. */
export const PRESETS = ['week', 'month', 'lastMonth', 'quarter', 'year', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];

/** A preset's first and last local day (YYYY-MM-DD), whole periods, for the local date `today`. */
export function presetRange(preset: Exclude<Preset, 'custom'>, today: string): { from: string; to: string } {
  const d = dayjs(today);
  const span = (start: dayjs.Dayjs, months: number) => ({
    from: start.format('YYYY-MM-DD'),
    to: start.add(months, 'month').subtract(1, 'day').format('YYYY-MM-DD'),
  });
  switch (preset) {
    case 'week': {
      const monday = d.subtract((d.day() + 6) % 7, 'day');
      return { from: monday.format('YYYY-MM-DD'), to: monday.add(6, 'day').format('YYYY-MM-DD') };
    }
    case 'month':
      return span(d.startOf('month'), 1);
    case 'lastMonth':
      return span(d.startOf('month').subtract(1, 'month'), 1);
    case 'quarter':
      return span(d.startOf('month').month(Math.floor(d.month() / 3) * 3), 3);
    case 'year':
      return span(d.startOf('year'), 12);
  }
}

/** The period grouping a trend of the range reads best by: days for a month, weeks for a quarter, else months. */
export function trendGrouping(from: string, to: string): 'day' | 'week' | 'month' {
  const days = dayjs(to).diff(dayjs(from), 'day') + 1;
  return days <= 45 ? 'day' : days <= 120 ? 'week' : 'month';
}

export const percent = (rate: number | null | undefined): string =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;

/** Minutes as hours with one decimal, two under an hour (null when nothing was timed). */
export const hours = (minutes: number | null | undefined): string | null =>
  minutes === null || minutes === undefined ? null : (minutes / 60).toFixed(minutes < 60 ? 2 : 1);

/** Figures where a rise is bad news (shown red when up). */
const WORSE_WHEN_UP: ReadonlySet<keyof Figures> = new Set([
  'overdue',
  'returned',
  'extended',
  'repeat',
  'supervised',
  'supervisedYellow',
  'supervisedRed',
  'acceptMedianMinutes',
  'acceptP90Minutes',
  'resolveMedianMinutes',
  'resolveP90Minutes',
]);

export interface Change {
  direction: 'up' | 'down' | 'flat';
  /** "12.5%" for counts and times (relative), "3.1" percentage points for rates; null when there is nothing to compare. */
  amount: string | null;
  good: boolean | null;
  /** The amount is in percentage points (a rate) rather than a relative change. */
  points: boolean;
}

/** How a figure moved against the period compared with (环比 or 同比). */
export function change(figure: keyof Figures, now: number | null, before: number | null): Change {
  const points = figure.endsWith('Rate');
  if (now === null || before === null) return { direction: 'flat', amount: null, good: null, points };
  const diff = now - before;
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'flat';
  const good = direction === 'flat' ? null : (direction === 'up') !== WORSE_WHEN_UP.has(figure);
  if (points) return { direction, amount: (Math.abs(diff) * 100).toFixed(1), good, points };
  if (before === 0) return { direction, amount: diff === 0 ? '0%' : null, good, points };
  return { direction, amount: `${((Math.abs(diff) / before) * 100).toFixed(1)}%`, good, points };
}

/** Whether any count of the figures is above zero. */
export function anyCounted(f: Figures | undefined): boolean {
  return !!f && (f.received > 0 || f.resolved > 0 || f.accepted > 0 || f.overdue > 0 || f.closed > 0);
}
