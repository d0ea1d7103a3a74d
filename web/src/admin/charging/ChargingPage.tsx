import { PrinterOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Modal,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { fullChargeSeries, yuan, type SessionView, type StatsRow, type TariffView } from '../../shared/iot.ts';
import { chargingQueries, receiptPrintUrl } from '../../shared/query/charging.ts';
import { formatDateTime } from '../../shared/time.ts';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { PortQrButton } from './PortQrButton.tsx';
import '../devices/iot.css';

const TABS = ['stations', 'sessions', 'stats'] as const;
const SESSION_STATUSES = ['charging', 'completed', 'flagged'] as const satisfies readonly SessionView['status'][];
const SESSION_COLORS: Record<SessionView['status'], string> = {
  charging: 'processing',
  completed: 'success',
  flagged: 'error',
};
/** Stations for the pickers (an area has few). */
const PICKER_STATIONS = { limit: 100 };

/** 充电管理: stations with ports and tariffs, sessions with receipts, monthly statistics. */
export default function ChargingPage() {
  const { t } = useTranslation();
  const [filters, setFilters] = useUrlFilters(['stationId', 'status']);
  const [params, setParams] = useSearchParams();
  const tab = oneOf(params.get('tab') ?? undefined, TABS) ?? 'stations';
  const stationId = numberParam(filters.stationId);
  const status = oneOf(filters.status, SESSION_STATUSES);
  const openStation = numberParam(params.get('station') ?? undefined) ?? null;
  const openReceipt = numberParam(params.get('receipt') ?? undefined) ?? null;
  // A tab, a station or a receipt opened is a step in the history (back returns); closing is not.
  const go = (name: 'tab' | 'station' | 'receipt', value: string | number | null) => {
    const p = new URLSearchParams(params);
    if (value === null) p.delete(name);
    else p.set(name, String(value));
    setParams(p, { replace: value === null });
  };
  const stations = useQuery(chargingQueries.stations(PICKER_STATIONS));
  const stationOptions = (stations.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }));

  return (
    <div className="gz-page" data-testid="charging-page">
      <PageHeader title={t('nav.charging')} description={t('iot.charging.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => go('tab', k)}
          items={TABS.map((k) => ({ key: k, label: t(`iot.charging.tabs.${k}`) }))}
        />
        {tab === 'stations' && (
          <CursorTable
            rowKey="id"
            pageQuery={(page) => chargingQueries.stations({ ...page })}
            onRow={(s) =>
              ({
                onClick: () => go('station', s.id),
                style: { cursor: 'pointer' },
                'data-testid': `station-row-${s.id}`,
              }) as HTMLAttributes<HTMLElement>
            }
            locale={{ emptyText: t('iot.charging.emptyStations') }}
            columns={[
              {
                title: t('iot.charging.station'),
                dataIndex: 'name',
                render: (n: string, s) => (
                  <Space>
                    <ThunderboltOutlined style={{ color: '#389e0d' }} />
                    <strong>{n}</strong>
                    {!s.active && <Tag>{t('iot.charging.inactive')}</Tag>}
                  </Space>
                ),
              },
              { title: t('iot.charging.community'), dataIndex: 'communityName' },
              { title: t('iot.charging.address'), dataIndex: 'address' },
              { title: t('iot.charging.operator'), dataIndex: 'operator' },
              {
                title: t('iot.charging.ports'),
                dataIndex: 'portCount',
                render: (c: number) => t('iot.charging.portCount', { count: c }),
              },
            ]}
          />
        )}
        {tab === 'sessions' && (
          <>
            <div className="gz-filters">
              <Select
                allowClear
                placeholder={t('iot.charging.station')}
                value={stationId}
                onChange={(v?: number) => setFilters({ stationId: v })}
                options={stationOptions}
                style={{ width: 280 }}
                aria-label={t('iot.charging.station')}
              />
              <Select
                allowClear
                placeholder={t('iot.charging.columns.status')}
                value={status}
                onChange={(v?: string) => setFilters({ status: v })}
                options={SESSION_STATUSES.map((s) => ({ value: s, label: t(`iot.charging.status.${s}`) }))}
                style={{ width: 130 }}
                aria-label={t('iot.charging.columns.status')}
              />
              <ExportButton kind="charging-sessions" filters={{ stationId, status }} />
            </div>
            <CursorTable
              rowKey="id"
              pageQuery={(page) => chargingQueries.sessions({ stationId, status, ...page })}
              onRow={(s) =>
                ({
                  onClick: () => go('receipt', s.id),
                  style: { cursor: 'pointer' },
                  'data-testid': `session-row-${s.id}`,
                }) as HTMLAttributes<HTMLElement>
              }
              locale={{ emptyText: t('iot.charging.emptySessions') }}
              scroll={{ x: 1000 }}
              columns={[
                {
                  title: t('iot.charging.columns.id'),
                  dataIndex: 'id',
                  width: 70,
                  render: (id: number) => <span className="gz-mono">#{id}</span>,
                },
                {
                  title: t('iot.charging.columns.station'),
                  key: 'station',
                  render: (_v, s) => (
                    <div className="gz-two-lines">
                      <span>{s.stationName}</span>
                      <div className="gz-muted gz-small">
                        {t('iot.charging.port')} {s.portLabel} · {t(`iot.charging.source.${s.source}`)}
                      </div>
                    </div>
                  ),
                },
                {
                  title: t('iot.charging.columns.started'),
                  dataIndex: 'startedAt',
                  width: 130,
                  render: (at: string) => formatDateTime(at).slice(5, 16),
                },
                {
                  title: t('iot.charging.columns.stopped'),
                  dataIndex: 'stoppedAt',
                  width: 130,
                  render: (at: string | null) => (at ? formatDateTime(at).slice(5, 16) : '—'),
                },
                {
                  title: t('iot.charging.columns.energy'),
                  dataIndex: 'energyKwh',
                  width: 110,
                  align: 'right',
                  render: (e: string | null) => <span className="gz-mono">{e ?? '—'}</span>,
                },
                {
                  title: t('iot.charging.columns.electricity'),
                  dataIndex: 'electricityFen',
                  width: 90,
                  align: 'right',
                  render: (f: number | null) => <span className="gz-mono">{yuan(f)}</span>,
                },
                {
                  title: t('iot.charging.columns.service'),
                  dataIndex: 'serviceFen',
                  width: 90,
                  align: 'right',
                  render: (f: number | null) => <span className="gz-mono">{yuan(f)}</span>,
                },
                {
                  title: t('iot.charging.columns.total'),
                  dataIndex: 'totalFen',
                  width: 90,
                  align: 'right',
                  render: (f: number | null) => <strong className="gz-mono">{yuan(f)}</strong>,
                },
                {
                  title: t('iot.charging.columns.status'),
                  dataIndex: 'status',
                  width: 90,
                  render: (s: SessionView['status']) => (
                    <Tag color={SESSION_COLORS[s]}>{t(`iot.charging.status.${s}`)}</Tag>
                  ),
                },
              ]}
            />
          </>
        )}
        {tab === 'stats' && <Stats stationOptions={stationOptions} />}
      </Card>
      <StationDrawer stationId={openStation} onClose={() => go('station', null)} />
      <ReceiptModal sessionId={openReceipt} onClose={() => go('receipt', null)} />
    </div>
  );
}

function Tariff({ tariff }: { tariff: TariffView }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      style={{ marginBottom: 12 }}
      title={
        <Space>
          {t('iot.charging.effectiveFrom')} {formatDateTime(tariff.effectiveFrom).slice(0, 16)}
          {tariff.inForce && <Tag color="success">{t('iot.charging.inForce')}</Tag>}
        </Space>
      }
    >
      <Table
        size="small"
        pagination={false}
        rowKey={(b) => `${b.kind}-${b.start}`}
        dataSource={tariff.bands}
        columns={[
          {
            title: t('iot.charging.band'),
            key: 'band',
            render: (_v, b) => (
              <Tag
                color={b.kind === 'peak' || b.kind === 'sharp' ? 'volcano' : b.kind === 'valley' ? 'blue' : 'default'}
              >
                {t(`iot.charging.bandKind.${b.kind}`)}
              </Tag>
            ),
          },
          { title: '', key: 'period', render: (_v, b) => `${b.start}–${b.end}` },
          {
            title: t('iot.charging.price'),
            dataIndex: 'price',
            align: 'right',
            render: (p: string) => <span className="gz-mono">{p}</span>,
          },
          {
            title: t('iot.charging.servicePrice'),
            key: 'service',
            align: 'right',
            render: () => <span className="gz-mono">{tariff.servicePrice}</span>,
          },
        ]}
      />
      {tariff.note && (
        <Typography.Paragraph type="secondary" className="gz-small" style={{ margin: '8px 0 0' }}>
          {tariff.note}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

function StationDrawer({ stationId, onClose }: { stationId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const station = useQuery({ ...chargingQueries.station(stationId ?? 0), enabled: stationId !== null });
  const s = station.data;
  return (
    <Drawer title={t('iot.charging.station')} open={stationId !== null} onClose={onClose} size={680} destroyOnHidden>
      {station.error && <LoadError error={station.error} onRetry={() => void station.refetch()} />}
      {s && s.id === stationId && (
        <div data-testid="station-detail" style={{ display: 'flex', flexDirection: 'column', gap: 20 }}>
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('iot.charging.station')}>
              <strong>{s.name}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.community')}>{s.communityName}</Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.address')}>{s.address || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.operator')}>{s.operator || '—'}</Descriptions.Item>
          </Descriptions>
          <section>
            <Typography.Title level={5}>{t('iot.charging.ports')}</Typography.Title>
            <div className="gz-port-grid">
              {s.ports.map((p) => (
                <div key={p.id} className={`gz-port ${p.charging ? 'gz-port-charging' : ''}`}>
                  <strong>{p.label}</strong> <PortQrButton port={p} stationName={s.name} />{' '}
                  <Tag color={!p.active ? 'default' : p.charging ? 'success' : 'blue'}>
                    {!p.active
                      ? t('iot.charging.inactive')
                      : p.charging
                        ? t('iot.charging.charging')
                        : t('iot.charging.idle')}
                  </Tag>
                  <div className="gz-muted gz-small gz-mono">
                    {p.deviceCode} · #{p.devicePort}
                  </div>
                </div>
              ))}
            </div>
          </section>
          <section>
            <Typography.Title level={5}>{t('iot.charging.tariffs')}</Typography.Title>
            {s.tariffs.length ? (
              s.tariffs.map((tariff) => <Tariff key={tariff.id} tariff={tariff} />)
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
            )}
          </section>
        </div>
      )}
    </Drawer>
  );
}

/** The receipt of a completed session; a session still charging or flagged shows what it has. */
function ReceiptModal({ sessionId, onClose }: { sessionId: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const session = useQuery({ ...chargingQueries.session(sessionId ?? 0), enabled: sessionId !== null });
  const s = session.data;
  // Only a completed session has a receipt.
  const receipt = useQuery({
    ...chargingQueries.receipt(sessionId ?? 0),
    enabled: sessionId !== null && s?.id === sessionId && s.status === 'completed',
  });
  const r = receipt.data;
  const error = session.error ?? receipt.error;
  return (
    <Modal
      open={sessionId !== null}
      title={t('iot.charging.receiptTitle')}
      onCancel={onClose}
      width={760}
      destroyOnHidden
      footer={
        <Space>
          {r && (
            <a href={receiptPrintUrl(r.sessionId)} target="_blank" rel="noreferrer">
              <Button icon={<PrinterOutlined />}>{t('iot.charging.printable')}</Button>
            </a>
          )}
          <Button type="primary" onClick={onClose}>
            {t('common.close')}
          </Button>
        </Space>
      }
    >
      {error && (
        <LoadError error={error} onRetry={() => void (session.error ? session.refetch() : receipt.refetch())} />
      )}
      {s && s.id === sessionId && s.status !== 'completed' && (
        <Alert
          type={s.status === 'flagged' ? 'error' : 'info'}
          showIcon
          title={`${t(`iot.charging.status.${s.status}`)}${s.flagReason ? ` · ${s.flagReason}` : ''}`}
          description={`${s.stationName} · ${s.portLabel} · ${formatDateTime(s.startedAt)}`}
        />
      )}
      {r && r.sessionId === sessionId && (
        <div data-testid="receipt">
          <Descriptions column={2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('iot.charging.station')} span={2}>
              {r.station} · {t('iot.charging.port')} {r.port}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.operator')}>{r.operator || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.address')}>{r.address || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.columns.started')}>{r.startedAt}</Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.columns.stopped')}>{r.stoppedAt}</Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.meter')}>
              <span className="gz-mono">
                {r.meterStartKwh} → {r.meterEndKwh}
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.charging.energy')}>
              <strong className="gz-mono">{r.energyKwh} kWh</strong>
            </Descriptions.Item>
          </Descriptions>
          <Table
            style={{ marginTop: 16 }}
            size="small"
            pagination={false}
            rowKey={(l, i) => `${l.band}-${l.tariffId}-${i}`}
            dataSource={r.lines}
            columns={[
              { title: t('iot.charging.band'), key: 'band', render: (_v, l) => `${l.bandName} ${l.period}` },
              {
                title: '',
                dataIndex: 'minutes',
                align: 'right',
                render: (m: number) => t('iot.charging.minutes', { count: m }),
              },
              {
                title: 'kWh',
                dataIndex: 'energyKwh',
                align: 'right',
                render: (e: string) => <span className="gz-mono">{e}</span>,
              },
              {
                title: t('iot.charging.price'),
                dataIndex: 'price',
                align: 'right',
                render: (p: string) => <span className="gz-mono">{p}</span>,
              },
              {
                title: t('iot.charging.lineElectricity'),
                dataIndex: 'electricity',
                align: 'right',
                render: (v: string) => <span className="gz-mono">{v}</span>,
              },
              {
                title: t('iot.charging.servicePrice'),
                dataIndex: 'servicePrice',
                align: 'right',
                render: (p: string) => <span className="gz-mono">{p}</span>,
              },
              {
                title: t('iot.charging.lineService'),
                dataIndex: 'service',
                align: 'right',
                render: (v: string) => <span className="gz-mono">{v}</span>,
              },
            ]}
          />
          <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 24, marginTop: 16, alignItems: 'baseline' }}>
            <span>
              {t('iot.charging.electricityFee')} <b className="gz-mono">¥{r.electricityFee}</b>
            </span>
            <span>
              {t('iot.charging.serviceFee')} <b className="gz-mono">¥{r.serviceFee}</b>
            </span>
            <span className="gz-receipt-total" data-testid="receipt-total">
              {t('iot.charging.total')} <span className="gz-mono">¥{r.total}</span>
            </span>
          </div>
          <Typography.Paragraph type="secondary" className="gz-small" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('iot.charging.rounding')}：{r.rounding}
          </Typography.Paragraph>
        </div>
      )}
    </Modal>
  );
}

