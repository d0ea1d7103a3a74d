import { Button, Form, Input, Result, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { isValidIdNumber } from '../../shared/personal-data.ts';
import { phoneAccountCalls } from '../../shared/query/phone-account.ts';
import { useMe, useSession } from '../../shared/session.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './account.css';

interface BindForm {
  name: string;
  idNumber: string;
}

/**
 * 实名认证: links the account to the person the community registered, by name and ID number.
 * A miss reads the same whichever part was wrong (the server's one message), shown above the
 * form rather than under either field; a few tries an hour. Once linked, it says so.
 */
export function VerifyPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { reload, refresh } = useSession();
  const navigate = useNavigate();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<{ message: string; hint: boolean } | null>(null);

  const submit = async ({ name, idNumber }: BindForm) => {
    setSaving(true);
    setFailure(null);
    try {
      await phoneAccountCalls.bind({ name: name.trim(), idNumber: idNumber.trim().toUpperCase() });
      Toast.show({ icon: 'success', content: t('phoneAccount.verify.done') });
      // The account now has its person: read again, the screen shows 已认证.
      await reload().catch(refresh);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429)
        setFailure({ message: t('phoneAccount.verify.tooMany'), hint: false });
      else if (error instanceof ApiError && error.status === 400)
        setFailure({ message: error.details[0]?.message ?? error.message, hint: true });
      else setFailure({ message: errorMessage(error), hint: false });
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="h5-page h5-standalone" data-testid="verify-page">
      <PageNavBar title={t('phoneAccount.verify.title')} onBack={() => navigate('/me')} />
      {me.personId !== null ? (
        <div className="h5-account-done" data-testid="verified">
          <Result
            status="success"
            title={t('phoneAccount.verify.verified')}
            description={t('phoneAccount.verify.doneBody')}
          />
        </div>
      ) : (
        <>
          <div className="h5-account-intro">
            <p>{t('phoneAccount.verify.why')}</p>
            <p>{t('phoneAccount.verify.privacy')}</p>
          </div>
          {failure && (
            <div className="h5-account-failure">
              <div className="h5-login-error" role="alert">
                {failure.message}
              </div>
              {failure.hint && <p>{t('phoneAccount.verify.failedHint')}</p>}
            </div>
          )}
          <Form
            layout="vertical"
            requiredMarkStyle="none"
            onFinish={submit}
            footer={
              <Button block type="submit" color="primary" size="large" loading={saving}>
                {t('phoneAccount.verify.submit')}
              </Button>
            }
          >
            <Form.Item
              name="name"
              label={t('phoneAccount.verify.name')}
              rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
            >
              <Input placeholder={t('phoneAccount.verify.namePlaceholder')} autoComplete="name" maxLength={40} />
            </Form.Item>
            <Form.Item
              name="idNumber"
              label={t('phoneAccount.verify.idNumber')}
              rules={[
                {
                  validator: (_rule, value: string | undefined) =>
                    value && isValidIdNumber(value)
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('validation.idNumber'))),
                },
              ]}
            >
              <Input placeholder={t('phoneAccount.verify.idNumberPlaceholder')} autoComplete="off" maxLength={18} />
            </Form.Item>
          </Form>
          <div className="h5-account-intro" data-testid="invitation-entry">
            <p>{t('invitations.join.entryHint')}</p>
            <Button block fill="outline" color="primary" style={{ marginTop: 8 }} onClick={() => navigate('/join')}>
              {t('invitations.join.entry')}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}
