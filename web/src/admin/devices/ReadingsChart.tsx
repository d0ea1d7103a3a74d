import { useQuery } from '@tanstack/react-query';
import { Empty, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metricLabel, metricName, metricUnit, type ReadingsView, type RuleView } from '../../shared/iot.ts';
import { devicesQueries } from '../../shared/query/devices.ts';
import { formatDateTime } from '../../shared/time.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';

type Span = 'day' | 'week' | 'month';

/** Each span in buckets the chart can draw at a glance: 288, 168 and 30 points. */
const SPANS: Record<Span, { bucket: '5m' | '1h' | '1d'; ms: number; width: number }> = {
  day: { bucket: '5m', ms: 86_400_000, width: 300_000 },
  week: { bucket: '1h', ms: 7 * 86_400_000, width: 3_600_000 },
  month: { bucket: '1d', ms: 30 * 86_400_000, width: 86_400_000 },
};

/**
 * 读数曲线: one metric of a device over the last day, week or month — the average of each
 * bucket as a line, its lowest and highest as a band, and the alarm threshold where a rule sets one.
 */
export function ReadingsChart({
  deviceId,
  metrics,
  rules,
}: {
  deviceId: number;
  metrics: string[];
  rules: RuleView[];
}) {
  const { t } = useTranslation();
  const [span, setSpan] = useState<Span>('day');
  const [chosen, setChosen] = useState<string>();
  const metric = chosen ?? metrics[0];
  // The range ends at the next minute when asked, so a chart opened now includes the latest reading.
  const range = useMemo(() => {
    const to = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
    return { from: new Date(to.getTime() - SPANS[span].ms).toISOString(), to: to.toISOString() };
  }, [span]);
  const readings = useQuery({
    ...devicesQueries.readings(deviceId, { metric, bucket: SPANS[span].bucket, ...range }),
    enabled: Boolean(metric),
  });
  const threshold = rules.find((r) => r.kind === 'threshold' && r.metric === metric && r.value !== null);
  const thresholdValue = threshold?.value ?? null;
  // Drawn again only when what it shows changes, not on every render of the drawer.
  const option = useMemo(
    () =>
      metric && readings.data ? chartOption(t, metric, readings.data, range, SPANS[span].width, thresholdValue) : null,
    [t, metric, readings.data, range, span, thresholdValue],
  );

  if (metrics.length === 0)
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('iot.devices.noLatest')} />;
  return (
    <div data-testid="readings-chart">
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented<Span>
          size="small"
          value={span}
          onChange={setSpan}
          options={(['day', 'week', 'month'] as const).map((s) => ({ value: s, label: t(`iot.readings.spans.${s}`) }))}
        />
        {metrics.length > 1 && (
          <Select
            size="small"
            value={metric}
            onChange={setChosen}
            options={metrics.map((m) => ({ value: m, label: metricLabel(t, m) }))}
            style={{ minWidth: 140 }}
            aria-label={t('iot.readings.metric')}
          />
        )}
      </Space>
      {readings.error ? (
        <LoadError error={readings.error} onRetry={() => void readings.refetch()} />
      ) : !readings.data ? (
        <Skeleton active paragraph={{ rows: 4 }} />
      ) : readings.data.items.length === 0 || !option ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('iot.readings.empty')} />
      ) : (
        <>
          <EChart ariaLabel={t('iot.readings.title')} height={220} option={option} />
          <Typography.Text type="secondary" className="gz-small">
            {t('iot.readings.note', {
              count: readings.data.items.reduce((n, b) => n + (b.count ?? 1), 0),
              from: formatDateTime(range.from).slice(0, 16),
            })}
          </Typography.Text>
        </>
      )}
    </div>
  );
}

type Bucket = ReadingsView['items'][number];

/**
 * The buckets with a break (null) wherever readings stop for much longer than the device's usual
 * spacing, so a day without readings shows as a gap rather than a straight line across it,
 * while a device that reports every two hours still draws one line.
 */
