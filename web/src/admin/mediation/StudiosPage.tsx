import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import type { StudioKind, StudioSummary } from '../../shared/mediation.ts';
import { mediationCalls, mediationKeys, mediationQueries } from '../../shared/query/mediation.ts';
import { can, useMe } from '../../shared/session.tsx';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect, useCommunityOptions } from '../components/CommunitySelect.tsx';
import { useCatalogue } from './tags.tsx';

/** 调解组织: studios and talk points with their mediators and specialities. */
export default function StudiosPage() {
  const { t } = useTranslation();
  const me = useMe();
  const catalogue = useCatalogue();
  const [q, setQ] = useState('');
  const queryClient = useQueryClient();
  const studios = useQuery({
    ...mediationQueries.studios({ q: q || undefined, includeInactive: 'true' }),
    placeholderData: keepPreviousData,
  });
  const [open, setOpen] = useState<number | null>(null);
  const [creating, setCreating] = useState(false);
  const kindName = new Map(catalogue.data?.studioKinds.map((k) => [k.code, k.name]));
  return (
    <div className="gz-page">
      <PageHeader
        title={t('mediation.studios.title')}
        description={t('mediation.studios.subtitle')}
        extra={
          can(me, 'mediation.manage') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('mediation.studios.newStudio')}
            </Button>
          )
        }
      />
      <Card>
        <Input.Search
          allowClear
          onSearch={setQ}
          style={{ width: 260, marginBottom: 16 }}
          placeholder={t('mediation.studios.name')}
        />
        {studios.error && <LoadError error={studios.error} onRetry={() => void studios.refetch()} />}
        <Table<StudioSummary>
          rowKey="id"
          loading={studios.isFetching}
          dataSource={studios.data?.items ?? []}
          pagination={{ pageSize: 20, showSizeChanger: false }}
          onRow={(s) => ({ onClick: () => setOpen(s.id), style: { cursor: 'pointer' } })}
          rowClassName={(s) => (s.active ? '' : 'gz-row-inactive')}
          columns={[
            {
              title: t('mediation.studios.name'),
              dataIndex: 'name',
              render: (n: string, s) => (
                <>
                  <strong>{n}</strong>
                  {!s.active && <Tag style={{ marginLeft: 8 }}>{t('mediation.studios.inactive')}</Tag>}
                </>
              ),
            },
            {
              title: t('mediation.studios.kind'),
              dataIndex: 'kind',
              width: 140,
              render: (k: StudioKind) => kindName.get(k) ?? k,
            },
            { title: t('mediation.studios.division'), key: 'div', width: 140, render: (_v, s) => s.division.name },
            { title: t('mediation.studios.manager'), key: 'm', width: 140, render: (_v, s) => s.manager?.name ?? '—' },
            { title: t('mediation.studios.mediators'), dataIndex: 'mediators', width: 90 },
            { title: t('mediation.studios.openCases'), dataIndex: 'openCases', width: 90 },
          ]}
        />
      </Card>
      <StudioDrawer id={open} onClose={() => setOpen(null)} />
      {creating && (
        <StudioModal
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: mediationKeys.all });
          }}
        />
      )}
    </div>
  );
}

function StudioDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useTranslation();
  const s = useQuery({ ...mediationQueries.studio(id ?? 0), enabled: id !== null, placeholderData: keepPreviousData });
  const v = s.data;
  return (
    <Drawer open={id !== null} onClose={onClose} size={600} title={v?.name ?? ''} destroyOnHidden>
      {v && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph>{v.description}</Typography.Paragraph>
          <Typography.Text type="secondary">
            {v.address} {v.phone}
          </Typography.Text>
          <Table
            size="small"
            rowKey="userId"
            pagination={false}
            dataSource={v.mediatorList}
            locale={{ emptyText: t('mediation.studios.noMediators') }}
            columns={[
              { title: t('mediation.fields.mediator'), dataIndex: 'name', width: 140 },
              { title: t('mediation.studios.titleField'), dataIndex: 'title', width: 100 },
              {
                title: t('mediation.studios.specialities'),
                dataIndex: 'specialities',
                render: (list: { code: string; name: string }[]) => list.map((x) => <Tag key={x.code}>{x.name}</Tag>),
              },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}

function StudioModal({ onClose, onCreated }: { onClose: () => void; onCreated: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const catalogue = useCatalogue();
  const communities = useCommunityOptions();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open
      title={t('mediation.studios.newStudio')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ divisionId: communities[0]?.value, kind: 'studio' }}
        onFinish={async (v) => {
          setBusy(true);
          try {
            await mediationCalls.createStudio({
              ...v,
              address: v.address ?? '',
              phone: v.phone ?? '',
              description: v.description ?? '',
            });
            message.success(t('mediation.studios.created'));
            onCreated();
          } catch (error) {
            message.error(errorMessage(error));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="divisionId" label={t('mediation.studios.division')} rules={[{ required: true }]}>
          <CommunitySelect />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('mediation.studios.name')}
          rules={[{ required: true, min: 2, message: t('validation.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="kind" label={t('mediation.studios.kind')}>
          <Select options={catalogue.data?.studioKinds.map((k) => ({ value: k.code, label: k.name }))} />
        </Form.Item>
        <Form.Item name="address" label={t('mediation.studios.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="phone" label={t('mediation.studios.phone')}>
          <Input maxLength={40} />
        </Form.Item>
        <Form.Item name="description" label={t('mediation.studios.description')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
