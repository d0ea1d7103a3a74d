import { useQuery } from '@tanstack/react-query';
import { Empty, Segmented, Select, Skeleton, Space, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metricLabel, type ReadingsView, type RuleView } from '../../shared/iot.ts';
import { devicesQueries } from '../../shared/query/devices.ts';
import { formatDateTime } from '../../shared/time.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';

type Span = 'day' | 'week' | 'month';

/** Each span in buckets the chart can draw at a glance: 288, 168 and 30 points. */
const SPANS: Record<Span, { bucket: '5m' | '1h' | '1d'; ms: number }> = {
  day: { bucket: '5m', ms: 86_400_000 },
  week: { bucket: '1h', ms: 7 * 86_400_000 },
  month: { bucket: '1d', ms: 30 * 86_400_000 },
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
      ) : readings.data.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('iot.readings.empty')} />
      ) : (
        <>
          <EChart
            ariaLabel={t('iot.readings.title')}
            height={220}
            option={chartOption(t, metric!, readings.data, threshold?.value ?? null)}
          />
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

function chartOption(t: TFunction, metric: string, data: ReadingsView, threshold: number | null): ChartOption {
  const times = data.items.map((b) => formatDateTime(b.ts).slice(5, data.bucket === '1d' ? 10 : 16));
  const name = metricLabel(t, metric);
  return {
    tooltip: { trigger: 'axis' },
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: times, boundaryGap: false },
    // The threshold stays in view, so the distance to an alarm can be seen.
    yAxis: {
      type: 'value',
      scale: true,
      max: threshold === null ? undefined : ({ max }: { max: number }) => roundUp(Math.max(max, threshold) * 1.1),
    },
    series: [
      // The band: the lowest value, then the distance up to the highest, stacked and filled.
      {
        type: 'line',
        name: t('iot.readings.min'),
        data: data.items.map((b) => b.min ?? b.value),
        stack: 'band',
        lineStyle: { opacity: 0 },
        symbol: 'none',
      },
      {
        type: 'line',
        name: t('iot.readings.max'),
        data: data.items.map((b) => (b.max ?? b.value) - (b.min ?? b.value)),
        stack: 'band',
        lineStyle: { opacity: 0 },
        areaStyle: { color: 'rgba(31, 95, 191, 0.15)' },
        symbol: 'none',
        tooltip: { show: false },
      },
      {
        type: 'line',
        name,
        data: data.items.map((b) => b.value),
        // A few points are drawn as dots, or a lone one would not show.
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
                label: { formatter: t('iot.readings.threshold', { value: threshold }), position: 'insideEndTop' },
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
