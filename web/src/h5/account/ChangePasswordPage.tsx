import { Button, Form, Input, NoticeBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { useMe, useSession } from '../../shared/session.tsx';
import { accountCalls } from '../../shared/query/account.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';

interface PasswordForm {
  currentPassword?: string;
  newPassword: string;
  confirm: string;
}

/**
 * One's own password. `forced`: the account's password was set by someone else (a new account, a
 * reset), the server refuses everything else until it is changed, so this is the only screen. An
 * account made by phone sign-in has none yet: its first is set without a current one.
 */
export function ChangePasswordPage({ forced = false }: { forced?: boolean }) {
  const { t } = useTranslation();
  const me = useMe();
  const { reload, logout } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const first = !me.hasPassword && !forced;

  const submit = async (values: PasswordForm) => {
    setSaving(true);
    setFailure(null);
    try {
      await accountCalls.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      Toast.show({ icon: 'success', content: first ? t('selfService.password.saved') : t('auth.passwordChanged') });
      // Forced: the same session, read again, opens the app where the person was going. A first
      // password: read again, so 我的 offers a change from now on.
      if (forced || first) await reload();
      if (!forced) navigate('/me', { replace: true });
    } catch (error) {
      if (error instanceof ApiError && error.details.some((d) => d.path)) {
        const fields = error.fieldErrors();
        form.setFields([...fields].map(([name, errors]) => ({ name: name as keyof PasswordForm, errors })));
      } else {
        setFailure(errorMessage(error));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="h5-page h5-standalone">
      {forced ? (
        <>
          <PageNavBar title={t('firstPassword.title')} />
          <NoticeBar wrap color="alert" content={t('firstPassword.body', { name: me.displayName })} />
        </>
      ) : first ? (
        <>
          <PageNavBar title={t('selfService.password.setTitle')} onBack={() => navigate('/me')} />
          <NoticeBar wrap color="info" content={t('selfService.password.setHint')} />
        </>
      ) : (
        <PageNavBar title={t('h5.me.changePassword')} onBack={() => navigate('/me')} />
      )}
      {failure && (
        <div className="h5-login-error" role="alert" style={{ margin: 12 }}>
          {failure}
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        footer={
          <>
            <Button block type="submit" color="primary" size="large" loading={saving}>
              {forced ? t('firstPassword.submit') : first ? t('selfService.password.set') : t('h5.me.save')}
            </Button>
            {forced && (
              <Button block fill="none" style={{ marginTop: 12 }} onClick={() => void logout()}>
                {t('firstPassword.logout')}
              </Button>
            )}
          </>
        }
      >
        {!first && (
          <Form.Item
            name="currentPassword"
            label={forced ? t('firstPassword.currentPassword') : t('auth.currentPassword')}
            description={forced ? t('firstPassword.currentPasswordHint') : undefined}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input type="password" autoComplete="current-password" />
          </Form.Item>
        )}
        <Form.Item
          name="newPassword"
          label={t('auth.newPassword')}
          description={t('auth.passwordRule')}
          rules={[
            { required: true, message: t('validation.required') },
            { min: 8, message: t('auth.passwordTooShort') },
            { pattern: /(?=.*[A-Za-z])(?=.*\d)/, message: t('auth.passwordNeedsLettersAndDigits') },
            {
              validator: (_rule, value: string | undefined) =>
                value?.toLowerCase().includes(me.username.toLowerCase())
                  ? Promise.reject(new Error(t('auth.passwordContainsUsername')))
                  : Promise.resolve(),
            },
          ]}
        >
          <Input type="password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('auth.confirmPassword')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: (_rule, value: string | undefined) =>
                !value || value === getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('auth.passwordMismatch'))),
            }),
          ]}
        >
          <Input type="password" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </div>
  );
}
