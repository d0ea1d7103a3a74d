import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, onUnauthorized, setCsrfToken } from './api.ts';
import type { MeView, Permission } from './types.ts';
import { accountCalls } from './query/account.ts';

type SessionState =
  | { status: 'loading' }
  | { status: 'anonymous' }
  | { status: 'failed'; error: unknown }
  | { status: 'signed-in'; me: MeView };

interface Session {
  state: SessionState;
  login: (username: string, password: string) => Promise<MeView>;
  logout: () => Promise<void>;
  /** Asks the server again who is signed in, e.g. after a network failure. */
  refresh: () => void;
  /** Reads the signed-in user again without a loading screen, e.g. once a one-time password is changed. */
  reload: () => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(() => {
    setState({ status: 'loading' });
    accountCalls.me().then(
      (me) => {
        setCsrfToken(me.csrfToken);
        setState({ status: 'signed-in', me });
      },
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401) setState({ status: 'anonymous' });
        else setState({ status: 'failed', error });
      },
    );
  }, []);

  useEffect(refresh, [refresh]);
  useEffect(
    () =>
      onUnauthorized(() => {
        setCsrfToken('');
        setState({ status: 'anonymous' });
      }),
    [],
  );

  const reload = useCallback(async () => {
    const me = await accountCalls.me();
    setCsrfToken(me.csrfToken);
    setState({ status: 'signed-in', me });
  }, []);

  const login = useCallback(async (username: string, password: string) => {
    const me = await accountCalls.login(username, password);
    setCsrfToken(me.csrfToken);
    setState({ status: 'signed-in', me });
    return me;
  }, []);

  const logout = useCallback(async () => {
    try {
      await accountCalls.logout();
    } finally {
      setCsrfToken('');
      setState({ status: 'anonymous' });
    }
  }, []);

  const value = useMemo(() => ({ state, login, logout, refresh, reload }), [state, login, logout, refresh, reload]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in user; only for screens behind a sign-in guard. */
export function useMe(): MeView {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe needs a signed-in user');
  return state.me;
}

/**
 * The signed-in user once free to use the app: null while signed out, and while a password set
 * by someone else (a new account, a reset) waits to be changed, when the server refuses
 * everything else (403 password_change_required).
 */
export function activeUser(state: Session['state']): MeView | null {
  return state.status === 'signed-in' && !state.me.mustChangePassword ? state.me : null;
}

export function can(me: MeView, permission: Permission): boolean {
  return me.permissions.includes(permission);
}

/** Staff use the admin console; residents, couriers and merchants use the H5 app. */
export function isStaff(me: MeView): boolean {
  return can(me, 'org.read');
}
