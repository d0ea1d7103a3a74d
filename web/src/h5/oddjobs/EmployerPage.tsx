import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Selector, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { oddjobsApi, oddjobsKeys, yuan, type Posting, type QrCodeView, refusal } from '../../shared/oddjobs.ts';
import { QrCode } from '../../shared/QrCode.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { useHomePlace } from '../useHomePlace.ts';
import { SpotField, useSpot } from './SpotField.tsx';
import './oddjobs.css';
import { zonedLocalToIso } from '../../shared/time.ts';

const onError = (e: unknown) => Toast.show({ content: refusal(e) });

function RegisterForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const home = useHomePlace();
  const register = useMutation({
    mutationFn: (v: Record<string, string>) =>
      oddjobsApi.register({
        name: v.name ?? '',
        creditCode: v.creditCode ?? '',
        communityId: Number(home.communityId),
        contactName: v.contactName ?? '',
        contactPhone: v.contactPhone ?? '',
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: oddjobsKeys.all }),
    onError,
  });
  return (
    <Form
      layout="horizontal"
      onFinish={(v) => register.mutate(v)}
      footer={
        <Button block type="submit" color="primary" loading={register.isPending} data-testid="employer-register">
          {t('oddjobs.register')}
        </Button>
      }
    >
      <Form.Header>{t('oddjobs.register')}</Form.Header>
      <Form.Item name="name" label={t('oddjobs.employerName')} rules={[{ required: true }]}>
        <Input data-testid="employer-name" />
      </Form.Item>
      <Form.Item name="creditCode" label={t('oddjobs.creditCode')} rules={[{ required: true }]}>
        <Input data-testid="employer-code" />
      </Form.Item>
      <Form.Item name="contactName" label={t('oddjobs.contactName')} rules={[{ required: true }]}>
        <Input data-testid="employer-contact" />
      </Form.Item>
      <Form.Item name="contactPhone" label={t('oddjobs.contactPhone')} rules={[{ required: true }]}>
        <Input data-testid="employer-phone" />
      </Form.Item>
    </Form>
  );
}

function PostForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [unit, setUnit] = useState<'hour' | 'day' | 'month' | 'piece'>('day');
  const [kind, setKind] = useState<'odd_job' | 'day_paid' | 'short_term' | 'long_term'>('day_paid');
  const { spot, locate } = useSpot();
  const post = useMutation({
    mutationFn: (v: Record<string, string>) =>
      oddjobsApi.post({
        title: v.title ?? '',
        description: v.description ?? '',
        kind,
        wageFen: Math.round(Number(v.wage) * 100),
        wageUnit: unit,
        placeName: v.place ?? '',
        lat: spot?.lat ?? 0,
        lng: spot?.lng ?? 0,
        startsAt: zonedLocalToIso(v.startsAt ?? ''),
        endsAt: zonedLocalToIso(v.endsAt ?? ''),
        skills: (v.skills ?? '').split(/[,，、\s]+/).filter(Boolean),
        headcount: Number(v.headcount || 1),
      }),
    onSuccess: (p) => {
      Toast.show({ content: t('oddjobs.published', { n: p.notified }) });
      void client.invalidateQueries({ queryKey: oddjobsKeys.all });
    },
    onError,
  });
  return (
    <Form
      layout="horizontal"
      initialValues={{ headcount: '1' }}
      onFinish={(v) => (spot ? post.mutate(v) : Toast.show({ content: t('oddjobs.needSpot') }))}
      footer={
        <Button block type="submit" color="primary" loading={post.isPending} data-testid="posting-publish">
          {t('oddjobs.publish')}
        </Button>
      }
    >
      <Form.Header>{t('oddjobs.newPosting')}</Form.Header>
      <Form.Item name="title" label={t('oddjobs.postTitle')} rules={[{ required: true }]}>
        <Input data-testid="posting-title" />
      </Form.Item>
      <Form.Item name="description" label={t('oddjobs.description')} rules={[{ required: true }]}>
        <Input data-testid="posting-description" />
      </Form.Item>
      <Form.Item label={t('oddjobs.kind')}>
        <Selector
          value={[kind]}
          onChange={(v) => v[0] && setKind(v[0])}
          options={(['odd_job', 'day_paid', 'short_term', 'long_term'] as const).map((k) => ({
            value: k,
            label: t(`oddjobs.kinds.${k}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="wage" label={t('oddjobs.wage')} rules={[{ required: true }]}>
        <Input type="number" data-testid="posting-wage" />
      </Form.Item>
      <Form.Item label={t('oddjobs.unit')}>
        <Selector
          value={[unit]}
          onChange={(v) => v[0] && setUnit(v[0])}
          options={(['hour', 'day', 'month', 'piece'] as const).map((u) => ({
            value: u,
            label: t(`oddjobs.units.${u}`),
          }))}
        />
      </Form.Item>
      <Form.Item name="skills" label={t('oddjobs.skills')}>
        <Input data-testid="posting-skills" />
      </Form.Item>
      <Form.Item name="place" label={t('oddjobs.place')} rules={[{ required: true }]}>
        <Input data-testid="posting-place" />
      </Form.Item>
      <SpotField label={t('oddjobs.spot')} spot={spot} locate={locate} />
      <Form.Item name="startsAt" label={t('oddjobs.startsAt')} rules={[{ required: true }]}>
        <Input type="datetime-local" data-testid="posting-starts" />
      </Form.Item>
      <Form.Item name="endsAt" label={t('oddjobs.endsAt')} rules={[{ required: true }]}>
        <Input type="datetime-local" data-testid="posting-ends" />
      </Form.Item>
      <Form.Item name="headcount" label={t('oddjobs.headcount')}>
        <Input type="number" />
      </Form.Item>
    </Form>
  );
}

/** One posting: its applicants (hire), the site's check-in and check-out codes, confirming the pay. */
function PostingCard({ p }: { p: Posting }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [code, setCode] = useState<QrCodeView | null>(null);
  const applicants = useQuery({
    queryKey: [...oddjobsKeys.all, 'applicants', p.id],
    queryFn: () => oddjobsApi.applicants(p.id),
  });
  const refresh = () => client.invalidateQueries({ queryKey: oddjobsKeys.all });
  const hire = useMutation({ mutationFn: (id: number) => oddjobsApi.decide(id, 'hire'), onSuccess: refresh, onError });
  const pay = useMutation({
    mutationFn: ({ id, fen }: { id: number; fen: number }) => oddjobsApi.pay(id, fen),
    onSuccess: refresh,
    onError,
  });
  const show = useMutation({
    mutationFn: (purpose: 'in' | 'out') => oddjobsApi.qr(p.id, purpose),
    onSuccess: setCode,
    onError,
  });
  return (
    <section className="h5-card" data-testid={`oddjob-posting-${p.id}`}>
      <div className="h5-oddjobs-top">
        <strong>{p.title}</strong>
        <span className="h5-oddjobs-wage">
          {yuan(p.wageFen)} {t(`oddjobs.units.${p.wageUnit}`)}
        </span>
      </div>
      <div className="h5-oddjobs-muted">
        {p.placeName} · {formatDateTime(p.startsAt).slice(0, 16)} ·{' '}
        {t('oddjobs.hired', { n: p.hiredCount, total: p.headcount })}
      </div>
      <div className="h5-oddjobs-scan">
        <Button size="small" onClick={() => show.mutate('in')} data-testid="show-in">
          {t('oddjobs.showIn')}
        </Button>
        <Button size="small" onClick={() => show.mutate('out')} data-testid="show-out">
          {t('oddjobs.showOut')}
        </Button>
      </div>
      {code && (
        <div className="h5-oddjobs-qr">
          <QrCode
            text={code.token}
            label={code.purpose === 'in' ? t('oddjobs.showIn') : t('oddjobs.showOut')}
            testId="oddjob-qr"
          />
          <div className="h5-oddjobs-muted" data-testid="oddjob-qr-token" data-token={code.token}>
            {t('oddjobs.codeValid', { time: formatDateTime(code.expiresAt).slice(11, 16) })}
          </div>
        </div>
      )}
      <h4>{t('oddjobs.applicants')}</h4>
      {!applicants.data ? (
        <ListSkeleton />
      ) : (
        applicants.data.items.map((a) => (
          <div key={a.id} className="h5-oddjobs-top" data-testid={`applicant-${a.id}`}>
            <span>
              {a.seekerName} · {a.seekerSkills.join('、')}
            </span>
            <Tag fill="outline">{t(`oddjobs.statuses.${a.status}`)}</Tag>
            {(a.status === 'applied' || a.status === 'interview') && (
              <Button size="mini" color="primary" onClick={() => hire.mutate(a.id)} data-testid={`hire-${a.id}`}>
                {t('oddjobs.hire')}
              </Button>
            )}
            {a.status === 'checked_out' && a.employerPayFen === null && a.dueFen !== null && (
              <Button
                size="mini"
                color="success"
                onClick={() => pay.mutate({ id: a.id, fen: a.dueFen ?? 0 })}
                data-testid={`employer-pay-${a.id}`}
              >
                {t('oddjobs.confirmPayEmployer', { amount: yuan(a.dueFen) })}
              </Button>
            )}
          </div>
        ))
      )}
    </section>
  );
}

/** 我要招工: register and be reviewed, post jobs, see applicants, show the site's codes. */
export default function EmployerPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useQuery({ queryKey: [...oddjobsKeys.all, 'employer'], queryFn: oddjobsApi.myEmployer });
  const employer = me.data?.employer ?? null;
  const postings = useQuery({
    queryKey: [...oddjobsKeys.all, 'postings', 'mine'],
    queryFn: oddjobsApi.myPostings,
    enabled: employer?.status === 'approved',
  });
  return (
    <div className="h5-page">
      <PageNavBar title={t('oddjobs.employerTitle')} onBack={() => navigate(-1)} />
      {!me.data ? (
        <ListSkeleton />
      ) : !employer ? (
        <RegisterForm />
      ) : (
        <>
          <section className="h5-card">
            <div className="h5-oddjobs-top">
              <strong>{employer.name}</strong>
              <Tag color={employer.status === 'approved' ? 'success' : 'warning'} data-testid="employer-status">
                {t(`oddjobs.employerStatuses.${employer.status}`)}
              </Tag>
            </div>
            <div className="h5-oddjobs-muted">
              {employer.creditCode} · {employer.community.name}
            </div>
            {employer.reviewNote && <div className="h5-oddjobs-muted">{employer.reviewNote}</div>}
          </section>
          {employer.status === 'approved' && (
            <>
              <PostForm />
              <h3 className="h5-oddjobs-heading">{t('oddjobs.myPostings')}</h3>
              {postings.data?.items.map((p) => (
                <PostingCard key={p.id} p={p} />
              ))}
            </>
          )}
        </>
      )}
    </div>
  );
}
