import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Popup, Tag, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  type AssessmentAppeal,
  type AssessmentLine,
  assessmentCalls,
  assessmentKeys,
  assessmentQueries,
} from '../../shared/query/assessment.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { peerGroupName } from '../../shared/assessment.ts';
import { lineTarget, lineValue } from './format.ts';
import { useAppealDecisions } from './useAppealDecisions.ts';
import './assessment.css';

/** The server's bounds on an appeal's reason (FileAppealBody.reason, trimmed). */
const REASON_MIN = 5;
const REASON_MAX = 1000;

const STATE_COLOR = { pending: 'primary', granted: 'success', refused: 'default' } as const;

/** A score's breakdown on the phone: the total and rank, then every line with its records and appeals. */
export default function ScorePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  useAppealDecisions();
  const score = useQuery(assessmentQueries.score(id));
  const [appealing, setAppealing] = useState<AssessmentLine | null>(null);
  const s = score.data;
  return (
    <div className="h5-page h5-assessment" data-testid="score-breakdown">
      <PageNavBar title={s ? s.month : t('assessment.h5.breakdown')} onBack={() => navigate(-1)} />
      {score.isError && !s ? (
        <LoadFailed error={score.error} onRetry={() => void score.refetch()} />
      ) : !s ? (
        <ListSkeleton />
      ) : (
        <>
          <section className="h5-card h5-assessment-head">
            <div className="h5-muted">{t('assessment.h5.version', { scheme: s.schemeName, version: s.version })}</div>
            <div className="h5-assessment-total">
              <span className="h5-assessment-total-value" data-testid="breakdown-total">
                {s.score}
              </span>
              <span className="h5-muted">{t('assessment.h5.total')}</span>
            </div>
            <div className="h5-assessment-rank" data-testid="breakdown-rank">
              {t('assessment.h5.rank', { rank: s.rank, size: s.peerSize })}
            </div>
            <div className="h5-muted">{t('assessment.h5.peerGroup', { group: peerGroupName(t, s.peerGroup) })}</div>
            <div className="h5-muted">
              {t('assessment.h5.formula', { raw: s.rawPoints, factor: s.workloadFactor, score: s.score })}
            </div>
          </section>
          <div className="h5-assessment-section-title">{t('assessment.h5.breakdown')}</div>
          {s.lines.map((line) => (
            <Line key={line.id} line={line} onAppeal={() => setAppealing(line)} />
          ))}
        </>
      )}
      {appealing && <AppealSheet scoreId={id} line={appealing} onClose={() => setAppealing(null)} />}
    </div>
  );
}

function Line({ line, onAppeal }: { line: AssessmentLine; onAppeal: () => void }) {
  const { t } = useTranslation();
  const target = lineTarget(line);
  return (
    <section className="h5-card h5-assessment-line" data-testid={`line-${line.indicator}`}>
      <div className="h5-card-title">
        <span>{t(`assessment.indicator.${line.indicator}`)}</span>
        <span className="h5-assessment-points" data-testid={`points-${line.indicator}`}>
          {t('assessment.h5.points', { points: line.effectivePoints })}
          <span className="h5-card-hint"> {t('assessment.h5.weight', { weight: line.weight })}</span>
        </span>
      </div>
      <div className="h5-assessment-facts">
        <span>
          {t('assessment.h5.value')} {lineValue(line)}
        </span>
        {target && (
          <span>
            {t('assessment.h5.target')} {target}
          </span>
        )}
      </div>
      <Records line={line} />
      {line.appeals.map((a) => (
        <AppealState key={a.id} appeal={a} />
      ))}
      {line.canAppeal && (
        <Button
          size="small"
          color="primary"
          fill="outline"
          className="h5-assessment-appeal"
          onClick={onAppeal}
          data-testid={`appeal-${line.indicator}`}
        >
          {t('assessment.h5.appeal')}
        </Button>
      )}
    </section>
  );
}

