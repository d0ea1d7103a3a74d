import { ThunderboltOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { mattersKeys } from '../../shared/query/matters.ts';
import {
  WARNING_METHODS,
  WARNING_STATUSES,
  WARNING_VERDICTS,
  warningCalls,
  warningKeys,
  warningQueries,
  type WarningRun,
} from '../../shared/query/warnings.ts';
import { can, useMe } from '../../shared/session.tsx';
import type { MeView } from '../../shared/types.ts';
import { formatDateTime } from '../../shared/time.ts';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useAreaDrill } from '../org/AreaDrill.tsx';
import { EvaluationCard } from './EvaluationCard.tsx';
import { MethodTag, VerdictTag, figure, placeOf, significanceOf } from './labels.tsx';
import { WarningDrawer } from './WarningDrawer.tsx';
import './warnings.css';

const FILTERS = ['method', 'status', 'verdict', 'communityId', 'warning'] as const;
const VERDICT_FILTERS = ['none', ...WARNING_VERDICTS] as const;
/** The roles whose grant over a division lets them run the detectors now (a grid worker's reach is too small). */
const RUNNERS: readonly MeView['roles'][number]['role'][] = ['community_admin', 'street_admin', 'district_admin'];
const RUN_ORDER = ['rise', 'coincidence', 'cluster', 'hotspot'] as const satisfies readonly (keyof WarningRun)[];

/**
 * 预警研判: the warnings the detectors raised in my area, newest first, with filters kept in the
 * URL; a row opens the warning with its explanation, its cases and the verdict buttons. Above,
 * how the warnings were judged (可采纳率); administrators of a division can run the detectors now.
 */
