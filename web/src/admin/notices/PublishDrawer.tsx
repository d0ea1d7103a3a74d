import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  CATEGORIES,
  CERTAINTIES,
  FRAUD_TYPES,
  type NoticeView,
  type PublishInput,
  SEVERITIES,
  TOPICS,
  URGENCIES,
  noticesApi,
  noticesKeys,
} from '../../shared/notices.ts';
import { applyServerFieldPaths } from '../components/formErrors.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

const TAGS = ['elderly_alone', 'elderly', 'disabled', 'migrant', 'courier'] as const;
const ROLES = ['resident', 'courier', 'grid_worker', 'community_admin', 'street_admin'] as const;

interface Values extends Omit<PublishInput, 'expires' | 'effective'> {
  expires: Dayjs;
  effective?: Dayjs;
}

/** The publish form: CAP fields, the sender and the area from the org tree, the audience by tag or role. */
export function PublishDrawer({
  open,
  basedOn,
  onClose,
  onPublished,
}: {
  open: boolean;
  /** An update or cancel of this notice, its fields filled in. */
  basedOn: { notice: NoticeView; msgType: 'update' | 'cancel' } | null;
  onClose: () => void;
  onPublished: (n: NoticeView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const { index } = useOrgTree();
  const units = useMemo(
    () =>
      [...(index?.divisionById.values() ?? [])]
        .filter((d) => d.inScope && (d.level === 'street' || d.level === 'community'))
        .map((d) => ({ value: d.id, label: d.name })),
    [index],
  );
  const topic = Form.useWatch('topic', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    const n = basedOn?.notice;
    form.setFieldsValue(
      n
        ? {
            senderId: n.sender.id,
            msgType: basedOn.msgType,
            references: n.id,
            status: n.status,
            category: n.category,
            topic: n.topic,
            fraudType: n.fraudType ?? undefined,
            urgency: n.urgency,
            severity: n.severity,
            certainty: n.certainty,
            headline: n.headline,
            description: n.description,
            instruction: n.instruction,
            areaIds: n.areas.map((a) => a.id),
            audienceTags: n.audienceTags,
            audienceRoles: n.audienceRoles as Values['audienceRoles'],
            expires: dayjs(n.expires),
            visitAfterHours: n.visitAfterHours,
          }
        : {
            senderId: units[0]?.value,
            msgType: 'alert',
            status: 'actual',
            category: 'security',
            topic: 'anti_fraud',
            fraudType: 'impersonating_police',
            urgency: 'expected',
            severity: 'moderate',
            certainty: 'likely',
            areaIds: units[0] ? [units[0].value] : [],
            audienceTags: ['elderly_alone'],
            audienceRoles: [],
            expires: dayjs().add(7, 'day').startOf('hour'),
          },
    );
  }, [open, basedOn, form, units]);
  const publish = useMutation({
    mutationFn: (v: Values) =>
      noticesApi.publish({
        ...v,
        fraudType: v.topic === 'anti_fraud' ? v.fraudType : undefined,
        visitAfterHours: v.visitAfterHours ?? undefined,
        expires: v.expires.toISOString(),
        effective: v.effective?.toISOString(),
      }),
    onSuccess: (n) => {
      message.success(t('notices.published', { count: n.counts.recipients }));
      void client.invalidateQueries({ queryKey: noticesKeys.all });
      onPublished(n);
    },
    onError: (e) => {
      const placed = applyServerFieldPaths(form, e, (path) => {
        const field = (path ?? '').split('.')[1];
        return field ? [field] : undefined;
      });
      if (!placed) message.error(errorMessage(e));
    },
  });
  const opts = <K extends string>(values: readonly K[], key: (k: K) => string) =>
    values.map((v) => ({ value: v, label: key(v) }));
  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={640}
      title={basedOn ? t(`notices.msgTypes.${basedOn.msgType}`) : t('notices.publishTitle')}
      extra={
        <Button type="primary" loading={publish.isPending} onClick={() => form.submit()} data-testid="notice-submit">
          {t('notices.publish')}
        </Button>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => publish.mutate(v)} data-testid="notice-form">
        <Form.Item name="msgType" hidden>
          <Input />
        </Form.Item>
        <Form.Item name="references" hidden>
          <Input />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="senderId" label={t('notices.sender')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={units} showSearch optionFilterProp="label" data-testid="notice-sender" />
          </Form.Item>
          <Form.Item name="status" label={t('notices.fields.status')} style={{ width: 140 }}>
            <Select options={opts(['actual', 'exercise', 'test'] as const, (k) => t(`notices.statuses.${k}`))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="areaIds" label={t('notices.area')} rules={[{ required: true }]}>
          <Select mode="multiple" options={units} showSearch optionFilterProp="label" data-testid="notice-area" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="topic" label={t('notices.topic')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={opts(TOPICS, (k) => t(`notices.topics.${k}`))} data-testid="notice-topic" />
          </Form.Item>
          {topic === 'anti_fraud' && (
            <Form.Item name="fraudType" label={t('notices.fraudType')} rules={[{ required: true }]} style={{ flex: 1 }}>
              <Select options={opts(FRAUD_TYPES, (k) => t(`notices.fraudTypes.${k}`))} data-testid="notice-fraud" />
            </Form.Item>
          )}
          <Form.Item name="category" label={t('notices.fields.category')} style={{ flex: 1 }}>
            <Select options={opts(CATEGORIES, (k) => t(`notices.categories.${k}`))} />
          </Form.Item>
        </Space.Compact>
        <Space.Compact block>
          <Form.Item name="urgency" label={t('notices.fields.urgency')} style={{ flex: 1 }}>
            <Select options={opts(URGENCIES, (k) => t(`notices.urgencies.${k}`))} />
          </Form.Item>
          <Form.Item name="severity" label={t('notices.fields.severity')} style={{ flex: 1 }}>
            <Select options={opts(SEVERITIES, (k) => t(`notices.severities.${k}`))} />
          </Form.Item>
          <Form.Item name="certainty" label={t('notices.fields.certainty')} style={{ flex: 1 }}>
            <Select options={opts(CERTAINTIES, (k) => t(`notices.certainties.${k}`))} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="headline" label={t('notices.headline')} rules={[{ required: true, max: 80 }]}>
          <Input maxLength={80} showCount data-testid="notice-headline" />
        </Form.Item>
        <Form.Item name="description" label={t('notices.fields.description')}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="notice-description" />
        </Form.Item>
        <Form.Item name="instruction" label={t('notices.fields.instruction')}>
          <Input.TextArea rows={2} maxLength={2000} data-testid="notice-instruction" />
        </Form.Item>
        <Form.Item name="audienceTags" label={t('notices.audienceTags')}>
          <Select
            mode="tags"
            options={TAGS.map((k) => ({ value: k, label: t(`notices.tags.${k}`) }))}
            data-testid="notice-tags"
          />
        </Form.Item>
        <Form.Item name="audienceRoles" label={t('notices.audienceRoles')}>
          <Select mode="multiple" options={ROLES.map((k) => ({ value: k, label: t(`notices.roles.${k}`) }))} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="effective" label={t('notices.effective')} style={{ flex: 1 }}>
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="expires" label={t('notices.expires')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <DatePicker showTime style={{ width: '100%' }} data-testid="notice-expires" />
          </Form.Item>
        </Space.Compact>
        {topic === 'anti_fraud' && (
          <Form.Item
            name="visitAfterHours"
            label={t('notices.fields.visitAfterHours')}
            extra={t('notices.fields.visitAfterHoursHelp')}
          >
            <InputNumber min={0.005} max={336} step={1} style={{ width: 200 }} data-testid="notice-visit-hours" />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
