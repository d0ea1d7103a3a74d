import { createContext, useContext, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { activeUser, useSession } from './session.tsx';
import type { LiveAlarmEvent } from './iot.ts';
import type { LiveMatterEvent, LiveNotificationEvent } from './types.ts';
import { LIVE_STREAM_URL } from './query/account.ts';

/**
 * Live updates from GET /api/live (Server-Sent Events): changes to matters in the
 * caller's area or that they follow, and their notifications. One stream per tab,
 * shared by every screen that listens.
 */

type LiveEvents = {
  matter: LiveMatterEvent;
  notification: LiveNotificationEvent;
  /** Alarms of devices in the caller's area: raised, repeated, acknowledged, cleared. */
  alarm: LiveAlarmEvent;
  /** The stream came back after a break; events may have been missed, so reload. */
  resync: null;
};
type Topic = keyof LiveEvents;
type Handler<T extends Topic> = (event: LiveEvents[T]) => void;

interface LiveHub {
  subscribe: <T extends Topic>(topic: T, handler: Handler<T>) => () => void;
}

const LiveContext = createContext<LiveHub | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const { state } = useSession();
  const signedInAs = activeUser(state)?.id ?? null;
  const handlers = useRef(new Map<Topic, Set<(event: never) => void>>());

  const hub = useMemo<LiveHub>(
    () => ({
      subscribe: (topic, handler) => {
        const set = handlers.current.get(topic) ?? new Set();
        set.add(handler as (event: never) => void);
        handlers.current.set(topic, set);
        return () => set.delete(handler as (event: never) => void);
      },
    }),
    [],
  );

  useEffect(() => {
    if (signedInAs === null || typeof EventSource === 'undefined') return;
    const emit = <T extends Topic>(topic: T, event: LiveEvents[T]) => {
      for (const handler of handlers.current.get(topic) ?? []) (handler as Handler<T>)(event);
    };
    const source = new EventSource(LIVE_STREAM_URL);
    let connections = 0;
    source.addEventListener('ready', () => {
      // The browser reconnects by itself after a break; what happened meanwhile is unknown.
      if (connections++ > 0) emit('resync', null);
    });
    for (const topic of ['matter', 'notification', 'alarm'] as const) {
      source.addEventListener(topic, (message) => {
        try {
          emit(topic, JSON.parse((message as MessageEvent<string>).data) as LiveEvents[typeof topic]);
        } catch {
          // a malformed message is skipped; the next reload shows the truth
        }
      });
    }
    return () => source.close();
  }, [signedInAs]);

  return <LiveContext.Provider value={hub}>{children}</LiveContext.Provider>;
}

/** Calls handler for every live event of the topic while the component is mounted. */
export function useLive<T extends Topic>(topic: T, handler: Handler<T>) {
  const hub = useContext(LiveContext);
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => hub?.subscribe(topic, (event) => ref.current(event)), [hub, topic]);
}

/**
 * Runs callback once the calls stop for wait ms (the timer restarts on each call):
 * for a map being panned, which should load only when it settles.
 */
export function useDebounced(callback: () => void, wait: number): () => void {
  return useTimed(callback, wait, true);
}

/**
 * Runs callback wait ms after the first call of a burst, once for the whole burst:
 * for reloads on live events, which must not be put off for ever by a steady stream.
 */
export function useCoalesced(callback: () => void, wait: number): () => void {
  return useTimed(callback, wait, false);
}

function useTimed(callback: () => void, wait: number, restart: boolean): () => void {
  const ref = useRef(callback);
  ref.current = callback;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useMemo(
    () => () => {
      if (timer.current) {
        if (!restart) return;
        clearTimeout(timer.current);
      }
      timer.current = setTimeout(() => {
        timer.current = null;
        ref.current();
      }, wait);
    },
    [wait, restart],
  );
}
