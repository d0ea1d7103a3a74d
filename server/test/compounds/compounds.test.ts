import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';

/** Compounds (小区) and their file: buildings, owners' committee, property company, meetings, matters. */
describe('compounds', () => {
  let t: TestApp;
  let staff: Client;
  let resident: Client;
  let datieguan: number;
  let ours: { id: number; name: string }[];
  let theirs: number;

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-03-10T02:00:00Z')); // 10:00 in Hangzhou
    staff = await t.login('community_datieguan');
    resident = await t.login('resident_demo');
    const db = t.services.database.db;
    datieguan = (
      await db.selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
    ).id;
    ours = await db
      .selectFrom('org.buildings')
      .select(['id', 'name'])
      .where('community_id', '=', datieguan)
      .orderBy('id')
      .limit(3)
      .execute();
    theirs = (
      await db.selectFrom('org.buildings').select('id').where('community_id', '!=', datieguan).executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());

  test('a compound with its buildings, committee, property company, meeting and matters; writes audited', async () => {
    assert.ok(ours.length >= 2);
    const created = await staff.post('/api/compounds', {
      communityId: datieguan,
      name: '打铁关新村',
      kind: 'old',
      address: '打铁关路 1 号',
      buildingIds: [ours[0]!.id, ours[1]!.id],
      committeeTermStart: '2021-05-01',
      committeeTermEnd: '2026-04-30',
      committeeElectedOn: '2021-04-20',
    });
    assert.equal(created.statusCode, 201, created.body);
    const c = created.json();
    assert.equal(c.buildings, 2);
    assert.equal(c.committee.warning, 'ending'); // ends within 90 days of 2026-03-10
    assert.equal(c.canManage, true);

    // A building in another community, or already in a compound, is refused.
    const foreign = await staff.post('/api/compounds', {
      communityId: datieguan,
      name: '别处',
      kind: 'commodity',
      buildingIds: [theirs],
    });
    assert.equal(foreign.statusCode, 400, foreign.body);
    const twice = await staff.post('/api/compounds', {
      communityId: datieguan,
      name: '重复',
      kind: 'commodity',
      buildingIds: [ours[0]!.id],
    });
    assert.equal(twice.statusCode, 400, twice.body);

    const member = await staff.post(`/api/compounds/${c.id}/members`, {
      name: '王建国',
      role: 'director',
      phone: '13812345678',
    });
    assert.equal(member.statusCode, 201, member.body);
    assert.equal(member.json().committee.members[0].phone, '138****5678');

    await staff.post(`/api/compounds/${c.id}/contracts`, {
      companyName: '绿城物业',
      contact: '李经理',
      phone: '13900001111',
      startsOn: '2023-01-01',
      feeFen: 150,
    });
    const second = await staff.post(`/api/compounds/${c.id}/contracts`, {
      companyName: '滨江物业',
      startsOn: '2026-01-01',
      endsOn: '2028-12-31',
      feeFen: 180,
    });
    assert.equal(second.statusCode, 201, second.body);
    const [now, before] = second.json().contracts;
    assert.equal(now.companyName, '滨江物业');
    assert.equal(now.current, true);
    assert.equal(before.current, false);
    assert.equal(before.endsOn, '2025-12-31');
    assert.equal(second.json().propertyCompany, '滨江物业');

    const meeting = (
      await staff.post('/api/deliberation/meetings', {
        communityId: datieguan,
        kind: 'tripartite',
        title: '三方协调会：电梯加装',
        startsAt: '2026-03-12T06:00:00Z',
        endsAt: '2026-03-12T08:00:00Z',
      })
    ).json();
    const linked = await staff.post(`/api/compounds/${c.id}/meetings`, { meetingId: meeting.id });
    assert.equal(linked.statusCode, 201, linked.body);
    assert.equal(linked.json().meetings[0].title, '三方协调会：电梯加装');

    const point = await buildingPoint(staff, ours[0]!.name);
    const m = await report(resident, 'event.street_order.hawkers', point);
    assert.equal(m.statusCode, 201, m.body);
    const page = (await staff.get(`/api/compounds/${c.id}`)).json();
    assert.ok(page.matters.total >= 1);
    assert.ok(page.matters.latest.length >= 1);

    const list = (await staff.get('/api/compounds?kind=old&q=打铁关')).json();
    assert.deepEqual(
      list.items.map((x: { id: number }) => x.id),
      [c.id],
    );
    const audited = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', 'like', 'compounds.%')
      .execute();
    assert.deepEqual(
      new Set(audited.map((a) => a.action)),
      new Set([
        'compounds.compound.create',
        'compounds.member.add',
        'compounds.contract.add',
        'compounds.meeting.link',
      ]),
    );
  });

  test('a resident reads no compounds; a term ended warns', async () => {
    assert.equal((await resident.get('/api/compounds')).statusCode, 403);
    const res = await staff.post('/api/compounds', {
      communityId: datieguan,
      name: '回迁苑',
      kind: 'resettlement',
      committeeTermStart: '2020-01-01',
      committeeTermEnd: '2025-12-31',
    });
    assert.equal(res.statusCode, 201, res.body);
    const c = res.json();
    assert.equal(c.committee.warning, 'ended');
    assert.equal((await resident.get(`/api/compounds/${c.id}`)).statusCode, 404);
    const bad = await staff.patch(`/api/compounds/${c.id}`, { committeeTermStart: '2026-01-01' });
    assert.equal(bad.statusCode, 400, bad.body);
  });
});
