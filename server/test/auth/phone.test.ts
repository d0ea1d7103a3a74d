import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withIdCheckDigit } from '../../src/platform/personal-data.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

describe('residents sign up by phone and bind to their registered person', () => {
  let t: TestApp;
  let admin: Client;
  let community: Client;
  let index: Awaited<ReturnType<typeof demoIndex>>;
  let ipSeq = 0;
  /** Each test asks from its own address, so the per-address limit of one does not reach another. */
  const fromNewAddress = () => ({ remoteAddress: `10.1.0.${++ipSeq}` });

  before(async () => {
    t = await startTestApp({
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      PHONE_CODE_PER_PHONE_PER_HOUR: '3',
      PHONE_CODE_PER_IP_PER_HOUR: '4',
      BIND_ATTEMPTS_PER_HOUR: '3',
    });
    admin = await t.login('admin');
    community = await t.login('community_datieguan');
    index = await demoIndex(admin);
  });
  after(() => t.close());

  const askCode = (phone: string, address: { remoteAddress: string }, purpose = 'login') =>
    t.app.inject({ method: 'POST', url: '/api/auth/phone-code', payload: { phone, purpose }, ...address });

  /** The code as the log provider "sent" it, read on the administrators' outbox page. */
  const codeSentTo = async (phone: string) => {
    await t.services.jobs.drain();
    const outbox = (await admin.get('/api/messages/outbox')).json().items as Array<{ phone: string; text: string }>;
    const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
    const message = outbox.find((m) => m.phone === masked);
    assert.ok(message, `a message to ${masked}`);
    return /验证码为(\d{6})/.exec(message.text)![1]!;
  };

  const phoneLogin = (body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/auth/phone-login', payload: body });

  test('a new number signs up with the code, choosing the community; the code is then spent', async () => {
    const phone = '13700001111';
    const address = fromNewAddress();
    assert.equal((await askCode(phone, address)).statusCode, 200);
    const code = await codeSentTo(phone);

    const wrong = await phoneLogin({ phone, code: code === '000000' ? '111111' : '000000' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details[0].path, 'body.code');

    const noCommunity = await phoneLogin({ phone, code });
    assert.equal(noCommunity.statusCode, 400);
    assert.equal(noCommunity.json().error.details[0].path, 'body.communityId', 'asked where they live');

    const communityId = index.division('打铁关社区').id;
    const signedUp = await phoneLogin({ phone, code, communityId });
    assert.equal(signedUp.statusCode, 200, signedUp.body);
    assert.equal(signedUp.json().created, true);
    assert.deepEqual(
      signedUp.json().roles.map((r: { role: string; divisionId: number }) => [r.role, r.divisionId]),
      [['resident', communityId]],
    );
    assert.ok(signedUp.json().permissions.includes('matters.report'), 'an unbound account may report');
    assert.equal(signedUp.json().personId, null);

    const again = await phoneLogin({ phone, code, communityId });
    assert.equal(again.statusCode, 400, 'single use');
  });

  test('a number with an account signs into it; the answers do not tell numbers with accounts apart', async () => {
    const address = fromNewAddress();
    const known = await askCode('13800000008', address);
    const unknown = await askCode('13700002222', address);
    assert.equal(known.statusCode, 200);
    assert.deepEqual(known.json(), unknown.json());
    const code = await codeSentTo('13800000008');
    const res = await phoneLogin({ phone: '13800000008', code });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().username, 'resident_demo');
    assert.equal(res.json().created, false);
  });

  test('codes expire, die after five wrong guesses, and are limited per phone and per address', async () => {
    const phone = '13700003333';
    const address = fromNewAddress();
    await askCode(phone, address);
    const code = await codeSentTo(phone);
    t.clock.advance(6 * 60_000);
    const expired = await phoneLogin({ phone, code, communityId: index.division('打铁关社区').id });
    assert.equal(expired.statusCode, 400, 'expired after 5 minutes');
    assert.equal(expired.json().error.details[0].path, 'body.code');

    assert.equal((await askCode(phone, address)).statusCode, 200);
    const soon = await askCode(phone, address);
    assert.equal(soon.statusCode, 429, 'one a minute');
    const wait = Number(soon.headers['retry-after']);
    assert.ok(wait > 0 && wait <= 60, `Retry-After ${soon.headers['retry-after']}`);
    const fresh = await codeSentTo(phone);
    const other = fresh === '999999' ? '888888' : '999999';
    for (let i = 0; i < 5; i++) await phoneLogin({ phone, code: other });
    const dead = await phoneLogin({ phone, code: fresh, communityId: index.division('打铁关社区').id });
    assert.equal(dead.statusCode, 400, 'dead after five wrong guesses');
    assert.equal(dead.json().error.details[0].path, 'body.code');

    t.clock.advance(61_000);
    assert.equal((await askCode(phone, address)).statusCode, 200, 'third this hour');
    t.clock.advance(61_000);
    assert.equal((await askCode(phone, address)).statusCode, 429, 'PHONE_CODE_PER_PHONE_PER_HOUR=3');

    const busy = fromNewAddress();
    for (let i = 0; i < 4; i++) assert.equal((await askCode(`1370000400${i}`, busy)).statusCode, 200);
    assert.equal((await askCode('13700004009', busy)).statusCode, 429, 'PHONE_CODE_PER_IP_PER_HOUR=4');

    const bad = await askCode('12345', fromNewAddress());
    assert.equal(bad.statusCode, 400);
  });

  test('binding: a wrong name or ID number fails the same way, a few times an hour; the right one binds', async () => {
    const communityId = index.division('打铁关社区').id;
    const idNumber = withIdCheckDigit('33010519800101002');
    const registered = await community.post('/api/org/persons', { communityId, name: '林晓梅', idNumber });
    assert.equal(registered.statusCode, 201, registered.body);

    const phone = '13700005555';
    await askCode(phone, fromNewAddress());
    const signedUp = await phoneLogin({ phone, code: await codeSentTo(phone), communityId });
    const cookie = signedUp.cookies.find((c) => c.name === 'gz_session')!;
    const resident = {
      bind: (name: string, id: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/bind',
          payload: { name, idNumber: id },
          headers: { cookie: `gz_session=${cookie.value}`, 'x-csrf-token': signedUp.json().csrfToken },
        }),
    };
    const wrongName = await resident.bind('林晓', idNumber);
    const wrongId = await resident.bind('林晓梅', withIdCheckDigit('33010519800101003'));
    assert.equal(wrongName.statusCode, 400);
    assert.deepEqual(wrongName.json().error, wrongId.json().error, 'the same answer whichever part was wrong');
    assert.equal((await resident.bind('林晓梅', idNumber)).statusCode, 200, 'the third try, still allowed');

    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: { cookie: `gz_session=${cookie.value}` },
    });
    assert.equal(me.json().personId, registered.json().id);
    assert.equal(me.json().displayName, '林晓梅', 'the sign-up placeholder name gives way to the registered one');

    // Another account cannot bind to the same person; and tries run out.
    const phone2 = '13700006666';
    await askCode(phone2, fromNewAddress());
    const second = await phoneLogin({ phone: phone2, code: await codeSentTo(phone2), communityId });
    const c2 = second.cookies.find((c) => c.name === 'gz_session')!;
    const bind2 = (name: string, id: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/bind',
        payload: { name, idNumber: id },
        headers: { cookie: `gz_session=${c2.value}`, 'x-csrf-token': second.json().csrfToken },
      });
    assert.equal((await bind2('林晓梅', idNumber)).statusCode, 409);
    await bind2('某某', idNumber);
    await bind2('某某', idNumber);
    assert.equal((await bind2('林晓梅', idNumber)).statusCode, 429, 'BIND_ATTEMPTS_PER_HOUR=3');
    t.clock.advance(61 * 60_000);
    assert.equal((await bind2('某某', idNumber)).statusCode, 400, 'tries again after the hour');
  });
});
