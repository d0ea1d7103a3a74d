import { KeyOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { ReadingsChart } from './ReadingsChart.tsx';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  DEVICE_TYPES,
  alarmTypeLabel,
  metricLabel,
  type DeviceStatus,
  type DeviceType,
  type DeviceWithSecret,
  type LatestValue,
  type RuleView,
} from '../../shared/iot.ts';
import { devicesCalls, devicesKeys, devicesQueries } from '../../shared/query/devices.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { areaOptions, areaValue, parseArea, placeText } from '../org/area.ts';
import { CopyField } from '../components/CopyField.tsx';
import { DeviceStatusTag, SeverityTag } from './tags.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

const DEVICE_STATUSES = ['online', 'offline', 'unknown'] as const satisfies readonly DeviceStatus[];
const FILTERS = ['type', 'status', 'communityId', 'gridId', 'q', 'retired'] as const;

export function LatestValues({ latest, max = 4 }: { latest: LatestValue[]; max?: number }) {
  const { t } = useTranslation();
  if (latest.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <span className="gz-metric-list">
      {latest.slice(0, max).map((l) => (
        <Tooltip key={l.metric} title={formatDateTime(l.ts)}>
          <span className="gz-metric">
            {metricLabel(t, l.metric)} <b>{l.value}</b>
          </span>
        </Tooltip>
      ))}
    </span>
  );
}

