import { Button, Dialog, ErrorBlock, Input, Popup, ProgressBar, PullToRefresh, Stepper, Toast } from 'antd-mobile';
import { ClockCircleOutline, EnvironmentOutline, LocationFill, TeamOutline } from 'antd-mobile-icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { currentPosition, roundCoord } from '../../shared/geolocation.ts';
import {
  formatMinutes,
  minutesBetween,
  SIGNUP_STATUS_COLORS,
  signupStatusLabel,
  reasonOf,
} from '../../shared/points.ts';
import { formatDateTime } from '../../shared/time.ts';
import { pointsKeys } from '../../shared/query/points.ts';
import { volunteerCalls, volunteerKeys, volunteerQueries } from '../../shared/query/volunteer.ts';
import type { Activity, Signup } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import { ColorTag } from '../components/ColorTag.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { timeSpan } from './VolunteerPage.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

/** A leader's page looks again this often, to show check-ins as they happen. */
const LEADER_POLL_MS = 5_000;

type Direction = 'checkin' | 'checkout';

/** One activity: sign up, check in and out with the leader's code or by being there; leaders see the code and credit hours. */
export default function ActivityPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const queryClient = useQueryClient();
  // A leader's page looks again now and then (while in view), to show check-ins as they happen.
  const loaded = useQuery({
    ...volunteerQueries.activity(id),
    refetchInterval: (query) => (query.state.data?.canLead ? LEADER_POLL_MS : false),
  });
  const a = loaded.data;
  const [checking, setChecking] = useState<Direction | null>(null);
  const [deciding, setDeciding] = useState<Signup | null>(null);
  const [busy, setBusy] = useState(false);

  const act = async (path: string, body: unknown, done: string): Promise<boolean> => {
    setBusy(true);
    try {
      // The answer is shown at once; a refetch already under way is cancelled by the invalidation, so it cannot overwrite it.
      queryClient.setQueryData(volunteerKeys.activity(id), await volunteerCalls.activityAction(id, path, body));
      void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      void queryClient.invalidateQueries({ queryKey: pointsKeys.all });
      Toast.show({ icon: 'success', content: done });
      return true;
    } catch (error) {
      Toast.show({ icon: 'fail', content: reasonOf(error) });
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: volunteerKeys.all });
      return false;
    } finally {
      setBusy(false);
    }
  };

  if (!a) {
    return (
      <div className="h5-page">
        <PageNavBar title={t('volunteer.h5.activity')} onBack={() => navigate(-1)} />
        {loaded.error ? (
          loaded.error instanceof ApiError && loaded.error.status === 404 ? (
            <ErrorBlock status="empty" title={t('volunteer.h5.notFound')} />
          ) : (
            <LoadFailed error={loaded.error} onRetry={() => void loaded.refetch()} />
          )
        ) : (
          <ListSkeleton />
        )}
      </div>
    );
  }

  const mine = a.mySignup && a.mySignup.status !== 'cancelled' ? a.mySignup : null;
  const ended = new Date(a.endsAt).getTime() <= Date.now();
  const full = a.signedUp >= a.capacity;
  const scheduled = minutesBetween(a.startsAt, a.endsAt) ?? 0;

  return (
    <div className="h5-page h5-activity-page">
      <PageNavBar
        title={t('volunteer.h5.activity')}
        onBack={() => (window.history.length > 1 ? navigate(-1) : navigate('/volunteer'))}
      />
      <PullToRefresh onRefresh={async () => void (await loaded.refetch())}>
        <section className="h5-card h5-activity-head" data-testid="activity" data-signup={mine?.status ?? 'none'}>
          <div className="h5-activity-top">
            <span className="h5-activity-name">{a.title}</span>
            {a.status !== 'open' ? (
              <ColorTag color="#8c8c8c">{t(`volunteer.activityStatus.${a.status}`)}</ColorTag>
            ) : ended ? (
              <ColorTag color="#8c8c8c">{t('volunteer.ended')}</ColorTag>
            ) : null}
          </div>
          <div className="h5-activity-facts">
            <div>
              <TeamOutline /> {a.teamName}
            </div>
            <div>
              <ClockCircleOutline /> {timeSpan(a.startsAt, a.endsAt)}
            </div>
            {a.place && (
              <div>
                <EnvironmentOutline /> {a.place}
              </div>
            )}
            <div className="h5-muted">{t('volunteer.signedUpOf', { count: a.signedUp, capacity: a.capacity })}</div>
          </div>
          {a.description && <div className="h5-activity-description">{a.description}</div>}
        </section>

        <section className="h5-card" data-testid="my-part">
          <div className="h5-card-title">
            {t('volunteer.h5.myPart')}
            {mine && (
              <ColorTag color={SIGNUP_STATUS_COLORS[mine.status]} testId="my-status">
                {signupStatusLabel(t, mine.status)}
              </ColorTag>
            )}
          </div>
          <MyPart activity={a} ended={ended} full={full} />
          <div className="h5-activity-actions">
            {!mine && a.status === 'open' && !ended && (
              <Button
                block
                color="primary"
                disabled={full || busy}
                loading={busy}
                onClick={() => void act('signup', {}, t('volunteer.h5.signedUp'))}
              >
                {full ? t('volunteer.full') : t('volunteer.h5.signUp')}
              </Button>
            )}
            {mine?.status === 'signed_up' && (
              <>
                <Button block color="primary" onClick={() => setChecking('checkin')}>
                  {t('volunteer.h5.checkIn')}
                </Button>
                <Button
                  block
                  fill="outline"
                  disabled={busy}
                  onClick={async () => {
                    if (
                      await Dialog.confirm({
                        content: t('volunteer.h5.cancelConfirm'),
                        confirmText: t('volunteer.h5.cancelSignup'),
                        cancelText: t('common.cancel'),
                      })
                    ) {
                      await act('cancel', {}, t('volunteer.h5.cancelled'));
                    }
                  }}
                >
                  {t('volunteer.h5.cancelSignup')}
                </Button>
              </>
            )}
            {mine?.status === 'checked_in' && (
              <Button block color="primary" onClick={() => setChecking('checkout')}>
                {t('volunteer.h5.checkOut')}
              </Button>
            )}
            {mine?.status === 'approved' && (
              <Button block fill="outline" onClick={() => navigate('/points/statement')}>
                {t('volunteer.h5.seePoints')}
              </Button>
            )}
          </div>
        </section>

        {a.canLead && (
          <>
            {a.status === 'open' && !ended && <CodeCard activityId={a.id} />}
            <SignupsCard signups={a.signups ?? []} onDecide={setDeciding} />
          </>
        )}
      </PullToRefresh>

      <CheckSheet
        direction={checking}
        hasLocation={a.location !== null}
        busy={busy}
        onClose={() => setChecking(null)}
        onSubmit={async (body) => {
          const ok = await act(
            checking!,
            body,
            checking === 'checkin' ? t('volunteer.h5.checkedIn') : t('volunteer.h5.checkedOut'),
          );
          if (ok) setChecking(null);
        }}
      />
      <DecideSheet
        signup={deciding}
        scheduled={scheduled}
        busy={busy}
        onClose={() => setDeciding(null)}
        onSubmit={async (approve, minutes) => {
          const who = deciding!;
          const ok = await act(
            'hours',
            approve ? { userId: who.userId, approve, minutes } : { userId: who.userId, approve },
            approve
              ? t('volunteer.h5.approved', { name: who.name, hours: formatMinutes(t, minutes) })
              : t('volunteer.h5.rejected', { name: who.name }),
          );
          if (ok) setDeciding(null);
        }}
      />
    </div>
  );
}

