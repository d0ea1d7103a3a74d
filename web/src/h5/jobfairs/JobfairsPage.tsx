import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Switch, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { jobfairsApi, jobfairsKeys, type Fair, type Interview } from '../../admin/jobfairs/api.ts';
import { refusal, yuan } from '../../shared/oddjobs.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { PageNavBar, useScreenTitle } from '../components/PageNavBar.tsx';
import '../oddjobs/oddjobs.css';

export function FairCard({ f, onOpen }: { f: Fair; onOpen: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="h5-card" onClick={onOpen} data-testid={`fair-${f.id}`}>
      <div className="h5-oddjobs-top">
        <strong>{f.title}</strong>
        <Tag color={f.signedUp >= f.capacity ? 'default' : 'primary'}>
          {f.signedUp >= f.capacity ? t('jobfairs.full') : t('jobfairs.seats', { n: f.signedUp, total: f.capacity })}
        </Tag>
      </div>
      <div className="h5-oddjobs-muted">
        {formatDateTime(f.startsAt).slice(0, 16)} – {formatDateTime(f.endsAt).slice(11, 16)}
      </div>
      <div className="h5-oddjobs-muted">
        {f.division.name} · {f.placeName}
      </div>
    </section>
  );
}

/** An interview of mine: an offer to accept or decline. */
function InterviewCard({ i }: { i: Interview }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const respond = useMutation({
    mutationFn: (decision: 'accept' | 'decline') => jobfairsApi.respond(i.id, decision),
    onSuccess: (r) => {
      if (r.response === 'accepted') Toast.show({ content: t('jobfairs.accepted') });
      void client.invalidateQueries({ queryKey: jobfairsKeys.all });
    },
    onError: (e) => Toast.show({ content: refusal(e) }),
  });
  return (
    <section className="h5-card" data-testid={`interview-${i.id}`}>
      <div className="h5-oddjobs-top">
        <strong>
          {i.employer.name} · {i.position.title}
        </strong>
        <Tag color={i.outcome === 'offer' ? 'success' : 'default'}>
          {i.response ? t(`jobfairs.responses.${i.response}`) : t(`jobfairs.outcomes.${i.outcome}`)}
        </Tag>
      </div>
      <div className="h5-oddjobs-muted">
        {i.fair.title} · <span className="h5-oddjobs-wage">{yuan(i.position.wageFen)}</span>{' '}
        {t(`jobfairs.units.${i.position.wageUnit}`)}
      </div>
      {i.hiredOn && (
        <div className="h5-oddjobs-muted">
          {t('jobfairs.hiredOn')} {i.hiredOn}
        </div>
      )}
      {i.outcome === 'offer' && i.response === null && (
        <div className="h5-oddjobs-top">
          <Button color="primary" size="small" loading={respond.isPending} onClick={() => respond.mutate('accept')}>
            {t('jobfairs.accept')}
          </Button>
          <Button size="small" onClick={() => respond.mutate('decline')}>
            {t('jobfairs.decline')}
          </Button>
        </div>
      )}
    </section>
  );
}

/** 招聘会: fairs coming up (or those of my street), my sign-ups with their codes, my interviews and offers. */
export default function JobfairsPage() {
  const { t } = useTranslation();
  useScreenTitle(t('jobfairs.title'));
  const navigate = useNavigate();
  const [near, setNear] = useState(false);
  const upcoming = useQuery({
    queryKey: [...jobfairsKeys.all, 'upcoming', near],
    queryFn: () => jobfairsApi.upcoming(near ? { near: 'yes' } : {}),
  });
  const mine = useQuery({ queryKey: [...jobfairsKeys.all, 'mine'], queryFn: jobfairsApi.mySignups });
  const interviews = useQuery({
    queryKey: [...jobfairsKeys.all, 'interviews', 'mine'],
    queryFn: jobfairsApi.myInterviews,
  });
  const open = (id: number) => navigate(`/jobfairs/${id}`);
  return (
    <div className="h5-page">
      <PageNavBar title={t('jobfairs.title')} />
      {(interviews.data?.items.length ?? 0) > 0 && (
        <>
          <h3 className="h5-oddjobs-heading">{t('jobfairs.myInterviews')}</h3>
          {interviews.data!.items.map((i) => (
            <InterviewCard key={i.id} i={i} />
          ))}
        </>
      )}
      {(mine.data?.items.length ?? 0) > 0 && (
        <>
          <h3 className="h5-oddjobs-heading">{t('jobfairs.mine')}</h3>
          {mine.data!.items.map((s) => (
            <div key={s.id}>
              <FairCard f={s.fair} onOpen={() => open(s.fair.id)} />
              <div className="h5-oddjobs-muted" style={{ margin: '-4px 16px 8px' }}>
                {t('jobfairs.myCode', { code: s.code })} ·{' '}
                {s.signedInAt ? t('jobfairs.signedIn') : t('jobfairs.notSignedIn')}
              </div>
            </div>
          ))}
        </>
      )}
      <div className="h5-oddjobs-top" style={{ margin: '12px 12px 4px' }}>
        <h3 className="h5-oddjobs-heading" style={{ margin: 0 }}>
          {t('jobfairs.upcoming')}
        </h3>
        <span>
          {t('jobfairs.nearMe')} <Switch checked={near} onChange={setNear} />
        </span>
      </div>
      {upcoming.isLoading ? (
        <ListSkeleton />
      ) : upcoming.error ? (
        <ErrorBlock status="default" description={refusal(upcoming.error)} />
      ) : !upcoming.data?.items.length ? (
        <ErrorBlock status="empty" title={t('jobfairs.none')} />
      ) : (
        upcoming.data.items.map((f) => <FairCard key={f.id} f={f} onOpen={() => open(f.id)} />)
      )}
    </div>
  );
}
