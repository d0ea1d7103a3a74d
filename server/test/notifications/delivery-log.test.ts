import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createAliyunProvider } from '../../src/modules/notifications/providers/aliyun.ts';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { demoIndex } from '../support/demo.ts';
import { factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { until } from '../support/until.ts';
import { addUser } from '../support/users.ts';
import { startFakeAliyun } from './fake-providers.ts';

interface Delivery {
  id: number;
  kind: string;
  kindLabel: string | null;
  channel: string;
  phone: string;
  status: string;
  attempts: number;
  entityType: string | null;
  entityId: string | null;
  divisionId: number | null;
  critical: boolean;
  retryable: boolean;
  errorCode: string | null;
}
interface DeliveryPage {
  items: Delivery[];
  nextCursor: string | null;
  counts: Record<string, number>;
}

describe('the delivery log: SMS and calls of an administrator’s area, pages and filters, a failed one sent again', () => {
  let t: TestApp;
  let fake: Awaited<ReturnType<typeof startFakeAliyun>>;
  let community: Client;
  let otherCommunity: Client;
  let street: Client;
  let top: Client;
  let worker: Client;
  let datieguan: number;
  let alarmId: number;
  const startedAt = new Date();

  before(async () => {
    fake = await startFakeAliyun({ 'LTAI-gongzhi': 'the-secret' });
    t = await startTestApp(
      {
        LOGIN_RATE_LIMIT_PER_MINUTE: '500',
        MESSAGES_PROVIDER: 'aliyun',
        MESSAGES_TEMPLATES: JSON.stringify({ verify_code: 'SMS_1001', alarm_call: 'TTS_2002', help_call: 'SMS_1003' }),
        MESSAGES_MAX_ATTEMPTS: '2',
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
    startedAt.setTime(t.clock.now().getTime());
    const admin = await t.login('admin');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
    community = await t.login('community_datieguan');
    street = await t.login('street_wenhui');
    worker = await t.login('grid_datieguan_01');
    const make = await factories(t);
    const elsewhere = await make.community();
    otherCommunity = await make.user([{ role: 'community_admin', divisionId: elsewhere.id, gridId: null }]);
    // The demo's districts lie under a city and a province; an administrator of the top one.
    const root = await t.services.database.db
      .selectFrom('org.divisions')
      .select('id')
      .where('parent_id', 'is', null)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    top = await addUser(t, 'delivery_log_root', [{ role: 'district_admin', divisionId: root.id, gridId: null }]);

    // A smoke alarm in 打铁关社区: its call chain messages and calls the grid worker.
    const reading = await t.app.inject({
      method: 'POST',
      url: '/api/ingest/readings',
      headers: { authorization: `Bearer smoke-demo-001:${DEMO_DEVICE_SECRET}` },
      payload: { readings: [{ ts: t.clock.now().toISOString(), metrics: { smoke: 0.35 } }] },
    });
    assert.equal(reading.statusCode, 200);
    alarmId = await until('an active alarm', async () => {
      const items = (await worker.get('/api/alarms?deviceId=smoke-demo-001&status=active_unack')).json().items;
      return (items[0] as { id: number } | undefined)?.id;
    });
    await t.services.jobs.drain();
    // A sign-in code to a bare number: a message of no place.
    const code = await t.app.inject({
      method: 'POST',
      url: '/api/auth/phone-code',
      payload: { phone: '13600004321' },
      remoteAddress: '10.3.0.1',
    });
    assert.equal(code.statusCode, 200, code.body);
    await t.services.jobs.drain();
  });
  after(async () => {
    await t.close();
    await fake.close();
  });

  const log = async (reader: Client, query = '') => {
    const res = await reader.get(`/api/messages/deliveries?limit=200${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as DeliveryPage;
  };
  const alarmCalls = (page: DeliveryPage) =>
    page.items.filter((d) => d.entityType === 'alarm' && d.entityId === String(alarmId));

  test('a community administrator sees the alarm calls of their community, not another community’s', async () => {
    const mine = alarmCalls(await log(community));
    assert.deepEqual(mine.map((d) => d.channel).sort(), ['sms', 'voice']);
    for (const d of mine) {
      assert.equal(d.divisionId, datieguan);
      assert.equal(d.status, 'sent');
      assert.equal(d.kindLabel, '紧急告警');
      assert.equal(d.phone, '138****0004');
      assert.ok(d.critical);
    }
    assert.equal(alarmCalls(await log(street)).length, 2, 'the street above reads them too');
    const other = await log(otherCommunity);
    assert.equal(alarmCalls(other).length, 0);
    assert.equal(other.counts.sent, 0);
    assert.equal((await worker.get('/api/messages/deliveries')).statusCode, 403, 'not for grid workers');
  });

  test('a sign-in code, which has no place, only for the administrator of a top-level division', async () => {
    const codes = (page: DeliveryPage) => page.items.filter((d) => d.kind === 'verify_code');
    const seen = codes(await log(top, '&phone=4321'));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.divisionId, null);
    assert.equal(seen[0]!.status, 'sent');
    assert.equal(seen[0]!.retryable, false, 'a code is asked for anew, never sent again');
    for (const reader of [community, street, otherCommunity, await t.login('admin')])
      assert.equal(codes(await log(reader)).length, 0);
  });

  test('masked numbers only: never the whole number, the code or the text', async () => {
    const res = await top.get('/api/messages/deliveries?limit=200');
    const body = res.body;
    assert.ok(!body.includes('13600004321'));
    assert.ok(!body.includes('13800000004'));
    assert.ok(!body.includes('"params"'));
    const code = JSON.parse(
      String(fake.requests.find((r) => r.params.PhoneNumbers === '13600004321')!.params.TemplateParam),
    ).code;
    assert.ok(!body.includes(`"${code}"`) && !body.includes(`:${code}`));
    for (const d of (res.json() as DeliveryPage).items) assert.match(d.phone, /^(\d{3}\*{4}\d{4})?$/);
    assert.equal((await top.get('/api/messages/deliveries?phone=13600004321')).statusCode, 400, 'four digits only');
  });

  test('filters and pages, with counts per status under the same filters', async () => {
    const voice = await log(top, '&kind=alarm_call&channel=voice&critical=true');
    assert.ok(voice.items.length >= 1);
    assert.ok(voice.items.every((d) => d.kind === 'alarm_call' && d.channel === 'voice' && d.critical));
    assert.equal((await log(top, '&kind=alarm_call&critical=false')).items.length, 0);
    const all = await log(top);
    const sent = await log(top, '&status=sent');
    assert.ok(sent.items.every((d) => d.status === 'sent'));
    assert.equal(sent.counts.sent, sent.items.length);
    assert.deepEqual(sent.counts, all.counts, 'the status filter aside');
    const since = encodeURIComponent(startedAt.toISOString());
    assert.equal((await log(top, `&to=${since}`)).items.length, 0, 'nothing before the test began');
    assert.equal((await log(top, `&from=${since}`)).items.length, all.items.length);
    // One by one, newest first, the same as in one page.
    const walked: number[] = [];
    let cursor: string | null = null;
    do {
      const res = await top.get(`/api/messages/deliveries?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      const page = res.json() as DeliveryPage;
      walked.push(...page.items.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      walked,
      all.items.map((d) => d.id),
    );
    assert.ok(walked.length >= 3);
  });

  test('a failed message is sent again by hand and audited; a delivered one is not', async () => {
    const internal = JSON.stringify({ Code: 'InternalError', Message: 'internal' });
    fake.script.push({ status: 500, body: internal }, { status: 500, body: internal });
    const { id } = await t.services.database.db.transaction().execute((trx) =>
      t.services.messages.send(trx, {
        to: { userId: worker.me!.id },
        channel: 'sms',
        kind: 'alarm_call',
        params: { place: '打铁关小区1幢', alarm: '烟雾告警' },
        critical: true,
        divisionId: datieguan,
      }),
    );
    await t.services.jobs.drain();
    const failed = (await log(community, '&status=failed')).items.find((d) => d.id === id)!;
    assert.equal(failed.attempts, 2);
    assert.equal(failed.errorCode, 'InternalError');
    assert.ok(failed.retryable);

    assert.equal((await otherCommunity.post(`/api/messages/deliveries/${id}/retry`, {})).statusCode, 403);
    const calls = fake.requests.length;
    const retried = await community.post(`/api/messages/deliveries/${id}/retry`, {});
    assert.equal(retried.statusCode, 200, retried.body);
    assert.equal(retried.json().status, 'queued');
    await t.services.jobs.drain();
    assert.equal(fake.requests.length, calls + 1, 'sent again');
    assert.equal(fake.requests.at(-1)!.params.PhoneNumbers, '13800000004');
    const after = (await log(community)).items.find((d) => d.id === id)!;
    assert.equal(after.status, 'sent');
    assert.equal(after.attempts, 3);
    assert.equal(after.retryable, false);
    const audit = await t.services.database.db
      .selectFrom('platform.audit_log')
      .selectAll()
      .where('action', '=', 'notifications.delivery.retry')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.entity_id, String(id));
    assert.equal(audit[0]!.actor_id, community.me!.id);

    const delivered = await community.post(`/api/messages/deliveries/${id}/retry`, {});
    assert.equal(delivered.statusCode, 409);
    assert.equal(fake.requests.length, calls + 1, 'nothing sent for a delivered one');
    assert.equal((await community.post('/api/messages/deliveries/999999/retry', {})).statusCode, 404);
  });
});