function MyPart({ activity: a, ended, full }: { activity: Activity; ended: boolean; full: boolean }) {
  const { t } = useTranslation();
  const mine = a.mySignup && a.mySignup.status !== 'cancelled' ? a.mySignup : null;
  if (!mine) {
    if (a.status !== 'open' || ended) return <div className="h5-muted">{t('volunteer.h5.closedForSignup')}</div>;
    return <div className="h5-muted">{full ? t('volunteer.h5.fullHint') : t('volunteer.h5.signUpHint')}</div>;
  }
  return (
    <dl className="h5-facts">
      {mine.checkedInAt && (
        <>
          <dt>{t('volunteer.checkedInAt')}</dt>
          <dd>{formatDateTime(mine.checkedInAt).slice(5, 16)}</dd>
        </>
      )}
      {mine.checkedOutAt && (
        <>
          <dt>{t('volunteer.checkedOutAt')}</dt>
          <dd>{formatDateTime(mine.checkedOutAt).slice(5, 16)}</dd>
        </>
      )}
      {mine.minutes !== null && (
        <>
          <dt>{t('volunteer.measured')}</dt>
          <dd>{formatMinutes(t, mine.minutes)}</dd>
        </>
      )}
      {mine.status === 'approved' && mine.approvedMinutes !== null && (
        <>
          <dt>{t('volunteer.approvedMinutes')}</dt>
          <dd className="h5-plus" data-testid="my-approved">
            {formatMinutes(t, mine.approvedMinutes)}
          </dd>
        </>
      )}
      <dt />
      <dd className="h5-muted h5-small">{t(`volunteer.h5.next.${mine.status}`)}</dd>
    </dl>
  );
}

