import { EnvironmentOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Card, Col, Descriptions, Row, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { GRID_KIND_COLORS, gridKindLabel } from '../../shared/labels.ts';
import { can, useMe } from '../../shared/session.tsx';
import type { Building } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import { IssueInvitationButton } from '../invitations/IssueInvitationButton.tsx';
import { AssignmentsCard } from './AssignmentsCard.tsx';
import { BoardPreview } from './BoardPreview.tsx';
import { orgKeys, orgQueries } from '../../shared/query/org.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';

export function GridDetail({ gridId }: { gridId: number }) {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const grid = useQuery(orgQueries.grid(gridId));
  const buildings = useQuery(orgQueries.allBuildings({ gridId }));
  // The grid's own assignments and those of its buildings, in one call.
  const assignments = useQuery(orgQueries.assignments({ gridId, includeBuildings: 'true' }));

  if (grid.error) return <LoadError error={grid.error} onRetry={() => void grid.refetch()} />;
  if (!grid.data) return <Skeleton active paragraph={{ rows: 8 }} />;
  const g = grid.data;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span className="gz-detail-title">{g.name}</span>
            <Tag color={GRID_KIND_COLORS[g.kind]}>{gridKindLabel(t, g.kind)}</Tag>
          </Space>
        }
        extra={
          <Space>
            {can(me, 'org.person.read') && (
              <Link to={`/persons?communityId=${g.communityId}&gridId=${g.id}`}>
                <Button icon={<TeamOutlined />}>{t('org.viewPersons')}</Button>
              </Link>
            )}
            <Link to={`/map?communityId=${g.communityId}`}>
              <Button icon={<EnvironmentOutlined />}>{t('org.viewOnMap')}</Button>
            </Link>
            {/* 骑手入网码: couriers join a mobile grid with a code from those who may grant them the role. */}
            {g.kind === 'mobile' && can(me, 'auth.user.manage') && (
              <IssueInvitationButton kind="mobile_grid" targetId={g.id} targetName={g.name} />
            )}
          </Space>
        }
      >
        <Descriptions
          column={{ xs: 1, md: 2, xl: 3 }}
          size="small"
          items={[
            { key: 'code', label: t('org.gridCode'), children: <Typography.Text copyable>{g.code}</Typography.Text> },
            { key: 'community', label: t('org.community'), children: g.communityName },
            { key: 'kind', label: t('org.gridKind'), children: gridKindLabel(t, g.kind) },
            { key: 'persons', label: t('org.personCount'), children: g.personCount },
            { key: 'buildings', label: t('org.buildingCount'), children: g.buildingCount },
            {
              key: 'center',
              label: t('org.center'),
              children: g.center ? `${g.center.lat.toFixed(5)}, ${g.center.lng.toFixed(5)}` : t('org.noBoundary'),
            },
            { key: 'description', label: t('org.description'), children: g.description || '—', span: 'filled' },
          ]}
        />
      </Card>
      <AssignmentsCard
        grid={g}
        buildings={buildings.data ?? []}
        assignments={assignments.data}
        error={assignments.error ?? undefined}
        onReload={() => void assignments.refetch()}
        onChanged={() => void queryClient.invalidateQueries({ queryKey: orgKeys.all })}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('org.buildingsOfGrid')}>
            {buildings.error && <LoadError error={buildings.error} onRetry={() => void buildings.refetch()} />}
            <Table<Building>
              size="small"
              rowKey="id"
              loading={buildings.isLoading}
              dataSource={buildings.data ?? []}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              locale={{ emptyText: t('buildings.empty') }}
              columns={[
                {
                  title: t('buildings.name'),
                  dataIndex: 'name',
                  render: (name: string, b) => (
                    <Link to={`/buildings?communityId=${b.communityId}&gridId=${gridId}&q=${encodeURIComponent(name)}`}>
                      {name}
                    </Link>
                  ),
                },
                {
                  title: t('buildings.floors'),
                  dataIndex: 'floors',
                  width: 70,
                  render: (f: number | null) => f ?? '—',
                },
                { title: t('buildings.households'), dataIndex: 'householdCount', width: 80 },
                { title: t('buildings.persons'), dataIndex: 'personCount', width: 80 },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('board.previewTitle')}>
            <BoardPreview gridId={gridId} buildings={buildings.data ?? []} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
