import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, ErrorBlock, Form, Input, Rate, Tag, Toast } from 'antd-mobile';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { oddjobsApi, oddjobsKeys, yuan, type Application, refusal } from '../../shared/oddjobs.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { SpotField, useSpot } from './SpotField.tsx';
import './oddjobs.css';

const QrScanner = lazy(() => import('../points/QrScanner.tsx'));
const list = (text: string) =>
  text
    .split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The seeker's profile: skills, certificates, where and how far, the pay they ask. */
function ProfileForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const { spot, locate } = useSpot();
  const save = useMutation({
    mutationFn: (v: Record<string, string> & { disabled?: boolean }) =>
      oddjobsApi.saveSeeker({
        skills: list(v.skills ?? ''),
        certificates: list(v.certificates ?? ''),
        expectedHourlyFen: Math.round(Number(v.expected || 0) * 100),
        radiusM: Number(v.radius || 3000),
        // Declared for the staff's help queue (重点帮扶), both optional.
        birthYear: v.birthYear ? Number(v.birthYear) : null,
        disabled: v.disabled === true,
        lat: spot?.lat ?? 0,
        lng: spot?.lng ?? 0,
      }),
    onSuccess: () => {
      Toast.show({ content: t('oddjobs.saved') });
      onSaved();
    },
    onError: (e) => Toast.show({ content: refusal(e) }),
  });
  return (
    <Form
      layout="horizontal"
      initialValues={{ radius: '3000', expected: '' }}
      onFinish={(v) => (spot ? save.mutate(v) : Toast.show({ content: t('oddjobs.needSpotSeeker') }))}
      footer={
        <Button block type="submit" color="primary" loading={save.isPending} data-testid="seeker-save">
          {t('oddjobs.save')}
        </Button>
      }
    >
      <Form.Header>{t('oddjobs.profile')}</Form.Header>
      <Form.Item name="skills" label={t('oddjobs.skills')} rules={[{ required: true }]}>
        <Input data-testid="seeker-skills" />
      </Form.Item>
      <Form.Item name="certificates" label={t('oddjobs.certificates')}>
        <Input />
      </Form.Item>
      <Form.Item name="expected" label={t('oddjobs.expected')}>
        <Input type="number" data-testid="seeker-expected" />
      </Form.Item>
      <Form.Item name="radius" label={t('oddjobs.radius')}>
        <Input type="number" />
      </Form.Item>
      <Form.Item name="birthYear" label={t('oddjobs.birthYear')}>
        <Input type="number" data-testid="seeker-birth-year" />
      </Form.Item>
      <Form.Item name="disabled" valuePropName="checked">
        <Checkbox data-testid="seeker-disabled">{t('oddjobs.declareDisabled')}</Checkbox>
      </Form.Item>
      <SpotField label={t('oddjobs.searchAround')} spot={spot} locate={locate} />
    </Form>
  );
}

/** One of my applications: scan in and out, confirm the pay, rate, or say I was not paid. */
function ApplicationCard({ a }: { a: Application }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [code, setCode] = useState('');
  const [scanning, setScanning] = useState(false);
  const refresh = () => client.invalidateQueries({ queryKey: oddjobsKeys.all });
  const onError = (e: unknown) => Toast.show({ content: refusal(e) });
  const scan = useMutation({
    mutationFn: (purpose: 'in' | 'out') => oddjobsApi.scan(a.id, purpose, code),
    onSuccess: () => {
      setCode('');
      void refresh();
    },
    onError,
  });
  const pay = useMutation({ mutationFn: () => oddjobsApi.pay(a.id, a.dueFen ?? 0), onSuccess: refresh, onError });
  const rate = useMutation({
    mutationFn: (stars: number) => oddjobsApi.rate(a.id, stars),
    onSuccess: refresh,
    onError,
  });
  const unpaid = useMutation({
    mutationFn: () => oddjobsApi.unpaid(a.id),
    onSuccess: (r) => {
      Toast.show({ content: t('oddjobs.unpaidDone', { code: r.rightsCaseCode }) });
      void refresh();
      navigate('/rights/mine');
    },
    onError,
  });
  const purpose = a.status === 'hired' ? 'in' : a.status === 'checked_in' ? 'out' : null;
  return (
    <section className="h5-card" data-testid={`oddjob-application-${a.id}`}>
      <div className="h5-oddjobs-top">
        <strong>{a.posting.title}</strong>
        <Tag color={a.status === 'paid' ? 'success' : 'primary'} fill="outline" data-testid="application-status">
          {t(`oddjobs.statuses.${a.status}`)}
        </Tag>
      </div>
      <div className="h5-oddjobs-muted">{a.posting.employerName}</div>
      {purpose && (
        <div className="h5-oddjobs-scan">
          <Input placeholder={t('oddjobs.scanCode')} value={code} onChange={setCode} data-testid="scan-code" />
          <Button size="small" onClick={() => setScanning(true)}>
            📷
          </Button>
          <Button
            size="small"
            color="primary"
            disabled={!code}
            loading={scan.isPending}
            onClick={() => scan.mutate(purpose)}
            data-testid={`check-${purpose}`}
          >
            {purpose === 'in' ? t('oddjobs.checkIn') : t('oddjobs.checkOut')}
          </Button>
        </div>
      )}
      {scanning && (
        <Suspense fallback={null}>
          <QrScanner
            onClose={() => setScanning(false)}
            onCode={(text) => {
              setScanning(false);
              setCode(text);
            }}
          />
        </Suspense>
      )}
      {a.dueFen !== null && <div className="h5-oddjobs-muted">{t('oddjobs.due', { amount: yuan(a.dueFen) })}</div>}
      {a.status === 'checked_out' && a.seekerPayFen === null && (
        <Button block color="success" onClick={() => pay.mutate()} loading={pay.isPending} data-testid="confirm-pay">
          {t('oddjobs.confirmPay', { amount: yuan(a.dueFen ?? 0) })}
        </Button>
      )}
      {(a.status === 'checked_out' || a.status === 'paid') && (
        <div className="h5-oddjobs-top">
          <span>{a.seekerRating ? t('oddjobs.rated', { stars: a.seekerRating }) : t('oddjobs.rate')}</span>
          <Rate value={a.seekerRating ?? 0} readOnly={a.seekerRating !== null} onChange={(v) => rate.mutate(v)} />
        </div>
      )}
      {a.rightsCaseId !== null ? (
        <Button block fill="none" color="primary" onClick={() => navigate('/rights/mine')}>
          {t('oddjobs.toRights')}
        </Button>
      ) : (
        (a.status === 'checked_in' || a.status === 'checked_out') && (
          <Button
            block
            color="danger"
            fill="outline"
            onClick={() => unpaid.mutate()}
            loading={unpaid.isPending}
            data-testid="unpaid"
          >
            {t('oddjobs.unpaid')}
          </Button>
        )
      )}
    </section>
  );
}

