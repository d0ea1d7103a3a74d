import { Button, ProgressBar, PullToRefresh, Toast } from 'antd-mobile';
import { CheckCircleFill, LikeOutline, RightOutline } from 'antd-mobile-icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { TOPIC_STATUS_COLORS } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { Comments } from './Comments.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './deliberation.css';

/** A topic: what it asks, support towards the agenda, its rounds, votes and decisions, and the talk about it. */
export default function TopicPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const loaded = useQuery(deliberationQueries.topic(id));
  const [busy, setBusy] = useState(false);
  const topic = loaded.data;

  const support = async () => {
    setBusy(true);
    try {
      const next = await deliberationCalls.support(id);
      queryClient.setQueryData(deliberationKeys.topic(id), next);
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      Toast.show({
        icon: 'success',
        content: next.status === 'on_agenda' ? t('deliberation.h5.supportedToAgenda') : t('deliberation.h5.supported'),
      });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
    } finally {
      setBusy(false);
    }
  };

  let content: ReactNode;
  if (!topic && loaded.error) content = <LoadFailed error={loaded.error} onRetry={() => void loaded.refetch()} />;
  else if (!topic) content = <ListSkeleton />;
  else
    content = (
      <>
        <section className="h5-card">
          <div className="h5-topic-top">
            <span className="h5-topic-title" style={{ fontSize: 18 }}>
              {topic.title}
            </span>
            <ColorTag color={TOPIC_STATUS_COLORS[topic.status]} testId="topic-status">
              {t(`deliberation.topicStatus.${topic.status}`)}
            </ColorTag>
          </div>
          <div className="h5-topic-meta" style={{ marginBottom: 12 }}>
            {t(`deliberation.party.${topic.party}`)} · {topic.authorName} ·{' '}
            {formatDateTime(topic.createdAt).slice(0, 16)} · {t(`deliberation.scope.${topic.scopeKind}`)}
          </div>
          <div className="h5-topic-body">{topic.body}</div>
        </section>

        <section className="h5-card h5-support-box" data-testid="support-box">
          <div className="h5-support-count" data-testid="support-count">
            {topic.supports} <small>/ {topic.threshold}</small>
          </div>
          <div className="h5-muted h5-small" style={{ marginBottom: 10 }}>
            {topic.status === 'open'
              ? t('deliberation.h5.thresholdHint', { threshold: topic.threshold })
              : topic.agendaAt
                ? t(`deliberation.h5.agendaBy.${topic.agendaBy ?? 'staff'}`, {
                    at: formatDateTime(topic.agendaAt).slice(0, 16),
                  })
                : ''}
          </div>
          <ProgressBar
            percent={Math.min(100, (topic.supports / Math.max(1, topic.threshold)) * 100)}
            style={{ marginBottom: 14 }}
          />
          {topic.supportedByMe ? (
            <div className="h5-vote-mine">
              <CheckCircleFill /> {t('deliberation.h5.youSupported')}
            </div>
          ) : topic.status === 'open' ? (
            <Button
              block
              color="primary"
              shape="rounded"
              loading={busy}
              onClick={() => void support()}
              data-testid="support-button"
            >
              <LikeOutline /> {t('deliberation.h5.support')}
            </Button>
          ) : null}
        </section>

        {topic.rounds.length > 0 && (
          <section className="h5-card">
            <div className="h5-card-title">{t('deliberation.h5.rounds')}</div>
            <ul className="h5-plain-list h5-round-list">
              {topic.rounds.map((r) => (
                <li key={`${r.meetingId}-${r.round}`}>
                  <strong>{t('deliberation.roundN', { n: r.round })}</strong> · {r.meetingTitle} ·{' '}
                  {formatDateTime(r.startsAt).slice(0, 10)}
                  {r.outcome && <div className="h5-muted h5-small">{r.outcome}</div>}
                </li>
              ))}
            </ul>
          </section>
        )}

        {(topic.votes.length > 0 || topic.decisions.length > 0) && (
          <section className="h5-card">
            <div className="h5-card-title">{t('deliberation.h5.votesAndDecisions')}</div>
            <ul className="h5-plain-list h5-mini-list">
              {topic.votes.map((v) => (
                <li
                  key={`v${v.id}`}
                  onClick={() => navigate(`/deliberation/votes/${v.id}`)}
                  data-testid={`topic-vote-${v.id}`}
                >
                  {t('deliberation.h5.voteLink', { title: v.title })} ·{' '}
                  {t(`deliberation.votePhase.${v.phase as 'open'}`)} <RightOutline />
                </li>
              ))}
              {topic.decisions.map((d) => (
                <li key={`d${d.id}`} onClick={() => navigate(`/deliberation/decisions/${d.id}`)}>
                  {t('deliberation.h5.decisionLink', { title: d.title })} · {d.progress}% <RightOutline />
                </li>
              ))}
            </ul>
          </section>
        )}

        <Comments targetType="topic" targetId={id} />
      </>
    );

  return (
    <div className="h5-page">
      <PageNavBar title={t('deliberation.h5.topic')} onBack={() => navigate(-1)} />
      <PullToRefresh
        onRefresh={async () => {
          await loaded.refetch();
        }}
      >
        {content}
      </PullToRefresh>
    </div>
  );
}
