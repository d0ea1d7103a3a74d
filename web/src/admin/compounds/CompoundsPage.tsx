import { PlusOutlined } from '@ant-design/icons';
import { queryOptions, useQueryClient } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import {
  COMPOUND_KINDS,
  type CompoundKind,
  type CompoundSummary,
  compoundsApi,
  compoundsKeys,
} from '../../shared/compounds.ts';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CompoundFormModal } from './CompoundFormModal.tsx';

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
          onSaved={({ id }) => {
            setAdding(false);
            void client.invalidateQueries({ queryKey: compoundsKeys.all });
            navigate(`/compounds/${id}`);
          }}
        />
      )}
    </>
  );
}