export default function WarningsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const areaDrill = useAreaDrill();
  const shownId = numberParam(filters.warning);
  const query = {
    method: oneOf(filters.method, WARNING_METHODS),
    status: oneOf(filters.status, WARNING_STATUSES),
    verdict: oneOf(filters.verdict, VERDICT_FILTERS),
    communityId: numberParam(filters.communityId),
    areaId: areaDrill.areaId,
  };
  const mayRun = can(me, 'warnings.judge') && me.roles.some((r) => r.divisionId !== null && RUNNERS.includes(r.role));

  return (
    <>
      <PageHeader title={t('warnings.title')} description={t('warnings.subtitle')} extra={mayRun && <RunButton />} />
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <EvaluationCard />
        <Card>
          {areaDrill.banner}
          <Space wrap style={{ marginBottom: 12 }}>
            <Select
              allowClear
              placeholder={t('warnings.filters.method')}
              aria-label={t('warnings.filters.method')}
              style={{ width: 130 }}
              value={query.method}
              onChange={(v) => setFilters({ method: v })}
              options={WARNING_METHODS.map((m) => ({ value: m, label: t(`warnings.method.${m}`) }))}
              data-testid="method-filter"
            />
            <Select
              allowClear
              placeholder={t('warnings.filters.status')}
              aria-label={t('warnings.filters.status')}
              style={{ width: 110 }}
              value={query.status}
              onChange={(v) => setFilters({ status: v })}
              options={WARNING_STATUSES.map((s) => ({ value: s, label: t(`warnings.status.${s}`) }))}
            />
            <Select
              allowClear
              placeholder={t('warnings.filters.verdict')}
              aria-label={t('warnings.filters.verdict')}
              style={{ width: 120 }}
              value={query.verdict}
              onChange={(v) => setFilters({ verdict: v })}
              options={VERDICT_FILTERS.map((v) => ({ value: v, label: t(`warnings.verdict.${v}`) }))}
              data-testid="verdict-filter"
            />
            <CommunitySelect allowClear value={query.communityId} onChange={(v) => setFilters({ communityId: v })} />
          </Space>
          <CursorTable
            rowKey="id"
            pageQuery={(page) => warningQueries.list({ ...query, ...page })}
            scroll={{ x: 1100 }}
            size="middle"
            className="gz-warnings-table"
            data-testid="warnings-table"
            onRow={(w) => ({ onClick: () => setFilters({ warning: w.id }) })}
            rowClassName={(w) => (w.id === shownId ? 'gz-warnings-row-shown' : '')}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('warnings.empty')} /> }}
            columns={[
              {
                title: t('warnings.columns.method'),
                key: 'method',
                width: 100,
                render: (_, w) => (
                  <Space size={4} direction="vertical">
                    <MethodTag method={w.method} />
                    <Typography.Text type={w.status === 'open' ? undefined : 'secondary'} style={{ fontSize: 12 }}>
                      {t(`warnings.status.${w.status}`)}
                    </Typography.Text>
                  </Space>
                ),
              },
              { title: t('warnings.columns.place'), key: 'place', width: 180, render: (_, w) => placeOf(t, w) },
              {
                title: t('warnings.columns.category'),
                key: 'category',
                width: 110,
                ellipsis: true,
                render: (_, w) => w.category?.name ?? <Typography.Text type="secondary">—</Typography.Text>,
              },
              {
                title: t('warnings.columns.window'),
                key: 'window',
                width: 120,
                render: (_, w) =>
                  w.windowFrom === w.windowTo ? (
                    w.windowTo
                  ) : (
                    <Space size={0} direction="vertical">
                      <span>{w.windowFrom} ~</span>
                      <span>{w.windowTo}</span>
                    </Space>
                  ),
              },
              {
                title: t('warnings.columns.observed'),
                key: 'observed',
                width: 110,
                render: (_, w) => (
                  <Space size={0} direction="vertical">
                    <span data-testid="warning-observed">
                      <Typography.Text strong>{w.observed}</Typography.Text> / {figure(w.expected)}
                    </span>
                    {w.relativeRisk !== null && (
                      <Typography.Text type="danger" style={{ fontSize: 12 }}>
                        {t('warnings.relativeRisk', { rr: figure(w.relativeRisk, 1) })}
                      </Typography.Text>
                    )}
                  </Space>
                ),
              },
              {
                title: t('warnings.columns.significance'),
                key: 'significance',
                width: 120,
                render: (_, w) => significanceOf(t, w) ?? <Typography.Text type="secondary">—</Typography.Text>,
              },
              { title: t('warnings.columns.cases'), dataIndex: 'caseCount', width: 70, align: 'right' },
              { title: t('warnings.columns.notified'), dataIndex: 'notified', width: 80, align: 'right' },
              {
                title: t('warnings.columns.time'),
                key: 'time',
                width: 140,
                render: (_, w) => (
                  <Space size={0} direction="vertical" style={{ fontSize: 12 }}>
                    <span>{formatDateTime(w.firstAt).slice(0, 16)}</span>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {formatDateTime(w.lastAt).slice(0, 16)}
                    </Typography.Text>
                  </Space>
                ),
              },
              {
                title: t('warnings.columns.verdict'),
                key: 'verdict',
                width: 90,
                fixed: 'right',
                render: (_, w) => <VerdictTag verdict={w.verdict} testId={`verdict-${w.id}`} />,
              },
            ]}
          />
        </Card>
      </Space>
      {shownId !== undefined && <WarningDrawer id={shownId} onClose={() => setFilters({ warning: undefined })} />}
    </>
  );
}

/** 立即研判: runs the detectors now and tells what they found; a refusal shows the server's reason. */
function RunButton() {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const run = useMutation({
    mutationFn: warningCalls.run,
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: warningKeys.all });
      void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
      modal.success({
        title: t('warnings.run.title'),
        content: <RunResult result={result} />,
      });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <Space>
      {run.isPending && <Typography.Text type="secondary">{t('warnings.run.running')}</Typography.Text>}
      <Button
        type="primary"
        icon={<ThunderboltOutlined />}
        loading={run.isPending}
        onClick={() => run.mutate()}
        data-testid="warnings-run"
      >
        {t('warnings.run.button')}
      </Button>
    </Space>
  );
}

function RunResult({ result }: { result: WarningRun }) {
  const { t } = useTranslation();
  return (
    <Space direction="vertical" size={4} data-testid="warnings-run-result">
      {RUN_ORDER.map((method) => (
        <span key={method}>
          {t('warnings.run.row', { method: t(`warnings.method.${method}`), ...result[method] })}
          {result[method].raised > 0 && (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              +{result[method].raised}
            </Tag>
          )}
        </span>
      ))}
    </Space>
  );
}