/** The records a line counts: matters open on the phone; visits, check-ins and the rest by kind and count. */
function Records({ line }: { line: AssessmentLine }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const groups = line.refs.filter((g) => g.ids.length > 0);
  if (groups.length === 0) return <div className="h5-muted h5-assessment-records">{t('assessment.h5.noRecords')}</div>;
  return (
    <div className="h5-assessment-records" data-testid={`records-${line.indicator}`}>
      <div className="h5-muted">{t('assessment.h5.records')}</div>
      {groups.map((g) => (
        <div key={`${g.kind}-${g.role}`} className="h5-assessment-group">
          <span>
            {t('assessment.h5.group', {
              kind: t(`assessment.ref.${g.kind}`),
              role: t(`assessment.role.${g.role}`),
              count: g.ids.length,
            })}
          </span>
          {g.kind === 'matter' &&
            g.ids.map((m) => (
              <button
                type="button"
                key={m}
                className="h5-assessment-ref"
                onClick={() => navigate(`/matters/${m}`)}
                data-testid="record-matter"
              >
                #{m}
              </button>
            ))}
        </div>
      ))}
    </div>
  );
}

function AppealState({ appeal }: { appeal: AssessmentAppeal }) {
  const { t } = useTranslation();
  return (
    <div className="h5-assessment-appeal-state" data-testid={`appeal-state-${appeal.indicator}`}>
      <Tag color={STATE_COLOR[appeal.status]} fill="outline" data-status={appeal.status}>
        {t(`assessment.h5.state.${appeal.status}`)}
      </Tag>
      {appeal.status === 'granted' && appeal.adjustedPoints !== null && (
        <span>{t('assessment.h5.granted', { points: appeal.adjustedPoints, before: appeal.pointsBefore })}</span>
      )}
      {appeal.decisionReason && (
        <div data-testid="appeal-decision">{t('assessment.h5.decision', { reason: appeal.decisionReason })}</div>
      )}
      <div className="h5-muted">{t('assessment.h5.mine', { reason: appeal.reason })}</div>
      {appeal.decidedByName && appeal.decidedAt && (
        <div className="h5-muted">
          {t('assessment.h5.decidedBy', { name: appeal.decidedByName, at: formatDateTime(appeal.decidedAt) })}
        </div>
      )}
    </div>
  );
}

/** 申诉: a reason the server will take (5–1000 characters once trimmed), then the line shows 申诉中. */
function AppealSheet({ scoreId, line, onClose }: { scoreId: number; line: AssessmentLine; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const file = useMutation({
    mutationFn: (text: string) => assessmentCalls.appeal(scoreId, { indicator: line.indicator, reason: text }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
      Toast.show({ icon: 'success', content: t('assessment.h5.filed') });
      onClose();
    },
    onError: (e) => setProblem(errorMessage(e)),
  });
  const submit = () => {
    const text = reason.trim();
    if (text.length < REASON_MIN) return setProblem(t('assessment.h5.reasonShort', { min: REASON_MIN }));
    if (text.length > REASON_MAX) return setProblem(t('assessment.h5.reasonLong', { max: REASON_MAX }));
    setProblem(null);
    file.mutate(text);
  };
  return (
    <Popup visible onMaskClick={onClose} bodyClassName="h5-sheet" data-testid="appeal-sheet">
      <div className="h5-sheet-title">
        {t('assessment.h5.appealTitle', { indicator: t(`assessment.indicator.${line.indicator}`) })}
      </div>
      <p className="h5-muted">{t('assessment.h5.appealHint')}</p>
      <label className="h5-muted" htmlFor="appeal-reason">
        <span className="h5-required">*</span>
        {t('assessment.h5.reasonLabel')}
      </label>
      <TextArea
        id="appeal-reason"
        className="h5-textarea h5-sheet-input"
        rows={4}
        maxLength={REASON_MAX}
        showCount
        value={reason}
        onChange={(v) => {
          setReason(v);
          if (problem) setProblem(null);
        }}
        placeholder={t('assessment.h5.reasonPlaceholder', { min: REASON_MIN })}
        data-testid="appeal-reason"
      />
      {problem && (
        <p className="h5-assessment-problem" role="alert" data-testid="appeal-problem">
          {problem}
        </p>
      )}
      <Button block color="primary" size="large" loading={file.isPending} onClick={submit} data-testid="appeal-submit">
        {t('assessment.h5.submit')}
      </Button>
    </Popup>
  );
}
