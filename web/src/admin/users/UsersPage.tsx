import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag, TreeSelect, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleLabel } from '../../shared/labels.ts';
import { usersKeys, usersQueries } from '../../shared/query/users.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ROLES, type UserGrant } from '../../shared/types.ts';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { areaTree } from '../org/orgIndex.ts';
import { grantPlace } from './grants.ts';
import { InitialPasswordModal, type ShownPassword } from './InitialPasswordModal.tsx';
import { UserDrawer } from './UserDrawer.tsx';
import { UserFormDrawer } from './UserFormDrawer.tsx';
import { UserStatusTags } from './UserStatusTags.tsx';
import './users.css';

const FILTERS = ['q', 'role', 'status', 'divisionId'] as const;
const STATUSES = ['active', 'disabled'] as const;

/** 用户管理: the accounts with a role in the caller's area; new accounts, roles, deactivation, resets. */
export default function UsersPage() {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const role = oneOf(filters.role, ROLES);
  const status = oneOf(filters.status, STATUSES);
  const divisionId = numberParam(filters.divisionId);
  const q = filters.q ?? '';
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const areas = useMemo(() => (index ? areaTree(index) : []), [index]);
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [password, setPassword] = useState<ShownPassword | null>(null);
  // After a new account's password is put away, its drawer opens (to add roles, or check them).
  const [openAfterPassword, setOpenAfterPassword] = useState<number | null>(null);

  const query = { q: q || undefined, role, status, divisionId, withTotal: 'true' };

  return (
    <div className="gz-page" data-testid="users-page">
      <PageHeader
        title={t('nav.users')}
        description={t('users.subtitle')}
        extra={
          <Space>
            <ExportButton kind="users" filters={query} />
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('users.create')}
            </Button>
          </Space>
        }
      />
      <Card>
        <div className="gz-filters">
          <Input.Search
            placeholder={t('users.searchPlaceholder')}
            allowClear
            value={search}
            onChange={(e) => {
              setSearch(e.target.value);
              // An emptied box means no search: drop it at once rather than keep a filter no one sees.
              if (e.target.value.trim() === '' && q) setFilters({ q: undefined });
            }}
            onSearch={(v) => setFilters({ q: v.trim() })}
            enterButton
            style={{ width: 280 }}
            aria-label={t('users.searchPlaceholder')}
          />
          <Select
            allowClear
            placeholder={t('users.filters.role')}
            value={role}
            onChange={(v?: string) => setFilters({ role: v })}
            options={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
            style={{ width: 150 }}
            aria-label={t('users.filters.role')}
          />
          <Select
            allowClear
            placeholder={t('users.filters.status')}
            value={status}
            onChange={(v?: string) => setFilters({ status: v })}
            options={STATUSES.map((s) => ({ value: s, label: t(`users.status.${s}`) }))}
            style={{ width: 130 }}
            aria-label={t('users.filters.status')}
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('users.filters.division')}
            value={divisionId}
            onChange={(v?: number) => setFilters({ divisionId: v })}
            treeData={areas}
            treeDefaultExpandAll
            style={{ width: 220 }}
            aria-label={t('users.filters.division')}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => setFilters({ q: undefined, role: undefined, status: undefined, divisionId: undefined })}
          >
            {t('filters.reset')}
          </Button>
        </div>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => usersQueries.list({ ...query, ...page })}
          scroll={{ x: 1080 }}
          onRow={(u) => ({ onDoubleClick: () => setOpenId(u.id) })}
          locale={{ emptyText: t('users.empty') }}
          columns={[
            {
              title: t('users.columns.name'),
              dataIndex: 'displayName',
              width: 140,
              fixed: 'left',
              render: (name: string, u) => (
                <Typography.Link onClick={() => setOpenId(u.id)} strong>
                  {name}
                </Typography.Link>
              ),
            },
            {
              title: t('users.columns.username'),
              dataIndex: 'username',
              width: 180,
              render: (v: string) => <span className="gz-mono gz-nowrap">{v}</span>,
            },
            {
              title: t('users.columns.phone'),
              dataIndex: 'phone',
              width: 120,
              render: (v: string | null) => <span className="gz-mono">{v ?? '—'}</span>,
            },
            {
              title: t('users.columns.roles'),
              dataIndex: 'grants',
              render: (grants: UserGrant[]) =>
                grants.length === 0 ? (
                  <span className="gz-muted">{t('users.noRoles')}</span>
                ) : (
                  <div className="gz-two-lines">
                    {grants.map((g) => (
                      <div key={g.id}>
                        <Tag color="blue">{roleLabel(t, g.role)}</Tag>
                        <Typography.Text type="secondary">{grantPlace(t, g)}</Typography.Text>
                      </div>
                    ))}
                  </div>
                ),
            },
            {
              title: t('users.columns.status'),
              key: 'status',
              width: 140,
              render: (_v, u) => <UserStatusTags user={u} />,
            },
            {
              title: t('users.columns.lastLogin'),
              dataIndex: 'lastLoginAt',
              width: 170,
              render: (v: string | null) =>
                v ? formatDateTime(v) : <Typography.Text type="secondary">{t('users.neverSignedIn')}</Typography.Text>,
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 90,
              fixed: 'right',
              render: (_v, u) => (
                <Space size="small">
                  <Typography.Link onClick={() => setOpenId(u.id)}>{t('common.view')}</Typography.Link>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <UserFormDrawer
        open={creating}
        index={index}
        onClose={() => setCreating(false)}
        onCreated={(created) => {
          setCreating(false);
          void queryClient.invalidateQueries({ queryKey: usersKeys.all });
          setPassword({ ...created, kind: 'created' });
          setOpenAfterPassword(created.user.id);
        }}
      />
      <UserDrawer
        userId={openId}
        index={index}
        onClose={() => setOpenId(null)}
        onPassword={(reset) => setPassword({ ...reset, kind: 'reset' })}
      />
      <InitialPasswordModal
        value={password}
        onClose={() => {
          setPassword(null);
          if (openAfterPassword !== null) setOpenId(openAfterPassword);
          setOpenAfterPassword(null);
        }}
      />
    </div>
  );
}