/** The leader's rotating code, large, with the seconds it has left; a new one is fetched as it runs out. */
function CodeCard({ activityId }: { activityId: number }) {
  const { t } = useTranslation();
  const code = useQuery(volunteerQueries.checkinCode(activityId));
  const now = useNow(250);
  const until = code.data ? new Date(code.data.validUntil).getTime() : 0;
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  useEffect(() => {
    // A clock a little off the server's must not ask again and again: at most once a second.
    if (code.data && now >= until && now - code.data.at > 1000 && !code.isFetching) void code.refetch();
  }, [now, until, code]);
  const digits = code.data?.code ?? '';
  return (
    <section className="h5-card h5-code-card" data-testid="checkin-code-card">
      <div className="h5-card-title">
        {t('volunteer.h5.codeTitle')}
        <span className="h5-card-hint">{t('volunteer.h5.codeHint')}</span>
      </div>
      {code.error && !code.data ? (
        <div className="h5-warning">{errorMessage(code.error)}</div>
      ) : (
        <>
          <div
            className="h5-code"
            data-testid="checkin-code"
            data-code={digits}
            aria-label={digits.split('').join(' ')}
          >
            {digits ? `${digits.slice(0, 3)} ${digits.slice(3)}` : '— — —'}
          </div>
          <ProgressBar percent={(left / 30) * 100} className="h5-code-progress" />
          <div className="h5-muted h5-small h5-code-left">{t('volunteer.h5.codeLeft', { seconds: left })}</div>
        </>
      )}
    </section>
  );
}

