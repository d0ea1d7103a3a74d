import { KeyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Table, Tag, TreeSelect, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { Open311Client } from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import type { OrgIndex } from '../org/orgIndex.ts';
import { mattersQueries } from '../../shared/query/matters.ts';
import { useQuery } from '@tanstack/react-query';
import { mattersCalls } from '../../shared/query/matters.ts';

interface AreaNode {
  value: number;
  title: string;
  selectable: boolean;
  children: AreaNode[];
}

function areaTree(index: OrgIndex | undefined): AreaNode[] {
  if (!index) return [];
  const build = (id: number): AreaNode => {
    const d = index.divisionById.get(id)!;
    return {
      value: d.id,
      title: d.name,
      selectable: d.inScope,
      children: (index.childrenOf.get(id) ?? []).map((c) => build(c.id)),
    };
  };
  return (index.childrenOf.get(null) ?? []).map((d) => build(d.id));
}

/** Open311 客户端: keys for other systems (12345 hotline, city brain) to file matters by the GeoReport v2 API. */
export default function Open311Page() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { index } = useOrgTree();
  const clients = useQuery(mattersQueries.open311Clients());
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Open311Client | null>(null);
  const endpoint = `${window.location.origin}/open311/v2/discovery.json`;

  const revoke = async (client: Open311Client) => {
    try {
      await mattersCalls.deleteOpen311Client(client.id);
      message.success(t('open311.revoked', { name: client.name }));
      void clients.refetch();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  return (
    <div className="gz-page">
      <PageHeader
        title={t('nav.open311')}
        description={t('open311.subtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('open311.create')}
          </Button>
        }
      />
      <Card>
        <Typography.Paragraph>
          {t('open311.endpoint')}:{' '}
          <Typography.Text code copyable>
            {endpoint}
          </Typography.Text>
        </Typography.Paragraph>
        {clients.error && <LoadError error={clients.error} onRetry={() => void clients.refetch()} />}
        <Table<Open311Client>
          rowKey="id"
          loading={clients.isLoading}
          dataSource={clients.data ?? []}
          pagination={false}
          locale={{ emptyText: t('open311.empty') }}
          columns={[
            { title: t('open311.name'), dataIndex: 'name', render: (name: string) => <strong>{name}</strong> },
            {
              title: t('open311.division'),
              dataIndex: 'divisionId',
              render: (id: number) => index?.divisionById.get(id)?.name ?? id,
            },
            {
              title: t('open311.createdAt'),
              dataIndex: 'createdAt',
              width: 190,
              render: (at: string) => formatDateTime(at),
            },
            {
              title: t('open311.status'),
              dataIndex: 'revokedAt',
              width: 240,
              render: (at: string | null) =>
                at ? (
                  <Tag>{t('open311.revokedAt', { at: formatDateTime(at) })}</Tag>
                ) : (
                  <Tag color="green">{t('open311.active')}</Tag>
                ),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 100,
              render: (_v, client) =>
                !client.revokedAt && (
                  <Popconfirm
                    title={t('open311.revokeConfirm', { name: client.name })}
                    okText={t('open311.revoke')}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => revoke(client)}
                  >
                    <Button type="link" danger size="small" icon={<StopOutlined />}>
                      {t('open311.revoke')}
                    </Button>
                  </Popconfirm>
                ),
            },
          ]}
        />
      </Card>
      {creating && (
        <CreateClientModal
          index={index}
          onClose={() => setCreating(false)}
          onCreated={(client) => {
            setCreating(false);
            setCreated(client);
            void clients.refetch();
          }}
        />
      )}
      <Modal
        open={created !== null}
        title={
          <span>
            <KeyOutlined /> {t('open311.keyTitle')}
          </span>
        }
        closable={false}
        maskClosable={false}
        keyboard={false}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('open311.keySaved')}
          </Button>
        }
      >
        <Alert type="warning" showIcon title={t('open311.keyWarning')} style={{ marginBottom: 16 }} />
        <Typography.Paragraph>
          <strong>{created?.name}</strong>
        </Typography.Paragraph>
        <Typography.Paragraph>{t('open311.apiKey')}</Typography.Paragraph>
        <Typography.Paragraph
          copyable={{ text: created?.apiKey ?? '' }}
          code
          className="gz-api-key"
          data-testid="open311-key"
        >
          {created?.apiKey}
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}

function CreateClientModal({
  index,
  onClose,
  onCreated,
}: {
  index: OrgIndex | undefined;
  onClose: () => void;
  onCreated: (c: Open311Client) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ name: string; divisionId?: number }>();
  const [saving, setSaving] = useState(false);
  const tree = useMemo(() => areaTree(index), [index]);
  const submit = async (values: { name: string; divisionId?: number }) => {
    setSaving(true);
    try {
      onCreated(
        await mattersCalls.createOpen311Client({
          name: values.name.trim(),
          divisionId: values.divisionId,
        }),
      );
    } catch (error) {
      if (!applyServerFieldErrors(form, error, ['name', 'divisionId'])) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={t('open311.createTitle')}
      okText={t('common.create')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('open311.name')}
          rules={[{ required: true, whitespace: true, message: t('open311.nameRequired') }]}
        >
          <Input maxLength={80} placeholder="12345" />
        </Form.Item>
        <Form.Item
          name="divisionId"
          label={t('open311.division')}
          rules={[{ required: true, message: t('open311.divisionRequired') }]}
        >
          <TreeSelect treeData={tree} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
