import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, CheckList, Form, Input, Result, SearchBar, SpinLoading } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { type CommunityChoice, phoneAccountCalls, phoneAccountQueries } from '../../shared/query/phone-account.ts';
import { useSession } from '../../shared/session.tsx';
import { CodeField } from './CodeField.tsx';
import { mobileOf } from './SendCodeButton.tsx';
import './account.css';

interface CodeForm {
  phone: string;
  code: string;
}

type Step =
  | { kind: 'code' }
  /** A new number: the code is kept while the person chooses where they live. */
  | { kind: 'community'; phone: string; code: string }
  | { kind: 'welcome'; community: string };

/**
 * 验证码登录: a phone and the code sent to it. A number without an account signs up — the server
 * asks where they live (400 on body.communityId), the person chooses their community and the
 * same code is sent again — and is told that 实名认证 can follow under 我的. Signed in, the
 * session is read again and the sign-in page moves on to where the person was going.
 */
export function PhoneLogin() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [form] = Form.useForm<CodeForm>();
  const [step, setStep] = useState<Step>({ kind: 'code' });
  const [failure, setFailure] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [params] = useSearchParams();
  const joining = params.get('next')?.startsWith('/join') ?? false;

  /** Shows the server's complaints under the fields they name; anything else above the form. */
  const showFailure = (error: unknown) => {
    const fields = error instanceof ApiError ? error.fieldErrors() : new Map<string, string[]>();
    const own = [...fields].filter(([name]) => name === 'phone' || name === 'code');
    if (own.length > 0) form.setFields(own.map(([name, errors]) => ({ name: name as keyof CodeForm, errors })));
    else setFailure(errorMessage(error));
  };

  const signIn = async (body: { phone: string; code: string; communityId?: number }, community?: string) => {
    setSubmitting(true);
    setFailure(null);
    try {
      const me = await phoneAccountCalls.signIn(body);
      if (me.created) setStep({ kind: 'welcome', community: community ?? '' });
      else refresh(); // the sign-in page sees the session and moves on
    } catch (error) {
      const fields = error instanceof ApiError && error.status === 400 ? error.fieldErrors() : null;
      if (fields?.has('communityId') && body.communityId === undefined) {
        setStep({ kind: 'community', phone: body.phone, code: body.code });
      } else {
        if (fields?.has('code') || fields?.has('phone')) setStep({ kind: 'code' });
        showFailure(error);
      }
    } finally {
      setSubmitting(false);
    }
  };

  if (step.kind === 'welcome')
    return (
      <div className="h5-signup-welcome" data-testid="signup-welcome">
        <Result
          status="success"
          title={t('phoneAccount.welcome.title')}
          description={t('phoneAccount.welcome.body', { community: step.community })}
        />
        <div className="h5-signup-actions">
          {/* Signed up on the way to an invitation's link (/join?code=…): on to it, the code is the binding. */}
          {joining ? (
            <Button block color="primary" size="large" onClick={refresh} data-testid="continue-join">
              {t('invitations.join.continue')}
            </Button>
          ) : (
            <Button
              block
              color="primary"
              size="large"
              onClick={() => {
                navigate('/me/verify', { replace: true });
                refresh();
              }}
            >
              {t('phoneAccount.welcome.verifyNow')}
            </Button>
          )}
          {!joining && (
            <Button block fill="none" onClick={refresh}>
              {t('phoneAccount.welcome.later')}
            </Button>
          )}
        </div>
      </div>
    );

  return (
    <>
      {failure && (
        <div className="h5-login-error" role="alert">
          {failure}
        </div>
      )}
      {step.kind === 'community' && (
        <CommunityStep
          submitting={submitting}
          onBack={() => {
            setFailure(null);
            setStep({ kind: 'code' });
          }}
          onChoose={(community) =>
            signIn({ phone: step.phone, code: step.code, communityId: community.id }, community.name)
          }
        />
      )}
      {/* Kept while a community is chosen, so that going back finds the number and code. */}
      <div hidden={step.kind !== 'code'}>
        <Form
          form={form}
          layout="vertical"
          requiredMarkStyle="none"
          onFinish={({ phone, code }) => signIn({ phone: mobileOf(phone) ?? phone, code: code.trim() })}
          footer={
            <>
              <Button block type="submit" color="primary" size="large" loading={submitting}>
                {t('phoneAccount.login.submit')}
              </Button>
              <p className="h5-muted h5-signup-hint">{t('phoneAccount.login.newNumberHint')}</p>
            </>
          }
        >
          <Form.Item
            name="phone"
            label={t('phoneAccount.login.phone')}
            rules={[
              {
                validator: (_rule, value: string | undefined) =>
                  mobileOf(value) ? Promise.resolve() : Promise.reject(new Error(t('phoneAccount.login.phoneInvalid'))),
              },
            ]}
          >
            <Input
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              placeholder={t('phoneAccount.login.phonePlaceholder')}
              clearable
            />
          </Form.Item>
          <CodeField form={form} purpose="login" onSent={() => setFailure(null)} onFailure={showFailure} />
        </Form>
      </div>
    </>
  );
}

/** The text typed, once it has stood still a moment. */
function useSettledText(text: string, ms = 300): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text.trim()), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return settled;
}

/** Where a new resident lives: communities by name, one chosen, then the sign-in again. */
function CommunityStep({
  submitting,
  onBack,
  onChoose,
}: {
  submitting: boolean;
  onBack: () => void;
  onChoose: (community: CommunityChoice) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const q = useSettledText(text);
  const [chosen, setChosen] = useState<CommunityChoice | null>(null);
  const found = useQuery({ ...phoneAccountQueries.communities(q), placeholderData: keepPreviousData });
  const items = found.data?.items ?? [];

  return (
    <section className="h5-signup-community" data-testid="community-step">
      <h2>{t('phoneAccount.community.title')}</h2>
      <p className="h5-muted">{t('phoneAccount.community.body')}</p>
      <SearchBar
        placeholder={t('phoneAccount.community.search')}
        value={text}
        onChange={setText}
        aria-label={t('phoneAccount.community.search')}
      />
      <div
        className={found.isPlaceholderData ? 'h5-signup-communities h5-signup-stale' : 'h5-signup-communities'}
        aria-busy={found.isFetching}
      >
        {found.isPending ? (
          <div className="h5-center-small">
            <SpinLoading color="primary" />
          </div>
        ) : found.isError ? (
          <p className="h5-signup-empty">{errorMessage(found.error)}</p>
        ) : items.length === 0 ? (
          <p className="h5-signup-empty">{t('phoneAccount.community.empty')}</p>
        ) : (
          <CheckList
            value={chosen ? [String(chosen.id)] : []}
            onChange={(values) => {
              const id = Number(values[0]);
              setChosen(items.find((c) => c.id === id) ?? null);
            }}
          >
            {items.map((c) => (
              <CheckList.Item key={c.id} value={String(c.id)} description={c.streetName || undefined}>
                {c.name}
              </CheckList.Item>
            ))}
          </CheckList>
        )}
      </div>
      <p className="h5-muted h5-signup-hint">{t('phoneAccount.community.bindLater')}</p>
      <div className="h5-signup-actions">
        <Button
          block
          color="primary"
          size="large"
          disabled={!chosen}
          loading={submitting}
          onClick={() => {
            if (chosen) onChoose(chosen);
          }}
        >
          {t('phoneAccount.community.submit')}
        </Button>
        <Button block fill="none" onClick={onBack}>
          {t('phoneAccount.community.back')}
        </Button>
      </div>
    </section>
  );
}
