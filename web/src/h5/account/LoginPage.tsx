import { Button, Form, Input, Tabs } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import logo from '../../shared/assets/logo.svg';
import { currentLocale, setLocale } from '../../shared/i18n/index.ts';
import { primaryRole } from '../../shared/labels.ts';
import { useSession } from '../../shared/session.tsx';
import type { MeView } from '../../shared/types.ts';
import { useScreenTitle } from '../components/PageNavBar.tsx';
import { PhoneLogin } from './PhoneLogin.tsx';

interface Credentials {
  username: string;
  password: string;
}

function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** A merchant signing in lands on redemption, their work; everyone else where they were going. */
function landingOf(me: MeView, next: string): string {
  return next === '/' && primaryRole(me.roles) === 'merchant' ? '/merchant' : next;
}

export function LoginPage() {
  const { t } = useTranslation();
  useScreenTitle(t('login.title'));
  const { state, login } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const next = safeNext(params.get('next'));

  if (state.status === 'signed-in' && !submitting) return <Navigate to={landingOf(state.me, next)} replace />;

  const submit = async ({ username, password }: Credentials) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const me = await login(username.trim(), password);
      navigate(landingOf(me, next), { replace: true });
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="h5-login">
      <button
        className="h5-login-language"
        type="button"
        onClick={() => setLocale(currentLocale() === 'en' ? 'zh-CN' : 'en')}
      >
        {currentLocale() === 'en' ? '中文' : 'English'}
      </button>
      <header className="h5-login-hero">
        <img src={logo} alt="" width={56} height={56} />
        <h1>{t('h5.login.title')}</h1>
        <p>{t('h5.login.subtitle')}</p>
      </header>
      <section className="h5-login-card">
        <Tabs className="h5-login-tabs" defaultActiveKey="password">
          <Tabs.Tab key="password" title={t('phoneAccount.login.byPassword')}>
            {failure && (
              <div className="h5-login-error" role="alert">
                {failure}
              </div>
            )}
            <Form
              layout="vertical"
              onFinish={submit}
              requiredMarkStyle="none"
              footer={
                <Button block type="submit" color="primary" size="large" loading={submitting}>
                  {t('login.submit')}
                </Button>
              }
            >
              <Form.Item
                name="username"
                label={t('login.username')}
                rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
              >
                <Input placeholder={t('login.usernamePlaceholder')} autoComplete="username" clearable />
              </Form.Item>
              <Form.Item
                name="password"
                label={t('login.password')}
                rules={[{ required: true, message: t('login.passwordRequired') }]}
              >
                <Input
                  type="password"
                  placeholder={t('login.passwordPlaceholder')}
                  autoComplete="current-password"
                  clearable
                />
              </Form.Item>
            </Form>
          </Tabs.Tab>
          <Tabs.Tab key="code" title={t('phoneAccount.login.byCode')}>
            <PhoneLogin />
          </Tabs.Tab>
        </Tabs>
      </section>
      <p className="h5-login-staff">
        {t('h5.login.staffHint')}
        <a href="/admin/">{t('h5.login.openConsole')}</a>
      </p>
    </div>
  );
}