function withGaps(items: Bucket[], width: number): Array<Bucket | null> {
  if (items.length < 2) return items;
  const at = items.map((b) => Date.parse(b.ts));
  const steps = at.slice(1).map((t, i) => t - at[i]!);
  const usual = [...steps].sort((a, b) => a - b)[Math.floor(steps.length / 2)]!;
  const gap = Math.max(3 * usual, 2 * width);
  const rows: Array<Bucket | null> = [items[0]!];
  for (let i = 1; i < items.length; i++) {
    if (steps[i - 1]! > gap) rows.push(null);
    rows.push(items[i]!);
  }
  return rows;
}

function chartOption(
  t: TFunction,
  metric: string,
  data: ReadingsView,
  range: { from: string; to: string },
  width: number,
  threshold: number | null,
): ChartOption {
  const rows = withGaps(data.items, width);
  // A break sits halfway between the buckets either side of it.
  const xs = rows.map((b, i) =>
    b ? Date.parse(b.ts) : (Date.parse(rows[i - 1]!.ts) + Date.parse(rows[i + 1]!.ts)) / 2,
  );
  const series = (value: (b: Bucket) => number) => rows.map((b, i) => [xs[i]!, b ? value(b) : null]);
  const name = metricName(t, metric);
  const unit = metricUnit(t, metric);
  const withUnit = (value: number) => `${Math.round(value * 1000) / 1000}${unit ? ` ${unit}` : ''}`;
  const day = data.bucket === '1d';
  return {
    tooltip: {
      trigger: 'axis',
      // One line per bucket: its start, average, lowest to highest, and how many readings.
      formatter: (params) => {
        const first = Array.isArray(params) ? params[0] : params;
        const b = first ? rows[first.dataIndex] : null;
        if (!b) return '';
        return [
          formatDateTime(b.ts).slice(0, day ? 10 : 16),
          `${name} ${t('iot.readings.avg')} <b>${withUnit(b.value)}</b>`,
          `${t('iot.readings.min')} ${withUnit(b.min ?? b.value)} · ${t('iot.readings.max')} ${withUnit(b.max ?? b.value)}`,
          t('iot.readings.count', { count: b.count ?? 1 }),
        ].join('<br/>');
      },
    },
    grid: { left: 56, right: 24, top: 28, bottom: 28 },
    // The whole range, so a device that has just started reporting shows how little there is.
    xAxis: {
      type: 'time',
      min: Date.parse(range.from),
      max: Date.parse(range.to),
      axisLabel: {
        hideOverlap: true,
        formatter: (value: number) =>
          formatDateTime(new Date(value).toISOString()).slice(
            data.bucket === '5m' ? 11 : 5,
            data.bucket === '5m' ? 16 : 10,
          ),
      },
    },
    yAxis: {
      type: 'value',
      scale: true,
      name: unit || undefined,
      nameTextStyle: { align: 'right' },
      max: threshold === null ? undefined : ({ max }: { max: number }) => roundUp(Math.max(max, threshold) * 1.1),
    },
    series: [
      // The band: the lowest value, then the distance up to the highest, stacked and filled.
      {
        type: 'line',
        name: t('iot.readings.min'),
        data: series((b) => b.min ?? b.value),
        stack: 'band',
        lineStyle: { opacity: 0 },
        symbol: 'none',
      },
      {
        type: 'line',
        name: t('iot.readings.max'),
        data: series((b) => (b.max ?? b.value) - (b.min ?? b.value)),
        stack: 'band',
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(31, 95, 191, 0.15)' },
        symbol: 'none',
      },
      {
        type: 'line',
        name,
        data: series((b) => b.value),
        connectNulls: false,
        // A few points are drawn as dots, or a lone one between gaps would not show.
        symbol: data.items.length <= 48 ? 'circle' : 'none',
        showSymbol: true,
        symbolSize: 6,
        lineStyle: { width: 2, color: '#1f5fbf' },
        itemStyle: { color: '#1f5fbf' },
        markLine:
          threshold === null
            ? undefined
            : {
                symbol: 'none',
                lineStyle: { color: '#cf1322', type: 'dashed' },
                label: {
                  formatter: t('iot.readings.threshold', { value: withUnit(threshold) }),
                  position: 'insideEndTop',
                },
                data: [{ yAxis: threshold }],
              },
      },
    ],
  };
}

/** Up to two significant digits, so the axis ends on a number people read (0.11, not 0.11000000000000001). */
function roundUp(value: number): number {
  if (value <= 0) return value;
  const step = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Number((Math.ceil(value / step) * step).toPrecision(2));
}
