import { PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { formatFen, yuanToFen } from '../../shared/points.ts';
import { can, useMe } from '../../shared/session.tsx';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { pointsCalls, pointsKeys, pointsQueries } from '../../shared/query/points.ts';
import type { Merchant, ShopItem } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CommunityField, useCommunityName } from '../components/CommunityField.tsx';
import { PersonSelect } from '../components/PersonSelect.tsx';
import { IssueInvitationButton } from '../invitations/IssueInvitationButton.tsx';

interface MerchantForm {
  communityId: number;
  userId?: number | null;
  name: string;
  address: string;
  phone: string;
  creditScore?: number;
}

/** 爱心商户: merchants, their goods priced in points (cash value in yuan from fen), and settlement per period. */
export default function MerchantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const canManage = can(me, 'points.manage');
  const communityName = useCommunityName();
  const [q, setQ] = useState('');
  const [communityId, setCommunityId] = useState<number>();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Merchant | 'new' | null>(null);
  const [open, setOpen] = useState<Merchant | null>(null);
  const setActive = async (m: Merchant, active: boolean) => {
    try {
      const updated = await pointsCalls.updateMerchant(m.id, { active });
      message.success(t('pointsAdmin.merchants.saved'));
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
      if (open?.id === m.id) setOpen(updated);
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <div className="gz-page">
      <PageHeader
        title={t('pointsAdmin.merchants.title')}
        description={t('pointsAdmin.merchants.subtitle')}
        extra={
          canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('pointsAdmin.merchants.newMerchant')}
            </Button>
          )
        }
      />
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search
            allowClear
            placeholder={t('pointsAdmin.merchants.searchPlaceholder')}
            onSearch={(v) => setQ(v.trim())}
            style={{ width: 240 }}
            aria-label={t('pointsAdmin.search')}
          />
          <CommunitySelect value={communityId} onChange={setCommunityId} allowClear />
          <ExportButton kind="points-merchants" filters={{ q: q || undefined, communityId }} />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => pointsQueries.merchants({ q: q || undefined, communityId, ...page })}
          locale={{ emptyText: t('pointsAdmin.merchants.empty') }}
          columns={[
            {
              title: t('pointsAdmin.merchants.name'),
              dataIndex: 'name',
              render: (v: string, m) => <Typography.Link onClick={() => setOpen(m)}>{v}</Typography.Link>,
            },
            { title: t('deliberation.fields.community'), key: 'c', render: (_v, m) => communityName(m.communityId) },
            { title: t('pointsAdmin.merchants.address'), dataIndex: 'address', ellipsis: true },
            { title: t('pointsAdmin.merchants.phone'), dataIndex: 'phone', width: 140 },
            { title: t('pointsAdmin.merchants.creditScore'), dataIndex: 'creditScore', width: 80, align: 'right' },
            {
              title: t('pointsAdmin.merchants.active'),
              dataIndex: 'active',
              width: 90,
              render: (v: boolean) => (
                <ColorTag color={v ? '#389e0d' : '#8c8c8c'}>
                  {t(v ? 'pointsAdmin.merchants.activeOn' : 'pointsAdmin.merchants.activeOff')}
                </ColorTag>
              ),
            },
            {
              title: t('common.actions'),
              key: 'a',
              width: 320,
              render: (_v, m) => (
                <Space size="small" wrap>
                  <Button size="small" onClick={() => setOpen(m)}>
                    {t('common.view')}
                  </Button>
                  {canManage && communityName.inArea(m.communityId) && (
                    <Button size="small" onClick={() => setEditing(m)}>
                      {t('common.edit')}
                    </Button>
                  )}
                  {canManage && communityName.inArea(m.communityId) && m.userId === null && (
                    <IssueInvitationButton size="small" kind="merchant" targetId={m.id} targetName={m.name} />
                  )}
                  {canManage &&
                    communityName.inArea(m.communityId) &&
                    (m.active ? (
                      <Popconfirm
                        title={t('pointsAdmin.merchants.deactivateConfirm', { name: m.name })}
                        onConfirm={() => setActive(m, false)}
                      >
                        <Button size="small" danger>
                          {t('pointsAdmin.merchants.deactivate')}
                        </Button>
                      </Popconfirm>
                    ) : (
                      <Button size="small" onClick={() => setActive(m, true)}>
                        {t('pointsAdmin.merchants.activate')}
                      </Button>
                    ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {editing && (
        <MerchantModal
          merchant={editing === 'new' ? null : editing}
          defaultCommunityId={communityId}
          onClose={() => setEditing(null)}
          onSaved={(m) => {
            setEditing(null);
            void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
            if (open?.id === m.id) setOpen(m);
          }}
        />
      )}
      {open && (
        <MerchantDrawer
          merchant={open}
          canManage={canManage && communityName.inArea(open.communityId)}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}

function MerchantModal({
  merchant,
  defaultCommunityId,
  onClose,
  onSaved,
}: {
  merchant: Merchant | null;
  defaultCommunityId?: number;
  onClose: () => void;
  onSaved: (m: Merchant) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<MerchantForm>();
  const [saving, setSaving] = useState(false);
  const save = async (v: MerchantForm) => {
    setSaving(true);
    try {
      const saved = merchant
        ? await pointsCalls.updateMerchant(merchant.id, {
            name: v.name,
            address: v.address ?? '',
            phone: v.phone ?? '',
            creditScore: v.creditScore,
          })
        : await pointsCalls.createMerchant({
            communityId: v.communityId,
            userId: v.userId ?? null,
            name: v.name,
            address: v.address ?? '',
            phone: v.phone ?? '',
          });
      message.success(t('pointsAdmin.merchants.saved'));
      onSaved(saved);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['communityId', 'userId', 'name', 'address', 'phone', 'creditScore']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t(merchant ? 'pointsAdmin.merchants.editMerchant' : 'pointsAdmin.merchants.newMerchant')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={saving}
      okText={t('common.save')}
    >
      <Form<MerchantForm>
        form={form}
        layout="vertical"
        onFinish={save}
        initialValues={merchant ?? { communityId: defaultCommunityId }}
      >
        {!merchant && (
          <Form.Item
            name="communityId"
            label={t('deliberation.fields.community')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <CommunityField />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('pointsAdmin.merchants.name')}
          rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={80} />
        </Form.Item>
        <Form.Item name="address" label={t('pointsAdmin.merchants.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('pointsAdmin.merchants.phone')}>
          <Input maxLength={20} />
        </Form.Item>
        {merchant ? (
          <Form.Item name="creditScore" label={t('pointsAdmin.merchants.creditScore')}>
            <InputNumber min={0} max={100} precision={0} />
          </Form.Item>
        ) : (
          <Form.Item
            name="userId"
            label={t('pointsAdmin.merchants.owner')}
            extra={t('pointsAdmin.merchants.ownerHint')}
          >
            <PersonSelect />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function MerchantDrawer({
  merchant,
  canManage,
  onClose,
}: {
  merchant: Merchant;
  canManage: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const communityName = useCommunityName();
  return (
    <Drawer open size={860} title={merchant.name} onClose={onClose} data-testid="merchant-drawer">
      <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('deliberation.fields.community')}>
          {communityName(merchant.communityId)}
        </Descriptions.Item>
        <Descriptions.Item label={t('pointsAdmin.merchants.phone')}>{merchant.phone || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('pointsAdmin.merchants.address')}>{merchant.address || '—'}</Descriptions.Item>
        <Descriptions.Item label={t('pointsAdmin.merchants.creditScore')}>{merchant.creditScore}</Descriptions.Item>
      </Descriptions>
      <Tabs
        items={[
          {
            key: 'items',
            label: t('pointsAdmin.merchants.items'),
            children: <ItemsPanel merchant={merchant} canManage={canManage} />,
          },
          {
            key: 'settlement',
            label: t('pointsAdmin.merchants.settlement'),
            children: <SettlementPanel merchant={merchant} />,
          },
        ]}
      />
    </Drawer>
  );
}

interface ItemForm {
  name: string;
  description: string;
  pricePoints: number;
  cashValueYuan: number;
  stock?: number | null;
}

function ItemsPanel({ merchant, canManage }: { merchant: Merchant; canManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const items = useQuery(pointsQueries.items({ merchantId: merchant.id, includeInactive: 'true' }));
  const [editing, setEditing] = useState<ShopItem | 'new' | null>(null);
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<ItemForm>();
  const open = (item: ShopItem | 'new') => {
    setEditing(item);
    form.resetFields();
    if (item !== 'new')
      form.setFieldsValue({
        name: item.name,
        description: item.description,
        pricePoints: item.pricePoints,
        cashValueYuan: item.cashValueFen / 100,
        stock: item.stock,
      });
  };
  const save = async (v: ItemForm) => {
    setSaving(true);
    try {
      const body = {
        name: v.name,
        description: v.description ?? '',
        pricePoints: v.pricePoints,
        cashValueFen: yuanToFen(v.cashValueYuan) ?? 0,
        stock: v.stock ?? null,
      };
      if (editing === 'new') await pointsCalls.createItem(merchant.id, body);
      else if (editing) await pointsCalls.updateItem(editing.id, body);
      message.success(t('pointsAdmin.merchants.saved'));
      setEditing(null);
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['name', 'description', 'pricePoints', 'stock']))
        message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const toggle = async (item: ShopItem) => {
    try {
      await pointsCalls.updateItem(item.id, { active: !item.active });
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <>
      {canManage && (
        <Button icon={<PlusOutlined />} onClick={() => open('new')} style={{ marginBottom: 12 }}>
          {t('pointsAdmin.merchants.newItem')}
        </Button>
      )}
      {items.error && <LoadError error={items.error} onRetry={() => void items.refetch()} />}
      <Table<ShopItem>
        rowKey="id"
        size="small"
        loading={items.isFetching}
        dataSource={items.data?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t('pointsAdmin.merchants.noItems') }}
        columns={[
          {
            title: t('pointsAdmin.merchants.itemName'),
            dataIndex: 'name',
            render: (v: string, i) => (
              <>
                <div>{v}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {i.description}
                </Typography.Text>
              </>
            ),
          },
          { title: t('pointsAdmin.merchants.pricePoints'), dataIndex: 'pricePoints', width: 90, align: 'right' },
          {
            title: t('pointsAdmin.merchants.cashValue'),
            dataIndex: 'cashValueFen',
            width: 100,
            align: 'right',
            render: (v: number) => formatFen(v),
          },
          {
            title: t('pointsAdmin.merchants.stock'),
            dataIndex: 'stock',
            width: 70,
            align: 'right',
            render: (v: number | null) => v ?? t('pointsAdmin.merchants.stockUnlimited'),
          },
          {
            title: t('pointsAdmin.merchants.active'),
            dataIndex: 'active',
            width: 80,
            render: (v: boolean) => (
              <ColorTag color={v ? '#389e0d' : '#8c8c8c'}>
                {t(v ? 'pointsAdmin.merchants.itemOn' : 'pointsAdmin.merchants.itemOff')}
              </ColorTag>
            ),
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'a',
                  width: 140,
                  render: (_v: unknown, i: ShopItem) => (
                    <Space size="small">
                      <Button size="small" onClick={() => open(i)}>
                        {t('common.edit')}
                      </Button>
                      <Button size="small" onClick={() => toggle(i)}>
                        {t(i.active ? 'pointsAdmin.merchants.takeDown' : 'pointsAdmin.merchants.putUp')}
                      </Button>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={editing !== null}
        title={t(editing === 'new' ? 'pointsAdmin.merchants.newItem' : 'pointsAdmin.merchants.editItem')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        confirmLoading={saving}
        okText={t('common.save')}
      >
        <Form<ItemForm> form={form} layout="vertical" onFinish={save}>
          <Form.Item
            name="name"
            label={t('pointsAdmin.merchants.itemName')}
            rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="description" label={t('pointsAdmin.merchants.description')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item
              name="pricePoints"
              label={t('pointsAdmin.merchants.pricePoints')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <InputNumber min={1} max={1000000} precision={0} style={{ width: 140 }} />
            </Form.Item>
            <Form.Item
              name="cashValueYuan"
              label={t('pointsAdmin.merchants.cashValueYuan')}
              rules={[
                { required: true, message: t('validation.required') },
                {
                  validator: (_r, v) =>
                    v == null || (yuanToFen(v) !== undefined && Math.abs(v * 100 - Math.round(v * 100)) < 1e-6)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('pointsAdmin.merchants.yuanInvalid'))),
                },
              ]}
            >
              <InputNumber min={0} max={1000000} step={1} precision={2} prefix="¥" style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              name="stock"
              label={t('pointsAdmin.merchants.stock')}
              extra={t('pointsAdmin.merchants.stockHint')}
            >
              <InputNumber
                min={0}
                max={1000000}
                precision={0}
                placeholder={t('pointsAdmin.merchants.stockUnlimited')}
                style={{ width: 140 }}
              />
            </Form.Item>
          </Space>
        </Form>
      </Modal>
    </>
  );
}

function SettlementPanel({ merchant }: { merchant: Merchant }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const from = zonedWallClockToIso(range[0].startOf('day'));
  const to = zonedWallClockToIso(range[1].add(1, 'day').startOf('day'));
  const s = useQuery({ ...pointsQueries.settlement(merchant.id, { from, to }), placeholderData: keepPreviousData });
  return (
    <>
      <DatePicker.RangePicker
        value={range}
        onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
        allowClear={false}
        presets={[
          { label: t('merchant.spans.month'), value: [dayjs().startOf('month'), dayjs()] },
          {
            label: t('merchant.spans.lastMonth'),
            value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')],
          },
        ]}
        style={{ marginBottom: 12 }}
      />
      {s.error && <LoadError error={s.error} onRetry={() => void s.refetch()} />}
      <Table
        rowKey="day"
        size="small"
        loading={s.isFetching}
        dataSource={s.data?.days ?? []}
        pagination={{ pageSize: 31, hideOnSinglePage: true }}
        locale={{ emptyText: t('pointsAdmin.merchants.noRedemptions') }}
        columns={[
          { title: t('pointsAdmin.merchants.day'), dataIndex: 'day' },
          { title: t('pointsAdmin.merchants.count'), dataIndex: 'count', align: 'right' },
          { title: t('pointsAdmin.merchants.points'), dataIndex: 'points', align: 'right' },
          {
            title: t('pointsAdmin.merchants.owed'),
            dataIndex: 'cashFen',
            align: 'right',
            render: (v: number) => formatFen(v),
          },
        ]}
        summary={() =>
          s.data && s.data.days.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <strong>{t('pointsAdmin.merchants.totals')}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <strong>{s.data.totals.count}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <strong>{s.data.totals.points}</strong>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <strong>{formatFen(s.data.totals.cashFen)}</strong>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          ) : null
        }
      />
    </>
  );
}