/** 物联设备: the device register of the area, with status and latest values. */
export default function DevicesPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { index } = useOrgTree();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [params, setParams] = useSearchParams();
  const type = oneOf(filters.type, DEVICE_TYPES);
  const status = oneOf(filters.status, DEVICE_STATUSES);
  const communityId = numberParam(filters.communityId);
  const gridId = numberParam(filters.gridId);
  const q = filters.q ?? '';
  const withRetired = filters.retired === '1';
  const openId = numberParam(params.get('open') ?? undefined) ?? null;
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);
  const [registering, setRegistering] = useState(false);
  const [secret, setSecret] = useState<DeviceWithSecret | null>(null);
  const [openAfterSecret, setOpenAfterSecret] = useState<number | null>(null);
  const areas = useMemo(() => areaOptions(index), [index]);
  const canManage = can(me, 'devices.manage');
  // An alarm raised or cleared changes a device's latest values and status: live alarm events
  // make the devices' queries stale (LiveInvalidation), and so does a change made here.
  const changed = () => void queryClient.invalidateQueries({ queryKey: devicesKeys.all });

  // Opening a device is a step in the history (back closes it).
  const setOpen = (id: number | null) => {
    const p = new URLSearchParams(params);
    if (id === null) p.delete('open');
    else p.set('open', String(id));
    setParams(p, { replace: id === null });
  };
  const query = { type, status, communityId, gridId, q: q || undefined, active: withRetired ? undefined : 'true' };

  return (
    <div className="gz-page" data-testid="devices-page">
      <PageHeader
        title={t('nav.devices')}
        description={t('iot.devices.subtitle')}
        extra={
          <Space>
            <ExportButton kind="devices" filters={query} />
            {canManage && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
                {t('iot.devices.register')}
              </Button>
            )}
          </Space>
        }
      />
      <Card>
        <div className="gz-filters">
          <Input.Search
            placeholder={t('iot.devices.filters.search')}
            allowClear
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(v) => setFilters({ q: v.trim() })}
            enterButton
            style={{ width: 260 }}
            aria-label={t('iot.devices.filters.search')}
          />
          <Select
            allowClear
            placeholder={t('iot.devices.filters.type')}
            value={type}
            onChange={(v?: string) => setFilters({ type: v })}
            options={DEVICE_TYPES.map((d) => ({ value: d, label: t(`iot.deviceType.${d}`) }))}
            style={{ width: 150 }}
            aria-label={t('iot.devices.filters.type')}
          />
          <Select
            allowClear
            placeholder={t('iot.devices.filters.status')}
            value={status}
            onChange={(v?: string) => setFilters({ status: v })}
            options={DEVICE_STATUSES.map((s) => ({ value: s, label: t(`iot.deviceStatus.${s}`) }))}
            style={{ width: 130 }}
            aria-label={t('iot.devices.filters.status')}
          />
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('matters.filters.area')}
            value={areaValue(communityId, gridId)}
            onChange={(value?: string) => {
              const a = parseArea(value);
              setFilters({ communityId: a.communityId, gridId: a.gridId });
            }}
            treeData={areas}
            style={{ width: 220 }}
            aria-label={t('matters.filters.area')}
          />
          <Checkbox checked={withRetired} onChange={(e) => setFilters({ retired: e.target.checked ? '1' : undefined })}>
            {t('iot.devices.filters.showRetired')}
          </Checkbox>
          <Button
            icon={<ReloadOutlined />}
            onClick={() =>
              setFilters({
                type: undefined,
                status: undefined,
                communityId: undefined,
                gridId: undefined,
                q: undefined,
                retired: undefined,
              })
            }
          >
            {t('filters.reset')}
          </Button>
        </div>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => devicesQueries.list({ ...query, ...page })}
          size="middle"
          scroll={{ x: 1100 }}
          onRow={(d) =>
            ({
              onClick: () => setOpen(d.id),
              style: { cursor: 'pointer' },
              'data-testid': `device-row-${d.code}`,
            }) as HTMLAttributes<HTMLElement>
          }
          locale={{ emptyText: t('iot.devices.empty') }}
          columns={[
            {
              title: t('iot.devices.columns.name'),
              key: 'name',
              render: (_v, d) => (
                <div className="gz-two-lines">
                  <Typography.Text ellipsis={{ tooltip: d.name }}>{d.name}</Typography.Text>
                  <div className="gz-muted gz-small gz-mono">{d.code}</div>
                </div>
              ),
            },
            {
              title: t('iot.devices.columns.type'),
              dataIndex: 'type',
              width: 120,
              render: (ty: DeviceType) => t(`iot.deviceType.${ty}`),
            },
            {
              title: t('iot.devices.columns.place'),
              key: 'place',
              width: 200,
              render: (_v, d) => (
                <div className="gz-two-lines">
                  <span>{d.communityName}</span>
                  <div className="gz-muted gz-small">{d.gridName}</div>
                </div>
              ),
            },
            {
              title: t('iot.devices.columns.status'),
              key: 'status',
              width: 90,
              render: (_v, d) => <DeviceStatusTag status={d.status} active={d.active} />,
            },
            {
              title: t('iot.devices.columns.latest'),
              key: 'latest',
              width: 240,
              render: (_v, d) => <LatestValues latest={d.latest} max={3} />,
            },
            {
              title: t('iot.devices.columns.lastSeen'),
              dataIndex: 'lastSeenAt',
              width: 150,
              render: (at: string | null) =>
                at ? (
                  formatDateTime(at).slice(5, 16)
                ) : (
                  <Typography.Text type="secondary">{t('iot.devices.never')}</Typography.Text>
                ),
            },
          ]}
        />
      </Card>
      <DeviceDrawer
        deviceId={openId}
        canManage={canManage}
        onClose={() => setOpen(null)}
        onChanged={changed}
        onSecret={setSecret}
      />
      <RegisterModal
        open={registering}
        onClose={() => setRegistering(false)}
        onCreated={(created) => {
          setRegistering(false);
          changed();
          setSecret(created);
          setOpenAfterSecret(created.device.id);
        }}
      />
      <SecretModal
        value={secret}
        onClose={() => {
          setSecret(null);
          // A device just registered opens once its secret is put away.
          if (openAfterSecret !== null) setOpen(openAfterSecret);
          setOpenAfterSecret(null);
        }}
      />
    </div>
  );
}

