import {
  AlertOutlined,
  CheckOutlined,
  EnvironmentOutlined,
  FileSearchOutlined,
  ReloadOutlined,
  StopOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Form,
  Input,
  Modal,
  Row,
  Select,
  Space,
  Switch,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { latLngBounds } from 'leaflet';
import { useEffect, useMemo, useRef, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Marker, Tooltip as MapTooltip, useMap } from 'react-leaflet';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  ACTIVE_ALARM_STATUSES,
  ALARM_STATUSES,
  ALARM_TYPES,
  SEVERITIES,
  SEVERITY_COLORS,
  alarmActions,
  alarmTypeLabel,
  elapsed,
  metricLabel,
  severityRank,
  type AlarmStatus,
  type AlarmView,
  type Severity,
} from '../../shared/iot.ts';
import { useLive } from '../../shared/live.tsx';
import { BaseMap, useDatum } from '../../shared/map/BaseMap.tsx';
import { pinIcon } from '../../shared/map/pin.ts';
import { devicesCalls, devicesKeys, devicesQueries } from '../../shared/query/devices.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { useNow } from '../../shared/useNow.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { MatterDrawer } from '../matters/MatterDrawer.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { AlarmStatusTag, SeverityTag } from './tags.tsx';
import { useAreaDrill } from '../org/AreaDrill.tsx';
import { areaOptions, areaValue, parseArea, placeText } from '../org/area.ts';

/** How long a row that just arrived or changed stays highlighted. */
const HIGHLIGHT_MS = 8000;
/** Active alarms drawn on the map and counted at the top. */
const MAP_LIMIT = 200;

interface Filters {
  status: AlarmStatus[];
  severity: Severity[];
  type?: string;
  communityId?: number;
  gridId?: number;
  q: string;
}

function positive(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function readFilters(p: URLSearchParams): Filters {
  // The board opens on what still needs someone: active alarms.
  const status = p.has('status')
    ? p.getAll('status').filter((s): s is AlarmStatus => (ALARM_STATUSES as readonly string[]).includes(s))
    : [...ACTIVE_ALARM_STATUSES];
  return {
    status,
    severity: p.getAll('severity').filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s)),
    type: p.get('type') ?? undefined,
    communityId: positive(p.get('communityId')),
    gridId: positive(p.get('gridId')),
    q: p.get('q') ?? '',
  };
}

function writeFilters(p: URLSearchParams, f: Filters) {
  for (const name of ['status', 'severity', 'type', 'communityId', 'gridId', 'q']) p.delete(name);
  // An empty status list is "all" and must survive the round trip, unlike the default.
  if (f.status.length === 0) p.append('status', '');
  for (const s of f.status) p.append('status', s);
  for (const s of f.severity) p.append('severity', s);
  if (f.type) p.set('type', f.type);
  if (f.communityId) p.set('communityId', String(f.communityId));
  if (f.gridId) p.set('gridId', String(f.gridId));
  if (f.q) p.set('q', f.q);
}

const listQuery = (f: Filters) => ({
  status: f.status.join(',') || undefined,
  severity: f.severity.join(',') || undefined,
  type: f.type,
  communityId: f.communityId,
  gridId: f.gridId,
  q: f.q || undefined,
});

