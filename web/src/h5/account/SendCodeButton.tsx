import { Button, Toast } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api.ts';
import { type CodePurpose, phoneAccountCalls } from '../../shared/query/phone-account.ts';

/** The server sends a second code to a phone no sooner than this; a refusal that says no wait uses it too. */
const RESEND_SECONDS = 60;

/** A mainland mobile number as typed (spaces, dashes, +86 allowed), or null. */
export function mobileOf(raw: string | undefined): string | null {
  const compact = (raw ?? '').replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(compact) ? compact : null;
}

/** Seconds until a code may be asked for again, counting down each second. */
function useCountdown(): [number, (seconds: number) => void] {
  const [until, setUntil] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [until]);
  const left = Math.max(0, Math.ceil((until - now) / 1_000));
  const start = (seconds: number) => {
    const at = Date.now();
    setNow(at);
    setUntil(at + seconds * 1_000);
  };
  return [left, start];
}

/**
 * 获取验证码: sends a code to the phone `phone()` gives (null when the field is not a valid
 * number, which it shows itself), then counts down to when another may be asked for — after the
 * server's answer, or after a refusal for asking too soon (429). Failures go to `onFailure`.
 */
export function SendCodeButton({
  purpose,
  phone,
  onSent,
  onFailure,
}: {
  purpose: CodePurpose;
  phone: () => Promise<string | null>;
  onSent?: () => void;
  onFailure: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [left, startCountdown] = useCountdown();
  const [sending, setSending] = useState(false);

  const send = async () => {
    const to = await phone();
    if (!to) return;
    setSending(true);
    try {
      const sent = await phoneAccountCalls.requestCode(to, purpose);
      startCountdown(sent.resendAfterSeconds);
      Toast.show({ icon: 'success', content: t('phoneAccount.login.codeSent') });
      onSent?.();
    } catch (error) {
      // Too soon (or too many this hour): the button waits as long as the server says, the message says why.
      if (error instanceof ApiError && error.status === 429) startCountdown(error.retryAfterSeconds ?? RESEND_SECONDS);
      onFailure(error);
    } finally {
      setSending(false);
    }
  };

  return (
    <Button
      size="small"
      color="primary"
      fill="none"
      className="h5-code-button"
      disabled={left > 0}
      loading={sending}
      onClick={send}
      data-testid="send-code"
    >
      {left > 0 ? t('phoneAccount.login.resendIn', { seconds: left }) : t('phoneAccount.login.getCode')}
    </Button>
  );
}
