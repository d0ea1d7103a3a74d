import {
  AlertOutlined,
  CommentOutlined,
  FundOutlined,
  InboxOutlined,
  LikeOutlined,
  RightOutlined,
  SolutionOutlined,
  StarOutlined,
  UserSwitchOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { useQueries, useQuery } from '@tanstack/react-query';
import { Card, Col, List, Row, Space, Statistic, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../shared/api.ts';
import { primaryRole, primaryRoleLabel } from '../../shared/labels.ts';
import { mattersCalls, mattersKeys, mattersQueries } from '../../shared/query/matters.ts';
import { deliberationKeys } from '../../shared/query/deliberation.ts';
import { devicesKeys } from '../../shared/query/devices.ts';
import { mediationKeys, mediationQueries } from '../../shared/query/mediation.ts';
import { pointsKeys } from '../../shared/query/points.ts';
import { volunteerKeys } from '../../shared/query/volunteer.ts';
import { can, useMe } from '../../shared/session.tsx';
import type { Page, Permission, Role } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { Deadline, StatusTag, UrgencyTag } from '../matters/MatterTags.tsx';
import { worksForDepartmentOnly } from '../matters/queues.ts';
import { CaseStatusTag } from '../mediation/tags.tsx';
import { ACTIVE_ALARM_STATUSES } from '../../shared/iot.ts';
import { OPEN_CASE_STATUSES } from '../../shared/mediation.ts';

/** How many items of a list without a total the tiles count, at most ("200+" beyond). */
const COUNT_CAP = 200;

interface Count {
  value: number;
  more: boolean;
}

/** Counts a list that has no total by reading up to COUNT_CAP of its items. */
function listCount(path: string, query: Record<string, string | string[]>) {
  return async (signal: AbortSignal): Promise<Count> => {
    const page = await api.get<Page<unknown>>(path, { ...query, limit: COUNT_CAP }, signal);
    return { value: page.items.length, more: Boolean(page.nextCursor) };
  };
}

interface TodoTile {
  key: string;
  label: string;
  icon: ReactNode;
  to: string;
  /** late: red when not zero (overdue, unhandled alarms). */
  tone: 'late' | 'blue' | 'orange' | 'green';
  permission: Permission;
  /** Only for these roles (a grid worker has no 未分派 queue to empty). */
  roles?: Role[];
  count: (signal: AbortSignal) => Promise<Count>;
  /** The module's query keys: its live events and mutations refresh the count. */
  keyRoot: readonly unknown[];
}

const ADMIN_ROLES: Role[] = ['community_admin', 'street_admin', 'district_admin'];

function useTodoTiles(): TodoTile[] {
  const { t } = useTranslation();
  const matters = (queue: string) => async (signal: AbortSignal) => ({
    value: await mattersCalls.count({ queue }, signal),
    more: false,
  });
  return [
    {
      key: 'matters-overdue',
      keyRoot: mattersKeys.all,
      label: t('workbench.tiles.mattersOverdue'),
      icon: <AlertOutlined />,
      to: '/matters?queue=overdue',
      tone: 'late',
      permission: 'matters.handle',
      count: matters('overdue'),
    },
    {
      key: 'matters-department',
      keyRoot: mattersKeys.all,
      label: t('workbench.tiles.mattersDepartment'),
      icon: <TeamOutlined />,
      to: '/matters?queue=department',
      tone: 'orange',
      permission: 'matters.handle',
      roles: ['dept_staff'],
      count: matters('department'),
    },
    {
      key: 'matters-mine',
      keyRoot: mattersKeys.all,
      label: t('workbench.tiles.mattersMine'),
      icon: <InboxOutlined />,
      to: '/matters?queue=mine',
      tone: 'blue',
      permission: 'matters.handle',
      count: matters('mine'),
    },
    {
      key: 'matters-unassigned',
      keyRoot: mattersKeys.all,
      label: t('workbench.tiles.mattersUnassigned'),
      icon: <UserSwitchOutlined />,
      to: '/matters?queue=unassigned',
      tone: 'orange',
      permission: 'matters.handle',
      roles: ADMIN_ROLES,
      count: matters('unassigned'),
    },
    {
      key: 'cases-mine',
      keyRoot: mediationKeys.all,
      label: t('workbench.tiles.casesMine'),
      icon: <SolutionOutlined />,
      to: `/mediation/cases?queue=mine&${OPEN_CASE_STATUSES.map((s) => `status=${s}`).join('&')}`,
      tone: 'blue',
      permission: 'mediation.handle',
      roles: ['mediator'],
      count: listCount('/api/mediation/cases', { queue: 'mine', status: [...OPEN_CASE_STATUSES] }),
    },
    {
      key: 'cases-unassigned',
      keyRoot: mediationKeys.all,
      label: t('workbench.tiles.casesUnassigned'),
      icon: <SolutionOutlined />,
      to: '/mediation/cases?queue=unassigned',
      tone: 'orange',
      permission: 'mediation.manage',
      count: listCount('/api/mediation/cases', { queue: 'unassigned' }),
    },
    {
      key: 'alarms',
      keyRoot: devicesKeys.all,
      label: t('workbench.tiles.alarms'),
      icon: <WarningOutlined />,
      to: '/alarms',
      tone: 'late',
      permission: 'devices.read',
      count: listCount('/api/alarms', { status: ACTIVE_ALARM_STATUSES.join(',') }),
    },
    {
      key: 'good-deeds',
      keyRoot: volunteerKeys.all,
      label: t('workbench.tiles.goodDeeds'),
      icon: <LikeOutlined />,
      to: '/volunteer/good-deeds',
      tone: 'green',
      permission: 'volunteer.manage',
      count: listCount('/api/volunteer/good-deeds', { status: 'reported' }),
    },
    {
      key: 'corrections',
      keyRoot: pointsKeys.all,
      label: t('workbench.tiles.corrections'),
      icon: <StarOutlined />,
      to: '/points/accounts',
      tone: 'orange',
      permission: 'points.manage',
      count: listCount('/api/points/corrections', { status: 'pending' }),
    },
    {
      key: 'comments',
      keyRoot: deliberationKeys.all,
      label: t('workbench.tiles.flaggedComments'),
      icon: <CommentOutlined />,
      to: '/deliberation/moderation',
      tone: 'orange',
      permission: 'deliberation.manage',
      count: listCount('/api/deliberation/comments/flagged', {}),
    },
  ];
}

/**
 * 工作台: what waits for the signed-in member of staff — counts that open exactly the list they
 * count, then the role's own work (a grid worker's matters, a mediator's cases). The area's
 * population charts are on 数据概览.
 */
export default function WorkbenchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const role = primaryRole(me.roles);
  const roleText = primaryRoleLabel(t, me.roles);
  const tiles = useTodoTiles().filter(
    (tile) => can(me, tile.permission) && (!tile.roles || me.roles.some((r) => tile.roles!.includes(r.role))),
  );
  // Administrators oversee; their own lists would stay empty, so the tiles say what waits.
  const admin = me.roles.some((r) => ADMIN_ROLES.includes(r.role));
  const handlesMatters = can(me, 'matters.handle') && !admin;
  const mediates = me.roles.some((r) => r.role === 'mediator');
  const counts = useQueries({
    queries: tiles.map((tile) => ({
      queryKey: [...tile.keyRoot, 'workbench-count', tile.key],
      queryFn: ({ signal }: { signal: AbortSignal }) => tile.count(signal),
    })),
  });

  return (
    <div className="gz-page" data-testid="workbench">
      <PageHeader
        title={t('dashboard.title', { name: me.displayName })}
        description={
          <Space size={8}>
            {roleText && <Tag color="blue">{roleText}</Tag>}
            {t(`workbench.intro.${role ?? 'community_admin'}`)}
          </Space>
        }
        extra={
          can(me, 'org.read') && (
            <Link to="/overview">
              <FundOutlined /> {t('nav.overview')}
            </Link>
          )
        }
      />
      <Card title={t('workbench.todo')} data-testid="todo-tiles">
        {tiles.length === 0 ? (
          <Typography.Text type="secondary">{t('workbench.nothingToDo')}</Typography.Text>
        ) : (
          <div className="gz-matter-tiles gz-todo-tiles">
            {tiles.map((tile, i) => {
              const count = counts[i]!;
              const value = count.data ? `${count.data.value}${count.data.more ? '+' : ''}` : undefined;
              return (
                <Link
                  key={tile.key}
                  to={tile.to}
                  className={`gz-matter-tile gz-matter-tile-${tile.tone}${tile.tone === 'late' && (count.data?.value ?? 0) > 0 ? ' gz-matter-tile-alarm' : ''}`}
                  data-testid={`todo-${tile.key}`}
                >
                  <span className="gz-matter-tile-icon">{tile.icon}</span>
                  <Statistic
                    title={tile.label}
                    value={count.error ? '—' : (value ?? '—')}
                    loading={!count.error && value === undefined}
                  />
                </Link>
              );
            })}
          </div>
        )}
      </Card>
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        {handlesMatters && (
          <Col xs={24} xl={mediates ? 12 : 24}>
            {/* A department's staff start from what is with their department, taken or not yet. */}
            <MyMatters queue={worksForDepartmentOnly(me.roles) ? 'department' : 'mine'} />
          </Col>
        )}
        {mediates && (
          <Col xs={24} xl={handlesMatters ? 12 : 24}>
            <MyCases />
          </Col>
        )}
      </Row>
    </div>
  );
}

/** How many of the role's own items the workbench lists before "all". */
const SHORT_LIST = 8;

/**
 * 我的事项: the matters in my hands, as the queue orders them (urgency, then deadline); for a
 * department's staff, 部门待办: the matters with their department.
 */
function MyMatters({ queue }: { queue: 'mine' | 'department' }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const now = useNow(30_000);
  const mine = useQuery(mattersQueries.list({ queue, limit: SHORT_LIST, withTotal: 'true' }));
  return (
    <Card
      title={queue === 'department' ? t('workbench.departmentMatters') : t('workbench.myMatters')}
      extra={
        <Link to={`/matters?queue=${queue}`}>
          {t('workbench.all', { count: mine.data?.total ?? 0 })} <RightOutlined />
        </Link>
      }
      data-testid={queue === 'department' ? 'department-matters' : 'my-matters'}
    >
      {mine.error ? (
        <LoadError error={mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <List
          loading={mine.isPending}
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: queue === 'department' ? t('matters.emptyDepartment') : t('matters.emptyMine') }}
          renderItem={(m) => (
            <List.Item
              className="gz-workbench-item"
              onClick={() => navigate(`/matters/${m.id}`)}
              extra={<Deadline matter={m} loadedAt={mine.dataUpdatedAt} now={now} hideEmpty />}
            >
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <Link to={`/matters/${m.id}`}>{m.category.name}</Link>
                    <UrgencyTag urgency={m.urgency} />
                    <StatusTag status={m.status} />
                  </Space>
                }
                description={
                  <Typography.Text type="secondary" ellipsis={{ tooltip: m.description }}>
                    {m.description}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

/** 我的调解案件: the cases assigned to me or my task force, overdue marked. */
function MyCases() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const mine = useQuery(mediationQueries.cases({ queue: 'mine', status: [...OPEN_CASE_STATUSES], limit: SHORT_LIST }));
  return (
    <Card
      title={t('workbench.myCases')}
      extra={
        <Link to={`/mediation/cases?queue=mine&${OPEN_CASE_STATUSES.map((s) => `status=${s}`).join('&')}`}>
          {t('workbench.allCases')} <RightOutlined />
        </Link>
      }
      data-testid="my-cases"
    >
      {mine.error ? (
        <LoadError error={mine.error} onRetry={() => void mine.refetch()} />
      ) : (
        <List
          loading={mine.isPending}
          dataSource={mine.data?.items ?? []}
          locale={{ emptyText: t('mediation.list.empty') }}
          renderItem={(c) => (
            <List.Item className="gz-workbench-item" onClick={() => navigate(`/mediation/cases/${c.id}`)}>
              <List.Item.Meta
                title={
                  <Space size={6} wrap>
                    <Link to={`/mediation/cases/${c.id}`}>{c.category.name}</Link>
                    <CaseStatusTag status={c.status} name={c.statusName} />
                    {c.overdue && <Tag color="red">{t('workbench.overdue')}</Tag>}
                  </Space>
                }
                description={
                  <Typography.Text type="secondary" ellipsis={{ tooltip: c.summary }}>
                    {c.summary}
                  </Typography.Text>
                }
              />
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
