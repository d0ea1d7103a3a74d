import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  App,
  Alert,
  Button,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  DatePicker,
} from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  type CreditLine,
  creditApi,
  creditKeys,
  EVIDENCE_BOUNDS,
  GRADE_COLORS,
  STAFF_EVIDENCE_KINDS,
} from '../../shared/credit.ts';
import { LoadError } from '../components/LoadError.tsx';

type StaffKind = (typeof STAFF_EVIDENCE_KINDS)[number];

/** A merchant's score with every evidence line and what it counts now; staff record evidence here. */
export function BreakdownDrawer({ merchantId, onClose }: { merchantId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<{ kind: StaffKind; occurredOn: dayjs.Dayjs; points: number; note?: string }>();
  const kind = Form.useWatch('kind', form);
  const b = useQuery({
    queryKey: [...creditKeys.all, 'breakdown', merchantId],
    queryFn: () => creditApi.breakdown(merchantId),
  });
  const save = async () => {
    const v = await form.validateFields();
    try {
      await creditApi.addEvidence(merchantId, {
        kind: v.kind,
        occurredOn: v.occurredOn.format('YYYY-MM-DD'),
        points: v.points,
        note: v.note ?? '',
      });
      message.success(t('credit.saved'));
      form.resetFields();
      void client.invalidateQueries({ queryKey: creditKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const openCard = async (pdf: boolean) => {
    try {
      const card = await creditApi.card(merchantId);
      window.open(pdf ? `/api/credit/cards/${card.token}/pdf` : card.path, '_blank');
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const d = b.data;
  const bounds = kind ? EVIDENCE_BOUNDS[kind] : undefined;
  return (
    <Drawer open width={860} title={d?.merchant.name ?? ''} onClose={onClose} data-testid="credit-drawer">
      {b.error && <LoadError error={b.error} onRetry={() => void b.refetch()} />}
      {d && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={3}>
            <Descriptions.Item label={t('credit.score')}>
              <b data-testid="credit-score">{d.score}</b> <Tag color={GRADE_COLORS[d.grade]}>{d.grade}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('credit.asOf')}>{d.asOf}</Descriptions.Item>
            <Descriptions.Item label={t('credit.official')}>
              {d.official[0] ? `${d.official[0].grade}（${d.official[0].gradedOn}，${d.official[0].issuer}）` : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('credit.base')}>{d.base}</Descriptions.Item>
            <Descriptions.Item label={t('credit.total')}>{d.total}</Descriptions.Item>
            <Descriptions.Item label={t('credit.snapshots')}>
              {d.snapshots.map((s) => `${s.month} ${s.grade}`).join('，') || '—'}
            </Descriptions.Item>
          </Descriptions>
          {d.clamped && <Alert type="info" message={t('credit.clamped')} />}
          <Space>
            <Button onClick={() => void openCard(false)}>{t('credit.cardOpen')}</Button>
            <Button onClick={() => void openCard(true)}>{t('credit.cardPdf')}</Button>
          </Space>
          <Table<CreditLine>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.lines}
            columns={[
              { title: t('credit.occurredOn'), dataIndex: 'occurredOn' },
              { title: t('credit.kind'), render: (_, l) => t(`credit.kinds.${l.kind}`) },
              { title: t('credit.points'), dataIndex: 'points', align: 'right' },
              {
                title: t('credit.contribution'),
                align: 'right',
                render: (_, l) =>
                  l.excluded ? <Tag>{t(`credit.excluded.${l.excluded}`)}</Tag> : l.contribution.toFixed(2),
              },
              {
                title: t('credit.source'),
                render: (_, l) =>
                  `${t(`credit.sources.${l.source.module}`, { defaultValue: l.source.module })} ${l.source.ref}`,
              },
              { title: t('credit.note'), dataIndex: 'note' },
            ]}
          />
          <Form form={form} layout="inline" initialValues={{ occurredOn: dayjs() }}>
            <Form.Item name="kind" rules={[{ required: true }]}>
              <Select
                placeholder={t('credit.kind')}
                style={{ width: 130 }}
                options={STAFF_EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`credit.kinds.${k}`) }))}
                data-testid="credit-kind"
              />
            </Form.Item>
            <Form.Item name="occurredOn" rules={[{ required: true }]}>
              <DatePicker disabledDate={(day) => day.isAfter(dayjs(), 'day')} />
            </Form.Item>
            <Form.Item
              name="points"
              rules={[{ required: true }]}
              tooltip={bounds && t('credit.pointsRange', { min: bounds[0], max: bounds[1] })}
            >
              <InputNumber
                placeholder={t('credit.points')}
                min={bounds?.[0] ?? -20}
                max={bounds?.[1] ?? 10}
                precision={0}
                data-testid="credit-points"
              />
            </Form.Item>
            <Form.Item name="note">
              <Input placeholder={t('credit.note')} maxLength={500} style={{ width: 200 }} />
            </Form.Item>
            <Button type="primary" onClick={() => void save()} data-testid="credit-add">
              {t('credit.addEvidence')}
            </Button>
          </Form>
        </Space>
      )}
    </Drawer>
  );
}
