import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Modal, Space, Statistic, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { formatPoints, newIdempotencyKey, POSTING_KIND_COLORS, postingKindLabel } from '../../shared/points.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { pointsCalls, pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import type { StatementLine } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CommunityField, useCommunityName } from '../components/CommunityField.tsx';
import type { PersonAccount } from './types.ts';

/** 积分账户: people's accounts of the area, a statement with running balance, corrections by posting. */
export default function AccountsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const communityName = useCommunityName();
  const [q, setQ] = useState('');
  const [communityId, setCommunityId] = useState<number>();
  const [open, setOpen] = useState<PersonAccount | null>(null);
  const listQuery = { q: q || undefined, communityId };
  return (
    <div className="gz-page">
      <PageHeader title={t('pointsAdmin.accounts.title')} description={t('pointsAdmin.accounts.subtitle')} />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('pointsAdmin.accounts.searchPlaceholder')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 240 }}
            aria-label={t('pointsAdmin.search')}
          />
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
          <ExportButton kind="points-accounts" filters={listQuery} />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => pointsQueries.accounts({ ...listQuery, ...page })}
          locale={{ emptyText: t('pointsAdmin.accounts.empty') }}
          onRow={(r) => ({ onClick: () => setOpen(r), style: { cursor: 'pointer' } })}
          columns={[
            {
              title: t('pointsAdmin.accounts.name'),
              dataIndex: 'name',
              render: (v: string) => <Typography.Link>{v}</Typography.Link>,
            },
            { title: t('deliberation.fields.community'), key: 'c', render: (_v, r) => communityName(r.communityId) },
            { title: t('pointsAdmin.accounts.balance'), dataIndex: 'balance', align: 'right' },
            {
              title: t('common.actions'),
              key: 'a',
              render: (_v, r) => (
                <Button
                  size="small"
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpen(r);
                  }}
                >
                  {t('pointsAdmin.accounts.statement')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      {can(me, 'points.manage') && <PendingCorrections communityId={communityId} myUserId={me?.id} />}
      {open && <StatementDrawer account={open} canCorrect={can(me, 'points.manage')} onClose={() => setOpen(null)} />}
    </div>
  );
}

/**
 * Corrections above the approval limit wait here for a second member of staff: the one who
 * asked cannot decide their own (the server refuses it too).
 */
function PendingCorrections({
  communityId,
  myUserId,
}: {
  communityId: number | undefined;
  myUserId: number | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<number | null>(null);
  const decide = async (id: number, decision: 'approve' | 'reject') => {
    setBusy(id);
    try {
      await pointsCalls.decideCorrection(id, decision);
      message.success(
        t(decision === 'approve' ? 'pointsAdmin.corrections.approved' : 'pointsAdmin.corrections.rejected'),
      );
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Card title={t('pointsAdmin.corrections.pendingTitle')} style={{ marginTop: 16 }} data-testid="pending-corrections">
      <CursorTable
        rowKey="id"
        size="small"
        pageQuery={(page) => pointsQueries.corrections({ status: 'pending', communityId, ...page })}
        locale={{ emptyText: t('pointsAdmin.corrections.nonePending') }}
        columns={[
          { title: t('pointsAdmin.corrections.person'), dataIndex: 'userName' },
          { title: t('deliberation.fields.community'), dataIndex: 'communityName' },
          {
            title: t('pointsAdmin.accounts.amount'),
            dataIndex: 'amount',
            align: 'right',
            render: (v: number) => formatPoints(v),
          },
          { title: t('pointsAdmin.accounts.memo'), dataIndex: 'reason' },
          { title: t('pointsAdmin.corrections.requestedBy'), dataIndex: 'requestedByName' },
          { title: t('pointsAdmin.accounts.at'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
          {
            title: t('common.actions'),
            key: 'a',
            render: (_v, r) =>
              r.requestedBy === myUserId ? (
                <Typography.Text type="secondary">{t('pointsAdmin.corrections.waitingForOthers')}</Typography.Text>
              ) : (
                <Space>
                  <Button size="small" type="primary" loading={busy === r.id} onClick={() => decide(r.id, 'approve')}>
                    {t('pointsAdmin.corrections.approve')}
                  </Button>
                  <Button size="small" danger disabled={busy === r.id} onClick={() => decide(r.id, 'reject')}>
                    {t('pointsAdmin.corrections.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </Card>
  );
}

function StatementDrawer({
  account,
  canCorrect,
  onClose,
}: {
  account: PersonAccount;
  canCorrect: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // The newest line of the statement holds the balance as it stands (after a correction too).
  const latest = useQuery(pointsQueries.statement(account.id, { limit: 1 }));
  const balance = latest.data ? (latest.data.items[0]?.balanceAfter ?? account.balance) : account.balance;
  const [correcting, setCorrecting] = useState(false);
  return (
    <Drawer
      open
      size={880}
      title={`${account.name} · ${t('pointsAdmin.accounts.statement')}`}
      onClose={onClose}
      data-testid="statement-drawer"
      extra={
        canCorrect && (
          <Button icon={<EditOutlined />} onClick={() => setCorrecting(true)}>
            {t('pointsAdmin.accounts.correct')}
          </Button>
        )
      }
    >
      <Statistic title={t('pointsAdmin.accounts.balance')} value={balance} style={{ marginBottom: 16 }} />
      <CursorTable
        rowKey="id"
        size="small"
        pageQuery={(page) => pointsQueries.statement(account.id, { ...page })}
        locale={{ emptyText: t('pointsAdmin.accounts.noPostings') }}
        columns={[
          {
            title: t('pointsAdmin.accounts.at'),
            dataIndex: 'at',
            width: 170,
            render: (v: string) => formatDateTime(v),
          },
          {
            title: t('pointsAdmin.accounts.kind'),
            dataIndex: 'kind',
            width: 90,
            render: (v: StatementLine['kind']) => (
              <ColorTag color={POSTING_KIND_COLORS[v]}>{postingKindLabel(t, v)}</ColorTag>
            ),
          },
          { title: t('pointsAdmin.accounts.memo'), dataIndex: 'memo' },
          { title: t('pointsAdmin.accounts.counterparty'), dataIndex: 'counterparty', width: 150 },
          {
            title: t('pointsAdmin.accounts.amount'),
            dataIndex: 'amount',
            width: 80,
            align: 'right',
            render: (v: number) => (
              <span style={{ color: v > 0 ? '#389e0d' : '#cf1322', fontWeight: 600 }}>{formatPoints(v)}</span>
            ),
          },
          { title: t('pointsAdmin.accounts.balanceAfter'), dataIndex: 'balanceAfter', width: 80, align: 'right' },
        ]}
      />
      {correcting && (
        <CorrectionModal
          account={account}
          onClose={() => setCorrecting(false)}
          onDone={() => {
            setCorrecting(false);
            void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
          }}
        />
      )}
    </Drawer>
  );
}

interface CorrectionForm {
  communityId: number;
  amount: number;
  reason: string;
}

function CorrectionModal({
  account,
  onClose,
  onDone,
}: {
  account: PersonAccount;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<CorrectionForm>();
  const [saving, setSaving] = useState(false);
  // One key for this correction, sent again on a retry, so it is never posted twice.
  const key = useRef(newIdempotencyKey('correction'));
  const save = async (values: CorrectionForm) => {
    setSaving(true);
    try {
      const r = await pointsCalls.correct({ ...values, userId: account.userId, idempotencyKey: key.current });
      if (r.replayed) message.info(t('pointsAdmin.accounts.replayed'));
      else if (r.status === 'pending') message.info(t('pointsAdmin.corrections.sentForApproval'));
      else message.success(t('pointsAdmin.accounts.corrected', { amount: formatPoints(values.amount) }));
      onDone();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['communityId', 'amount', 'reason'])) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('pointsAdmin.accounts.correctTitle', { name: account.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.submit')}
    >
      <Typography.Paragraph type="secondary">{t('pointsAdmin.accounts.correctHint')}</Typography.Paragraph>
      <Form<CorrectionForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={{ communityId: account.communityId ?? undefined }}
        onValuesChange={() => (key.current = newIdempotencyKey('correction'))}
      >
        <Form.Item
          name="communityId"
          label={t('pointsAdmin.accounts.community')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <CommunityField />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('pointsAdmin.accounts.correctAmount')}
          rules={[
            { required: true, message: t('validation.required') },
            {
              validator: (_r, v) =>
                v === 0 ? Promise.reject(new Error(t('pointsAdmin.accounts.notZero'))) : Promise.resolve(),
            },
          ]}
        >
          <InputNumber min={-1000000} max={1000000} precision={0} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('pointsAdmin.accounts.reason')}
          rules={[{ required: true, min: 2, message: t('validation.required') }]}
        >
          <Input.TextArea
            rows={3}
            maxLength={500}
            showCount
            placeholder={t('pointsAdmin.accounts.reasonPlaceholder')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
