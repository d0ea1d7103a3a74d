import { EyeInvisibleOutlined, PlusOutlined, SettingOutlined } from '@ant-design/icons';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../shared/session.tsx';
import { categoriesQuery, categoryName, type SpecialEntry, specialApi, specialKeys } from '../../shared/special.ts';
import { useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { CategoriesModal } from './CategoriesModal.tsx';
import { EntryDrawer } from './EntryDrawer.tsx';
import { EntryFormModal } from './EntryFormModal.tsx';

/**
 * 重点人群: the restricted register of people who need special attention, for safety officers
 * (special.read) only. Every list and every entry opened is written to the audit log by the server.
 */
export default function SpecialPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const { index } = useOrgTree();
  const [filters, setFilters] = useUrlFilters(['q', 'categoryId', 'communityId', 'overdue', 'entry'] as const);
  const [adding, setAdding] = useState(false);
  const [settings, setSettings] = useState(false);
  const categories = useQuery(categoriesQuery());
  const categoryId = filters.categoryId ? Number(filters.categoryId) : undefined;
  const communityId = filters.communityId ? Number(filters.communityId) : undefined;
  const overdue = filters.overdue === 'true';
  const openId = filters.entry ? Number(filters.entry) : undefined;
  const filtered = Boolean(filters.q || categoryId || communityId || overdue);
  const manage = can(me, 'special.manage');

  return (
    <div>
      <PageHeader
        title={t('nav.special')}
        description={t('special.description')}
        extra={
          manage && (
            <Space>
              <Button icon={<SettingOutlined />} onClick={() => setSettings(true)} data-testid="special-settings">
                {t('special.settings')}
              </Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="special-add">
                {t('special.add')}
              </Button>
            </Space>
          )
        }
      />
      <Alert
        type="warning"
        showIcon
        icon={<EyeInvisibleOutlined />}
        message={t('special.restricted')}
        description={t('special.restrictedHint')}
        style={{ marginBottom: 16 }}
        data-testid="special-restricted"
      />
      <Card
        title={
          <Space wrap>
            <Input.Search
              allowClear
              defaultValue={filters.q}
              placeholder={t('special.search')}
              onSearch={(v) => setFilters({ q: v.trim() })}
              style={{ width: 200 }}
              data-testid="special-search"
            />
            <Select
              allowClear
              placeholder={t('special.category')}
              aria-label={t('special.category')}
              value={categoryId}
              onChange={(v) => setFilters({ categoryId: v })}
              style={{ width: 160 }}
              loading={categories.isPending}
              options={(categories.data?.items ?? []).map((c) => ({
                value: c.id,
                label: categoryName(c, i18n.language),
              }))}
              data-testid="special-category-filter"
            />
            <CommunitySelect allowClear value={communityId} onChange={(v) => setFilters({ communityId: v })} />
            <Checkbox
              checked={overdue}
              onChange={(e) => setFilters({ overdue: e.target.checked })}
              data-testid="special-overdue-filter"
            >
              {t('special.overdueOnly')}
            </Checkbox>
          </Space>
        }
      >
        <CursorTable
          rowKey="id"
          scroll={{ x: 960 }}
          pageQuery={(page) =>
            queryOptions({
              queryKey: specialKeys.entries({ q: filters.q, categoryId, communityId, overdue, ...page }),
              queryFn: () => specialApi.entries({ q: filters.q, categoryId, communityId, overdue, ...page }),
            })
          }
          locale={{ emptyText: filtered ? t('special.emptyFiltered') : t('special.empty') }}
          onRow={(e) => ({ style: e.overdue ? { background: '#fff1f0' } : undefined })}
          columns={[
            { title: t('special.person'), render: (_: unknown, e: SpecialEntry) => e.person.name },
            {
              title: t('special.category'),
              render: (_: unknown, e: SpecialEntry) => categoryName(e.category, i18n.language),
            },
            {
              title: t('special.community'),
              render: (_: unknown, e: SpecialEntry) => index?.divisionById.get(e.communityId)?.name ?? '—',
            },
            { title: t('special.startsOn'), dataIndex: 'startsOn' },
            {
              title: t('special.lastVisit'),
              render: (_: unknown, e: SpecialEntry) => e.lastVisitOn ?? t('special.notVisited'),
            },
            {
              title: t('special.nextDue'),
              render: (_: unknown, e: SpecialEntry) =>
                e.overdue ? (
                  <Tag color="red" data-testid={`special-overdue-${e.id}`}>
                    {e.nextVisitDue} · {t('special.overdue')}
                  </Tag>
                ) : (
                  e.nextVisitDue
                ),
            },
            {
              title: t('special.status'),
              render: (_: unknown, e: SpecialEntry) => (
                <Tag color={e.status === 'active' ? 'blue' : 'default'}>{t(`special.statuses.${e.status}`)}</Tag>
              ),
            },
            {
              title: '',
              render: (_: unknown, e: SpecialEntry) => (
                <Button size="small" onClick={() => setFilters({ entry: e.id })} data-testid={`special-open-${e.id}`}>
                  {t('special.open')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {openId !== undefined && Number.isInteger(openId) && (
        <EntryDrawer id={openId} manage={manage} onClose={() => setFilters({ entry: undefined })} />
      )}
      {settings && <CategoriesModal onClose={() => setSettings(false)} />}
      {adding && <EntryFormModal onClose={() => setAdding(false)} onSaved={() => setAdding(false)} />}
    </div>
  );
}
