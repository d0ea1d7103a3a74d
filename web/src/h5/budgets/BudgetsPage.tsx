import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  Checkbox,
  ErrorBlock,
  Form,
  Input,
  NoticeBar,
  Popup,
  ProgressBar,
  PullToRefresh,
  Stepper,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { budgetsApi, budgetsKeys, type Phase, type Round, yuanText } from '../../shared/budgets.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './budgets.css';

const PHASE_COLORS: Record<Phase, string> = {
  proposing: 'primary',
  reviewing: 'warning',
  voting: 'success',
  closed: 'default',
  counted: 'default',
};

function ProposeSheet({ round, onClose }: { round: Round; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm<{ title: string; description?: string; costYuan: number }>();
  const send = useMutation({
    mutationFn: (v: { title: string; description?: string; costYuan: number }) =>
      budgetsApi.propose(round.id, {
        title: v.title.trim(),
        description: v.description?.trim() ?? '',
        costYuan: v.costYuan,
      }),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('budgets.proposed') });
      void client.invalidateQueries({ queryKey: budgetsKeys.all });
      onClose();
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) => send.mutate(v)}
      footer={
        <Button block type="submit" color="primary" loading={send.isPending} data-testid="budget-propose-submit">
          {t('budgets.submit')}
        </Button>
      }
    >
      <Form.Item name="title" label={t('budgets.proposalTitle')} rules={[{ required: true, max: 100 }]}>
        <Input data-testid="budget-propose-title" />
      </Form.Item>
      <Form.Item name="description" label={t('budgets.proposalDescription')}>
        <TextArea rows={3} maxLength={4000} />
      </Form.Item>
      <Form.Item name="costYuan" label={t('budgets.proposalCost')} rules={[{ required: true }]}>
        <Stepper min={1} max={round.budgetYuan} step={100} digits={0} data-testid="budget-propose-cost" />
      </Form.Item>
    </Form>
  );
}

