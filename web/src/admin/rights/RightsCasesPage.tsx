import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Button,
  Card,
  Descriptions,
  Drawer,
  Input,
  InputNumber,
  Select,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { rightsActions, rightsKeys, rightsQueries } from '../../shared/query/rights.ts';
import {
  fenToYuan,
  RIGHTS_KINDS,
  RIGHTS_ROUTES,
  ROUTE_COLORS,
  type RightsCaseDetail,
  type RightsKind,
  type RightsRoute,
  type RightsStatus,
} from '../../shared/rights.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useAreaDrill } from '../org/AreaDrill.tsx';

const STATUSES = ['routed', 'resolved', 'closed'] as const satisfies readonly RightsStatus[];

/** One case for staff: its deadlines with their rules, route and steps; reveal (audited), route again, resolve. */
function CaseDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useQuery(rightsQueries.case(id));
  const [revealed, setRevealed] = useState<{
    workerName: string;
    workerPhone: string;
    workerIdNumber: string | null;
  }>();
  const [nextRoute, setNextRoute] = useState<RightsRoute>();
  const [recovered, setRecovered] = useState<number | null>(null);
  const [note, setNote] = useState('');
  const done = async (c: RightsCaseDetail) => {
    queryClient.setQueryData(rightsKeys.case(id), c);
    await queryClient.invalidateQueries({ queryKey: rightsKeys.all });
  };
  const onError = (error: unknown) => void message.error(errorMessage(error));
  const reveal = useMutation({ mutationFn: () => rightsActions.reveal(id), onSuccess: setRevealed, onError });
  const route = useMutation({
    mutationFn: () => rightsActions.route(id, { route: nextRoute!, note }),
    onSuccess: done,
    onError,
  });
  const resolve = useMutation({
    mutationFn: () => rightsActions.resolve(id, { recoveredFen: Math.round((recovered ?? 0) * 100), note }),
    onSuccess: done,
    onError,
  });
  const c = detail.data;
  return (
    <Drawer open width={640} onClose={onClose} title={c ? `${t('rights.admin.detail')} ${c.code}` : ''}>
      {c && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('rights.admin.kind')}>
              {c.kind.label} · {c.problem && t(`rights.problems.${c.problem as 'other'}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('rights.admin.worker')}>
              <Space wrap>
                {revealed
                  ? `${revealed.workerName} ${revealed.workerPhone} ${revealed.workerIdNumber ?? ''}`
                  : `${c.workerName} ${c.workerPhone}`}
                {c.allowed.reveal && !revealed && (
                  <Button
                    size="small"
                    onClick={() => reveal.mutate()}
                    loading={reveal.isPending}
                    data-testid="rights-reveal"
                  >
                    {t('rights.admin.reveal')}
                  </Button>
                )}
                {revealed && <Typography.Text type="secondary">{t('rights.admin.revealed')}</Typography.Text>}
              </Space>
            </Descriptions.Item>
            <Descriptions.Item label={t('rights.admin.employer')}>{c.employerName || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('rights.admin.summary')}>{c.summary}</Descriptions.Item>
            <Descriptions.Item label={t('rights.admin.claim')}>{fenToYuan(c.claimFen)}</Descriptions.Item>
            <Descriptions.Item label={t('rights.admin.route')}>
              <Tag color={ROUTE_COLORS[c.route.code]}>{c.route.label}</Tag>
              {c.routeRef.mediationCaseId && (
                <Link to={`/mediation/cases/${c.routeRef.mediationCaseId}`}>
                  {t('rights.admin.mediationLink')} {c.routeRef.mediationCaseCode}
                </Link>
              )}
              {c.routeRef.startsAt && `${c.routeRef.dutyName} ${formatDateTime(c.routeRef.startsAt).slice(0, 16)}`}
            </Descriptions.Item>
            {c.meansTestWaived && (
              <Descriptions.Item label={t('rights.meansTest')}>{c.assessment.meansTestRule}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('rights.admin.status')}>
              {c.status.label}
              {c.recoveredFen > 0 && ` · ${t('rights.recovered', { amount: fenToYuan(c.recoveredFen) })}`}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Title level={5}>{t('rights.admin.deadlines')}</Typography.Title>
          {c.assessment.deadlines.map((d) => (
            <Card
              key={d.code}
              size="small"
              title={d.title}
              extra={<strong>{d.lastDay ?? t('rights.notRunning')}</strong>}
            >
              <div>{d.reasoning}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('rights.rule')}：{d.rule}
              </Typography.Text>
            </Card>
          ))}
          {c.assessment.finalAward && (
            <Card size="small" title={t('rights.finalAward')}>
              <div>{c.assessment.finalAward.reasoning}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('rights.rule')}：{c.assessment.finalAward.rule}
              </Typography.Text>
            </Card>
          )}
          <Typography.Title level={5}>{t('rights.admin.steps')}</Typography.Title>
          <Timeline
            items={c.steps.map((s) => ({
              children: `${formatDateTime(s.at).slice(0, 16)} ${s.actorName} ${t(`rights.actions.${s.action as 'open'}`)}${s.route ? ` → ${t(`rights.routes.${s.route}`)}` : ''} ${s.note}`,
            }))}
          />
          {(c.allowed.route || c.allowed.resolve) && (
            <Card size="small">
              <Space direction="vertical" style={{ width: '100%' }}>
                <Input.TextArea
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                  placeholder={t('rights.admin.note')}
                  rows={2}
                  maxLength={500}
                />
                <Space wrap>
                  <Select
                    style={{ width: 200 }}
                    value={nextRoute}
                    onChange={setNextRoute}
                    placeholder={t('rights.admin.routeAgain')}
                    options={c.assessment.routes
                      .filter((r) => r.code !== c.route.code && r.code !== 'booking')
                      .map((r) => ({ value: r.code, label: r.label }))}
                  />
                  <Button disabled={!nextRoute} loading={route.isPending} onClick={() => route.mutate()}>
                    {t('rights.admin.routeAgain')}
                  </Button>
                </Space>
                <Space wrap>
                  <InputNumber
                    min={0}
                    precision={2}
                    value={recovered}
                    onChange={setRecovered}
                    placeholder={t('rights.admin.recoveredYuan')}
                    style={{ width: 200 }}
                  />
                  <Button
                    type="primary"
                    disabled={note.trim().length < 2}
                    loading={resolve.isPending}
                    onClick={() => resolve.mutate()}
                  >
                    {t('rights.admin.resolve')}
                  </Button>
                </Space>
              </Space>
            </Card>
          )}
        </Space>
      )}
    </Drawer>
  );
}

/** 维权案件: the staff queue of the area — search, filters, pages; workers' numbers masked. */
export default function RightsCasesPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<RightsStatus>();
  const [kind, setKind] = useState<RightsKind>();
  const [route, setRoute] = useState<RightsRoute>();
  const [open, setOpen] = useState<number>();
  const { areaId, banner } = useAreaDrill();
  const listQuery = { q: q || undefined, status, kind, route, areaId };

  return (
    <div className="gz-page">
      <PageHeader title={t('rights.admin.title')} description={t('rights.intro')} />
      <Card>
        {banner}
        <Space wrap style={{ marginBottom: 16 }}>
          <Input.Search allowClear placeholder={t('rights.admin.search')} onSearch={setQ} style={{ width: 240 }} />
          <Select
            allowClear
            value={status}
            onChange={setStatus}
            placeholder={t('rights.admin.status')}
            style={{ width: 140 }}
            options={STATUSES.map((s) => ({ value: s, label: t(`rights.statuses.${s}`) }))}
            aria-label={t('rights.admin.status')}
          />
          <Select
            allowClear
            value={kind}
            onChange={setKind}
            placeholder={t('rights.admin.kind')}
            style={{ width: 160 }}
            options={RIGHTS_KINDS.map((k) => ({ value: k, label: t(`rights.kinds.${k}`) }))}
            aria-label={t('rights.admin.kind')}
          />
          <Select
            allowClear
            value={route}
            onChange={setRoute}
            placeholder={t('rights.admin.route')}
            style={{ width: 180 }}
            options={RIGHTS_ROUTES.map((r) => ({ value: r, label: t(`rights.routes.${r}`) }))}
            aria-label={t('rights.admin.route')}
          />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => rightsQueries.cases({ ...listQuery, ...page })}
          scroll={{ x: 1000 }}
          onRow={(c) =>
            ({
              onClick: () => setOpen(c.id),
              style: { cursor: 'pointer' },
              'data-testid': `rights-row-${c.code}`,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('rights.admin.code'),
              dataIndex: 'code',
              width: 190,
              render: (code: string, c) => (
                <div>
                  <span className="gz-mono">{code}</span>
                  <div className="gz-muted gz-small">{formatDateTime(c.createdAt).slice(0, 16)}</div>
                </div>
              ),
            },
            {
              title: t('rights.admin.kind'),
              key: 'kind',
              width: 220,
              render: (_v, c) => (
                <div>
                  <strong>{c.kind.label}</strong>
                  <Typography.Text type="secondary" ellipsis={{ tooltip: c.summary }} style={{ display: 'block' }}>
                    {c.summary}
                  </Typography.Text>
                </div>
              ),
            },
            {
              title: t('rights.admin.worker'),
              key: 'worker',
              width: 140,
              render: (_v, c) => `${c.workerName} ${c.workerPhone}`,
            },
            { title: t('rights.admin.employer'), dataIndex: 'employerName', width: 140, ellipsis: true },
            {
              title: t('rights.admin.claim'),
              dataIndex: 'claimFen',
              width: 110,
              align: 'right',
              render: (fen: number) => (fen ? fenToYuan(fen) : '—'),
            },
            {
              title: t('rights.admin.earliest'),
              dataIndex: 'earliestDeadline',
              width: 120,
              render: (d: string | null) => d ?? '—',
            },
            {
              title: t('rights.admin.route'),
              key: 'route',
              width: 150,
              render: (_v, c) => <Tag color={ROUTE_COLORS[c.route.code]}>{c.route.label}</Tag>,
            },
            { title: t('rights.admin.status'), key: 'status', width: 110, render: (_v, c) => c.status.label },
          ]}
        />
      </Card>
      {open !== undefined && <CaseDrawer id={open} onClose={() => setOpen(undefined)} />}
    </div>
  );
}
