import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type AccessPerson,
  type AccessVehicle,
  accessApi,
  accessKeys,
  PERSON_KINDS,
  type PersonKind,
  type VisitorPass,
} from '../../shared/access.ts';
import { errorMessage } from '../../shared/api.ts';
import { compoundsApi } from '../../shared/compounds.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { EntriesTab, WatchTab } from './AccessEntries.tsx';

const PASS_COLORS: Record<VisitorPass['status'], string> = {
  upcoming: 'blue',
  valid: 'green',
  expired: 'default',
  revoked: 'red',
};

function RegistryTab({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: accessKeys.all });
  const [personForm] = Form.useForm<{ personId: number; kind: PersonKind; cardNumber?: string }>();
  const [vehicleForm] = Form.useForm<{ plate: string; personId?: number }>();
  const save = async (work: () => Promise<unknown>, reset: () => void) => {
    try {
      await work();
      message.success(t('access.added'));
      reset();
      refresh();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Card size="small" title={t('access.people')}>
        <Form
          form={personForm}
          layout="inline"
          initialValues={{ kind: 'resident' }}
          onFinish={(v) =>
            void save(
              () =>
                accessApi.addPerson(compoundId, {
                  personId: v.personId,
                  kind: v.kind,
                  ...(v.cardNumber ? { cardNumber: v.cardNumber } : {}),
                }),
              () => personForm.resetFields(),
            )
          }
          style={{ marginBottom: 12 }}
        >
          <Form.Item name="personId" rules={[{ required: true }]}>
            <InputNumber
              placeholder={t('access.personId')}
              min={1}
              style={{ width: 180 }}
              data-testid="access-person-id"
            />
          </Form.Item>
          <Form.Item name="kind">
            <Select
              style={{ width: 120 }}
              options={PERSON_KINDS.map((k) => ({ value: k, label: t(`access.kinds.${k}`) }))}
            />
          </Form.Item>
          <Form.Item name="cardNumber">
            <Input placeholder={t('access.cardNumber')} style={{ width: 160 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="access-person-add">
            {t('access.add')}
          </Button>
        </Form>
        <CursorTable
          rowKey="id"
          size="small"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...accessKeys.all, 'people', compoundId, page] as const,
              queryFn: () => accessApi.people(compoundId, page),
            })
          }
          locale={{ emptyText: t('access.empty') }}
          columns={[
            { title: t('access.name'), dataIndex: 'name' },
            { title: t('access.kind'), render: (_: unknown, p: AccessPerson) => t(`access.kinds.${p.kind}`) },
            { title: t('access.card'), render: (_: unknown, p: AccessPerson) => p.card ?? '—' },
            {
              title: t('access.status'),
              render: (_: unknown, p: AccessPerson) =>
                p.active ? <Tag color="green">{t('access.active')}</Tag> : <Tag>{t('access.inactive')}</Tag>,
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('access.vehicles')}>
        <Form
          form={vehicleForm}
          layout="inline"
          onFinish={(v) =>
            void save(
              () => accessApi.addVehicle(compoundId, { plate: v.plate, personId: v.personId ?? null }),
              () => vehicleForm.resetFields(),
            )
          }
          style={{ marginBottom: 12 }}
        >
          <Form.Item name="plate" rules={[{ required: true }]}>
            <Input placeholder={t('access.plate')} style={{ width: 160 }} data-testid="access-plate" />
          </Form.Item>
          <Form.Item name="personId">
            <InputNumber placeholder={t('access.personId')} min={1} style={{ width: 180 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('access.add')}
          </Button>
        </Form>
        <CursorTable
          rowKey="id"
          size="small"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...accessKeys.all, 'vehicles', compoundId, page] as const,
              queryFn: () => accessApi.vehicles(compoundId, page),
            })
          }
          locale={{ emptyText: t('access.empty') }}
          columns={[
            {
              title: t('access.plate'),
              render: (_: unknown, v: AccessVehicle) => (
                <Space>
                  {v.plate}
                  {v.newEnergy && <Tag color="green">{t('access.newEnergy')}</Tag>}
                </Space>
              ),
            },
            { title: t('access.owner'), render: (_: unknown, v: AccessVehicle) => v.owner ?? '—' },
            {
              title: t('access.status'),
              render: (_: unknown, v: AccessVehicle) =>
                v.active ? <Tag color="green">{t('access.active')}</Tag> : <Tag>{t('access.inactive')}</Tag>,
            },
          ]}
        />
      </Card>
    </Space>
  );
}