/** 告警中心: alarms of the caller's area, live, with the active ones on a map. */
export default function AlarmsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { notification } = App.useApp();
  const { index } = useOrgTree();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const { areaId, banner } = useAreaDrill();
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  const queryClient = useQueryClient();
  const [highlight, setHighlight] = useState<Map<number, 'new' | 'changed'>>(new Map());
  const [openAlarm, setOpenAlarm] = useState<number | null>(null);
  const [openMatter, setOpenMatter] = useState<number | null>(null);
  const now = useNow(30_000);
  const areas = useMemo(() => areaOptions(index), [index]);
  const canHandle = can(me, 'devices.handle');

  // Active alarms of the whole area, for the counts and the map (whatever the table's filters).
  // Live alarm events make every alarm query stale (LiveInvalidation); here they only mark rows and pop up.
  const active = useQuery(devicesQueries.alarms({ status: ACTIVE_ALARM_STATUSES.join(','), limit: MAP_LIMIT }));
  const changed = () => void queryClient.invalidateQueries({ queryKey: devicesKeys.all });

  useLive('alarm', (event) => {
    const fresh = event.change === 'raised';
    // A new alarm stays marked new through the changes that follow it at once.
    setHighlight((h) => new Map(h).set(event.id, fresh || h.get(event.id) === 'new' ? 'new' : 'changed'));
    setTimeout(
      () =>
        setHighlight((h) => {
          const next = new Map(h);
          next.delete(event.id);
          return next;
        }),
      HIGHLIGHT_MS,
    );
    if (fresh || event.change === 'escalated') {
      // A pop-up, no sound: the row is highlighted too.
      const key = `alarm-${event.id}`;
      const open = event.severity === 'critical' ? notification.error : notification.warning;
      open({
        key,
        title: t('iot.alarms.newAlarm', { type: alarmTypeLabel(t, event.type) }),
        description: t('iot.alarms.newAlarmBody', {
          device: event.deviceCode,
          severity: t(`iot.severity.${event.severity}`),
        }),
        placement: 'topRight',
        duration: 8,
        icon: <AlertOutlined style={{ color: SEVERITY_COLORS[event.severity] }} />,
        actions: (
          <Button
            size="small"
            type="primary"
            onClick={() => {
              notification.destroy(key);
              setOpenAlarm(event.id);
            }}
          >
            {t('common.view')}
          </Button>
        ),
      });
    }
  });

  const setFilters = (next: Filters) => {
    const p = new URLSearchParams(params);
    writeFilters(p, next);
    setParams(p, { replace: true });
  };
  const activeItems = active.data?.items ?? [];
  const counts = {
    active: activeItems.length,
    unack: activeItems.filter((a) => a.status === 'active_unack').length,
    critical: activeItems.filter((a) => a.severity === 'critical').length,
  };
  const onlyActive =
    filters.status.length === ACTIVE_ALARM_STATUSES.length &&
    ACTIVE_ALARM_STATUSES.every((s) => filters.status.includes(s));

  return (
    <div className="gz-page" data-testid="alarm-board">
      <PageHeader
        title={t('nav.alarms')}
        description={t('iot.alarms.subtitle')}
        extra={
          <Space>
            <Tag icon={<WifiOutlined />} color="success" className="gz-live-tag">
              {t('iot.alarms.live')}
            </Tag>
            <ExportButton kind="alarms" filters={{ ...listQuery(filters), areaId }} />
          </Space>
        }
      />
      <Row gutter={16} style={{ marginBottom: 16 }}>
        <Col xs={24} lg={7}>
          <Card style={{ height: '100%' }}>
            <div className="gz-alarm-stats" data-testid="alarm-counts">
              {(['active', 'unack', 'critical'] as const).map((k) => (
                <div key={k} className={`gz-alarm-stat gz-alarm-stat-${k}`}>
                  <div className="gz-alarm-stat-value">{active.data ? counts[k] : '–'}</div>
                  <div className="gz-muted">{t(`iot.alarms.counts.${k}`)}</div>
                </div>
              ))}
            </div>
            <div style={{ marginTop: 16 }}>
              <Typography.Text type="secondary">{t('iot.alarms.mapLegend')}</Typography.Text>
              <div style={{ marginTop: 8, display: 'flex', flexWrap: 'wrap', gap: 12 }}>
                {SEVERITIES.map((s) => (
                  <span key={s}>
                    <span className="gz-legend-dot" style={{ background: SEVERITY_COLORS[s] }} />
                    {t(`iot.severity.${s}`)}
                  </span>
                ))}
              </div>
              <Typography.Paragraph type="secondary" className="gz-small" style={{ marginTop: 12, marginBottom: 0 }}>
                {t('iot.alarms.mapHint')}
                {activeItems.some((a) => a.lat === null) &&
                  ` · ${t('iot.alarms.mapNoPlace', { count: activeItems.filter((a) => a.lat === null).length })}`}
              </Typography.Paragraph>
            </div>
          </Card>
        </Col>
        <Col xs={24} lg={17}>
          <Card styles={{ body: { padding: 8 } }}>
            {active.error && <LoadError error={active.error} onRetry={() => void active.refetch()} />}
            <div data-testid="alarm-map">
              <BaseMap zoom={15} className="gz-map gz-alarm-map" fitBackdrop={activeItems.every((a) => a.lat === null)}>
                <FitAlarms alarms={activeItems} />
                {activeItems
                  .filter((a) => a.lat !== null && a.lng !== null)
                  .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
                  .map((a) => (
                    <AlarmMarker key={a.id} alarm={a} onOpen={setOpenAlarm} />
                  ))}
              </BaseMap>
            </div>
          </Card>
        </Col>
      </Row>
      <Card>
        {banner}
        <div className="gz-filters">
          <Input.Search
            placeholder={t('iot.alarms.filters.search')}
            allowClear
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onSearch={(value) => setFilters({ ...filters, q: value.trim() })}
            style={{ width: 280 }}
            enterButton
            aria-label={t('iot.alarms.filters.search')}
          />
          <Space>
            <Switch
              checked={onlyActive}
              onChange={(on) => setFilters({ ...filters, status: on ? [...ACTIVE_ALARM_STATUSES] : [] })}
              aria-label={t('iot.alarms.onlyActive')}
            />
            <span>{t('iot.alarms.onlyActive')}</span>
          </Space>
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('iot.alarms.filters.status')}
            value={filters.status}
            onChange={(status: AlarmStatus[]) => setFilters({ ...filters, status })}
            options={ALARM_STATUSES.map((s) => ({ value: s, label: t(`iot.alarmStatus.${s}`) }))}
            style={{ width: 200 }}
            aria-label={t('iot.alarms.filters.status')}
          />
          <Select
            mode="multiple"
            allowClear
            maxTagCount="responsive"
            placeholder={t('iot.alarms.filters.severity')}
            value={filters.severity}
            onChange={(severity: Severity[]) => setFilters({ ...filters, severity })}
            options={SEVERITIES.map((s) => ({ value: s, label: t(`iot.severity.${s}`) }))}
            style={{ width: 170 }}
            aria-label={t('iot.alarms.filters.severity')}
          />
          <Select
            allowClear
            placeholder={t('iot.alarms.filters.type')}
            value={filters.type}
            onChange={(type?: string) => setFilters({ ...filters, type })}
            options={ALARM_TYPES.map((type) => ({ value: type, label: alarmTypeLabel(t, type) }))}
            style={{ width: 150 }}
            aria-label={t('iot.alarms.filters.type')}
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('matters.filters.area')}
            value={areaValue(filters.communityId, filters.gridId)}
            onChange={(value?: string) => setFilters({ ...filters, ...parseArea(value) })}
            treeData={areas}
            style={{ width: 220 }}
            aria-label={t('matters.filters.area')}
          />
          <Button
            icon={<ReloadOutlined />}
            onClick={() => setFilters({ status: [...ACTIVE_ALARM_STATUSES], severity: [], q: '' })}
          >
            {t('filters.reset')}
          </Button>
        </div>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => devicesQueries.alarms({ ...listQuery(filters), areaId, ...page })}
          size="middle"
          scroll={{ x: 1120 }}
          rowClassName={(a) => {
            const mark = highlight.get(a.id);
            return [
              'gz-alarm-row',
              mark ? `gz-row-${mark}` : '',
              a.active && a.severity === 'critical' ? 'gz-alarm-row-critical' : '',
              a.active ? '' : 'gz-alarm-row-cleared',
            ].join(' ');
          }}
          onRow={(a) =>
            ({
              onClick: () => setOpenAlarm(a.id),
              'data-testid': `alarm-row-${a.id}`,
              'data-device': a.device.code,
              'data-status': a.status,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: onlyActive ? t('iot.alarms.emptyActive') : t('iot.alarms.empty') }}
          columns={[
            {
              title: t('iot.alarms.columns.severity'),
              dataIndex: 'severity',
              width: 76,
              render: (s: Severity) => <SeverityTag severity={s} />,
            },
            {
              title: t('iot.alarms.columns.type'),
              key: 'type',
              width: 170,
              render: (_v, a) => (
                <div className="gz-two-lines">
                  <strong>{alarmTypeLabel(t, a.type)}</strong>
                  <div className="gz-muted gz-small">
                    {t('iot.alarms.columns.value')} <span className="gz-mono">{a.lastValue ?? '—'}</span>
                  </div>
                </div>
              ),
            },
            {
              title: t('iot.alarms.columns.device'),
              key: 'device',
              render: (_v, a) => (
                <div className="gz-two-lines">
                  <Typography.Text ellipsis={{ tooltip: a.device.name }}>{a.device.name}</Typography.Text>
                  <div className="gz-muted gz-small gz-mono">{a.device.code}</div>
                </div>
              ),
            },
            {
              title: t('iot.alarms.columns.place'),
              key: 'place',
              width: 180,
              render: (_v, a) => (
                <div className="gz-two-lines">
                  <span>{a.communityName ?? '—'}</span>
                  <div className="gz-muted gz-small">{a.gridName ?? ''}</div>
                </div>
              ),
            },
            {
              title: t('iot.alarms.columns.status'),
              dataIndex: 'status',
              width: 130,
              render: (s: AlarmStatus) => <AlarmStatusTag status={s} />,
            },
            {
              title: t('iot.alarms.columns.since'),
              key: 'since',
              width: 120,
              render: (_v, a) => (
                <div className="gz-two-lines">
                  <Tooltip title={formatDateTime(a.startedAt)}>
                    <span>{a.active ? elapsed(t, a.startedAt, now) : formatDateTime(a.clearedAt).slice(5, 16)}</span>
                  </Tooltip>
                  {a.count > 1 && (
                    <div>
                      <Tag color="volcano" className="gz-small">
                        {t('iot.alarms.count', { count: a.count })}
                      </Tag>
                    </div>
                  )}
                </div>
              ),
            },
            {
              title: t('iot.alarms.columns.actions'),
              key: 'actions',
              width: 250,
              render: (_v, a) => (
                <div onClick={(e) => e.stopPropagation()}>
                  <AlarmButtons alarm={a} canHandle={canHandle} onDone={changed} onOpenMatter={setOpenMatter} compact />
                </div>
              ),
            },
          ]}
        />
      </Card>
      <AlarmDrawer
        alarmId={openAlarm}
        canHandle={canHandle}
        onClose={() => setOpenAlarm(null)}
        onChanged={changed}
        onOpenMatter={(id) => {
          setOpenAlarm(null);
          setOpenMatter(id);
        }}
      />
      <MatterDrawer matterId={openMatter} onClose={() => setOpenMatter(null)} onChanged={changed} />
    </div>
  );
}

