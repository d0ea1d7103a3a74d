import { ExportOutlined, PrinterOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { QrCode } from '../../shared/QrCode.tsx';
import { publicPageUrl } from '../../shared/publicpages.ts';
import { useTranslation } from 'react-i18next';
import { GRID_KIND_COLORS, gridKindLabel } from '../../shared/labels.ts';
import type { Grid, GridKind, TreeDivision } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import type { OrgNodeKey } from './OrgTreePanel.tsx';
import { communitiesUnder, divisionPath, type OrgIndex } from './orgIndex.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { useQuery } from '@tanstack/react-query';

interface DivisionDetailProps {
  index: OrgIndex;
  division: TreeDivision;
  onSelect: (key: OrgNodeKey) => void;
}

export function DivisionDetail({ index, division, onSelect }: DivisionDetailProps) {
  const { t } = useTranslation();
  const path = divisionPath(index, division.id);
  const communities = communitiesUnder(index, division.id);
  const gridCount = communities.reduce((sum, c) => sum + (index.gridsOf.get(c.id)?.length ?? 0), 0);
  const children = index.childrenOf.get(division.id) ?? [];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span className="gz-detail-title">{division.name}</span>
            <Tag color="blue">{t(`levels.${division.level}`)}</Tag>
          </Space>
        }
      >
        <Breadcrumb style={{ marginBottom: 16 }} items={path.map((d) => ({ title: d.name }))} />
        <Descriptions
          column={{ xs: 1, md: 2, xl: 3 }}
          size="small"
          items={[
            {
              key: 'code',
              label: t('org.divisionCode'),
              children: (
                <Space>
                  <Typography.Text copyable>{division.code}</Typography.Text>
                  <Tag>{division.codeOfficial ? t('org.codeOfficial') : t('org.codeLocal')}</Tag>
                </Space>
              ),
            },
            { key: 'level', label: t('org.level'), children: t(`levels.${division.level}`) },
            {
              key: 'center',
              label: t('org.center'),
              children:
                division.lat !== null && division.lng !== null
                  ? `${division.lat.toFixed(4)}, ${division.lng.toFixed(4)}`
                  : '—',
            },
            ...(division.level !== 'community'
              ? [{ key: 'communities', label: t('org.communityCount'), children: communities.length }]
              : []),
            { key: 'grids', label: t('org.gridCount'), children: gridCount },
          ]}
        />
      </Card>
      {division.level === 'community' ? (
        <>
          <CommunityGrids communityId={division.id} onSelect={onSelect} />
          <PublicPageCard communityId={division.id} />
        </>
      ) : (
        <Card title={t('org.children')}>
          <Table<TreeDivision>
            size="small"
            rowKey="id"
            dataSource={children}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: t('org.noChildren') }}
            columns={[
              {
                title: t('org.name'),
                dataIndex: 'name',
                render: (name: string, d) => (
                  <Typography.Link onClick={() => onSelect(`d-${d.id}`)}>{name}</Typography.Link>
                ),
              },
              {
                title: t('org.level'),
                dataIndex: 'level',
                width: 90,
                render: (level: TreeDivision['level']) => t(`levels.${level}`),
              },
              { title: t('org.divisionCode'), dataIndex: 'code', width: 150 },
              {
                title: t('org.communityCount'),
                key: 'communities',
                width: 100,
                render: (_v, d) => communitiesUnder(index, d.id).length,
              },
              {
                title: t('org.gridCount'),
                key: 'grids',
                width: 90,
                render: (_v, d) =>
                  communitiesUnder(index, d.id).reduce((sum, c) => sum + (index.gridsOf.get(c.id)?.length ?? 0), 0),
              },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function CommunityGrids({ communityId, onSelect }: { communityId: number; onSelect: (key: OrgNodeKey) => void }) {
  const { t } = useTranslation();
  const grids = useQuery(orgQueries.grids({ communityId, limit: 200 }));
  return (
    <Card title={t('org.gridsOfCommunity')}>
      {grids.error && <LoadError error={grids.error} onRetry={() => void grids.refetch()} />}
      <Table<Grid>
        size="small"
        rowKey="id"
        loading={grids.isLoading}
        dataSource={grids.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: t('org.noGrids') }}
        columns={[
          {
            title: t('org.name'),
            dataIndex: 'name',
            render: (name: string, g) => (
              <Typography.Link onClick={() => onSelect(`g-${g.id}`)}>{name}</Typography.Link>
            ),
          },
          { title: t('org.gridCode'), dataIndex: 'code', width: 170 },
          {
            title: t('org.gridKind'),
            dataIndex: 'kind',
            width: 110,
            render: (kind: GridKind) => <Tag color={GRID_KIND_COLORS[kind]}>{gridKindLabel(t, kind)}</Tag>,
          },
          { title: t('org.personCount'), dataIndex: 'personCount', width: 80 },
          { title: t('org.buildingCount'), dataIndex: 'buildingCount', width: 80 },
          { title: t('org.description'), dataIndex: 'description', ellipsis: true },
        ]}
      />
    </Card>
  );
}

/** The community's public page (公示): its link and QR code, to open or to print as a poster. */
function PublicPageCard({ communityId }: { communityId: number }) {
  const { t } = useTranslation();
  const url = publicPageUrl(communityId);
  return (
    <Card title={t('publicPages.poster.card')} data-testid="public-page-card">
      <Space size={24} align="start" wrap>
        <QrCode text={url} size={132} label={t('publicPages.poster.qrLabel')} className="" testId="public-page-qr" />
        <Space orientation="vertical" size={12}>
          <Typography.Text type="secondary">{t('publicPages.poster.cardHint')}</Typography.Text>
          <Typography.Text copyable>{url}</Typography.Text>
          <Space wrap>
            <Button icon={<ExportOutlined />} href={url} target="_blank" rel="noopener">
              {t('publicPages.poster.open')}
            </Button>
            <Button
              icon={<PrinterOutlined />}
              href={`/admin/public-poster?communityId=${communityId}`}
              target="_blank"
              rel="noopener"
              data-testid="public-poster-link"
            >
              {t('publicPages.poster.print')}
            </Button>
          </Space>
        </Space>
      </Space>
    </Card>
  );
}
