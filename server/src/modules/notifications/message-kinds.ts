/**
 * What SMS and voice messages say, per kind, in Chinese: the text a provider's template must be
 * approved with (MESSAGES_TEMPLATES names the approved template per kind), and what the log
 * provider shows. Parameters in the order the template uses them (Tencent's are positional).
 * No message carries personal data beyond what it must say: a place, never a name or a number.
 * A kind whose parameters are secret (a code, a password) has them dropped once the message is done
 * with; the others keep them on a failed message, so an administrator can send it again.
 */
export const MESSAGE_KINDS = {
  verify_code: {
    label: '验证码',
    secret: true,
    text: '您的验证码为{code}，{minutes}分钟内有效。如非本人操作，请忽略本短信。',
    params: ['code', 'minutes'],
    channels: ['sms'],
  },
  password_reset: {
    label: '临时密码',
    secret: true,
    text: '您的共治账号已重置，临时密码为{password}，登录后须立即修改。如非本人申请，请联系社区。',
    params: ['password'],
    channels: ['sms'],
  },
  help_call: {
    label: '求助呼叫',
    secret: false,
    text: '一键求助：{place}附近有人求助，请尽快联系处置。',
    params: ['place'],
    channels: ['sms'],
  },
  alarm_call: {
    label: '紧急告警',
    secret: false,
    text: '紧急告警：{place}{alarm}，请立即前往处置，并在共治中确认接警。',
    params: ['place', 'alarm'],
    channels: ['sms', 'voice'],
  },
  notice: {
    label: '通知公告',
    secret: false,
    text: '【{sender}】{headline}。如有疑问请联系社区或网格员，回复或来电即视为已知晓。',
    params: ['sender', 'headline'],
    channels: ['sms', 'voice'],
  },
} as const;

export type MessageKind = keyof typeof MESSAGE_KINDS;

/** The message as the person reads or hears it. */
export function renderMessage(kind: MessageKind, params: Record<string, string>): string {
  return MESSAGE_KINDS[kind].text.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
}

/** The parameters in the template's order, missing ones as empty text. */
export function orderedParams(kind: MessageKind, params: Record<string, string>): Record<string, string> {
  return Object.fromEntries(MESSAGE_KINDS[kind].params.map((name) => [name, params[name] ?? '']));
}
