import { Button, Dialog, ProgressBar, PullToRefresh, Radio, Space, Toast } from 'antd-mobile';
import { CheckCircleFill, CloseCircleFill } from 'antd-mobile-icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import {
  art278Bars,
  percent,
  VOTE_PHASE_COLORS,
  barPercent,
  type Art278Reckoning,
  type Fraction,
} from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { Comments } from './Comments.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './deliberation.css';

/** A vote (御事厅): its notice, my ballot while it is open, and once closed the result with the art. 278 reckoning. */
export default function VotePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  const loaded = useQuery(deliberationQueries.vote(id));
  const vote = loaded.data;
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (vote?.myChoice) setChoice(vote.myChoice);
  }, [vote?.myChoice]);

  const cast = async () => {
    if (!vote || !choice) {
      Toast.show({ content: t('deliberation.h5.pickOption') });
      return;
    }
    const label = vote.options.find((o) => o.key === choice)?.label ?? choice;
    const ok = await Dialog.confirm({
      title: t('deliberation.h5.confirmBallot'),
      content: vote.allowChange
        ? t('deliberation.h5.confirmBallotChangeable', { label })
        : t('deliberation.h5.confirmBallotFinal', { label }),
      confirmText: t('common.confirm'),
      cancelText: t('common.cancel'),
    });
    if (!ok) return;
    setBusy(true);
    try {
      queryClient.setQueryData(deliberationKeys.vote(id), await deliberationCalls.ballot(id, choice));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      Toast.show({ icon: 'success', content: t('deliberation.h5.ballotCast') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      if (error instanceof ApiError && error.status === 409) {
        void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      }
    } finally {
      setBusy(false);
    }
  };

  let content: ReactNode;
  if (!vote && loaded.error) content = <LoadFailed error={loaded.error} onRetry={() => void loaded.refetch()} />;
  else if (!vote) content = <ListSkeleton />;
  else {
    // A paper or proxy ballot is the household's one ballot: no online form after it.
    const offline = vote.myChannel === 'paper' || vote.myChannel === 'proxy';
    const canCast = vote.phase === 'open' && vote.eligible && !offline && (vote.myChoice === null || vote.allowChange);
    content = (
      <>
        <section className="h5-card">
          <div className="h5-topic-top">
            <span className="h5-topic-title" style={{ fontSize: 18 }}>
              {vote.title}
            </span>
            <ColorTag color={VOTE_PHASE_COLORS[vote.phase]} testId="vote-phase">
              {t(`deliberation.votePhase.${vote.phase}`)}
            </ColorTag>
          </div>
          <div className="h5-topic-meta" style={{ marginBottom: 10 }}>
            {t(`deliberation.electorate.${vote.electorate}`)} · {t(`deliberation.rule.${vote.rule}`)}
          </div>
          <div className="h5-vote-question">{vote.question}</div>
          <div className="h5-vote-times">
            <div>{t('deliberation.noticeFrom', { at: formatDateTime(vote.noticeAt).slice(0, 16) })}</div>
            <div>
              {t('deliberation.openWindow', {
                from: formatDateTime(vote.opensAt).slice(0, 16),
                to: formatDateTime(vote.closesAt).slice(0, 16),
              })}
            </div>
            <div>{vote.allowChange ? t('deliberation.changeAllowed') : t('deliberation.changeNotAllowed')}</div>
            <div data-testid="second-ballot">
              {t('voteChannels.secondBallot.label')}：{t(`voteChannels.secondBallot.${vote.secondBallot}`)}
            </div>
          </div>
        </section>

        {vote.phase !== 'counted' && vote.phase !== 'cancelled' && (
          <section className="h5-card" data-testid="ballot-card">
            <div className="h5-card-title">
              {t('deliberation.h5.myBallot')}
              <span className="h5-card-hint">
                {t('deliberation.turnoutOf', { count: vote.ballots, voters: vote.voters })}
              </span>
            </div>
            {vote.phase === 'notice' && (
              <div className="h5-muted">
                {t('deliberation.h5.inNotice', { at: formatDateTime(vote.opensAt).slice(0, 16) })}
              </div>
            )}
            {vote.phase === 'closed' && <div className="h5-muted">{t('deliberation.h5.closedCounting')}</div>}
            {vote.phase === 'open' && !vote.eligible && (
              <div className="h5-muted">{t('deliberation.h5.notEligible')}</div>
            )}
            {offline && (
              <div className="h5-vote-mine" data-testid="voted-offline">
                <CheckCircleFill />{' '}
                {vote.myChannel === 'paper' ? t('voteChannels.votedOnPaper') : t('voteChannels.votedByProxy')}
                {vote.myChoice && `（${vote.options.find((o) => o.key === vote.myChoice)?.label ?? vote.myChoice}）`}
                <div className="h5-muted h5-small">{t('voteChannels.noOnlineAfter')}</div>
              </div>
            )}
            {vote.myChoice && !offline && (
              <div className="h5-vote-mine" data-testid="my-choice" style={{ marginBottom: canCast ? 12 : 0 }}>
                <CheckCircleFill />{' '}
                {t('deliberation.h5.youVoted', {
                  label: vote.options.find((o) => o.key === vote.myChoice)?.label ?? vote.myChoice,
                })}
              </div>
            )}
            {canCast && (
              <>
                <Radio.Group value={choice} onChange={(v) => setChoice(String(v))}>
                  <Space direction="vertical" block className="h5-vote-options">
                    {vote.options.map((o) => (
                      <Radio key={o.key} value={o.key} block>
                        {o.label}
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
                <Button
                  block
                  color="primary"
                  shape="rounded"
                  loading={busy}
                  onClick={() => void cast()}
                  data-testid="cast-ballot"
                >
                  {vote.myChoice ? t('deliberation.h5.changeBallot') : t('deliberation.h5.castBallot')}
                </Button>
              </>
            )}
          </section>
        )}

        {vote.result && (
          <section className="h5-card" data-testid="vote-result">
            <div className="h5-card-title">
              {t('deliberation.result')}
              {vote.result.countedAt && (
                <span className="h5-card-hint">
                  {t('deliberation.countedAt', { at: formatDateTime(vote.result.countedAt).slice(0, 16) })}
                </span>
              )}
            </div>
            {vote.result.reckoning.rule === 'plurality' ? (
              <div
                className={`h5-result-verdict ${vote.result.reckoning.winner ? 'h5-result-passed' : 'h5-result-failed'}`}
              >
                {vote.result.reckoning.winner
                  ? t('deliberation.winner', {
                      label: vote.options.find((o) => o.key === (vote.result!.reckoning as { winner: string }).winner)
                        ?.label,
                    })
                  : vote.result.reckoning.tie
                    ? t('deliberation.tie')
                    : t('deliberation.noBallots')}
                <span className="h5-result-rule">
                  {t('deliberation.turnoutShare', { share: percent(vote.result.reckoning.turnout) })}
                </span>
              </div>
            ) : (
              <Art278Panel reckoning={vote.result.reckoning} />
            )}
            <div className="h5-ratio-group-title">{t('deliberation.tallies')}</div>
            {vote.result.tallies.map((tally) => {
              const total = vote.result!.tallies.reduce((a, x) => a + x.ballots, 0);
              return (
                <div key={tally.key} className="h5-tally">
                  <div className="h5-ratio-head">
                    <span>{tally.label}</span>
                    <span>
                      {t('deliberation.ballotsN', { count: tally.ballots })}
                      {vote.electorate === 'owners' && ` · ${tally.areaM2.toFixed(2)} m²`}
                    </span>
                  </div>
                  <ProgressBar percent={total ? (tally.ballots / total) * 100 : 0} />
                  {tally.byChannel && (
                    <div className="h5-muted h5-small">
                      {(['online', 'paper', 'proxy'] as const)
                        .map((c) => `${t(`voteChannels.channel.${c}`)} ${tally.byChannel![c].ballots}`)
                        .join(' · ')}
                    </div>
                  )}
                </div>
              );
            })}
          </section>
        )}

        <Comments targetType="vote" targetId={id} />
      </>
    );
  }

  return (
    <div className="h5-page">
      <PageNavBar title={t('deliberation.h5.vote')} onBack={() => navigate(-1)} />
      <PullToRefresh
        onRefresh={async () => {
          await loaded.refetch();
        }}
      >
        {content}
      </PullToRefresh>
    </div>
  );
}

function RatioBar({
  label,
  fraction,
  bound,
  boundLabel,
  met,
  unit,
}: {
  label: string;
  fraction: Fraction;
  bound: number;
  boundLabel: string;
  met: boolean;
  unit: string;
}) {
  const { t } = useTranslation();
  return (
    <div className={`h5-ratio${met ? ' h5-ratio-met' : ''}`}>
      <div className="h5-ratio-head">
        <span>
          {label} {met ? <CheckCircleFill color="#389e0d" /> : <CloseCircleFill color="#cf1322" />}
        </span>
        <strong>{percent(fraction)}</strong>
      </div>
      <div className="h5-ratio-bar">
        <div className="h5-ratio-fill" style={{ width: `${barPercent(fraction)}%` }} />
        <div className="h5-ratio-mark" style={{ left: `${bound * 100}%` }} />
      </div>
      <div className="h5-ratio-foot">
        <span>
          {fraction.num.toLocaleString()} / {fraction.den.toLocaleString()} {unit}
        </span>
        <span>{t('deliberation.boundNeeded', { bound: boundLabel })}</span>
      </div>
    </div>
  );
}

/** The art. 278 reckoning: which rule, participation by count and area against 2/3, agreement against 1/2 or 3/4. */
export function Art278Panel({ reckoning }: { reckoning: Art278Reckoning }) {
  const { t } = useTranslation();
  const bars = art278Bars(reckoning);
  const special = reckoning.rule === 'art278_special';
  // Areas come in hundredths of m² from the count.
  const areaFraction = (f: Fraction): Fraction => ({ ...f, num: f.num / 100, den: f.den / 100 });
  return (
    <div data-testid="art278">
      <div
        className={`h5-result-verdict ${reckoning.passed ? 'h5-result-passed' : 'h5-result-failed'}`}
        data-testid="art278-verdict"
      >
        <span>
          {reckoning.passed ? <CheckCircleFill /> : <CloseCircleFill />}{' '}
          {reckoning.passed ? t('deliberation.passed') : t('deliberation.notPassed')}
        </span>
        <span className="h5-result-rule">{t(`deliberation.rule.${reckoning.rule}`)}</span>
      </div>
      <div className="h5-muted h5-small">
        {special ? t('deliberation.art278.specialExplain') : t('deliberation.art278.ordinaryExplain')}
      </div>
      <div className="h5-ratio-group-title">
        {t('deliberation.art278.participation')} {reckoning.quorumMet ? '✓' : '✗'}
      </div>
      {bars.participation.map((b) => (
        <RatioBar
          key={b.key}
          label={t(`deliberation.art278.${b.key}`)}
          fraction={
            b.key === 'participationByArea' ? { ...areaFraction(b.fraction), value: b.fraction.value } : b.fraction
          }
          bound={2 / 3}
          boundLabel={reckoning.bounds.participation}
          met={b.met}
          unit={b.key === 'participationByArea' ? 'm²' : t('deliberation.art278.households')}
        />
      ))}
      <div className="h5-ratio-group-title">
        {t('deliberation.art278.agreement')} {reckoning.agreementMet ? '✓' : '✗'}
      </div>
      {bars.agreement.map((b) => (
        <RatioBar
          key={b.key}
          label={t(`deliberation.art278.${b.key}`)}
          fraction={b.key === 'agreementByArea' ? { ...areaFraction(b.fraction), value: b.fraction.value } : b.fraction}
          bound={special ? 3 / 4 : 1 / 2}
          boundLabel={reckoning.bounds.agreement}
          met={b.met}
          unit={b.key === 'agreementByArea' ? 'm²' : t('deliberation.art278.households')}
        />
      ))}
    </div>
  );
}
