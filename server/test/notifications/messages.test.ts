import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAliyunProvider } from '../../src/modules/notifications/providers/aliyun.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { startFakeAliyun } from './fake-providers.ts';

/** The message rows as stored, newest first (what an operator would look at). */
async function deliveries(t: TestApp) {
  return t.services.database.db.selectFrom('notifications.deliveries').selectAll().orderBy('id', 'desc').execute();
}

describe('messages through a cloud provider (a local fake of Alibaba Cloud that checks the signature)', () => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeAliyun>>;
  let resident: Client;

  before(async () => {
    fake = await startFakeAliyun({ 'LTAI-gongzhi': 'the-secret' });
    t = await startTestApp(
      {
        MESSAGES_PROVIDER: 'aliyun',
        MESSAGES_TEMPLATES: JSON.stringify({ verify_code: 'SMS_1001', alarm_call: 'TTS_2002' }),
        MESSAGES_MAX_ATTEMPTS: '4',
        MESSAGES_PER_PHONE_PER_HOUR: '3',
      },
      {
        messageProvider: createAliyunProvider({
          accessKeyId: 'LTAI-gongzhi',
          accessKeySecret: 'the-secret',
          signName: '共治',
          endpoint: fake.url,
          voiceEndpoint: fake.url,
        }),
      },
    );
    resident = await t.login('resident_demo');
  });
  after(async () => {
    await t.close();
    await fake.close();
  });

  const send = (request: Parameters<TestApp['services']['messages']['send']>[1]) =>
    t.services.database.db.transaction().execute((trx) => t.services.messages.send(trx, request));

  test('a sign-in code goes out signed with the approved template; the number and code are not kept after', async () => {
    const before = fake.requests.length;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/phone-code',
      payload: { phone: '13600001234' },
      remoteAddress: '10.2.0.1',
    });
    assert.equal(res.statusCode, 200);
    await t.services.jobs.drain();
    const request = fake.requests.at(-1)!;
    assert.equal(fake.requests.length, before + 1);
    assert.ok(request.verified, 'the fake verified the signature');
    assert.equal(request.params.TemplateCode, 'SMS_1001');
    assert.equal(request.params.PhoneNumbers, '13600001234');
    assert.match(JSON.parse(String(request.params.TemplateParam)).code, /^\d{6}$/);
    const [row] = await deliveries(t);
    assert.equal(row!.status, 'sent');
    assert.equal(row!.phone, null);
    assert.equal(row!.params, null);
    assert.equal(row!.phone_masked, '136****1234');
    assert.equal(row!.attempts, 1);
    assert.ok(row!.provider_message_id);
  });

  test('server errors are retried with backoff until sent; the status says how many tries', async () => {
    const internal = JSON.stringify({ Code: 'InternalError', Message: 'internal' });
    // Two quick tries fail in the first run; the sweep sends it a minute or more later.
    fake.script.push({ status: 500, body: internal }, { status: 500, body: internal });
    const { id } = await send({
      to: { userId: resident.me!.id },
      channel: 'sms',
      kind: 'alarm_call',
      params: { place: '打铁关小区3幢', alarm: '烟雾告警' },
      critical: true,
    });
    await t.services.jobs.drain();
    let row = (await deliveries(t)).find((d) => d.id === id)!;
    assert.equal(row.status, 'queued');
    assert.equal(row.attempts, 2);
    assert.equal(row.error_code, 'InternalError');
    assert.ok(row.next_attempt_at! > t.clock.now(), 'waits before the next try');
    await t.services.jobs.runScheduled('notifications.retry-deliveries');
    assert.equal((await deliveries(t)).find((d) => d.id === id)!.status, 'queued', 'not before its time');
    t.clock.advance(61 * 60_000);
    await t.services.jobs.runScheduled('notifications.retry-deliveries');
    row = (await deliveries(t)).find((d) => d.id === id)!;
    assert.equal(row.status, 'sent');
    assert.equal(row.attempts, 3);
  });

  test('a refusal is not retried; a kind without an approved template is refused without a call', async () => {
    fake.limited.add('13800000008');
    const calls = fake.requests.length;
    const { id } = await send({
      to: { userId: resident.me!.id },
      channel: 'sms',
      kind: 'alarm_call',
      params: { place: 'x', alarm: 'y' },
      critical: true,
    });
    await t.services.jobs.drain();
    const row = (await deliveries(t)).find((d) => d.id === id)!;
    assert.equal(row.status, 'refused');
    assert.equal(row.error_code, 'isv.BUSINESS_LIMIT_CONTROL');
    assert.equal(row.attempts, 1);
    assert.equal(fake.requests.length, calls + 1, 'one request, no retry');
    fake.limited.delete('13800000008');
  });

  test('quiet hours hold a message until they end; critical alarms ignore them and a switched-off channel', async () => {
    const prefs = await resident.put('/api/messages/preferences', {
      sms: true,
      voice: false,
      quietStart: '00:00',
      quietEnd: '23:59',
    });
    assert.equal(prefs.statusCode, 200);
    const held = await send({
      to: { userId: resident.me!.id },
      channel: 'sms',
      kind: 'alarm_call',
      params: { place: 'a', alarm: 'b' },
    });
    const off = await send({
      to: { userId: resident.me!.id },
      channel: 'voice',
      kind: 'alarm_call',
      params: { place: 'a', alarm: 'b' },
    });
    const critical = await send({
      to: { userId: resident.me!.id },
      channel: 'voice',
      kind: 'alarm_call',
      params: { place: 'a', alarm: 'b' },
      critical: true,
    });
    await t.services.jobs.drain();
    const rows = await deliveries(t);
    const status = (id: number) => rows.find((d) => d.id === id)!;
    assert.equal(status(held.id).status, 'queued');
    assert.ok(status(held.id).next_attempt_at, 'held until the quiet hours end');
    assert.equal(status(off.id).status, 'skipped');
    assert.equal(status(off.id).error_code, 'channel_off');
    assert.equal(status(critical.id).status, 'sent', 'a critical call goes through');
    assert.equal(fake.requests.at(-1)!.action, 'SingleCallByTts');
    assert.equal(fake.requests.at(-1)!.params.TtsCode, 'TTS_2002');
    const half = await resident.put('/api/messages/preferences', {
      sms: true,
      voice: true,
      quietStart: '22:00',
      quietEnd: null,
    });
    assert.equal(half.statusCode, 400);
    await resident.put('/api/messages/preferences', { sms: true, voice: true, quietStart: null, quietEnd: null });
  });

  test('more than the hourly limit to one phone are skipped, critical ones excepted', async () => {
    t.clock.advance(2 * 3_600_000);
    const ids = [];
    for (let i = 0; i < 4; i++)
      ids.push(
        (
          await send({
            to: { phone: '13600009999' },
            channel: 'sms',
            kind: 'alarm_call',
            params: { place: 'p', alarm: 'a' },
          })
        ).status,
      );
    assert.deepEqual(ids, ['queued', 'queued', 'queued', 'skipped']);
    const critical = await send({
      to: { phone: '13600009999' },
      channel: 'sms',
      kind: 'alarm_call',
      params: { place: 'p', alarm: 'a' },
      critical: true,
    });
    assert.equal(critical.status, 'queued');
    await t.services.jobs.drain();
  });

  test('the outbox page exists only for the log provider', async () => {
    const admin = await t.login('admin');
    assert.equal((await admin.get('/api/messages/outbox')).statusCode, 404);
  });
});
