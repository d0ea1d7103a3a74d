/**
 * Local stand-ins for the Alibaba Cloud and Tencent Cloud APIs. Each checks the request signature
 * the way its provider's documentation describes, written here from the documents and not from the
 * client's code (sharing it would let one mistake pass on both sides), and answers in the shape of
 * the real API. The published examples in providers.test.ts are run against these checks too.
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ScriptedAnswer {
  status: number;
  body: string;
}

interface FakeServer {
  url: string;
  /** Signed requests that passed, and those that did not, in arrival order. */
  requests: { action: string; params: Record<string, unknown>; headers: Record<string, string>; verified: boolean }[];
  /** Answers to give, after the signature check, instead of the normal one. */
  script: ScriptedAnswer[];
  /** Phone numbers that have hit the provider's per-number limit. */
  limited: Set<string>;
  /** The next n requests get no answer at all. */
  hangNext(n: number): void;
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function serve(
  handle: (req: http.IncomingMessage, body: Buffer, fake: FakeServer) => ScriptedAnswer,
): Promise<FakeServer> {
  let hanging = 0;
  const fake: FakeServer = {
    url: '',
    requests: [],
    script: [],
    limited: new Set(),
    hangNext(n) {
      hanging += n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer(async (req, res) => {
    const body = await readBody(req);
    if (hanging > 0) {
      hanging -= 1;
      return;
    }
    const answer = handle(req, body, fake);
    res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

// ---------------------------------------------------------------------------------------------
// Alibaba Cloud RPC, signature V1 (help.aliyun.com/document_detail/101343, "签名机制").

/** RFC 3986: only A–Z a–z 0–9 - _ . ~ stay; every other UTF-8 byte becomes %XY in upper case. */
function aliyunEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The doc's five steps, from the parameters the server received. */
export function aliyunExpectedSignature(method: string, params: Record<string, string>, secret: string): string {
  const pairs: string[] = [];
  for (const name of Object.keys(params).sort()) {
    if (name !== 'Signature') pairs.push(`${aliyunEncode(name)}=${aliyunEncode(params[name]!)}`);
  }
  const stringToSign = `${method}&${aliyunEncode('/')}&${aliyunEncode(pairs.join('&'))}`;
  return createHmac('sha1', `${secret}&`).update(Buffer.from(stringToSign, 'utf8')).digest('base64');
}

function aliyunReply(status: number, body: Record<string, unknown>): ScriptedAnswer {
  return { status, body: JSON.stringify({ RequestId: randomUUID().toUpperCase(), ...body }) };
}

export async function startFakeAliyun(secrets: Record<string, string>): Promise<FakeServer> {
  const nonces = new Set<string>();
  let serial = 0;
  return serve((req, raw, fake) => {
    const source =
      req.method === 'POST' ? raw.toString('utf8') : new URL(req.url ?? '/', 'http://x').searchParams.toString();
    const params: Record<string, string> = {};
    for (const [key, value] of new URLSearchParams(source)) params[key] = value;
    const record = { action: params.Action ?? '', params, headers: {}, verified: false };
    fake.requests.push(record);

    for (const name of ['AccessKeyId', 'Action', 'Signature', 'SignatureNonce', 'Timestamp', 'Version']) {
      if (!params[name]) return aliyunReply(400, { Code: 'MissingParameter', Message: `${name} is mandatory` });
    }
    if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0') {
      return aliyunReply(400, { Code: 'IncompleteSignature', Message: 'signature method or version' });
    }
    const secret = secrets[params.AccessKeyId!];
    if (secret === undefined) {
      return aliyunReply(404, { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' });
    }
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(params.Timestamp!)) {
      return aliyunReply(400, { Code: 'InvalidTimeStamp.Format', Message: 'Specified time stamp is not valid.' });
    }
    const expected = aliyunExpectedSignature(req.method ?? 'GET', params, secret);
    if (!sameText(expected, params.Signature!)) {
      return aliyunReply(400, {
        Code: 'SignatureDoesNotMatch',
        Message: 'Specified signature is not matched with our calculation.',
      });
    }
    if (nonces.has(params.SignatureNonce!)) {
      return aliyunReply(400, { Code: 'SignatureNonceUsed', Message: 'Specified signature nonce was used already.' });
    }
    nonces.add(params.SignatureNonce!);
    record.verified = true;

    const scripted = fake.script.shift();
    if (scripted) return scripted;

    if (params.Version !== '2017-05-25') return aliyunReply(400, { Code: 'InvalidVersion', Message: 'version' });
    if (params.Action === 'SendSms') {
      if (!params.SignName || !params.TemplateCode) {
        return aliyunReply(200, { Code: 'isv.INVALID_PARAMETERS', Message: 'SignName and TemplateCode' });
      }
      if (!/^1\d{10}$/.test(params.PhoneNumbers ?? '')) {
        return aliyunReply(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: 'invalid mobile number' });
      }
      if (params.TemplateParam !== undefined && !isJsonOfStrings(params.TemplateParam)) {
        return aliyunReply(200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' });
      }
      if (fake.limited.has(params.PhoneNumbers!)) {
        return aliyunReply(200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发天级流控Permits:10' });
      }
      serial += 1;
      return aliyunReply(200, { Code: 'OK', Message: 'OK', BizId: `90${serial}^0` });
    }
    if (params.Action === 'SingleCallByTts') {
      if (!params.TtsCode) return aliyunReply(200, { Code: 'isv.INVALID_PARAMETERS', Message: 'TtsCode' });
      if (!/^1\d{10}$/.test(params.CalledNumber ?? '')) {
        return aliyunReply(200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: 'invalid called number' });
      }
      if (params.TtsParam !== undefined && !isJsonOfStrings(params.TtsParam)) {
        return aliyunReply(200, { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' });
      }
      serial += 1;
      return aliyunReply(200, { Code: 'OK', Message: 'OK', CallId: `1160${serial}^1028` });
    }
    return aliyunReply(404, { Code: 'InvalidAction.NotFound', Message: 'Specified api is not found' });
  });
}

function isJsonOfStrings(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Tencent Cloud API 3.0, TC3-HMAC-SHA256 (cloud.tencent.com/document/api/213/30654, "签名方法 v3").

const hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const mac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

/** CanonicalRequest, StringToSign and the signature, from what arrived: headers, raw body, scope. */
export function tc3Expected(input: {
  method: string;
  headers: Record<string, string>;
  signedHeaders: string[];
  body: Buffer | string;
  timestamp: string;
  date: string;
  service: string;
  /** The SecretKey, or the published SecretSigning when the key is masked. */
  key: { secretKey: string } | { secretSigning: Buffer };
}) {
  const canonicalHeaders = input.signedHeaders
    .map((name) => `${name}:${(input.headers[name] ?? '').trim().toLowerCase()}\n`)
    .join('');
  const canonicalRequest = `${input.method}\n/\n\n${canonicalHeaders}\n${input.signedHeaders.join(';')}\n${hex(input.body)}`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${input.date}/${input.service}/tc3_request\n${hex(canonicalRequest)}`;
  const signing =
    'secretSigning' in input.key
      ? input.key.secretSigning
      : mac(mac(mac(`TC3${input.key.secretKey}`, input.date), input.service), 'tc3_request');
  return {
    canonicalRequest,
    stringToSign,
    signature: createHmac('sha256', signing).update(stringToSign).digest('hex'),
  };
}

const TENCENT_ACTIONS: Record<string, { service: string; version: string }> = {
  SendSms: { service: 'sms', version: '2021-01-11' },
  SendTtsVoice: { service: 'vms', version: '2020-09-02' },
};

function tencentReply(body: Record<string, unknown>): ScriptedAnswer {
  return { status: 200, body: JSON.stringify({ Response: { ...body, RequestId: randomUUID() } }) };
}

function tencentError(code: string, message: string): ScriptedAnswer {
  return tencentReply({ Error: { Code: code, Message: message } });
}

export async function startFakeTencent(
  secrets: Record<string, string>,
  apps: { smsSdkAppId: string; voiceSdkAppId: string },
): Promise<FakeServer> {
  let serial = 0;
  return serve((req, raw, fake) => {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
    const action = headers['x-tc-action'] ?? '';
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      // An unreadable body still goes through the signature check, which covers its bytes.
    }
    const record = { action, params: body, headers, verified: false };
    fake.requests.push(record);

    if (req.method !== 'POST') return tencentError('InvalidParameter', 'POST only here');
    const auth =
      /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([a-z]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
        headers.authorization ?? '',
      );
    if (!auth) return tencentError('AuthFailure.InvalidAuthorization', 'Authorization header is not TC3');
    const [, secretId, date, service, signedList, signature] = auth as unknown as string[];
    const signedHeaders = signedList!.split(';');
    if (!signedHeaders.includes('content-type') || !signedHeaders.includes('host')) {
      return tencentError('AuthFailure.InvalidAuthorization', 'content-type and host must be signed');
    }
    const timestamp = headers['x-tc-timestamp'] ?? '';
    if (!/^\d+$/.test(timestamp)) return tencentError('MissingParameter', 'X-TC-Timestamp');
    if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) {
      return tencentError('AuthFailure.SignatureFailure', 'credential date is not the UTC date of the timestamp');
    }
    const expectedAction = TENCENT_ACTIONS[action];
    if (!expectedAction) return tencentError('InvalidAction', `no action ${action}`);
    if (service !== expectedAction.service) {
      return tencentError('AuthFailure.SignatureFailure', `service ${service} does not serve ${action}`);
    }
    if (headers['x-tc-version'] !== expectedAction.version) return tencentError('NoSuchVersion', 'version');
    if (!headers['x-tc-region']) return tencentError('MissingParameter', 'X-TC-Region');
    const secretKey = secrets[secretId!];
    if (secretKey === undefined) return tencentError('AuthFailure.SecretIdNotFound', 'The SecretId is not found');
    const expected = tc3Expected({
      method: 'POST',
      headers,
      signedHeaders,
      body: raw,
      timestamp,
      date: date!,
      service: service!,
      key: { secretKey },
    });
    if (!sameText(expected.signature, signature!)) {
      return tencentError(
        'AuthFailure.SignatureFailure',
        'The provided credentials could not be validated. Please check your signature is correct.',
      );
    }
    record.verified = true;

    const scripted = fake.script.shift();
    if (scripted) return scripted;

    if (action === 'SendSms') {
      if (body.SmsSdkAppId !== apps.smsSdkAppId) {
        return tencentError('InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId not exist');
      }
      if (typeof body.SignName !== 'string' || typeof body.TemplateId !== 'string') {
        return tencentError('MissingParameter', 'SignName, TemplateId');
      }
      const numbers = Array.isArray(body.PhoneNumberSet) ? (body.PhoneNumberSet as unknown[]) : [];
      if (numbers.length === 0) return tencentError('MissingParameter', 'PhoneNumberSet');
      return tencentReply({
        SendStatusSet: numbers.map((number) => {
          const phone = String(number);
          if (!/^\+861\d{10}$/.test(phone)) {
            return {
              SerialNo: '',
              PhoneNumber: phone,
              Fee: 0,
              Code: 'InvalidParameterValue.IncorrectPhoneNumber',
              Message: 'phone number format error',
            };
          }
          if (fake.limited.has(phone)) {
            return {
              SerialNo: '',
              PhoneNumber: phone,
              Fee: 0,
              Code: 'LimitExceeded.PhoneNumberDailyLimit',
              Message: 'daily limit',
            };
          }
          serial += 1;
          return {
            SerialNo: `2640:${serial}`,
            PhoneNumber: phone,
            Fee: 1,
            Code: 'Ok',
            Message: 'send success',
            IsoCode: 'CN',
          };
        }),
      });
    }
    if (body.VoiceSdkAppid !== apps.voiceSdkAppId) {
      return tencentError('InvalidParameterValue.SdkAppIdNotExist', 'VoiceSdkAppid not exist');
    }
    if (typeof body.TemplateId !== 'string' || !Array.isArray(body.TemplateParamSet)) {
      return tencentError('MissingParameter', 'TemplateId, TemplateParamSet');
    }
    if (!/^\+861\d{10}$/.test(String(body.CalledNumber))) {
      return tencentError('InvalidParameterValue.IncorrectPhoneNumber', 'called number format error');
    }
    serial += 1;
    return tencentReply({ SendStatus: { CallId: `12582bce-${serial}`, SessionContext: '' } });
  });
}
