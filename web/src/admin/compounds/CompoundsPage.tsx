import { PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Form, Input, Modal, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  COMPOUND_KINDS,
  type CompoundKind,
  type CompoundSummary,
  compoundsApi,
  compoundsKeys,
} from '../../shared/compounds.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { CommunitySelect, useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';

interface FormValues {
  communityId: number;
  name: string;
  kind: CompoundKind;
  address?: string;
  termStart?: Dayjs;
  termEnd?: Dayjs;
  electedOn?: Dayjs;
}

const day = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : null);

function CompoundFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: (id: number) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [saving, setSaving] = useState(false);
  useFirstCommunity(form, useCommunityOptions());
  const save = async (v: FormValues) => {
    setSaving(true);
    try {
      const created = await compoundsApi.create({
        communityId: v.communityId,
        name: v.name,
        kind: v.kind,
        address: v.address ?? '',
        committeeTermStart: day(v.termStart),
        committeeTermEnd: day(v.termEnd),
        committeeElectedOn: day(v.electedOn),
      });
      message.success(t('compounds.saved'));
      onSaved(created.id);
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('compounds.add')} onCancel={onClose} onOk={() => form.submit()} confirmLoading={saving}>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} initialValues={{ kind: 'commodity' }}>
        <Form.Item name="communityId" label={t('compounds.community')} rules={[{ required: true }]}>
          <CommunityField />
        </Form.Item>
        <Form.Item name="name" label={t('compounds.name')} rules={[{ required: true, max: 60 }]}>
          <Input data-testid="compound-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('compounds.kind')} rules={[{ required: true }]}>
          <Select options={COMPOUND_KINDS.map((k) => ({ value: k, label: t(`compounds.kinds.${k}`) }))} />
        </Form.Item>
        <Form.Item name="address" label={t('compounds.address')}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="termStart" label={t('compounds.committee.termStart')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="termEnd" label={t('compounds.committee.termEndField')}>
            <DatePicker />
          </Form.Item>
          <Form.Item name="electedOn" label={t('compounds.committee.electedOnField')}>
            <DatePicker />
          </Form.Item>
        </Space>
      </Form>
    </Modal>
  );
}

/** 小区档案: the compounds of the area, by community, type and words. */
export default function CompoundsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [communityId, setCommunityId] = useState<number | undefined>();
  const [kind, setKind] = useState<CompoundKind | undefined>();
  const [q, setQ] = useState('');
  const [adding, setAdding] = useState(false);
  return (
    <>
      <PageHeader title={t('nav.compounds')} />
      <Card
        title={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('compounds.search')}
              onSearch={(v) => setQ(v.trim())}
              style={{ width: 220 }}
              data-testid="compound-search"
            />
            <CommunitySelect allowClear value={communityId} onChange={setCommunityId} />
            <Select
              allowClear
              placeholder={t('compounds.kind')}
              value={kind}
              onChange={setKind}
              style={{ width: 130 }}
              options={COMPOUND_KINDS.map((k) => ({ value: k, label: t(`compounds.kinds.${k}`) }))}
            />
          </Space>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="compound-add">
            {t('compounds.add')}
          </Button>
        }
      >
        <CursorTable
          rowKey="id"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...compoundsKeys.all, 'list', { communityId, kind, q, ...page }] as const,
              queryFn: () => compoundsApi.list({ communityId, kind, q: q || undefined, ...page }),
            })
          }
          locale={{ emptyText: t('compounds.empty') }}
          onRow={(c: CompoundSummary) => ({
            onClick: () => navigate(`/compounds/${c.id}`),
            style: { cursor: 'pointer' },
          })}
          columns={[
            { title: t('compounds.name'), dataIndex: 'name' },
            {
              title: t('compounds.kind'),
              render: (_: unknown, c: CompoundSummary) => <Tag>{t(`compounds.kinds.${c.kind}`)}</Tag>,
            },
            { title: t('compounds.community'), render: (_: unknown, c: CompoundSummary) => c.community.name },
            { title: t('compounds.address'), dataIndex: 'address' },
            { title: t('compounds.buildings'), dataIndex: 'buildings', align: 'right' },
            {
              title: t('compounds.propertyCompany'),
              render: (_: unknown, c: CompoundSummary) => c.propertyCompany ?? '—',
            },
            {
              title: t('compounds.termEnd'),
              render: (_: unknown, c: CompoundSummary) => c.committeeTermEnd ?? '—',
            },
          ]}
        />
      </Card>
      {adding && (
        <CompoundFormModal
          onClose={() => setAdding(false)}
          onSaved={(id) => {
            setAdding(false);
            void client.invalidateQueries({ queryKey: compoundsKeys.all });
            navigate(`/compounds/${id}`);
          }}
        />
      )}
    </>
  );
}
