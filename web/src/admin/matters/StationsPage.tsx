import { EditOutlined, PhoneOutlined, PlusOutlined, ScheduleOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Select, Space, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { describeOpeningHours, STATION_KIND_COLORS } from '../../shared/matters.ts';
import { can, useMe } from '../../shared/session.tsx';
import { STATION_KINDS, type Station, type StationKind } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { StationDutyDrawer } from '../matters/StationDutyDrawer.tsx';
import { StationFormModal } from '../matters/StationFormModal.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { mattersKeys, mattersQueries } from '../../shared/query/matters.ts';
import { useQueryClient } from '@tanstack/react-query';

const StationsMap = lazy(() => import('../matters/StationsMap.tsx'));

/** 服务站点: 党群服务中心, 暖心驿站, 小哥暖心站 and the like, on a list and a map. */
export default function StationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { index } = useOrgTree();
  const [params, setParams] = useSearchParams();
  const kindParam = params.get('kind');
  const kind = (STATION_KINDS as readonly string[]).includes(kindParam ?? '') ? (kindParam as StationKind) : undefined;
  const q = params.get('q') ?? '';
  const communityId = Number(params.get('communityId')) || undefined;
  const [query, setQuery] = useState(q);
  const [shown, setShown] = useState<Station[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const [editing, setEditing] = useState<Station | 'new' | null>(null);
  const [rostering, setRostering] = useState<Station | null>(null);
  const queryClient = useQueryClient();
  const canManage = can(me, 'matters.manage');

  const set = (name: string, value: string | undefined) => {
    const p = new URLSearchParams(params);
    if (value) p.set(name, value);
    else p.delete(name);
    setParams(p);
  };
  const divisionName = (id: number) => index?.divisionById.get(id)?.name;

  return (
    <div className="gz-page">
      <PageHeader
        title={t('nav.stations')}
        description={t('stations.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('stations.createTitle')}
            </Button>
          )
        }
      />
      <Row gutter={16}>
        <Col xs={24} xl={14}>
          <Card>
            <div className="gz-filters">
              <Input.Search
                allowClear
                placeholder={t('stations.searchPlaceholder')}
                value={query}
                onChange={(e) => setQuery(e.target.value)}
                onSearch={(value) => set('q', value.trim())}
                style={{ width: 240 }}
                enterButton
                aria-label={t('stations.searchPlaceholder')}
              />
              <Select
                allowClear
                placeholder={t('stations.allKinds')}
                value={kind}
                onChange={(value?: string) => set('kind', value)}
                options={STATION_KINDS.map((k) => ({ value: k, label: t(`stations.kinds.${k}`) }))}
                style={{ width: 170 }}
                aria-label={t('stations.kind')}
              />
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('filters.community')}
                value={communityId}
                onChange={(value?: number) => set('communityId', value ? String(value) : undefined)}
                options={index?.communities.map((c) => ({ value: c.id, label: c.name }))}
                style={{ width: 170 }}
                aria-label={t('filters.community')}
              />
            </div>
            <CursorTable
              rowKey="id"
              pageQuery={(page) => mattersQueries.stations({ kind, q, communityId, withTotal: 'true', ...page })}
              onPage={(page) => setShown(page.items)}
              locale={{ emptyText: t('stations.empty') }}
              rowClassName={(s) => (s.id === selected ? 'gz-row-selected' : '')}
              onRow={(s) => ({ onClick: () => setSelected(s.id) })}
              // Fits the table half of a 1366 px office screen; wider lists scroll instead of losing columns.
              scroll={{ x: 600 }}
              columns={[
                {
                  title: t('stations.name'),
                  dataIndex: 'name',
                  render: (name: string, s) => (
                    <div className="gz-two-lines">
                      <strong>{name}</strong>
                      <div className="gz-station-meta">
                        <Tag color={STATION_KIND_COLORS[s.kind]}>{t(`stations.kinds.${s.kind}`)}</Tag>
                        {divisionName(s.divisionId) && (
                          <Typography.Text type="secondary" className="gz-small">
                            {divisionName(s.divisionId)}
                          </Typography.Text>
                        )}
                      </div>
                      {s.phone && (
                        <a
                          href={`tel:${s.phone}`}
                          className="gz-mono gz-small gz-nowrap"
                          onClick={(e) => e.stopPropagation()}
                        >
                          <PhoneOutlined /> {s.phone}
                        </a>
                      )}
                    </div>
                  ),
                },
                {
                  title: t('stations.hours'),
                  key: 'hours',
                  width: 150,
                  render: (_v, s) => (
                    <div className="gz-two-lines">
                      {!s.active ? (
                        <Tag>{t('stations.inactive')}</Tag>
                      ) : (
                        <Tag color={s.openNow ? 'green' : 'default'}>
                          {s.openNow ? t('stations.openNow') : t('stations.closedNow')}
                        </Tag>
                      )}
                      <div className="gz-small gz-muted">{describeOpeningHours(t, s.openingHours)}</div>
                    </div>
                  ),
                },
                {
                  title: t('stations.facilitiesLabel'),
                  dataIndex: 'facilities',
                  width: 170,
                  render: (facilities: Station['facilities']) => (
                    <div className="gz-tag-list">
                      {facilities.map((f) => (
                        <Tag key={f}>{t(`stations.facilities.${f}`)}</Tag>
                      ))}
                    </div>
                  ),
                },
                ...(canManage
                  ? [
                      {
                        title: t('common.actions'),
                        key: 'actions',
                        width: 150,
                        render: (_v: unknown, s: Station) => (
                          <Space size={0}>
                            <Button
                              size="small"
                              type="link"
                              icon={<EditOutlined />}
                              onClick={(e) => {
                                e.stopPropagation();
                                setEditing(s);
                              }}
                            >
                              {t('common.edit')}
                            </Button>
                            <Button
                              size="small"
                              type="link"
                              icon={<ScheduleOutlined />}
                              onClick={(e) => {
                                e.stopPropagation();
                                setRostering(s);
                              }}
                            >
                              {t('selfService.duty.button')}
                            </Button>
                          </Space>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('stations.mapTitle')} className="gz-stations-map-card">
            <Suspense fallback={<Spin />}>
              <StationsMap stations={shown} selectedId={selected} onSelect={setSelected} />
            </Suspense>
            <Space className="gz-stations-legend" wrap size={[12, 4]}>
              {STATION_KINDS.map((k) => (
                <span key={k} className="gz-status-dot-label gz-small">
                  <span className="gz-status-dot" style={{ background: STATION_KIND_COLORS[k] }} />
                  {t(`stations.kinds.${k}`)}
                </span>
              ))}
            </Space>
          </Card>
        </Col>
      </Row>
      <StationDutyDrawer station={rostering} onClose={() => setRostering(null)} />
      {editing && (
        <StationFormModal
          station={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: mattersKeys.all });
          }}
        />
      )}
    </div>
  );
}
