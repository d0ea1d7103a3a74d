import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { report } from '../support/matters.ts';
import { addUser } from '../support/users.ts';

/**
 * Assessment (考核) over a month of work generated here through the API on the test clock —
 * December 2026 in Asia/Shanghai: matters accepted and resolved on time and late, a return, a
 * red supervision card, visits done and short of their target, patrols. A scheme scores it;
 * each value is checked against a computation made here from what was generated, each line's
 * records against the records made, and the ranks within peer groups; appeals change a score
 * only when granted.
 */

const SCHEME = [
  { indicator: 'accepted_on_time', weight: 15, target: 0.9 },
  { indicator: 'resolved_on_time', weight: 15, target: 0.9 },
  { indicator: 'overdue', weight: 10, perItem: 2 },
  { indicator: 'returned', weight: 10, perItem: 3 },
  { indicator: 'supervision_cards', weight: 10, perRed: 5, perYellow: 2 },
  { indicator: 'visits', weight: 15, target: 1 },
  { indicator: 'patrol_coverage', weight: 10, target: 0.8 },
  { indicator: 'satisfaction', weight: 15, target: 0.9 },
] as const;
const STRENGTH = 0.2;
const CASE_MIX = 1.5;

/** The rules the scheme states, applied by hand. */
const r2 = (x: number) => Math.round(x * 100) / 100;
const r4 = (x: number) => Math.round(x * 10_000) / 10_000;
const ratePoints = (weight: number, target: number, num: number, den: number) =>
  den === 0 ? weight : r2(weight * Math.min(1, num / den / target));
const countPoints = (weight: number, off: number) => Math.max(0, r2(weight - off));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

interface Line {
  id: number;
  indicator: string;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  points: number;
  effectivePoints: number;
  grantedPoints: number | null;
  refs: Array<{ kind: string; role: string; ids: number[]; links: string[] }>;
  appeals: Array<{ id: number; status: string; canDecide: boolean }>;
  canAppeal: boolean;
}
interface Score {
  id: number;
  subjectUserId: number | null;
  subjectName: string;
  peerGroup: string;
  residents: number | null;
  rawPoints: number;
  workloadFactor: number;
  score: number;
  rank: number;
  peerSize: number;
  version: number;
  lines: Line[];
  workload: { weightedLoad: number; load: number | null; peerMedian: number | null; matterIds: number[] };
}

