import { ErrorBlock, PullToRefresh, Steps } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { CASE_STATUS_COLORS } from '../../shared/mediation.ts';
import { mediationQueries } from '../../shared/query/mediation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import './deliberation.css';
import type { ReactNode } from 'react';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** 我的调解: the disputes I am a party to, and where each stands (details stay with the mediator). */
export default function MyCasesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const cases = useQuery(mediationQueries.myCases());

  let content: ReactNode;
  if (cases.error && !cases.data) content = <LoadFailed error={cases.error} onRetry={() => void cases.refetch()} />;
  else if (!cases.data) content = <ListSkeleton />;
  else if (cases.data.items.length === 0)
    content = <ErrorBlock status="empty" title={t('mediation.h5.none')} description={t('mediation.h5.noneHint')} />;
  else
    content = cases.data.items.map((c) => (
      <section key={c.id} className="h5-card" data-testid={`my-case-${c.id}`}>
        <div className="h5-topic-top">
          <span className="h5-topic-title">{c.category.name}</span>
          <ColorTag color={CASE_STATUS_COLORS[c.status]}>{c.statusName}</ColorTag>
        </div>
        <div className="h5-topic-meta">
          <span className="h5-mono">{c.code}</span> · {t(`mediation.partyRole.${c.myRole}`)}
        </div>
        <div className="h5-topic-meta" style={{ marginBottom: 10 }}>
          {[c.studio, c.mediator].filter(Boolean).join(' · ')}
        </div>
        <Steps direction="vertical" current={c.steps.length - 1} className="h5-case-steps">
          {c.steps.map((s, i) => (
            <Steps.Step
              key={`${s.status}-${i}`}
              title={s.name}
              description={formatDateTime(s.at).slice(0, 16)}
              status={
                s.status === 'failed' || s.status === 'withdrawn'
                  ? 'error'
                  : i === c.steps.length - 1 && s.status !== 'closed'
                    ? 'process'
                    : 'finish'
              }
            />
          ))}
        </Steps>
      </section>
    ));

  return (
    <div className="h5-page">
      <PageNavBar title={t('mediation.h5.title')} onBack={() => navigate(-1)} />
      <p className="h5-page-intro">{t('mediation.h5.intro')}</p>
      <PullToRefresh onRefresh={async () => void (await cases.refetch())}>{content}</PullToRefresh>
    </div>
  );
}
