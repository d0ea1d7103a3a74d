import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/**
 * Failed sign-ins lock the account for the source that guessed only; from all sources
 * together the account is slowed down, never locked; guesses of the current password on the
 * password-change route count the same way.
 */
describe('sign-in lockout per account and source', () => {
  let t: TestApp;
  let serial = 0;
  let communityId: number;
  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_SLOWDOWN_AFTER: '10' });
    const tree = (await (await t.login('admin')).get('/api/org/tree')).json();
    communityId = tree.divisions.find((d: { level: string }) => d.level === 'community').id;
  });
  after(() => t.close());

  const account = async () => {
    const name = `lockout_${++serial}_${process.pid}`;
    await addUser(t, name, [{ role: 'resident', divisionId: communityId, gridId: null }]);
    return name;
  };
  const attempt = (username: string, password: string, from: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: from,
      payload: { username, password },
    });

  test("five wrong passwords from one address lock that address out, not the owner's", async () => {
    const name = await account();
    for (let i = 0; i < 4; i++) assert.equal((await attempt(name, 'wrong', '203.0.113.7')).statusCode, 401);
    assert.equal((await attempt(name, 'wrong', '203.0.113.7')).statusCode, 423);
    assert.equal((await attempt(name, 'gongzhi-demo', '203.0.113.7')).statusCode, 423, 'the guessing source is out');
    assert.equal((await attempt(name, 'gongzhi-demo', '198.51.100.20')).statusCode, 200, 'the owner signs in');
  });

  test('guesses from many addresses slow the account down; after the wait the owner gets in', async () => {
    const name = await account();
    // Ten failures from ten addresses: none is locked out, the account is now slowed.
    for (let i = 0; i < 10; i++) assert.equal((await attempt(name, 'wrong', `192.0.2.${i + 1}`)).statusCode, 401);
    const slowed = await attempt(name, 'gongzhi-demo', '198.51.100.21');
    assert.equal(slowed.statusCode, 429, 'right after the tenth failure the next attempt must wait a second');
    assert.equal(slowed.json().error.code, 'rate_limited');
    t.clock.advance(1_000);
    assert.equal((await attempt(name, 'wrong', '192.0.2.11')).statusCode, 401, 'a guess after the wait is checked');
    t.clock.advance(1_000);
    assert.equal((await attempt(name, 'gongzhi-demo', '198.51.100.21')).statusCode, 429, 'then the wait is 2 s');
    t.clock.advance(1_000);
    assert.equal((await attempt(name, 'gongzhi-demo', '198.51.100.21')).statusCode, 200);
    // A success starts the count again.
    assert.equal((await attempt(name, 'wrong', '192.0.2.50')).statusCode, 401);
    assert.equal((await attempt(name, 'wrong', '192.0.2.51')).statusCode, 401);
  });

  test('wrong current passwords on the password change count, and lock that source out', async () => {
    const name = await account();
    const session = await t.login(name);
    const change = (currentPassword: string) =>
      session.raw({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword, newPassword: 'another-secret-9' },
      });
    for (let i = 0; i < 4; i++) assert.equal((await change('wrong')).statusCode, 400);
    assert.equal((await change('wrong')).statusCode, 423);
    assert.equal((await change('gongzhi-demo')).statusCode, 423, 'locked even with the right password');
    assert.equal((await attempt(name, 'gongzhi-demo', '127.0.0.1')).statusCode, 423, 'and for signing in from there');
    assert.equal((await attempt(name, 'gongzhi-demo', '198.51.100.22')).statusCode, 200, 'not from elsewhere');
  });
});
