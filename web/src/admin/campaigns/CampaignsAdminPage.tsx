import { PlusOutlined } from '@ant-design/icons';
import { queryOptions } from '@tanstack/react-query';
import { Button, Card, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { type CampaignView, campaignsApi, campaignsKeys } from '../../shared/campaigns.ts';
import { can, useMe } from '../../shared/session.tsx';
import { CursorTable } from '../components/CursorTable.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CampaignDetail } from './CampaignDetail.tsx';
import { CampaignFormDrawer } from './CampaignFormDrawer.tsx';

/** 专项整治 in the console: campaigns of the area, set up and changed here; the chosen one's progress and notices. */
export default function CampaignsAdminPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canManage = can(me, 'campaigns.manage');
  const [status, setStatus] = useState<'active' | 'closed' | undefined>();
  const [q, setQ] = useState('');
  // /admin/campaigns/:id (a notification's link) opens that campaign.
  const { id } = useParams();
  const [chosen, setChosen] = useState<number | null>(id && /^\d+$/.test(id) ? Number(id) : null);
  const [form, setForm] = useState<{ campaign: CampaignView | null } | null>(null);
  return (
    <>
      <PageHeader
        title={t('campaigns.title')}
        description={t('campaigns.description')}
        extra={
          canManage && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setForm({ campaign: null })}
              data-testid="campaign-create"
            >
              {t('campaigns.create')}
            </Button>
          )
        }
      />
      <Card
        title={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t('campaigns.search')}
              onSearch={(v) => setQ(v.trim())}
              style={{ width: 220 }}
              data-testid="campaign-search"
            />
            <Select
              allowClear
              placeholder={t('campaigns.status')}
              value={status}
              onChange={setStatus}
              style={{ width: 120 }}
              options={(['active', 'closed'] as const).map((s) => ({ value: s, label: t(`campaigns.statuses.${s}`) }))}
            />
          </Space>
        }
      >
        <CursorTable
          rowKey="id"
          pageQuery={(page) =>
            queryOptions({
              queryKey: [...campaignsKeys.all, 'list', { status, q, ...page }] as const,
              queryFn: () => campaignsApi.list({ status, q: q || undefined, ...page }),
            })
          }
          locale={{ emptyText: t('campaigns.empty') }}
          onRow={(c) => ({ onClick: () => setChosen(c.id), style: { cursor: 'pointer' } })}
          rowClassName={(c) => (c.id === chosen ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('campaigns.name'), dataIndex: 'title' },
            { title: t('campaigns.area'), render: (_, c) => c.division.name },
            { title: t('campaigns.period'), render: (_, c) => `${c.startsOn} – ${c.endsOn}` },
            { title: t('campaigns.status'), render: (_, c) => t(`campaigns.statuses.${c.status}`) },
          ]}
        />
      </Card>
      <div style={{ marginTop: 16 }}>
        {chosen !== null ? (
          <CampaignDetail
            key={chosen}
            campaignId={chosen}
            canManage={canManage}
            onEdit={(c) => setForm({ campaign: c })}
          />
        ) : (
          <Card>{t('campaigns.pick')}</Card>
        )}
      </div>
      <CampaignFormDrawer
        open={form !== null}
        campaign={form?.campaign ?? null}
        onClose={() => setForm(null)}
        onSaved={(c) => {
          setForm(null);
          setChosen(c.id);
        }}
      />
    </>
  );
}
