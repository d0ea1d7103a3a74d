import { Button, ErrorBlock, SpinLoading } from 'antd-mobile';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { errorMessage } from '../shared/api.ts';
import { useSession } from '../shared/session.tsx';
import { ChangePasswordPage } from './account/ChangePasswordPage.tsx';

/** Anyone signed in may use the H5 app, once a one-time password is changed; staff see their own community too. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state, refresh } = useSession();
  const location = useLocation();
  switch (state.status) {
    case 'loading':
      return (
        <div className="h5-center">
          <SpinLoading color="primary" />
        </div>
      );
    case 'failed':
      return (
        <div className="h5-center">
          <ErrorBlock status="disconnected" title={t('common.loadFailed')} description={errorMessage(state.error)}>
            <Button color="primary" onClick={refresh}>
              {t('common.retry')}
            </Button>
          </ErrorBlock>
        </div>
      );
    case 'anonymous': {
      const next = location.pathname + location.search;
      return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
    }
    case 'signed-in':
      // A password someone else set is changed before anything else (the server refuses the rest).
      return state.me.mustChangePassword ? <ChangePasswordPage forced /> : children;
  }
}
