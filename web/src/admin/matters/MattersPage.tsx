import { EnvironmentOutlined, PlusOutlined, WifiOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useQueries, useQueryClient } from '@tanstack/react-query';
import { useRef, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { useCategories } from '../../shared/categories.ts';
import { useLive } from '../../shared/live.tsx';
import { mattersKeys, mattersQueries } from '../../shared/query/matters.ts';
import { departmentName } from '../../shared/labels.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime, zonedWallClockToIso } from '../../shared/time.ts';
import type { MatterQueue } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { MatterDrawer } from '../matters/MatterDrawer.tsx';
import {
  matterFiltersFromParams,
  MatterFilters,
  writeMatterFilters,
  type MatterFilterValues,
} from '../matters/MatterFilters.tsx';
import { Deadline, LevelTag, StatusTag, UrgencyTag } from '../matters/MatterTags.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { clearDrill, DrillBanner, drillFromParams } from '../statistics/drill.tsx';
import { FollowUpsQueue } from './FollowUpsQueue.tsx';
import { mattersQueues, queueLabel, worksForDepartmentOnly } from './queues.ts';

/** The tab of the satisfaction follow-ups (待回访), beside the matter queues. */
const FOLLOW_UPS = 'follow-ups';

/** How long a row that just arrived or changed stays highlighted. */
const HIGHLIGHT_MS = 6000;

function filterQuery(filters: MatterFilterValues) {
  return {
    status: filters.status,
    categoryId: filters.categoryId,
    kind: filters.kind,
    communityId: filters.communityId,
    gridId: filters.gridId,
    q: filters.q,
    // Whole days in the place's time zone.
    from: filters.from ? zonedWallClockToIso(dayjs(`${filters.from}T00:00:00`)) : undefined,
    to: filters.to ? zonedWallClockToIso(dayjs(`${filters.to}T23:59:59`)) : undefined,
  };
}

/** 事项办理: the work queues, soonest deadline first, kept live by the event stream. */
/**
 * The part of an address that tells places apart inside one street: 打铁关小区1幢 rather than
 * 杭州市拱墅区文晖街道…, whose head every row shares (the whole address is in the tooltip).
 */
export function addressWithinStreet(address: string): string {
  return address.replace(/^.*?(街道|镇|乡)/, '') || address;
}

export default function MattersPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { index } = useOrgTree();
  const queryClient = useQueryClient();
  const categories = useCategories();
  const [params, setParams] = useSearchParams();
  const requested = params.get('queue');
  const queues = mattersQueues(me.roles, can(me, 'matters.handle'));
  // 待回访: the follow-ups of closed matters are an area's work, not a department's.
  const withFollowUps = !worksForDepartmentOnly(me.roles);
  const followUps = withFollowUps && requested === FOLLOW_UPS;
  // The queue is in the address, so a count elsewhere opens the list it counts; a queue one does not work opens the usual one.
  const queue: MatterQueue = (queues.tabs as readonly string[]).includes(requested ?? '')
    ? (requested as MatterQueue)
    : queues.initial;
  const filters = matterFiltersFromParams(params);
  // A count of 统计分析 opens the list of what it counts (measure, window, area, source, department).
  const drill = drillFromParams(params);
  const openId = Number(params.get('open')) || null;
  const [highlight, setHighlight] = useState<Map<number, 'new' | 'changed'>>(new Map());
  const loadedAt = useRef(Date.now());
  const now = useNow(30_000);
  // The queues' counts for the tabs; live matter events make them stale (LiveInvalidation).
  const counts = useQueries({
    queries: queues.tabs.map((q) => mattersQueries.list({ queue: q, limit: 1, withTotal: 'true' })),
    combine: (results) => new Map(queues.tabs.map((q, i) => [q, results[i]?.data?.total] as const)),
  });

  // Rows that just arrived or changed are marked for a while; the list itself refetches by invalidation.
  useLive('matter', (event) => {
    setHighlight((h) => new Map(h).set(event.id, event.change === 'created' ? 'new' : 'changed'));
    setTimeout(
      () =>
        setHighlight((h) => {
          const next = new Map(h);
          next.delete(event.id);
          return next;
        }),
      HIGHLIGHT_MS,
    );
  });

  const setQueue = (next: string) => {
    const p = new URLSearchParams(params);
    p.set('queue', next);
    setParams(p);
  };
  const setFilters = (values: MatterFilterValues) => {
    const p = new URLSearchParams(params);
    writeMatterFilters(p, values);
    setParams(p);
  };
  const setOpen = (id: number | null) => {
    const p = new URLSearchParams(params);
    if (id === null) p.delete('open');
    else p.set('open', String(id));
    setParams(p, { replace: id === null });
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={t('nav.mattersQueue')}
        description={t('matters.subtitle')}
        extra={
          <Space>
            <Tooltip title={t('matters.workflow')}>
              <Tag icon={<WifiOutlined />} color="success" className="gz-live-tag">
                {t('matters.live')}
              </Tag>
            </Tooltip>
            <Link to="/matters/map">
              <Button icon={<EnvironmentOutlined />}>{t('nav.mattersMap')}</Button>
            </Link>
            {!followUps && <ExportButton kind="matters" filters={{ queue, ...filterQuery(filters), ...drill }} />}
            {can(me, 'matters.handle') && (
              <Link to="/matters/new">
                <Button type="primary" icon={<PlusOutlined />}>
                  {t('nav.matterNew')}
                </Button>
              </Link>
            )}
          </Space>
        }
      />
      <Card className="gz-queue-card">
        <Tabs
          activeKey={followUps ? FOLLOW_UPS : queue}
          onChange={setQueue}
          items={[
            ...queues.tabs.map((q) => ({
              key: q,
              label: (
                <span data-testid={`queue-${q}`}>
                  {queueLabel(t, q, me.roles)}
                  <Badge
                    count={counts.get(q) ?? 0}
                    overflowCount={999}
                    showZero={false}
                    className="gz-queue-badge"
                    color={q === 'overdue' ? '#cf1322' : q === 'all' ? '#bfbfbf' : '#1f5fbf'}
                  />
                </span>
              ),
            })),
            ...(withFollowUps
              ? [{ key: FOLLOW_UPS, label: <span data-testid="queue-follow-ups">{t('followUps.admin.tab')}</span> }]
              : []),
          ]}
        />
        {followUps ? (
          <FollowUpsQueue canCall={can(me, 'matters.handle')} />
        ) : (
          <>
            <DrillBanner
              drill={drill}
              params={params}
              index={index}
              categories={categories.data ?? []}
              onClear={() => {
                const p = new URLSearchParams(params);
                clearDrill(p);
                setParams(p);
              }}
            />
            <MatterFilters index={index} categories={categories.data ?? []} values={filters} onChange={setFilters} />
            <CursorTable
              rowKey="id"
              pageQuery={(page) =>
                mattersQueries.list({ queue, ...filterQuery(filters), ...drill, withTotal: 'true', ...page })
              }
              onPage={() => (loadedAt.current = Date.now())}
              scroll={{ x: 1000 }}
              size="middle"
              rowClassName={(m) => {
                const mark = highlight.get(m.id);
                return ['gz-matter-row', mark ? `gz-row-${mark}` : '', m.overdue ? 'gz-row-overdue' : ''].join(' ');
              }}
              onRow={(m) =>
                ({ onClick: () => setOpen(m.id), 'data-testid': `matter-row-${m.code}` }) as HTMLAttributes<HTMLElement>
              }
              locale={{
                emptyText:
                  queue === 'mine'
                    ? t('matters.emptyMine')
                    : queue === 'department'
                      ? t('matters.emptyDepartment')
                      : t('matters.empty'),
              }}
              columns={[
                {
                  title: t('matters.columns.code'),
                  dataIndex: 'code',
                  width: 176,
                  fixed: 'left',
                  render: (code: string, m) => (
                    <div className="gz-two-lines">
                      {/* A real link: reachable by keyboard, and a modified click opens the full page. */}
                      <Link
                        to={`/matters/${m.id}`}
                        className="gz-mono gz-matter-code-link"
                        onClick={(e) => {
                          if (e.metaKey || e.ctrlKey || e.shiftKey) e.stopPropagation();
                          else e.preventDefault(); // the row opens the drawer
                        }}
                      >
                        {code}
                      </Link>
                      <div className="gz-muted gz-small gz-mono">{formatDateTime(m.createdAt).slice(0, 16)}</div>
                    </div>
                  ),
                },
                {
                  title: `${t('matters.columns.category')} / ${t('matters.columns.description')}`,
                  key: 'what',
                  width: 200,
                  render: (_v, m) => (
                    <div className="gz-two-lines gz-matter-what">
                      <Space size={4}>
                        <strong>{m.category.name}</strong>
                        <UrgencyTag urgency={m.urgency} />
                      </Space>
                      <Typography.Text
                        type="secondary"
                        ellipsis={{ tooltip: m.description }}
                        className="gz-matter-what-text"
                      >
                        {m.description}
                      </Typography.Text>
                    </div>
                  ),
                },
                {
                  title: t('matters.columns.address'),
                  dataIndex: 'address',
                  width: 170,
                  ellipsis: { showTitle: false },
                  render: (a: string) =>
                    a ? (
                      <Typography.Text ellipsis={{ tooltip: a }} style={{ display: 'block' }}>
                        {addressWithinStreet(a)}
                      </Typography.Text>
                    ) : (
                      '—'
                    ),
                },
                {
                  title: t('matters.columns.status'),
                  dataIndex: 'status',
                  width: 96,
                  render: (_s, m) => <StatusTag status={m.status} />,
                },
                {
                  title: t('matters.columns.level'),
                  dataIndex: 'level',
                  width: 120,
                  render: (_l, m) => (
                    <div className="gz-two-lines">
                      <LevelTag level={m.level} />
                      {m.department && <div className="gz-muted gz-small">{departmentName(t, m.department)}</div>}
                    </div>
                  ),
                },
                {
                  title: t('matters.columns.deadline'),
                  key: 'deadline',
                  width: 150,
                  render: (_v, m) => <Deadline matter={m} loadedAt={loadedAt.current} now={now} />,
                },
                {
                  title: t('matters.columns.assignee'),
                  key: 'assignee',
                  width: 110,
                  ellipsis: true,
                  render: (_v, m) =>
                    m.assignee?.name ?? (
                      <Typography.Text type="secondary">{t('matters.unassignedLabel')}</Typography.Text>
                    ),
                },
              ]}
            />
          </>
        )}
      </Card>
      <MatterDrawer
        matterId={openId}
        onClose={() => setOpen(null)}
        onChanged={() => void queryClient.invalidateQueries({ queryKey: mattersKeys.all })}
      />
    </div>
  );
}
