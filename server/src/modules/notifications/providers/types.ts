/** How a message reaches a person: a text, or a call that reads a template aloud. */
export type Channel = 'sms' | 'voice';

export interface OutgoingMessage {
  channel: Channel;
  /** Mainland mobile number, with or without +86. */
  phone: string;
  /** The provider's approved template id (Aliyun TemplateCode / TtsCode, Tencent TemplateId). */
  template: string;
  /** Template variables. Tencent's templates are positional: name them '1', '2', … (or insert them in order). */
  params: Record<string, string>;
}

/**
 * 'refused': the provider said no for a reason a retry will not change (credentials, number,
 * template, a per-number business limit). 'retryable': the request may succeed if sent again
 * (network, timeout, 5xx, the API's own throttling, internal errors).
 */
export type SendOutcome =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'refused'; code: string; detail: string }
  | { status: 'retryable'; code: string; detail: string };

export interface MessageProvider {
  readonly name: 'log' | 'aliyun' | 'tencent';
  /** Never throws: every failure comes back as an outcome. */
  send(message: OutgoingMessage): Promise<SendOutcome>;
}