/** The new secret, shown once, with copy buttons; closing it forgets it. */
function SecretModal({ value, onClose }: { value: DeviceWithSecret | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={value !== null}
      title={t('iot.devices.secretTitle')}
      onCancel={onClose}
      closable={false}
      mask={{ closable: false }}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('iot.devices.savedIt')}
        </Button>
      }
      destroyOnHidden
    >
      {value && (
        <div className="gz-secret-box" data-testid="device-secret">
          <Alert type="warning" showIcon title={t('iot.devices.secretHint')} />
          <div>
            <Typography.Text type="secondary">{t('iot.devices.username')}</Typography.Text>
            <CopyField value={value.device.code} label={t('iot.devices.username')} />
          </div>
          <div>
            <Typography.Text type="secondary">{t('iot.devices.secret')}</Typography.Text>
            <CopyField value={value.secret} label={t('iot.devices.secret')} testId="device-secret-value" />
          </div>
          <div>
            <Typography.Text type="secondary">{t('iot.devices.token')}</Typography.Text>
            <CopyField value={value.token} label={t('iot.devices.token')} />
          </div>
          <div>
            <Typography.Text type="secondary">{t('iot.devices.topic')}</Typography.Text>
            <CopyField value={value.device.topic} label={t('iot.devices.topic')} />
          </div>
        </div>
      )}
    </Modal>
  );
}

function ruleText(t: ReturnType<typeof useTranslation>['t'], r: RuleView): string {
  switch (r.kind) {
    case 'threshold':
      return `${metricLabel(t, r.metric ?? '')} ${r.op} ${r.value}${r.clearValue !== null ? ` (≤ ${r.clearValue})` : ''}${r.consecutive > 1 ? ` × ${r.consecutive}` : ''}${r.durationSeconds > 0 ? ` · ${r.durationSeconds}s` : ''}`;
    case 'rate':
      return `${metricLabel(t, r.metric ?? '')} Δ ${r.op} ${r.value}/min`;
    case 'absence':
      return `${r.absenceMinutes} min`;
    case 'event':
      return `${r.event}${r.clearEvent ? ` / ${r.clearEvent}` : ''}`;
  }
}

