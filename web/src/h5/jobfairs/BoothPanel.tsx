import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Form, Input, Selector, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { jobfairsApi, jobfairsKeys, type Booth, type FairDetail } from '../../admin/jobfairs/api.ts';
import { oddjobsApi, oddjobsKeys, refusal } from '../../shared/oddjobs.ts';

type Unit = 'hour' | 'day' | 'month';
const onError = (e: unknown) => Toast.show({ content: refusal(e) });

/** My booth: add a position, record an interview by the seeker's sign-up code, offer or not. */
function MyBooth({ fair, booth }: { fair: FairDetail; booth: Booth }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [unit, setUnit] = useState<Unit>('day');
  const [positionId, setPositionId] = useState<number | undefined>(booth.positions[0]?.id);
  const [code, setCode] = useState('');
  const refresh = () => client.invalidateQueries({ queryKey: jobfairsKeys.all });
  const add = useMutation({
    mutationFn: (v: Record<string, string>) =>
      jobfairsApi.addPosition(booth.id, {
        title: v.title ?? '',
        headcount: Number(v.headcount || 1),
        wageFen: Math.round(Number(v.wage) * 100),
        wageUnit: unit,
      }),
    onSuccess: () => {
      Toast.show({ content: t('jobfairs.positionAdded') });
      void refresh();
    },
    onError,
  });
  const interviews = useQuery({
    queryKey: [...jobfairsKeys.all, 'interviews', fair.id],
    queryFn: () => jobfairsApi.interviews(fair.id),
  });
  const record = useMutation({
    mutationFn: () => jobfairsApi.recordInterview(fair.id, positionId ?? 0, code.trim()),
    onSuccess: () => {
      setCode('');
      void refresh();
    },
    onError,
  });
  const decide = useMutation({
    mutationFn: ({ id, outcome }: { id: number; outcome: 'offer' | 'no_offer' }) => jobfairsApi.decide(id, outcome),
    onSuccess: () => void refresh(),
    onError,
  });
  const open = fair.status !== 'closed';
  return (
    <section className="h5-card" data-testid="my-booth">
      <strong>{t('jobfairs.myBooth')}</strong>
      {open && (
        <Form
          layout="horizontal"
          initialValues={{ headcount: '1' }}
          onFinish={(v) => add.mutate(v)}
          footer={
            <Button block type="submit" size="small" loading={add.isPending}>
              {t('jobfairs.addPosition')}
            </Button>
          }
        >
          <Form.Item name="title" label={t('jobfairs.position')} rules={[{ required: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="headcount" label={t('jobfairs.headcount')} rules={[{ required: true }]}>
            <Input type="number" />
          </Form.Item>
          <Form.Item name="wage" label={t('jobfairs.wageYuan')} rules={[{ required: true }]}>
            <Input type="number" />
          </Form.Item>
          <Form.Item label={t('jobfairs.unit')}>
            <Selector
              value={[unit]}
              onChange={(v) => v[0] && setUnit(v[0])}
              options={(['hour', 'day', 'month'] as const).map((u) => ({ value: u, label: t(`jobfairs.units.${u}`) }))}
            />
          </Form.Item>
        </Form>
      )}
      {fair.status === 'published' && booth.positions.length > 0 && (
        <>
          <div className="h5-oddjobs-muted">{t('jobfairs.recordInterview')}</div>
          <Selector
            value={positionId === undefined ? [] : [positionId]}
            onChange={(v) => setPositionId(v[0])}
            options={booth.positions.map((p) => ({ value: p.id, label: p.title }))}
          />
          <div className="h5-oddjobs-scan">
            <Input placeholder={t('jobfairs.seekerCode')} value={code} onChange={setCode} />
            <Button
              size="small"
              disabled={code.trim().length < 4 || positionId === undefined}
              loading={record.isPending}
              onClick={() => record.mutate()}
            >
              {t('jobfairs.record')}
            </Button>
          </div>
        </>
      )}
      {(interviews.data?.items.length ?? 0) > 0 && (
        <div className="h5-oddjobs-muted">{t('jobfairs.boothInterviews')}</div>
      )}
      {interviews.data?.items.map((i) => (
        <div key={i.id} className="h5-oddjobs-top">
          <span>
            {i.seekerName} · {i.position.title}
          </span>
          {i.outcome === 'pending' ? (
            <span>
              <Button size="mini" color="primary" onClick={() => decide.mutate({ id: i.id, outcome: 'offer' })}>
                {t('jobfairs.offer')}
              </Button>{' '}
              <Button size="mini" onClick={() => decide.mutate({ id: i.id, outcome: 'no_offer' })}>
                {t('jobfairs.noOffer')}
              </Button>
            </span>
          ) : (
            <Tag>{i.response ? t(`jobfairs.responses.${i.response}`) : t(`jobfairs.outcomes.${i.outcome}`)}</Tag>
          )}
        </div>
      ))}
    </section>
  );
}

/** For an employer the odd-job market approved: take a booth at this fair, then work it. */
export function BoothPanel({ fair }: { fair: FairDetail }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const employer = useQuery({ queryKey: [...oddjobsKeys.all, 'employer', 'mine'], queryFn: oddjobsApi.myEmployer });
  const e = employer.data?.employer;
  const take = useMutation({
    mutationFn: () => jobfairsApi.takeBooth(fair.id),
    onSuccess: () => void client.invalidateQueries({ queryKey: jobfairsKeys.all }),
    onError,
  });
  if (e?.status !== 'approved') return null;
  const booth = fair.booths.find((b) => b.employer.id === e.id);
  if (booth) return <MyBooth fair={fair} booth={booth} />;
  if (fair.status === 'closed') return null;
  return (
    <section className="h5-card">
      <Button block loading={take.isPending} onClick={() => take.mutate()} data-testid="take-booth">
        {t('jobfairs.takeBooth')}
      </Button>
    </section>
  );
}