describe('assessment', () => {
  let t: TestApp;
  let f: Factories;
  let admin: Client;
  let street: Client;
  let communityAdmin: Client;
  let resident: Client;
  let otherDistrict: Client;
  let wA: Client;
  let wB: Client;
  let wC: Client;
  let districtId: number;
  let schemeId: number;
  /** What was generated, as the test saw it. */
  const made = {
    matters: new Map<number, { grid: 'A' | 'B'; accepted?: Date }>(),
    returnedByA: [] as number[],
    redOrders: [] as number[],
    visitsToTagged: { A: [] as number[], B: [] as number[] },
    tagged: { A: 0, B: 0 },
    buildings: { A: [] as number[], B: [] as number[], C: [] as number[] },
    checkedIn: { A: [] as number[], B: [] as number[] },
    residents: { A: 5, B: 8, C: 12 },
  };
  let topCategory: string;

  const local = (day: number, hhmm: string) => new Date(`2026-12-${String(day).padStart(2, '0')}T${hhmm}:00+08:00`);
  const ok = async (res: Promise<{ statusCode: number; body: string; json(): any }>, code = 200) => {
    const r = await res;
    assert.equal(r.statusCode, code, r.body);
    return r.json();
  };
  const id = (c: Client) => c.me!.id as number;

  async function matterIn(grid: 'A' | 'B', spot: { lat: number; lng: number }) {
    const m = await ok(report(resident, 'event.street_order.hawkers', { ...spot, address: '测试路1号' }), 201);
    made.matters.set(m.id, { grid });
    return m.id as number;
  }
  async function accept(c: Client, mid: number) {
    await ok(c.post(`/api/matters/${mid}/accept`, {}));
    made.matters.get(mid)!.accepted = t.clock.now();
  }
  async function resolve(c: Client, mid: number) {
    await ok(c.post(`/api/matters/${mid}/start`, {}));
    await ok(c.post(`/api/matters/${mid}/resolve`, { note: '已劝离摊贩，现场恢复' }));
  }
  async function visit(c: Client, personId: number) {
    return (await ok(c.post('/api/field/visits', { personId, method: 'home' }), 201)).id as number;
  }
  async function patrol(c: Client, buildingId: number) {
    const p = await ok(c.post('/api/field/patrols', {}), 201);
    await ok(c.post(`/api/field/patrols/${p.id}/check-ins`, { buildingId }));
    await ok(c.post(`/api/field/patrols/${p.id}/stop`, {}));
  }
  const score = async (c: Client, sid: number): Promise<Score> => ok(c.get(`/api/assessment/scores/${sid}`));
  const scores = async (c: Client, q = '') =>
    (await ok(c.get(`/api/assessment/scores?schemeId=${schemeId}&month=2026-12&limit=200${q}`))).items as Score[];
  const scoreOf = async (c: Client, userId: number) => {
    const s = (await scores(admin)).find((x) => x.subjectUserId === userId);
    assert.ok(s, `a score for user ${userId}`);
    return score(c, s.id);
  };
  const line = (s: Score, indicator: string) => s.lines.find((l) => l.indicator === indicator)!;
  const refIds = (l: Line, kind: string, role: string) =>
    l.refs.find((r) => r.kind === kind && r.role === role)?.ids ?? [];

  before(async () => {
    t = await startTestApp({ SESSION_TTL_HOURS: '720', LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    f = await factories(t);
    admin = f.admin;
    const community = await f.community();
    const tree = (await ok(admin.get('/api/org/tree'))).divisions as Array<{ id: number; parentId: number | null }>;
    const streetId = tree.find((d) => d.id === community.id)!.parentId!;
    districtId = tree.find((d) => d.id === streetId)!.parentId!;
    const gA = await f.grid(community.id);
    const gB = await f.grid(community.id);
    const gC = await f.grid(community.id);
    const grids = { A: gA, B: gB, C: gC };
    for (const key of ['A', 'B', 'C'] as const) {
      const g = grids[key];
      for (let i = 0; i < made.residents[key]; i++)
        await f.person(community.id, { gridId: g.id, tags: i === 0 && key !== 'C' ? ['elderly_alone'] : [] });
      for (let i = 0; i < (key === 'A' ? 2 : 1); i++)
        made.buildings[key].push(
          (
            await f.building(community.id, {
              gridId: g.id,
              lat: g.corner.lat + 0.002 * (i + 1),
              lng: g.corner.lng + 0.002,
            })
          ).id,
        );
    }
    made.tagged = { A: 1, B: 1 };
    const persons = async (g: { id: number }) =>
      (await ok(admin.get(`/api/org/persons?gridId=${g.id}&limit=50`))).items as Array<{ id: number; tags: string[] }>;
    const pA = (await persons(gA)).find((p) => p.tags.includes('elderly_alone'))!;
    const pAplain = (await persons(gA)).find((p) => !p.tags.includes('elderly_alone'))!;
    const pB = (await persons(gB)).find((p) => p.tags.includes('elderly_alone'))!;

    wA = await f.user([{ role: 'grid_worker', divisionId: null, gridId: gA.id }], '网格员甲');
    wB = await f.user([{ role: 'grid_worker', divisionId: null, gridId: gB.id }], '网格员乙');
    wC = await f.user([{ role: 'grid_worker', divisionId: null, gridId: gC.id }], '网格员丙');
    street = await f.user([{ role: 'street_admin', divisionId: streetId, gridId: null }], '街道考核员');
    communityAdmin = await f.user([{ role: 'community_admin', divisionId: community.id, gridId: null }]);
    resident = await t.login('resident_demo');
    otherDistrict = await addUser(t, 'assess_other_district', [
      { role: 'district_admin', divisionId: 21, gridId: null },
    ]);
    const cats = (await ok(admin.get('/api/matters/categories'))).items as Array<{
      id: number;
      code: string;
      parentId: number | null;
    }>;
    let c = cats.find((x) => x.code === 'event.street_order.hawkers')!;
    while (c.parentId !== null) c = cats.find((x) => x.id === c.parentId)!;
    topCategory = c.code;
    const spotA = { lat: gA.corner.lat + 0.005, lng: gA.corner.lng + 0.005 };
    const spotB = { lat: gB.corner.lat + 0.005, lng: gB.corner.lng + 0.005 };

    // ---- December 2026 ----
    t.clock.set(local(1, '09:30'));
    const m1 = await matterIn('A', spotA);
    await accept(wA, m1);
    await resolve(wA, m1);
    await ok(resident.post(`/api/matters/${m1}/rate`, { rating: 5 }));
    const m2 = await matterIn('A', spotA);
    await accept(wA, m2);
    made.visitsToTagged.A.push(await visit(wA, pA.id));
    await visit(wA, pAplain.id); // not a person due visits: counts for nothing
    made.visitsToTagged.B.push(await visit(wB, pB.id));

    t.clock.set(local(2, '10:00'));
    await patrol(wA, made.buildings.A[0]!);
    made.checkedIn.A.push(made.buildings.A[0]!);
    await patrol(wB, made.buildings.B[0]!);
    made.checkedIn.B.push(made.buildings.B[0]!);

    t.clock.set(local(8, '10:00')); // m2 resolved late, rated unsatisfied
    await resolve(wA, m2);
    await ok(resident.post(`/api/matters/${m2}/rate`, { rating: 2 }));
    made.visitsToTagged.A.push(await visit(wA, pA.id));
    made.visitsToTagged.B.push(await visit(wB, pB.id));
    const m3 = await matterIn('A', spotA);

    t.clock.set(local(9, '10:00')); // m3 accepted a day late, resolved in time
    await accept(wA, m3);
    await resolve(wA, m3);
    made.visitsToTagged.B.push(await visit(wB, pB.id));
    // m4: dispatched to A by the community, returned (退单) by A.
    const m4 = await matterIn('A', spotA);
    await accept(communityAdmin, m4);
    await ok(communityAdmin.post(`/api/matters/${m4}/dispatch`, { assigneeUserId: id(wA), note: '' }));
    await ok(wA.post(`/api/matters/${m4}/return`, { reason: '不属于本网格职责' }));
    made.returnedByA.push(m4);

    t.clock.set(local(14, '10:00')); // m5 under supervision, left open: a red card
    const m5 = await matterIn('A', spotA);
    await accept(wA, m5);
    const order = await ok(
      street.post('/api/supervision/orders', {
        matterId: m5,
        deadline: new Date(t.clock.now().getTime() + 2 * 3_600_000).toISOString(),
        note: '请尽快处置',
      }),
      201,
    );
    made.redOrders.push(order.id);
    made.visitsToTagged.A.push(await visit(wA, pA.id));
    made.visitsToTagged.B.push(await visit(wB, pB.id));
    const m6 = await matterIn('B', spotB);
    await accept(wB, m6);
    await resolve(wB, m6);
    await ok(resident.post(`/api/matters/${m6}/rate`, { rating: 5 }));
    t.clock.set(local(15, '13:00'));
    await t.services.jobs.runScheduled('supervision.cards');
    assert.equal((await ok(street.get(`/api/supervision/orders/${order.id}`))).card, 'red');
    made.visitsToTagged.B.push(await visit(wB, pB.id)); // a fifth visit: beyond the four due

    t.clock.set(new Date('2027-01-02T09:00:00+08:00'));
    // Sessions last 30 days at most: everyone signs in again.
    for (const c of [admin, street, communityAdmin, resident, otherDistrict, wA, wB, wC])
      Object.assign(c, await t.login(c.me!.username));
    const created = await ok(
      admin.post('/api/assessment/schemes', {
        districtId,
        subjectKind: 'grid_worker',
        name: '网格员月度考核',
        indicators: SCHEME,
        workload: { strength: STRENGTH, caseMix: { [topCategory]: CASE_MIX }, sizeBands: [10, 15] },
        effectiveFrom: '2026-12',
        note: '2026 年 12 月起试行',
      }),
      201,
    );
    schemeId = created.id;
    assert.equal(created.currentVersion, 1);
    const run = await ok(admin.post(`/api/assessment/schemes/${schemeId}/runs`, { month: '2026-12' }));
    assert.equal(run.version, 1);
  });
  after(() => t.close());

  /** The expected lines of a worker, from the generated records and the matters as they now stand. */
  async function expected(worker: Client, grid: 'A' | 'B' | 'C') {
    const monthEnd = new Date('2027-01-01T00:00:00+08:00');
    const monthStart = new Date('2026-12-01T00:00:00+08:00');
    const inMonth = (iso: string | null) => iso !== null && new Date(iso) >= monthStart && new Date(iso) < monthEnd;
    const details = await Promise.all(
      [...made.matters.keys()].map(async (mid) => ({ mid, d: await ok(admin.get(`/api/matters/${mid}`)) })),
    );
    const mine = details.filter(({ d }) => d.assignee?.id === id(worker));
    const acceptedBase = mine.filter(({ mid }) => made.matters.get(mid)!.accepted).map(({ mid }) => mid);
    const acceptedOnTime = mine
      .filter(({ mid, d }) => {
        const at = made.matters.get(mid)!.accepted;
        return at && at <= new Date(d.acceptDueAt);
      })
      .map(({ mid }) => mid);
    const resolvedBase = mine.filter(({ d }) => inMonth(d.resolvedAt)).map(({ mid }) => mid);
    const resolvedOnTime = mine
      .filter(({ d }) => inMonth(d.resolvedAt) && new Date(d.resolvedAt) <= new Date(d.dueAt))
      .map(({ mid }) => mid);
    const overdue = mine
      .filter(
        ({ d }) =>
          inMonth(d.dueAt) &&
          new Date(d.dueAt) < monthEnd &&
          (d.resolvedAt === null || new Date(d.resolvedAt) > new Date(d.dueAt)),
      )
      .map(({ mid }) => mid);
    const rated = mine.filter(({ d }) => d.rating !== null && inMonth(d.closedAt)).map(({ mid }) => mid);
    const satisfied = mine.filter(({ d }) => d.rating !== null && d.rating >= 4).map(({ mid }) => mid);
    const received = details.filter(({ mid }) => made.matters.get(mid)!.grid === grid).map(({ mid }) => mid);
    const isA = grid === 'A';
    const due = grid === 'C' ? 0 : 4 * made.tagged[grid]; // weekly, 31 days: 4 visits due each
    const visitsMet = grid === 'C' ? [] : made.visitsToTagged[grid].slice(0, due);
    const buildings = made.buildings[grid];
    const covered = grid === 'C' ? [] : made.checkedIn[grid];
    const lines = {
      accepted_on_time: ratePoints(15, 0.9, acceptedOnTime.length, acceptedBase.length),
      resolved_on_time: ratePoints(15, 0.9, resolvedOnTime.length, resolvedBase.length),
      overdue: countPoints(10, 2 * overdue.length),
      returned: countPoints(10, 3 * (isA ? made.returnedByA.length : 0)),
      supervision_cards: countPoints(10, 5 * (isA ? made.redOrders.length : 0)),
      visits: ratePoints(15, 1, visitsMet.length, due),
      patrol_coverage: ratePoints(10, 0.8, covered.length, buildings.length),
      satisfaction: ratePoints(15, 0.9, satisfied.length, rated.length),
    };
    const raw = r2(Object.values(lines).reduce((s, p) => s + p, 0));
    return {
      lines,
      raw,
      refs: {
        acceptedOnTime,
        acceptedLate: acceptedBase.filter((m) => !acceptedOnTime.includes(m)),
        resolvedOnTime,
        resolvedLate: resolvedBase.filter((m) => !resolvedOnTime.includes(m)),
        overdue,
        satisfied,
        unsatisfied: rated.filter((m) => !satisfied.includes(m)),
        visitsMet,
        buildingsMet: covered,
        buildingsMissed: buildings.filter((b) => !covered.includes(b)),
      },
      weightedLoad: received.length * CASE_MIX,
      received,
    };
  }

  test('scores equal the computation from the generated work; every line breaks down to exactly its records', async () => {
    const [a, b, c] = await Promise.all([scoreOf(admin, id(wA)), scoreOf(admin, id(wB)), scoreOf(admin, id(wC))]);
    const [ea, eb, ec] = await Promise.all([expected(wA, 'A'), expected(wB, 'B'), expected(wC, 'C')]);
    for (const [s, e] of [
      [a, ea],
      [b, eb],
      [c, ec],
    ] as const) {
      for (const [indicator, points] of Object.entries(e.lines))
        assert.equal(line(s, indicator).points, points, `${s.subjectName} ${indicator}`);
      assert.equal(s.rawPoints, e.raw, `${s.subjectName} raw`);
      assert.deepEqual(refIds(line(s, 'accepted_on_time'), 'matter', 'met'), e.refs.acceptedOnTime);
      assert.deepEqual(refIds(line(s, 'accepted_on_time'), 'matter', 'missed'), e.refs.acceptedLate);
      assert.deepEqual(refIds(line(s, 'resolved_on_time'), 'matter', 'met'), e.refs.resolvedOnTime);
      assert.deepEqual(refIds(line(s, 'resolved_on_time'), 'matter', 'missed'), e.refs.resolvedLate);
      assert.deepEqual(refIds(line(s, 'overdue'), 'matter', 'missed'), e.refs.overdue);
      assert.deepEqual(refIds(line(s, 'satisfaction'), 'matter', 'met'), e.refs.satisfied);
      assert.deepEqual(refIds(line(s, 'satisfaction'), 'matter', 'missed'), e.refs.unsatisfied);
      assert.deepEqual(refIds(line(s, 'visits'), 'visit', 'met'), e.refs.visitsMet);
      assert.deepEqual(refIds(line(s, 'patrol_coverage'), 'building', 'met'), e.refs.buildingsMet);
      assert.deepEqual(refIds(line(s, 'patrol_coverage'), 'building', 'missed'), e.refs.buildingsMissed);
      assert.deepEqual(
        [...s.workload.matterIds].sort((x, y) => x - y),
        e.received,
      );
      assert.equal(s.workload.weightedLoad, e.weightedLoad);
    }
    // The generated cases are all there: late and on time, a return, a red card, visits short.
    assert.ok(ea.refs.acceptedLate.length === 1 && ea.refs.acceptedOnTime.length === 3, 'A: one acceptance late');
    assert.ok(ea.refs.resolvedLate.length === 1 && ea.refs.overdue.length === 2, 'A: one late resolution, two overdue');
    assert.deepEqual(refIds(line(a, 'returned'), 'matter', 'missed'), made.returnedByA);
    assert.deepEqual(refIds(line(a, 'supervision_cards'), 'order', 'red'), made.redOrders);
    assert.deepEqual(refIds(line(b, 'supervision_cards'), 'order', 'red'), []);
    assert.equal(line(a, 'visits').numerator, 3);
    assert.equal(line(a, 'visits').denominator, 4);
    assert.deepEqual(refIds(line(b, 'visits'), 'visit', 'met').length, 4, 'the fifth visit adds nothing');
    // Matter ids open the matter.
    const acc = line(a, 'accepted_on_time').refs.find((r) => r.role === 'met')!;
    assert.deepEqual(
      acc.links,
      acc.ids.map((m) => `/matters/${m}`),
    );
    // Nothing to judge earns the full weight: C had no matters and no one due a visit.
    assert.equal(line(c, 'accepted_on_time').value, null);
    assert.equal(line(c, 'visits').points, 15);
  });

  test('workload per 1,000 residents with case mix, and ranks within peer groups (grid kind, size)', async () => {
    const [a, b, c] = await Promise.all([scoreOf(admin, id(wA)), scoreOf(admin, id(wB)), scoreOf(admin, id(wC))]);
    const [ea, eb] = await Promise.all([expected(wA, 'A'), expected(wB, 'B')]);
    assert.equal(a.peerGroup, 'resident:small');
    assert.equal(b.peerGroup, 'resident:small');
    assert.equal(c.peerGroup, 'resident:medium', '12 residents: between the bands 10 and 15');
    assert.equal(a.residents, made.residents.A);
    const loadA = (ea.weightedLoad / made.residents.A) * 1000;
    const loadB = (eb.weightedLoad / made.residents.B) * 1000;
    const mid = median([loadA, loadB]);
    const factor = (load: number) => r4(1 + STRENGTH * Math.max(-1, Math.min(1, load / mid - 1)));
    assert.equal(a.workloadFactor, factor(loadA));
    assert.equal(b.workloadFactor, factor(loadB));
    assert.equal(c.workloadFactor, 1, 'alone in its group with no load');
    assert.equal(a.score, r2(ea.raw * factor(loadA)));
    assert.equal(b.score, r2(eb.raw * factor(loadB)));
    const [first, second] = a.score > b.score ? [a, b] : [b, a];
    assert.equal(first.rank, 1);
    assert.equal(second.rank, 2);
    assert.equal(a.peerSize, 2);
    assert.equal(c.rank, 1);
    assert.equal(c.peerSize, 1);
    // Filtered by peer group: only that group, in rank order.
    const small = await scores(admin, '&peerGroup=resident:small');
    assert.deepEqual(
      small.map((s) => s.subjectUserId),
      [first.subjectUserId, second.subjectUserId],
    );
  });

  test('recompute is reproducible; a new version cannot reach a month scored, which keeps its version', async () => {
    const before = (await scores(admin)).map((s) => [s.subjectUserId, s.score, s.rank, s.version]);
    await ok(admin.post(`/api/assessment/schemes/${schemeId}/runs`, { month: '2026-12' }));
    const again = (await scores(admin)).map((s) => [s.subjectUserId, s.score, s.rank, s.version]);
    assert.deepEqual(again, before);

    const changed = SCHEME.map((c) => (c.indicator === 'visits' ? { ...c, target: 0.5 } : c));
    const refused = await admin.put(`/api/assessment/schemes/${schemeId}`, {
      indicators: changed,
      effectiveFrom: '2026-12',
      note: '走访目标下调',
    });
    assert.equal(refused.statusCode, 400, refused.body);
    const v2 = await ok(
      admin.put(`/api/assessment/schemes/${schemeId}`, { indicators: changed, note: '走访目标下调' }),
    );
    assert.equal(v2.currentVersion, 2);
    assert.equal(v2.current.effectiveFrom, '2027-01');
    assert.deepEqual(
      v2.versions.map((v: { version: number }) => v.version),
      [2, 1],
    );
    assert.equal(v2.versions[1].indicators.find((i: any) => i.indicator === 'visits').target, 1, 'v1 unchanged');
    await ok(admin.post(`/api/assessment/schemes/${schemeId}/runs`, { month: '2026-12' }));
    assert.deepEqual(
      (await scores(admin)).map((s) => [s.subjectUserId, s.score, s.rank, s.version]),
      before,
      'December is still scored with version 1',
    );
    const audit = (await ok(admin.get(`/api/audit?entityType=assessment_scheme&entityId=${schemeId}&limit=50`)))
      .items as Array<{ action: string }>;
    assert.deepEqual(audit.map((a) => a.action).sort(), [
      'assessment.run',
      'assessment.run',
      'assessment.run',
      'assessment.scheme.create',
      'assessment.scheme.version',
    ]);

    // The scheduled job (the 1st at 03:00) scores the month just ended with the version in force for it.
    await t.services.jobs.runScheduled('assessment.monthly');
    assert.deepEqual(
      (await scores(admin)).map((s) => [s.subjectUserId, s.score, s.rank, s.version]),
      before,
      'the job scores December as the route did',
    );
    const runs = (
      await ok(admin.get(`/api/audit?entityType=assessment_scheme&entityId=${schemeId}&action=assessment.run&limit=50`))
    ).items as Array<{ details: { month: string; trigger: string; version: number } }>;
    assert.deepEqual(runs.map((r) => [r.details.month, r.details.trigger, r.details.version]).sort(), [
      ['2026-12', 'job', 1],
      ['2026-12', 'route', 1],
      ['2026-12', 'route', 1],
      ['2026-12', 'route', 1],
    ]);
  });

  test('appeals: a refusal leaves the score; a grant changes it exactly as decided; decisions kept', async () => {
    const a0 = await score(wA, (await scoreOf(admin, id(wA))).id);
    const visitsLine = line(a0, 'visits');
    assert.equal(visitsLine.canAppeal, true);
    // Someone else may not appeal it, nor see it.
    assert.equal(
      (await wB.post(`/api/assessment/scores/${a0.id}/appeals`, { indicator: 'visits', reason: '我也想申诉一下' }))
        .statusCode,
      404,
    );
    assert.equal(
      (await street.post(`/api/assessment/scores/${a0.id}/appeals`, { indicator: 'visits', reason: '代为申诉一下' }))
        .statusCode,
      403,
    );
    const first = await ok(
      wA.post(`/api/assessment/scores/${a0.id}/appeals`, { indicator: 'visits', reason: '12月22日电话走访未及录入' }),
      201,
    );
    assert.equal(
      (await wA.post(`/api/assessment/scores/${a0.id}/appeals`, { indicator: 'visits', reason: '再次申诉同一项' }))
        .statusCode,
      409,
      'one pending appeal a line',
    );
    // The appellant cannot decide; a grant without points is a 400.
    assert.equal(
      (
        await wA.post(`/api/assessment/appeals/${first.id}/decision`, {
          decision: 'grant',
          reason: '同意',
          adjustedPoints: 15,
        })
      ).statusCode,
      403,
    );
    assert.equal(
      (await street.post(`/api/assessment/appeals/${first.id}/decision`, { decision: 'grant', reason: '同意' }))
        .statusCode,
      400,
    );
    const refused = await ok(
      street.post(`/api/assessment/appeals/${first.id}/decision`, {
        decision: 'refuse',
        reason: '走访须当场记录，不予调整',
      }),
    );
    assert.equal(refused.status, 'refused');
    const a1 = await score(admin, a0.id);
    assert.equal(a1.score, a0.score, 'refused: the score stands');
    assert.equal(line(a1, 'visits').effectivePoints, visitsLine.points);
    assert.equal(
      (
        await street.post(`/api/assessment/appeals/${first.id}/decision`, {
          decision: 'grant',
          reason: '改判',
          adjustedPoints: 15,
        })
      ).statusCode,
      409,
      'decided once',
    );

    // The red card: the order came after the matter had gone to the department — granted.
    const cardsLine = line(a1, 'supervision_cards');
    const second = await ok(
      wA.post(`/api/assessment/scores/${a0.id}/appeals`, {
        indicator: 'supervision_cards',
        reason: '该事项督办前已转交部门处理',
      }),
      201,
    );
    assert.equal(
      (
        await street.post(`/api/assessment/appeals/${second.id}/decision`, {
          decision: 'grant',
          reason: '情况属实',
          adjustedPoints: 11,
        })
      ).statusCode,
      400,
      'no more than the weight',
    );
    const adjusted = 8.5;
    const granted = await ok(
      street.post(`/api/assessment/appeals/${second.id}/decision`, {
        decision: 'grant',
        reason: '情况属实，酌情调整',
        adjustedPoints: adjusted,
        adjustedValue: 0,
      }),
    );
    assert.equal(granted.status, 'granted');
    const a2 = await score(admin, a0.id);
    const raw = r2(a1.rawPoints - cardsLine.points + adjusted);
    assert.equal(a2.rawPoints, raw);
    assert.equal(a2.score, r2(raw * a1.workloadFactor));
    assert.equal(line(a2, 'supervision_cards').points, cardsLine.points, 'the computed points are kept');
    assert.equal(line(a2, 'supervision_cards').effectivePoints, adjusted);
    assert.deepEqual(
      line(a2, 'visits').appeals.map((x) => x.status),
      ['refused'],
    );
    // Ranks follow the new score; a re-run keeps the granted points.
    const b = await scoreOf(admin, id(wB));
    assert.equal(a2.rank, a2.score > b.score ? 1 : a2.score === b.score ? 1 : 2);
    await ok(admin.post(`/api/assessment/schemes/${schemeId}/runs`, { month: '2026-12' }));
    assert.equal((await score(admin, a0.id)).score, a2.score);
    // Audited, and the appellant told.
    const audit = (await ok(admin.get('/api/audit?entityType=assessment_appeal&limit=50'))).items as Array<{
      action: string;
    }>;
    assert.deepEqual(audit.map((x) => x.action).sort(), [
      'assessment.appeal.file',
      'assessment.appeal.file',
      'assessment.appeal.grant',
      'assessment.appeal.refuse',
    ]);
    const told = (await ok(wA.get('/api/notifications?limit=50'))).items as Array<{ kind: string }>;
    assert.equal(told.filter((n) => n.kind === 'assessment.appeal_decided').length, 2);
    const listed = (await ok(street.get('/api/assessment/appeals?limit=50'))).items as Array<{ id: number }>;
    assert.deepEqual(
      listed.map((x) => x.id),
      [second.id, first.id],
    );
  });

  test('the worker sees their own scores; scope: another district sees nothing of them', async () => {
    const mine = (await ok(wA.get('/api/assessment/my-scores'))).items as Score[];
    assert.deepEqual(
      mine.map((s) => s.subjectUserId),
      [id(wA)],
    );
    const a = (await scoreOf(admin, id(wA))).id;
    assert.equal((await wB.get(`/api/assessment/scores/${a}`)).statusCode, 404);
    assert.equal((await otherDistrict.get(`/api/assessment/scores/${a}`)).statusCode, 404);
    assert.equal((await otherDistrict.get(`/api/assessment/schemes/${schemeId}`)).statusCode, 404);
    assert.equal((await ok(otherDistrict.get(`/api/assessment/scores?month=2026-12&limit=200`))).items.length, 0);
    assert.equal(
      (await otherDistrict.post(`/api/assessment/schemes/${schemeId}/runs`, { month: '2026-12' })).statusCode,
      404,
    );
    // The street reads the scores of its communities but configures nothing.
    assert.ok((await scores(street)).some((s) => s.subjectUserId === id(wA)));
    assert.equal((await street.post(`/api/assessment/schemes/${schemeId}/runs`, { month: '2026-12' })).statusCode, 403);
    assert.equal((await wA.get('/api/assessment/scores')).statusCode, 403);
    // A month not yet over is not scored.
    assert.equal((await admin.post(`/api/assessment/schemes/${schemeId}/runs`, { month: '2027-01' })).statusCode, 409);
  });

  test('schemes: activity cannot be configured, weights add up to 100, indicators fit the subject; bad input changes nothing', async () => {
    const count = async () => (await ok(admin.get('/api/assessment/schemes?limit=200'))).items.length as number;
    const before = await count();
    const body = (indicators: unknown[], subjectKind = 'grid_worker') => ({
      districtId,
      subjectKind,
      name: '测试方案',
      indicators,
    });
    for (const activity of ['app_logins', 'clicks', 'likes', 'study_time', 'online_minutes']) {
      const res = await admin.post(
        '/api/assessment/schemes',
        body([
          { indicator: activity, weight: 50, target: 1 },
          { indicator: 'overdue', weight: 50, perItem: 1 },
        ]),
      );
      assert.equal(res.statusCode, 400, `${activity}: ${res.body}`);
    }
    const cases: Array<[unknown[], string, string]> = [
      [[{ indicator: 'overdue', weight: 60, perItem: 1 }], 'grid_worker', 'body.indicators'],
      [
        [
          { indicator: 'overdue', weight: 50, perItem: 1 },
          { indicator: 'overdue', weight: 50, perItem: 1 },
        ],
        'grid_worker',
        'body.indicators.1.indicator',
      ],
      [[{ indicator: 'visits', weight: 100, target: 1 }], 'department', 'body.indicators.0.indicator'],
      [[{ indicator: 'satisfaction', weight: 100 }], 'department', 'body.indicators.0.target'],
      [[{ indicator: 'supervision_cards', weight: 100, perRed: 5 }], 'department', 'body.indicators.0.perYellow'],
    ];
    for (const [indicators, kind, path] of cases) {
      const res = await admin.post('/api/assessment/schemes', body(indicators, kind));
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.details[0].path, path, res.body);
    }
    // Not a district; not the caller's district; not a configurer.
    const notDistrict = await admin.post('/api/assessment/schemes', {
      ...body([{ indicator: 'overdue', weight: 100, perItem: 1 }]),
      districtId: (await ok(admin.get('/api/org/tree'))).divisions.find((d: any) => d.parentId === districtId).id,
    });
    assert.equal(notDistrict.statusCode, 400);
    assert.equal(
      (await otherDistrict.post('/api/assessment/schemes', body([{ indicator: 'overdue', weight: 100, perItem: 1 }])))
        .statusCode,
      400,
    );
    assert.equal(
      (await communityAdmin.post('/api/assessment/schemes', body([{ indicator: 'overdue', weight: 100, perItem: 1 }])))
        .statusCode,
      403,
    );
    assert.equal(await count(), before, 'nothing was made');

    // A department scheme scores the district's departments from the same records.
    const dept = await ok(
      admin.post(
        '/api/assessment/schemes',
        body(
          [
            { indicator: 'resolved_on_time', weight: 60, target: 0.9 },
            { indicator: 'supervision_cards', weight: 40, perRed: 10, perYellow: 4 },
          ],
          'department',
        ),
      ),
      201,
    );
    assert.equal(dept.current.effectiveFrom, '2027-01', 'from the current month by default');
    assert.equal((await admin.post(`/api/assessment/schemes/${dept.id}/runs`, { month: '2026-12' })).statusCode, 409);
    assert.equal((await admin.delete(`/api/assessment/schemes/${dept.id}`)).json().archived, true);
    assert.equal((await admin.post(`/api/assessment/schemes/${dept.id}/runs`, { month: '2026-12' })).statusCode, 409);
  });
});
