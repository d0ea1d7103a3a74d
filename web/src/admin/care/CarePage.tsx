import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  ExclamationCircleOutlined,
  PlusOutlined,
  ReloadOutlined,
  RobotOutlined,
} from '@ant-design/icons';
import {
  App,
  Badge,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  List,
  Modal,
  Select,
  Space,
  Tabs,
  Tag,
  TimePicker,
  Tooltip,
  TreeSelect,
  Typography,
} from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import dayjs from 'dayjs';
import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  canConfirm,
  CHECK_KINDS,
  HELPER_RELATIONS,
  TARGET_KINDS,
  type BoardItem,
  type CheckKind,
  type CheckView,
  type HelperRelation,
  type HelperView,
  type TargetDetail,
  type TargetKind,
} from '../../shared/iot.ts';
import { careCalls, careKeys, careQueries } from '../../shared/query/care.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { areaOptions, areaValue, parseArea } from '../org/area.ts';
import { MatterDrawer } from '../matters/MatterDrawer.tsx';
import { useAreaDrill } from '../org/AreaDrill.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

const TABS = ['board', 'targets', 'overdue'] as const;
const FILTERS = ['communityId', 'gridId', 'day', 'q'] as const;

const hhmm = (iso: string | null) => (iso ? formatDateTime(iso).slice(11, 16) : '');

/** One check as a chip: what, by when, and how it stands (who confirmed, or who is looking). */
export function CheckChip({ check, t }: { check: CheckView; t: TFunction }) {
  const icon =
    check.status === 'done' ? (
      <CheckCircleOutlined />
    ) : check.status === 'missed' ? (
      <ExclamationCircleOutlined />
    ) : (
      <ClockCircleOutlined />
    );
  const who =
    check.status === 'done'
      ? check.satisfiedBy === 'device'
        ? `${t('iot.care.byDevice')} ${hhmm(check.satisfiedAt)}`
        : `${t('iot.care.byHelper', { name: check.satisfiedByName ?? '' })} ${hhmm(check.satisfiedAt)}`
      : check.status === 'missed'
        ? check.acknowledgedBy
          ? t('iot.care.acknowledgedBy', { name: check.acknowledgedBy })
          : check.responder
            ? t('iot.care.responder', { name: check.responder.name })
            : ''
        : t('iot.care.due', { time: check.dueTime });
  return (
    <span
      className={`gz-care-check gz-care-check-${check.status}`}
      data-testid={`check-${check.id}`}
      data-status={check.status}
    >
      <strong>
        {icon} {t(`iot.care.checkKind.${check.kind}`, { defaultValue: check.kindName })}
      </strong>
      <span>
        {t(`iot.care.checkStatus.${check.status}`)}
        {check.late && ` · ${t('iot.care.late')}`}
        {check.status === 'done' && check.satisfiedBy === 'device' && (
          <RobotOutlined style={{ marginInlineStart: 4 }} />
        )}
      </span>
      {who && <span className="gz-muted">{who}</span>}
    </span>
  );
}

function KindTags({ kinds }: { kinds: TargetKind[] }) {
  const { t } = useTranslation();
  return (
    <>
      {kinds.map((k) => (
        <Tag key={k} color={k === 'elderly_alone' ? 'orange' : k === 'disabled' ? 'blue' : 'red'}>
          {t(`iot.care.kind.${k}`)}
        </Tag>
      ))}
    </>
  );
}

