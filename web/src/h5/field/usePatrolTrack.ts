import { useEffect, useRef, useState } from 'react';
import { roundCoord, type WatchedPosition, watchPosition } from '../../shared/geolocation.ts';
import { fieldCalls } from '../../shared/query/field.ts';
import { type Fix, SEND_EVERY_MS, shouldKeep } from './sampling.ts';

const storageKey = (patrolId: number) => `gongzhi.patrol.${patrolId}.queue`;

/** Positions kept but not yet sent survive a reload (and go with the next batch). */
function loadQueue(patrolId: number): Fix[] {
  try {
    const raw = JSON.parse(localStorage.getItem(storageKey(patrolId)) ?? '[]') as (Omit<Fix, 'at'> & { at: string })[];
    return raw.map((f) => ({ ...f, at: new Date(f.at) }));
  } catch {
    return [];
  }
}

function saveQueue(patrolId: number, queue: Fix[]) {
  try {
    if (queue.length) localStorage.setItem(storageKey(patrolId), JSON.stringify(queue));
    else localStorage.removeItem(storageKey(patrolId));
  } catch {
    // storage blocked: the queue lives as long as the page
  }
}

/**
 * While a patrol runs: follows the phone's position, keeps one now and then (sampling.ts) and
 * sends the kept ones in a batch every 30 s. A batch that fails stays queued and goes with the
 * next (the server ignores a sample it already has); what waits is kept in localStorage over a
 * reload, and sent when the page is hidden. `flush` sends what waits, before stop.
 */
export function usePatrolTrack(patrolId: number | undefined, onDistance: (meters: number) => void) {
  const [position, setPosition] = useState<WatchedPosition>();
  const [error, setError] = useState<string>();
  const [waiting, setWaiting] = useState<Fix[]>([]);
  const queue = useRef<Fix[]>([]);
  const lastKept = useRef<Fix | undefined>(undefined);
  const sending = useRef<Promise<void> | undefined>(undefined);
  const distance = useRef(onDistance);
  distance.current = onDistance;

  const flush = async (): Promise<void> => {
    if (patrolId === undefined) return;
    await sending.current; // one batch at a time
    const batch = queue.current.splice(0);
    if (batch.length === 0) return;
    const send = fieldCalls
      .samples(patrolId, {
        datum: 'wgs84',
        samples: batch.map((s) => ({
          lat: roundCoord(s.lat),
          lng: roundCoord(s.lng),
          accuracy: Math.max(0.1, Math.round(s.accuracy * 10) / 10),
          at: s.at.toISOString(),
        })),
      })
      .then((result) => distance.current(result.distanceMeters))
      .catch((e: unknown) => {
        queue.current.unshift(...batch); // tried again with the next batch
        throw e;
      })
      .finally(() => {
        saveQueue(patrolId, queue.current);
        setWaiting([...queue.current]);
      });
    sending.current = send.catch(() => undefined);
    await send;
  };
  const flushRef = useRef(flush);
  flushRef.current = flush;

  useEffect(() => {
    if (patrolId === undefined) return;
    queue.current = loadQueue(patrolId);
    lastKept.current = queue.current.at(-1);
    setWaiting([...queue.current]);
    const stopWatching = watchPosition((fix) => {
      setError(undefined);
      setPosition(fix);
      if (!shouldKeep(lastKept.current, fix)) return;
      lastKept.current = fix;
      queue.current.push(fix);
      setWaiting([...queue.current]);
    }, setError);
    const send = () => void flushRef.current().catch(() => undefined);
    const timer = window.setInterval(send, SEND_EVERY_MS);
    const onHide = () => document.visibilityState === 'hidden' && send();
    document.addEventListener('visibilitychange', onHide);
    return () => {
      stopWatching();
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onHide);
    };
  }, [patrolId]);

  /** Once the patrol has ended: what could not be sent is dropped (the server takes no more). */
  const forget = () => {
    if (patrolId === undefined) return;
    queue.current = [];
    saveQueue(patrolId, []);
    setWaiting([]);
  };

  /** Positions kept but not yet sent, oldest first: drawn after the server's trail. */
  return { position, error, waiting, flush, forget };
}
