import { useEffect, useRef, useState } from 'react';
import { roundCoord, type WatchedPosition, watchPosition } from '../../shared/geolocation.ts';
import { i18n } from '../../shared/i18n/index.ts';
import { outbox } from '../offline/outbox.ts';
import { joinSamples, patrolPath, type SampleInput, trailGroup } from './pending.ts';
import { type Fix, SEND_EVERY_MS, shouldKeep } from './sampling.ts';

/** Where an earlier version of this page kept unsent positions (moved into the outbox once). */
const oldStorageKey = (patrolId: number) => `gongzhi.patrol.${patrolId}.queue`;

function asSample(fix: Pick<Fix, 'lat' | 'lng' | 'accuracy'> & { at: Date | string }): SampleInput {
  return {
    lat: roundCoord(fix.lat),
    lng: roundCoord(fix.lng),
    accuracy: Math.max(0.1, Math.round(fix.accuracy * 10) / 10),
    at: new Date(fix.at).toISOString(),
  };
}

/** Trail points into the outbox: joined to the patrol's batch still waiting there, else a batch of their own. */
export function keepSamples(patrolId: number, samples: SampleInput[]) {
  const label = (count: number) => i18n.t('field.outbox.trail', { count });
  return outbox.enqueue(
    {
      method: 'POST',
      path: patrolPath(patrolId, 'samples'),
      body: { datum: 'wgs84', samples },
      label: label(samples.length),
      group: trailGroup(patrolId),
    },
    { send: false, merge: (waiting) => joinSamples(waiting, samples, label) },
  );
}

/**
 * While a patrol runs: follows the phone's position and keeps one now and then (sampling.ts)
 * in the offline outbox, where the points waiting become one batch; the outbox sends it every
 * 30 s, when the page is hidden, and when the network returns, with an Idempotency-Key (and the
 * server ignores a sample it already has). With no network the points wait on the phone, over a
 * reload too, and go before anything taken after them (a check-in, the stop).
 */
export function usePatrolTrack(patrolId: number | undefined) {
  const [position, setPosition] = useState<WatchedPosition>();
  const [error, setError] = useState<string>();
  const lastKept = useRef<Fix | undefined>(undefined);

  useEffect(() => {
    if (patrolId === undefined) return;
    try {
      const old = JSON.parse(localStorage.getItem(oldStorageKey(patrolId)) ?? '[]') as Fix[];
      if (old.length) void keepSamples(patrolId, old.map(asSample));
      localStorage.removeItem(oldStorageKey(patrolId));
    } catch {
      // nothing usable kept there
    }
    const stopWatching = watchPosition((fix) => {
      setError(undefined);
      setPosition(fix);
      if (!shouldKeep(lastKept.current, fix)) return;
      lastKept.current = fix;
      void keepSamples(patrolId, [asSample(fix)]);
    }, setError);
    const send = () => void outbox.flush();
    const timer = window.setInterval(send, SEND_EVERY_MS);
    const onHide = () => document.visibilityState === 'hidden' && send();
    document.addEventListener('visibilitychange', onHide);
    return () => {
      stopWatching();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [patrolId]);

  return { position, error };
}
