import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { creditCodeCheck, normalizeCreditCode } from '../../src/modules/alliance/credit-code.ts';
import { demoIndex } from '../support/demo.ts';
import { exportedSheet, exportMatchesList } from '../support/spreadsheet.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

/**
 * Alliance units (联建单位): credit codes with their check character, members' phones masked
 * and revealed only with the permission (audited), a unit claiming a micro-wish and taking on
 * a project, and scope.
 */
describe('alliance units', () => {
  let t: TestApp;
  let staff: Client;
  let datieguan: number;
  let other: number;
  let n = 0;
  const db = () => t.services.database.db;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    t.clock.set(new Date('2026-12-07T02:00:00Z'));
    const admin = await t.login('admin');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
    other = (
      await db()
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .where('id', '!=', datieguan)
        .executeTakeFirstOrThrow()
    ).id;
    staff = await t.login('community_datieguan');
  });
  after(() => t.close());

  // A valid code built from its first 17 characters (the check character computed by GB 32100).
  const code = (i: number) => {
    const first = `91330105${String(100000 + i).padStart(6, '0')}MA2`.slice(0, 17);
    return first + creditCodeCheck(first);
  };
  const unit = async (over: Record<string, unknown> = {}) => {
    const res = await staff.post('/api/alliance/units', {
      divisionId: datieguan,
      name: `红色蜂巢联建单位${++n}`,
      kind: 'party_partner',
      creditCode: code(n),
      address: '拱墅区打铁关',
      tags: ['红色蜂巢'],
      ...over,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };

  test('credit codes: 18 characters with the check character', async () => {
    // A published example code: 91350100M000100Y43.
    assert.equal(normalizeCreditCode('91350100M000100Y43'), '91350100M000100Y43');
    assert.equal(normalizeCreditCode(' 91350100m000100y43 '), '91350100M000100Y43');
    assert.equal(normalizeCreditCode('91350100M000100Y44'), null, 'wrong check character');
    assert.equal(normalizeCreditCode('91350100M000100Y4'), null, '17 characters');
    assert.equal(normalizeCreditCode('91350100I000100Y43'), null, 'I is not among the 31 characters');
    const bad = await staff.post('/api/alliance/units', {
      divisionId: datieguan,
      name: '错误代码单位',
      kind: 'company',
      creditCode: '91350100M000100Y44',
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.details[0].path, 'body.creditCode');
    const u = await unit({ creditCode: '91350100M000100Y43' });
    assert.equal(u.creditCode, '91350100M000100Y43');
    const again = await staff.post('/api/alliance/units', {
      divisionId: datieguan,
      name: '重复代码单位',
      kind: 'company',
      creditCode: '91350100m000100y43',
    });
    assert.equal(again.statusCode, 409, 'the same code twice');
    const noCode = await unit({ creditCode: undefined, kind: 'merchant' });
    assert.equal(noCode.creditCode, null);
  });

  test("members' phones are masked; the whole number only with alliance.reveal, and audited", async () => {
    const u = await unit();
    const added = await staff.post(`/api/alliance/units/${u.id}/members`, {
      name: '张联络',
      role: '联络员',
      phone: '138 1234 5678',
      isContact: true,
    });
    assert.equal(added.statusCode, 200, added.body);
    const member = added.json().memberList[0];
    assert.equal(member.phone, '138****5678');
    assert.ok(!added.body.includes('13812345678'));
    assert.equal(
      (await staff.post(`/api/alliance/units/${u.id}/members`, { name: '错号', phone: '12345' })).statusCode,
      400,
    );

    const whole = await staff.get(`/api/alliance/units/${u.id}/members/${member.id}/phone`);
    assert.equal(whole.statusCode, 200, whole.body);
    assert.equal(whole.json().phone, '13812345678');
    const audited = await db()
      .selectFrom('platform.audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'alliance.member.reveal')
      .where('entity_id', '=', String(member.id))
      .execute();
    assert.equal(audited.length, 1);

    // A grid worker reads units (alliance.read) but may not reveal.
    const grid = await t.login('grid_datieguan_01');
    const seen = await grid.get(`/api/alliance/units/${u.id}`);
    if (seen.statusCode === 200) {
      assert.equal(seen.json().canReveal, false);
      assert.equal((await grid.get(`/api/alliance/units/${u.id}/members/${member.id}/phone`)).statusCode, 403);
    } else assert.equal(seen.statusCode, 404);
  });

  test('a unit claims a wish and takes on a project; its page lists them', async () => {
    const u = await unit({ name: '零工市场联盟·某物业公司', kind: 'gig_alliance' });
    const wish = (
      await staff.post('/api/volunteer/wishes', {
        communityId: datieguan,
        beneficiaryLabel: '独居老人王奶奶',
        title: '一台电暖器',
      })
    ).json();
    const project = (
      await staff.post('/api/volunteer/projects', { communityId: datieguan, title: '楼道灯更换' })
    ).json();

    const claimed = await staff.post(`/api/alliance/units/${u.id}/claims`, { kind: 'wish', id: wish.id });
    assert.equal(claimed.statusCode, 200, claimed.body);
    assert.deepEqual(
      claimed
        .json()
        .claims.wishes.map((w: { id: number; claimedByUnitId: number; status: string }) => [
          w.id,
          w.claimedByUnitId,
          w.status,
        ]),
      [[wish.id, u.id, 'claimed']],
    );
    assert.equal(
      (await staff.post(`/api/alliance/units/${u.id}/claims`, { kind: 'wish', id: wish.id })).statusCode,
      409,
      'claimed already',
    );
    const joined = await staff.post(`/api/alliance/units/${u.id}/claims`, { kind: 'project', id: project.id });
    assert.equal(joined.statusCode, 200, joined.body);
    assert.equal(joined.json().claims.projects[0].claimedByUnit, '零工市场联盟·某物业公司');
    assert.equal(joined.json().claims.projects[0].status, 'claimed');

    // The wish, seen in the volunteer module, names the unit.
    const listed = (await staff.get('/api/volunteer/wishes'))
      .json()
      .items.find((w: { id: number }) => w.id === wish.id);
    assert.equal(listed.claimedByUnit, '零工市场联盟·某物业公司');

    // An inactive unit claims nothing.
    assert.equal((await staff.patch(`/api/alliance/units/${u.id}`, { active: false })).statusCode, 200);
    const w2 = (
      await staff.post('/api/volunteer/wishes', {
        communityId: datieguan,
        beneficiaryLabel: '困难家庭',
        title: '一套书包',
      })
    ).json();
    assert.equal((await staff.post(`/api/alliance/units/${u.id}/claims`, { kind: 'wish', id: w2.id })).statusCode, 409);
  });

  test('scope: staff of another community neither see nor change the unit; residents see no units', async () => {
    const u = await unit();
    const otherStaff = await addUser(t, 'alliance_other_admin', [
      { role: 'community_admin', divisionId: other, gridId: null },
    ]);
    assert.equal((await otherStaff.get(`/api/alliance/units/${u.id}`)).statusCode, 404);
    assert.equal((await otherStaff.patch(`/api/alliance/units/${u.id}`, { name: '改名' })).statusCode, 403);
    assert.ok(!(await otherStaff.get('/api/alliance/units')).json().items.some((x: { id: number }) => x.id === u.id));
    assert.equal(
      (await otherStaff.post('/api/alliance/units', { divisionId: datieguan, name: '越权单位', kind: 'company' }))
        .statusCode,
      403,
    );
    const resident = await addResident(t, 'alliance_resident', datieguan, '居民甲');
    assert.equal((await resident.get('/api/alliance/units')).statusCode, 403);
    // Search and filters.
    const found = (
      await staff.get(`/api/alliance/units?q=${encodeURIComponent(u.name)}&kind=party_partner&tag=红色蜂巢`)
    ).json();
    assert.deepEqual(
      found.items.map((x: { id: number }) => x.id),
      [u.id],
    );
    const page = (await staff.get('/api/alliance/units?limit=2')).json();
    assert.equal(page.items.length, 2);
    assert.ok(page.nextCursor);
  });

  test('the Excel export holds the list with its filters; no member or contact in it', async () => {
    const u = await unit({ kind: 'merchant', tags: ['零工市场联盟'] });
    const member = await staff.post(`/api/alliance/units/${u.id}/members`, {
      name: '联系人乙',
      phone: '13912345678',
      isContact: true,
    });
    assert.equal(member.statusCode, 200, member.body);
    await exportMatchesList(
      t,
      staff,
      'alliance-units',
      '/api/alliance/units',
      { kind: 'merchant' },
      {
        单位名称: (x) => x.name,
        类型: () => '商户',
        统一社会信用代码: (x) => x.creditCode,
        成员数: (x) => x.members,
      },
    );
    const { body } = await exportedSheet(t, staff, 'alliance-units', {});
    assert.ok(body.length >= 2);
    assert.ok(!JSON.stringify(body).includes('13912345678') && !JSON.stringify(body).includes('联系人乙'));
  });
});
