import { LockOutlined, MobileOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import logo from '../../shared/assets/logo.svg';
import { setupQuery } from '../../shared/query/account.ts';
import { isStaff, useSession } from '../../shared/session.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import type { SetupDone } from './SetupPage.tsx';

interface Credentials {
  username: string;
  password: string;
}

/** Only paths inside the console, so a crafted link cannot send people elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  const { t } = useTranslation();
  const { state, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const next = safeNext(params.get('next'));
  // Sent here by the setup page once the first administrator exists.
  const arrivedWith = useLocation().state as Partial<SetupDone> | null;
  const setupDone = arrivedWith?.setupDone ? arrivedWith : null;
  // A fresh install has no account to sign in with: say where the first one comes from.
  const setup = useQuery({ ...setupQuery(), enabled: !setupDone });

  if (state.status === 'signed-in' && !submitting) return <Navigate to={next} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const me = await login(username.trim(), password);
      // Residents land on the notice that sends them to the H5 app.
      navigate(isStaff(me) ? next : '/', { replace: true });
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="gz-login">
      <div className="gz-login-hero">
        <div className="gz-login-hero-brand">
          <img src={logo} alt="" width={44} height={44} />
          <span>{t('app.name')}</span>
        </div>
        <h1>{t('login.heroTitle')}</h1>
        <p>{t('login.heroSubtitle')}</p>
        <ul>
          <li>{t('login.point1')}</li>
          <li>{t('login.point2')}</li>
          <li>{t('login.point3')}</li>
        </ul>
      </div>
      <div className="gz-login-panel">
        <div className="gz-login-language">
          <LanguageSwitch />
        </div>
        <Card className="gz-login-card" variant="borderless">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('login.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('login.subtitle')}</Typography.Paragraph>
          {setupDone && !failure && (
            <Alert type="success" showIcon title={t('setup.done')} style={{ marginBottom: 16 }} role="status" />
          )}
          {setup.data?.needed && (
            <Alert type="info" showIcon title={t('setup.neededOnLogin')} style={{ marginBottom: 16 }} />
          )}
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
          <Form<Credentials>
            layout="vertical"
            size="large"
            onFinish={submit}
            requiredMark={false}
            disabled={submitting}
            initialValues={setupDone ? { username: setupDone.username } : undefined}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input
                prefix={<UserOutlined />}
                placeholder={t('login.usernamePlaceholder')}
                autoComplete="username"
                autoFocus
              />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password
                prefix={<LockOutlined />}
                placeholder={t('login.passwordPlaceholder')}
                autoComplete="current-password"
              />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={submitting}>
              {t('login.submit')}
            </Button>
          </Form>
          <div className="gz-login-h5">
            <MobileOutlined /> {t('login.residentsHint')} <a href="/h5/">{t('login.openH5')}</a>
          </div>
        </Card>
        <div className="gz-login-footer">{t('app.footer')}</div>
      </div>
    </div>
  );
}
