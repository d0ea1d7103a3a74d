import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/**
 * Corrections cannot mint points at will: bounded (POINTS_CORRECTION_MAX), for a person of the
 * community only, and above POINTS_CORRECTION_APPROVAL_ABOVE posted only once a second member
 * of staff approves.
 */
describe('points corrections: bounds, the person, and four eyes', () => {
  let t: TestApp;
  let staff: Client;
  let colleague: Client;
  let datieguan: number;
  let wangma: number;
  let users = 0;

  before(async () => {
    t = await startTestApp({
      LOGIN_RATE_LIMIT_PER_MINUTE: '500',
      POINTS_CORRECTION_MAX: '5000',
      POINTS_CORRECTION_APPROVAL_ABOVE: '200',
    });
    const ix = await demoIndex(await t.login('admin'));
    datieguan = ix.division('打铁关社区').id;
    wangma = ix.division('王马社区').id;
    staff = await t.login('community_datieguan');
    colleague = await addUser(t, `points_colleague_${process.pid}`, [
      { role: 'community_admin', divisionId: datieguan, gridId: null },
    ]);
  });
  after(() => t.close());

  const resident = (communityId: number) =>
    addUser(t, `correction_resident_${++users}_${process.pid}`, [
      { role: 'resident', divisionId: communityId, gridId: null },
    ]);
  const balance = async (client: Client) => (await client.get('/api/points/me')).json().balance as number;
  const correct = (by: Client, userId: number, amount: number, communityId = datieguan) =>
    by.post('/api/points/corrections', {
      communityId,
      userId,
      amount,
      reason: '测试调整',
      idempotencyKey: randomUUID(),
    });

  test('a million points in one correction is refused; so is a person outside the community', async () => {
    const r = await resident(datieguan);
    const huge = await correct(staff, r.me!.id, 1_000_000);
    assert.equal(huge.statusCode, 400);
    assert.equal(huge.json().error.details[0].path, 'body.amount');
    const elsewhere = await resident(wangma);
    const outside = await correct(staff, elsewhere.me!.id, 5);
    assert.equal(outside.statusCode, 400, 'a resident of another community (out of the caller’s area)');
    assert.equal(outside.json().error.details[0].path, 'body.userId');
    assert.equal(await balance(r), 0);
    assert.equal(await balance(elsewhere), 0);
  });

  test('a small correction is posted at once', async () => {
    const r = await resident(datieguan);
    const res = await correct(staff, r.me!.id, 150);
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'posted');
    assert.ok(res.json().postingId);
    assert.equal(await balance(r), 150);
  });

  test('a large one waits for a second member of staff: not the one who asked, and only once', async () => {
    const r = await resident(datieguan);
    const res = await correct(staff, r.me!.id, 1000);
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.equal(c.status, 'pending');
    assert.equal(c.postingId, null);
    assert.equal(await balance(r), 0, 'nothing posted while it waits');
    const pending = (await colleague.get(`/api/points/corrections?status=pending&communityId=${datieguan}`)).json();
    assert.ok(pending.items.some((i: { id: number }) => i.id === c.id));

    const self = await staff.post(`/api/points/corrections/${c.id}/approve`, {});
    assert.equal(self.statusCode, 403, 'the one who asked cannot approve');
    assert.equal(await balance(r), 0);
    const approved = await colleague.post(`/api/points/corrections/${c.id}/approve`, { note: '核实无误' });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().status, 'posted');
    assert.equal(approved.json().decidedByName, colleague.me!.displayName);
    assert.equal(await balance(r), 1000);
    assert.equal((await colleague.post(`/api/points/corrections/${c.id}/approve`, {})).statusCode, 409);
    assert.equal(await balance(r), 1000, 'approved once, posted once');
  });

  test('a rejected correction posts nothing; staff of another area do not see it', async () => {
    const r = await resident(datieguan);
    const c = (await correct(staff, r.me!.id, 800)).json();
    const other = await addUser(t, `points_wangma_${process.pid}`, [
      { role: 'community_admin', divisionId: wangma, gridId: null },
    ]);
    assert.equal((await other.post(`/api/points/corrections/${c.id}/reject`, {})).statusCode, 404);
    const rejected = await colleague.post(`/api/points/corrections/${c.id}/reject`, { note: '依据不足' });
    assert.equal(rejected.json().status, 'rejected');
    assert.equal(await balance(r), 0);
  });
});
