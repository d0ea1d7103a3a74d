import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Popup, Tag, TextArea, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { useCategories } from '../../shared/categories.ts';
import { currentPosition, roundCoord } from '../../shared/geolocation.ts';
import { formatDistance } from '../../shared/matters.ts';
import { fieldCalls, fieldKeys, fieldQueries, type Patrol } from '../../shared/query/field.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { LatLng } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { CategoryPicker } from '../matters/CategoryPicker.tsx';
import { OutboxBar } from '../offline/OutboxBar.tsx';
import { outbox } from '../offline/outbox.ts';
import type { Outcome } from '../offline/queue.ts';
import { useOutboxItems, useOutboxSent } from '../offline/useOutbox.ts';
import { keepBuildingsAround, nearestBuilding } from './nearby-buildings.ts';
import { type PatrolPending, patrolPath, pendingOfPatrol, stoppedOnPhone } from './pending.ts';
import { TrailMap } from './TrailMap.tsx';
import { usePatrolTrack } from './usePatrolTrack.ts';
import './field.css';

/** h:mm:ss of a patrol's time. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${mm}:${ss}`;
}

/** A toast for what became of an action taken through the outbox; true when the server has it. */
function told(outcome: Outcome, t: TFunction, done: string): boolean {
  if (outcome.state === 'sent') Toast.show({ icon: 'success', content: done });
  else if (outcome.state === 'waiting') Toast.show({ content: t('field.outbox.kept') });
  else Toast.show({ icon: 'fail', content: outcome.error });
  return outcome.state === 'sent';
}

/**
 * 巡查: start; while it runs the phone's position is kept now and then and sent in batches,
 * the time, the distance (the server's) and the trail show; 打卡 at the nearest building,
 * 随手报 what is found where one stands; stop. An open patrol is picked up again after a reload.
 * With no network the trail, check-ins, findings and the stop wait in the outbox and show as
 * waiting (待发送); they go, in order and once each, when the network returns.
 */
export default function PatrolPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const current = useQuery(fieldQueries.current());
  const [ended, setEnded] = useState<Patrol>();
  const [busy, setBusy] = useState(false);
  // A stop kept on the phone ends the patrol here, though the server has not heard of it yet.
  const items = useOutboxItems();
  const stopping = stoppedOnPhone(items ?? []);
  const open = current.data?.patrol ?? undefined;
  const patrol = open && !stopping.includes(open.id) ? open : undefined;
  // A stop kept on the phone has landed: the server's summary, and no open patrol any more.
  useOutboxSent(
    (item, data) => {
      if (!stoppedOnPhone([item]).length) return;
      setEnded(data as Patrol);
      void queryClient.invalidateQueries({ queryKey: fieldKeys.all });
    },
    [queryClient],
  );

  const start = async () => {
    setBusy(true);
    try {
      await currentPosition().catch(() => undefined); // asks for the permission before the patrol starts
      const started = await fieldCalls.start();
      queryClient.setQueryData(fieldKeys.current(), { patrol: started });
      setEnded(undefined);
      Toast.show({ icon: 'success', content: t('field.patrol.started') });
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      void current.refetch();
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="h5-page h5-field">
      <PageNavBar title={t('field.patrol.title')} onBack={() => navigate(-1)} />
      <OutboxBar />
      {current.isError && !current.data ? (
        <LoadFailed error={current.error} onRetry={() => void current.refetch()} />
      ) : current.isPending || !items ? null : patrol ? (
        <Running
          patrol={patrol}
          onEnded={(p) => {
            setEnded(p);
            queryClient.setQueryData(fieldKeys.current(), { patrol: null });
            void queryClient.invalidateQueries({ queryKey: fieldKeys.all });
          }}
        />
      ) : (
        <section className="h5-card h5-field-idle" data-testid="patrol-idle">
          {ended ? (
            <EndedSummary patrol={ended} pending={pendingOfPatrol(items, ended.id).checkIns} />
          ) : (
            <>
              <strong>{t('field.patrol.idle')}</strong>
              <p className="h5-muted">{t('field.patrol.idleHint')}</p>
            </>
          )}
          {stopping.length > 0 && (
            <p className="h5-muted" data-testid="patrol-stop-waiting">
              {t('field.outbox.stopWaiting')}
            </p>
          )}
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            disabled={stopping.length > 0}
            onClick={() => void start()}
          >
            {ended ? t('field.patrol.again') : t('field.patrol.start')}
          </Button>
        </section>
      )}
    </div>
  );
}

function EndedSummary({ patrol, pending }: { patrol: Patrol; pending: PatrolPending['checkIns'] }) {
  const { t } = useTranslation();
  return (
    <div data-testid="patrol-summary">
      <strong>
        {t('field.patrol.summary')} · {t('field.patrol.stopped')}
      </strong>
      <div className="h5-field-stats">
        <Stat label={t('field.patrol.elapsed')} value={clock(patrol.durationSeconds)} />
        <Stat
          label={t('field.patrol.distance')}
          value={formatDistance(t, patrol.distanceMeters)}
          testId="summary-distance"
        />
        <Stat label={t('field.patrol.checkIns')} value={String(patrol.checkIns.length + pending.length)} />
      </div>
      <CheckInList patrol={patrol} pending={pending} />
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="h5-field-stat">
      <div className="h5-field-stat-value" data-testid={testId}>
        {value}
      </div>
      <div className="h5-muted">{label}</div>
    </div>
  );
}

