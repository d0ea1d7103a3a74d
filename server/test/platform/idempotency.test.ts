import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Client, startTestApp, type TestApp } from '../support/harness.ts';
import { buildingPoint, countMatters, report } from '../support/matters.ts';

/** Idempotency-Key (issue 14, weak signal): a phone's resent action lands once. */
describe('idempotency keys', () => {
  let t: TestApp;
  let resident: Client;
  let worker: Client;
  let home: { lat: number; lng: number; address: string };

  before(async () => {
    t = await startTestApp();
    resident = await t.login('resident_demo');
    worker = await t.login('grid_datieguan_01');
    home = await buildingPoint(await t.login('admin'), '打铁关小区3幢');
  });
  after(() => t.close());

  const key = (name: string) => ({ 'idempotency-key': `test-${name}` });

  test('a report sent twice with one key makes one matter; the repeat replays the first answer', async () => {
    const before = await countMatters(t);
    const first = await report(resident, 'community.fire_safety.blocked_lane', home);
    assert.equal(first.statusCode, 201, first.body);
    const countAfterPlain = await countMatters(t);
    assert.equal(countAfterPlain, before + 1);

    const body = { description: '幂等测试：楼道堆放杂物', ...home };
    const categoryId = (await resident.get('/api/matters/categories'))
      .json()
      .items.find((c: { code: string }) => c.code === 'community.fire_safety.blocked_lane').id;
    const once = await resident.post('/api/matters', { categoryId, ...body }, key('report'));
    assert.equal(once.statusCode, 201, once.body);
    assert.equal(once.headers['idempotent-replayed'], undefined);
    // The same JSON with its keys in another order is the same request.
    const again = await resident.post('/api/matters', { ...body, categoryId }, key('report'));
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), once.json());
    assert.equal(await countMatters(t), countAfterPlain + 1);

    // Another user's identical key is their own.
    const other = await t.login('courier_demo');
    const theirs = await other.post('/api/matters', { categoryId, ...body }, key('report'));
    assert.equal(theirs.statusCode, 201, theirs.body);
    assert.equal(theirs.headers['idempotent-replayed'], undefined);
    assert.notEqual(theirs.json().id, once.json().id);
    assert.equal(await countMatters(t), countAfterPlain + 2);
  });

  test('a note sent twice with one key is on the timeline once; without a key, twice', async () => {
    const matter = (await report(resident, 'community.fire_safety.blocked_lane', home)).json();
    assert.equal((await worker.post(`/api/matters/${matter.id}/accept`, {})).statusCode, 200);
    const note = { note: '弱信号下记录的进展' };
    const first = await worker.post(`/api/matters/${matter.id}/notes`, note, key('note'));
    assert.ok(first.statusCode < 300, first.body);
    const second = await worker.post(`/api/matters/${matter.id}/notes`, note, key('note'));
    assert.equal(second.statusCode, first.statusCode);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.equal(second.body, first.body);
    const notes = async (text: string) =>
      (await worker.get(`/api/matters/${matter.id}`)).json().timeline.filter((e: { note: string }) => e.note === text)
        .length;
    assert.equal(await notes(note.note), 1);

    const plain = { note: '没有幂等键的记录' };
    await worker.post(`/api/matters/${matter.id}/notes`, plain);
    await worker.post(`/api/matters/${matter.id}/notes`, plain);
    assert.equal(await notes(plain.note), 2);

    // The same key with another body, or on another path, is refused and changes nothing.
    const changed = await worker.post(`/api/matters/${matter.id}/notes`, { note: '另一条' }, key('note'));
    assert.equal(changed.statusCode, 422, changed.body);
    assert.equal(changed.json().error.code, 'idempotency_mismatch');
    assert.equal(await notes('另一条'), 0);
    const elsewhere = await worker.post(`/api/matters/${matter.id}/start`, {}, key('note'));
    assert.equal(elsewhere.statusCode, 422);
    assert.equal((await worker.get(`/api/matters/${matter.id}`)).json().status, 'accepted');
  });

  test('a refusal is replayed too; a repeat while the first runs is a 409', async () => {
    const refused = await resident.post('/api/matters/999999999/notes', { note: '不存在' }, key('missing'));
    assert.equal(refused.statusCode, 404);
    const again = await resident.post('/api/matters/999999999/notes', { note: '不存在' }, key('missing'));
    assert.equal(again.statusCode, 404);
    assert.equal(again.headers['idempotent-replayed'], 'true');

    // Another process holds the key (claimed, not yet answered).
    const userId = resident.me!.user?.id ?? resident.me!.id;
    const matter = (await report(resident, 'community.fire_safety.blocked_lane', home)).json();
    const url = `/api/matters/${matter.id}/notes`;
    const body = { note: '正在处理中' };
    const { fingerprintOf } = await import('../../src/platform/idempotency.ts');
    const claim = await t.services.idempotency.claim(userId, 'test-running', fingerprintOf('POST', url, body));
    assert.equal(claim.claimed, true);
    const busy = await resident.post(url, body, key('running'));
    assert.equal(busy.statusCode, 409, busy.body);
    assert.equal(busy.json().error.code, 'idempotency_in_progress');
  });

  test('keys expire after the TTL, by the purge', async () => {
    const matter = (await report(resident, 'community.fire_safety.blocked_lane', home)).json();
    const url = `/api/matters/${matter.id}/notes`;
    assert.ok((await resident.post(url, { note: '第一次' }, key('ttl'))).statusCode < 300);
    t.clock.advance((t.config.IDEMPOTENCY_TTL_HOURS + 1) * 3_600_000);
    assert.ok((await t.services.idempotency.purgeExpired(t.clock.now())) >= 1);
    // A fresh session after the clock moved past the sign-in's lifetime.
    const again = await t.login('resident_demo');
    const later = await again.post(url, { note: '第二次' }, key('ttl'));
    assert.ok(later.statusCode < 300, later.body);
    assert.equal(later.headers['idempotent-replayed'], undefined);
  });

  test('a bad key is a 400', async () => {
    const fresh = await t.login('grid_datieguan_01');
    const res = await fresh.post('/api/matters/1/notes', { note: 'x' }, { 'idempotency-key': 'a b' });
    assert.equal(res.statusCode, 400);
  });
});
