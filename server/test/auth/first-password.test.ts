import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

describe('an account made by phone sign-in sets its first password without a current one', () => {
  let t: TestApp;
  let admin: Client;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    admin = await t.login('admin');
  });
  after(() => t.close());

  /** Signs a new number up by its SMS code (read from the log provider's outbox) and answers its session. */
  const signUpByPhone = async (phone: string) => {
    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/phone-code',
      payload: { phone, purpose: 'login' },
      remoteAddress: '10.9.0.1',
    });
    assert.equal(asked.statusCode, 200, asked.body);
    await t.services.jobs.drain();
    const outbox = (await admin.get('/api/messages/outbox')).json().items as Array<{ phone: string; text: string }>;
    const text = outbox.find((m) => m.phone === `${phone.slice(0, 3)}****${phone.slice(-4)}`)!.text;
    const communityId = (await demoIndex(admin)).division('打铁关社区').id;
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/phone-login',
      payload: { phone, code: /验证码为(\d{6})/.exec(text)![1], communityId },
    });
    assert.equal(res.statusCode, 200, res.body);
    const cookie = `gz_session=${res.cookies.find((c) => c.name === 'gz_session')!.value}`;
    const headers = { cookie, 'x-csrf-token': res.json().csrfToken as string };
    return {
      signedUp: res.json(),
      me: () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers }),
      setPassword: (payload: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: '/api/auth/password', payload, headers }),
    };
  };

  test('no password at sign-up; the first needs none; after that the current one is asked for', async () => {
    const phone = '13700009901';
    const resident = await signUpByPhone(phone);
    assert.equal(resident.signedUp.hasPassword, false, 'signed up by code: no password of their own');
    assert.equal((await resident.me()).json().hasPassword, false);

    const first = await resident.setPassword({ newPassword: 'myfirst2026' });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal((await resident.me()).json().hasPassword, true);
    await t.login(phone, 'myfirst2026');

    const without = await resident.setPassword({ newPassword: 'mysecond2026' });
    assert.equal(without.statusCode, 400);
    assert.equal(without.json().error.details[0].path, 'body.currentPassword');
    const wrong = await resident.setPassword({ currentPassword: 'notmine2026', newPassword: 'mysecond2026' });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().error.details[0].path, 'body.currentPassword');
    const right = await resident.setPassword({ currentPassword: 'myfirst2026', newPassword: 'mysecond2026' });
    assert.equal(right.statusCode, 200, right.body);
    await t.login(phone, 'mysecond2026');
  });

  test('an account with a password cannot drop the current one from the change', async () => {
    const staff = await t.login('community_datieguan');
    assert.equal(staff.me!.hasPassword, true);
    const res = await staff.post('/api/auth/password', { newPassword: 'takeover2026' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].path, 'body.currentPassword');
  });
});
