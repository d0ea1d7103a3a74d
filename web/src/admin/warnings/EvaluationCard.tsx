import { useQuery } from '@tanstack/react-query';
import { Card, Col, Row, Skeleton, Statistic, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { WARNING_METHODS, warningQueries, type WarningEvaluation } from '../../shared/query/warnings.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';

/**
 * How the area's warnings were judged: raised, judged, the confirmed share (可采纳率, what the
 * thresholds are tuned by) and a small bar chart of the same by kind of warning.
 */
export function EvaluationCard() {
  const { t } = useTranslation();
  const { data, error, refetch, isPending } = useQuery(warningQueries.evaluation());
  return (
    <Card size="small" title={t('warnings.evaluation.title')} data-testid="warnings-evaluation">
      {error && <LoadError error={error} onRetry={() => void refetch()} />}
      {isPending && !error && <Skeleton active paragraph={{ rows: 3 }} />}
      {data && <Figures data={data} />}
    </Card>
  );
}

function Figures({ data }: { data: WarningEvaluation }) {
  const { t } = useTranslation();
  const option = useMemo<ChartOption>(() => {
    const rows = WARNING_METHODS.map(
      (method) => data.byMethod.find((m) => m.method === method) ?? { method, raised: 0, judged: 0, confirmed: 0 },
    );
    const series = (['raised', 'judged', 'confirmed'] as const).map((key, i) => ({
      name: t(key === 'confirmed' ? 'warnings.verdict.confirmed' : `warnings.evaluation.${key}`),
      type: 'bar' as const,
      barMaxWidth: 14,
      color: ['#1f5fbf', '#8c8c8c', '#cf1322'][i],
      data: rows.map((r) => r[key]),
    }));
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, itemWidth: 12, itemHeight: 8, textStyle: { fontSize: 11 } },
      grid: { left: 28, right: 8, top: 26, bottom: 20 },
      xAxis: { type: 'category', data: rows.map((r) => t(`warnings.method.${r.method}`)), axisLabel: { fontSize: 11 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 } },
      series,
    };
  }, [data, t]);
  const rate = data.actionableRate === null ? '—' : `${Math.round(data.actionableRate * 100)}%`;
  return (
    <Row gutter={[24, 12]} align="middle">
      <Col xs={24} md={12} xl={10}>
        <Row gutter={16}>
          <Col span={8}>
            <Statistic title={t('warnings.evaluation.raised')} value={data.raised} data-testid="evaluation-raised" />
          </Col>
          <Col span={8}>
            <Statistic title={t('warnings.evaluation.judged')} value={data.judged} data-testid="evaluation-judged" />
          </Col>
          <Col span={8}>
            <Statistic
              title={t('warnings.evaluation.actionableRate')}
              value={rate}
              valueStyle={{ color: data.actionableRate === null ? undefined : '#cf1322' }}
              data-testid="evaluation-rate"
            />
          </Col>
        </Row>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('warnings.evaluation.breakdown', { confirmed: data.confirmed, known: data.known, false: data.false })}
          {' · '}
          {t('warnings.evaluation.actionableRate')} = {t('warnings.evaluation.actionableHint')}
        </Typography.Text>
      </Col>
      <Col xs={24} md={12} xl={14}>
        {data.raised === 0 ? (
          <Typography.Text type="secondary">{t('warnings.evaluation.noData')}</Typography.Text>
        ) : (
          <EChart option={option} height={150} ariaLabel={t('warnings.evaluation.byMethod')} />
        )}
      </Col>
    </Row>
  );
}
