import { Button, ErrorBlock, InfiniteScroll, PullToRefresh, SearchBar, Tabs } from 'antd-mobile';
import { AddOutline, ClockCircleOutline, EnvironmentOutline, RightOutline } from 'antd-mobile-icons';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { formatMinutes, SIGNUP_STATUS_COLORS, signupStatusLabel } from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { volunteerQueries } from '../../shared/query/volunteer.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** A time span on one line: 11-23 09:00–11:00, or with both dates when it runs over midnight. */
export function timeSpan(startsAt: string, endsAt: string): string {
  const from = formatDateTime(startsAt);
  const to = formatDateTime(endsAt);
  return from.slice(0, 10) === to.slice(0, 10)
    ? `${from.slice(5, 16)}–${to.slice(11, 16)}`
    : `${from.slice(5, 16)} – ${to.slice(5, 16)}`;
}

/** 志愿服务: activities to join, and my own sign-ups with the hours credited. */
export default function VolunteerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'mine' ? 'mine' : 'upcoming';
  const [q, setQ] = useState('');
  const led = useQuery(volunteerQueries.ledTeams()).data;
  const list = useInfiniteQuery(volunteerQueries.activityPages({ upcoming: 'true', q, limit: 20 }));
  const items = list.data?.pages.flatMap((page) => page.items);
  const mine = useQuery(volunteerQueries.myActivities());

  let upcoming: ReactNode;
  if (list.error && !items) upcoming = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  else if (!items) upcoming = <ListSkeleton />;
  else if (items.length === 0)
    upcoming = <ErrorBlock status="empty" title={q ? t('volunteer.h5.noneFound') : t('volunteer.h5.noUpcoming')} />;
  else
    upcoming = (
      <>
        <ul className="h5-activities" data-testid="activities">
          {items.map((a) => (
            <li
              key={a.id}
              className="h5-activity-card"
              onClick={() => navigate(`/volunteer/activities/${a.id}`)}
              data-testid={`activity-${a.id}`}
            >
              <div className="h5-activity-top">
                <span className="h5-activity-title">{a.title}</span>
                {a.mySignup && a.mySignup.status !== 'cancelled' ? (
                  <ColorTag color={SIGNUP_STATUS_COLORS[a.mySignup.status]}>
                    {signupStatusLabel(t, a.mySignup.status)}
                  </ColorTag>
                ) : a.signedUp >= a.capacity ? (
                  <ColorTag color="#8c8c8c">{t('volunteer.full')}</ColorTag>
                ) : null}
              </div>
              <div className="h5-muted h5-small">{a.teamName}</div>
              <div className="h5-activity-meta h5-small">
                <span>
                  <ClockCircleOutline /> {timeSpan(a.startsAt, a.endsAt)}
                </span>
                {a.place && (
                  <span>
                    <EnvironmentOutline /> {a.place}
                  </span>
                )}
              </div>
              <div className="h5-activity-foot h5-small">
                <span>{t('volunteer.signedUpOf', { count: a.signedUp, capacity: a.capacity })}</span>
                <RightOutline />
              </div>
            </li>
          ))}
        </ul>
        <InfiniteScroll
          loadMore={async () => void (await list.fetchNextPage({ throwOnError: true }))}
          hasMore={list.hasNextPage}
        />
      </>
    );

  let signups: ReactNode;
  if (mine.error && !mine.data) signups = <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />;
  else if (!mine.data) signups = <ListSkeleton />;
  else if (mine.data.items.length === 0)
    signups = (
      <ErrorBlock status="empty" title={t('volunteer.h5.noSignups')} description={t('volunteer.h5.noSignupsHint')} />
    );
  else
    signups = (
      <>
        <div className="h5-hours-total" data-testid="my-hours">
          {t('volunteer.h5.totalHours')} <strong>{formatMinutes(t, mine.data.totalApprovedMinutes)}</strong>
        </div>
        <ul className="h5-activities">
          {mine.data.items.map((s) => (
            <li
              key={s.activityId}
              className="h5-activity-card"
              onClick={() => navigate(`/volunteer/activities/${s.activityId}`)}
            >
              <div className="h5-activity-top">
                <span className="h5-activity-title">{s.title}</span>
                <ColorTag color={SIGNUP_STATUS_COLORS[s.status]}>{signupStatusLabel(t, s.status)}</ColorTag>
              </div>
              <div className="h5-activity-meta h5-small">
                <span>
                  <ClockCircleOutline /> {timeSpan(s.startsAt, s.endsAt)}
                </span>
                {s.place && (
                  <span>
                    <EnvironmentOutline /> {s.place}
                  </span>
                )}
              </div>
              {s.approvedMinutes !== null && s.status === 'approved' && (
                <div className="h5-small h5-plus">
                  {t('volunteer.h5.credited', { hours: formatMinutes(t, s.approvedMinutes) })}
                </div>
              )}
            </li>
          ))}
        </ul>
      </>
    );

  return (
    <div className="h5-page">
      <PageNavBar
        title={t('volunteer.h5.title')}
        onBack={() => navigate(-1)}
        right={
          led &&
          led.length > 0 && (
            <span
              className="h5-nav-right"
              onClick={() => navigate('/volunteer/activities/new')}
              data-testid="new-activity"
            >
              <AddOutline /> {t('volunteer.h5.newShort')}
            </span>
          )
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'mine' ? { tab: 'mine' } : {}, { replace: true })}
        className="h5-tabs-bar"
      >
        <Tabs.Tab key="upcoming" title={t('volunteer.h5.upcoming')} />
        <Tabs.Tab key="mine" title={t('volunteer.h5.mine')} />
      </Tabs>
      {tab === 'upcoming' ? (
        <>
          <div className="h5-search-row">
            <SearchBar
              placeholder={t('volunteer.h5.search')}
              onSearch={(value) => setQ(value.trim())}
              onClear={() => setQ('')}
            />
          </div>
          <PullToRefresh onRefresh={async () => void (await list.refetch())}>{upcoming}</PullToRefresh>
        </>
      ) : (
        <PullToRefresh onRefresh={async () => void (await mine.refetch())}>{signups}</PullToRefresh>
      )}
      <div className="h5-section h5-volunteer-links">
        <Button fill="outline" shape="rounded" onClick={() => navigate('/volunteer/good-deeds')}>
          {t('points.h5.entries.goodDeeds')}
        </Button>
        <Button fill="outline" shape="rounded" onClick={() => navigate('/volunteer/wishes')}>
          {t('points.h5.entries.wishes')}
        </Button>
      </div>
    </div>
  );
}
