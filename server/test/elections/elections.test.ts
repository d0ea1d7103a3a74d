import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as authRepo from '../../src/modules/auth/repository.ts';
import { hashPassword } from '../../src/modules/auth/service.ts';
import * as orgRepo from '../../src/modules/org/repository.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

const HOUR = 3_600_000;

/**
 * 业委会选举 through the API: the electorate of owner households, nomination rules, review,
 * one ballot per household with at most `seats` marks, paper ballots, the count and the drawing.
 */
describe('committee elections', () => {
  let t: TestApp;
  let staff: Client;
  let otherStaff: Client;
  let outsider: Client;
  let datieguan: number;
  let other: number;
  let buildingId: number;
  const owners: Client[] = [];
  const ownerPersons: number[] = [];
  const households: number[] = [];
  let tenant: Client;
  let tenantPerson: number;
  let electionId: number;
  const start = new Date('2026-06-01T01:00:00Z');
  // Six owner households: 90, 90, 90, 60, 60 and 120 m² (510 m² in all).
  const AREAS = [90, 90, 90, 60, 60, 120];

  before(async () => {
    // Everyone signs in again after each long jump of the clock.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    t.clock.set(start);
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
    staff = await t.login('community_datieguan');
    otherStaff = await addUser(t, 'election_other_admin', [
      { role: 'community_admin', divisionId: other, gridId: null },
    ]);
    outsider = await addResident(t, 'election_outsider', other, '外社区居民');
    buildingId = (await staff.post('/api/org/buildings', { communityId: datieguan, name: '选举楼' })).json().id;
    const passwordHash = await hashPassword('gongzhi-demo');
    const person = async (name: string, household: number, owner: boolean, username: string) => {
      const personId = await orgRepo.insertPerson(db, {
        community_id: datieguan,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
        building_id: buildingId,
        household_id: household,
        name,
        is_owner: owner,
        birth_date: '1970-01-01',
      });
      const userId = await authRepo.insertUser(
        db,
        { username, phone: null, displayName: name, passwordHash, personId },
        t.clock.now(),
      );
      await authRepo.insertGrants(
        db,
        userId,
        [{ role: 'resident', divisionId: datieguan, gridId: null }],
        t.clock.now(),
      );
      return { personId, client: await t.login(username) };
    };
    for (const [i, area] of AREAS.entries()) {
      const h = await orgRepo.ensureHousehold(db, buildingId, null, `${101 + i}`, area, t.clock.now());
      households.push(h);
      const o = await person(`业主${'甲乙丙丁戊己'[i]}`, h, true, `election_owner_${i}`);
      owners.push(o.client);
      ownerPersons.push(o.personId);
    }
    const tn = await person('租户某', households[0]!, false, 'election_tenant');
    tenant = tn.client;
    tenantPerson = tn.personId;
  });
  after(() => t.close());

  const at = (h: number) => new Date(start.getTime() + h * HOUR).toISOString();
  const body = (over: Record<string, unknown> = {}) => ({
    communityId: datieguan,
    buildingIds: [buildingId],
    title: '第二届业主委员会选举',
    seats: 2,
    tieRule: 'lot',
    nominationsOpenAt: at(0),
    nominationsCloseAt: at(24),
    votingOpensAt: at(48),
    votingClosesAt: at(72),
    ...over,
  });
  const url = () => `/api/elections/${electionId}`;
  /** Moves the clock; sessions lapse over long jumps, so everyone signs in again. */
  const jump = async (hours: number) => {
    t.clock.set(new Date(at(hours)));
    staff = await t.login('community_datieguan');
    otherStaff = await t.login('election_other_admin');
    outsider = await t.login('election_outsider');
    tenant = await t.login('election_tenant');
    for (const i of owners.keys()) owners[i] = await t.login(`election_owner_${i}`);
  };

  test('staff open an election; its electorate is the owner households of the buildings, with their area', async () => {
    assert.equal((await otherStaff.post('/api/elections', body())).statusCode, 403);
    assert.equal((await owners[0]!.post('/api/elections', body())).statusCode, 403);
    assert.equal((await staff.post('/api/elections', body({ votingOpensAt: at(10) }))).statusCode, 400);
    const res = await staff.post('/api/elections', body());
    assert.equal(res.statusCode, 201, res.body);
    const e = res.json();
    electionId = e.id;
    assert.equal(e.phase, 'nominating');
    assert.equal(e.electors, 6, 'the tenant shares household 101 and adds nothing');
    assert.equal(e.totalAreaM2, 510);
    assert.equal(e.mayManage, true);
    assert.equal((await owners[0]!.get(url())).json().mayVote, true);
    assert.equal((await tenant.get(url())).json().mayVote, false);
    assert.equal((await outsider.get(url())).statusCode, 404);
    assert.equal((await otherStaff.get(url())).statusCode, 404);
  });

  const candidates = async (c: Client = staff) => (await c.get(url())).json().items as Array<Record<string, any>>;
  const idOf = async (name: string) => (await candidates()).find((c) => c.name === name)!.id as number;

  test('nominations: owners themselves or another owner, staff any owner; a tenant cannot; once each', async () => {
    assert.equal((await tenant.post(`${url()}/candidates`, { statement: '我想参选' })).statusCode, 403);
    const self = await owners[0]!.post(`${url()}/candidates`, { statement: '我愿意为大家服务' });
    assert.equal(self.statusCode, 201, self.body);
    assert.equal(
      (await owners[0]!.post(`${url()}/candidates`, { statement: '再报一次' })).json().error?.code ?? 'conflict',
      'conflict',
    );
    assert.equal((await owners[0]!.post(`${url()}/candidates`, { statement: '再报一次' })).statusCode, 409);
    const byOwner = await owners[1]!.post(`${url()}/candidates`, {
      personId: ownerPersons[2],
      statement: '推荐丙，热心公益',
    });
    assert.equal(byOwner.statusCode, 201, byOwner.body);
    const notOwner = await owners[1]!.post(`${url()}/candidates`, { personId: tenantPerson, statement: '推荐租户' });
    assert.equal(notOwner.statusCode, 400);
    assert.deepEqual(notOwner.json().error.details[0], {
      path: 'body.personId',
      message: '候选人须是本次选举范围内的业主',
    });
    for (const i of [3, 4])
      assert.equal(
        (await staff.post(`${url()}/candidates`, { personId: ownerPersons[i], statement: `业主${i}的参选陈述` }))
          .statusCode,
        201,
      );
    const all = await candidates();
    assert.deepEqual(
      all.map((c) => [c.name, c.nominatedBy, c.status]),
      [
        ['业主甲', 'self', 'pending'],
        ['业主丙', 'owner', 'pending'],
        ['业主丁', 'staff', 'approved'],
        ['业主戊', 'staff', 'approved'],
      ],
    );
    // Owners see approved candidates and their own nomination only.
    assert.deepEqual(
      (await candidates(owners[0]!)).map((c) => c.name),
      ['业主甲', '业主丁', '业主戊'],
    );
    assert.deepEqual(
      (await candidates(owners[5]!)).map((c) => c.name),
      ['业主丁', '业主戊'],
    );
  });

  test('staff review: a rejection needs its reason; owners cannot review', async () => {
    const jia = await idOf('业主甲');
    const bing = await idOf('业主丙');
    assert.equal((await owners[1]!.post(`/api/elections/candidates/${jia}/review`, { approve: true })).statusCode, 403);
    assert.equal((await staff.post(`/api/elections/candidates/${bing}/review`, { approve: false })).statusCode, 400);
    assert.equal(
      (await staff.post(`/api/elections/candidates/${bing}/review`, { approve: false, note: '本人书面放弃' }))
        .statusCode,
      200,
    );
    assert.equal((await staff.post(`/api/elections/candidates/${jia}/review`, { approve: true })).statusCode, 200);
    assert.equal(
      (await otherStaff.post(`/api/elections/candidates/${jia}/review`, { approve: false, note: 'x' })).statusCode,
      404,
    );
    await jump(30);
    assert.equal((await staff.get(url())).json().phase, 'reviewing');
    assert.equal((await owners[5]!.post(`${url()}/candidates`, { statement: '迟到的自荐' })).statusCode, 409);
  });

  test('ballots: one per household, at most `seats` marks (400 and nothing changes), approved candidates only', async () => {
    const [jia, bing, ding, wu] = [
      await idOf('业主甲'),
      await idOf('业主丙'),
      await idOf('业主丁'),
      await idOf('业主戊'),
    ];
    assert.equal((await owners[0]!.post(`${url()}/ballot`, { candidateIds: [jia] })).statusCode, 409, 'not open yet');
    await jump(50);
    const tooMany = await owners[0]!.post(`${url()}/ballot`, { candidateIds: [jia, ding, wu] });
    assert.equal(tooMany.statusCode, 400);
    assert.equal(tooMany.json().error.details[0].message, '最多选 2 人');
    const after = (await owners[0]!.get(url())).json();
    assert.equal(after.ballots, 0);
    assert.equal(after.myBallot, null);
    assert.equal((await owners[0]!.post(`${url()}/ballot`, { candidateIds: [bing] })).statusCode, 400, 'rejected');
    assert.equal((await owners[0]!.post(`${url()}/ballot`, { candidateIds: [jia, jia] })).statusCode, 400);
    assert.equal((await tenant.post(`${url()}/ballot`, { candidateIds: [jia] })).statusCode, 403);
    assert.equal((await outsider.post(`${url()}/ballot`, { candidateIds: [jia] })).statusCode, 404);

    const cast = await owners[0]!.post(`${url()}/ballot`, { candidateIds: [jia, ding] });
    assert.equal(cast.statusCode, 200, cast.body);
    assert.deepEqual(
      cast.json().myBallot.candidateIds,
      [jia, ding].sort((a, b) => a - b),
    );
    assert.equal((await owners[0]!.post(`${url()}/ballot`, { candidateIds: [wu] })).statusCode, 409, 'once');
    // Each household marks two of the three; all three end level on 4 of 6 ballots.
    const marks: Array<[number, number[]]> = [
      [1, [jia, wu]],
      [2, [ding, wu]],
      [3, [jia, ding]],
      [4, [jia, wu]],
    ];
    for (const [i, ids] of marks)
      assert.equal((await owners[i]!.post(`${url()}/ballot`, { candidateIds: ids })).statusCode, 200);
    // Owner 5's household votes on paper, entered by staff.
    const household5 = households[5]!;
    assert.equal(
      (await staff.post(`${url()}/paper-ballots`, { householdId: household5, candidateIds: [jia, ding, wu] }))
        .statusCode,
      400,
    );
    assert.equal(
      (await owners[1]!.post(`${url()}/paper-ballots`, { householdId: household5, candidateIds: [ding] })).statusCode,
      403,
    );
    const paper = await staff.post(`${url()}/paper-ballots`, { householdId: household5, candidateIds: [ding, wu] });
    assert.equal(paper.statusCode, 200, paper.body);
    assert.equal((await owners[5]!.post(`${url()}/ballot`, { candidateIds: [jia] })).statusCode, 409);
    assert.equal(
      (await staff.post(`${url()}/paper-ballots`, { householdId: households[0]!, candidateIds: [] })).statusCode,
      409,
      'household 101 voted online',
    );
    const roll = (await staff.get(`${url()}/owners?limit=50`)).json();
    assert.equal(roll.total, 6);
    assert.ok(roll.items.every((h: { voted: boolean }) => h.voted));
    assert.equal(roll.items[0].owners[0].name, '业*甲');
    assert.equal((await owners[0]!.get(`${url()}/owners`)).statusCode, 403);
    const seen = (await staff.get(url())).json();
    assert.equal(seen.ballots, 6);
    assert.equal(seen.result, null, 'no running count while voting');
    assert.equal((await staff.post(`${url()}/count`)).statusCode, 409);
  });

  test('the count: quorum met, three level on 4 of 6 for two seats; the drawing decides', async () => {
    const [jia, ding, wu] = [await idOf('业主甲'), await idOf('业主丁'), await idOf('业主戊')];
    await jump(73);
    const provisional = (await staff.get(url())).json();
    assert.equal(provisional.phase, 'closed');
    assert.equal(provisional.result.countedAt, null);
    assert.equal((await otherStaff.post(`${url()}/count`)).statusCode, 404);
    const counted = await staff.post(`${url()}/count`);
    assert.equal(counted.statusCode, 200, counted.body);
    const r = counted.json().result;
    // By hand: 6 of 6 households, 510 of 510 m². 甲: 101, 102, 104, 105 → 90+90+60+60 = 300 m²;
    // 丁: 101, 103, 104, 106 → 90+90+60+120 = 360 m²; 戊: 102, 103, 105, 106 → 90+90+60+120 = 360 m².
    assert.equal(r.quorumMet, true);
    assert.deepEqual(
      r.candidates.map((c: Record<string, any>) => [c.name, c.ballots, c.areaM2, c.eligible]),
      [
        ['业主丁', 4, 360, true],
        ['业主戊', 4, 360, true],
        ['业主甲', 4, 300, true],
      ],
    );
    assert.deepEqual(r.elected, []);
    assert.equal(r.pendingSeats, 2);
    assert.equal(r.tie.rule, 'lot');
    assert.equal(r.byBuilding[0].name, '选举楼');
    assert.equal(r.byBuilding[0].ballots, 6);
    assert.equal((await staff.post(`${url()}/count`)).statusCode, 409);
    assert.equal(
      (await staff.post(`${url()}/paper-ballots`, { householdId: households[0]!, candidateIds: [] })).statusCode,
      409,
    );
    // The drawing must name two of the tied.
    assert.equal((await staff.post(`${url()}/lot`, { winnerIds: [jia], note: '公证抽签' })).statusCode, 400);
    assert.equal((await owners[0]!.post(`${url()}/lot`, { winnerIds: [jia, wu], note: '抽签' })).statusCode, 403);
    const drawn = await staff.post(`${url()}/lot`, { winnerIds: [jia, wu], note: '6月4日居委会会议室公开抽签' });
    assert.equal(drawn.statusCode, 200, drawn.body);
    const final = drawn.json().result;
    assert.deepEqual(
      final.elected.map((e: Record<string, any>) => [e.name, e.by]),
      [
        ['业主甲', 'lot'],
        ['业主戊', 'lot'],
      ],
    );
    assert.equal(final.pendingSeats, 0);
    assert.equal(final.lotNote, '6月4日居委会会议室公开抽签');
    assert.ok(!final.elected.some((e: { candidateId: number }) => e.candidateId === ding));
    assert.equal((await staff.post(`${url()}/lot`, { winnerIds: [jia, ding], note: '再抽' })).statusCode, 409);
    // Owners see the same result.
    assert.equal((await owners[3]!.get(url())).json().result.elected.length, 2);
  });
});
