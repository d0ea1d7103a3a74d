import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Drawer, Form, Input, Select, Space, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { type CampaignView, type TargetInput, campaignsApi, campaignsKeys } from '../../shared/campaigns.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';
import { applyServerFieldPaths } from '../components/formErrors.ts';

const KINDS = ['building', 'shop', 'garage', 'other'] as const;

interface ItemRow {
  code: string;
  text: string;
  legalBasis?: string;
}
interface TargetRow {
  kind: TargetInput['kind'];
  buildingId?: number;
  name: string;
  address?: string;
  responsibleParty?: string;
  lat?: number | null;
  lng?: number | null;
}
interface Values {
  divisionId: number;
  title: string;
  period: [Dayjs, Dayjs];
  status?: 'active' | 'closed';
  memberIds: number[];
  items: ItemRow[];
  targets: TargetRow[];
}

/** A building of the community as a target: picking one fills its name, address and place. */
function BuildingPick({
  communityId,
  value,
  onChange,
  onPicked,
  testId,
}: {
  communityId: number | undefined;
  value?: number;
  onChange?: (v: number | undefined) => void;
  onPicked: (b: { name: string; address: string; lat: number | null; lng: number | null }) => void;
  testId: string;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const buildings = useQuery({
    ...orgQueries.buildings({ communityId, q: q || undefined, limit: 20 }),
    enabled: communityId !== undefined,
  });
  const rows = buildings.data?.items ?? [];
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      onSearch={setQ}
      value={value}
      loading={buildings.isFetching}
      placeholder={t('campaigns.form.pickBuilding')}
      data-testid={testId}
      style={{ width: 200 }}
      notFoundContent={t('campaigns.form.noBuilding')}
      options={rows.map((b) => ({ value: b.id, label: b.name }))}
      onChange={(v: number | undefined) => {
        onChange?.(v);
        const b = rows.find((x) => x.id === v);
        if (b) onPicked({ name: b.name, address: b.address ?? '', lat: b.lat ?? null, lng: b.lng ?? null });
      }}
    />
  );
}

/**
 * Sets a campaign up (专项整治): area, period, checklist, targets and task force; or, given one,
 * changes its title, period, status and task force and adds items and targets (items and targets
 * already recorded against stay as they are).
 */
