import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  Dialog,
  ErrorBlock,
  Form,
  NoticeBar,
  Popup,
  PullToRefresh,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { type Election, type ElectionPhase, electionsApi, electionsKeys, percent } from '../../shared/elections.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './elections.css';

const PHASE_COLORS: Record<ElectionPhase, string> = {
  upcoming: 'default',
  nominating: 'primary',
  reviewing: 'warning',
  voting: 'success',
  closed: 'default',
  counted: 'default',
};

function NominateSheet({ e, onClose }: { e: Election; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const send = useMutation({
    mutationFn: (v: { statement: string }) => electionsApi.nominate(e.id, { statement: v.statement.trim() }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('elections.nominated') });
      void client.invalidateQueries({ queryKey: electionsKeys.all });
      onClose();
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorMessage(err) }),
  });
  return (
    <Form
      layout="vertical"
      onFinish={(v: { statement: string }) => send.mutate(v)}
      footer={
        <Button block type="submit" color="primary" loading={send.isPending}>
          {t('elections.submit')}
        </Button>
      }
    >
      <Form.Item name="statement" label={t('elections.statement')} rules={[{ required: true, max: 2000 }]}>
        <TextArea rows={5} maxLength={2000} placeholder={t('elections.statementPlaceholder')} />
      </Form.Item>
    </Form>
  );
}

function ResultSection({ e }: { e: Election }) {
  const { t } = useTranslation();
  const r = e.result!;
  const elected = new Set(r.elected.map((x) => x.candidateId));
  const top = Math.max(1, ...r.candidates.map((c) => c.ballots));
  return (
    <section className="h5-card" data-testid="election-result">
      <div className="h5-election-name">{t('elections.result')}</div>
      <div className="h5-small">
        {t('elections.quorum', { count: percent(r.participationByCount), area: percent(r.participationByArea) })}
      </div>
      <NoticeBar
        wrap
        color={r.quorumMet ? 'success' : 'alert'}
        content={
          r.quorumMet
            ? t('elections.electedList', { names: r.elected.map((x) => x.name).join('、') || '—' })
            : t('elections.quorumNotMet')
        }
      />
      {r.vacantSeats > 0 && r.quorumMet && (
        <div className="h5-small">{t('elections.vacant', { n: r.vacantSeats })}</div>
      )}
      {r.pendingSeats > 0 && <div className="h5-small">{t('elections.pendingSeats', { n: r.pendingSeats })}</div>}
      {r.candidates.map((c) => (
        <div key={c.candidateId} className="h5-election-bar">
          <span className="h5-election-bar-name">
            {c.name} {elected.has(c.candidateId) && <Tag color="danger">{t('elections.elected')}</Tag>}
          </span>
          <div className="h5-election-bar-track">
            <div className="h5-election-bar-fill" style={{ width: `${(c.ballots / top) * 100}%` }} />
          </div>
          <span className="h5-small">
            {c.ballots} · {t('elections.areaM2', { n: c.areaM2 })}
          </span>
        </div>
      ))}
    </section>
  );
}

