import { Button, Form, Input, Result } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { invitationCalls, type RedeemedInvitation } from '../../shared/query/invitations.ts';
import { useSession } from '../../shared/session.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import '../account/account.css';
import './join.css';

/**
 * /h5/join?code=…: the link of an invitation's QR. Signed in (by phone, through the login page
 * that brings one back here), the account uses the code: bound to the registered person, in the
 * mobile grid, or the merchant's. The code is used only when the person confirms, so opening the
 * link twice does nothing twice. A code that does not work reads the same whatever the reason.
 */
export function JoinPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { reload, refresh } = useSession();
  const [code, setCode] = useState(params.get('code') ?? '');
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<RedeemedInvitation | null>(null);

  const submit = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const redeemed = await invitationCalls.redeem(code.trim());
      setDone(redeemed);
      // New roles or a bound person: the session is read again so every screen knows.
      await reload().catch(refresh);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) setFailure(t('invitations.join.tooMany'));
      else if (error instanceof ApiError && error.details[0]?.message) setFailure(error.details[0].message);
      else setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="h5-page h5-standalone" data-testid="join-page">
      <PageNavBar title={t('invitations.join.title')} onBack={() => navigate('/me')} />
      {done ? (
        <div className="h5-account-done" data-testid="join-done">
          <Result
            status="success"
            title={t(`invitations.join.done.${done.kind}`, { community: done.communityName, name: done.targetName })}
            description={t(`invitations.join.doneBody.${done.kind}`, {
              community: done.communityName,
              name: done.targetName,
            })}
          />
          <div className="h5-join-actions">
            <Button
              block
              color="primary"
              size="large"
              onClick={() => navigate(done.kind === 'merchant' ? '/merchant' : '/')}
            >
              {t('invitations.join.home')}
            </Button>
          </div>
        </div>
      ) : (
        <>
          <div className="h5-account-intro">
            <p>{t('invitations.join.intro')}</p>
          </div>
          {failure && (
            <div className="h5-account-failure">
              <div className="h5-login-error" role="alert">
                {failure}
              </div>
            </div>
          )}
          <Form
            layout="vertical"
            requiredMarkStyle="none"
            onFinish={submit}
            footer={
              <Button
                block
                type="submit"
                color="primary"
                size="large"
                loading={saving}
                disabled={code.trim().length === 0}
              >
                {t('invitations.join.submit')}
              </Button>
            }
          >
            <Form.Item label={t('invitations.join.code')}>
              <Input
                className="h5-join-code"
                value={code}
                onChange={(v) => setCode(v.toUpperCase())}
                placeholder={t('invitations.join.codePlaceholder')}
                autoComplete="off"
                maxLength={12}
                data-testid="join-code"
              />
            </Form.Item>
          </Form>
        </>
      )}
    </div>
  );
}