function SignupsCard({ signups, onDecide }: { signups: Signup[]; onDecide: (s: Signup) => void }) {
  const { t } = useTranslation();
  const shown = signups.filter((s) => s.status !== 'cancelled');
  return (
    <section className="h5-card" data-testid="signups">
      <div className="h5-card-title">
        {t('volunteer.signups')}
        <span className="h5-card-hint">{t('volunteer.h5.signupsCount', { count: shown.length })}</span>
      </div>
      {shown.length === 0 && <div className="h5-muted">{t('volunteer.h5.noSignupsYet')}</div>}
      <ul className="h5-plain-list">
        {shown.map((s) => (
          <li key={s.userId} className="h5-signup" data-testid={`signup-${s.name}`} data-status={s.status}>
            <div className="h5-signup-top">
              <strong>{s.name}</strong>
              <ColorTag color={SIGNUP_STATUS_COLORS[s.status]}>{signupStatusLabel(t, s.status)}</ColorTag>
            </div>
            <div className="h5-muted h5-small">
              {s.checkedInAt && t('volunteer.h5.inAt', { at: formatDateTime(s.checkedInAt).slice(11, 16) })}
              {s.checkedOutAt && ` · ${t('volunteer.h5.outAt', { at: formatDateTime(s.checkedOutAt).slice(11, 16) })}`}
              {s.minutes !== null && ` · ${t('volunteer.h5.measuredShort', { hours: formatMinutes(t, s.minutes) })}`}
              {s.status === 'approved' &&
                s.approvedMinutes !== null &&
                ` · ${t('volunteer.h5.creditedShort', { hours: formatMinutes(t, s.approvedMinutes) })}`}
            </div>
            {s.status === 'checked_out' && (
              <div className="h5-signup-actions">
                <Button size="small" color="primary" shape="rounded" onClick={() => onDecide(s)}>
                  {t('volunteer.h5.decide')}
                </Button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CheckSheet({
  direction,
  hasLocation,
  busy,
  onClose,
  onSubmit,
}: {
  direction: Direction | null;
  hasLocation: boolean;
  busy: boolean;
  onClose: () => void;
  onSubmit: (body: { code: string } | { lat: number; lng: number }) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [locating, setLocating] = useState(false);
  const byLocation = async () => {
    setLocating(true);
    try {
      const at = await currentPosition(8000);
      await onSubmit({ lat: roundCoord(at.lat), lng: roundCoord(at.lng) });
    } catch (error) {
      Toast.show({ icon: 'fail', content: (error as Error).message });
    } finally {
      setLocating(false);
    }
  };
  const title = direction === 'checkout' ? t('volunteer.h5.checkOut') : t('volunteer.h5.checkIn');
  return (
    <Popup
      visible={direction !== null}
      onMaskClick={onClose}
      bodyClassName="h5-sheet"
      destroyOnClose
      afterClose={() => setCode('')}
    >
      <div data-testid="check-sheet">
        <div className="h5-sheet-title">{title}</div>
        <p className="h5-muted h5-sheet-text">{t('volunteer.h5.askCode')}</p>
        <Input
          className="h5-code-input"
          value={code}
          onChange={(value) => setCode(value.replace(/\D/g, '').slice(0, 6))}
          inputMode="numeric"
          maxLength={6}
          placeholder="000000"
          aria-label={t('volunteer.h5.codeLabel')}
          autoFocus
        />
        <Button
          block
          color="primary"
          size="large"
          disabled={code.length !== 6 || busy}
          loading={busy && !locating}
          onClick={() => void onSubmit({ code })}
          data-testid="check-submit"
        >
          {title}
        </Button>
        {hasLocation && (
          <Button
            block
            fill="outline"
            className="h5-sheet-second"
            loading={locating}
            disabled={busy}
            onClick={() => void byLocation()}
          >
            <LocationFill /> {t('volunteer.h5.byLocation')}
          </Button>
        )}
      </div>
    </Popup>
  );
}

function DecideSheet({
  signup,
  scheduled,
  busy,
  onClose,
  onSubmit,
}: {
  signup: Signup | null;
  scheduled: number;
  busy: boolean;
  onClose: () => void;
  onSubmit: (approve: boolean, minutes: number) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [minutes, setMinutes] = useState(0);
  useEffect(() => {
    // Prefilled with the measured time, within the activity's length.
    if (signup) setMinutes(Math.min(scheduled, signup.minutes ?? 0));
  }, [signup, scheduled]);
  return (
    <Popup visible={signup !== null} onMaskClick={onClose} bodyClassName="h5-sheet" destroyOnClose>
      {signup && (
        <div data-testid="decide-sheet">
          <div className="h5-sheet-title">{t('volunteer.h5.decideTitle', { name: signup.name })}</div>
          <p className="h5-muted h5-sheet-text">
            {t('volunteer.h5.decideBody', {
              measured: formatMinutes(t, signup.minutes ?? 0),
              max: formatMinutes(t, scheduled),
            })}
          </p>
          <div className="h5-minutes">
            <span>{t('volunteer.h5.minutesLabel')}</span>
            <Stepper
              min={0}
              max={scheduled}
              step={15}
              digits={0}
              value={minutes}
              onChange={(value) => setMinutes(value ?? 0)}
            />
            <span className="h5-muted">{formatMinutes(t, minutes)}</span>
          </div>
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            disabled={busy || minutes <= 0}
            onClick={() => void onSubmit(true, minutes)}
            data-testid="approve-hours"
          >
            {t('volunteer.h5.approve')}
          </Button>
          <Button
            block
            fill="outline"
            color="danger"
            className="h5-sheet-second"
            disabled={busy}
            onClick={() => void onSubmit(false, 0)}
          >
            {t('volunteer.h5.reject')}
          </Button>
        </div>
      )}
    </Popup>
  );
}
