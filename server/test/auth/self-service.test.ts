import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

describe('one’s own account: devices signed in, and deletion reviewed by staff', () => {
  let t: TestApp;
  let community: Client;
  let index: Awaited<ReturnType<typeof demoIndex>>;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    community = await t.login('community_datieguan');
    index = await demoIndex(await t.login('admin'));
  });
  after(() => t.close());

  /** A resident account of 打铁关社区 with its own password, signed in. */
  const newResident = async (username: string, phone: string) => {
    const created = await community.post('/api/auth/users', {
      username,
      displayName: '居民 测试',
      phone,
      grants: [{ role: 'resident', divisionId: index.division('打铁关社区').id }],
    });
    assert.equal(created.statusCode, 200, created.body);
    const first = await t.login(username, created.json().initialPassword);
    await first.post('/api/auth/password', {
      currentPassword: created.json().initialPassword,
      newPassword: 'resident2026ok',
    });
    return { id: created.json().user.id as number, client: await t.login(username, 'resident2026ok') };
  };

  test('the devices signed in are listed; one, or all the others, can be signed out', async () => {
    const { client: phone } = await newResident('self_devices', '13600100001');
    const laptop = await t.login('self_devices', 'resident2026ok');
    const list = (await phone.get('/api/auth/sessions')).json().items;
    assert.ok(list.length >= 2);
    assert.equal(list.filter((s: { current: boolean }) => s.current).length, 1);
    const laptopHandle = (await laptop.get('/api/auth/sessions')).json().items.find((s: any) => s.current).id;
    assert.equal((await phone.delete(`/api/auth/sessions/${laptopHandle}`)).statusCode, 200);
    assert.equal((await laptop.get('/api/auth/me')).statusCode, 401, 'that device is signed out');
    assert.equal((await phone.get('/api/auth/me')).statusCode, 200, 'this one is not');
    assert.equal((await phone.delete(`/api/auth/sessions/${laptopHandle}`)).statusCode, 404);
    const other = await t.login('self_devices', 'resident2026ok');
    const ended = await phone.delete('/api/auth/sessions/others');
    assert.ok(ended.json().ended >= 1);
    assert.equal((await other.get('/api/auth/me')).statusCode, 401);
    // Someone else's handle signs nobody out.
    const stranger = await t.login('resident_demo');
    const mine = (await phone.get('/api/auth/sessions')).json().items[0].id;
    assert.equal((await stranger.delete(`/api/auth/sessions/${mine}`)).statusCode, 404);
    assert.equal((await phone.get('/api/auth/me')).statusCode, 200);
  });

  test('a deletion request, approved by the community, anonymises the account and keeps the audit trail', async () => {
    const { id, client } = await newResident('self_delete', '13600100002');
    assert.equal((await client.post('/api/auth/deletion-request', { reason: '搬离本社区' })).statusCode, 200);
    assert.equal((await client.post('/api/auth/deletion-request', {})).statusCode, 409, 'one open request');
    const pending = (await community.get('/api/auth/deletion-requests')).json().items;
    const request = pending.find((r: { userId: number }) => r.userId === id);
    assert.ok(request, 'the community sees it');
    assert.equal(request.phone, '136****0002');
    // Not for staff elsewhere.
    const elsewhere = (await (await t.login('street_wenhui')).get('/api/auth/deletion-requests')).json().items;
    assert.ok(
      elsewhere.some((r: { userId: number }) => r.userId === id),
      'the street above sees it too',
    );

    const decided = await community.post(`/api/auth/deletion-requests/${request.id}/decide`, { approve: true });
    assert.equal(decided.statusCode, 200, decided.body);
    await t.services.jobs.drain();
    assert.equal((await client.get('/api/auth/me')).statusCode, 401, 'signed out at once');
    await assert.rejects(t.login('self_delete', 'resident2026ok'), /401/);
    await assert.rejects(t.login('13600100002', 'resident2026ok'), /401/);

    const row = await t.services.database.db
      .selectFrom('auth.users')
      .select(['username', 'display_name', 'phone', 'person_id', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, {
      username: `deleted-${id}`,
      display_name: '已注销用户',
      phone: null,
      person_id: null,
      status: 'disabled',
    });
    const audit = (await community.get(`/api/audit?entityType=user&entityId=${id}`)).json().items;
    const actions = audit.map((e: { action: string }) => e.action);
    assert.ok(actions.includes('auth.user.create') && actions.includes('auth.user.anonymised'), `${actions}`);
    assert.equal(
      (await community.post(`/api/auth/deletion-requests/${request.id}/decide`, { approve: true })).statusCode,
      404,
    );
  });

  test('a request may be withdrawn, or rejected with a note, and the account stays', async () => {
    const { client } = await newResident('self_keep', '13600100003');
    await client.post('/api/auth/deletion-request', {});
    assert.equal((await client.delete('/api/auth/deletion-request')).statusCode, 200);
    assert.equal((await client.get('/api/auth/deletion-request')).json().request, null);
    await client.post('/api/auth/deletion-request', {});
    const request = (await community.get('/api/auth/deletion-requests'))
      .json()
      .items.find((r: { displayName: string }) => r.displayName === '居民 测试');
    const rejected = await community.post(`/api/auth/deletion-requests/${request.id}/decide`, {
      approve: false,
      note: '尚有未结的调解案件',
    });
    assert.equal(rejected.statusCode, 200);
    assert.equal((await client.get('/api/auth/me')).statusCode, 200);
    const grid = await t.login('grid_datieguan_01');
    assert.equal((await grid.get('/api/auth/deletion-requests')).statusCode, 403);
  });
});
