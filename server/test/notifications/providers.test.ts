import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { createAliyunProvider, percentEncode, rpcSignature } from '../../src/modules/notifications/providers/aliyun.ts';
import { createProvider, isLogProvider } from '../../src/modules/notifications/providers/index.ts';
import { createLogProvider } from '../../src/modules/notifications/providers/log.ts';
import { sendWithRetry } from '../../src/modules/notifications/providers/retry.ts';
import {
  createTencentProvider,
  TC3_CONTENT_TYPE,
  tc3Authorization,
  tc3CanonicalRequest,
  tc3Signature,
  tc3StringToSign,
  templateParamSet,
} from '../../src/modules/notifications/providers/tencent.ts';
import type { MessageProvider, OutgoingMessage, SendOutcome } from '../../src/modules/notifications/providers/types.ts';
import { aliyunExpectedSignature, startFakeAliyun, startFakeTencent, tc3Expected } from './fake-providers.ts';

const CLOCK = new Date('2026-03-01T16:30:05.123Z');
const sms = (phone: string, params: Record<string, string> = { code: '4821' }): OutgoingMessage => ({
  channel: 'sms',
  phone,
  template: 'SMS_0001',
  params,
});

/** Retries with every wait recorded and none taken. */
function instantRetry(attempts = 3) {
  const waits: number[] = [];
  return {
    waits,
    options: { attempts, baseDelayMs: 100, sleep: async (ms: number) => void waits.push(ms), random: () => 0.5 },
  };
}

