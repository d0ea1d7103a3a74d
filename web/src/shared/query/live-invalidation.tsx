import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
import { useCoalesced, useLive } from '../live.tsx';
import { careKeys } from './care.ts';
import { cockpitKeys } from './cockpit.ts';
import { devicesKeys } from './devices.ts';
import { mattersKeys } from './matters.ts';
import { notificationsKeys } from './notifications.ts';
import { warningKeys } from './warnings.ts';

/**
 * What each live topic makes stale. A matter's change shows in the matter lists and maps, in
 * the care board (missed checks open care matters) and in the cockpit's figures; an alarm in the
 * alarm and device lists and the cockpit's.
 */
const STALE_BY_TOPIC = {
  matter: [mattersKeys.all, careKeys.all, cockpitKeys.all, warningKeys.all],
  alarm: [devicesKeys.all, careKeys.all, cockpitKeys.all],
  notification: [notificationsKeys.all, careKeys.all],
} satisfies Record<string, QueryKey[]>;

/**
 * Turns the live stream into cache invalidation, once for the whole app: screens only declare
 * their queries and stay current. A burst of events is coalesced into one refetch of each
 * query; after a break in the stream (resync) everything is refetched, since events were missed.
 */
export function LiveInvalidation() {
  const queryClient = useQueryClient();
  const pending = useRef(new Set<QueryKey>());
  const flush = useCoalesced(() => {
    const keys = [...pending.current];
    pending.current.clear();
    for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  }, 300);
  const mark = (keys: QueryKey[]) => {
    for (const key of keys) pending.current.add(key);
    flush();
  };
  useLive('matter', () => mark(STALE_BY_TOPIC.matter));
  useLive('alarm', () => mark(STALE_BY_TOPIC.alarm));
  useLive('notification', () => mark(STALE_BY_TOPIC.notification));
  useLive('resync', () => void queryClient.invalidateQueries());
  return null;
}
