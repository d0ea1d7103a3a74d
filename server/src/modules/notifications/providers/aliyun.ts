import { createHmac, randomUUID } from 'node:crypto';
import { outcomeOfStatus, postForJson } from './http.ts';
import { nationalNumber } from './phone.ts';
import type { MessageProvider, OutgoingMessage, SendOutcome } from './types.ts';

/*
 * Alibaba Cloud SMS (dysmsapi SendSms) and voice (dyvmsapi SingleCallByTts), API version 2017-05-25,
 * signed with the RPC signature V1 (HMAC-SHA1, SignatureVersion 1.0) as described in
 * "签名机制 / Signature method" for SMS: https://www.alibabacloud.com/help/en/sms/signature-method
 * (help.aliyun.com/document_detail/101343) and the RPC "Signature mechanism" page
 * (help.aliyun.com/en/document_detail/145075). V1 rather than ACS3-HMAC-SHA256 because the SMS and
 * voice docs publish worked V1 examples for these very actions, which the tests reproduce.
 */

export interface AliyunOptions {
  accessKeyId: string;
  accessKeySecret: string;
  /** 短信签名, the approved SignName. */
  signName: string;
  /** Default https://dysmsapi.aliyuncs.com */
  endpoint?: string;
  /** Default https://dyvmsapi.aliyuncs.com */
  voiceEndpoint?: string;
  /** The number a call shows; optional for SingleCallByTts (the platform's public number otherwise). */
  calledShowNumber?: string;
  /** Default 10 000. */
  timeoutMs?: number;
  now?: () => Date;
  nonce?: () => string;
}

const VERSION = '2017-05-25';

/** RFC 3986 encoding as the doc asks (space %20, '*' %2A, '~' kept), which encodeURIComponent is not. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Sorted, encoded key=value pairs joined by '&' (the doc's CanonicalizedQueryString). */
export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join('&');
}

/** StringToSign = METHOD & percentEncode('/') & percentEncode(canonical query); key = secret + '&'. */
export function rpcSignature(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/** ISO 8601 in UTC without milliseconds, the form the API accepts. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// Codes that mean the API itself was busy or broke, so the same request may pass later. Anything
// else (isv.* business refusals, including per-number isv.BUSINESS_LIMIT_CONTROL, and credential
// or signature errors) is final.
const RETRYABLE = new Set([
  'isp.SYSTEM_ERROR',
  'isp.GATEWAY_ERROR',
  'ServiceUnavailable',
  'InternalError',
  'UnknownError',
]);

export function classifyAliyunCode(code: string): 'retryable' | 'refused' {
  if (RETRYABLE.has(code) || code === 'Throttling' || code.startsWith('Throttling.')) return 'retryable';
  if (code.startsWith('ServiceUnavailable') || code.startsWith('InternalError')) return 'retryable';
  return 'refused';
}

interface AliyunAnswer {
  Code?: unknown;
  Message?: unknown;
  BizId?: unknown;
  CallId?: unknown;
  RequestId?: unknown;
}

export function createAliyunProvider(options: AliyunOptions): MessageProvider {
  const endpoint = (options.endpoint ?? 'https://dysmsapi.aliyuncs.com').replace(/\/+$/, '');
  const voiceEndpoint = (options.voiceEndpoint ?? 'https://dyvmsapi.aliyuncs.com').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  const nonce = options.nonce ?? randomUUID;

  function actionParams(message: OutgoingMessage): Record<string, string> {
    const hasParams = Object.keys(message.params).length > 0;
    const phone = nationalNumber(message.phone);
    if (message.channel === 'sms') {
      return {
        Action: 'SendSms',
        PhoneNumbers: phone,
        SignName: options.signName,
        TemplateCode: message.template,
        ...(hasParams ? { TemplateParam: JSON.stringify(message.params) } : {}),
      };
    }
    return {
      Action: 'SingleCallByTts',
      CalledNumber: phone,
      TtsCode: message.template,
      ...(hasParams ? { TtsParam: JSON.stringify(message.params) } : {}),
      ...(options.calledShowNumber ? { CalledShowNumber: options.calledShowNumber } : {}),
    };
  }

  return {
    name: 'aliyun',
    async send(message) {
      // Nonce and timestamp are fresh per attempt: the API refuses a nonce it has seen.
      const params: Record<string, string> = {
        ...actionParams(message),
        AccessKeyId: options.accessKeyId,
        Format: 'JSON',
        RegionId: 'cn-hangzhou',
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: nonce(),
        SignatureVersion: '1.0',
        Timestamp: timestamp(now()),
        Version: VERSION,
      };
      params.Signature = rpcSignature('POST', params, options.accessKeySecret);
      // POST form body rather than GET, so numbers and template values stay out of URLs and access logs.
      const body = Object.entries(params)
        .map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`)
        .join('&');
      const reply = await postForJson(`${message.channel === 'sms' ? endpoint : voiceEndpoint}/`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
        body,
        timeoutMs,
      });
      if (!reply.ok) return reply.outcome;
      return readAnswer(reply.status, reply.body as AliyunAnswer | null, reply.text);
    },
  };
}

function readAnswer(status: number, answer: AliyunAnswer | null, text: string): SendOutcome {
  const code = typeof answer?.Code === 'string' ? answer.Code : null;
  if (status >= 500) {
    return { status: 'retryable', code: code ?? `HTTP_${status}`, detail: describe(answer, text, status) };
  }
  if (code === null) return status === 200 ? invalidAnswer(text) : outcomeOfStatus(status, text);
  if (code === 'OK' && status === 200) {
    const id = answer?.BizId ?? answer?.CallId;
    return { status: 'sent', providerMessageId: typeof id === 'string' && id ? id : null };
  }
  return { status: classifyAliyunCode(code), code, detail: describe(answer, text, status) };
}

function describe(answer: AliyunAnswer | null, text: string, status: number): string {
  const message = typeof answer?.Message === 'string' ? answer.Message : text.slice(0, 200);
  const requestId = typeof answer?.RequestId === 'string' ? ` (RequestId ${answer.RequestId})` : '';
  return `HTTP ${status}: ${message}${requestId}`;
}

/** A 200 we cannot read: the message may or may not have gone, and another try is the lesser harm. */
function invalidAnswer(text: string): SendOutcome {
  return { status: 'retryable', code: 'INVALID_RESPONSE', detail: `unreadable answer: ${text.slice(0, 200)}` };
}
