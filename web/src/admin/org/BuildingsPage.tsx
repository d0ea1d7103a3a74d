import { PlusOutlined, ReloadOutlined, TeamOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, InputNumber, Select, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { can, useMe } from '../../shared/session.tsx';
import type { Building, BuildingKind, Household } from '../../shared/types.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { orgQueries } from '../../shared/query/org.ts';
import { useQuery } from '@tanstack/react-query';
import { orgCalls } from '../../shared/query/org.ts';

function numberParam(params: URLSearchParams, name: string): number | undefined {
  const value = Number(params.get(name));
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

export default function BuildingsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { index } = useOrgTree();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const communityId = numberParam(params, 'communityId');
  const gridId = numberParam(params, 'gridId');
  const [search, setSearch] = useState(q);
  useEffect(() => setSearch(q), [q]);

  const update = (next: { q?: string; communityId?: number; gridId?: number }) => {
    const merged = { q, communityId, gridId, ...next };
    const nextParams = new URLSearchParams();
    if (merged.q) nextParams.set('q', merged.q);
    if (merged.communityId) nextParams.set('communityId', String(merged.communityId));
    if (merged.gridId) nextParams.set('gridId', String(merged.gridId));
    setParams(nextParams);
  };

  const grids = communityId !== undefined ? (index?.gridsOf.get(communityId) ?? []) : (index?.tree.grids ?? []);
  const canReadPersons = can(me, 'org.person.read');

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.buildings')} description={t('buildings.subtitle')} />
      <Card>
        <div className="gz-filters">
          <Input.Search
            placeholder={t('buildings.searchPlaceholder')}
            allowClear
            enterButton
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onSearch={(value) => update({ q: value.trim() })}
            style={{ width: 280 }}
            aria-label={t('buildings.searchPlaceholder')}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('filters.community')}
            value={communityId}
            onChange={(value?: number) => update({ communityId: value, gridId: undefined })}
            options={index?.communities.map((c) => ({ value: c.id, label: c.name }))}
            style={{ width: 170 }}
            aria-label={t('filters.community')}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('filters.grid')}
            value={gridId}
            onChange={(value?: number) => update({ gridId: value })}
            options={grids.map((g) => ({ value: g.id, label: g.name }))}
            style={{ width: 200 }}
            aria-label={t('filters.grid')}
          />
          <Button icon={<ReloadOutlined />} onClick={() => setParams(new URLSearchParams())}>
            {t('filters.reset')}
          </Button>
          <ExportButton kind="buildings" filters={{ q, communityId, gridId }} />
        </div>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => orgQueries.buildings({ q, communityId, gridId, ...page })}
          expandable={{
            expandedRowRender: (building) => <Households building={building} />,
            rowExpandable: () => true,
          }}
          locale={{ emptyText: t('buildings.empty') }}
          scroll={{ x: 1000 }}
          columns={[
            {
              title: t('buildings.name'),
              dataIndex: 'name',
              width: 160,
              render: (name: string) => <strong>{name}</strong>,
            },
            {
              title: t('buildings.code'),
              dataIndex: 'code',
              width: 170,
              render: (code: string) => <span className="gz-mono">{code}</span>,
            },
            {
              title: t('buildings.kind'),
              dataIndex: 'kind',
              width: 100,
              render: (kind: BuildingKind) => <Tag>{t(`buildingKinds.${kind}`)}</Tag>,
            },
            { title: t('buildings.floors'), dataIndex: 'floors', width: 70, render: (f: number | null) => f ?? '—' },
            {
              title: t('persons.communityGrid'),
              key: 'where',
              width: 190,
              render: (_v, b) => (
                <div className="gz-two-lines">
                  <div>{b.communityName}</div>
                  <Typography.Text type="secondary">{b.gridName ?? t('buildings.noGrid')}</Typography.Text>
                </div>
              ),
            },
            { title: t('buildings.households'), dataIndex: 'householdCount', width: 80 },
            { title: t('buildings.persons'), dataIndex: 'personCount', width: 80 },
            { title: t('buildings.address'), dataIndex: 'address', ellipsis: true },
            ...(canReadPersons
              ? [
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 110,
                    render: (_v: unknown, b: Building) => (
                      <Link to={`/persons?communityId=${b.communityId}&buildingId=${b.id}`}>
                        <TeamOutlined /> {t('buildings.viewPersons')}
                      </Link>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </div>
  );
}

interface HouseholdForm {
  unitName?: string;
  room: string;
  floorAreaM2?: number | null;
}

/** The rooms of a building, listed when its row is opened. */
function Households({ building }: { building: Building }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [form] = Form.useForm<HouseholdForm>();
  const [saving, setSaving] = useState(false);
  const households = useQuery(orgQueries.households(building.id));

  const add = async (values: HouseholdForm) => {
    setSaving(true);
    try {
      await orgCalls.addHousehold(building.id, {
        unitName: values.unitName?.trim() || null,
        room: values.room.trim(),
        floorAreaM2: values.floorAreaM2 ?? null,
      });
      message.success(t('buildings.householdAdded'));
      form.resetFields();
      void households.refetch();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['unitName', 'room', 'floorAreaM2'])) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="gz-households">
      {households.error && <LoadError error={households.error} onRetry={() => void households.refetch()} />}
      {can(me, 'org.structure.write') && (
        <Form form={form} layout="inline" onFinish={add} style={{ marginBottom: 12 }}>
          <Form.Item name="unitName" rules={[{ max: 20 }]}>
            <Input placeholder={t('buildings.unit')} maxLength={20} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item
            name="room"
            rules={[{ required: true, whitespace: true, message: t('buildings.roomRequired') }, { max: 20 }]}
          >
            <Input placeholder={t('buildings.room')} maxLength={20} style={{ width: 110 }} />
          </Form.Item>
          <Form.Item name="floorAreaM2">
            <InputNumber placeholder={t('buildings.area')} min={0.01} max={100000} style={{ width: 140 }} suffix="m²" />
          </Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={saving}>
            {t('buildings.addHousehold')}
          </Button>
        </Form>
      )}
      <Table<Household>
        size="small"
        rowKey="id"
        loading={households.isLoading}
        dataSource={households.data ?? []}
        pagination={{ pageSize: 12, hideOnSinglePage: true, size: 'small' }}
        locale={{ emptyText: t('buildings.noHouseholds') }}
        columns={[
          { title: t('buildings.unit'), dataIndex: 'unitName', render: (u: string | null) => u ?? '—' },
          { title: t('buildings.room'), dataIndex: 'room' },
          {
            title: t('buildings.area'),
            dataIndex: 'floorAreaM2',
            render: (a: number | null) => (a === null ? '—' : `${a} m²`),
          },
          {
            title: t('buildings.residents'),
            dataIndex: 'personCount',
            render: (n: number) =>
              n > 0 ? n : <Typography.Text type="secondary">{t('buildings.vacant')}</Typography.Text>,
          },
        ]}
      />
    </div>
  );
}
