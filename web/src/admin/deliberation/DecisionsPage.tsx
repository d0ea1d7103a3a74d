import {
  App,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  InputNumber,
  Progress,
  Select,
  Space,
  Timeline,
  Typography,
} from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { DECISION_STATUS_COLORS, DECISION_STATUSES, type DecisionStatus } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';

/** 决定落实: every decision with its status and progress; report progress (shown to residents). */
export default function DecisionsPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const [communityId, setCommunityId] = useState<number>();
  const [status, setStatus] = useState<DecisionStatus>();
  const open = Number(params.get('open')) || null;
  const setOpen = (id: number | null) => setParams(id ? { open: String(id) } : {}, { replace: id === null });
  return (
    <div className="gz-page">
      <PageHeader
        title={t('deliberation.admin.decisionsTitle')}
        description={t('deliberation.admin.decisionsSubtitle')}
      />
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
          <Select
            allowClear
            value={status}
            onChange={setStatus}
            placeholder={t('deliberation.fields.status')}
            style={{ width: 140 }}
            options={DECISION_STATUSES.map((s) => ({ value: s, label: t(`deliberation.decisionStatus.${s}`) }))}
          />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => deliberationQueries.decisions({ communityId, status, ...page })}
          onRow={(d) => ({ onClick: () => setOpen(d.id), style: { cursor: 'pointer' } }) as HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('deliberation.admin.decisionTitle'),
              dataIndex: 'title',
              render: (title: string) => <strong>{title}</strong>,
            },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'status',
              width: 110,
              render: (s: DecisionStatus) => (
                <ColorTag color={DECISION_STATUS_COLORS[s]}>{t(`deliberation.decisionStatus.${s}`)}</ColorTag>
              ),
            },
            {
              title: t('deliberation.fields.progress'),
              dataIndex: 'progress',
              width: 200,
              render: (p: number, d) => (
                <Progress size="small" percent={p} strokeColor={DECISION_STATUS_COLORS[d.status]} />
              ),
            },
            {
              title: t('deliberation.updatedAt', { at: '' }).trim(),
              dataIndex: 'updatedAt',
              width: 150,
              render: (at: string) => formatDateTime(at).slice(0, 16),
            },
          ]}
        />
      </Card>
      <DecisionDrawer id={open} onClose={() => setOpen(null)} />
    </div>
  );
}

function DecisionDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const d = useQuery({
    ...deliberationQueries.decision(id ?? 0),
    enabled: id !== null,
    placeholderData: keepPreviousData,
  });
  const [form] = Form.useForm<{ status: DecisionStatus; progress: number; note: string }>();
  const [busy, setBusy] = useState(false);
  const v = d.data;
  const submit = async (values: { status: DecisionStatus; progress: number; note: string }) => {
    if (id === null) return;
    setBusy(true);
    try {
      await deliberationCalls.updateDecision(id, { ...values, photos: [] });
      message.success(t('deliberation.admin.progressSaved'));
      form.resetFields(['note']);
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Drawer open={id !== null} onClose={onClose} size={560} title={v?.title ?? ''} destroyOnHidden>
      {d.error && <LoadError error={d.error} onRetry={() => void d.refetch()} />}
      {v && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{v.text}</Typography.Paragraph>
          <Progress percent={v.progress} strokeColor={DECISION_STATUS_COLORS[v.status]} />
          <Timeline
            items={[...v.updates].reverse().map((u) => ({
              color: DECISION_STATUS_COLORS[u.status as DecisionStatus] ?? 'gray',
              children: (
                <div>
                  <strong>
                    {u.progress}% · {t(`deliberation.decisionStatus.${u.status as DecisionStatus}`)}
                  </strong>
                  <div>{u.note}</div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {u.author} · {formatDateTime(u.at).slice(0, 16)}
                  </Typography.Text>
                </div>
              ),
            }))}
          />
          <Card size="small" title={t('deliberation.admin.reportProgress')}>
            <Form
              form={form}
              layout="vertical"
              onFinish={submit}
              initialValues={{ status: v.status === 'planned' ? 'in_progress' : v.status, progress: v.progress }}
            >
              <Space>
                <Form.Item name="status" label={t('deliberation.fields.status')}>
                  <Select
                    style={{ width: 140 }}
                    options={DECISION_STATUSES.map((s) => ({ value: s, label: t(`deliberation.decisionStatus.${s}`) }))}
                  />
                </Form.Item>
                <Form.Item name="progress" label={t('deliberation.fields.progress')}>
                  <InputNumber min={0} max={100} addonAfter="%" />
                </Form.Item>
              </Space>
              <Form.Item
                name="note"
                label={t('deliberation.fields.note')}
                rules={[{ required: true, min: 2, message: t('validation.required') }]}
              >
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('common.submit')}
              </Button>
            </Form>
          </Card>
        </Space>
      )}
    </Drawer>
  );
}