/** 关爱看板: today's checks per target, the care targets, overdue visits. */
export default function CarePage() {
  const { t } = useTranslation();
  const me = useMe();
  const { index } = useOrgTree();
  const queryClient = useQueryClient();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const [params, setParams] = useSearchParams();
  const tab = oneOf(params.get('tab') ?? undefined, TABS) ?? 'board';
  const communityId = numberParam(filters.communityId);
  const gridId = numberParam(filters.gridId);
  const day = /^\d{4}-\d{2}-\d{2}$/.test(filters.day ?? '') ? filters.day : undefined;
  const q = filters.q ?? '';
  const { areaId, banner } = useAreaDrill();
  const targetsQuery = { communityId, areaId, gridId, q: q || undefined };
  const openId = numberParam(params.get('open') ?? undefined) ?? null;
  const areas = useMemo(() => areaOptions(index), [index]);
  const [creating, setCreating] = useState(false);
  const [helperPool, setHelperPool] = useState<Map<number, string>>(new Map());

  // A tab or a target opened is a step in the history (back returns); closing is not.
  const go = (changes: { tab?: string; open?: number | null }) => {
    const p = new URLSearchParams(params);
    if (changes.tab !== undefined) p.set('tab', changes.tab);
    if (changes.open !== undefined && changes.open !== null) p.set('open', String(changes.open));
    else p.delete('open');
    setParams(p, { replace: changes.tab === undefined && changes.open === null });
  };
  // Matters change when a check is missed, acknowledged or confirmed: live matter events make
  // the care queries stale (LiveInvalidation), and so does a change made here.
  const changed = () => void queryClient.invalidateQueries({ queryKey: careKeys.all });

  const area = areaValue(communityId, gridId);
  const rememberHelpers = (items: { helpers: HelperView[] }[]) =>
    setHelperPool((pool) => {
      const next = new Map(pool);
      for (const item of items) for (const h of item.helpers) next.set(h.userId, h.name);
      return next.size === pool.size ? pool : next;
    });

  return (
    <div className="gz-page" data-testid="care-page">
      <PageHeader
        title={t('nav.careBoard')}
        description={t('iot.care.subtitle')}
        extra={
          can(me, 'care.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('iot.care.newTarget')}
            </Button>
          )
        }
      />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => go({ tab: k })}
          items={TABS.map((k) => ({ key: k, label: t(`iot.care.tabs.${k}`) }))}
        />
        {banner}
        <div className="gz-filters">
          <TreeSelect
            allowClear
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('matters.filters.area')}
            value={area}
            onChange={(value?: string) => {
              const a = parseArea(value);
              setFilters({ communityId: a.communityId, gridId: a.gridId });
            }}
            treeData={areas}
            style={{ width: 240 }}
            aria-label={t('matters.filters.area')}
          />
          {tab === 'board' && (
            <DatePicker
              value={day ? dayjs(day) : dayjs()}
              onChange={(d) => setFilters({ day: d ? d.format('YYYY-MM-DD') : undefined })}
              allowClear={false}
              aria-label={t('iot.care.day')}
            />
          )}
          {tab === 'targets' && (
            <Input.Search
              defaultValue={q}
              allowClear
              enterButton
              placeholder={t('iot.care.personSearch')}
              onSearch={(v) => setFilters({ q: v.trim() })}
              style={{ width: 240 }}
            />
          )}
          <Button icon={<ReloadOutlined />} onClick={changed}>
            {t('common.refresh')}
          </Button>
          {tab === 'targets' && <ExportButton kind="care-targets" filters={targetsQuery} />}
        </div>
        {tab === 'board' && (
          <Board
            communityId={communityId}
            areaId={areaId}
            gridId={gridId}
            day={day}
            onOpen={(id) => go({ open: id })}
            onItems={rememberHelpers}
          />
        )}
        {tab === 'targets' && (
          <CursorTable
            rowKey="id"
            pageQuery={(page) => careQueries.targets({ ...targetsQuery, ...page })}
            onRow={(r) => ({ onClick: () => go({ open: r.id }), style: { cursor: 'pointer' } })}
            locale={{ emptyText: t('iot.care.emptyTargets') }}
            columns={[
              { title: t('iot.care.columns.name'), dataIndex: 'name', render: (n: string) => <strong>{n}</strong> },
              {
                title: t('iot.care.columns.kinds'),
                dataIndex: 'kinds',
                render: (k: TargetKind[]) => <KindTags kinds={k} />,
              },
              {
                title: t('iot.care.columns.place'),
                key: 'place',
                render: (_v, r) => [r.communityName, r.gridName, r.address].filter(Boolean).join(' · '),
              },
            ]}
          />
        )}
        {tab === 'overdue' && (
          <CursorTable
            rowKey="id"
            pageQuery={(page) => careQueries.overdue({ communityId, areaId, gridId, ...page })}
            onRow={(r) => ({ onClick: () => go({ open: r.id }), style: { cursor: 'pointer' } })}
            locale={{ emptyText: t('iot.care.emptyOverdue') }}
            columns={[
              { title: t('iot.care.columns.name'), dataIndex: 'name', render: (n: string) => <strong>{n}</strong> },
              {
                title: t('iot.care.columns.place'),
                key: 'place',
                render: (_v, r) => [r.communityName, r.gridName, r.address].filter(Boolean).join(' · '),
              },
              { title: t('iot.care.visitor'), key: 'visitor', render: (_v, r) => r.visitPlan.visitorName ?? '—' },
              { title: t('iot.care.nextDue'), key: 'due', render: (_v, r) => r.visitPlan.nextDueOn },
              {
                title: t('iot.care.overdue'),
                dataIndex: 'daysOverdue',
                render: (d: number) => <Tag color="error">{t('iot.care.daysOverdue', { count: d })}</Tag>,
              },
            ]}
          />
        )}
      </Card>
      <TargetDrawer targetId={openId} onClose={() => go({ open: null })} onChanged={changed} />
      <CreateTargetModal
        open={creating}
        helperPool={helperPool}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          changed();
          go({ open: id });
        }}
      />
    </div>
  );
}

