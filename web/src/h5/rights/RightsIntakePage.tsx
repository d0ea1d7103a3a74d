import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Selector, Steps, Switch, Tag, TextArea, Toast } from 'antd-mobile';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { rightsActions, rightsKeys, rightsQueries } from '../../shared/query/rights.ts';
import {
  type ClaimKind,
  PROBLEMS,
  type Relationship,
  RIGHTS_KINDS,
  type RightsFactsInput,
  type RightsKind,
  type RightsRoute,
  yuanToFen,
} from '../../shared/rights.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { DeadlineList } from './DeadlineList.tsx';
import './rights.css';

const CLAIM_KINDS: Record<RightsKind, readonly ClaimKind[]> = {
  wage: ['pay'],
  contract: ['severance', 'compensation', 'pay'],
  injury: ['injury_medical', 'compensation'],
  traffic: ['damages'],
};

/** A labelled native date field: the phone's own date picker, typed as YYYY-MM-DD. */
function DateField({
  label,
  value,
  onChange,
  testId,
}: {
  label: string;
  value: string;
  onChange: (v: string) => void;
  testId: string;
}) {
  return (
    <label className="h5-rights-field" style={{ display: 'block' }}>
      <div className="h5-rights-muted">{label}</div>
      <input type="date" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
    </label>
  );
}

/**
 * 我要维权: the guided intake. Three steps — what happened (kind, the sub-question, how one
 * worked), the dates and the amount, then the deadlines with their rules (computed by the
 * server, nothing saved yet) and where the case should go; a booking picks a duty slot.
 */
