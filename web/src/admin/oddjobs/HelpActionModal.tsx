import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Checkbox, DatePicker, Empty, Form, Input, List, Modal, Select, Space, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { oddjobsApi, oddjobsKeys, refusal } from '../../shared/oddjobs.ts';
import { formatDateTime, zonedDate } from '../../shared/time.ts';
import { HELP_KINDS, helpApi, helpKeys, helpQueries, type HelpKind, type HelpQueueItem } from './help-api.ts';

interface HelpForm {
  kind: HelpKind;
  postingId?: number;
  note?: string;
  followUpOn?: Dayjs | null;
}

/**
 * One seeker of the help queue: the help given so far, a new help action (a call, a referral to
 * an open posting, training suggested, a note) with the next follow-up date, and the staff marks.
 */
export function HelpActionModal({ seeker, onClose }: { seeker: HelpQueueItem | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<HelpForm>();
  const kind = Form.useWatch('kind', form);
  const seekerId = seeker?.seekerId ?? 0;
  // The marks as last saved: the row passed in is a snapshot of the queue's page.
  const [flags, setFlags] = useState(seeker?.flags);
  useEffect(() => setFlags(seeker?.flags), [seeker]);
  const history = useQuery({ ...helpQueries.actions(seekerId), enabled: seeker !== null });
  const postings = useQuery({
    queryKey: [...oddjobsKeys.all, 'postings', 'all'],
    queryFn: oddjobsApi.postings,
    enabled: kind === 'referral',
  });
  const refresh = () => client.invalidateQueries({ queryKey: helpKeys.all });
  const act = useMutation({
    mutationFn: (v: HelpForm) =>
      helpApi.act(seekerId, {
        kind: v.kind,
        ...(v.kind === 'referral' && v.postingId ? { postingId: v.postingId } : {}),
        note: v.note ?? '',
        followUpOn: v.followUpOn ? v.followUpOn.format('YYYY-MM-DD') : null,
      }),
    onSuccess: () => {
      void message.success(t('oddjobs.help.saved'));
      form.resetFields();
      void refresh();
    },
    onError: (e) => void message.error(refusal(e)),
  });
  const flag = useMutation({
    mutationFn: (body: { older?: boolean; disabled?: boolean; lowIncome?: boolean }) => helpApi.flag(seekerId, body),
    onSuccess: (saved) => {
      setFlags(saved.flags);
      void message.success(t('oddjobs.help.marked'));
      void refresh();
    },
    onError: (e) => void message.error(refusal(e)),
  });
  const open = (postings.data?.items ?? []).filter((p) => p.status === 'open');
  const today = zonedDate();

  return (
    <Modal
      open={seeker !== null}
      title={seeker ? `${t('oddjobs.help.record')} · ${seeker.name}` : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('oddjobs.help.save')}
      confirmLoading={act.isPending}
      destroyOnHidden
      width={640}
    >
      {seeker && (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Typography.Text type="secondary">{t('oddjobs.help.marks')}</Typography.Text>
            <Checkbox
              checked={flags?.older}
              disabled={flag.isPending}
              onChange={(e) => flag.mutate({ older: e.target.checked })}
              data-testid="mark-older"
            >
              {t('oddjobs.help.markOlder')}
            </Checkbox>
            <Checkbox
              checked={flags?.disabled}
              disabled={flag.isPending}
              onChange={(e) => flag.mutate({ disabled: e.target.checked })}
            >
              {t('oddjobs.help.markDisabled')}
            </Checkbox>
            <Checkbox
              checked={flags?.lowIncome}
              disabled={flag.isPending}
              onChange={(e) => flag.mutate({ lowIncome: e.target.checked })}
              data-testid="mark-low-income"
            >
              {t('oddjobs.help.markLowIncome')}
            </Checkbox>
          </Space>
          <Form<HelpForm>
            form={form}
            layout="vertical"
            initialValues={{ kind: 'call' }}
            onFinish={(v) => act.mutate(v)}
          >
            <Form.Item name="kind" label={t('oddjobs.help.kind')} rules={[{ required: true }]}>
              <Select options={HELP_KINDS.map((k) => ({ value: k, label: t(`oddjobs.help.kinds.${k}`) }))} />
            </Form.Item>
            {kind === 'referral' && (
              <Form.Item name="postingId" label={t('oddjobs.help.posting')} rules={[{ required: true }]}>
                <Select
                  loading={postings.isLoading}
                  showSearch
                  optionFilterProp="label"
                  options={open.map((p) => ({ value: p.id, label: `${p.title} · ${p.employer.name}` }))}
                />
              </Form.Item>
            )}
            <Form.Item name="note" label={t('oddjobs.help.note')}>
              <Input.TextArea maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} />
            </Form.Item>
            <Form.Item name="followUpOn" label={t('oddjobs.help.followUpOn')}>
              <DatePicker disabledDate={(d) => d.format('YYYY-MM-DD') < today} />
            </Form.Item>
          </Form>
          <Typography.Title level={5}>{t('oddjobs.help.history')}</Typography.Title>
          <List
            size="small"
            loading={history.isLoading}
            dataSource={history.data?.items ?? []}
            locale={{
              emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('oddjobs.help.noHistory')} />,
            }}
            renderItem={(a) => (
              <List.Item>
                <Space wrap>
                  <Typography.Text type="secondary">{formatDateTime(a.createdAt).slice(0, 16)}</Typography.Text>
                  <Tag>{t(`oddjobs.help.kinds.${a.kind}`)}</Tag>
                  {a.posting && <span>{a.posting.title}</span>}
                  {a.note && <span>{a.note}</span>}
                  {a.followUpOn && (
                    <Typography.Text type="secondary">
                      {t('oddjobs.help.followUp')} {a.followUpOn}
                    </Typography.Text>
                  )}
                </Space>
              </List.Item>
            )}
          />
        </>
      )}
    </Modal>
  );
}
