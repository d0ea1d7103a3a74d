import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/**
 * One order of answers on every route (docs/ARCHITECTURE.md, "Who may do what"): 401 without
 * a session; 400 for input of the wrong shape; 404 for a record the caller cannot see; 403
 * for one they see but may not change so; then 400 or 409 for what the body or the record's
 * state says. A refusal never tells what exists beyond what the caller may see.
 */
describe('status codes follow one rule', () => {
  let t: TestApp;
  let admin: Client;
  let outsider: Client;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    admin = await t.login('admin');
    const tree = (await admin.get('/api/org/tree')).json();
    // A resident of a community with no activities or cases of the demo's.
    const street = tree.divisions.find((d: { level: string; inScope: boolean }) => d.level === 'street' && d.inScope);
    const made = await admin.post('/api/org/divisions', {
      parentId: street.id,
      level: 'community',
      name: '状态码测试社区',
      code: '977700000001',
    });
    assert.equal(made.statusCode, 201, made.body);
    outsider = await addUser(t, `status_outsider_${process.pid}`, [
      { role: 'resident', divisionId: made.json().id, gridId: null },
    ]);
  });
  after(() => t.close());

  test("cancelling a sign-up for another community's activity: 404, not 409", async () => {
    const activity = (await admin.get('/api/volunteer/activities?limit=1')).json().items[0];
    assert.ok(activity, 'the demo has an activity');
    const res = await outsider.post(`/api/volunteer/activities/${activity.id}/cancel`, {});
    assert.equal(res.statusCode, 404, res.body);
  });

  test('assigning a mediator to a case one cannot see: 404, not 400 about the mediator', async () => {
    const kase = (await admin.get('/api/mediation/cases?limit=1')).json().items[0];
    assert.ok(kase, 'the demo has a case');
    const res = await outsider.post(`/api/mediation/cases/${kase.id}/assign`, { mediatorUserId: 999999 });
    assert.equal(res.statusCode, 404, res.body);
  });

  test('an anonymous request with bad input: 401, not 400', async () => {
    const res = await t.anonymous().post('/api/matters', { description: '\u0000' });
    assert.equal(res.statusCode, 401);
  });
});
