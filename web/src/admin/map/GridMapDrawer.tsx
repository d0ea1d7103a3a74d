import { ApartmentOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Descriptions, Drawer, Skeleton, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { GRID_KIND_COLORS, gridKindLabel } from '../../shared/labels.ts';
import { can, useMe } from '../../shared/session.tsx';
import type {} from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import { orgQueries } from '../../shared/query/org.ts';
import { useQuery } from '@tanstack/react-query';

export function GridMapDrawer({ gridId, onClose }: { gridId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const grid = useQuery({ ...orgQueries.grid(gridId ?? 0), enabled: gridId !== null });
  const g = grid.data;
  return (
    <Drawer title={g?.name ?? t('map.gridDetail')} open={gridId !== null} onClose={onClose} mask={false} size={400}>
      {grid.error ? (
        <LoadError error={grid.error} onRetry={() => void grid.refetch()} />
      ) : !g ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Descriptions
            column={1}
            size="small"
            bordered
            items={[
              {
                key: 'kind',
                label: t('org.gridKind'),
                children: <Tag color={GRID_KIND_COLORS[g.kind]}>{gridKindLabel(t, g.kind)}</Tag>,
              },
              { key: 'code', label: t('org.gridCode'), children: <span className="gz-mono">{g.code}</span> },
              { key: 'community', label: t('org.community'), children: g.communityName },
              { key: 'persons', label: t('org.personCount'), children: g.personCount },
              { key: 'buildings', label: t('org.buildingCount'), children: g.buildingCount },
              { key: 'description', label: t('org.description'), children: g.description || '—' },
            ]}
          />
          <Space wrap>
            <Link to={`/org?node=g-${g.id}`}>
              <Button icon={<ApartmentOutlined />}>{t('map.openInOrg')}</Button>
            </Link>
            {can(me, 'org.person.read') && (
              <Link to={`/persons?communityId=${g.communityId}&gridId=${g.id}`}>
                <Button icon={<TeamOutlined />}>{t('org.viewPersons')}</Button>
              </Link>
            )}
          </Space>
        </Space>
      )}
    </Drawer>
  );
}
