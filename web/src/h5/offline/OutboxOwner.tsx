import { useEffect } from 'react';
import { useSession } from '../../shared/session.tsx';
import { setOutboxOwner } from './outbox.ts';

/** Keeps the outbox told who is signed in on the phone: only their waiting actions are sent and shown. */
export function OutboxOwner() {
  const { state } = useSession();
  const userId = state.status === 'signed-in' ? state.me.id : state.status === 'loading' ? undefined : null;
  useEffect(() => setOutboxOwner(userId), [userId]);
  return null;
}
