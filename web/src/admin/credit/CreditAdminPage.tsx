import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, InputNumber, Modal, Select, Space, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  CREDIT_GRADES,
  type CreditAppeal,
  type CreditGrade,
  type CreditMerchant,
  creditApi,
  creditKeys,
  GRADE_COLORS,
} from '../../shared/credit.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { BreakdownDrawer } from './BreakdownDrawer.tsx';

function MerchantsTab({ order }: { order: 'name' | 'priority' }) {
  const { t } = useTranslation();
  const [grade, setGrade] = useState<CreditGrade | undefined>();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<number | null>(null);
  return (
    <Card
      title={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('credit.search')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t('credit.grade')}
            value={grade}
            onChange={setGrade}
            style={{ width: 100 }}
            options={CREDIT_GRADES.map((g) => ({ value: g, label: g }))}
          />
          {order === 'priority' && <ExportButton kind="credit-priority" filters={{ grade, q: q || undefined }} />}
        </Space>
      }
    >
      <CursorTable
        rowKey="id"
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...creditKeys.all, order, { grade, q, ...page }] as const,
            queryFn: () =>
              (order === 'name' ? creditApi.merchants : creditApi.priority)({ grade, q: q || undefined, ...page }),
          })
        }
        locale={{ emptyText: t('credit.empty') }}
        columns={[
          { title: t('credit.name'), dataIndex: 'name' },
          { title: t('credit.community'), render: (_: unknown, m: CreditMerchant) => m.community.name },
          {
            title: t('credit.grade'),
            render: (_: unknown, m: CreditMerchant) => <Tag color={GRADE_COLORS[m.grade]}>{m.grade}</Tag>,
          },
          { title: t('credit.score'), dataIndex: 'score', align: 'right' },
          { title: t('credit.asOf'), render: (_: unknown, m: CreditMerchant) => m.asOf ?? '—' },
          {
            title: t('credit.official'),
            render: (_: unknown, m: CreditMerchant) =>
              m.officialGrade ? `${m.officialGrade.grade}（${m.officialGrade.gradedOn}）` : '—',
          },
          {
            title: t('credit.lastInspection'),
            render: (_: unknown, m: CreditMerchant) =>
              m.daysSinceInspection === null
                ? t('credit.never')
                : t('credit.daysSince', { days: m.daysSinceInspection }),
          },
          { title: t('credit.pending'), dataIndex: 'pendingAppeals', align: 'right' },
          {
            title: '',
            render: (_: unknown, m: CreditMerchant) => (
              <Button size="small" onClick={() => setOpen(m.id)} data-testid={`credit-open-${m.id}`}>
                {t('credit.open')}
              </Button>
            ),
          },
        ]}
      />
      {open !== null && <BreakdownDrawer merchantId={open} onClose={() => setOpen(null)} />}
    </Card>
  );
}

function AppealsTab() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<CreditAppeal['status'] | undefined>('pending');
  const [deciding, setDeciding] = useState<{ appeal: CreditAppeal; grant: boolean } | null>(null);
  const [note, setNote] = useState('');
  const [points, setPoints] = useState<number | null>(null);
  const decide = async () => {
    if (!deciding) return;
    try {
      await creditApi.decide(deciding.appeal.id, {
        grant: deciding.grant,
        note,
        ...(points !== null && deciding.appeal.kind === 'repair' ? { repairPoints: points } : {}),
      });
      message.success(t('credit.decided'));
      setDeciding(null);
      void client.invalidateQueries({ queryKey: creditKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Card
      title={
        <Select
          allowClear
          value={status}
          onChange={setStatus}
          style={{ width: 120 }}
          options={(['pending', 'granted', 'rejected'] as const).map((s) => ({
            value: s,
            label: t(`credit.statuses.${s}`),
          }))}
        />
      }
    >
      <CursorTable
        rowKey="id"
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...creditKeys.all, 'appeals', { status, ...page }] as const,
            queryFn: () => creditApi.appeals({ status, ...page }),
          })
        }
        columns={[
          { title: t('credit.name'), dataIndex: 'merchantName' },
          { title: t('credit.kind'), render: (_: unknown, a: CreditAppeal) => t(`credit.appealKinds.${a.kind}`) },
          {
            title: t('credit.lines'),
            render: (_: unknown, a: CreditAppeal) => (a.evidenceId ? t('credit.line', { id: a.evidenceId }) : '—'),
          },
          { title: t('credit.reason'), dataIndex: 'reason' },
          { title: t('credit.filedAt'), render: (_: unknown, a: CreditAppeal) => a.filedAt.slice(0, 10) },
          { title: '', render: (_: unknown, a: CreditAppeal) => t(`credit.statuses.${a.status}`) },
          {
            title: '',
            render: (_: unknown, a: CreditAppeal) =>
              a.status === 'pending' && (
                <Space>
                  <Button size="small" type="primary" onClick={() => setDeciding({ appeal: a, grant: true })}>
                    {t('credit.grant')}
                  </Button>
                  <Button size="small" danger onClick={() => setDeciding({ appeal: a, grant: false })}>
                    {t('credit.reject')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      <Modal
        open={deciding !== null}
        title={deciding && (deciding.grant ? t('credit.grant') : t('credit.reject'))}
        onOk={() => void decide()}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea
            placeholder={t('credit.decisionNote')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
          />
          {deciding?.grant && deciding.appeal.kind === 'repair' && (
            <InputNumber
              placeholder={t('credit.repairPoints')}
              min={1}
              max={20}
              precision={0}
              value={points}
              onChange={setPoints}
            />
          )}
        </Space>
      </Modal>
    </Card>
  );
}

/** 商户信用: merchants of my area by grade, the inspection-priority list and the appeals queue. */
export default function CreditAdminPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('nav.credit')} description={t('credit.description')} />
      <Tabs
        items={[
          { key: 'priority', label: t('credit.priorityTab'), children: <MerchantsTab order="priority" /> },
          { key: 'merchants', label: t('credit.merchantsTab'), children: <MerchantsTab order="name" /> },
          { key: 'appeals', label: t('credit.appealsTab'), children: <AppealsTab /> },
        ]}
      />
    </div>
  );
}
