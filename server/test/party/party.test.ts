import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/** Party organisation: branches, a 流动党员 in two branches, an 在职党员's 报到 and a claimed wish in the figures. */
describe('party organisation', () => {
  let t: TestApp;
  let community: Client;
  let resident: Client;
  let datieguan: number;
  let other: number;

  before(async () => {
    t = await startTestApp();
    t.clock.set(new Date('2026-03-10T02:00:00Z'));
    community = await t.login('community_datieguan');
    resident = await t.login('resident_demo');
    const db = t.services.database.db;
    datieguan = (
      await db.selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
    ).id;
    other = (
      await db
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .where('id', '!=', datieguan)
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());

  test('organisations, members in both branches, 报到, a claimed wish in the figures', async () => {
    const committee = await community.post('/api/party/orgs', {
      kind: 'committee',
      name: '打铁关社区党委',
      communityId: datieguan,
    });
    assert.equal(committee.statusCode, 201, committee.body);
    const a = (
      await community.post('/api/party/orgs', {
        kind: 'branch',
        name: '第一网格党支部',
        parentId: committee.json().id,
        communityId: datieguan,
      })
    ).json();
    const b = (
      await community.post('/api/party/orgs', {
        kind: 'branch',
        name: '第二网格党支部',
        parentId: committee.json().id,
        communityId: datieguan,
      })
    ).json();
    assert.equal(
      (await community.post('/api/party/orgs', { kind: 'branch', name: 'x', communityId: other })).statusCode,
      403,
    );
    assert.equal(
      (await community.post('/api/party/orgs', { kind: 'center_household', name: 'x', communityId: datieguan }))
        .statusCode,
      400,
      'a 党员中心户 is a household',
    );
    assert.equal((await resident.get('/api/party/orgs')).statusCode, 403);

    const person = (await community.get('/api/org/persons?limit=2')).json().items;
    const floating = await community.post('/api/party/members', {
      personId: person[0].id,
      kind: 'floating',
      primaryOrgId: a.id,
      joinedOn: '2010-07-01',
    });
    assert.equal(floating.statusCode, 201, floating.body);
    const enrolled = await community.post(`/api/party/members/${floating.json().id}/residence`, { orgId: b.id });
    assert.equal(enrolled.statusCode, 200, enrolled.body);
    for (const org of [a, b]) {
      const listed = (await community.get(`/api/party/orgs/${org.id}/members`)).json().items;
      assert.ok(
        listed.some((m: { id: number }) => m.id === floating.json().id),
        org.name,
      );
    }
    assert.equal(
      (
        await community.post('/api/party/members', {
          personId: person[0].id,
          kind: 'regular',
          primaryOrgId: a.id,
          joinedOn: '2010-07-01',
        })
      ).statusCode,
      409,
    );

    const me = (await resident.get('/api/auth/me')).json();
    assert.equal((await resident.post('/api/party/me/report')).statusCode, 409, 'not a member yet');
    const added = await community.post('/api/party/members', {
      personId: me.personId,
      kind: 'in_service',
      primaryOrgId: a.id,
      joinedOn: '2015-07-01',
    });
    assert.equal(added.statusCode, 201, added.body);
    const reported = await resident.post('/api/party/me/report');
    assert.equal(reported.statusCode, 201, reported.body);
    assert.equal(reported.json().member.report.status, 'requested');
    assert.equal((await resident.post('/api/party/me/report')).statusCode, 409);
    const pending = (await community.get('/api/party/reports?status=requested')).json().items;
    assert.equal(pending.length, 1);
    assert.equal((await resident.post(`/api/party/reports/${pending[0].id}/confirm`)).statusCode, 403);
    assert.equal((await community.post(`/api/party/reports/${pending[0].id}/confirm`)).statusCode, 200);

    const wish = await community.post('/api/volunteer/wishes', {
      communityId: datieguan,
      beneficiaryLabel: '独居老人',
      title: '一台收音机',
    });
    assert.equal(wish.statusCode, 201, wish.body);
    assert.equal((await resident.post(`/api/volunteer/wishes/${wish.json().id}/claim`, {})).statusCode, 200);
    // An activity signed up for, and a key small matter the branch took on by its name (先锋领办) and finished.
    const leader = await t.login('grid_datieguan_01');
    const team = (await leader.get('/api/volunteer/teams?q=暖宝')).json().items[0].id;
    const now = t.clock.now().getTime();
    const activity = await leader.post('/api/volunteer/activities', {
      teamId: team,
      title: '楼道清扫',
      place: '打铁关小区',
      startsAt: new Date(now + 86_400_000).toISOString(),
      endsAt: new Date(now + 90_000_000).toISOString(),
      capacity: 5,
    });
    assert.equal(activity.statusCode, 201, activity.body);
    assert.equal((await resident.post(`/api/volunteer/activities/${activity.json().id}/signup`)).statusCode, 200);
    const project = (
      await community.post('/api/volunteer/projects', { communityId: datieguan, title: '楼道灯更换' })
    ).json();
    for (const update of [
      { progress: 0, note: '先锋领办', claimedByUnit: a.name },
      { progress: 100, note: '完成' },
    ])
      assert.equal((await community.post(`/api/volunteer/projects/${project.id}/updates`, update)).statusCode, 200);
    const stats = (await community.get('/api/party/stats')).json().items;
    const row = stats.find((s: { orgId: number }) => s.orgId === a.id);
    assert.deepEqual(
      { members: row.members, reported: row.reported, claimed: row.tasksClaimed, done: row.tasksDone },
      { members: 2, reported: 1, claimed: 3, done: 1 },
    );
    assert.deepEqual(
      { wishes: row.wishes, activities: row.activities, projects: row.projects },
      { wishes: { claimed: 1, done: 0 }, activities: { claimed: 1, done: 0 }, projects: { claimed: 1, done: 1 } },
    );
    const actions = (
      await t.services.database.db
        .selectFrom('platform.audit_log')
        .select('action')
        .where('action', 'like', 'party.%')
        .execute()
    ).map((r) => r.action);
    for (const a of ['party.org.create', 'party.member.add', 'party.member.enrol', 'party.report.confirm'])
      assert.ok(actions.includes(a as never), a);
  });

  test('edit and remove organisations and enrolments; the board shows a building’s 党员中心户', async () => {
    const db = t.services.database.db;
    const top = (
      await community.post('/api/party/orgs', { kind: 'committee', name: '测试党委', communityId: datieguan })
    ).json();
    const x = (
      await community.post('/api/party/orgs', {
        kind: 'branch',
        name: '甲支部',
        parentId: top.id,
        communityId: datieguan,
        secretary: '王书记',
      })
    ).json();
    assert.equal(x.secretary, '王书记');
    const y = (
      await community.post('/api/party/orgs', {
        kind: 'branch',
        name: '乙支部',
        parentId: top.id,
        communityId: datieguan,
      })
    ).json();
    const renamed = await community.patch(`/api/party/orgs/${x.id}`, { name: '甲网格党支部', secretary: '李书记' });
    assert.equal(renamed.statusCode, 200, renamed.body);
    assert.deepEqual(
      [renamed.json().name, renamed.json().secretary, renamed.json().parentId],
      ['甲网格党支部', '李书记', top.id],
    );
    assert.equal((await community.patch(`/api/party/orgs/${x.id}`, { parentId: y.id })).json().parentId, y.id);
    assert.equal((await community.patch(`/api/party/orgs/${y.id}`, { parentId: x.id })).statusCode, 400, 'a loop');
    assert.equal((await community.patch(`/api/party/orgs/${x.id}`, { parentId: x.id })).statusCode, 400, 'itself');
    assert.equal((await community.patch(`/api/party/orgs/${x.id}`, { name: '' })).statusCode, 400);
    assert.equal((await resident.patch(`/api/party/orgs/${x.id}`, { name: 'z' })).statusCode, 403);
    assert.equal((await community.patch(`/api/party/orgs/${x.id}`, { parentId: top.id })).statusCode, 200);

    const person = (await community.get('/api/org/persons?limit=3')).json().items[2];
    const m = (
      await community.post('/api/party/members', {
        personId: person.id,
        kind: 'regular',
        primaryOrgId: x.id,
        joinedOn: '2001-07-01',
      })
    ).json();
    assert.equal((await community.delete(`/api/party/orgs/${x.id}`)).statusCode, 409, 'it has a member');
    assert.equal((await community.delete(`/api/party/orgs/${top.id}`)).statusCode, 409, 'it has branches');
    assert.equal(
      (await community.patch(`/api/party/members/${m.id}`, { residenceOrgId: y.id })).statusCode,
      400,
      'only a 流动党员 has a residence branch',
    );
    const floating = await community.patch(`/api/party/members/${m.id}`, { kind: 'floating', residenceOrgId: y.id });
    assert.equal(floating.statusCode, 200, floating.body);
    assert.equal(floating.json().residenceOrg.id, y.id);
    const settled = (
      await community.patch(`/api/party/members/${m.id}`, { kind: 'regular', joinedOn: '2002-07-01' })
    ).json();
    assert.deepEqual([settled.kind, settled.residenceOrg, settled.joinedOn], ['regular', null, '2002-07-01']);
    assert.equal((await resident.delete(`/api/party/members/${m.id}`)).statusCode, 403);
    assert.equal((await community.delete(`/api/party/members/${m.id}`)).statusCode, 204);
    assert.equal((await community.get(`/api/party/orgs/${x.id}/members`)).json().total, 0);
    assert.equal((await community.delete(`/api/party/orgs/${x.id}`)).statusCode, 204);
    assert.ok(!(await community.get('/api/party/orgs')).json().items.some((o: { id: number }) => o.id === x.id));

    const household = await db
      .selectFrom('org.households')
      .innerJoin('org.buildings', 'org.buildings.id', 'org.households.building_id')
      .select(['org.households.id', 'org.households.building_id'])
      .where('org.buildings.community_id', '=', datieguan)
      .orderBy('org.households.id')
      .executeTakeFirstOrThrow();
    const center = await community.post('/api/party/orgs', {
      kind: 'center_household',
      name: '张家党员中心户',
      parentId: y.id,
      communityId: datieguan,
      householdId: household.id,
      secretary: '张大爷',
    });
    assert.equal(center.statusCode, 201, center.body);
    const board = (await community.get(`/api/org/board?buildingId=${household.building_id}`)).json();
    const shown = board.centerHouseholds.find((c: { name: string }) => c.name === '张家党员中心户');
    assert.ok(shown, JSON.stringify(board.centerHouseholds));
    assert.equal(shown.secretary, '张大爷');
    assert.ok(shown.household.length > 0);

    const actions = (
      await db.selectFrom('platform.audit_log').select('action').where('action', 'like', 'party.%').execute()
    ).map((r) => r.action);
    for (const a of ['party.org.update', 'party.org.delete', 'party.member.update', 'party.member.remove'])
      assert.ok(actions.includes(a as never), a);
  });
});
