import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Tag } from 'antd';
import type { HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { VOTE_PHASE_COLORS, VOTE_PHASES, type VotePhase } from '../../shared/deliberation.ts';
import { deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { CursorTable } from '../components/CursorTable.tsx';
import { ExportButton } from '../components/ExportButton.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { ColorTag } from '../components/ColorTag.tsx';
import { CommunitySelect } from '../components/CommunitySelect.tsx';
import { useAreaDrill } from '../org/AreaDrill.tsx';
import { numberParam, oneOf, useUrlFilters } from '../../shared/useUrlFilters.ts';

/** 表决: the votes of the area, newest first. */
export default function VotesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  // In the address, so the cockpit's 进行中表决 opens the list it counts.
  const [filters, setFilters] = useUrlFilters(['communityId', 'phase'] as const);
  const communityId = numberParam(filters.communityId);
  const phase = oneOf(filters.phase, VOTE_PHASES);
  const { areaId, banner } = useAreaDrill();
  return (
    <div className="gz-page">
      <PageHeader
        title={t('deliberation.admin.votesTitle')}
        description={t('deliberation.admin.votesSubtitle')}
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/deliberation/votes/new')}>
            {t('deliberation.admin.newVote')}
          </Button>
        }
      />
      <Card>
        {banner}
        <Space wrap style={{ marginBottom: 16 }}>
          <CommunitySelect value={communityId} onChange={(v) => setFilters({ communityId: v })} allowClear />
          <Select
            allowClear
            value={phase}
            onChange={(v?: VotePhase) => setFilters({ phase: v })}
            placeholder={t('deliberation.fields.status')}
            style={{ width: 140 }}
            options={VOTE_PHASES.map((p) => ({ value: p, label: t(`deliberation.votePhase.${p}`) }))}
            aria-label={t('deliberation.fields.status')}
          />
          <ExportButton kind="deliberation-votes" filters={{ communityId, areaId, phase }} />
        </Space>
        <CursorTable
          rowKey="id"
          pageQuery={(page) => deliberationQueries.votes({ communityId, areaId, phase, ...page })}
          onRow={(v) =>
            ({
              onClick: () => navigate(`/deliberation/votes/${v.id}`),
              style: { cursor: 'pointer' },
              'data-testid': `vote-row-${v.id}`,
            }) as HTMLAttributes<HTMLElement>
          }
          columns={[
            {
              title: t('deliberation.fields.title'),
              dataIndex: 'title',
              render: (title: string) => <strong>{title}</strong>,
            },
            {
              title: t('deliberation.fields.electorate'),
              dataIndex: 'electorate',
              width: 200,
              render: (_e, v) => <Tag>{t(`deliberation.rule.${v.rule}`)}</Tag>,
            },
            {
              title: t('deliberation.fields.opensAt'),
              dataIndex: 'opensAt',
              width: 150,
              render: (at: string) => formatDateTime(at).slice(0, 16),
            },
            {
              title: t('deliberation.fields.closesAt'),
              dataIndex: 'closesAt',
              width: 150,
              render: (at: string) => formatDateTime(at).slice(0, 16),
            },
            {
              title: t('deliberation.admin.ballots'),
              key: 'turnout',
              width: 110,
              render: (_v, v) => `${v.ballots} / ${v.voters}`,
            },
            {
              title: t('deliberation.fields.status'),
              dataIndex: 'phase',
              width: 100,
              render: (p: VotePhase) => (
                <ColorTag color={VOTE_PHASE_COLORS[p]}>{t(`deliberation.votePhase.${p}`)}</ColorTag>
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