function CheckInList({ patrol, pending = [] }: { patrol: Patrol; pending?: PatrolPending['checkIns'] }) {
  const { t } = useTranslation();
  if (patrol.checkIns.length + pending.length === 0) return <p className="h5-muted">{t('field.patrol.noCheckIns')}</p>;
  return (
    <ul className="h5-field-checkins" data-testid="check-ins">
      {patrol.checkIns.map((c) => (
        <li key={c.id}>
          <span>{c.buildingName}</span>
          <span className="h5-muted">{formatDateTime(c.at).slice(11, 16)}</span>
        </li>
      ))}
      {pending.map((c) => (
        <li key={c.key} data-testid="check-in-waiting">
          <span>
            {c.name}
            <Tag color="warning" fill="outline" className="h5-waiting-tag">
              {t('field.outbox.waitingTag')}
            </Tag>
          </span>
          <span className="h5-muted">{formatDateTime(c.at).slice(11, 16)}</span>
        </li>
      ))}
    </ul>
  );
}

function Running({ patrol, onEnded }: { patrol: Patrol; onEnded: (p: Patrol) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<'check-in' | 'stop'>();
  const [reporting, setReporting] = useState(false);
  const track = usePatrolTrack(patrol.id);
  const pending = pendingOfPatrol(useOutboxItems() ?? [], patrol.id);
  const now = useNow(1_000);
  const elapsed = (now - new Date(patrol.startedAt).getTime()) / 1000;
  const here = track.position;
  const trail: [number, number][] = [
    ...(patrol.trail?.coordinates ?? []),
    ...pending.samples.map((s): [number, number] => [s.lng, s.lat]),
  ];

  // What of this patrol lands (now, or when the network returns) shows in the server's figures.
  useOutboxSent(
    (item) => {
      if (item.path.startsWith(`/api/field/patrols/${patrol.id}/`))
        void queryClient.invalidateQueries({ queryKey: fieldKeys.current() });
    },
    [patrol.id, queryClient],
  );

  // The buildings around are kept on the phone while there is a network, for a check-in without one.
  const nearLat = here ? here.lat.toFixed(3) : null;
  const nearLng = here ? here.lng.toFixed(3) : null;
  useEffect(() => {
    if (nearLat !== null && nearLng !== null) void keepBuildingsAround({ lat: Number(nearLat), lng: Number(nearLng) });
  }, [nearLat, nearLng]);

  const update = (next: Patrol) => queryClient.setQueryData(fieldKeys.current(), { patrol: next });

  const checkIn = async () => {
    setBusy('check-in');
    try {
      const at = here ?? (await currentPosition());
      const point = { lat: roundCoord(at.lat), lng: roundCoord(at.lng) };
      const { building } = await nearestBuilding(point);
      if (!building) {
        Toast.show({ content: t('field.patrol.noBuilding') });
        return;
      }
      const confirmed = await Dialog.confirm({
        content: t('field.patrol.checkInAt', { name: building.name }),
        confirmText: t('field.patrol.checkIn'),
        cancelText: t('common.cancel'),
      });
      if (!confirmed) return;
      const outcome = await outbox.take({
        method: 'POST',
        path: patrolPath(patrol.id, 'check-ins'),
        body: { buildingId: building.id, datum: 'wgs84', ...point, at: new Date().toISOString() },
        label: t('field.outbox.checkIn', { name: building.name }),
        meta: { name: building.name },
      });
      if (told(outcome, t, t('field.patrol.checkedIn', { name: building.name })) && outcome.state === 'sent')
        update(outcome.data as Patrol);
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(undefined);
    }
  };

  const stop = async () => {
    const confirmed = await Dialog.confirm({
      content: t('field.patrol.stopConfirm'),
      confirmText: t('field.patrol.stop'),
      cancelText: t('common.cancel'),
    });
    if (!confirmed) return;
    setBusy('stop');
    try {
      // After the trail's last points and anything else of the patrol still waiting (the outbox keeps the order).
      const stoppedAt = new Date();
      const outcome = await outbox.take({
        method: 'POST',
        path: patrolPath(patrol.id, 'stop'),
        body: { at: stoppedAt.toISOString() },
        label: t('field.outbox.stop'),
      });
      if (outcome.state === 'refused') {
        Toast.show({ icon: 'fail', content: outcome.error });
        return;
      }
      told(outcome, t, t('field.patrol.stopped'));
      onEnded(
        outcome.state === 'sent'
          ? (outcome.data as Patrol)
          : // Kept on the phone: the summary as far as the phone knows it.
            {
              ...patrol,
              endedAt: stoppedAt.toISOString(),
              endedBy: 'user',
              durationSeconds: Math.round((stoppedAt.getTime() - new Date(patrol.startedAt).getTime()) / 1000),
              canAct: false,
            },
      );
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <>
      <section className="h5-card" data-testid="patrol-running">
        <div className="h5-field-status">
          <span className="h5-field-dot" />
          <strong>{t('field.patrol.running')}</strong>
          <span className="h5-muted">
            {here
              ? t('field.patrol.accuracy', { n: Math.round(here.accuracy) })
              : (track.error ?? t('field.patrol.noFix'))}
          </span>
        </div>
        <div className="h5-field-stats">
          <Stat label={t('field.patrol.elapsed')} value={clock(elapsed)} testId="patrol-elapsed" />
          <Stat
            label={t('field.patrol.distance')}
            value={formatDistance(t, patrol.distanceMeters)}
            testId="patrol-distance"
          />
          <Stat
            label={t('field.patrol.samples')}
            value={String(patrol.sampleCount + pending.samples.length)}
            testId="patrol-samples"
          />
        </div>
        {pending.samples.length > 0 && (
          <div className="h5-muted" data-testid="trail-waiting">
            {t('field.patrol.pending', { count: pending.samples.length })}
          </div>
        )}
      </section>

      <section className="h5-card h5-field-map-card">
        <TrailMap
          trail={trail}
          checkIns={patrol.checkIns.flatMap((c) =>
            c.lat !== null && c.lng !== null ? [{ lat: c.lat, lng: c.lng }] : [],
          )}
          here={here}
        />
        {trail.length < 2 && <div className="h5-muted h5-field-map-hint">{t('field.patrol.trailEmpty')}</div>}
      </section>

      <div className="h5-field-actions">
        <Button color="primary" fill="outline" loading={busy === 'check-in'} onClick={() => void checkIn()}>
          {t('field.patrol.checkIn')}
        </Button>
        <Button color="warning" fill="outline" onClick={() => setReporting(true)} disabled={!here}>
          {t('field.patrol.finding')}
        </Button>
      </div>

      <section className="h5-card">
        <strong>{t('field.patrol.checkIns')}</strong>
        <CheckInList patrol={patrol} pending={pending.checkIns} />
        {patrol.findings.length > 0 && (
          <div className="h5-muted">{t('field.patrol.findings', { count: patrol.findings.length })}</div>
        )}
        {pending.findings > 0 && (
          <div className="h5-muted" data-testid="findings-waiting">
            {t('field.outbox.findingsWaiting', { count: pending.findings })}
          </div>
        )}
      </section>

      <div className="h5-field-submit">
        <Button block color="danger" size="large" loading={busy === 'stop'} onClick={() => void stop()}>
          {t('field.patrol.stop')}
        </Button>
      </div>

      <FindingSheet
        visible={reporting}
        patrolId={patrol.id}
        here={here}
        onClose={() => setReporting(false)}
        onSent={() => void queryClient.invalidateQueries({ queryKey: fieldKeys.current() })}
      />
    </>
  );
}

/** 随手报: a category and a line, placed where the worker stands, sent as a matter of the patrol. */
function FindingSheet({
  visible,
  patrolId,
  here,
  onClose,
  onSent,
}: {
  visible: boolean;
  patrolId: number;
  here: LatLng | undefined;
  onClose: () => void;
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const categories = useCategories();
  const [categoryId, setCategoryId] = useState<number>();
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!categoryId) return Toast.show({ content: t('field.patrol.findingNeedCategory') });
    if (description.trim().length < 4) return Toast.show({ content: t('field.patrol.findingNeedText') });
    if (!here) return Toast.show({ content: t('field.patrol.findingNeedPlace') });
    setBusy(true);
    try {
      const outcome = await outbox.take({
        method: 'POST',
        path: patrolPath(patrolId, 'findings'),
        body: {
          datum: 'wgs84',
          lat: roundCoord(here.lat),
          lng: roundCoord(here.lng),
          categoryId,
          description: description.trim(),
          at: new Date().toISOString(),
        },
        label: t('field.outbox.finding', { text: description.trim().slice(0, 20) }),
      });
      const code = outcome.state === 'sent' ? (outcome.data as { matterCode?: string } | undefined)?.matterCode : '';
      if (!told(outcome, t, t('field.patrol.findingSent', { code })) && outcome.state === 'refused') return;
      setDescription('');
      setCategoryId(undefined);
      onSent();
      onClose();
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="h5-field-sheet">
      <strong>{t('field.patrol.findingTitle')}</strong>
      <CategoryPicker
        categories={categories.data ?? []}
        kinds={['report']}
        value={categoryId}
        onChange={setCategoryId}
      />
      <TextArea
        value={description}
        onChange={setDescription}
        placeholder={t('field.patrol.findingPlaceholder')}
        rows={3}
        maxLength={2000}
      />
      <Button block color="primary" loading={busy} onClick={() => void send()}>
        {t('field.patrol.findingSubmit')}
      </Button>
    </Popup>
  );
}
