import { createHash, createHmac } from 'node:crypto';
import { outcomeOfStatus, postForJson } from './http.ts';
import { e164 } from './phone.ts';
import type { MessageProvider, OutgoingMessage, SendOutcome } from './types.ts';

/*
 * Tencent Cloud SMS (sms SendSms, 2021-01-11) and voice (vms SendTtsVoice, 2020-09-02) over API 3.0,
 * signed with TC3-HMAC-SHA256 as described in "签名方法 v3 / Signature v3":
 * https://cloud.tencent.com/document/api/213/30654 (English: "Signature v3" in each product's API docs,
 * e.g. https://www.tencentcloud.com/document/product/267/37447). Signed headers: content-type;host.
 */

export interface TencentOptions {
  secretId: string;
  secretKey: string;
  /** 短信 SdkAppId from the SMS console. */
  smsSdkAppId: string;
  /** 短信签名, the approved SignName. */
  signName: string;
  /** The voice console's SdkAppid; voice messages are refused without it. */
  voiceSdkAppId?: string;
  /** Default ap-guangzhou. */
  region?: string;
  /** Default https://sms.tencentcloudapi.com */
  endpoint?: string;
  /** Default https://vms.tencentcloudapi.com */
  voiceEndpoint?: string;
  /** Default 10 000. */
  timeoutMs?: number;
  now?: () => Date;
}

export const TC3_CONTENT_TYPE = 'application/json; charset=utf-8';

const sha256Hex = (data: string) => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

export interface Tc3Request {
  /** Header name → value; every one of them is signed (content-type and host at least). */
  headers: Record<string, string>;
  payload: string;
  /** Unix seconds, the X-TC-Timestamp. */
  timestamp: number;
  /** The product, e.g. 'sms', 'vms', 'cvm'. */
  service: string;
}

/** Step 1: the canonical request of a POST with an empty query string. */
export function tc3CanonicalRequest(request: Tc3Request): { canonicalRequest: string; signedHeaders: string } {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => [name.trim().toLowerCase(), value.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonicalHeaders = headers.map(([name, value]) => `${name}:${value}\n`).join('');
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(request.payload)].join('\n');
  return { canonicalRequest, signedHeaders };
}

/** The credential date is the UTC date of the timestamp, never local time (the doc's warning). */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/** Step 2. */
export function tc3StringToSign(timestamp: number, service: string, canonicalRequest: string): string {
  return [
    'TC3-HMAC-SHA256',
    String(timestamp),
    `${tc3Date(timestamp)}/${service}/tc3_request`,
    sha256Hex(canonicalRequest),
  ].join('\n');
}

/** Step 3a: SecretDate → SecretService → SecretSigning. */
export function tc3SigningKey(secretKey: string, date: string, service: string): Buffer {
  return hmac(hmac(hmac(`TC3${secretKey}`, date), service), 'tc3_request');
}

/** Step 3b. */
export function tc3Signature(signingKey: Buffer, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}

