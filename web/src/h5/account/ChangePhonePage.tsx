import { Button, Form, Input, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { phoneAccountCalls } from '../../shared/query/phone-account.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { CodeField } from './CodeField.tsx';
import { mobileOf } from './SendCodeButton.tsx';
import './account.css';

interface PhoneForm {
  phone: string;
  code: string;
}

/** 更换手机号: a code sent to the new number proves it is the person's; sign-in and messages then use it. */
export function ChangePhonePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [form] = Form.useForm<PhoneForm>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const showFailure = (error: unknown) => {
    const fields = error instanceof ApiError ? error.fieldErrors() : new Map<string, string[]>();
    const own = [...fields].filter(([name]) => name === 'phone' || name === 'code');
    if (own.length > 0) form.setFields(own.map(([name, errors]) => ({ name: name as keyof PhoneForm, errors })));
    else setFailure(errorMessage(error));
  };

  const submit = async ({ phone, code }: PhoneForm) => {
    setSaving(true);
    setFailure(null);
    try {
      await phoneAccountCalls.changePhone({ phone: mobileOf(phone) ?? phone, code: code.trim() });
      Toast.show({ icon: 'success', content: t('phoneAccount.changePhone.done') });
      navigate('/me', { replace: true });
    } catch (error) {
      showFailure(error);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="h5-page h5-standalone" data-testid="change-phone-page">
      <PageNavBar title={t('phoneAccount.changePhone.title')} onBack={() => navigate('/me')} />
      <p className="h5-account-intro">{t('phoneAccount.changePhone.intro')}</p>
      {failure && (
        <div className="h5-account-failure">
          <div className="h5-login-error" role="alert">
            {failure}
          </div>
        </div>
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMarkStyle="none"
        onFinish={submit}
        footer={
          <Button block type="submit" color="primary" size="large" loading={saving}>
            {t('phoneAccount.changePhone.submit')}
          </Button>
        }
      >
        <Form.Item
          name="phone"
          label={t('phoneAccount.changePhone.newPhone')}
          rules={[
            {
              validator: (_rule, value: string | undefined) =>
                mobileOf(value) ? Promise.resolve() : Promise.reject(new Error(t('phoneAccount.login.phoneInvalid'))),
            },
          ]}
        >
          <Input type="tel" inputMode="tel" placeholder={t('phoneAccount.login.phonePlaceholder')} clearable />
        </Form.Item>
        <CodeField form={form} purpose="change_phone" onSent={() => setFailure(null)} onFailure={showFailure} />
      </Form>
    </div>
  );
}
