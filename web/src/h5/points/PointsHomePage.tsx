import { Grid, PullToRefresh } from 'antd-mobile';
import {
  CalendarOutline,
  FileOutline,
  GiftOutline,
  HeartOutline,
  RightOutline,
  ScanningOutline,
  ShopbagOutline,
  StarOutline,
  TeamOutline,
  UnorderedListOutline,
} from 'antd-mobile-icons';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { formatMinutes } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { pointsQueries } from '../../shared/query/points.ts';
import { volunteerQueries } from '../../shared/query/volunteer.ts';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

type Entry = 'mall' | 'vouchers' | 'statement' | 'leaderboard' | 'activities' | 'goodDeeds' | 'wishes';

const ENTRIES: { key: Entry; path: string; icon: ReactNode; color: string }[] = [
  { key: 'mall', path: '/points/mall', icon: <ShopbagOutline />, color: '#d4380d' },
  { key: 'vouchers', path: '/points/vouchers', icon: <GiftOutline />, color: '#c41d7f' },
  { key: 'statement', path: '/points/statement', icon: <UnorderedListOutline />, color: '#1677ff' },
  { key: 'leaderboard', path: '/points/leaderboard', icon: <StarOutline />, color: '#d4b106' },
  { key: 'activities', path: '/volunteer', icon: <CalendarOutline />, color: '#eb2f96' },
  { key: 'goodDeeds', path: '/volunteer/good-deeds', icon: <HeartOutline />, color: '#389e0d' },
  { key: 'wishes', path: '/volunteer/wishes', icon: <FileOutline />, color: '#722ed1' },
];

/** 积分 tab: my balance, where to spend and earn it; merchants also reach 核销 here. */
export default function PointsHomePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const account = useQuery(pointsQueries.me());
  const merchant = useQuery(pointsQueries.myMerchant());
  const upcoming = useQuery(volunteerQueries.activities({ upcoming: 'true', limit: 3 }));
  const mine = useQuery(volunteerQueries.myActivities());

  const refresh = async () => {
    await Promise.all([account.refetch(), upcoming.refetch(), mine.refetch()]);
  };

  return (
    <div className="h5-page">
      <PageNavBar title={t('points.h5.title')} />
      <PullToRefresh onRefresh={refresh}>
        {account.error && !account.data ? (
          <LoadFailed error={account.error} onRetry={() => void account.refetch()} />
        ) : (
          <section className="h5-points-hero" onClick={() => navigate('/points/statement')} data-testid="points-hero">
            <div className="h5-points-hero-label">{t('points.h5.balance')}</div>
            <div className="h5-points-hero-balance" data-testid="points-balance">
              {account.data ? account.data.balance : '—'}
            </div>
            <div className="h5-points-hero-foot">
              <span data-testid="points-held">{t('points.h5.held', { points: account.data?.held ?? 0 })}</span>
              <span>
                {t('points.h5.statement')} <RightOutline />
              </span>
            </div>
            {mine.data && mine.data.totalApprovedMinutes > 0 && (
              <div className="h5-points-hero-hours">
                {t('volunteer.h5.myHours', { hours: formatMinutes(t, mine.data.totalApprovedMinutes) })}
              </div>
            )}
          </section>
        )}

        {merchant.data && (
          <button
            type="button"
            className="h5-entry h5-merchant-entry"
            onClick={() => navigate('/merchant')}
            data-testid="entry-merchant"
          >
            <span className="h5-entry-icon" style={{ color: '#1677ff', background: '#1677ff14' }}>
              <ScanningOutline />
            </span>
            <span className="h5-entry-text">
              <strong>{t('merchant.title')}</strong>
              <span>{merchant.data.name}</span>
            </span>
            <RightOutline />
          </button>
        )}

        <section className="h5-card h5-services">
          <Grid columns={4} gap={8}>
            {ENTRIES.map((entry) => (
              <Grid.Item
                key={entry.key}
                className="h5-service"
                onClick={() => navigate(entry.path)}
                data-testid={`points-entry-${entry.key}`}
              >
                <span className="h5-service-icon" style={{ color: entry.color, background: `${entry.color}14` }}>
                  {entry.icon}
                </span>
                <span className="h5-service-label">{t(`points.h5.entries.${entry.key}`)}</span>
              </Grid.Item>
            ))}
          </Grid>
        </section>

        <section className="h5-card">
          <div className="h5-card-title">
            {t('volunteer.h5.upcoming')}
            <span className="h5-card-link" onClick={() => navigate('/volunteer')}>
              {t('volunteer.h5.all')} <RightOutline />
            </span>
          </div>
          {upcoming.data?.items.length === 0 && <div className="h5-muted">{t('volunteer.h5.noUpcoming')}</div>}
          {upcoming.error && !upcoming.data && <div className="h5-muted">{t('common.loadFailed')}</div>}
          <ul className="h5-plain-list">
            {upcoming.data?.items.map((a) => (
              <li key={a.id} className="h5-mini-activity" onClick={() => navigate(`/volunteer/activities/${a.id}`)}>
                <div className="h5-mini-activity-title">
                  <TeamOutline /> {a.title}
                </div>
                <div className="h5-muted h5-small">
                  {a.teamName} · {formatDateTime(a.startsAt).slice(5, 16)} ·{' '}
                  {t('volunteer.signedUpOf', { count: a.signedUp, capacity: a.capacity })}
                </div>
              </li>
            ))}
          </ul>
        </section>
        <p className="h5-tip">{t('points.h5.howToEarn')}</p>
      </PullToRefresh>
    </div>
  );
}
