import { LockOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import logo from '../../shared/assets/logo.svg';
import { accountCalls } from '../../shared/query/account.ts';
import { useMe, useSession } from '../../shared/session.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';
import { PASSWORD_FIELDS, PasswordFields, type PasswordForm } from '../components/PasswordFields.tsx';

/**
 * The only screen of an account whose password someone else set (a new account, a reset): the
 * server refuses everything else until it is changed, so the console waits behind this.
 */
export function FirstPasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const { reload, logout } = useSession();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: PasswordForm) => {
    setSaving(true);
    setFailure(null);
    try {
      await accountCalls.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      message.success(t('auth.passwordChanged'));
      // The session is the same; read it again and the console opens.
      await reload();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, PASSWORD_FIELDS)) setFailure(errorMessage(error));
    } finally {
      setSaving(false);
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
      </div>
      <div className="gz-login-panel">
        <div className="gz-login-language">
          <LanguageSwitch />
        </div>
        <Card className="gz-login-card" variant="borderless" data-testid="first-password">
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            <LockOutlined /> {t('firstPassword.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {t('firstPassword.body', { name: me.displayName })}
          </Typography.Paragraph>
          {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
          <Form<PasswordForm> form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={saving}>
            <PasswordFields
              username={me.username}
              currentLabel={t('firstPassword.currentPassword')}
              currentExtra={t('firstPassword.currentPasswordHint')}
            />
            <Button type="primary" htmlType="submit" block size="large" loading={saving}>
              {t('firstPassword.submit')}
            </Button>
          </Form>
          <div className="gz-login-h5">
            <Typography.Link onClick={() => void logout()}>{t('firstPassword.logout')}</Typography.Link>
          </div>
        </Card>
        <div className="gz-login-footer">{t('app.footer')}</div>
      </div>
    </div>
  );
}