describe('published signature examples', () => {
  // 短信服务 "HTTP协议及签名" example (help.aliyun.com/document_detail/56189, later 101343): GET, testId / testSecret.
  const smsExample = {
    AccessKeyId: 'testId',
    Action: 'SendSms',
    Format: 'XML',
    OutId: '123',
    PhoneNumbers: '15300000001',
    RegionId: 'cn-hangzhou',
    SignName: '阿里云短信测试专用',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
    SignatureVersion: '1.0',
    TemplateCode: 'SMS_71390007',
    TemplateParam: '{"customer":"test"}',
    Timestamp: '2017-07-12T02:42:19Z',
    Version: '2017-05-25',
  };
  // 语音服务 "HTTP协议及签名" example for SingleCallByTts (same document family, testId / testSecret).
  const voiceExample = {
    AccessKeyId: 'testId',
    Action: 'SingleCallByTts',
    CalledNumber: '13000000000',
    CalledShowNumber: '057112345678',
    Format: 'XML',
    OutId: '123',
    RegionId: 'cn-hangzhou',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: 'f7d2d4ef-6d5f-4da4-86ed-88e001a66abb',
    SignatureVersion: '1.0',
    Timestamp: '2017-09-28T14:31:56Z',
    TtsCode: 'TTS_0000000',
    TtsParam: '{"code":"1234","product":"test"}',
    Version: '2017-05-25',
  };
  // RPC "Signature mechanism" example (ECS DescribeRegions, testid / testsecret).
  const rpcExample = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  };

  test('Aliyun SendSms example: zJDF+Lrzhj/ThnlvIToysFRq6t4=', () => {
    assert.equal(rpcSignature('GET', smsExample, 'testSecret'), 'zJDF+Lrzhj/ThnlvIToysFRq6t4=');
    assert.equal(aliyunExpectedSignature('GET', smsExample, 'testSecret'), 'zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  test('Aliyun SingleCallByTts example: aMfgrx8DLS7vLfpeR1c2rrKLr0Q=', () => {
    assert.equal(rpcSignature('GET', voiceExample, 'testSecret'), 'aMfgrx8DLS7vLfpeR1c2rrKLr0Q=');
    assert.equal(aliyunExpectedSignature('GET', voiceExample, 'testSecret'), 'aMfgrx8DLS7vLfpeR1c2rrKLr0Q=');
  });

  test("Aliyun percent-encoding: RFC 3986, space %20, '*' %2A, '~' kept", () => {
    assert.equal(percentEncode("a b*c~d!'()+/"), 'a%20b%2Ac~d%21%27%28%29%2B%2F');
    assert.equal(percentEncode('阿'), '%E9%98%BF');
  });

  test('Aliyun RPC DescribeRegions example: OLeaidS1JvxuMvnyHOwuJ+uX5qY=', () => {
    assert.equal(rpcSignature('GET', rpcExample, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    assert.equal(aliyunExpectedSignature('GET', rpcExample, 'testsecret'), 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  // The CVM DescribeInstances example of "签名方法 v3"; the payload keeps its \u escapes as sent.
  const payload = String.raw`{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}`;
  const timestamp = 1551113065;

  test('Tencent TC3 example, signed headers content-type;host (English edition, key Gu5t9x…EXAMPLE)', () => {
    const request = {
      headers: { 'Content-Type': TC3_CONTENT_TYPE, Host: 'cvm.tencentcloudapi.com' },
      payload,
      timestamp,
      service: 'cvm',
    };
    const { canonicalRequest } = tc3CanonicalRequest(request);
    assert.equal(
      canonicalRequest,
      'POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    );
    assert.equal(
      tc3StringToSign(timestamp, 'cvm', canonicalRequest),
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    assert.equal(
      tc3Authorization('AKID**********************0123456789EXAMPLE', 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE', request),
      'TC3-HMAC-SHA256 Credential=AKID**********************0123456789EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
    const fake = tc3Expected({
      method: 'POST',
      headers: { 'content-type': TC3_CONTENT_TYPE, host: 'cvm.tencentcloudapi.com' },
      signedHeaders: ['content-type', 'host'],
      body: payload,
      timestamp: String(timestamp),
      date: '2019-02-25',
      service: 'cvm',
      key: { secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE' },
    });
    assert.equal(fake.signature, '72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168');
  });

  test('Tencent TC3 example, content-type;host;x-tc-action (current edition: masked key, published SecretSigning)', () => {
    // The current page masks AKIDz8krbsJ5yKBZQpn74WFkmLPx3******* and its key, but prints SecretSigning in hex.
    const secretSigning = Buffer.from('b596b923aad85185e2d1f6659d2a062e0a86731226e021e61bfe06f7ed05f5af', 'hex');
    const { canonicalRequest, signedHeaders } = tc3CanonicalRequest({
      headers: {
        'content-type': TC3_CONTENT_TYPE,
        host: 'cvm.tencentcloudapi.com',
        'x-tc-action': 'DescribeInstances',
      },
      payload,
      timestamp,
      service: 'cvm',
    });
    assert.equal(signedHeaders, 'content-type;host;x-tc-action');
    const stringToSign = tc3StringToSign(timestamp, 'cvm', canonicalRequest);
    assert.equal(
      stringToSign,
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84',
    );
    assert.equal(
      tc3Signature(secretSigning, stringToSign),
      '10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f',
    );
    const fake = tc3Expected({
      method: 'POST',
      headers: {
        'content-type': TC3_CONTENT_TYPE,
        host: 'cvm.tencentcloudapi.com',
        'x-tc-action': 'DescribeInstances',
      },
      signedHeaders: ['content-type', 'host', 'x-tc-action'],
      body: payload,
      timestamp: String(timestamp),
      date: '2019-02-25',
      service: 'cvm',
      key: { secretSigning },
    });
    assert.equal(fake.stringToSign, stringToSign);
    assert.equal(fake.signature, '10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f');
  });
});

describe('Aliyun provider against a verifying fake', () => {
  let fake: Awaited<ReturnType<typeof startFakeAliyun>>;
  let nonces = 0;
  const provider = (overrides: Partial<Parameters<typeof createAliyunProvider>[0]> = {}) =>
    createAliyunProvider({
      accessKeyId: 'LTAI-test',
      accessKeySecret: 'right-secret',
      signName: '共治社区',
      endpoint: fake.url,
      voiceEndpoint: `${fake.url}/`,
      calledShowNumber: '057112345678',
      timeoutMs: 2_000,
      now: () => CLOCK,
      nonce: () => `nonce-${++nonces}`,
      ...overrides,
    });

  before(async () => {
    fake = await startFakeAliyun({ 'LTAI-test': 'right-secret' });
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.script.length = 0;
  });

  test('a signed SendSms is accepted and sent, with the BizId as the message id', async () => {
    // Characters encodeURIComponent leaves alone but the signature encodes: a mismatch would be refused.
    const outcome = await provider().send(sms('+86 138-0013-8000', { code: '4821', minutes: "5 (*'!~)" }));
    assert.equal(outcome.status, 'sent');
    assert.match((outcome as { providerMessageId: string }).providerMessageId, /^90\d+\^0$/);
    const [request] = fake.requests;
    assert.equal(request?.verified, true);
    assert.deepEqual(
      {
        Action: request?.params.Action,
        PhoneNumbers: request?.params.PhoneNumbers,
        SignName: request?.params.SignName,
        TemplateCode: request?.params.TemplateCode,
        TemplateParam: request?.params.TemplateParam,
        Timestamp: request?.params.Timestamp,
        Version: request?.params.Version,
      },
      {
        Action: 'SendSms',
        PhoneNumbers: '13800138000',
        SignName: '共治社区',
        TemplateCode: 'SMS_0001',
        TemplateParam: `{"code":"4821","minutes":"5 (*'!~)"}`,
        Timestamp: '2026-03-01T16:30:05Z',
        Version: '2017-05-25',
      },
    );
  });

  test('a voice call is signed and placed through SingleCallByTts', async () => {
    const outcome = await provider().send({
      channel: 'voice',
      phone: '13800138000',
      template: 'TTS_1001',
      params: { building: '3号楼', level: '高' },
    });
    assert.equal(outcome.status, 'sent');
    assert.match((outcome as { providerMessageId: string }).providerMessageId, /^1160\d+\^1028$/);
    const params = fake.requests[0]?.params;
    assert.equal(params?.Action, 'SingleCallByTts');
    assert.equal(params?.CalledNumber, '13800138000');
    assert.equal(params?.CalledShowNumber, '057112345678');
    assert.equal(params?.TtsCode, 'TTS_1001');
    assert.deepEqual(JSON.parse(String(params?.TtsParam)), { building: '3号楼', level: '高' });
  });

  test('a wrong secret is refused by the fake, and not retried', async () => {
    const { options, waits } = instantRetry();
    const result = await sendWithRetry(provider({ accessKeySecret: 'wrong-secret' }), sms('13800138000'), options);
    assert.equal(result.outcome.status, 'refused');
    assert.equal((result.outcome as { code: string }).code, 'SignatureDoesNotMatch');
    assert.equal(result.attempts, 1);
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(waits, []);
  });

  test('an unknown AccessKeyId is refused', async () => {
    const outcome = await provider({ accessKeyId: 'LTAI-other' }).send(sms('13800138000'));
    assert.deepEqual(
      { status: outcome.status, code: (outcome as { code: string }).code },
      { status: 'refused', code: 'InvalidAccessKeyId.NotFound' },
    );
  });

  test('500 twice then OK: sent on the third attempt, each attempt freshly signed', async () => {
    const internal = JSON.stringify({ Code: 'InternalError', Message: 'The request processing has failed.' });
    fake.script.push({ status: 500, body: internal }, { status: 500, body: internal });
    const { options, waits } = instantRetry();
    const result = await sendWithRetry(provider({ nonce: undefined }), sms('13800138000'), options);
    assert.equal(result.outcome.status, 'sent');
    assert.equal(result.attempts, 3);
    assert.equal(fake.requests.length, 3);
    assert.ok(fake.requests.every((r) => r.verified));
    assert.equal(new Set(fake.requests.map((r) => r.params.SignatureNonce)).size, 3);
    assert.deepEqual(waits, [50, 100], 'full jitter at random 0.5 of 100 and 200 ms');
  });

  test('isv.MOBILE_NUMBER_ILLEGAL is a refusal: one attempt only', async () => {
    const { options } = instantRetry();
    const result = await sendWithRetry(provider(), sms('1380013'), options);
    assert.deepEqual(
      { status: result.outcome.status, code: (result.outcome as { code: string }).code, attempts: result.attempts },
      { status: 'refused', code: 'isv.MOBILE_NUMBER_ILLEGAL', attempts: 1 },
    );
    assert.equal(fake.requests.length, 1);
  });

  test('the per-number limit isv.BUSINESS_LIMIT_CONTROL is a refusal', async () => {
    fake.limited.add('13900139000');
    const { options } = instantRetry();
    const result = await sendWithRetry(provider(), sms('13900139000'), options);
    assert.equal((result.outcome as { code: string }).code, 'isv.BUSINESS_LIMIT_CONTROL');
    assert.equal(result.outcome.status, 'refused');
    assert.equal(result.attempts, 1);
  });

  test("the API's own throttling (Throttling.User) is retried", async () => {
    const throttled = JSON.stringify({
      Code: 'Throttling.User',
      Message: 'Request was denied due to user flow control.',
    });
    fake.script.push({ status: 400, body: throttled });
    const { options } = instantRetry();
    const result = await sendWithRetry(provider(), sms('13800138000'), options);
    assert.equal(result.outcome.status, 'sent');
    assert.equal(result.attempts, 2);
  });

  test('no answer within the timeout is retryable', async () => {
    fake.hangNext(1);
    const outcome = await provider({ timeoutMs: 100 }).send(sms('13800138000'));
    assert.deepEqual(
      { status: outcome.status, code: (outcome as { code: string }).code },
      { status: 'retryable', code: 'TIMEOUT' },
    );
  });
});

describe('Tencent provider against a verifying fake', () => {
  let fake: Awaited<ReturnType<typeof startFakeTencent>>;
  const apps = { smsSdkAppId: '1400006666', voiceSdkAppId: '1400007777' };
  const provider = (overrides: Partial<Parameters<typeof createTencentProvider>[0]> = {}) =>
    createTencentProvider({
      secretId: 'AKIDtest',
      secretKey: 'right-key',
      smsSdkAppId: apps.smsSdkAppId,
      voiceSdkAppId: apps.voiceSdkAppId,
      signName: '共治社区',
      endpoint: fake.url,
      voiceEndpoint: fake.url,
      timeoutMs: 2_000,
      now: () => CLOCK,
      ...overrides,
    });

  before(async () => {
    fake = await startFakeTencent({ AKIDtest: 'right-key' }, apps);
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.requests.length = 0;
    fake.script.length = 0;
  });

  test('a signed SendSms is accepted and sent, with the SerialNo as the message id', async () => {
    const outcome = await provider().send(sms('13800138000', { '2': '5 分钟', '1': '4821' }));
    assert.equal(outcome.status, 'sent');
    assert.match((outcome as { providerMessageId: string }).providerMessageId, /^2640:\d+$/);
    const [request] = fake.requests;
    assert.equal(request?.verified, true);
    assert.deepEqual(request?.params, {
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '共治社区',
      TemplateId: 'SMS_0001',
      TemplateParamSet: ['4821', '5 分钟'],
    });
  });

  test('a voice call is signed for vms and placed through SendTtsVoice', async () => {
    const outcome = await provider().send({
      channel: 'voice',
      phone: '+8613800138000',
      template: '4356',
      params: { '1': '7652' },
    });
    assert.equal(outcome.status, 'sent');
    assert.match((outcome as { providerMessageId: string }).providerMessageId, /^12582bce-\d+$/);
    assert.equal(fake.requests[0]?.action, 'SendTtsVoice');
    assert.deepEqual(fake.requests[0]?.params, {
      TemplateId: '4356',
      TemplateParamSet: ['7652'],
      CalledNumber: '+8613800138000',
      VoiceSdkAppid: '1400007777',
    });
  });

  test('a wrong secret is refused by the fake, and not retried', async () => {
    const { options, waits } = instantRetry();
    const result = await sendWithRetry(provider({ secretKey: 'wrong-key' }), sms('13800138000'), options);
    assert.deepEqual(
      { status: result.outcome.status, code: (result.outcome as { code: string }).code, attempts: result.attempts },
      { status: 'refused', code: 'AuthFailure.SignatureFailure', attempts: 1 },
    );
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(waits, []);
  });

  test('500 twice then OK: sent on the third attempt', async () => {
    fake.script.push({ status: 500, body: 'Internal Server Error' }, { status: 502, body: '' });
    const { options } = instantRetry();
    const result = await sendWithRetry(provider(), sms('13800138000'), options);
    assert.equal(result.outcome.status, 'sent');
    assert.equal(result.attempts, 3);
    assert.ok(fake.requests.every((r) => r.verified));
  });

  test('InvalidParameterValue.IncorrectPhoneNumber is a refusal: one attempt only', async () => {
    const { options } = instantRetry();
    const result = await sendWithRetry(provider(), sms('+1 555 0100'), options);
    assert.deepEqual(
      { status: result.outcome.status, code: (result.outcome as { code: string }).code, attempts: result.attempts },
      { status: 'refused', code: 'InvalidParameterValue.IncorrectPhoneNumber', attempts: 1 },
    );
  });

  test('LimitExceeded.PhoneNumberDailyLimit is a refusal; RequestLimitExceeded and InternalError are retried', async () => {
    fake.limited.add('+8613900139000');
    const { options } = instantRetry();
    const limited = await sendWithRetry(provider(), sms('13900139000'), options);
    assert.equal((limited.outcome as { code: string }).code, 'LimitExceeded.PhoneNumberDailyLimit');
    assert.equal(limited.attempts, 1);

    const error = (code: string) => ({
      status: 200,
      body: JSON.stringify({ Response: { Error: { Code: code, Message: code }, RequestId: 'r' } }),
    });
    fake.script.push(error('RequestLimitExceeded'), error('InternalError.Timeout'));
    const retried = await sendWithRetry(provider(), sms('13800138000'), options);
    assert.equal(retried.outcome.status, 'sent');
    assert.equal(retried.attempts, 3);
  });

  test('the credential date is the UTC date: 00:30 in Beijing still signs the day before', async () => {
    const outcome = await provider({ now: () => new Date('2026-03-01T16:30:00Z') }).send(sms('13800138000'));
    assert.equal(outcome.status, 'sent');
    assert.match(fake.requests[0]?.headers.authorization ?? '', /Credential=AKIDtest\/2026-03-01\/sms\/tc3_request, /);
    assert.equal(fake.requests[0]?.headers['x-tc-timestamp'], '1772382600');
  });

  test('a refused network connection is retryable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const outcome = await provider({ endpoint: `http://127.0.0.1:${port}` }).send(sms('13800138000'));
    assert.deepEqual(
      { status: outcome.status, code: (outcome as { code: string }).code },
      { status: 'retryable', code: 'NETWORK' },
    );
  });

  test('voice without a VoiceSdkAppid is refused before any request', async () => {
    const outcome = await provider({ voiceSdkAppId: undefined }).send({
      channel: 'voice',
      phone: '13800138000',
      template: '4356',
      params: {},
    });
    assert.equal(outcome.status, 'refused');
    assert.equal(fake.requests.length, 0);
  });

  test('template parameters go in their positional order', () => {
    assert.deepEqual(templateParamSet({ '10': 'j', '2': 'b', '1': 'a' }), ['a', 'b', 'j']);
    assert.deepEqual(templateParamSet({ code: '1', minutes: '5' }), ['1', '5']);
  });
});

describe('sendWithRetry', () => {
  const scripted = (outcomes: SendOutcome[]): MessageProvider & { calls: number } => {
    const provider = {
      name: 'log' as const,
      calls: 0,
      async send() {
        provider.calls += 1;
        return outcomes[Math.min(provider.calls, outcomes.length) - 1]!;
      },
    };
    return provider;
  };
  const busy: SendOutcome = { status: 'retryable', code: 'InternalError', detail: '' };

  test('gives up after the attempts, returning the last retryable outcome', async () => {
    const provider = scripted([busy]);
    const waits: number[] = [];
    const result = await sendWithRetry(provider, sms('13800138000'), {
      attempts: 4,
      baseDelayMs: 1_000,
      maxDelayMs: 3_000,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.999,
    });
    assert.equal(result.outcome.status, 'retryable');
    assert.equal(result.attempts, 4);
    assert.equal(provider.calls, 4);
    assert.deepEqual(waits, [999, 1998, 2997], 'doubling, capped at maxDelayMs');
  });

  test('a throwing provider counts as retryable', async () => {
    let calls = 0;
    const provider: MessageProvider = {
      name: 'aliyun',
      async send() {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        return { status: 'sent', providerMessageId: 'x' };
      },
    };
    const result = await sendWithRetry(provider, sms('13800138000'), { sleep: async () => {}, random: () => 0 });
    assert.deepEqual(result, { outcome: { status: 'sent', providerMessageId: 'x' }, attempts: 2 });
  });
});

describe('log provider', () => {
  test('logs with the number masked, keeps the last N newest first, always sent', async () => {
    const lines: { obj: Record<string, unknown>; msg?: string }[] = [];
    let tick = 0;
    const provider = createLogProvider({
      logger: { info: (obj, msg) => void lines.push({ obj: obj as Record<string, unknown>, msg }) },
      capacity: 3,
      now: () => new Date(Date.UTC(2026, 0, 1, 0, 0, tick++)),
    });
    for (let i = 1; i <= 5; i++) {
      const outcome = await provider.send(sms(`1380013800${i}`, { code: String(i) }));
      assert.deepEqual(outcome, { status: 'sent', providerMessageId: `log-${i}` });
    }
    assert.equal(lines.length, 5);
    assert.equal(lines[0]?.obj.phone, '138****8001');
    assert.deepEqual(lines[0]?.obj.params, { code: '1' });
    const recent = provider.recent();
    assert.deepEqual(
      recent.map((m) => [m.id, m.phone, m.params.code, m.at]),
      [
        ['log-5', '13800138005', '5', '2026-01-01T00:00:04.000Z'],
        ['log-4', '13800138004', '4', '2026-01-01T00:00:03.000Z'],
        ['log-3', '13800138003', '3', '2026-01-01T00:00:02.000Z'],
      ],
    );
    assert.equal(recent[0]?.channel, 'sms');
    assert.equal(recent[0]?.template, 'SMS_0001');
  });

  test('holds 200 by default and hands out copies', async () => {
    const provider = createLogProvider({ logger: { info: () => {} } });
    for (let i = 0; i < 205; i++) await provider.send(sms('13800138000', { n: String(i) }));
    const recent = provider.recent();
    assert.equal(recent.length, 200);
    assert.equal(recent[0]?.params.n, '204');
    assert.equal(recent[199]?.params.n, '5');
    recent[0]!.params.n = 'changed';
    assert.equal(provider.recent()[0]?.params.n, '204');
  });
});

describe('createProvider', () => {
  const logger = { info: () => {} };

  test('log is the provider with a memory', () => {
    const provider = createProvider({ provider: 'log', logger });
    assert.equal(provider.name, 'log');
    assert.ok(isLogProvider(provider));
  });

  test('names the missing setting', () => {
    assert.throws(
      () => createProvider({ provider: 'aliyun', logger, aliyun: { accessKeyId: 'id', signName: '共治' } }),
      /aliyun\.accessKeySecret/,
    );
    assert.throws(() => createProvider({ provider: 'aliyun', logger }), /aliyun\.accessKeyId/);
    assert.throws(
      () => createProvider({ provider: 'tencent', logger, tencent: { secretId: 'a', secretKey: 'b', signName: 'c' } }),
      /tencent\.smsSdkAppId/,
    );
    assert.throws(
      () =>
        createProvider({
          provider: 'tencent',
          logger,
          tencent: { secretId: 'a', secretKey: ' ', smsSdkAppId: '1', signName: 'c' },
        }),
      /tencent\.secretKey/,
    );
    assert.throws(() => createProvider({ provider: 'twilio' as 'log', logger }), /Unknown SMS provider 'twilio'/);
  });

  test('builds aliyun and tencent when their settings are there', () => {
    const aliyun = createProvider({
      provider: 'aliyun',
      logger,
      aliyun: { accessKeyId: 'id', accessKeySecret: 'secret', signName: '共治' },
    });
    const tencent = createProvider({
      provider: 'tencent',
      logger,
      tencent: { secretId: 'id', secretKey: 'key', smsSdkAppId: '1400000000', signName: '共治' },
    });
    assert.equal(aliyun.name, 'aliyun');
    assert.equal(tencent.name, 'tencent');
    assert.equal(isLogProvider(aliyun), false);
  });
});
