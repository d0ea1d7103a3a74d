import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Input, Toast } from 'antd-mobile';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { jobfairsApi, jobfairsKeys } from '../../admin/jobfairs/api.ts';
import { refusal, yuan } from '../../shared/oddjobs.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { PageNavBar, useScreenTitle } from '../components/PageNavBar.tsx';
import '../oddjobs/oddjobs.css';
import { BoothPanel } from './BoothPanel.tsx';

const QrScanner = lazy(() => import('../points/QrScanner.tsx'));

/** One fair: its booths and positions; sign up, then sign in at the door by scanning or typing its code. */
export default function FairPage() {
  const { t } = useTranslation();
  useScreenTitle(t('jobfairs.title'));
  const navigate = useNavigate();
  const client = useQueryClient();
  const id = Number(useParams().id);
  const [token, setToken] = useState('');
  const [scanning, setScanning] = useState(false);
  const fair = useQuery({
    queryKey: [...jobfairsKeys.all, 'fair', id],
    queryFn: () => jobfairsApi.get(id),
    enabled: Number.isInteger(id) && id > 0,
  });
  const refresh = () => client.invalidateQueries({ queryKey: jobfairsKeys.all });
  const signUp = useMutation({
    mutationFn: () => jobfairsApi.signUp(id),
    onSuccess: (s) => {
      Toast.show({ content: t('jobfairs.signedUpOk', { code: s.code }) });
      void refresh();
    },
    onError: (e) => Toast.show({ content: refusal(e) }),
  });
  const checkIn = useMutation({
    mutationFn: (code: string) => jobfairsApi.checkIn(id, code),
    onSuccess: () => {
      setToken('');
      Toast.show({ content: t('jobfairs.signedIn') });
      void refresh();
    },
    onError: (e) => Toast.show({ content: refusal(e) }),
  });
  const f = fair.data;
  const mine = f?.mySignup ?? null;
  return (
    <div className="h5-page">
      <PageNavBar title={f?.title ?? t('jobfairs.title')} onBack={() => navigate('/jobfairs')} />
      {fair.isLoading ? (
        <ListSkeleton />
      ) : !f ? (
        <ErrorBlock status="default" description={fair.error ? refusal(fair.error) : ''} />
      ) : (
        <>
          <section className="h5-card">
            <strong>{f.title}</strong>
            <div className="h5-oddjobs-muted">
              {formatDateTime(f.startsAt).slice(0, 16)} – {formatDateTime(f.endsAt).slice(11, 16)}
            </div>
            <div className="h5-oddjobs-muted">
              {f.division.name} · {f.placeName}
            </div>
            {f.description && <div className="h5-oddjobs-muted">{f.description}</div>}
            <div className="h5-oddjobs-muted">{t('jobfairs.seats', { n: f.signedUp, total: f.capacity })}</div>
            {!mine && f.status === 'published' && (
              <Button
                block
                color="primary"
                disabled={f.signedUp >= f.capacity}
                loading={signUp.isPending}
                onClick={() => signUp.mutate()}
                data-testid="fair-signup"
              >
                {f.signedUp >= f.capacity ? t('jobfairs.full') : t('jobfairs.signUp')}
              </Button>
            )}
          </section>
          {mine && (
            <section className="h5-card" data-testid="my-signup">
              <div className="h5-oddjobs-top">
                <strong>{t('jobfairs.myCode', { code: mine.code })}</strong>
                <span>{mine.signedInAt ? t('jobfairs.signedIn') : t('jobfairs.notSignedIn')}</span>
              </div>
              {!mine.signedInAt && f.status === 'published' && (
                <>
                  <Button block color="primary" onClick={() => setScanning(true)}>
                    {t('jobfairs.scan')}
                  </Button>
                  <div className="h5-oddjobs-scan">
                    <Input placeholder={t('jobfairs.enterCode')} value={token} onChange={setToken} />
                    <Button
                      size="small"
                      disabled={!token.trim()}
                      loading={checkIn.isPending}
                      onClick={() => checkIn.mutate(token.trim())}
                    >
                      {t('jobfairs.submit')}
                    </Button>
                  </div>
                </>
              )}
            </section>
          )}
          <BoothPanel fair={f} />
          <h3 className="h5-oddjobs-heading">{t('jobfairs.booths')}</h3>
          {f.booths.length === 0 ? (
            <ErrorBlock status="empty" title={t('jobfairs.none')} />
          ) : (
            f.booths.map((b) => (
              <section key={b.id} className="h5-card">
                <strong>{b.employer.name}</strong>
                {b.positions.map((p) => (
                  <div key={p.id} className="h5-oddjobs-top">
                    <span>
                      {p.title} × {p.headcount}
                    </span>
                    <span className="h5-oddjobs-wage">
                      {yuan(p.wageFen)} {t(`jobfairs.units.${p.wageUnit}`)}
                    </span>
                  </div>
                ))}
              </section>
            ))
          )}
        </>
      )}
      {scanning && (
        <Suspense fallback={null}>
          <QrScanner
            onClose={() => setScanning(false)}
            onCode={(text) => {
              setScanning(false);
              checkIn.mutate(text);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
