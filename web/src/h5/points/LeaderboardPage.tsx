import { ErrorBlock, PullToRefresh, Tabs } from 'antd-mobile';
import { StarFill } from 'antd-mobile-icons';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { periodLabel, periodOf, type PeriodKind } from '../../shared/points.ts';
import { useMe } from '../../shared/session.tsx';
import { pointsQueries } from '../../shared/query/points.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

const KINDS: PeriodKind[] = ['month', 'year', 'all'];

/** 积分榜 of my community for a month, a year or all time, and the honours awarded (最美志愿者…). */
export default function LeaderboardPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const [kind, setKind] = useState<PeriodKind>('month');
  const period = periodOf(kind);
  const board = useQuery(pointsQueries.leaderboard({ period, limit: 50 }));
  const honours = useQuery(pointsQueries.honours());

  let list: ReactNode;
  if (board.error && !board.data) list = <LoadFailed error={board.error} onRetry={() => void board.refetch()} />;
  else if (!board.data) list = <ListSkeleton lines={6} />;
  else if (board.data.items.length === 0) list = <ErrorBlock status="empty" title={t('points.h5.noRanking')} />;
  else
    list = (
      <ol className="h5-ranking" data-testid="leaderboard">
        {board.data.items.map((row) => (
          <li key={row.userId} className={`h5-rank${row.userId === me.id ? ' h5-rank-me' : ''}`}>
            <span className={`h5-rank-no h5-rank-no-${row.rank <= 3 ? row.rank : 'n'}`}>{row.rank}</span>
            <span className="h5-rank-name">
              {row.name}
              {row.userId === me.id && <span className="h5-rank-you">{t('points.h5.you')}</span>}
            </span>
            <span className="h5-rank-points">{t('points.pointsValue', { points: row.points })}</span>
          </li>
        ))}
      </ol>
    );

  return (
    <div className="h5-page">
      <PageNavBar title={t('points.h5.entries.leaderboard')} onBack={() => navigate(-1)} />
      <PullToRefresh
        onRefresh={async () => {
          await Promise.all([board.refetch(), honours.refetch()]);
        }}
      >
        <section className="h5-card">
          <Tabs activeKey={kind} onChange={(key) => setKind(key as PeriodKind)} className="h5-tabs">
            {KINDS.map((k) => (
              <Tabs.Tab key={k} title={periodLabel(t, periodOf(k))} />
            ))}
          </Tabs>
          {list}
        </section>
        <section className="h5-card">
          <div className="h5-card-title">{t('points.honours')}</div>
          {honours.data?.items.length === 0 && <div className="h5-muted">{t('points.h5.noHonours')}</div>}
          <ul className="h5-plain-list" data-testid="honours">
            {honours.data?.items.map((h) => (
              <li key={h.id} className="h5-honour">
                <StarFill className="h5-honour-icon" />
                <div>
                  <div>
                    <strong>{h.name}</strong> · {h.title}
                  </div>
                  <div className="h5-muted h5-small">
                    {periodLabel(t, h.period)} · {t('points.pointsValue', { points: h.points })}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </section>
      </PullToRefresh>
    </div>
  );
}
