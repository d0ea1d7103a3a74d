import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useSession } from '../session.tsx';

/** Forgets every cached answer when the signed-in user changes, so one person never sees another's data. */
export function SessionCache() {
  const queryClient = useQueryClient();
  const { state } = useSession();
  const userId = state.status === 'signed-in' ? state.me.id : null;
  const previous = useRef(userId);
  useEffect(() => {
    if (previous.current !== userId) queryClient.clear();
    previous.current = userId;
  }, [userId, queryClient]);
  return null;
}
