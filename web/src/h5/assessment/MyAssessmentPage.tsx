import { useQuery } from '@tanstack/react-query';
import { ErrorBlock, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { assessmentQueries } from '../../shared/query/assessment.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { peerGroupName } from '../../shared/assessment.ts';
import { useAppealDecisions } from './useAppealDecisions.ts';
import './assessment.css';

/**
 * 我的考核: a grid worker's own monthly scores, newest first, each with its rank in the peer
 * group; a tap opens the breakdown, where a line can be appealed (申诉).
 */
export default function MyAssessmentPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  useAppealDecisions();
  // Monthly, per scheme: a worker has about a dozen a year.
  const scores = useQuery(assessmentQueries.mine({ limit: 100 }));
  return (
    <div className="h5-page h5-assessment" data-testid="my-assessment">
      <PageNavBar title={t('assessment.h5.title')} onBack={() => navigate(-1)} />
      {scores.isError && !scores.data ? (
        <LoadFailed error={scores.error} onRetry={() => void scores.refetch()} />
      ) : !scores.data ? (
        <ListSkeleton />
      ) : scores.data.items.length === 0 ? (
        <ErrorBlock
          status="empty"
          title={t('assessment.h5.empty')}
          description={t('assessment.h5.emptyHint')}
          data-testid="assessment-empty"
        />
      ) : (
        <List className="h5-list">
          {scores.data.items.map((s) => (
            <List.Item
              key={s.id}
              data-testid={`my-score-${s.id}`}
              onClick={() => navigate(`/assessment/${s.id}`)}
              description={
                <div className="h5-assessment-meta">
                  <span>{s.schemeName}</span>
                  <span>{peerGroupName(t, s.peerGroup)}</span>
                  <span data-testid="my-score-rank">{t('assessment.h5.rank', { rank: s.rank, size: s.peerSize })}</span>
                </div>
              }
              extra={
                <span className="h5-assessment-score" data-testid="my-score-total">
                  {s.score}
                </span>
              }
            >
              {s.month}
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
