import { PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Col, DatePicker, Input, Row, Select, Space, Statistic, Table, Tabs, Tag } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  discountText,
  type ManagedOffer,
  OFFER_KINDS,
  OFFER_STATUSES,
  type OfferKind,
  type OfferStatus,
  welfareApi,
  welfareKeys,
} from '../../shared/welfare.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { OfferFormModal } from './OfferFormModal.tsx';

const STATUS_COLORS: Record<OfferStatus, string> = {
  current: 'green',
  upcoming: 'blue',
  ended: 'default',
  inactive: 'red',
};

function OffersTab() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [status, setStatus] = useState<OfferStatus | undefined>();
  const [kind, setKind] = useState<OfferKind | undefined>();
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<ManagedOffer | 'new' | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: welfareKeys.all });
  const toggle = async (o: ManagedOffer) => {
    try {
      await welfareApi.update(o.id, { active: !o.active });
      message.success(t('welfare.admin.saved'));
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Card
      title={
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t('welfare.search')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 220 }}
            data-testid="offer-search"
          />
          <Select
            allowClear
            placeholder={t('welfare.admin.status')}
            value={status}
            onChange={setStatus}
            style={{ width: 120 }}
            options={OFFER_STATUSES.map((s) => ({ value: s, label: t(`welfare.admin.statuses.${s}`) }))}
          />
          <Select
            allowClear
            placeholder={t('welfare.admin.kind')}
            value={kind}
            onChange={setKind}
            style={{ width: 110 }}
            options={OFFER_KINDS.map((k) => ({ value: k, label: t(`welfare.kinds.${k}`) }))}
          />
        </Space>
      }
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="offer-add">
          {t('welfare.admin.add')}
        </Button>
      }
    >
      <CursorTable
        rowKey="id"
        scroll={{ x: 1000 }}
        pageQuery={(page) =>
          queryOptions({
            queryKey: [...welfareKeys.all, 'manage', { status, kind, q, ...page }] as const,
            queryFn: () => welfareApi.manage({ status, kind, q: q || undefined, ...page }),
          })
        }
        locale={{ emptyText: t('welfare.admin.empty') }}
        columns={[
          { title: t('welfare.admin.partnerName'), dataIndex: 'partnerName' },
          { title: t('welfare.admin.offerTitle'), dataIndex: 'title' },
          {
            title: t('welfare.admin.discount'),
            render: (_: unknown, o: ManagedOffer) => discountText(o.pricePercent, i18n.language) ?? '—',
          },
          { title: t('welfare.admin.kind'), render: (_: unknown, o: ManagedOffer) => t(`welfare.kinds.${o.kind}`) },
          {
            title: t('welfare.admin.audience'),
            render: (_: unknown, o: ManagedOffer) => t(`welfare.admin.audiences.${o.audience}`),
          },
          { title: t('welfare.admin.community'), render: (_: unknown, o: ManagedOffer) => o.community.name },
          {
            title: t('welfare.admin.period'),
            render: (_: unknown, o: ManagedOffer) => `${o.startsOn} – ${o.endsOn ?? t('welfare.noEnd')}`,
          },
          {
            title: t('welfare.admin.status'),
            render: (_: unknown, o: ManagedOffer) => (
              <Tag color={STATUS_COLORS[o.status]}>{t(`welfare.admin.statuses.${o.status}`)}</Tag>
            ),
          },
          { title: t('welfare.admin.usesThisMonth'), dataIndex: 'usesThisMonth', align: 'right' },
          {
            title: '',
            render: (_: unknown, o: ManagedOffer) => (
              <Space>
                <Button size="small" onClick={() => setEditing(o)} data-testid={`offer-edit-${o.id}`}>
                  {t('welfare.admin.edit')}
                </Button>
                <Button size="small" danger={o.active} onClick={() => void toggle(o)}>
                  {o.active ? t('welfare.admin.switchOff') : t('welfare.admin.switchOn')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      {editing && (
        <OfferFormModal
          offer={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            refresh();
          }}
        />
      )}
    </Card>
  );
}

function FiguresTab() {
  const { t } = useTranslation();
  const [month, setMonth] = useState(dayjs().format('YYYY-MM'));
  const figures = useQuery({
    queryKey: [...welfareKeys.all, 'figures', month],
    queryFn: () => welfareApi.figures(month),
  });
  const f = figures.data;
  const option: ChartOption | null = f
    ? {
        tooltip: { trigger: 'axis' },
        grid: { left: 40, right: 16, top: 24, bottom: 32 },
        xAxis: { type: 'category', data: f.byDay.map((d) => d.day.slice(5)) },
        yAxis: { type: 'value', minInterval: 1 },
        series: [{ type: 'bar', name: t('welfare.admin.uses'), data: f.byDay.map((d) => d.uses), color: '#fa541c' }],
      }
    : null;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <DatePicker
        picker="month"
        allowClear={false}
        value={dayjs(`${month}-01`)}
        onChange={(d) => d && setMonth(d.format('YYYY-MM'))}
        data-testid="welfare-month"
      />
      {figures.error && <LoadError error={figures.error} onRetry={() => void figures.refetch()} />}
      <Row gutter={12}>
        {(['offers', 'uses', 'people'] as const).map((k) => (
          <Col key={k} xs={8}>
            <Card size="small" loading={figures.isPending}>
              <Statistic
                title={t(k === 'offers' ? 'welfare.admin.offerCount' : `welfare.admin.${k}`)}
                value={f?.[k] ?? '–'}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card size="small" title={t('welfare.admin.byDay')}>
        {option && f && f.byDay.length > 0 ? (
          <EChart option={option} height={240} ariaLabel={t('welfare.admin.byDay')} />
        ) : (
          <div style={{ color: '#999', padding: 24, textAlign: 'center' }}>{t('welfare.admin.noUses')}</div>
        )}
      </Card>
      <Card size="small" title={t('welfare.admin.byOffer')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          loading={figures.isPending}
          dataSource={f?.byOffer ?? []}
          columns={[
            { title: t('welfare.admin.partnerName'), dataIndex: 'partnerName' },
            { title: t('welfare.admin.offerTitle'), dataIndex: 'title' },
            { title: t('welfare.admin.uses'), dataIndex: 'uses', align: 'right' },
            { title: t('welfare.admin.people'), dataIndex: 'people', align: 'right' },
          ]}
        />
      </Card>
    </Space>
  );
}

/** 骑手福利: the offers of partner canteens and shops in my area, and how much they are used. */
export default function WelfareAdminPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader title={t('nav.welfare')} description={t('welfare.admin.description')} />
      <Tabs
        items={[
          { key: 'offers', label: t('welfare.admin.offersTab'), children: <OffersTab /> },
          { key: 'figures', label: t('welfare.admin.figuresTab'), children: <FiguresTab /> },
        ]}
      />
    </div>
  );
}
