import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, List, Tag, Toast } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { partyApi, partyKeys } from '../../shared/party.ts';
import { formatDateTime } from '../../shared/time.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** A member's page: my branches, 报到 to the community where I live, tasks to claim (micro-wishes, volunteer activities). */
export default function PartyPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const me = useQuery({ queryKey: [...partyKeys.all, 'me'], queryFn: partyApi.me });
  const member = me.data?.member ?? null;
  const reported = member?.report?.status === 'confirmed';
  const wishes = useInfiniteQuery({ ...volunteerQueries.wishPages({ status: 'open', limit: 20 }), enabled: reported });
  const activities = useQuery({
    ...volunteerQueries.activities({ upcoming: true, status: 'open', limit: 20 }),
    enabled: reported,
  });
  const mine = useQuery({ ...volunteerQueries.myActivities(), enabled: reported });
  const signedUp = new Set((mine.data?.items ?? []).filter((s) => s.status !== 'cancelled').map((s) => s.activityId));

  const report = async () => {
    try {
      await partyApi.report();
      await client.invalidateQueries({ queryKey: partyKeys.all });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    }
  };
  const claim = async (id: number) => {
    try {
      await volunteerCalls.wishAction(id, 'claim', {});
      Toast.show({ icon: 'success', content: t('party.h5.claimed') });
      await client.invalidateQueries({ queryKey: volunteerKeys.all });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    }
  };

  const signUp = async (id: number) => {
    try {
      await volunteerCalls.activityAction(id, 'signup');
      Toast.show({ icon: 'success', content: t('party.h5.signedUp') });
      await client.invalidateQueries({ queryKey: volunteerKeys.all });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    }
  };

  let content: ReactNode;
  if (me.error) content = <LoadFailed error={me.error} onRetry={() => void me.refetch()} />;
  else if (!me.data) content = <ListSkeleton />;
  else if (!member) content = <ErrorBlock status="empty" title={t('party.h5.notMember')} description="" />;
  else
    content = (
      <>
        <List header={t('party.h5.myBranches')} data-testid="party-my-branches">
          <List.Item description={t('party.h5.primary')}>
            {member.primaryOrg.name} <Tag color="danger">{t(`party.memberKinds.${member.kind}`)}</Tag>
          </List.Item>
          {member.residenceOrg && (
            <List.Item description={t('party.h5.residence')}>{member.residenceOrg.name}</List.Item>
          )}
        </List>
        <section className="h5-card" data-testid="party-report">
          <div>{t('party.h5.reportTo', { name: me.data.homeCommunity?.name ?? '' })}</div>
          {member.report === null ? (
            <Button block color="danger" onClick={() => void report()} data-testid="party-report-button">
              {t('party.h5.report')}
            </Button>
          ) : (
            <Tag color={reported ? 'success' : 'warning'}>
              {reported ? t('party.h5.confirmed') : t('party.h5.reported')}
            </Tag>
          )}
        </section>
        {reported && (
          <List header={`${t('party.h5.tasks')} · ${t('party.h5.wishesHead')}`} data-testid="party-tasks">
            {wishes.data?.pages
              .flatMap((p) => p.items)
              .map((w) => (
                <List.Item
                  key={w.id}
                  data-testid={`party-wish-${w.id}`}
                  description={w.beneficiaryLabel}
                  extra={
                    w.status === 'open' ? (
                      <Button size="small" color="danger" onClick={() => void claim(w.id)}>
                        {t('party.h5.claim')}
                      </Button>
                    ) : (
                      <Tag>{t('party.h5.claimed')}</Tag>
                    )
                  }
                >
                  {w.title}
                </List.Item>
              ))}
            {wishes.data && wishes.data.pages[0]?.items.length === 0 && <List.Item>{t('party.h5.noTasks')}</List.Item>}
            <List.Item onClick={() => navigate('/volunteer/wishes')}>{t('party.h5.allWishes')}</List.Item>
          </List>
        )}
        {reported && (
          <List header={`${t('party.h5.tasks')} · ${t('party.h5.activitiesHead')}`} data-testid="party-activities">
            {activities.error && <LoadFailed error={activities.error} onRetry={() => void activities.refetch()} />}
            {!activities.data && !activities.error && <ListSkeleton />}
            {activities.data?.items.map((a) => (
              <List.Item
                key={a.id}
                data-testid={`party-activity-${a.id}`}
                description={`${formatDateTime(a.startsAt).slice(0, 16)} · ${a.place} · ${t('party.h5.places', {
                  signed: a.signedUp,
                  capacity: a.capacity,
                })}`}
                onClick={() => navigate(`/volunteer/activities/${a.id}`)}
                extra={
                  signedUp.has(a.id) ? (
                    <Tag color="success">{t('party.h5.signedUp')}</Tag>
                  ) : a.signedUp >= a.capacity ? (
                    <Tag>{t('party.h5.full')}</Tag>
                  ) : (
                    <Button
                      size="small"
                      color="danger"
                      onClick={(e) => {
                        e.stopPropagation();
                        void signUp(a.id);
                      }}
                    >
                      {t('party.h5.signUp')}
                    </Button>
                  )
                }
              >
                {a.title}
              </List.Item>
            ))}
            {activities.data?.items.length === 0 && <List.Item>{t('party.h5.noActivities')}</List.Item>}
            <List.Item onClick={() => navigate('/volunteer')}>{t('party.h5.allActivities')}</List.Item>
          </List>
        )}
      </>
    );
  return (
    <div className="h5-page">
      <PageNavBar title={t('party.title')} />
      {content}
    </div>
  );
}
