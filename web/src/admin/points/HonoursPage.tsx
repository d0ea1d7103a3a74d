import { TrophyOutlined } from '@ant-design/icons';
import {
  App,
  AutoComplete,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Form,
  InputNumber,
  Modal,
  Row,
  Segmented,
  Space,
  Table,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { periodLabel } from '../../shared/points.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { pointsCalls, pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import type { Honour } from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect, useCommunityOptions } from '../components/CommunitySelect.tsx';
import { useCommunityName } from '../components/CommunityField.tsx';

type Kind = 'all' | 'year' | 'month';
const HONOUR_PRESETS = ['最美志愿者', '平安家庭', '文明家庭', '积分达人'];
const MEDALS = ['#d4a106', '#8c8c8c', '#ad6800'];

function periodValue(kind: Kind, at: Dayjs) {
  return kind === 'all' ? 'all' : kind === 'year' ? at.format('YYYY') : at.format('YYYY-MM');
}

/** 排行榜与荣誉: who earned most per community and period, and honours awarded by that ranking. */
export default function HonoursPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const communityName = useCommunityName();
  const [picked, setCommunityId] = useState<number>();
  // Staff of one community work in it; others choose.
  const options = useCommunityOptions();
  const communityId = picked ?? (options.length === 1 ? options[0]!.value : undefined);
  const [kind, setKind] = useState<Kind>('year');
  const [at, setAt] = useState(dayjs());
  const period = periodValue(kind, at);
  const queryClient = useQueryClient();
  const board = useQuery({
    ...pointsQueries.leaderboard({ communityId, period, limit: 50 }),
    placeholderData: keepPreviousData,
  });
  const honours = useQuery({ ...pointsQueries.honours({ communityId }), placeholderData: keepPreviousData });
  const [awarding, setAwarding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<{ title: string; top: number; includeStaff: boolean }>();
  const award = async (v: { title: string; top: number; includeStaff: boolean }) => {
    setSaving(true);
    try {
      await pointsCalls.awardHonours({
        communityId,
        period,
        title: v.title,
        top: v.top,
        includeStaff: v.includeStaff,
      });
      message.success(t('pointsAdmin.honours.awarded', { count: Math.min(v.top, board.data?.items.length ?? v.top) }));
      setAwarding(false);
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['title', 'top'])) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <div className="gz-page">
      <PageHeader
        title={t('pointsAdmin.honours.title')}
        description={t('pointsAdmin.honours.subtitle')}
        extra={
          <Space wrap>
            <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
            <Segmented<Kind>
              value={kind}
              onChange={setKind}
              options={(['month', 'year', 'all'] as const).map((k) => ({
                value: k,
                label: t(`pointsAdmin.honours.periodKind.${k}`),
              }))}
            />
            {kind !== 'all' && (
              <DatePicker
                picker={kind}
                value={at}
                onChange={(d) => d && setAt(d)}
                allowClear={false}
                aria-label={t('pointsAdmin.period.label')}
              />
            )}
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card
            title={`${t('pointsAdmin.honours.leaderboard')} · ${periodLabel(t, period)}`}
            extra={
              can(me, 'points.manage') && (
                <Button
                  icon={<TrophyOutlined />}
                  disabled={!communityId || !board.data?.items.length}
                  title={communityId ? undefined : t('pointsAdmin.honours.pickCommunity')}
                  onClick={() => {
                    form.resetFields();
                    setAwarding(true);
                  }}
                >
                  {t('pointsAdmin.honours.award')}
                </Button>
              )
            }
          >
            {board.error && <LoadError error={board.error} onRetry={() => void board.refetch()} />}
            {!communityId && can(me, 'points.manage') && (
              <Typography.Paragraph type="secondary">{t('pointsAdmin.honours.pickCommunity')}</Typography.Paragraph>
            )}
            <Table
              rowKey="userId"
              size="small"
              loading={board.isFetching}
              dataSource={board.data?.items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: t('pointsAdmin.honours.noRanking') }}
              columns={[
                {
                  title: t('pointsAdmin.honours.rank'),
                  dataIndex: 'rank',
                  width: 70,
                  render: (r: number) =>
                    r <= 3 ? (
                      <TrophyOutlined style={{ color: MEDALS[r - 1], fontSize: 18 }} aria-label={String(r)} />
                    ) : (
                      r
                    ),
                },
                { title: t('pointsAdmin.honours.name'), dataIndex: 'name' },
                { title: t('pointsAdmin.honours.points'), dataIndex: 'points', align: 'right' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('pointsAdmin.honours.honours')}>
            {honours.error && <LoadError error={honours.error} onRetry={() => void honours.refetch()} />}
            <Table<Honour>
              rowKey="id"
              size="small"
              loading={honours.isFetching}
              dataSource={honours.data?.items ?? []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: t('pointsAdmin.honours.noHonours') }}
              columns={[
                {
                  title: t('pointsAdmin.honours.honourTitle'),
                  dataIndex: 'title',
                  render: (v: string) => <strong>{v}</strong>,
                },
                { title: t('pointsAdmin.period.label'), dataIndex: 'period', render: (v: string) => periodLabel(t, v) },
                {
                  title: t('deliberation.fields.community'),
                  key: 'c',
                  render: (_v, h) => communityName(h.communityId),
                },
                { title: t('pointsAdmin.honours.name'), dataIndex: 'name' },
                { title: t('pointsAdmin.honours.points'), dataIndex: 'points', align: 'right' },
                {
                  title: t('pointsAdmin.honours.awardedAt'),
                  dataIndex: 'awardedAt',
                  render: (v: string) => formatDateTime(v).slice(0, 10),
                },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Modal
        open={awarding}
        title={t('pointsAdmin.honours.awardTitle')}
        onCancel={() => setAwarding(false)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.confirm')}
      >
        <Typography.Paragraph type="secondary">{t('pointsAdmin.honours.awardHint')}</Typography.Paragraph>
        <Typography.Paragraph>
          {communityName(communityId)} · {periodLabel(t, period)}
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          onFinish={award}
          initialValues={{ title: HONOUR_PRESETS[0], top: 10, includeStaff: false }}
        >
          <Form.Item
            name="title"
            label={t('pointsAdmin.honours.honourTitle')}
            rules={[{ required: true, whitespace: true, min: 2, max: 40, message: t('validation.required') }]}
          >
            <AutoComplete options={HONOUR_PRESETS.map((v) => ({ value: v }))} />
          </Form.Item>
          <Form.Item
            name="top"
            label={t('pointsAdmin.honours.top')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <InputNumber min={1} max={100} precision={0} />
          </Form.Item>
          <Form.Item name="includeStaff" valuePropName="checked" extra={t('pointsAdmin.honours.includeStaffHint')}>
            <Checkbox>{t('pointsAdmin.honours.includeStaff')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