/** Acknowledge, clear (with a note) and the matter link, as the server allows for the alarm's status. */
function AlarmButtons({
  alarm,
  canHandle,
  onDone,
  onOpenMatter,
  compact = false,
}: {
  alarm: AlarmView;
  canHandle: boolean;
  onDone: () => void;
  onOpenMatter: (id: number) => void;
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<'ack' | 'clear' | null>(null);
  const [clearing, setClearing] = useState(false);
  const [form] = Form.useForm<{ note: string }>();
  const allowed = alarmActions(alarm);

  const act = async (action: 'ack' | 'clear', note?: string) => {
    setBusy(action);
    try {
      await (action === 'ack' ? devicesCalls.acknowledgeAlarm(alarm.id) : devicesCalls.clearAlarm(alarm.id, note));
      message.success(action === 'ack' ? t('iot.alarms.acked') : t('iot.alarms.cleared'));
      setClearing(false);
      onDone();
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Space size={4} wrap>
      {canHandle && allowed.ack && (
        <Button
          size="small"
          type="primary"
          icon={<CheckOutlined />}
          loading={busy === 'ack'}
          onClick={() => void act('ack')}
        >
          {t('iot.alarms.ack')}
        </Button>
      )}
      {canHandle && allowed.clear && (
        <Button
          size="small"
          danger
          icon={<StopOutlined />}
          loading={busy === 'clear'}
          onClick={() => setClearing(true)}
        >
          {t('iot.alarms.clear')}
        </Button>
      )}
      {alarm.matterId !== null ? (
        <Button size="small" icon={<FileSearchOutlined />} onClick={() => onOpenMatter(alarm.matterId!)}>
          {t('iot.alarms.openMatter')}
        </Button>
      ) : (
        !compact && <Typography.Text type="secondary">{t('iot.alarms.noMatter')}</Typography.Text>
      )}
      <Modal
        open={clearing}
        title={`${t('iot.alarms.clearTitle')} · ${alarmTypeLabel(t, alarm.type)} · ${alarm.device.code}`}
        onCancel={() => setClearing(false)}
        okText={t('iot.alarms.clear')}
        okButtonProps={{ danger: true, loading: busy === 'clear' }}
        onOk={() => void form.validateFields().then((v) => act('clear', v.note?.trim()))}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('iot.alarms.clearHint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item name="note" label={t('iot.alarms.clearNote')} rules={[{ max: 500 }]}>
            <Input.TextArea rows={3} placeholder={t('iot.alarms.clearNotePlaceholder')} maxLength={500} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

function AlarmDrawer({
  alarmId,
  canHandle,
  onClose,
  onChanged,
  onOpenMatter,
}: {
  alarmId: number | null;
  canHandle: boolean;
  onClose: () => void;
  onChanged: () => void;
  onOpenMatter: (id: number) => void;
}) {
  const { t } = useTranslation();
  const now = useNow(30_000);
  const alarm = useQuery({ ...devicesQueries.alarm(alarmId ?? 0), enabled: alarmId !== null });
  const a = alarm.data;
  return (
    <Drawer title={t('iot.alarms.detail')} open={alarmId !== null} onClose={onClose} size={560} destroyOnHidden>
      {alarm.error && <LoadError error={alarm.error} onRetry={() => void alarm.refetch()} />}
      {a && a.id === alarmId && (
        <div data-testid="alarm-detail" data-status={a.status}>
          <Space style={{ marginBottom: 16 }} wrap>
            <SeverityTag severity={a.severity} />
            <Typography.Title level={5} style={{ margin: 0 }}>
              {alarmTypeLabel(t, a.type)}
            </Typography.Title>
            <AlarmStatusTag status={a.status} />
          </Space>
          <div style={{ marginBottom: 16 }}>
            <AlarmButtons alarm={a} canHandle={canHandle} onDone={onChanged} onOpenMatter={onOpenMatter} />
          </div>
          <Descriptions column={1} size="small" bordered styles={{ label: { width: 110, whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('iot.alarms.columns.device')}>
              {a.device.name} <span className="gz-mono gz-muted">({a.device.code})</span> ·{' '}
              {t(`iot.deviceType.${a.device.type}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.alarms.columns.place')}>
              <EnvironmentOutlined /> {placeText(t, a)}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.alarms.startedLabel')}>
              {formatDateTime(a.startedAt)}
              {a.active &&
                Date.now() - Date.parse(a.startedAt) >= 60_000 &&
                ` · ${t('iot.alarms.since', { time: elapsed(t, a.startedAt, now) })}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.alarms.columns.count')}>{a.count}</Descriptions.Item>
            <Descriptions.Item label={t('iot.alarms.firstValue')}>{a.firstValue ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={t('iot.alarms.lastValue')}>
              {a.lastValue ?? '—'} · {formatDateTime(a.lastAt)}
            </Descriptions.Item>
            {typeof a.details.metric === 'string' && (
              <Descriptions.Item label={t('iot.devices.latest')}>{metricLabel(t, a.details.metric)}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('iot.alarms.ackedAt')}>
              {a.ackedAt ? formatDateTime(a.ackedAt) : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.alarms.clearedAt')}>
              {a.clearedAt ? formatDateTime(a.clearedAt) : '—'}
            </Descriptions.Item>
            {a.clearReason && (
              <Descriptions.Item label={t('iot.alarms.clearReason')}>{a.clearReason}</Descriptions.Item>
            )}
          </Descriptions>
        </div>
      )}
    </Drawer>
  );
}

/** Frames the active alarms when they change (not on every live refresh of the same set). */
function FitAlarms({ alarms }: { alarms: AlarmView[] }) {
  const map = useMap();
  const { toView } = useDatum();
  const framed = useRef('');
  useEffect(() => {
    const placed = alarms.filter((a) => a.lat !== null && a.lng !== null);
    const key = placed
      .map((a) => a.id)
      .sort()
      .join(',');
    if (placed.length === 0 || key === framed.current) return;
    framed.current = key;
    const bounds = latLngBounds(placed.map((a) => toView({ lat: a.lat!, lng: a.lng! })));
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 16, animate: false });
  }, [alarms, map, toView]);
  return null;
}

function AlarmMarker({ alarm, onOpen }: { alarm: AlarmView; onOpen: (id: number) => void }) {
  const { t } = useTranslation();
  const { toView } = useDatum();
  return (
    <Marker
      position={toView({ lat: alarm.lat!, lng: alarm.lng! })}
      icon={pinIcon(SEVERITY_COLORS[alarm.severity], alarm.status === 'active_unack' ? 'gz-pin-pulse' : '')}
      eventHandlers={{ click: () => onOpen(alarm.id) }}
    >
      <MapTooltip direction="top" offset={[0, -28]}>
        {t(`iot.severity.${alarm.severity}`)} · {alarmTypeLabel(t, alarm.type)} · {alarm.device.name}
      </MapTooltip>
    </Marker>
  );
}
