import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countElection, type TieRule } from '../../src/modules/elections/count.ts';

/**
 * 5 seats from 8 candidates (ids 1–8), counted against worked examples done by hand.
 * Areas are in m² here and in hundredths of m² for the count.
 */
const CANDIDATES = [1, 2, 3, 4, 5, 6, 7, 8];

function electionOf(areas: number[], ballots: number[][], tieRule: TieRule = 'area', lotWinners?: number[]) {
  return countElection({
    seats: 5,
    tieRule,
    electors: areas.map((a, i) => ({ householdId: i + 1, areaCenti: a * 100, buildingId: i < 5 ? 10 : 20 })),
    candidateIds: CANDIDATES,
    ballots: ballots.map((candidateIds, i) => ({ householdId: i + 1, candidateIds })),
    lotWinners: lotWinners ?? null,
  });
}

const ballotsOf = (r: ReturnType<typeof countElection>) =>
  Object.fromEntries(r.candidates.map((c) => [c.candidateId, [c.ballots, c.areaCenti / 100, c.eligible]]));

describe('committee election count (art. 278 item 3)', () => {
  // Ten households; the last two do not vote. Total area 1 000 m²; cast 8 of 10 and 740 m².
  const areas = [100, 100, 100, 100, 100, 80, 80, 80, 120, 140];

  test('a clean count: five eligible fill five seats in order of ballots; a blank ballot takes part', () => {
    const r = electionOf(areas, [
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 6],
      [1, 2, 3, 5, 6],
      [1, 2, 4, 5, 7],
      [1, 3, 4, 5, 8],
      [1, 2, 3, 7],
      [2, 4, 5, 6],
      [],
    ]);
    // By hand: participation 8/10 (≥ 2/3) and 740/1000 m² (≥ 2/3). Half of the cast: 4 ballots, 370 m².
    assert.equal(r.quorumMet, true);
    assert.deepEqual([r.participationByCount.num, r.participationByCount.den], [8, 10]);
    assert.deepEqual([r.participationByArea.num, r.participationByArea.den], [74_000, 100_000]);
    assert.equal(r.blankBallots, 1);
    assert.deepEqual(ballotsOf(r), {
      1: [6, 580, true],
      2: [6, 560, true],
      3: [5, 480, true],
      4: [5, 480, true],
      5: [5, 480, true],
      6: [3, 280, false],
      7: [2, 180, false],
      8: [1, 100, false],
    });
    assert.deepEqual(
      r.elected.map((e) => [e.seat, e.candidateId, e.by]),
      [
        [1, 1, 'ballots'],
        [2, 2, 'ballots'],
        [3, 3, 'ballots'],
        [4, 4, 'ballots'],
        [5, 5, 'ballots'],
      ],
    );
    // Three level on 5 ballots for the last three seats all fit: no tie.
    assert.equal(r.tie, null);
    assert.equal(r.vacantSeats, 0);
    assert.equal(r.pendingSeats, 0);
    // By building: households 1–5 in building 10 (500 m², all voted), 6–10 in building 20.
    const [b10, b20] = r.byBuilding;
    assert.deepEqual([b10!.buildingId, b10!.households, b10!.ballots, b10!.ballotsAreaCenti], [10, 5, 5, 50_000]);
    assert.deepEqual([b20!.buildingId, b20!.households, b20!.ballots, b20!.ballotsAreaCenti], [20, 5, 3, 24_000]);
    assert.deepEqual(
      b20!.candidates.find((c) => c.candidateId === 2),
      { candidateId: 2, ballots: 2, areaCenti: 16_000 },
    );
  });

  test('only four eligible: the fifth seat stays vacant', () => {
    const r = electionOf(areas, [
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 6],
      [1, 2, 3, 5, 6],
      [1, 2, 4, 5, 7],
      [1, 3, 4, 5, 8],
      [1, 2, 3, 7],
      [2, 4, 6],
      [],
    ]);
    // Candidate 5 is on 4 of 8 ballots: exactly half, not more than half.
    assert.deepEqual(ballotsOf(r)[5], [4, 400, false]);
    assert.deepEqual(
      r.elected.map((e) => e.candidateId),
      [1, 2, 3, 4],
    );
    assert.equal(r.vacantSeats, 1);
    assert.equal(r.pendingSeats, 0);
  });

  test('a majority by count but not by area is not elected (nor by area but not by count)', () => {
    // Nine households, the last (100 m²) not voting: 900 m² in all, 800 m² cast; half is 4 ballots and 400 m².
    const r = electionOf(
      [50, 50, 50, 50, 150, 150, 150, 150, 100],
      [
        [1, 2, 3, 4, 6],
        [1, 2, 3, 4, 6],
        [1, 2, 3, 4, 6],
        [1, 2, 3, 4, 6],
        [1, 2, 3, 4, 6],
        [1, 2, 3, 4, 5],
        [1, 2, 3, 5, 7],
        [1, 2, 4, 5, 8],
      ],
    );
    assert.equal(r.quorumMet, true);
    const b = ballotsOf(r);
    assert.deepEqual(b[6], [5, 350, false], '5 of 8 ballots, but 350 m² of 800');
    assert.deepEqual(b[5], [3, 450, false], '450 m² of 800, but 3 of 8 ballots');
    assert.deepEqual(b[3], [7, 650, true]);
    assert.deepEqual(
      r.elected.map((e) => e.candidateId),
      [1, 2, 3, 4],
    );
    assert.equal(r.vacantSeats, 1);
  });

  test('no quorum: nobody is elected, though everyone who voted marked the same five', () => {
    const five = [1, 2, 3, 4, 5];
    // 6 of 10 households: 3·6 = 18 < 2·10.
    const byCount = electionOf(areas, [five, five, five, five, five, five]);
    assert.equal(byCount.quorumMet, false);
    assert.deepEqual(byCount.elected, []);
    assert.equal(byCount.vacantSeats, 5);
    assert.equal(byCount.candidates[0]!.eligible, true, 'eligibility is still reported');
    // 7 of 10 by count (≥ 2/3) but only 660 m² of 1 000 (< 2/3): households 1–5 and two of 80 m².
    const byArea = electionOf(areas, [five, five, five, five, five, five, five]);
    assert.equal(byArea.participationByArea.num, 66_000);
    assert.equal(byArea.quorumMet, false);
    assert.deepEqual(byArea.elected, []);
  });

  test('participation exactly two thirds counts (以上 includes the bound)', () => {
    // Six households of 100 m²; four vote: 3·4 = 12 = 2·6 and 3·400 = 2·600.
    const r = countElection({
      seats: 5,
      tieRule: 'area',
      electors: [1, 2, 3, 4, 5, 6].map((h) => ({ householdId: h, areaCenti: 10_000, buildingId: null })),
      candidateIds: CANDIDATES,
      ballots: [1, 2, 3, 4].map((h) => ({ householdId: h, candidateIds: [1, 2, 3] })),
    });
    assert.equal(r.quorumMet, true);
    assert.deepEqual(
      r.elected.map((e) => e.candidateId),
      [1, 2, 3],
    );
    assert.equal(r.vacantSeats, 2);
  });

  describe('a tie at the fifth seat', () => {
    // Ten households; the last two (100 m² each) do not vote. Household 6 has 120 m².
    // Candidates 5 (households 1–5, 500 m²) and 6 (households 4–8, 520 m²) are level on 5 ballots.
    const tieAreas = [100, 100, 100, 100, 100, 120, 100, 100, 100, 100];
    const tieBallots = [
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
      [1, 2, 3, 5, 6],
      [1, 2, 4, 5, 6],
      [1, 2, 3, 4, 6],
      [1, 3, 4, 6, 7],
      [1, 2, 6, 8],
    ];
    const firstFour = [1, 2, 3, 4];

    test('the hand count', () => {
      const r = electionOf(tieAreas, tieBallots);
      assert.deepEqual(ballotsOf(r), {
        1: [8, 820, true],
        2: [7, 720, true],
        3: [6, 620, true],
        4: [6, 620, true],
        5: [5, 500, true],
        6: [5, 520, true],
        7: [1, 100, false],
        8: [1, 100, false],
      });
      assert.deepEqual(
        r.candidates.filter((c) => c.candidateId >= 5 && c.candidateId <= 6).map((c) => c.rank),
        [5, 5],
      );
    });

    test('rule area: the greater floor area (candidate 6, 520 m²) takes the seat', () => {
      const r = electionOf(tieAreas, tieBallots, 'area');
      assert.deepEqual(
        r.elected.map((e) => [e.candidateId, e.by]),
        [...firstFour.map((c) => [c, 'ballots']), [6, 'area']],
      );
      assert.deepEqual(r.tie, {
        rule: 'area',
        candidateIds: [6, 5],
        seats: 1,
        resolved: true,
        pendingCandidateIds: [],
      });
      assert.equal(r.pendingSeats, 0);
    });

    test('rule area, level on area too: the seat stays unresolved', () => {
      const level = [...tieAreas];
      level[5] = 100;
      const r = electionOf(level, tieBallots, 'area');
      assert.deepEqual(
        r.elected.map((e) => e.candidateId),
        firstFour,
      );
      assert.equal(r.pendingSeats, 1);
      assert.equal(r.vacantSeats, 0);
      assert.equal(r.tie?.resolved, false);
      assert.deepEqual(r.tie?.pendingCandidateIds, [5, 6]);
    });

    test('rule lot: pending until the drawing is recorded, then the drawn candidate takes the seat', () => {
      const before = electionOf(tieAreas, tieBallots, 'lot');
      assert.deepEqual(
        before.elected.map((e) => e.candidateId),
        firstFour,
      );
      assert.equal(before.pendingSeats, 1);
      assert.deepEqual(before.tie, {
        rule: 'lot',
        candidateIds: [6, 5],
        seats: 1,
        resolved: false,
        pendingCandidateIds: [6, 5],
      });
      // The drawing picked candidate 5, though 6 has more area: the lot decides, not the area.
      const after = electionOf(tieAreas, tieBallots, 'lot', [5]);
      assert.deepEqual(
        after.elected.map((e) => [e.candidateId, e.by]),
        [...firstFour.map((c) => [c, 'ballots']), [5, 'lot']],
      );
      assert.equal(after.tie?.resolved, true);
      assert.equal(after.pendingSeats, 0);
      // A drawing naming someone not in the tie settles nothing.
      assert.equal(electionOf(tieAreas, tieBallots, 'lot', [7]).pendingSeats, 1);
    });

    test('rule runoff: the tied candidates are left for a runoff; one seat pending', () => {
      const r = electionOf(tieAreas, tieBallots, 'runoff');
      assert.deepEqual(
        r.elected.map((e) => e.candidateId),
        firstFour,
      );
      assert.equal(r.pendingSeats, 1);
      assert.equal(r.vacantSeats, 0);
      assert.deepEqual(r.tie?.pendingCandidateIds, [6, 5]);
    });

    test('rule area across two seats: the clear winner by area is in, the two level on area stay pending', () => {
      // Three level on 5 ballots for the last two seats: 6 has 520 m², 5 and 7 have 500 m² each.
      const r = countElection({
        seats: 5,
        tieRule: 'area',
        electors: tieAreas.map((a, i) => ({ householdId: i + 1, areaCenti: a * 100, buildingId: null })),
        candidateIds: CANDIDATES,
        ballots: [
          [1, 2, 3, 5, 7],
          [1, 2, 3, 5, 7],
          [1, 2, 3, 5, 7],
          [1, 2, 3, 5, 6],
          [1, 2, 4, 5, 6],
          [1, 2, 3, 4, 6],
          [1, 3, 4, 6, 7],
          [1, 2, 6, 7],
        ].map((candidateIds, i) => ({ householdId: i + 1, candidateIds })),
      });
      // By hand: 1 → 8, 2 → 7, 3 → 6 ballots; 4 → 3 (not eligible); 5, 6, 7 → 5 each.
      assert.deepEqual(
        r.elected.map((e) => [e.candidateId, e.by]),
        [
          [1, 'ballots'],
          [2, 'ballots'],
          [3, 'ballots'],
          [6, 'area'],
        ],
      );
      assert.equal(r.pendingSeats, 1);
      assert.deepEqual(r.tie?.pendingCandidateIds, [5, 7]);
    });
  });

  test('ballots of households outside the electorate and marks of unknown candidates are ignored', () => {
    const r = countElection({
      seats: 5,
      tieRule: 'area',
      electors: [{ householdId: 1, areaCenti: 10_000, buildingId: null }],
      candidateIds: [1],
      ballots: [
        { householdId: 1, candidateIds: [1, 99] },
        { householdId: 2, candidateIds: [1] },
      ],
    });
    assert.equal(r.ballots, 1);
    assert.deepEqual(ballotsOf(r), { 1: [1, 100, true] });
  });
});
