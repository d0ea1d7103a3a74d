import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import { categoryId } from '../support/matters.ts';

/**
 * One clock: every timestamp the API reports for a record made now is the injected Clock's time,
 * to the millisecond — never the database's now(), which is the machine's time. The test clock
 * stands at an instant of its own, so a timestamp written by the database cannot equal it.
 */
describe('one clock', () => {
  let t: TestApp;
  let make: Factories;
  // An instant of its own, years from the template's demo data and from the machine's date.
  const at = new Date('2031-03-09T01:23:45.678Z');
  before(async () => {
    t = await startTestApp();
    t.clock.set(at);
    make = await factories(t);
  });
  after(() => t.close());

  test('a record made now carries the clock time, not the database time', async () => {
    const community = await make.community();
    const grid = await make.grid(community.id);
    const person = await make.person(community.id, { gridId: grid.id });
    assert.equal(person.updatedAt, at.toISOString(), 'person.updatedAt');

    const resident = await make.user([{ role: 'resident', divisionId: community.id, gridId: null }]);
    const filed = await resident.post('/api/matters', {
      categoryId: await categoryId(resident, 'community.fire_safety.blocked_lane'),
      description: '楼下消防通道被电动车堵住了',
      lat: grid.corner.lat + 0.005,
      lng: grid.corner.lng + 0.005,
    });
    assert.equal(filed.statusCode, 201, filed.body);
    const matter = filed.json();
    assert.equal(matter.createdAt, at.toISOString(), 'matter.createdAt');
    assert.equal(matter.updatedAt, at.toISOString(), 'matter.updatedAt');
    assert.ok(Date.parse(matter.acceptDueAt) > at.getTime(), 'the deadline runs from the clock');

    const later = new Date(at.getTime() + 90 * 60_000);
    t.clock.set(later);
    const noted = await make.admin.post(`/api/matters/${matter.id}/notes`, { note: '已电话联系物业' });
    assert.equal(noted.statusCode, 200, noted.body);
    const detail = (await make.admin.get(`/api/matters/${matter.id}`)).json();
    assert.deepEqual(
      detail.timeline.map((e: { at: string }) => e.at),
      [at.toISOString(), later.toISOString()],
      'timeline entries at the clock times',
    );
    const audit = (await make.admin.get(`/api/audit?entityType=matter&entityId=${matter.id}`)).json();
    assert.ok(audit.items.length > 0, 'audited');
    for (const entry of audit.items)
      assert.ok([at.toISOString(), later.toISOString()].includes(entry.at), `audit at ${entry.at}`);
  });
});