function PassesTab({ compoundId }: { compoundId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const revoke = async (p: VisitorPass) => {
    try {
      await accessApi.revokePass(p.id);
      message.success(t('access.revoked'));
      void client.invalidateQueries({ queryKey: accessKeys.all });
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
  return (
    <CursorTable
      rowKey="id"
      size="small"
      pageQuery={(page) =>
        queryOptions({
          queryKey: [...accessKeys.all, 'passes', compoundId, page] as const,
          queryFn: () => accessApi.passes({ compoundId, ...page }),
        })
      }
      locale={{ emptyText: t('access.empty') }}
      columns={[
        { title: t('access.visitor'), dataIndex: 'visitorName' },
        { title: t('access.phone'), render: (_: unknown, p: VisitorPass) => p.visitorPhone ?? '—' },
        { title: t('access.validFrom'), render: (_: unknown, p: VisitorPass) => formatDateTime(p.validFrom) },
        { title: t('access.validUntil'), render: (_: unknown, p: VisitorPass) => formatDateTime(p.validUntil) },
        {
          title: t('access.status'),
          render: (_: unknown, p: VisitorPass) => (
            <Tag color={PASS_COLORS[p.status]}>{t(`access.statuses.${p.status}`)}</Tag>
          ),
        },
        {
          title: '',
          render: (_: unknown, p: VisitorPass) =>
            p.status === 'revoked' || p.status === 'expired' ? null : (
              <Button size="small" danger onClick={() => void revoke(p)}>
                {t('access.revoke')}
              </Button>
            ),
        },
      ]}
    />
  );
}

/** 智慧平安小区: a compound's gates — people and vehicles, visitor passes, entries, watch list. */
export default function AccessAdminPage() {
  const { t } = useTranslation();
  const compounds = useQuery({
    queryKey: [...accessKeys.all, 'compounds'],
    queryFn: () => compoundsApi.list({ limit: 200 }),
  });
  const [picked, setPicked] = useState<number | undefined>();
  const compoundId = picked ?? compounds.data?.items[0]?.id;
  const needCompound = (node: (id: number) => React.ReactNode) =>
    compoundId === undefined ? (
      <Table dataSource={[]} locale={{ emptyText: t('access.pickCompound') }} />
    ) : (
      node(compoundId)
    );
  return (
    <div>
      <PageHeader title={t('nav.access')} description={t('access.description')} />
      <Space style={{ marginBottom: 12 }}>
        {t('access.compound')}
        <Select
          style={{ width: 260 }}
          placeholder={t('access.pickCompound')}
          loading={compounds.isPending}
          value={compoundId}
          onChange={setPicked}
          showSearch
          optionFilterProp="label"
          options={(compounds.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
          data-testid="access-compound"
        />
      </Space>
      <Tabs
        items={[
          {
            key: 'registry',
            label: t('access.tabs.registry'),
            children: needCompound((id) => <RegistryTab compoundId={id} />),
          },
          {
            key: 'passes',
            label: t('access.tabs.passes'),
            children: needCompound((id) => <PassesTab compoundId={id} />),
          },
          { key: 'entries', label: t('access.tabs.entries'), children: <EntriesTab compoundId={compoundId} /> },
          { key: 'watch', label: t('access.tabs.watch'), children: <WatchTab /> },
        ]}
      />
    </div>
  );
}
