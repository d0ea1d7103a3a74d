import { useQuery, useQueryClient } from '@tanstack/react-query';
import { List, Picker, Switch, Toast } from 'antd-mobile';
import { BellMuteOutline, MessageOutline, SoundOutline } from 'antd-mobile-icons';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  type MessagePreferences,
  phoneAccountCalls,
  phoneAccountKeys,
  phoneAccountQueries,
} from '../../shared/query/phone-account.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './account.css';

/** Quiet hours when first switched on: the night. */
const NIGHT = { quietStart: '22:00', quietEnd: '07:00' };

const pad = (n: number) => String(n).padStart(2, '0');
const TIME_COLUMNS = [
  Array.from({ length: 24 }, (_v, h) => ({ label: pad(h), value: pad(h) })),
  Array.from({ length: 60 }, (_v, m) => ({ label: pad(m), value: pad(m) })),
];

/**
 * 消息设置: SMS and voice calls on or off, and quiet hours (both ends or none). Each change is
 * saved at once. Codes and critical alarms come through whatever is chosen, and the screen says so.
 */
export function MessageSettingsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const prefs = useQuery(phoneAccountQueries.preferences());
  const [saving, setSaving] = useState(false);

  const save = async (next: MessagePreferences) => {
    const key = phoneAccountKeys.preferences();
    const before = queryClient.getQueryData<MessagePreferences>(key);
    queryClient.setQueryData(key, next);
    setSaving(true);
    try {
      queryClient.setQueryData(key, await phoneAccountCalls.setPreferences(next));
      Toast.show({ icon: 'success', content: t('phoneAccount.messages.saved') });
    } catch (error) {
      queryClient.setQueryData(key, before);
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setSaving(false);
    }
  };

  let content: ReactNode;
  if (prefs.error && !prefs.data) content = <LoadFailed error={prefs.error} onRetry={() => void prefs.refetch()} />;
  else if (!prefs.data) content = <ListSkeleton lines={5} />;
  else {
    const p = prefs.data;
    const quiet = p.quietStart !== null && p.quietEnd !== null;
    content = (
      <>
        <List header={t('phoneAccount.messages.channels')} className="h5-list">
          <List.Item
            prefix={<MessageOutline />}
            description={t('phoneAccount.messages.smsHint')}
            extra={
              <Switch
                checked={p.sms}
                disabled={saving}
                onChange={(sms) => save({ ...p, sms })}
                aria-label={t('phoneAccount.messages.sms')}
                data-testid="sms-switch"
              />
            }
          >
            {t('phoneAccount.messages.sms')}
          </List.Item>
          <List.Item
            prefix={<SoundOutline />}
            description={t('phoneAccount.messages.voiceHint')}
            extra={
              <Switch
                checked={p.voice}
                disabled={saving}
                onChange={(voice) => save({ ...p, voice })}
                aria-label={t('phoneAccount.messages.voice')}
                data-testid="voice-switch"
              />
            }
          >
            {t('phoneAccount.messages.voice')}
          </List.Item>
        </List>

        <List header={t('phoneAccount.messages.quiet')} className="h5-list">
          <List.Item
            prefix={<BellMuteOutline />}
            description={t('phoneAccount.messages.quietHint')}
            extra={
              <Switch
                checked={quiet}
                disabled={saving}
                onChange={(on) => save({ ...p, ...(on ? NIGHT : { quietStart: null, quietEnd: null }) })}
                aria-label={t('phoneAccount.messages.quietSwitch')}
                data-testid="quiet-switch"
              />
            }
          >
            {t('phoneAccount.messages.quietSwitch')}
          </List.Item>
          {quiet && (
            <>
              <TimeItem
                label={t('phoneAccount.messages.quietStart')}
                value={p.quietStart!}
                disabled={saving}
                onChange={(quietStart) => save({ ...p, quietStart })}
              />
              <TimeItem
                label={t('phoneAccount.messages.quietEnd')}
                value={p.quietEnd!}
                shown={
                  p.quietEnd! <= p.quietStart!
                    ? t('phoneAccount.messages.nextDay', { time: p.quietEnd })
                    : (p.quietEnd ?? '')
                }
                disabled={saving}
                onChange={(quietEnd) => save({ ...p, quietEnd })}
              />
            </>
          )}
        </List>
      </>
    );
  }

  return (
    <div className="h5-page h5-standalone" data-testid="message-settings-page">
      <PageNavBar title={t('phoneAccount.messages.title')} onBack={() => navigate('/me')} />
      {content}
      <p className="h5-account-note" data-testid="urgent-note">
        {t('phoneAccount.messages.urgent')}
      </p>
    </div>
  );
}

/** One end of the quiet hours, chosen on an hour and minute wheel. */
function TimeItem({
  label,
  value,
  shown = value,
  disabled,
  onChange,
}: {
  label: string;
  value: string;
  shown?: string;
  disabled: boolean;
  onChange: (time: string) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <List.Item extra={shown} onClick={disabled ? undefined : () => setOpen(true)} disabled={disabled}>
        {label}
      </List.Item>
      <Picker
        columns={TIME_COLUMNS}
        value={value.split(':')}
        visible={open}
        title={label}
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onClose={() => setOpen(false)}
        onConfirm={(parts) => {
          const time = `${parts[0] ?? '00'}:${parts[1] ?? '00'}`;
          if (time !== value) onChange(time);
        }}
      />
    </>
  );
}