/** 我要找活: my profile, the jobs that suit me with why, my applications from apply to pay. */
export default function SeekerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const seeker = useQuery({ queryKey: [...oddjobsKeys.all, 'seeker'], queryFn: oddjobsApi.mySeeker });
  const hasProfile = Boolean(seeker.data?.seeker);
  const matches = useQuery({
    queryKey: [...oddjobsKeys.all, 'matches'],
    queryFn: oddjobsApi.matches,
    enabled: hasProfile,
  });
  const mine = useQuery({ queryKey: [...oddjobsKeys.all, 'applications'], queryFn: oddjobsApi.myApplications });
  const refresh = () => client.invalidateQueries({ queryKey: oddjobsKeys.all });
  const apply = useMutation({
    mutationFn: (postingId: number) => oddjobsApi.apply(postingId),
    onSuccess: () => {
      Toast.show({ content: t('oddjobs.applied') });
      void refresh();
    },
    onError: (e) => Toast.show({ content: refusal(e) }),
  });

  return (
    <div className="h5-page">
      <PageNavBar
        title={t('oddjobs.seekerTitle')}
        onBack={() => navigate(-1)}
        right={
          <Button size="mini" color="primary" fill="none" onClick={() => navigate('/oddjobs/employer')}>
            {t('oddjobs.toEmployer')}
          </Button>
        }
      />
      {!seeker.data ? (
        <ListSkeleton />
      ) : !hasProfile ? (
        <ProfileForm onSaved={() => void refresh()} />
      ) : (
        <>
          <h3 className="h5-oddjobs-heading">{t('oddjobs.matches')}</h3>
          {!matches.data ? (
            <ListSkeleton />
          ) : matches.data.items.length === 0 ? (
            <ErrorBlock status="empty" title={t('oddjobs.noMatches')} />
          ) : (
            matches.data.items.map((m) => (
              <section key={m.posting.id} className="h5-card" data-testid={`oddjob-match-${m.posting.id}`}>
                <div className="h5-oddjobs-top">
                  <strong>{m.posting.title}</strong>
                  <span className="h5-oddjobs-wage">
                    {yuan(m.posting.wageFen)} {t(`oddjobs.units.${m.posting.wageUnit}`)}
                  </span>
                </div>
                <div className="h5-oddjobs-muted">
                  {m.posting.employer.name} · {m.posting.placeName}
                </div>
                <div className="h5-oddjobs-why" data-testid="oddjob-why">
                  {m.why}
                </div>
                <Button
                  size="small"
                  color="primary"
                  loading={apply.isPending && apply.variables === m.posting.id}
                  onClick={() => apply.mutate(m.posting.id)}
                  data-testid={`apply-${m.posting.id}`}
                >
                  {t('oddjobs.apply')}
                </Button>
              </section>
            ))
          )}
        </>
      )}
      <h3 className="h5-oddjobs-heading">{t('oddjobs.myApplications')}</h3>
      {mine.data?.items.length === 0 && <div className="h5-oddjobs-muted">{t('oddjobs.none')}</div>}
      {mine.data?.items.map((a) => (
        <ApplicationCard key={a.id} a={a} />
      ))}
    </div>
  );
}