function DeviceDrawer({
  deviceId,
  canManage,
  onClose,
  onChanged,
  onSecret,
}: {
  deviceId: number | null;
  canManage: boolean;
  onClose: () => void;
  onChanged: () => void;
  onSecret: (value: DeviceWithSecret) => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const device = useQuery({ ...devicesQueries.detail(deviceId ?? 0), enabled: deviceId !== null });
  const d = device.data;
  const rules = useQuery({
    ...devicesQueries.rules({ id: d?.id ?? 0, type: d?.type ?? '' }),
    enabled: d !== undefined,
  });
  const rotate = () =>
    modal.confirm({
      title: t('iot.devices.rotate'),
      content: t('iot.devices.rotateConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        try {
          onSecret(await devicesCalls.rotateSecret(d!.id));
          // Invalidates every device query, this drawer's among them.
          onChanged();
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });
  const toggleActive = () =>
    modal.confirm({
      title: d!.active ? t('iot.devices.retire') : t('iot.devices.reactivate'),
      content: d!.active ? t('iot.devices.retireConfirm') : undefined,
      okButtonProps: { danger: d!.active },
      onOk: async () => {
        try {
          await devicesCalls.setActive(d!.id, !d!.active);
          onChanged();
        } catch (error) {
          message.error(errorMessage(error));
        }
      },
    });

  return (
    <Drawer
      title={t('iot.devices.detail')}
      open={deviceId !== null}
      onClose={onClose}
      size={680}
      destroyOnHidden
      extra={
        d &&
        canManage && (
          <Space>
            <Button icon={<KeyOutlined />} onClick={rotate}>
              {t('iot.devices.rotate')}
            </Button>
            <Button danger={d.active} icon={<StopOutlined />} onClick={toggleActive}>
              {d.active ? t('iot.devices.retire') : t('iot.devices.reactivate')}
            </Button>
          </Space>
        )
      }
    >
      {device.error && <LoadError error={device.error} onRetry={() => void device.refetch()} />}
      {d && d.id === deviceId && (
        <div data-testid="device-detail" style={{ display: 'flex', flexDirection: 'column', gap: 20 }}>
          <Descriptions column={2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('iot.devices.columns.name')} span={2}>
              <strong>{d.name}</strong>
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.columns.code')}>
              <span className="gz-mono">{d.code}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.columns.type')}>{t(`iot.deviceType.${d.type}`)}</Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.columns.status')}>
              <DeviceStatusTag status={d.status} active={d.active} />
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.columns.lastSeen')}>
              {d.lastSeenAt ? formatDateTime(d.lastSeenAt) : t('iot.devices.never')}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.columns.place')} span={2}>
              {placeText(t, d)}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.activeAlarms')}>
              {d.activeAlarms > 0 ? <Tag color="error">{d.activeAlarms}</Tag> : 0}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.careTarget')}>
              {d.careTargetId ?? t('common.none')}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.topic')} span={2}>
              <Typography.Text code copyable>
                {d.topic}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.devices.secretRotatedAt')} span={2}>
              {formatDateTime(d.secretRotatedAt)}
            </Descriptions.Item>
          </Descriptions>

          <section>
            <Typography.Title level={5}>{t('iot.devices.latest')}</Typography.Title>
            {d.latest.length ? (
              <Table
                size="small"
                pagination={false}
                rowKey="metric"
                dataSource={d.latest}
                columns={[
                  {
                    title: t('iot.alarms.columns.value'),
                    dataIndex: 'metric',
                    render: (m: string) => metricLabel(t, m),
                  },
                  { title: '', dataIndex: 'value', render: (v: number) => <b className="gz-mono">{v}</b> },
                  {
                    title: t('iot.devices.columns.lastSeen'),
                    dataIndex: 'ts',
                    render: (ts: string) => formatDateTime(ts),
                  },
                ]}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('iot.devices.noLatest')} />
            )}
          </section>

          <section>
            <Typography.Title level={5}>{t('iot.readings.title')}</Typography.Title>
            <ReadingsChart
              deviceId={d.id}
              // What it has reported, and what its rules watch even before it reports.
              metrics={[
                ...new Set([
                  ...d.latest.map((l) => l.metric),
                  ...(rules.data ?? []).flatMap((r) => (r.metric ? [r.metric] : [])),
                ]),
              ]}
              rules={rules.data ?? []}
            />
          </section>

          <section>
            <Typography.Title level={5}>{t('iot.devices.rejections')}</Typography.Title>
            <Typography.Paragraph type="secondary" className="gz-small">
              {t('iot.devices.rejectionsHint')}
            </Typography.Paragraph>
            {d.rejections.length ? (
              <Table
                size="small"
                pagination={false}
                rowKey="reason"
                dataSource={d.rejections}
                columns={[
                  {
                    title: '',
                    dataIndex: 'reason',
                    render: (r: string) => t(`iot.rejectReason.${r}`, { defaultValue: r }),
                  },
                  { title: '#', dataIndex: 'count', render: (c: number) => <Tag color="warning">{c}</Tag> },
                  { title: t('iot.alarms.lastAt'), dataIndex: 'lastAt', render: (at: string) => formatDateTime(at) },
                  { title: '', dataIndex: 'lastDetail', ellipsis: true },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('iot.devices.noRejections')}</Typography.Text>
            )}
          </section>

          <section>
            <Typography.Title level={5}>{t('iot.devices.rules')}</Typography.Title>
            {rules.data && rules.data.length > 0 ? (
              <Table
                size="small"
                pagination={false}
                showHeader={false}
                rowKey="id"
                dataSource={rules.data}
                columns={[
                  { title: t('iot.devices.columns.name'), dataIndex: 'name' },
                  {
                    title: '',
                    key: 'scope',
                    render: (_v, r) => (
                      <Tag>
                        {r.deviceId !== null ? t('iot.devices.ruleScope.device') : t('iot.devices.ruleScope.type')}
                      </Tag>
                    ),
                  },
                  { title: '', key: 'kind', render: (_v, r) => `${t(`iot.ruleKind.${r.kind}`)} · ${ruleText(t, r)}` },
                  {
                    title: '',
                    key: 'raises',
                    render: (_v, r) =>
                      r.alarmType ? (
                        <Space size={4}>
                          {r.severity && <SeverityTag severity={r.severity} />}
                          {alarmTypeLabel(t, r.alarmType)}
                        </Space>
                      ) : (
                        '—'
                      ),
                  },
                  { title: '', dataIndex: 'enabled', render: (on: boolean) => (on ? null : <Tag>off</Tag>) },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">{t('iot.devices.noRules')}</Typography.Text>
            )}
          </section>
        </div>
      )}
    </Drawer>
  );
}

interface RegisterValues {
  code: string;
  type: DeviceType;
  name: string;
  placeKind: 'building' | 'grid';
  buildingId?: number;
  gridId?: string;
  address?: string;
  note?: string;
}

function RegisterModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (created: DeviceWithSecret) => void;
}) {
  const { t } = useTranslation();
  const { index } = useOrgTree();
  const [form] = Form.useForm<RegisterValues>();
  const placeKind = Form.useWatch('placeKind', form) ?? 'building';
  const [search, setSearch] = useState('');
  const [saving, setSaving] = useState(false);
  const buildings = useQuery({ ...devicesQueries.buildings(search), enabled: open });
  const grids = useMemo(() => areaOptions(index).map((c) => ({ ...c, selectable: false })), [index]);
  const required = (field: string) => [{ required: true, message: t('iot.devices.form.required', { field }) }];

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const created = await devicesCalls.register({
        code: v.code.trim(),
        type: v.type,
        name: v.name.trim(),
        ...(v.placeKind === 'building' ? { buildingId: v.buildingId } : { gridId: parseArea(v.gridId).gridId }),
        ...(v.address?.trim() ? { address: v.address.trim() } : {}),
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      });
      form.resetFields();
      onCreated(created);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['code', 'type', 'name', 'buildingId', 'gridId', 'address', 'note']))
        Modal.error({ title: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('iot.devices.register')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      width={600}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} initialValues={{ type: 'smoke', placeKind: 'building' }}>
        <Form.Item
          name="code"
          label={t('iot.devices.form.code')}
          extra={t('iot.devices.form.codeHint')}
          rules={[
            ...required(t('iot.devices.form.code')),
            { pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{1,63}$/, message: t('iot.devices.form.codeHint') },
          ]}
        >
          <Input className="gz-mono" maxLength={64} placeholder="smoke-dtg-0101" />
        </Form.Item>
        <Form.Item name="type" label={t('iot.devices.form.type')} rules={required(t('iot.devices.form.type'))}>
          <Select options={DEVICE_TYPES.map((d) => ({ value: d, label: t(`iot.deviceType.${d}`) }))} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('iot.devices.form.name')}
          rules={[...required(t('iot.devices.form.name')), { max: 100 }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="placeKind" label={t('iot.devices.form.placeKind')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'building', label: t('iot.devices.form.placeBuilding') },
              { value: 'grid', label: t('iot.devices.form.placeGrid') },
            ]}
          />
        </Form.Item>
        {placeKind === 'building' ? (
          <Form.Item
            name="buildingId"
            label={t('iot.devices.form.building')}
            rules={required(t('iot.devices.form.building'))}
          >
            <Select
              showSearch={{ filterOption: false, onSearch: (value) => setSearch(value.trim()) }}
              loading={buildings.isFetching}
              options={(buildings.data?.items ?? []).map((b) => ({
                value: b.id,
                label: `${b.name} · ${b.communityName}`,
              }))}
            />
          </Form.Item>
        ) : (
          <Form.Item name="gridId" label={t('iot.devices.form.grid')} rules={required(t('iot.devices.form.grid'))}>
            <TreeSelect treeData={grids} showSearch={{ treeNodeFilterProp: 'title' }} treeDefaultExpandAll />
          </Form.Item>
        )}
        <Form.Item name="address" label={t('iot.devices.form.address')} rules={[{ max: 200 }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="note" label={t('iot.devices.form.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
