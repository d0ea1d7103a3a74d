import {
  Button,
  CapsuleTabs,
  ErrorBlock,
  InfiniteScroll,
  ProgressBar,
  PullToRefresh,
  SearchBar,
  Tabs,
} from 'antd-mobile';
import { AddOutline, RightOutline } from 'antd-mobile-icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  DECISION_STATUS_COLORS,
  TOPIC_STATUS_COLORS,
  VOTE_PHASE_COLORS,
  type TopicStatus,
  type TopicSummary,
} from '../../shared/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { deliberationQueries } from '../../shared/query/deliberation.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './deliberation.css';

type Tab = 'topics' | 'votes' | 'decisions';
const TABS: Tab[] = ['topics', 'votes', 'decisions'];
const FILTERS: ('all' | TopicStatus)[] = ['all', 'open', 'on_agenda', 'voting', 'decided'];

/** 议事厅: topics of my community (support them), votes open to me, and how decisions are followed through. */
export default function DeliberationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'topics';
  const setTab = (next: string) => setParams({ tab: next }, { replace: true });

  return (
    <div className="h5-page">
      <PageNavBar title={t('deliberation.h5.title')} onBack={() => navigate('/')} />
      <div className="h5-tabs-bar">
        <Tabs activeKey={tab} onChange={setTab}>
          {TABS.map((key) => (
            <Tabs.Tab key={key} title={t(`deliberation.h5.tabs.${key}`)} />
          ))}
        </Tabs>
      </div>
      {tab === 'topics' && <TopicList />}
      {tab === 'votes' && <VoteList />}
      {tab === 'decisions' && <DecisionList />}
    </div>
  );
}

function TopicList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<'all' | TopicStatus>('all');
  const list = useInfiniteQuery(
    deliberationQueries.topicPages({ limit: 20, q: q || undefined, status: status === 'all' ? undefined : status }),
  );
  const items = list.data?.pages.flatMap((page) => page.items);
  return (
    <>
      <div className="h5-search-row">
        <SearchBar placeholder={t('deliberation.h5.searchTopics')} onSearch={setQ} onClear={() => setQ('')} />
      </div>
      <CapsuleTabs className="h5-capsules" activeKey={status} onChange={(key) => setStatus(key as 'all' | TopicStatus)}>
        {FILTERS.map((key) => (
          <CapsuleTabs.Tab key={key} title={key === 'all' ? t('common.all') : t(`deliberation.topicStatus.${key}`)} />
        ))}
      </CapsuleTabs>
      <PullToRefresh onRefresh={async () => void (await list.refetch())}>
        {list.error && !items ? (
          <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
        ) : !items ? (
          <ListSkeleton />
        ) : items.length === 0 ? (
          <ErrorBlock
            status="empty"
            title={t('deliberation.h5.noTopics')}
            description={t('deliberation.h5.noTopicsHint')}
          />
        ) : (
          <div data-testid="topic-list">
            {items.map((topic) => (
              <TopicCard key={topic.id} topic={topic} onClick={() => navigate(`/deliberation/topics/${topic.id}`)} />
            ))}
            <InfiniteScroll
              loadMore={async () => void (await list.fetchNextPage({ throwOnError: true }))}
              hasMore={list.hasNextPage}
            />
          </div>
        )}
      </PullToRefresh>
      <Button
        className="h5-fab"
        color="primary"
        shape="rounded"
        onClick={() => navigate('/deliberation/topics/new')}
        data-testid="raise-topic"
      >
        <AddOutline /> {t('deliberation.h5.raise')}
      </Button>
    </>
  );
}

