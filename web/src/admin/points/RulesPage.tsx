import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Form,
  InputNumber,
  Modal,
  Select,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { pointsCalls, pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import { EARNING_EVENTS, type EarningEvent, type EarningRule } from '../../shared/types.ts';
import { can, useMe } from '../../shared/session.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CommunityField, useCommunityName } from '../components/CommunityField.tsx';
import { ruleStates, type RuleState } from './rule-states.ts';

const STATE_COLORS: Record<RuleState, string> = { current: '#389e0d', future: '#1f5fbf', superseded: '#8c8c8c' };

interface RuleForm {
  communityId: number;
  eventType: EarningEvent;
  pointsPerUnit: number;
  dailyCap?: number | null;
  monthlyCap?: number | null;
  effectiveFrom: Dayjs;
}

/** 积分规则: each community's earning rules by version; a change is a new version from a date on. */
export default function RulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = can(me, 'points.manage');
  const communityName = useCommunityName();
  const queryClient = useQueryClient();
  const rules = useQuery(pointsQueries.rules());
  const [communityId, setCommunityId] = useState<number>();
  const [eventType, setEventType] = useState<EarningEvent>();
  const [onlyCurrent, setOnlyCurrent] = useState(false);
  const [editing, setEditing] = useState<Partial<RuleForm> | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<RuleForm>();
  const today = dayjs().format('YYYY-MM-DD');
  const states = useMemo(() => ruleStates(rules.data?.items ?? [], today), [rules.data, today]);
  const rows = (rules.data?.items ?? [])
    .filter(
      (r) =>
        (communityId === undefined || r.communityId === communityId) &&
        (eventType === undefined || r.eventType === eventType) &&
        (!onlyCurrent || states.get(r.id) !== 'superseded'),
    )
    .sort(
      (a, b) =>
        a.communityId - b.communityId ||
        EARNING_EVENTS.indexOf(a.eventType) - EARNING_EVENTS.indexOf(b.eventType) ||
        b.effectiveFrom.localeCompare(a.effectiveFrom) ||
        b.id - a.id,
    );

  const open = (initial: Partial<RuleForm>) => {
    setEditing(initial);
    form.resetFields();
    form.setFieldsValue({ effectiveFrom: dayjs().add(1, 'day'), ...initial });
  };
  const save = async (values: RuleForm) => {
    setSaving(true);
    try {
      const effectiveFrom = values.effectiveFrom.format('YYYY-MM-DD');
      await pointsCalls.createRule({
        ...values,
        dailyCap: values.dailyCap ?? null,
        monthlyCap: values.monthlyCap ?? null,
        effectiveFrom,
      });
      message.success(t('pointsAdmin.rules.saved', { date: effectiveFrom }));
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } catch (error) {
      if (
        !applyServerFieldErrors(form, error, [
          'communityId',
          'eventType',
          'pointsPerUnit',
          'dailyCap',
          'monthlyCap',
          'effectiveFrom',
        ])
      )
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const cap = (v: number | null) =>
    v === null ? <Typography.Text type="secondary">{t('pointsAdmin.rules.noCap')}</Typography.Text> : v;

  return (
    <div className="gz-page">
      <PageHeader
        title={t('pointsAdmin.rules.title')}
        description={t('pointsAdmin.rules.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => open({ communityId })}>
              {t('pointsAdmin.rules.newRule')}
            </Button>
          )
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
          <Select
            value={eventType}
            onChange={setEventType}
            allowClear
            placeholder={t('pointsAdmin.rules.event')}
            aria-label={t('pointsAdmin.rules.event')}
            style={{ minWidth: 160 }}
            options={EARNING_EVENTS.map((e) => ({ value: e, label: t(`points.events.${e}`) }))}
          />
          <Space>
            <Switch checked={onlyCurrent} onChange={setOnlyCurrent} aria-label={t('pointsAdmin.rules.onlyCurrent')} />
            {t('pointsAdmin.rules.onlyCurrent')}
          </Space>
        </Space>
        {rules.error && <LoadError error={rules.error} onRetry={() => void rules.refetch()} />}
        <Table<EarningRule>
          rowKey="id"
          size="middle"
          loading={rules.isFetching}
          dataSource={rows}
          pagination={{ pageSize: 20, showSizeChanger: true, hideOnSinglePage: false }}
          locale={{ emptyText: t('pointsAdmin.rules.empty') }}
          data-testid="rules-table"
          columns={[
            { title: t('deliberation.fields.community'), key: 'c', render: (_v, r) => communityName(r.communityId) },
            { title: t('pointsAdmin.rules.event'), key: 'e', render: (_v, r) => t(`points.events.${r.eventType}`) },
            {
              title: t('pointsAdmin.rules.pointsPerUnit'),
              key: 'p',
              render: (_v, r) => `${r.pointsPerUnit} / ${t(`points.units.${r.unit}`)}`,
            },
            { title: t('pointsAdmin.rules.dailyCap'), key: 'd', render: (_v, r) => cap(r.dailyCap) },
            { title: t('pointsAdmin.rules.monthlyCap'), key: 'm', render: (_v, r) => cap(r.monthlyCap) },
            { title: t('pointsAdmin.rules.effectiveFrom'), dataIndex: 'effectiveFrom' },
            {
              title: t('deliberation.fields.status'),
              key: 's',
              render: (_v, r) => {
                const state = states.get(r.id) ?? 'superseded';
                return <ColorTag color={STATE_COLORS[state]}>{t(`pointsAdmin.rules.${state}`)}</ColorTag>;
              },
            },
            ...(canManage
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    render: (_v: unknown, r: EarningRule) =>
                      states.get(r.id) !== 'superseded' && (
                        <Button
                          size="small"
                          onClick={() =>
                            open({
                              communityId: r.communityId,
                              eventType: r.eventType,
                              pointsPerUnit: r.pointsPerUnit,
                              dailyCap: r.dailyCap,
                              monthlyCap: r.monthlyCap,
                            })
                          }
                        >
                          {t('pointsAdmin.rules.newVersion')}
                        </Button>
                      ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <Modal
        open={editing !== null}
        title={t('pointsAdmin.rules.newRule')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        destroyOnHidden
        okText={t('common.save')}
      >
        <Typography.Paragraph type="secondary">{t('pointsAdmin.rules.newRuleHint')}</Typography.Paragraph>
        <Form<RuleForm> form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="communityId"
            label={t('deliberation.fields.community')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <CommunityField />
          </Form.Item>
          <Form.Item
            name="eventType"
            label={t('pointsAdmin.rules.event')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Select options={EARNING_EVENTS.map((e) => ({ value: e, label: t(`points.events.${e}`) }))} />
          </Form.Item>
          <Form.Item
            name="pointsPerUnit"
            label={t('pointsAdmin.rules.pointsPerUnit')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <InputNumber min={0} max={10000} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Space size="large">
            <Form.Item name="dailyCap" label={t('pointsAdmin.rules.dailyCap')}>
              <InputNumber
                min={0}
                max={1000000}
                precision={0}
                placeholder={t('pointsAdmin.rules.noCap')}
                style={{ width: 160 }}
              />
            </Form.Item>
            <Form.Item name="monthlyCap" label={t('pointsAdmin.rules.monthlyCap')}>
              <InputNumber
                min={0}
                max={10000000}
                precision={0}
                placeholder={t('pointsAdmin.rules.noCap')}
                style={{ width: 160 }}
              />
            </Form.Item>
          </Space>
          <Form.Item
            name="effectiveFrom"
            label={t('pointsAdmin.rules.effectiveFrom')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <DatePicker disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