function Board({
  communityId,
  areaId,
  gridId,
  day,
  onOpen,
  onItems,
}: {
  communityId?: number;
  areaId?: number;
  gridId?: number;
  day?: string;
  onOpen: (id: number) => void;
  onItems: (items: BoardItem[]) => void;
}) {
  const { t } = useTranslation();
  const [counts, setCounts] = useState<{ pending: number; done: number; missed: number } | null>(null);
  return (
    <>
      {counts && (
        <div className="gz-care-counts" data-testid="care-counts">
          <Badge status="success" text={`${t('iot.care.counts.done')} ${counts.done}`} />
          <Badge status="processing" text={`${t('iot.care.counts.pending')} ${counts.pending}`} />
          <Badge status="error" text={`${t('iot.care.counts.missed')} ${counts.missed}`} />
        </div>
      )}
      <CursorTable
        rowKey="id"
        pageQuery={(page) => careQueries.board({ communityId, areaId, gridId, day, ...page })}
        onPage={(board) => {
          setCounts(board.counts);
          onItems(board.items);
        }}
        onRow={(r) =>
          ({
            onClick: () => onOpen(r.id),
            style: { cursor: 'pointer' },
            'data-testid': `care-row-${r.id}`,
            'data-name': r.name,
          }) as HTMLAttributes<HTMLElement>
        }
        locale={{ emptyText: t('iot.care.emptyBoard') }}
        columns={[
          {
            title: t('iot.care.columns.name'),
            key: 'name',
            width: 190,
            render: (_v, r) => (
              <div className="gz-two-lines">
                <strong>{r.name}</strong>
                <div>
                  <KindTags kinds={r.kinds} />
                </div>
              </div>
            ),
          },
          {
            title: t('iot.care.columns.place'),
            key: 'place',
            width: 200,
            render: (_v, r) => (
              <div className="gz-two-lines">
                <span>{r.address || '—'}</span>
                <div className="gz-muted gz-small">{r.gridName}</div>
              </div>
            ),
          },
          {
            title: t('iot.care.columns.helpers'),
            key: 'helpers',
            width: 170,
            render: (_v, r) => (
              <div className="gz-two-lines">
                {r.helpers.map((h) => (
                  <div key={h.userId} className="gz-small">
                    {h.position}. {h.name} <span className="gz-muted">· {t(`iot.care.relation.${h.relation}`)}</span>
                  </div>
                ))}
              </div>
            ),
          },
          {
            title: t('iot.care.columns.checks'),
            key: 'checks',
            render: (_v, r) =>
              r.checks.length ? (
                <div className="gz-care-checks">
                  {r.checks.map((c) => (
                    <CheckChip key={c.id} check={c} t={t} />
                  ))}
                </div>
              ) : (
                <Typography.Text type="secondary">{t('iot.care.noChecks')}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}

function TargetDrawer({
  targetId,
  onClose,
  onChanged,
}: {
  targetId: number | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [matterId, setMatterId] = useState<number | null>(null);
  const [planning, setPlanning] = useState(false);
  const target = useQuery({ ...careQueries.target(targetId ?? 0), enabled: targetId !== null });
  const visits = useQuery({ ...careQueries.visits(targetId ?? 0), enabled: targetId !== null });
  const d = target.data;
  // Invalidates every care query, this drawer's among them.
  const changed = onChanged;
  const confirmCheck = async (check: CheckView) => {
    try {
      await careCalls.confirmCheck(d!.id, check.id, 'visited');
      message.success(t('iot.care.confirmed'));
      changed();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  const endCare = () =>
    modal.confirm({
      title: t('iot.care.endCare'),
      content: t('iot.care.endConfirm'),
      okButtonProps: { danger: true },
      onOk: async () => {
        await careCalls.endCare(d!.id);
        message.success(t('iot.care.saved'));
        changed();
      },
    });

  return (
    <Drawer
      title={t('iot.care.target')}
      open={targetId !== null}
      onClose={onClose}
      size={720}
      destroyOnHidden
      extra={
        d?.canManage &&
        d.active && (
          <Button danger onClick={endCare}>
            {t('iot.care.endCare')}
          </Button>
        )
      }
    >
      {target.error && <LoadError error={target.error} onRetry={() => void target.refetch()} />}
      {d && d.id === targetId && (
        <div data-testid="care-target" style={{ display: 'flex', flexDirection: 'column', gap: 20 }}>
          <Descriptions column={2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap' } }}>
            <Descriptions.Item label={t('iot.care.columns.name')}>
              <strong>{d.name}</strong> {!d.active && <Tag>{t('iot.care.ended')}</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.care.kinds')}>
              <KindTags kinds={d.kinds} />
            </Descriptions.Item>
            <Descriptions.Item label={t('iot.care.columns.place')} span={2}>
              {[d.communityName, d.gridName, d.address].filter(Boolean).join(' · ')}
            </Descriptions.Item>
            {d.note && (
              <Descriptions.Item label={t('iot.care.note')} span={2}>
                {d.note}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('iot.care.devices')} span={2}>
              {d.deviceIds.length ? d.deviceIds.map((id) => <Tag key={id}>#{id}</Tag>) : t('common.none')}
            </Descriptions.Item>
          </Descriptions>

          <section>
            <Typography.Title level={5}>{t('iot.care.columns.checks')}</Typography.Title>
            {d.today.length ? (
              <List
                size="small"
                bordered
                dataSource={d.today}
                renderItem={(c) => (
                  <List.Item
                    actions={[
                      c.matterId !== null && (
                        <Button key="m" size="small" onClick={() => setMatterId(c.matterId)}>
                          {t('iot.care.matter')}
                        </Button>
                      ),
                      canConfirm(c, Date.now()) && d.canManage && (
                        <Button key="c" size="small" type="primary" onClick={() => void confirmCheck(c)}>
                          {t('iot.care.confirm')}
                        </Button>
                      ),
                    ].filter(Boolean)}
                  >
                    <Space>
                      <CheckChip check={c} t={t} />
                      {c.escalations > 0 && (
                        <Tag color="volcano">{t('iot.care.escalations', { count: c.escalations })}</Tag>
                      )}
                      {c.note && <Typography.Text type="secondary">{c.note}</Typography.Text>}
                    </Space>
                  </List.Item>
                )}
              />
            ) : (
              <Typography.Text type="secondary">{t('iot.care.noChecks')}</Typography.Text>
            )}
            <div style={{ marginTop: 8 }} className="gz-small gz-muted">
              {t('iot.care.rules')}：
              {d.rules
                .filter((r) => r.active)
                .map(
                  (r) =>
                    `${t(`iot.care.checkKind.${r.kind}`)} ${r.windowFrom !== '00:00' ? `${r.windowFrom}–` : ''}${r.dueTime}`,
                )
                .join('；') || t('common.none')}
            </div>
          </section>

          <section>
            <Typography.Title level={5}>{t('iot.care.helpers')}</Typography.Title>
            {d.helpers.length ? (
              <Space wrap>
                {d.helpers.map((h) => (
                  <Tag key={h.userId} color={h.position === 1 ? 'blue' : undefined}>
                    {h.position}. {h.name} · {t(`iot.care.relation.${h.relation}`)}
                  </Tag>
                ))}
              </Space>
            ) : (
              <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
            )}
          </section>

          <section>
            <Space style={{ justifyContent: 'space-between', width: '100%' }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {t('iot.care.visitPlan')}
              </Typography.Title>
              {d.canManage && (
                <Button size="small" onClick={() => setPlanning(true)}>
                  {t('iot.care.setPlan')}
                </Button>
              )}
            </Space>
            <div style={{ marginTop: 8 }}>
              {d.visitPlan ? (
                <Space wrap>
                  <span>{t('iot.care.everyDays', { days: d.visitPlan.everyDays })}</span>
                  {d.visitPlan.visitorName && (
                    <span>
                      · {t('iot.care.visitor')} {d.visitPlan.visitorName}
                    </span>
                  )}
                  <span>
                    · {t('iot.care.nextDue')} {d.visitPlan.nextDueOn}
                  </span>
                  {d.visitPlan.lastVisitAt && (
                    <span>
                      · {t('iot.care.lastVisit')} {formatDateTime(d.visitPlan.lastVisitAt).slice(0, 10)}
                    </span>
                  )}
                  {d.visitPlan.overdue && <Tag color="error">{t('iot.care.overdue')}</Tag>}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('iot.care.noPlan')}</Typography.Text>
              )}
            </div>
          </section>

          <section>
            <Typography.Title level={5}>{t('iot.care.visits')}</Typography.Title>
            {visits.data && visits.data.items.length > 0 ? (
              <List
                size="small"
                dataSource={visits.data.items}
                renderItem={(v) => (
                  <List.Item>
                    <List.Item.Meta
                      title={
                        <Space>
                          {formatDateTime(v.visitedAt).slice(0, 16)}
                          <span>{v.visitorName}</span>
                          <Tag>{t(`iot.care.method.${v.method}`)}</Tag>
                          {v.concern && <Tag color="error">{t('iot.care.concern')}</Tag>}
                          {v.matterId !== null && (
                            <Button size="small" type="link" onClick={() => setMatterId(v.matterId)}>
                              {t('iot.care.matter')}
                            </Button>
                          )}
                        </Space>
                      }
                      description={v.findings || '—'}
                    />
                  </List.Item>
                )}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('iot.care.noVisits')} />
            )}
          </section>
          <VisitPlanModal
            open={planning}
            target={d}
            onClose={() => setPlanning(false)}
            onSaved={() => {
              setPlanning(false);
              changed();
            }}
          />
        </div>
      )}
      <MatterDrawer matterId={matterId} onClose={() => setMatterId(null)} />
    </Drawer>
  );
}

function VisitPlanModal({
  open,
  target,
  onClose,
  onSaved,
}: {
  open: boolean;
  target: TargetDetail;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ everyDays: number; visitorUserId?: number }>();
  const [saving, setSaving] = useState(false);
  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      await careCalls.setVisitPlan(target.id, {
        everyDays: v.everyDays,
        ...(v.visitorUserId ? { visitorUserId: v.visitorUserId } : {}),
      });
      onSaved();
    } catch (error) {
      Modal.error({ title: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('iot.care.setPlan')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          everyDays: target.visitPlan?.everyDays ?? 7,
          visitorUserId: target.visitPlan?.visitorUserId ?? undefined,
        }}
      >
        <Form.Item name="everyDays" label={t('iot.care.everyDaysLabel')} rules={[{ required: true }]}>
          <InputNumber min={1} max={366} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="visitorUserId" label={t('iot.care.visitor')}>
          <Select
            allowClear
            options={target.helpers.map((h) => ({
              value: h.userId,
              label: `${h.name} · ${t(`iot.care.relation.${h.relation}`)}`,
            }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface CreateValues {
  personId: number;
  kinds: TargetKind[];
  note?: string;
  helpers?: { userId: number; relation: HelperRelation }[];
  rules?: { kind: CheckKind; due: dayjs.Dayjs }[];
}

function CreateTargetModal({
  open,
  helperPool,
  onClose,
  onCreated,
}: {
  open: boolean;
  helperPool: Map<number, string>;
  onClose: () => void;
  onCreated: (id: number) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const [form] = Form.useForm<CreateValues>();
  const [search, setSearch] = useState('');
  const [saving, setSaving] = useState(false);
  const people = useQuery({ ...careQueries.persons(search), enabled: open });
  const helperOptions = useMemo(() => {
    const pool = new Map(helperPool);
    pool.set(me.id, me.displayName);
    return [...pool].map(([value, label]) => ({ value, label }));
  }, [helperPool, me]);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const created = await careCalls.createTarget({
        personId: v.personId,
        kinds: v.kinds,
        note: v.note ?? '',
        helpers: (v.helpers ?? []).filter((h) => h?.userId),
        rules: (v.rules ?? [])
          .filter((r) => r?.kind && r.due)
          .map((r) => ({ kind: r.kind, dueTime: r.due.format('HH:mm') })),
      });
      form.resetFields();
      onCreated(created.id);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['personId', 'kinds', 'note', 'helpers', 'rules']))
        Modal.error({ title: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('iot.care.newTarget')}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={saving}
      width={640}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{
          kinds: ['elderly_alone'],
          rules: [
            { kind: 'curtain_open', due: dayjs('09:00', 'HH:mm') },
            { kind: 'curtain_close', due: dayjs('21:00', 'HH:mm') },
          ],
          helpers: [{ userId: me.id, relation: 'grid_worker' }],
        }}
      >
        <Form.Item
          name="personId"
          label={t('iot.care.person')}
          rules={[{ required: true, message: t('iot.devices.form.required', { field: t('iot.care.person') }) }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: (value) => setSearch(value.trim()) }}
            placeholder={t('iot.care.personSearch')}
            loading={people.isFetching}
            options={(people.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.name} · ${p.address}` }))}
          />
        </Form.Item>
        <Form.Item name="kinds" label={t('iot.care.kinds')} rules={[{ required: true }]}>
          <Select mode="multiple" options={TARGET_KINDS.map((k) => ({ value: k, label: t(`iot.care.kind.${k}`) }))} />
        </Form.Item>
        <Form.Item label={t('iot.care.helpers')}>
          <Form.List name="helpers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'userId']} rules={[{ required: true }]}>
                      <Select style={{ width: 200 }} options={helperOptions} placeholder={t('iot.care.helperSearch')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'relation']} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 160 }}
                        options={HELPER_RELATIONS.map((r) => ({ value: r, label: t(`iot.care.relation.${r}`) }))}
                      />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ relation: 'volunteer' })} icon={<PlusOutlined />}>
                  {t('iot.care.addHelper')}
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item label={t('iot.care.rules')}>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="baseline">
                    <Form.Item name={[field.name, 'kind']} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 160 }}
                        options={CHECK_KINDS.map((k) => ({ value: k, label: t(`iot.care.checkKind.${k}`) }))}
                      />
                    </Form.Item>
                    <Tooltip title={t('iot.care.dueTime')}>
                      <Form.Item name={[field.name, 'due']} rules={[{ required: true }]}>
                        <TimePicker format="HH:mm" minuteStep={5} aria-label={t('iot.care.dueTime')} />
                      </Form.Item>
                    </Tooltip>
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      {t('common.delete')}
                    </Button>
                  </Space>
                ))}
                {fields.length < 4 && (
                  <Button
                    type="dashed"
                    onClick={() => add({ kind: 'water_used', due: dayjs('12:00', 'HH:mm') })}
                    icon={<PlusOutlined />}
                  >
                    {t('iot.care.addRule')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Form.Item>
        <Form.Item name="note" label={t('iot.care.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
