import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { allocate } from '../../src/modules/budgets/allocation.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

const HOUR = 3_600_000;

/**
 * Participatory budgets (微实事): proposals, feasibility, knapsack ballots and the count, checked
 * against counts done by hand on the same ballots.
 */
describe('participatory budgets', () => {
  let t: TestApp;
  let staff: Client;
  let otherStaff: Client;
  let voters: Client[];
  let outsider: Client;
  let datieguan: number;
  let other: number;
  const start = new Date('2026-06-01T01:00:00Z');

  const db = () => t.services.database.db;

  before(async () => {
    t = await startTestApp();
    t.clock.set(start);
    datieguan = (
      await db().selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
    ).id;
    other = (
      await db()
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .where('id', '!=', datieguan)
        .executeTakeFirstOrThrow()
    ).id;
    staff = await t.login('community_datieguan');
    otherStaff = await addUser(t, 'budget_other_admin', [{ role: 'community_admin', divisionId: other, gridId: null }]);
    voters = [];
    for (let i = 1; i <= 6; i++) voters.push(await addResident(t, `budget_voter_${i}`, datieguan, `居民${i}号`));
    outsider = await addResident(t, 'budget_outsider', other, '外社区居民');
  });
  after(() => t.close());

  const round = (over: Record<string, unknown> = {}) => ({
    communityId: datieguan,
    kind: 'micro_matters',
    title: '2026 年微实事',
    budgetYuan: 100_000,
    proposalsCloseAt: new Date(start.getTime() + 24 * HOUR).toISOString(),
    votingOpensAt: new Date(start.getTime() + 48 * HOUR).toISOString(),
    votingClosesAt: new Date(start.getTime() + 72 * HOUR).toISOString(),
    ...over,
  });

  test('the allocation: in order of votes, each funded if it fits what is left, ties to the cheaper then the earlier', () => {
    // Hand count: A 3 votes, B 2, C 4, D 4. C and D tie: D (20 000) is cheaper, so D, then C,
    // leaving 50 000; A (60 000) does not fit and is skipped; B (50 000) fits exactly.
    const A = 1;
    const B = 2;
    const C = 3;
    const D = 4;
    const costs = [
      { id: A, costFen: 6_000_000 },
      { id: B, costFen: 5_000_000 },
      { id: C, costFen: 3_000_000 },
      { id: D, costFen: 2_000_000 },
    ];
    const ballots = [
      [A, C],
      [A, D],
      [B, C, D],
      [B, D],
      [A, C],
      [C, D],
    ];
    const { allocations, spentFen, leftFen } = allocate(10_000_000, costs, ballots);
    assert.deepEqual(
      allocations.map((a) => [a.id, a.votes, a.funded]),
      [
        [D, 4, true],
        [C, 4, true],
        [A, 3, false],
        [B, 2, true],
      ],
    );
    assert.equal(spentFen, 10_000_000);
    assert.equal(leftFen, 0);
    // Equal votes and cost: the earlier proposal first; a project nobody chose is not funded.
    const tie = allocate(
      5_000_000,
      [
        { id: 9, costFen: 3_000_000 },
        { id: 7, costFen: 3_000_000 },
        { id: 8, costFen: 1_000_000 },
      ],
      [[9], [7]],
    );
    assert.deepEqual(
      tie.allocations.map((a) => [a.id, a.funded]),
      [
        [7, true],
        [9, false],
        [8, false],
      ],
    );
  });

  test('a round from proposals to funded decisions, with ballots checked against the budget', async () => {
    for (const bad of [
      { budgetYuan: 0 },
      { votingOpensAt: new Date(start.getTime() + 12 * HOUR).toISOString() }, // before proposals close
      { votingClosesAt: new Date(start.getTime() + 48 * HOUR).toISOString() }, // not after it opens
      { budgetYuan: 10.001 },
    ]) {
      assert.equal((await staff.post('/api/budgets/rounds', round(bad))).statusCode, 400, JSON.stringify(bad));
    }
    assert.equal((await otherStaff.post('/api/budgets/rounds', round())).statusCode, 403);
    assert.equal((await voters[0]!.post('/api/budgets/rounds', round())).statusCode, 403);
    const created = await staff.post('/api/budgets/rounds', round());
    assert.equal(created.statusCode, 201, created.body);
    const id = created.json().id;
    assert.equal(created.json().phase, 'proposing');
    assert.equal((await outsider.get(`/api/budgets/rounds/${id}`)).statusCode, 404);

    const propose = (who: Client, title: string, costYuan: number) =>
      who.post(`/api/budgets/rounds/${id}/proposals`, { title, costYuan, description: `${title}的说明` });
    assert.equal((await propose(voters[0]!, '太贵了', 100_001)).statusCode, 400);
    const ids: Record<string, number> = {};
    for (const [i, [title, cost]] of (
      [
        ['A 加装休息座椅', 60_000],
        ['B 楼道灯改造', 50_000],
        ['C 口袋公园', 30_000],
        ['D 充电车棚', 20_000],
        ['E 小区围墙', 45_000],
      ] as const
    ).entries()) {
      const res = await propose(voters[i % voters.length]!, title, cost);
      assert.equal(res.statusCode, 201, res.body);
      ids[title[0]!] = res.json().items.at(-1).id;
    }
    const view = (await voters[5]!.get(`/api/budgets/rounds/${id}`)).json();
    assert.equal(view.items.length, 5);
    assert.ok(!view.items.some((p: { proposerName: string }) => p.proposerName.startsWith('居民1号')), 'masked');

    // Reviews: E is not feasible (and says why); a vote before voting opens is refused.
    assert.equal((await staff.post(`/api/budgets/proposals/${ids.E}/review`, { feasible: false })).statusCode, 400);
    for (const k of ['A', 'B', 'C', 'D'])
      assert.equal((await staff.post(`/api/budgets/proposals/${ids[k]}/review`, { feasible: true })).statusCode, 200);
    assert.equal(
      (
        await staff.post(`/api/budgets/proposals/${ids.E}/review`, {
          feasible: false,
          note: '涉及房屋结构，需业主大会决定',
        })
      ).statusCode,
      200,
    );
    assert.equal((await voters[0]!.put(`/api/budgets/rounds/${id}/ballot`, { proposalIds: [ids.A] })).statusCode, 409);

    t.clock.set(new Date(start.getTime() + 49 * HOUR));
    voters = await Promise.all(voters.map((_, i) => t.login(`budget_voter_${i + 1}`)));
    staff = await t.login('community_datieguan');
    outsider = await t.login('budget_outsider');
    assert.equal(
      (await propose(voters[0]!, 'F 迟到的提议', 1_000)).statusCode,
      409,
      'proposals closed when voting opened',
    );
    const ballot = (who: Client, keys: string) =>
      who.put(`/api/budgets/rounds/${id}/ballot`, { proposalIds: [...keys].map((k) => ids[k]) });
    assert.equal((await ballot(voters[0]!, 'AB')).statusCode, 400, '110 000 is over the budget');
    assert.equal((await ballot(voters[0]!, 'AE')).statusCode, 400, 'E is not feasible');
    assert.equal((await ballot(voters[0]!, 'AA')).statusCode, 400, 'twice the same');
    assert.equal((await ballot(outsider, 'A')).statusCode, 404, 'another community’s resident does not see it');
    assert.equal((await ballot(staff, 'A')).statusCode, 403, 'staff do not vote as staff');
    // The hand-counted ballots of the first test; voter 6 first chose A alone and then changed their mind.
    assert.equal((await ballot(voters[5]!, 'A')).statusCode, 200);
    const cast = ['AC', 'AD', 'BCD', 'BD', 'AC', 'CD'];
    for (const [i, keys] of cast.entries()) {
      const res = await ballot(voters[i]!, keys);
      assert.equal(res.statusCode, 200, res.body);
    }
    assert.deepEqual((await voters[2]!.get(`/api/budgets/rounds/${id}/ballot`)).json().totalYuan, 100_000);
    assert.equal((await staff.post(`/api/budgets/rounds/${id}/count`)).statusCode, 409, 'still open');
    const hidden = (await voters[0]!.get(`/api/budgets/rounds/${id}`)).json();
    assert.ok(
      hidden.items.every((p: { votes: number | null }) => p.votes === null),
      'no running totals',
    );

    t.clock.set(new Date(start.getTime() + 73 * HOUR));
    staff = await t.login('community_datieguan');
    const voter = await t.login('budget_voter_1');
    assert.equal((await ballot(voter, 'C')).statusCode, 409);
    assert.equal((await voter.post(`/api/budgets/rounds/${id}/count`)).statusCode, 403);
    const counted = await staff.post(`/api/budgets/rounds/${id}/count`);
    assert.equal(counted.statusCode, 200, counted.body);
    const result = counted.json();
    const byKey = (k: string) => result.items.find((p: { id: number }) => p.id === ids[k]);
    assert.deepEqual(
      ['A', 'B', 'C', 'D', 'E'].map((k) => [k, byKey(k).votes, byKey(k).funded]),
      [
        ['A', 3, false],
        ['B', 2, true],
        ['C', 4, true],
        ['D', 4, true],
        ['E', 0, false],
      ],
    );
    assert.deepEqual(result.result.spentYuan, 100_000);
    assert.equal(result.phase, 'counted');
    assert.equal((await staff.post(`/api/budgets/rounds/${id}/count`)).statusCode, 409, 'counted once');

    // Funded projects are decisions of the community, followed through; spending is recorded on them.
    const decision = await voter.get(`/api/deliberation/decisions/${byKey('C').decisionId}`);
    assert.equal(decision.statusCode, 200, decision.body);
    assert.match(decision.json().title, /口袋公园/);
    assert.equal(byKey('A').decisionId, null);
    assert.equal(
      (
        await staff.post(`/api/budgets/proposals/${ids.A}/spending`, {
          amountYuan: 100,
          spentOn: '2026-06-05',
          note: '座椅',
        })
      ).statusCode,
      409,
    );
    const spent = await staff.post(`/api/budgets/proposals/${ids.C}/spending`, {
      amountYuan: 12_345.67,
      spentOn: '2026-06-05',
      note: '首期工程款',
    });
    assert.equal(spent.statusCode, 201, spent.body);
    assert.equal(spent.json().totalYuan, 12_345.67);
    assert.equal(
      (await voter.get(`/api/budgets/rounds/${id}`)).json().items.find((p: { id: number }) => p.id === ids.C).spentYuan,
      12_345.67,
    );

    const audit = await db()
      .selectFrom('platform.audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'budgets.ballot.cast')
      .execute();
    assert.equal(audit.length, 7);
    assert.ok(
      audit.every((a) => !JSON.stringify(a.details ?? {}).includes(String(ids.A))),
      'choices are not audited',
    );
  });
});
