import type { TFunction } from 'i18next';
import type { CockpitTile } from '../../shared/types.ts';
import type { ChartOption } from '../components/EChart.tsx';

const SEVERITIES = ['critical', 'major', 'minor', 'warning', 'info'] as const;
type Severity = (typeof SEVERITIES)[number];
const SEVERITY_COLOR: Record<Severity, string> = {
  critical: '#cf1322',
  major: '#fa541c',
  minor: '#faad14',
  warning: '#1677ff',
  info: '#8c8c8c',
};
const isSeverity = (key: string): key is Severity => (SEVERITIES as readonly string[]).includes(key);
const METHODS = ['rise', 'cluster', 'hotspot', 'coincidence'] as const;
const isMethod = (key: string): key is (typeof METHODS)[number] => (METHODS as readonly string[]).includes(key);

/**
 * A point's name on the axis: an alarm's severity or a warning's method in the UI's language
 * (the server sends their codes), a day as MM-DD, else the server's label (a unit's name).
 */
export function seriesLabel(tile: CockpitTile, point: CockpitTile['series'][number], t: TFunction): string {
  if (tile.id === 'alarms.active' && isSeverity(point.key)) return t(`cockpit.severity.${point.key}`);
  if (tile.id === 'warnings.open' && isMethod(point.key)) return t(`cockpit.method.${point.key}`);
  if (tile.seriesKind === 'trend' && /^\d{4}-\d{2}-\d{2}$/.test(point.key)) return point.key.slice(5);
  return point.label;
}

/** Colours and sizes of a chart on the console's white cards, or on the wall's dark screen. */
const LOOKS = {
  card: { text: 'rgba(0,0,0,0.55)', line: '#f0f0f0', accent: '#1f5fbf', bad: '#cf1322', font: 10 },
  wall: { text: '#a9c4ec', line: 'rgba(120,170,255,0.15)', accent: '#3ba7ff', bad: '#ff5b5b', font: 16 },
} as const;

/** The characters a card's axis holds: bars with longer names together go unnamed (their names are in the tooltip). */
const CARD_AXIS_CHARACTERS = 16;

/**
 * A tile's series as a small chart: a line of the last days for a trend, bars for a breakdown.
 * On a card only a short breakdown names its bars (the rest is in the tooltip); the wall names all.
 */
export function tileChartOption(tile: CockpitTile, t: TFunction, look: keyof typeof LOOKS): ChartOption {
  const style = LOOKS[look];
  const wall = look === 'wall';
  const labels = tile.series.map((point) => seriesLabel(tile, point, t));
  const values = tile.series.map((point) => point.value);
  const trend = tile.seriesKind === 'trend';
  const namesFit = labels.reduce((sum, label) => sum + label.length + 1, 0) <= CARD_AXIS_CHARACTERS;
  const showAxis = wall || (!trend && namesFit);
  const bad = tile.id === 'matters.overdue';
  return {
    tooltip: { trigger: trend ? 'axis' : 'item', confine: true },
    grid: wall
      ? { left: 48, right: 16, top: 16, bottom: 36 }
      : { left: 2, right: 2, top: 6, bottom: showAxis ? 18 : 2 },
    xAxis: {
      type: 'category',
      data: labels,
      boundaryGap: !trend,
      axisLine: { show: wall || !trend, lineStyle: { color: style.line } },
      axisTick: { show: false },
      axisLabel: {
        show: showAxis,
        color: style.text,
        fontSize: style.font,
        interval: wall && trend ? 1 : 0,
        width: wall ? 110 : 56,
        overflow: 'truncate',
      },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      show: wall,
      axisLabel: { color: style.text, fontSize: style.font },
      splitLine: { lineStyle: { color: style.line } },
    },
    series: [
      trend
        ? {
            type: 'line',
            data: values,
            symbol: 'circle',
            symbolSize: wall ? 10 : 5,
            showSymbol: wall,
            lineStyle: { width: wall ? 4 : 2, color: style.accent },
            itemStyle: { color: style.accent },
            areaStyle: { color: style.accent, opacity: 0.15 },
          }
        : {
            type: 'bar',
            data: tile.series.map((point) => ({
              value: point.value,
              itemStyle: {
                color:
                  tile.id === 'alarms.active' && isSeverity(point.key)
                    ? SEVERITY_COLOR[point.key]
                    : bad
                      ? style.bad
                      : style.accent,
                borderRadius: [3, 3, 0, 0],
              },
            })),
            barMaxWidth: wall ? 56 : 18,
            ...(wall ? { label: { show: true, position: 'top' as const, color: '#fff', fontSize: 18 } } : {}),
          },
    ],
  };
}
