import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, Popup, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
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

/**
 * 巡查: start; while it runs the phone's position is kept now and then and sent in batches,
 * the time, the distance (the server's) and the trail show; 打卡 at the nearest building,
 * 随手报 what is found where one stands; stop. An open patrol is picked up again after a reload.
 */
export default function PatrolPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const current = useQuery(fieldQueries.current());
  const [ended, setEnded] = useState<Patrol>();
  const [busy, setBusy] = useState(false);
  const patrol = current.data?.patrol ?? undefined;

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
      {current.isError ? (
        <LoadFailed error={current.error} onRetry={() => void current.refetch()} />
      ) : current.isPending ? null : patrol ? (
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
            <EndedSummary patrol={ended} />
          ) : (
            <>
              <strong>{t('field.patrol.idle')}</strong>
              <p className="h5-muted">{t('field.patrol.idleHint')}</p>
            </>
          )}
          <Button block color="primary" size="large" loading={busy} onClick={() => void start()}>
            {ended ? t('field.patrol.again') : t('field.patrol.start')}
          </Button>
        </section>
      )}
    </div>
  );
}

function EndedSummary({ patrol }: { patrol: Patrol }) {
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
        <Stat label={t('field.patrol.checkIns')} value={String(patrol.checkIns.length)} />
      </div>
      <CheckInList patrol={patrol} />
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

function CheckInList({ patrol }: { patrol: Patrol }) {
  const { t } = useTranslation();
  if (patrol.checkIns.length === 0) return <p className="h5-muted">{t('field.patrol.noCheckIns')}</p>;
  return (
    <ul className="h5-field-checkins" data-testid="check-ins">
      {patrol.checkIns.map((c) => (
        <li key={c.id}>
          <span>{c.buildingName}</span>
          <span className="h5-muted">{formatDateTime(c.at).slice(11, 16)}</span>
        </li>
      ))}
    </ul>
  );
}

function Running({ patrol, onEnded }: { patrol: Patrol; onEnded: (p: Patrol) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [distance, setDistance] = useState(patrol.distanceMeters);
  const [busy, setBusy] = useState<'check-in' | 'stop'>();
  const [reporting, setReporting] = useState(false);
  const track = usePatrolTrack(patrol.id, (meters) => {
    setDistance(meters);
    void queryClient.invalidateQueries({ queryKey: fieldKeys.current() });
  });
  const now = useNow(1_000);
  const elapsed = (now - new Date(patrol.startedAt).getTime()) / 1000;
  const here = track.position;
  const shownDistance = Math.max(distance, patrol.distanceMeters);
  const trail: [number, number][] = [
    ...(patrol.trail?.coordinates ?? []),
    ...track.waiting.map((f): [number, number] => [f.lng, f.lat]),
  ];

  const update = (next: Patrol) => queryClient.setQueryData(fieldKeys.current(), { patrol: next });

  const checkIn = async () => {
    setBusy('check-in');
    try {
      const at = here ?? (await currentPosition());
      const { building } = await fieldCalls.nearestBuilding(roundCoord(at.lat), roundCoord(at.lng));
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
      update(
        await fieldCalls.checkIn(patrol.id, {
          buildingId: building.id,
          datum: 'wgs84',
          lat: roundCoord(at.lat),
          lng: roundCoord(at.lng),
        }),
      );
      Toast.show({ icon: 'success', content: t('field.patrol.checkedIn', { name: building.name }) });
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
      await track.flush().catch(() => undefined); // what could not be sent now is lost with the patrol
      const stopped = await fieldCalls.stop(patrol.id);
      track.forget();
      Toast.show({ icon: 'success', content: t('field.patrol.stopped') });
      onEnded(stopped);
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
          <Stat label={t('field.patrol.distance')} value={formatDistance(t, shownDistance)} testId="patrol-distance" />
          <Stat
            label={t('field.patrol.samples')}
            value={String(patrol.sampleCount + track.waiting.length)}
            testId="patrol-samples"
          />
        </div>
        {track.waiting.length > 0 && (
          <div className="h5-muted">{t('field.patrol.pending', { count: track.waiting.length })}</div>
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
        <CheckInList patrol={patrol} />
        {patrol.findings.length > 0 && (
          <div className="h5-muted">{t('field.patrol.findings', { count: patrol.findings.length })}</div>
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
    if (!here) return;
    setBusy(true);
    try {
      const sent = await fieldCalls.finding(patrolId, {
        datum: 'wgs84',
        lat: roundCoord(here.lat),
        lng: roundCoord(here.lng),
        categoryId,
        description: description.trim(),
      });
      Toast.show({ icon: 'success', content: t('field.patrol.findingSent', { code: sent.matterCode }) });
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