function RoundPage({ id }: { id: number }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const [proposing, setProposing] = useState(false);
  const [chosen, setChosen] = useState<number[] | null>(null);
  const round = useQuery({ queryKey: [...budgetsKeys.all, 'round', id], queryFn: () => budgetsApi.round(id) });
  const r = round.data;
  const ballot = useQuery({
    queryKey: [...budgetsKeys.all, 'ballot', id],
    queryFn: () => budgetsApi.ballot(id),
    enabled: r?.phase === 'voting' && r.mayVote,
  });
  const cast = useMutation({
    mutationFn: (ids: number[]) => budgetsApi.cast(id, ids),
    onSuccess: () => {
      Toast.show({ icon: 'success', content: t('budgets.cast') });
      void client.invalidateQueries({ queryKey: budgetsKeys.all });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  const money = (v: number) => yuanText(v, i18n.language);
  if (round.error && !r) return <LoadFailed error={round.error} onRetry={() => void round.refetch()} />;
  if (!r) return <ListSkeleton />;
  const voting = r.phase === 'voting' && r.mayVote;
  const picks = chosen ?? ballot.data?.proposalIds ?? [];
  const cost = new Map(r.items.map((p) => [p.id, p.costYuan]));
  const total = picks.reduce((sum, p) => sum + (cost.get(p) ?? 0), 0);
  const over = total - r.budgetYuan;
  const visible = voting ? r.items.filter((p) => p.review === 'feasible') : r.items;
  return (
    <>
      <section className="h5-card" data-testid="budget-round">
        <div className="h5-budget-head">
          <span className="h5-budget-title">{r.title}</span>
          <Tag color={PHASE_COLORS[r.phase]}>{t(`budgets.phases.${r.phase}`)}</Tag>
        </div>
        {r.description && <div className="h5-small">{r.description}</div>}
        <div className="h5-budget-figure">
          {t('budgets.budget')} <strong>{money(r.budgetYuan)}</strong>
        </div>
        <div className="h5-muted h5-small">
          {t('budgets.proposalsClose')} {formatDateTime(r.proposalsCloseAt)} · {t('budgets.votingCloses')}{' '}
          {formatDateTime(r.votingClosesAt)}
        </div>
        {r.result && (
          <NoticeBar
            wrap
            color="success"
            content={t('budgets.result', {
              count: r.items.filter((p) => p.funded).length,
              spent: money(r.result.spentYuan),
              left: money(r.result.leftYuan),
            })}
          />
        )}
        {r.phase === 'proposing' && r.mayVote && (
          <Button block color="primary" fill="outline" onClick={() => setProposing(true)} data-testid="budget-propose">
            {t('budgets.propose')}
          </Button>
        )}
      </section>
      {voting && (
        <section className="h5-card h5-budget-meter" data-testid="budget-meter">
          <div className="h5-small">{t('budgets.choose')}</div>
          <ProgressBar
            percent={Math.min(100, (total / r.budgetYuan) * 100)}
            style={{ '--fill-color': over > 0 ? '#c8161d' : '#389e0d' }}
          />
          <div className={over > 0 ? 'h5-budget-over' : 'h5-small'}>
            {over > 0
              ? t('budgets.overBudget', { over: money(over) })
              : t('budgets.chosen', { total: money(total), budget: money(r.budgetYuan) })}
          </div>
        </section>
      )}
      {visible.length === 0 && <ErrorBlock status="empty" title={t('budgets.noProposals')} />}
      <Checkbox.Group value={picks} onChange={(v) => setChosen(v as number[])}>
        {visible.map((p) => (
          <section key={p.id} className="h5-card" data-testid={`budget-proposal-${p.id}`}>
            <div className="h5-budget-head">
              {voting ? (
                <Checkbox value={p.id} data-testid={`budget-pick-${p.id}`}>
                  <span className="h5-budget-proposal">{p.title}</span>
                </Checkbox>
              ) : (
                <span className="h5-budget-proposal">{p.title}</span>
              )}
              <strong>{money(p.costYuan)}</strong>
            </div>
            {p.description && <div className="h5-small">{p.description}</div>}
            <div className="h5-budget-tags">
              {!voting && <Tag fill="outline">{t(`budgets.reviews.${p.review}`)}</Tag>}
              {p.votes !== null && (
                <Tag fill="outline">
                  {t('budgets.votes')} {p.votes}
                </Tag>
              )}
              {p.funded === true && <Tag color="success">{t('budgets.funded')}</Tag>}
              {p.funded === false && <Tag>{t('budgets.notFunded')}</Tag>}
              {p.decisionId && (
                <Tag color="primary" onClick={() => navigate(`/deliberation/decisions/${p.decisionId}`)}>
                  {t('budgets.admin.decision')}
                </Tag>
              )}
            </div>
            {p.reviewNote && <div className="h5-muted h5-small">{p.reviewNote}</div>}
          </section>
        ))}
      </Checkbox.Group>
      {voting && (
        <div className="h5-budget-footer">
          <Button
            block
            color="primary"
            size="large"
            disabled={picks.length === 0 || over > 0}
            loading={cast.isPending}
            onClick={() => cast.mutate(picks)}
            data-testid="budget-cast"
          >
            {ballot.data ? t('budgets.changeBallot') : t('budgets.castBallot')}
          </Button>
          {ballot.data && <div className="h5-muted h5-small">{t('budgets.myBallot')}</div>}
        </div>
      )}
      <Popup visible={proposing} onMaskClick={() => setProposing(false)} bodyStyle={{ borderRadius: '12px 12px 0 0' }}>
        {proposing && <ProposeSheet round={r} onClose={() => setProposing(false)} />}
      </Popup>
    </>
  );
}

function RoundList() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const rounds = useQuery({
    queryKey: [...budgetsKeys.all, 'rounds'],
    queryFn: () => budgetsApi.rounds({ limit: 50 }),
  });
  if (rounds.error && !rounds.data) return <LoadFailed error={rounds.error} onRetry={() => void rounds.refetch()} />;
  if (!rounds.data) return <ListSkeleton />;
  if (rounds.data.items.length === 0) return <ErrorBlock status="empty" title={t('budgets.empty')} />;
  return (
    <PullToRefresh onRefresh={async () => void (await rounds.refetch())}>
      {rounds.data.items.map((r) => (
        <section
          key={r.id}
          className="h5-card"
          onClick={() => navigate(`/budgets/${r.id}`)}
          data-testid={`budget-round-${r.id}`}
        >
          <div className="h5-budget-head">
            <span className="h5-budget-title">{r.title}</span>
            <Tag color={PHASE_COLORS[r.phase]}>{t(`budgets.phases.${r.phase}`)}</Tag>
          </div>
          <div className="h5-small">
            {t(`budgets.kinds.${r.kind}`)} · {t('budgets.budget')} {yuanText(r.budgetYuan, i18n.language)} ·{' '}
            {t('budgets.proposals')} {r.proposals}
          </div>
        </section>
      ))}
    </PullToRefresh>
  );
}

/** 微实事: my community's participatory budgets; propose, vote within the budget, see what was funded. */
export default function BudgetsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id } = useParams();
  return (
    <div className="h5-page">
      <PageNavBar title={t('budgets.title')} onBack={() => navigate(-1)} />
      {id ? <RoundPage id={Number(id)} /> : <RoundList />}
    </div>
  );
}
