import { Button, Form, Input, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { useMe } from '../../shared/session.tsx';
import { accountCalls } from '../../shared/query/account.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const submit = async (values: PasswordForm) => {
    setSaving(true);
    setFailure(null);
    try {
      await accountCalls.changePassword({
        currentPassword: values.currentPassword,
        newPassword: values.newPassword,
      });
      Toast.show({ icon: 'success', content: t('auth.passwordChanged') });
      navigate('/me', { replace: true });
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
      <PageNavBar title={t('h5.me.changePassword')} onBack={() => navigate('/me')} />
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
          <Button block type="submit" color="primary" size="large" loading={saving}>
            {t('h5.me.save')}
          </Button>
        }
      >
        <Form.Item
          name="currentPassword"
          label={t('auth.currentPassword')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input type="password" autoComplete="current-password" />
        </Form.Item>
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
