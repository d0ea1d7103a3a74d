import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { can, useMe } from '../../shared/session.tsx';
import type { Gender, Person } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { TagList } from '../components/TagList.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { genderAndAge, homeOf } from '../persons/format.ts';
import { PersonDrawer } from '../persons/PersonDrawer.tsx';
import { PersonFilters, type PersonFilterValues } from '../persons/PersonFilters.tsx';
import { PersonFormModal } from '../persons/PersonFormModal.tsx';
import { orgKeys, orgQueries } from '../../shared/query/org.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/** Filters live in the URL, so a filtered list can be linked to (the dashboard does). */
function filtersFromParams(params: URLSearchParams): PersonFilterValues {
  const gender = params.get('gender');
  return {
    q: params.get('q') ?? '',
    communityId: numberParam(params, 'communityId'),
    gridId: numberParam(params, 'gridId'),
    buildingId: numberParam(params, 'buildingId'),
    tags: params.getAll('tag'),
    gender: gender === 'male' || gender === 'female' || gender === 'unknown' ? (gender as Gender) : undefined,
  };
}

function paramsFromFilters(filters: PersonFilterValues): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.communityId) params.set('communityId', String(filters.communityId));
  if (filters.gridId) params.set('gridId', String(filters.gridId));
  if (filters.buildingId) params.set('buildingId', String(filters.buildingId));
  for (const tag of filters.tags) params.append('tag', tag);
  if (filters.gender) params.set('gender', filters.gender);
  return params;
}

export default function PersonsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { index } = useOrgTree();
  const [params, setParams] = useSearchParams();
  const filters = filtersFromParams(params);
  // The header's search opens a person here by ?open=<id>.
  const [openPersonId, setOpenPersonId] = useState<number | null>(() => Number(params.get('open')) || null);
  const [formTarget, setFormTarget] = useState<Person | 'new' | null>(null);
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: orgKeys.all });
  const canWrite = can(me, 'org.person.write');

  const tagCounts = useQuery(orgQueries.personTags());
  const building = useQuery({
    ...orgQueries.building(filters.buildingId ?? 0),
    enabled: filters.buildingId !== undefined,
  });
  const personsQuery = {
    q: filters.q,
    communityId: filters.communityId,
    gridId: filters.gridId,
    buildingId: filters.buildingId,
    tag: filters.tags,
    gender: filters.gender,
    withTotal: 'true',
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={t('nav.persons')}
        description={t('persons.subtitle')}
        extra={
          <Space>
            <ExportButton kind="persons" filters={personsQuery} />
            {canWrite && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setFormTarget('new')}>
                {t('persons.create')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <PersonFilters
          index={index}
          tagCounts={tagCounts.data ?? []}
          values={filters}
          buildingName={building.data?.name}
          onChange={(values) => setParams(paramsFromFilters(values))}
        />
        <CursorTable
          rowKey="id"
          pageQuery={(page) => orgQueries.persons({ ...personsQuery, ...page })}
          scroll={{ x: 1120 }}
          onRow={(person) => ({ onDoubleClick: () => setOpenPersonId(person.id) })}
          columns={[
            {
              title: t('persons.name'),
              dataIndex: 'name',
              width: 100,
              fixed: 'left',
              render: (name: string, p) => (
                <Typography.Link onClick={() => setOpenPersonId(p.id)} strong>
                  {name}
                </Typography.Link>
              ),
            },
            { title: t('persons.genderAge'), key: 'genderAge', width: 100, render: (_v, p) => genderAndAge(t, p) },
            {
              title: t('persons.idNumber'),
              dataIndex: 'idNumber',
              width: 180,
              render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
            },
            {
              title: t('persons.phone'),
              dataIndex: 'phone',
              width: 120,
              render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
            },
            {
              title: t('persons.communityGrid'),
              key: 'where',
              width: 180,
              render: (_v, p) => (
                <div className="gz-two-lines">
                  <div>{p.communityName}</div>
                  <Typography.Text type="secondary">{p.gridName ?? t('persons.noGrid')}</Typography.Text>
                </div>
              ),
            },
            { title: t('persons.home'), key: 'home', width: 170, render: (_v, p) => homeOf(p) },
            { title: t('persons.tags'), dataIndex: 'tags', render: (tags: string[]) => <TagList tags={tags} /> },
            {
              title: t('common.actions'),
              key: 'actions',
              width: canWrite ? 120 : 70,
              fixed: 'right',
              render: (_v, p) => (
                <Space size="small">
                  <Typography.Link onClick={() => setOpenPersonId(p.id)}>{t('common.view')}</Typography.Link>
                  {canWrite && <Typography.Link onClick={() => setFormTarget(p)}>{t('common.edit')}</Typography.Link>}
                </Space>
              ),
            },
          ]}
          locale={{ emptyText: t('persons.empty') }}
        />
      </Card>
      <PersonDrawer
        personId={openPersonId}
        onClose={() => setOpenPersonId(null)}
        onEdit={(person) => setFormTarget(person)}
        onDeleted={() => {
          setOpenPersonId(null);
          refresh();
        }}
      />
      <PersonFormModal
        target={formTarget}
        index={index}
        defaultCommunityId={filters.communityId}
        onClose={() => setFormTarget(null)}
        onSaved={(person) => {
          setFormTarget(null);
          refresh();
          setOpenPersonId(person.id);
        }}
      />
    </div>
  );
}