/** Steps 1–4: the Authorization header. */
export function tc3Authorization(secretId: string, secretKey: string, request: Tc3Request): string {
  const { canonicalRequest, signedHeaders } = tc3CanonicalRequest(request);
  const date = tc3Date(request.timestamp);
  const stringToSign = tc3StringToSign(request.timestamp, request.service, canonicalRequest);
  const signature = tc3Signature(tc3SigningKey(secretKey, date, request.service), stringToSign);
  return `TC3-HMAC-SHA256 Credential=${secretId}/${date}/${request.service}/tc3_request, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}

// Internal errors that are really a client mistake (a wrong clock, a malformed call) do not heal on retry.
const FINAL_INTERNAL = new Set([
  'InternalError.RequestTimeException',
  'InternalError.SigFieldMissing',
  'InternalError.SigVerificationFail',
  'InternalError.RestApiInterfaceNotExist',
]);

/**
 * RequestLimitExceeded* is the API's own rate limit and passes; LimitExceeded.* (per number per
 * day/hour/30 s, the account's quota) is the business saying no, and so is everything unknown.
 */
export function classifyTencentCode(code: string): 'retryable' | 'refused' {
  if (code === 'RequestLimitExceeded' || code.startsWith('RequestLimitExceeded.')) return 'retryable';
  if ((code === 'InternalError' || code.startsWith('InternalError.')) && !FINAL_INTERNAL.has(code)) return 'retryable';
  return 'refused';
}

/** Tencent's templates are positional ({1}, {2}, …): numeric keys go in number order, others as inserted. */
export function templateParamSet(params: Record<string, string>): string[] {
  const keys = Object.keys(params);
  if (keys.every((key) => /^\d+$/.test(key))) keys.sort((a, b) => Number(a) - Number(b));
  return keys.map((key) => params[key]!);
}

interface TencentAnswer {
  Response?: {
    Error?: { Code?: unknown; Message?: unknown };
    RequestId?: unknown;
    SendStatusSet?: { Code?: unknown; Message?: unknown; SerialNo?: unknown }[];
    SendStatus?: { CallId?: unknown };
  };
}

export function createTencentProvider(options: TencentOptions): MessageProvider {
  const endpoint = (options.endpoint ?? 'https://sms.tencentcloudapi.com').replace(/\/+$/, '');
  const voiceEndpoint = (options.voiceEndpoint ?? 'https://vms.tencentcloudapi.com').replace(/\/+$/, '');
  const region = options.region ?? 'ap-guangzhou';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? (() => new Date());

  function call(message: OutgoingMessage) {
    const phone = e164(message.phone);
    const params = templateParamSet(message.params);
    if (message.channel === 'sms') {
      return {
        url: endpoint,
        service: 'sms',
        action: 'SendSms',
        version: '2021-01-11',
        body: {
          PhoneNumberSet: [phone],
          SmsSdkAppId: options.smsSdkAppId,
          SignName: options.signName,
          TemplateId: message.template,
          TemplateParamSet: params,
        },
      };
    }
    return {
      url: voiceEndpoint,
      service: 'vms',
      action: 'SendTtsVoice',
      version: '2020-09-02',
      body: {
        TemplateId: message.template,
        TemplateParamSet: params,
        CalledNumber: phone,
        VoiceSdkAppid: options.voiceSdkAppId,
      },
    };
  }

  return {
    name: 'tencent',
    async send(message) {
      if (message.channel === 'voice' && !options.voiceSdkAppId) {
        return { status: 'refused', code: 'VOICE_NOT_CONFIGURED', detail: 'no Tencent voiceSdkAppId is set' };
      }
      const { url, service, action, version, body } = call(message);
      const payload = JSON.stringify(body);
      const timestamp = Math.floor(now().getTime() / 1000);
      // fetch sends the URL's host as Host; that (a test double's too) is what gets signed.
      const signed = { 'content-type': TC3_CONTENT_TYPE, host: new URL(url).host };
      const authorization = tc3Authorization(options.secretId, options.secretKey, {
        headers: signed,
        payload,
        timestamp,
        service,
      });
      const reply = await postForJson(`${url}/`, {
        headers: {
          'content-type': TC3_CONTENT_TYPE,
          authorization,
          'x-tc-action': action,
          'x-tc-timestamp': String(timestamp),
          'x-tc-version': version,
          'x-tc-region': region,
        },
        body: payload,
        timeoutMs,
      });
      if (!reply.ok) return reply.outcome;
      return readAnswer(reply.status, reply.body as TencentAnswer | null, reply.text, message.channel);
    },
  };
}

function readAnswer(status: number, answer: TencentAnswer | null, text: string, channel: 'sms' | 'voice'): SendOutcome {
  const response = answer?.Response;
  if (status !== 200 || !response) {
    if (status === 200) {
      return { status: 'retryable', code: 'INVALID_RESPONSE', detail: `unreadable answer: ${text.slice(0, 200)}` };
    }
    return outcomeOfStatus(status, text);
  }
  const requestId = typeof response.RequestId === 'string' ? ` (RequestId ${response.RequestId})` : '';
  if (response.Error) {
    const code = typeof response.Error.Code === 'string' ? response.Error.Code : 'UnknownError';
    const detail = `${typeof response.Error.Message === 'string' ? response.Error.Message : code}${requestId}`;
    return { status: classifyTencentCode(code), code, detail };
  }
  if (channel === 'voice') {
    const callId = response.SendStatus?.CallId;
    return { status: 'sent', providerMessageId: typeof callId === 'string' && callId ? callId : null };
  }
  // SendSms answers per number; we send to one, so its status is the outcome.
  const first = response.SendStatusSet?.[0];
  const code = typeof first?.Code === 'string' ? first.Code : null;
  if (code === null) return { status: 'retryable', code: 'INVALID_RESPONSE', detail: `no SendStatusSet${requestId}` };
  if (code === 'Ok') {
    return {
      status: 'sent',
      providerMessageId: typeof first?.SerialNo === 'string' && first.SerialNo ? first.SerialNo : null,
    };
  }
  const detail = `${typeof first?.Message === 'string' ? first.Message : code}${requestId}`;
  return { status: classifyTencentCode(code), code, detail };
}
