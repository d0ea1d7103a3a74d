import { Image, ProgressBar, PullToRefresh, Steps } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { DECISION_STATUS_COLORS, type DecisionStatus } from '../../shared/deliberation.ts';
import { deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './deliberation.css';

/** A decision and how far it has come (落实): the progress reports of those carrying it out. */
export default function DecisionPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const d = useQuery(deliberationQueries.decision(id));

  let content: ReactNode;
  if (d.error && !d.data) content = <LoadFailed error={d.error} onRetry={() => void d.refetch()} />;
  else if (!d.data) content = <ListSkeleton />;
  else {
    const v = d.data;
    content = (
      <>
        <section className="h5-card">
          <div className="h5-topic-top">
            <span className="h5-topic-title" style={{ fontSize: 18 }}>
              {v.title}
            </span>
            <ColorTag color={DECISION_STATUS_COLORS[v.status]}>{t(`deliberation.decisionStatus.${v.status}`)}</ColorTag>
          </div>
          <div className="h5-topic-body" style={{ marginTop: 10 }}>
            {v.text}
          </div>
          <div className="h5-decision-progress">
            <ProgressBar
              percent={v.progress}
              style={{ '--fill-color': DECISION_STATUS_COLORS[v.status] } as CSSProperties}
            />
            <strong>{v.progress}%</strong>
          </div>
          {v.topicId && (
            <div
              className="h5-card-link"
              style={{ marginTop: 10 }}
              onClick={() => navigate(`/deliberation/topics/${v.topicId}`)}
            >
              {t('deliberation.h5.toTopic')}
            </div>
          )}
        </section>
        <section className="h5-card">
          <div className="h5-card-title">{t('deliberation.progressReports')}</div>
          {v.updates.length === 0 ? (
            <div className="h5-muted">{t('deliberation.noReports')}</div>
          ) : (
            <Steps direction="vertical" current={0}>
              {[...v.updates].reverse().map((u) => (
                <Steps.Step
                  key={u.id}
                  status={u.status === 'done' ? 'finish' : 'process'}
                  title={`${u.progress}% · ${t(`deliberation.decisionStatus.${u.status as DecisionStatus}`)}`}
                  description={
                    <div>
                      <div>{u.note}</div>
                      <div className="h5-muted h5-small">
                        {u.author} · {formatDateTime(u.at).slice(0, 16)}
                      </div>
                      {u.photos.length > 0 && (
                        <div className="h5-photos">
                          {u.photos.map((p) => (
                            <Image key={p.url} src={p.thumbnailUrl} width={64} height={64} fit="cover" />
                          ))}
                        </div>
                      )}
                    </div>
                  }
                />
              ))}
            </Steps>
          )}
        </section>
      </>
    );
  }
  return (
    <div className="h5-page">
      <PageNavBar title={t('deliberation.h5.decision')} onBack={() => navigate(-1)} />
      <PullToRefresh onRefresh={async () => void (await d.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
