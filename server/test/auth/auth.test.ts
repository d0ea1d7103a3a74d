import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/harness.ts';

describe('auth', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  after(() => t.close());

  test('signs in by username or by phone, with an httpOnly session cookie', async () => {
    const byName = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'gongzhi-demo' },
    });
    assert.equal(byName.statusCode, 200);
    const cookie = byName.cookies.find((c) => c.name === 'gz_session');
    assert.ok(cookie?.httpOnly, 'session cookie is httpOnly');
    assert.equal(cookie?.sameSite, 'Lax');
    assert.equal(byName.json().username, 'admin');
    assert.ok(byName.json().csrfToken.length >= 20);

    const byPhone = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '13800000008', password: 'gongzhi-demo' },
    });
    assert.equal(byPhone.statusCode, 200);
    assert.equal(byPhone.json().username, 'resident_demo');
  });

  test('a wrong password or unknown user answers 401 with the same message', async () => {
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'street_wenhui', password: 'nope' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'nope' },
    });
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.deepEqual(wrong.json(), unknown.json());
    assert.equal(wrong.json().error.code, 'invalid_credentials');
    assert.equal(wrong.json().error.message, '用户名或密码错误');
  });

  test('errors come in English when asked for', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
      payload: { username: 'x', password: 'y' },
    });
    assert.equal(res.json().error.message, 'Wrong username or password');
  });

  test('bad login input is a 400 naming the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: '' } });
    assert.equal(res.statusCode, 400);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    assert.ok(paths.includes('body.username'));
    assert.ok(paths.includes('body.password'));
  });

  test('locks an account after repeated failures, even for the right password, and unlocks later', async () => {
    const attempt = (password: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'mediator_demo', password } });
    for (let i = 0; i < 4; i++) assert.equal((await attempt('wrong')).statusCode, 401);
    const fifth = await attempt('wrong');
    assert.equal(fifth.statusCode, 423);
    assert.equal(fifth.json().error.code, 'account_locked');
    assert.equal((await attempt('gongzhi-demo')).statusCode, 423, 'locked even with the right password');
    t.clock.advance(16 * 60_000);
    assert.equal((await attempt('gongzhi-demo')).statusCode, 200, 'unlocked after the lock time');
  });

  test('parallel attempts cannot get past the lockout', async () => {
    const burst = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'merchant_demo', password: 'wrong' },
        }),
      ),
    );
    const codes = burst.map((r) => r.statusCode).sort();
    assert.equal(codes.filter((c) => c === 401).length, 4, `four failures are checked, then the lock: ${codes}`);
    assert.equal(codes.filter((c) => c === 423).length, 8);
    const right = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'merchant_demo', password: 'gongzhi-demo' },
    });
    assert.equal(right.statusCode, 423);
  });

  test('names that match no account lock the same way, so the answers do not reveal who exists', async () => {
    const attempt = (username: string) =>
      t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong' } });
    const ghost = [];
    for (let i = 0; i < 6; i++) ghost.push((await attempt('13999999999')).statusCode);
    assert.deepEqual(ghost, [401, 401, 401, 401, 423, 423]);
  });

  test('failed sign-ins are audited without whole phone numbers or typed passwords', async () => {
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: '13800000005', password: 'nope' },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'MySecretPassw0rd', password: 'x' },
    });
    const rows = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('details')
      .where('action', 'like', 'auth.%')
      .execute();
    const text = JSON.stringify(rows);
    assert.ok(!text.includes('13800000005'));
    assert.ok(text.includes('138****0005'));
    assert.ok(!text.includes('MySecretPassw0rd'));
  });

  test('state-changing requests need the CSRF token of the session', async () => {
    const admin = await t.login('admin');
    const without = await t.app.inject({
      method: 'POST',
      url: '/api/org/persons/1/reveal',
      headers: { cookie: `gz_session=${await sessionCookie(t, 'admin')}` },
    });
    assert.equal(without.statusCode, 403);
    assert.equal(without.json().error.code, 'csrf_invalid');
    const withToken = await admin.post('/api/org/persons/1/reveal');
    assert.equal(withToken.statusCode, 200);
  });

  test('me and logout: the session ends', async () => {
    const c = await t.login('community_datieguan');
    const me = await c.get('/api/auth/me');
    assert.equal(me.statusCode, 200);
    assert.deepEqual(
      me.json().roles.map((r: { role: string }) => r.role),
      ['community_admin'],
    );
    assert.equal((await c.post('/api/auth/logout')).statusCode, 200);
    assert.equal((await c.get('/api/auth/me')).statusCode, 401);
  });

  test('anonymous requests to protected routes answer 401', async () => {
    const anon = t.anonymous();
    for (const url of [
      '/api/auth/me',
      '/api/org/persons',
      '/api/org/tree',
      '/api/org/grids',
      '/api/audit',
      '/api/org/board',
    ]) {
      const res = await anon.get(url);
      assert.equal(res.statusCode, 401, url);
      assert.equal(res.json().error.code, 'unauthenticated');
    }
  });

  test('password change checks the old one and the policy, and signs out other sessions', async () => {
    const first = await t.login('grid_datieguan_02');
    const second = await t.login('grid_datieguan_02');
    const wrongOld = await first.post('/api/auth/password', { currentPassword: 'x', newPassword: 'abc12345xyz' });
    assert.equal(wrongOld.statusCode, 400);
    const weak = await first.post('/api/auth/password', { currentPassword: 'gongzhi-demo', newPassword: 'short' });
    assert.equal(weak.statusCode, 400);
    assert.ok(weak.json().error.details.length >= 1);
    const ok = await first.post('/api/auth/password', {
      currentPassword: 'gongzhi-demo',
      newPassword: 'Neighbour2026',
    });
    assert.equal(ok.statusCode, 200);
    assert.equal((await first.get('/api/auth/me')).statusCode, 200, 'this session stays');
    assert.equal((await second.get('/api/auth/me')).statusCode, 401, 'other sessions end');
    await assert.rejects(t.login('grid_datieguan_02'));
    await t.login('grid_datieguan_02', 'Neighbour2026');
  });

  test('logins and failures are audited', async () => {
    const admin = await t.login('admin');
    const res = await admin.get('/api/audit?action=auth.&limit=200');
    assert.equal(res.statusCode, 200);
    const actions = new Set(res.json().items.map((i: { action: string }) => i.action));
    assert.ok(actions.has('auth.login'));
    assert.ok(actions.has('auth.login_failed'));
    assert.ok(actions.has('auth.account_locked'));
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  after(() => t.close());

  test('too many login attempts from one address answer 429', async () => {
    const codes = [];
    for (let i = 0; i < 5; i++) {
      codes.push(
        (await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: `u${i}`, password: 'p' } }))
          .statusCode,
      );
    }
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);
  });
});

async function sessionCookie(t: TestApp, username: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: 'gongzhi-demo' },
  });
  return res.cookies.find((c) => c.name === 'gz_session')!.value;
}