export default function RightsIntakePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<RightsKind | null>(null);
  const [problem, setProblem] = useState('');
  const [relationship, setRelationship] = useState<Relationship>('unsure');
  const [migrantWorker, setMigrantWorker] = useState(true);
  const [ongoing, setOngoing] = useState<boolean | null>(null);
  const [endedOn, setEndedOn] = useState('');
  const [day, setDay] = useState('');
  const [amount, setAmount] = useState('');
  const [claimKind, setClaimKind] = useState<ClaimKind>('pay');
  const [standardsDispute, setStandardsDispute] = useState(false);
  const [employerName, setEmployerName] = useState('');
  const [summary, setSummary] = useState('');
  const [route, setRoute] = useState<RightsRoute | null>(null);
  const [slot, setSlot] = useState<string | null>(null);

  const fen = amount ? yuanToFen(amount) : null;
  const facts = useMemo<RightsFactsInput | null>(() => {
    if (!kind) return null;
    const f: RightsFactsInput = { kind, problem, relationship, migrantWorker, standardsDispute, claims: [] };
    if (fen) f.claims = [{ kind: claimKind, amountFen: fen }];
    if (kind === 'injury') f.injuryOn = day || undefined;
    else if (kind === 'traffic') f.accidentOn = day || undefined;
    else f.knewOn = day || undefined;
    if (kind === 'wage' && ongoing !== null) {
      f.employmentOngoing = ongoing;
      if (!ongoing && endedOn) f.employmentEndedOn = endedOn;
    }
    return f;
  }, [kind, problem, relationship, migrantWorker, standardsDispute, fen, claimKind, day, ongoing, endedOn]);

  const preview = useQuery({
    ...rightsQueries.preview(facts ?? ({} as RightsFactsInput), i18n.language),
    enabled: step === 2 && facts !== null,
    placeholderData: keepPreviousData,
  });
  const slots = useQuery({ ...rightsQueries.slots(), enabled: step === 2 });
  const chosenRoute = route ?? preview.data?.recommendedRoute ?? null;
  const chosenSlot = slots.data?.items.find((s) => `${s.shiftId}@${s.startsAt}` === slot) ?? null;

  const submit = useMutation({
    mutationFn: () =>
      rightsActions.open({
        ...facts!,
        source: 'h5',
        employerName,
        summary,
        ...(chosenRoute ? { route: chosenRoute } : {}),
        ...(chosenRoute === 'booking' && chosenSlot
          ? { shiftId: chosenSlot.shiftId, slotStartsAt: chosenSlot.startsAt }
          : {}),
      }),
    onSuccess: async (c) => {
      Toast.show({ icon: 'success', content: t('rights.submitted', { code: c.code }) });
      await queryClient.invalidateQueries({ queryKey: rightsKeys.all });
      navigate('/rights/mine', { replace: true });
    },
    onError: (error) => Toast.show({ icon: 'fail', content: errorMessage(error) }),
  });

  const dayLabel =
    kind === 'injury' ? t('rights.injuryOn') : kind === 'traffic' ? t('rights.accidentOn') : t('rights.knewOn');
  const factsReady = summary.trim().length >= 2 && (amount === '' || fen !== null);

  return (
    <div className="h5-page">
      <PageNavBar title={t('rights.title')} onBack={() => (step > 0 ? setStep(step - 1) : navigate(-1))} />
      <Steps current={step}>
        <Steps.Step title={t('rights.steps.what')} />
        <Steps.Step title={t('rights.steps.facts')} />
        <Steps.Step title={t('rights.steps.result')} />
      </Steps>

      <div className="h5-rights-body">
        {step === 0 && (
          <>
            <p className="h5-page-intro">{t('rights.intro')}</p>
            <div className="h5-rights-question">{t('rights.kindQuestion')}</div>
            <Selector
              columns={2}
              options={RIGHTS_KINDS.map((k) => ({ label: t(`rights.kinds.${k}`), value: k }))}
              value={kind ? [kind] : []}
              onChange={(v) => {
                setKind((v[0] as RightsKind | undefined) ?? null);
                setProblem('');
                setRoute(null);
                setClaimKind(CLAIM_KINDS[(v[0] as RightsKind | undefined) ?? 'wage'][0]!);
              }}
              data-testid="rights-kind"
            />
            {kind && (
              <>
                <div className="h5-rights-question">{t('rights.problemQuestion')}</div>
                <Selector
                  columns={2}
                  options={PROBLEMS[kind].map((p) => ({
                    label: t(`rights.problems.${p}` as 'rights.problems.other'),
                    value: p,
                  }))}
                  value={problem ? [problem] : []}
                  onChange={(v) => setProblem(v[0] ?? '')}
                />
                {kind !== 'traffic' && (
                  <>
                    <div className="h5-rights-question">{t('rights.relationshipQuestion')}</div>
                    <Selector
                      columns={1}
                      options={(['labour', 'service', 'unsure'] as const).map((r) => ({
                        label: t(`rights.relationships.${r}`),
                        value: r,
                      }))}
                      value={[relationship]}
                      onChange={(v) => v[0] && setRelationship(v[0])}
                      data-testid="rights-relationship"
                    />
                  </>
                )}
                <div className="h5-rights-field" style={{ marginTop: 12 }}>
                  <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
                    <span>{t('rights.migrant')}</span>
                    <Switch checked={migrantWorker} onChange={setMigrantWorker} />
                  </div>
                  <div className="h5-rights-muted">{t('rights.migrantHint')}</div>
                </div>
              </>
            )}
            <div className="h5-rights-actions">
              <Button color="primary" disabled={!kind} onClick={() => setStep(1)} data-testid="rights-next">
                {t('rights.next')}
              </Button>
            </div>
          </>
        )}

        {step === 1 && kind && (
          <>
            {kind === 'wage' && (
              <>
                <div className="h5-rights-question">{t('rights.ongoingQuestion')}</div>
                <Selector
                  columns={2}
                  options={[
                    { label: t('rights.yes'), value: 'yes' },
                    { label: t('rights.no'), value: 'no' },
                  ]}
                  value={ongoing === null ? [] : [ongoing ? 'yes' : 'no']}
                  onChange={(v) => setOngoing(v[0] === undefined ? null : v[0] === 'yes')}
                  data-testid="rights-ongoing"
                />
                {ongoing === false && (
                  <DateField
                    label={t('rights.endedOn')}
                    value={endedOn}
                    onChange={setEndedOn}
                    testId="rights-ended-on"
                  />
                )}
              </>
            )}
            <DateField label={dayLabel} value={day} onChange={setDay} testId="rights-day" />
            <div className="h5-rights-field">
              <div className="h5-rights-muted">{t('rights.claimKind')}</div>
              <Selector
                columns={2}
                options={CLAIM_KINDS[kind].map((k) => ({ label: t(`rights.claimKinds.${k}`), value: k }))}
                value={[claimKind]}
                onChange={(v) => v[0] && setClaimKind(v[0])}
              />
              <div className="h5-rights-muted" style={{ marginTop: 8 }}>
                {t('rights.amount')}
              </div>
              <Input
                inputMode="decimal"
                value={amount}
                onChange={setAmount}
                placeholder="0.00"
                data-testid="rights-amount"
              />
            </div>
            {(kind === 'wage' || kind === 'contract') && (
              <div className="h5-rights-field" style={{ display: 'flex', justifyContent: 'space-between' }}>
                <span>{t('rights.standards')}</span>
                <Switch checked={standardsDispute} onChange={setStandardsDispute} />
              </div>
            )}
            <div className="h5-rights-field">
              <div className="h5-rights-muted">{t('rights.employer')}</div>
              <Input value={employerName} onChange={setEmployerName} maxLength={100} data-testid="rights-employer" />
            </div>
            <div className="h5-rights-field">
              <div className="h5-rights-muted">{t('rights.summary')}</div>
              <TextArea
                value={summary}
                onChange={setSummary}
                maxLength={500}
                rows={3}
                placeholder={t('rights.summaryPlaceholder')}
                data-testid="rights-summary"
              />
            </div>
            <div className="h5-rights-actions">
              <Button onClick={() => setStep(0)}>{t('rights.back')}</Button>
              <Button color="primary" disabled={!factsReady} onClick={() => setStep(2)} data-testid="rights-next">
                {t('rights.next')}
              </Button>
            </div>
          </>
        )}

        {step === 2 && (
          <>
            <div className="h5-rights-question">{t('rights.deadlines')}</div>
            {preview.error && !preview.data ? (
              <LoadFailed error={preview.error} onRetry={() => void preview.refetch()} />
            ) : preview.data ? (
              <DeadlineList assessment={preview.data} />
            ) : null}
            {preview.data && (
              <>
                <div className="h5-rights-question">{t('rights.routeQuestion')}</div>
                <div className="h5-rights-route">
                  <Selector
                    columns={1}
                    options={preview.data.routes.map((r) => ({
                      label: r.label,
                      value: r.code,
                      description: r.code === preview.data.recommendedRoute ? t('rights.recommended') : undefined,
                    }))}
                    value={chosenRoute ? [chosenRoute] : []}
                    onChange={(v) => v[0] && setRoute(v[0])}
                    data-testid="rights-route"
                  />
                  {chosenRoute === 'booking' &&
                    (slots.data?.items.length ? (
                      <>
                        <div className="h5-rights-muted">{t('rights.chooseSlot')}</div>
                        <Selector
                          columns={1}
                          options={slots.data.items.map((s) => ({
                            label: `${formatDateTime(s.startsAt).slice(5, 16)} ${s.role.label} ${s.name}`,
                            description: s.place,
                            value: `${s.shiftId}@${s.startsAt}`,
                          }))}
                          value={slot ? [slot] : []}
                          onChange={(v) => setSlot(v[0] ?? null)}
                          data-testid="rights-slots"
                        />
                      </>
                    ) : (
                      <Tag color="warning">{t('rights.noSlots')}</Tag>
                    ))}
                </div>
              </>
            )}
            <div className="h5-rights-actions">
              <Button onClick={() => setStep(1)}>{t('rights.back')}</Button>
              <Button
                color="primary"
                loading={submit.isPending}
                disabled={!preview.data || (chosenRoute === 'booking' && !chosenSlot)}
                onClick={() => submit.mutate()}
                data-testid="rights-submit"
              >
                {t('rights.submit')}
              </Button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