export function TopicCard({ topic, onClick }: { topic: TopicSummary; onClick: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="h5-topic-card" onClick={onClick} data-testid={`topic-${topic.id}`}>
      <div className="h5-topic-top">
        <span className="h5-topic-title">{topic.title}</span>
        <ColorTag color={TOPIC_STATUS_COLORS[topic.status]}>{t(`deliberation.topicStatus.${topic.status}`)}</ColorTag>
      </div>
      <div className="h5-topic-meta">
        {t(`deliberation.party.${topic.party}`)} · {topic.authorName} · {formatDateTime(topic.createdAt).slice(0, 10)}
      </div>
      {topic.status === 'open' && (
        <div className="h5-support-line">
          <ProgressBar percent={Math.min(100, (topic.supports / Math.max(1, topic.threshold)) * 100)} />
          <span>{t('deliberation.supportsOf', { count: topic.supports, threshold: topic.threshold })}</span>
        </div>
      )}
    </div>
  );
}

function VoteList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useInfiniteQuery(deliberationQueries.votePages({ limit: 20 }));
  const items = list.data?.pages.flatMap((page) => page.items);
  return (
    <PullToRefresh onRefresh={async () => void (await list.refetch())}>
      {list.error && !items ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : !items ? (
        <ListSkeleton />
      ) : items.length === 0 ? (
        <ErrorBlock
          status="empty"
          title={t('deliberation.h5.noVotes')}
          description={t('deliberation.h5.noVotesHint')}
        />
      ) : (
        <div data-testid="vote-list">
          {items.map((v) => (
            <div
              key={v.id}
              className="h5-topic-card"
              onClick={() => navigate(`/deliberation/votes/${v.id}`)}
              data-testid={`vote-${v.id}`}
            >
              <div className="h5-topic-top">
                <span className="h5-topic-title">{v.title}</span>
                <ColorTag color={VOTE_PHASE_COLORS[v.phase]}>{t(`deliberation.votePhase.${v.phase}`)}</ColorTag>
              </div>
              <div className="h5-topic-meta">
                {t(`deliberation.electorate.${v.electorate}`)} ·{' '}
                {t('deliberation.closesAt', { at: formatDateTime(v.closesAt).slice(0, 16) })}
              </div>
              <div className="h5-support-line">
                <ProgressBar percent={v.voters ? (v.ballots / v.voters) * 100 : 0} />
                <span>{t('deliberation.turnoutOf', { count: v.ballots, voters: v.voters })}</span>
              </div>
            </div>
          ))}
          <InfiniteScroll
            loadMore={async () => void (await list.fetchNextPage({ throwOnError: true }))}
            hasMore={list.hasNextPage}
          />
        </div>
      )}
    </PullToRefresh>
  );
}

function DecisionList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useInfiniteQuery(deliberationQueries.decisionPages({ limit: 20 }));
  const items = list.data?.pages.flatMap((page) => page.items);
  return (
    <PullToRefresh onRefresh={async () => void (await list.refetch())}>
      <p className="h5-page-intro">{t('deliberation.h5.decisionsIntro')}</p>
      {list.error && !items ? (
        <LoadFailed error={list.error} onRetry={() => void list.refetch()} />
      ) : !items ? (
        <ListSkeleton />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('deliberation.h5.noDecisions')} />
      ) : (
        <div data-testid="decision-list">
          {items.map((d) => (
            <div key={d.id} className="h5-topic-card" onClick={() => navigate(`/deliberation/decisions/${d.id}`)}>
              <div className="h5-topic-top">
                <span className="h5-topic-title">{d.title}</span>
                <ColorTag color={DECISION_STATUS_COLORS[d.status]}>
                  {t(`deliberation.decisionStatus.${d.status}`)}
                </ColorTag>
              </div>
              <div className="h5-decision-progress">
                <ProgressBar
                  percent={d.progress}
                  style={{ '--fill-color': DECISION_STATUS_COLORS[d.status] } as CSSProperties}
                />
                <span>{d.progress}%</span>
                <RightOutline />
              </div>
              <div className="h5-topic-meta">
                {t('deliberation.updatedAt', { at: formatDateTime(d.updatedAt).slice(0, 16) })}
              </div>
            </div>
          ))}
          <InfiniteScroll
            loadMore={async () => void (await list.fetchNextPage({ throwOnError: true }))}
            hasMore={list.hasNextPage}
          />
        </div>
      )}
    </PullToRefresh>
  );
}