export function CampaignFormDrawer({
  open,
  campaign,
  onClose,
  onSaved,
}: {
  open: boolean;
  campaign: CampaignView | null;
  onClose: () => void;
  onSaved: (c: CampaignView) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const communities = useCommunityOptions();
  const editing = campaign !== null;
  useFirstCommunity(form, editing ? [] : communities, 'divisionId');
  const divisionId = Form.useWatch('divisionId', form) ?? campaign?.division.id;
  const staff = useQuery({
    queryKey: [...campaignsKeys.all, 'staff', divisionId],
    queryFn: () => campaignsApi.staff(divisionId!),
    enabled: open && divisionId !== undefined,
  });

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (campaign)
      form.setFieldsValue({
        divisionId: campaign.division.id,
        title: campaign.title,
        period: [dayjs(campaign.startsOn), dayjs(campaign.endsOn)],
        status: campaign.status,
        memberIds: campaign.memberIds,
        items: [],
        targets: [],
      });
    else
      form.setFieldsValue({
        divisionId: communities[0]?.value,
        items: [{ code: 'A1', text: '' }],
        targets: [{ kind: 'building', name: '' }],
        memberIds: [],
      });
  }, [open, campaign, form, communities]);

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const items = (v.items ?? []).map((i) => ({
        code: i.code,
        text: i.text,
        legalBasis: i.legalBasis?.trim() ? i.legalBasis : null,
      }));
      const targets = (v.targets ?? []).map((x) => ({
        kind: x.kind,
        buildingId: x.kind === 'building' ? (x.buildingId ?? null) : null,
        name: x.name,
        address: x.address ?? '',
        responsibleParty: x.responsibleParty ?? '',
        lat: x.lat ?? null,
        lng: x.lng ?? null,
      }));
      const period = { startsOn: v.period[0].format('YYYY-MM-DD'), endsOn: v.period[1].format('YYYY-MM-DD') };
      if (campaign)
        return campaignsApi.update(campaign.id, {
          title: v.title,
          ...period,
          status: v.status,
          memberIds: v.memberIds ?? [],
          addItems: items,
          addTargets: targets,
        });
      return campaignsApi.create({
        divisionId: v.divisionId,
        title: v.title,
        ...period,
        items,
        targets,
        memberIds: v.memberIds ?? [],
      });
    },
    onSuccess: (c) => {
      void client.invalidateQueries({ queryKey: campaignsKeys.all });
      message.success(t(editing ? 'campaigns.form.saved' : 'campaigns.form.created'));
      onSaved(c);
    },
    onError: (e) => {
      const placed = applyServerFieldPaths(form, e, (path) => {
        const parts = (path ?? '').split('.').slice(1);
        if (parts[0] === 'startsOn' || parts[0] === 'endsOn') return ['period'];
        if (parts[0] === 'addItems') parts[0] = 'items';
        if (parts[0] === 'addTargets') parts[0] = 'targets';
        if (parts[0] === 'items' || parts[0] === 'targets') return parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p));
        return parts[0] ? [parts[0]] : undefined;
      });
      if (!placed) message.error(errorMessage(e));
    },
  });

  return (
    <Drawer
      open={open}
      onClose={onClose}
      width={960}
      title={editing ? t('campaigns.form.editTitle') : t('campaigns.form.createTitle')}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="campaign-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(v) => save.mutate(v)} data-testid="campaign-form">
        <Space wrap align="start">
          <Form.Item name="divisionId" label={t('campaigns.area')} rules={[{ required: true }]}>
            <Select
              options={communities}
              disabled={editing}
              showSearch
              optionFilterProp="label"
              style={{ width: 200 }}
              data-testid="campaign-area"
            />
          </Form.Item>
          <Form.Item
            name="title"
            label={t('campaigns.name')}
            rules={[{ required: true, whitespace: true, max: 100 }]}
            style={{ width: 320 }}
          >
            <Input data-testid="campaign-title" />
          </Form.Item>
          <Form.Item name="period" label={t('campaigns.period')} rules={[{ required: true }]}>
            <DatePicker.RangePicker data-testid="campaign-period" />
          </Form.Item>
          {editing && (
            <Form.Item name="status" label={t('campaigns.status')}>
              <Select
                style={{ width: 120 }}
                options={(['active', 'closed'] as const).map((s) => ({
                  value: s,
                  label: t(`campaigns.statuses.${s}`),
                }))}
              />
            </Form.Item>
          )}
        </Space>
        <Form.Item name="memberIds" label={t('campaigns.form.members')} extra={t('campaigns.form.membersHelp')}>
          <Select
            mode="multiple"
            loading={staff.isPending && staff.fetchStatus !== 'idle'}
            optionFilterProp="label"
            data-testid="campaign-members"
            options={(staff.data?.items ?? []).map((u) => ({
              value: u.id,
              label: `${u.name}（${u.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join('、')}）`,
            }))}
          />
        </Form.Item>

        <Card
          size="small"
          title={editing ? t('campaigns.form.addItems') : t('campaigns.form.items')}
          style={{ marginBottom: 16 }}
        >
          {campaign && (
            <div style={{ marginBottom: 8 }}>
              {campaign.items.map((i) => (
                <Tag key={i.id}>
                  {i.code} {i.text}
                </Tag>
              ))}
            </div>
          )}
          <Form.List name="items" rules={editing ? [] : [{ validator: atLeastOne(t('campaigns.form.needItem')) }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, n) => (
                  <Space key={field.key} align="start" data-testid="campaign-item-row" wrap style={{ display: 'flex' }}>
                    <Form.Item name={[field.name, 'code']} rules={[{ required: true, max: 20 }]} style={{ width: 80 }}>
                      <Input placeholder={t('campaigns.form.code')} aria-label={t('campaigns.form.code')} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'text']}
                      rules={[{ required: true, whitespace: true, max: 200 }]}
                      style={{ width: 320 }}
                    >
                      <Input placeholder={t('campaigns.form.text')} aria-label={t('campaigns.form.text')} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'legalBasis']} rules={[{ max: 300 }]} style={{ width: 280 }}>
                      <Input placeholder={t('campaigns.form.legalBasis')} aria-label={t('campaigns.form.legalBasis')} />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => remove(n)}
                      disabled={!editing && fields.length === 1}
                    />
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({ code: `A${fields.length + (campaign?.items.length ?? 0) + 1}`, text: '', legalBasis: '' })
                  }
                  data-testid="campaign-add-item"
                >
                  {t('campaigns.form.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>

        <Card size="small" title={editing ? t('campaigns.form.addTargets') : t('campaigns.form.targets')}>
          {campaign && (
            <div style={{ marginBottom: 8 }}>
              {campaign.targets.map((x) => (
                <Tag key={x.id}>
                  {t(`campaigns.kinds.${x.kind}`)} {x.name}
                </Tag>
              ))}
            </div>
          )}
          <Form.List name="targets" rules={editing ? [] : [{ validator: atLeastOne(t('campaigns.form.needTarget')) }]}>
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((field, n) => (
                  <TargetFields
                    key={field.key}
                    name={field.name}
                    communityId={divisionId}
                    onRemove={() => remove(n)}
                    removable={editing || fields.length > 1}
                  />
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  icon={<PlusOutlined />}
                  onClick={() => add({ kind: 'shop', name: '' })}
                  data-testid="campaign-add-target"
                >
                  {t('campaigns.form.addTarget')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
      </Form>
    </Drawer>
  );
}

const atLeastOne = (words: string) => async (_: unknown, rows: unknown[] | undefined) => {
  if (!rows || rows.length === 0) throw new Error(words);
};

function TargetFields({
  name,
  communityId,
  onRemove,
  removable,
}: {
  name: number;
  communityId: number | undefined;
  onRemove: () => void;
  removable: boolean;
}) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const kind = Form.useWatch(['targets', name, 'kind'], form) as TargetRow['kind'] | undefined;
  return (
    <Space align="start" wrap data-testid="campaign-target-row" style={{ display: 'flex' }}>
      <Form.Item name={[name, 'kind']} rules={[{ required: true }]} style={{ width: 100 }}>
        <Select
          aria-label={t('campaigns.form.kind')}
          options={KINDS.map((k) => ({ value: k, label: t(`campaigns.kinds.${k}`) }))}
        />
      </Form.Item>
      {kind === 'building' && (
        <Form.Item name={[name, 'buildingId']}>
          <BuildingPick
            communityId={communityId}
            testId="campaign-target-building"
            onPicked={(b) =>
              form.setFields([
                { name: ['targets', name, 'name'], value: b.name, errors: [] },
                { name: ['targets', name, 'address'], value: b.address },
                { name: ['targets', name, 'lat'], value: b.lat },
                { name: ['targets', name, 'lng'], value: b.lng },
              ])
            }
          />
        </Form.Item>
      )}
      <Form.Item name={[name, 'name']} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ width: 160 }}>
        <Input placeholder={t('campaigns.form.targetName')} aria-label={t('campaigns.form.targetName')} />
      </Form.Item>
      <Form.Item name={[name, 'address']} rules={[{ max: 200 }]} style={{ width: 180 }}>
        <Input placeholder={t('campaigns.form.address')} aria-label={t('campaigns.form.address')} />
      </Form.Item>
      <Form.Item name={[name, 'responsibleParty']} rules={[{ max: 100 }]} style={{ width: 140 }}>
        <Input placeholder={t('campaigns.form.responsible')} aria-label={t('campaigns.form.responsible')} />
      </Form.Item>
      <Form.Item name={[name, 'lat']} hidden>
        <Input />
      </Form.Item>
      <Form.Item name={[name, 'lng']} hidden>
        <Input />
      </Form.Item>
      <Button icon={<DeleteOutlined />} aria-label={t('common.delete')} onClick={onRemove} disabled={!removable} />
    </Space>
  );
}