function ElectionView({ id }: { id: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [nominating, setNominating] = useState(false);
  const [chosen, setChosen] = useState<number[]>([]);
  const query = useQuery({ queryKey: [...electionsKeys.all, 'election', id], queryFn: () => electionsApi.get(id) });
  const cast = useMutation({
    mutationFn: (ids: number[]) => electionsApi.cast(id, ids),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('elections.cast') });
      void client.invalidateQueries({ queryKey: electionsKeys.all });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: errorMessage(err) }),
  });
  const e = query.data;
  if (query.error && !e) return <LoadFailed error={query.error} onRetry={() => void query.refetch()} />;
  if (!e) return <ListSkeleton />;
  const voting = e.phase === 'voting' && e.mayVote && !e.myBallot;
  const approved = e.items.filter((c) => c.status === 'approved');
  const visible = voting ? approved : e.items;
  const over = chosen.length > e.seats;
  const confirm = async () => {
    const names = approved
      .filter((c) => chosen.includes(c.id))
      .map((c) => c.name)
      .join('、');
    const ok = await Dialog.confirm({
      title: t('elections.confirmTitle'),
      content: chosen.length ? t('elections.confirmChosen', { names }) : t('elections.confirmBlank'),
      confirmText: t('elections.confirm'),
      cancelText: t('elections.cancel'),
    });
    if (ok) cast.mutate(chosen);
  };
  return (
    <>
      <section className="h5-card" data-testid="election-head">
        <div className="h5-election-head">
          <span className="h5-election-name">{e.title}</span>
          <Tag color={PHASE_COLORS[e.phase]}>{t(`elections.phases.${e.phase}`)}</Tag>
        </div>
        {e.description && <div className="h5-small">{e.description}</div>}
        <div className="h5-small">
          {t('elections.seats')} {t('elections.seatsValue', { n: e.seats })} · {t('elections.candidates')}{' '}
          {e.candidates}
        </div>
        <div className="h5-muted h5-small">
          {t('elections.nominations')} {formatDateTime(e.nominationsOpenAt)} – {formatDateTime(e.nominationsCloseAt)}
        </div>
        <div className="h5-muted h5-small">
          {t('elections.voting')} {formatDateTime(e.votingOpensAt)} – {formatDateTime(e.votingClosesAt)}
        </div>
        {e.myBallot && (
          <NoticeBar
            color="success"
            content={t('elections.myBallot', { source: t(`elections.sources.${e.myBallot.source}`) })}
          />
        )}
        {e.phase === 'voting' && !e.mayVote && <NoticeBar color="info" wrap content={t('elections.notOwner')} />}
        {e.phase === 'nominating' && e.mayVote && !e.items.some((c) => c.mine) && (
          <Button block color="primary" fill="outline" onClick={() => setNominating(true)}>
            {t('elections.selfNominate')}
          </Button>
        )}
      </section>
      {e.result && <ResultSection e={e} />}
      {voting && (
        <section className="h5-card h5-election-meter" data-testid="election-meter">
          <div className={over ? 'h5-election-over' : ''}>
            <strong>{t('elections.chooseUpTo', { n: e.seats })}</strong>
          </div>
          <div className={over ? 'h5-election-over' : 'h5-small'}>
            {over
              ? t('elections.overLimit', { n: e.seats })
              : t('elections.chosen', { count: chosen.length, n: e.seats })}
          </div>
        </section>
      )}
      {visible.length === 0 && <ErrorBlock status="empty" title={t('elections.noCandidates')} />}
      <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as number[])}>
        {visible.map((c) => (
          <section key={c.id} className="h5-card" data-testid={`election-candidate-${c.id}`}>
            <div className="h5-election-head">
              {voting ? (
                <Checkbox
                  value={c.id}
                  disabled={!chosen.includes(c.id) && chosen.length >= e.seats}
                  data-testid={`election-pick-${c.id}`}
                >
                  <span className="h5-election-candidate">{c.name}</span>
                </Checkbox>
              ) : (
                <span className="h5-election-candidate">{c.name}</span>
              )}
              <span>
                {c.mine && <Tag color="primary">{t('elections.mine')}</Tag>}{' '}
                {c.status !== 'approved' && <Tag fill="outline">{t(`elections.statuses.${c.status}`)}</Tag>}
              </span>
            </div>
            {c.photoUrl && <img className="h5-election-photo" src={c.photoUrl} alt={c.name} />}
            <div className="h5-small h5-election-statement">{c.statement}</div>
            <div className="h5-muted h5-small">{t(`elections.nominatedBy.${c.nominatedBy}`)}</div>
            {c.reviewNote && <div className="h5-muted h5-small">{c.reviewNote}</div>}
          </section>
        ))}
      </Checkbox.Group>
      {voting && (
        <div className="h5-election-footer">
          <Button
            block
            color="primary"
            size="large"
            disabled={over}
            loading={cast.isPending}
            onClick={() => void confirm()}
            data-testid="election-cast"
          >
            {t('elections.castBallot')}
          </Button>
        </div>
      )}
      <Popup
        visible={nominating}
        onMaskClick={() => setNominating(false)}
        bodyStyle={{ borderRadius: '12px 12px 0 0' }}
      >
        {nominating && <NominateSheet e={e} onClose={() => setNominating(false)} />}
      </Popup>
    </>
  );
}

function ElectionList() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery({ queryKey: [...electionsKeys.all, 'list'], queryFn: () => electionsApi.list({ limit: 50 }) });
  if (list.error && !list.data) return <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  if (!list.data) return <ListSkeleton />;
  if (list.data.items.length === 0) return <ErrorBlock status="empty" title={t('elections.empty')} />;
  return (
    <PullToRefresh onRefresh={async () => void (await list.refetch())}>
      {list.data.items.map((e) => (
        <section
          key={e.id}
          className="h5-card"
          onClick={() => navigate(`/elections/${e.id}`)}
          data-testid={`election-${e.id}`}
        >
          <div className="h5-election-head">
            <span className="h5-election-name">{e.title}</span>
            <Tag color={PHASE_COLORS[e.phase]}>{t(`elections.phases.${e.phase}`)}</Tag>
          </div>
          <div className="h5-small">
            {t('elections.seats')} {t('elections.seatsValue', { n: e.seats })} · {t('elections.candidates')}{' '}
            {e.candidates} · {t('elections.voting')} {formatDateTime(e.votingOpensAt)}
          </div>
        </section>
      ))}
    </PullToRefresh>
  );
}

/** 业委会选举: my community's owners' committee elections; stand, read the statements, vote, see who was elected. */
export default function ElectionsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  return (
    <div className="h5-page">
      <PageNavBar title={t('elections.title')} onBack={() => navigate(-1)} />
      {id ? <ElectionView id={Number(id)} /> : <ElectionList />}
    </div>
  );
}