function Stats({ stationOptions }: { stationOptions: { value: number; label: string }[] }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<[string, string]>(() => [
    dayjs().subtract(5, 'month').format('YYYY-MM'),
    dayjs().format('YYYY-MM'),
  ]);
  const [stationId, setStationId] = useState<number | undefined>();
  const stats = useQuery(chargingQueries.stats({ from: range[0], to: range[1], stationId }));
  const option = useMemo<ChartOption | null>(() => {
    if (!stats.data) return null;
    const series = fullChargeSeries(stats.data);
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `¥${v.toFixed(2)}` : '—') },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 32 },
      xAxis: { type: 'category', data: stats.data.months },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => `¥${v.toFixed(2)}` } },
      series: series.map((s) => ({
        type: 'bar',
        name: s.station,
        data: s.values,
        barMaxWidth: 36,
        label: {
          show: true,
          position: 'top',
          formatter: (p: { value: unknown }) => (typeof p.value === 'number' ? p.value.toFixed(2) : ''),
        },
      })),
    };
  }, [stats.data]);

  return (
    <div data-testid="charging-stats">
      <div className="gz-filters">
        <DatePicker.RangePicker
          picker="month"
          allowClear={false}
          value={[dayjs(`${range[0]}-01`), dayjs(`${range[1]}-01`)]}
          onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM'), v[1].format('YYYY-MM')])}
          placeholder={[t('iot.charging.from'), t('iot.charging.to')]}
        />
        <Select
          allowClear
          placeholder={t('iot.charging.station')}
          value={stationId}
          onChange={setStationId}
          options={stationOptions}
          style={{ width: 280 }}
          aria-label={t('iot.charging.station')}
        />
      </div>
      {stats.error && <LoadError error={stats.error} onRetry={() => void stats.refetch()} />}
      {stats.data && stats.data.rows.length === 0 && <Empty description={t('iot.charging.emptyStats')} />}
      {stats.data && stats.data.rows.length > 0 && option && (
        <>
          <Typography.Title level={5}>{t('iot.charging.statsTitle')}</Typography.Title>
          <Typography.Text type="secondary">
            {t('iot.charging.statsHint', { kwh: stats.data.fullChargeKwh })}
          </Typography.Text>
          <EChart option={option} height={300} ariaLabel={t('iot.charging.statsTitle')} />
          <Table<StatsRow>
            size="small"
            pagination={false}
            rowKey={(r) => `${r.stationId}-${r.month}`}
            dataSource={stats.data.rows}
            columns={[
              { title: t('iot.charging.station'), dataIndex: 'stationName' },
              { title: t('iot.charging.statsColumns.month'), dataIndex: 'month' },
              { title: t('iot.charging.statsColumns.sessions'), dataIndex: 'sessions', align: 'right' },
              {
                title: t('iot.charging.statsColumns.energy'),
                dataIndex: 'energyKwh',
                align: 'right',
                render: (e: string) => <span className="gz-mono">{e}</span>,
              },
              {
                title: t('iot.charging.statsColumns.total'),
                dataIndex: 'totalFen',
                align: 'right',
                render: (f: number) => <span className="gz-mono">¥{yuan(f)}</span>,
              },
              {
                title: t('iot.charging.statsColumns.perKwh'),
                dataIndex: 'averagePerKwhFen',
                align: 'right',
                render: (f: number | null) => <span className="gz-mono">{f === null ? '—' : `¥${yuan(f)}`}</span>,
              },
              { title: t('iot.charging.statsColumns.fullCharges'), dataIndex: 'fullCharges', align: 'right' },
              {
                title: t('iot.charging.statsColumns.perFull'),
                dataIndex: 'averagePerFullChargeFen',
                align: 'right',
                render: (f: number | null) => <strong className="gz-mono">{f === null ? '—' : `¥${yuan(f)}`}</strong>,
              },
              { title: t('iot.charging.statsColumns.flagged'), dataIndex: 'flagged', align: 'right' },
            ]}
          />
        </>
      )}
    </div>
  );
}
