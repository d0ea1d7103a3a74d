import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  INVITATION_KINDS,
  INVITATION_STATUSES,
  type Invitation,
  type InvitationStatus,
  invitationCalls,
  invitationKeys,
  invitationQueries,
} from '../../shared/query/invitations.ts';
import { formatDateTime } from '../../shared/time.ts';
import { oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

const FILTERS = ['kind', 'status'] as const;

const STATUS_COLORS: Record<InvitationStatus, string> = {
  open: 'green',
  used: 'blue',
  expired: 'default',
  revoked: 'red',
};

/** 邀请码: the codes issued in the caller's area, by kind and status; an open one can be revoked. */
export default function InvitationsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const kind = oneOf(filters.kind, INVITATION_KINDS);
  const status = oneOf(filters.status, INVITATION_STATUSES);

  const revoke = async (invitation: Invitation) => {
    try {
      await invitationCalls.revoke(invitation.id);
      message.success(t('invitations.list.revoked'));
      void queryClient.invalidateQueries({ queryKey: invitationKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <div className="gz-page" data-testid="invitations-page">
      <PageHeader title={t('nav.invitations')} description={t('invitations.subtitle')} />
      <Card>
        <div className="gz-filters">
          <Select
            allowClear
            placeholder={t('invitations.list.kindFilter')}
            value={kind}
            onChange={(v?: string) => setFilters({ kind: v })}
            options={INVITATION_KINDS.map((k) => ({ value: k, label: t(`invitations.kind.${k}`) }))}
            style={{ width: 160 }}
            aria-label={t('invitations.list.kindFilter')}
          />
          <Select
            allowClear
            placeholder={t('invitations.list.statusFilter')}
            value={status}
            onChange={(v?: string) => setFilters({ status: v })}
            options={INVITATION_STATUSES.map((s) => ({ value: s, label: t(`invitations.status.${s}`) }))}
            style={{ width: 140 }}
            aria-label={t('invitations.list.statusFilter')}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setFilters({ kind: undefined, status: undefined })}>
            {t('filters.reset')}
          </Button>
          <ExportButton kind="invitations" filters={{ kind, status }} />
        </div>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => invitationQueries.list({ kind, status, ...page })}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('invitations.list.empty') }}
          columns={[
            {
              title: t('invitations.list.columns.kind'),
              dataIndex: 'kind',
              width: 120,
              render: (k: Invitation['kind']) => t(`invitations.kind.${k}`),
            },
            { title: t('invitations.list.columns.target'), dataIndex: 'targetName', width: 160 },
            { title: t('invitations.list.columns.community'), dataIndex: 'communityName', width: 120 },
            {
              title: t('invitations.list.columns.status'),
              dataIndex: 'status',
              width: 100,
              render: (s: InvitationStatus) => <Tag color={STATUS_COLORS[s]}>{t(`invitations.status.${s}`)}</Tag>,
            },
            {
              title: t('invitations.list.columns.uses'),
              key: 'uses',
              width: 90,
              render: (_v, i: Invitation) => `${i.uses} / ${i.maxUses}`,
            },
            {
              title: t('invitations.list.columns.expires'),
              dataIndex: 'expiresAt',
              width: 160,
              render: (v: string) => formatDateTime(v),
            },
            { title: t('invitations.list.columns.createdBy'), dataIndex: 'createdByName', width: 120 },
            {
              title: t('invitations.list.columns.createdAt'),
              dataIndex: 'createdAt',
              width: 160,
              render: (v: string) => formatDateTime(v),
            },
            {
              title: t('invitations.list.columns.actions'),
              key: 'actions',
              width: 90,
              fixed: 'right',
              render: (_v, i: Invitation) =>
                i.status === 'open' ? (
                  <Popconfirm
                    title={t('invitations.list.revokeConfirm')}
                    okText={t('invitations.list.revoke')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => revoke(i)}
                  >
                    <Typography.Link type="danger">{t('invitations.list.revoke')}</Typography.Link>
                  </Popconfirm>
                ) : null,
            },
          ]}
        />
      </Card>
    </div>
  );
}
