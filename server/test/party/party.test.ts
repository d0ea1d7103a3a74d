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
    const stats = (await community.get('/api/party/stats')).json().items;
    const row = stats.find((s: { orgId: number }) => s.orgId === a.id);
    assert.deepEqual(
      { members: row.members, reported: row.reported, claimed: row.tasksClaimed, done: row.tasksDone },
      { members: 2, reported: 1, claimed: 1, done: 0 },
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
});
