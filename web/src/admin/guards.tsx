import { Button, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { errorMessage } from '../shared/api.ts';
import { can, isStaff, useMe, useSession } from '../shared/session.tsx';
import type { Permission } from '../shared/types.ts';
import { FirstPasswordPage } from './account/FirstPasswordPage.tsx';
import { NotFoundPage } from './components/NotFoundPage.tsx';

export function FullPageSpin() {
  return (
    <div className="gz-full-page-center">
      <Spin size="large" />
    </div>
  );
}

/** The console is for staff; others are sent to sign in or to the H5 app. */
export function RequireStaff({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { state, refresh, logout } = useSession();
  const location = useLocation();

  switch (state.status) {
    case 'loading':
      return <FullPageSpin />;
    case 'failed':
      return (
        <div className="gz-full-page-center">
          <Result
            status="error"
            title={t('common.loadFailed')}
            subTitle={errorMessage(state.error)}
            extra={
              <Button type="primary" onClick={refresh}>
                {t('common.retry')}
              </Button>
            }
          />
        </div>
      );
    case 'anonymous': {
      const next = location.pathname + location.search;
      return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
    }
    case 'signed-in':
      // A password someone else set is changed before anything else (the server refuses the rest).
      if (state.me.mustChangePassword) return <FirstPasswordPage />;
      if (!isStaff(state.me)) {
        return (
          <div className="gz-full-page-center">
            <Result
              status="info"
              title={t('auth.useH5Title')}
              subTitle={t('auth.useH5Body', { name: state.me.displayName })}
              extra={[
                <Button type="primary" key="h5" href="/h5/">
                  {t('auth.openH5')}
                </Button>,
                <Button key="logout" onClick={() => void logout()}>
                  {t('auth.logout')}
                </Button>,
              ]}
            />
          </div>
        );
      }
      return children;
  }
}

/** Permissions whose pages do not exist for others (as the server answers 404): 重点人群. */
export const RESTRICTED: readonly Permission[] = ['special.read', 'special.manage'];

export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (!can(me, permission)) {
    if (RESTRICTED.includes(permission)) return <NotFoundPage />;
    return <Result status="403" title="403" subTitle={t('common.forbidden')} />;
  }
  return children;
}
