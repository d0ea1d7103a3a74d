/**
 * Counting an owners' committee election (选举业主委员会, Civil Code art. 278 item 3).
 *
 * - Quorum: owners holding at least two thirds of the exclusive floor area AND at least two
 *   thirds by count take part (三分之二以上 includes the bound). A blank ballot takes part.
 * - A candidate is eligible when marked on more than half (过半数, the bound excluded) of the
 *   participating ballots by count AND by the area of those ballots.
 * - Eligible candidates fill the seats in order of ballots; candidates level on ballots across
 *   the last seat are a tie, settled by the election's tie rule:
 *   `area` — the greater floor area wins; still level, the seat stays unresolved;
 *   `lot` — 抽签: the drawing's outcome, recorded by staff, names who wins; until then pending;
 *   `runoff` — the tied candidates go to a runoff; those seats are pending.
 * - Fewer eligible than seats: the rest stay vacant.
 *
 * Everything is compared in integers (area in hundredths of m²), so a share sitting exactly on
 * a bound is decided exactly. Pure: no clock, no database.
 */

export type TieRule = 'area' | 'lot' | 'runoff';

export interface Fraction {
  num: number;
  den: number;
  /** For display only; decisions use num and den. */
  value: number;
}

const fraction = (num: bigint, den: bigint): Fraction => ({
  num: Number(num),
  den: Number(den),
  value: den === 0n ? 0 : Number((num * 1_000_000n) / den) / 1_000_000,
});

export interface CountInput {
  seats: number;
  tieRule: TieRule;
  /** Every owner household of the election with its exclusive area and building. */
  electors: ReadonlyArray<{ householdId: number; areaCenti: number; buildingId: number | null }>;
  candidateIds: readonly number[];
  /** One per household that took part; `candidateIds` empty for a blank ballot. */
  ballots: ReadonlyArray<{ householdId: number; candidateIds: readonly number[] }>;
  /** Under `lot`: the candidates the drawing picked for the tied seats. */
  lotWinners?: readonly number[] | null;
}

export interface CandidateCount {
  candidateId: number;
  ballots: number;
  areaCenti: number;
  byCount: Fraction;
  byArea: Fraction;
  /** More than half of the participating ballots by count and by area. */
  eligible: boolean;
  /** 1-based place among candidates by ballots (level candidates share a place). */
  rank: number;
}

export interface Elected {
  candidateId: number;
  seat: number;
  /** How the seat was won: outright on ballots, or on a tie broken by area or by lot. */
  by: 'ballots' | 'area' | 'lot';
}

export interface TieOutcome {
  rule: TieRule;
  /** The candidates level on ballots across the last seat(s). */
  candidateIds: number[];
  /** Seats the tie decides. */
  seats: number;
  /** Whether it is settled (by area or by a recorded drawing). */
  resolved: boolean;
  /** Under `area` with some still level, or `lot` before the drawing, or `runoff`: who remains in contention. */
  pendingCandidateIds: number[];
}

export interface BuildingCount {
  buildingId: number | null;
  households: number;
  areaCenti: number;
  ballots: number;
  ballotsAreaCenti: number;
  candidates: Array<{ candidateId: number; ballots: number; areaCenti: number }>;
}

export interface ElectionCount {
  seats: number;
  electors: number;
  totalAreaCenti: number;
  ballots: number;
  blankBallots: number;
  ballotsAreaCenti: number;
  participationByCount: Fraction;
  participationByArea: Fraction;
  quorumMet: boolean;
  candidates: CandidateCount[];
  elected: Elected[];
  /** Seats waiting for a tie to be settled (a drawing not yet recorded, a runoff, an unresolved area tie). */
  pendingSeats: number;
  /** Seats nobody can fill: fewer eligible candidates than seats, or no quorum. */
  vacantSeats: number;
  tie: TieOutcome | null;
  byBuilding: BuildingCount[];
  bounds: { participation: '≥ 2/3'; eligibility: '> 1/2' };
}

export function countElection(input: CountInput): ElectionCount {
  const area = new Map(input.electors.map((e) => [e.householdId, BigInt(e.areaCenti)]));
  const valid = new Set(input.candidateIds);
  const ballots = input.ballots.filter((b) => area.has(b.householdId));
  const electors = BigInt(input.electors.length);
  const totalArea = input.electors.reduce((a, e) => a + BigInt(e.areaCenti), 0n);
  const cast = BigInt(ballots.length);
  const castArea = ballots.reduce((a, b) => a + area.get(b.householdId)!, 0n);
  const quorumMet =
    cast > 0n && electors > 0n && totalArea > 0n && 3n * cast >= 2n * electors && 3n * castArea >= 2n * totalArea;

  const marks = new Map<number, { n: bigint; a: bigint }>(input.candidateIds.map((id) => [id, { n: 0n, a: 0n }]));
  for (const b of ballots)
    for (const c of new Set(b.candidateIds)) {
      if (!valid.has(c)) continue;
      const m = marks.get(c)!;
      m.n += 1n;
      m.a += area.get(b.householdId)!;
    }

  const counts: CandidateCount[] = input.candidateIds.map((id) => {
    const m = marks.get(id)!;
    return {
      candidateId: id,
      ballots: Number(m.n),
      areaCenti: Number(m.a),
      byCount: fraction(m.n, cast),
      byArea: fraction(m.a, castArea),
      eligible: cast > 0n && 2n * m.n > cast && 2n * m.a > castArea,
      rank: 0,
    };
  });
  // Order by ballots, then by area, then by id, for display; seats go by ballots and the tie rule.
  counts.sort((x, y) => y.ballots - x.ballots || y.areaCenti - x.areaCenti || x.candidateId - y.candidateId);
  for (const [i, c] of counts.entries())
    c.rank = i > 0 && counts[i - 1]!.ballots === c.ballots ? counts[i - 1]!.rank : i + 1;

  const elected: Elected[] = [];
  let tie: TieOutcome | null = null;
  let pendingSeats = 0;
  if (quorumMet) {
    const eligible = counts.filter((c) => c.eligible);
    let i = 0;
    while (i < eligible.length && elected.length < input.seats) {
      const level = eligible.filter((c) => c.ballots === eligible[i]!.ballots);
      const left = input.seats - elected.length;
      if (level.length <= left) {
        for (const c of level) elected.push({ candidateId: c.candidateId, seat: elected.length + 1, by: 'ballots' });
      } else {
        const settled = settleTie(input, level, left);
        tie = settled.tie;
        for (const id of settled.winners) elected.push({ candidateId: id, seat: elected.length + 1, by: settled.by });
        pendingSeats = left - settled.winners.length;
        break;
      }
      i += level.length;
    }
  }

  const byBuilding = new Map<number | null, BuildingCount>();
  const voted = new Map(ballots.map((b) => [b.householdId, b]));
  for (const e of input.electors) {
    const b = byBuilding.get(e.buildingId) ?? {
      buildingId: e.buildingId,
      households: 0,
      areaCenti: 0,
      ballots: 0,
      ballotsAreaCenti: 0,
      candidates: input.candidateIds.map((candidateId) => ({ candidateId, ballots: 0, areaCenti: 0 })),
    };
    b.households++;
    b.areaCenti += e.areaCenti;
    const ballot = voted.get(e.householdId);
    if (ballot) {
      b.ballots++;
      b.ballotsAreaCenti += e.areaCenti;
      for (const c of b.candidates)
        if (ballot.candidateIds.includes(c.candidateId)) {
          c.ballots++;
          c.areaCenti += e.areaCenti;
        }
    }
    byBuilding.set(e.buildingId, b);
  }

  return {
    seats: input.seats,
    electors: Number(electors),
    totalAreaCenti: Number(totalArea),
    ballots: Number(cast),
    blankBallots: ballots.filter((b) => !b.candidateIds.some((c) => valid.has(c))).length,
    ballotsAreaCenti: Number(castArea),
    participationByCount: fraction(cast, electors),
    participationByArea: fraction(castArea, totalArea),
    quorumMet,
    candidates: counts,
    elected,
    pendingSeats,
    vacantSeats: input.seats - elected.length - pendingSeats,
    tie,
    byBuilding: [...byBuilding.values()].sort((a, b) => (a.buildingId ?? 0) - (b.buildingId ?? 0)),
    bounds: { participation: '≥ 2/3', eligibility: '> 1/2' },
  };
}

/** `left` seats among `level` candidates with the same ballots, under the election's tie rule. */
function settleTie(
  input: CountInput,
  level: CandidateCount[],
  left: number,
): { winners: number[]; by: Elected['by']; tie: TieOutcome } {
  const ids = level.map((c) => c.candidateId);
  if (input.tieRule === 'area') {
    const byArea = [...level].sort((x, y) => y.areaCenti - x.areaCenti || x.candidateId - y.candidateId);
    const boundary = byArea[left - 1]!.areaCenti;
    const clear = byArea.filter((c) => c.areaCenti > boundary);
    const atBoundary = byArea.filter((c) => c.areaCenti === boundary);
    // Those at the boundary area all fit: everyone through; otherwise they stay level.
    const winners = clear.length + atBoundary.length <= left ? [...clear, ...atBoundary] : clear;
    const pending = winners.length < left ? atBoundary.map((c) => c.candidateId) : [];
    return {
      winners: winners.map((c) => c.candidateId),
      by: 'area',
      tie: {
        rule: 'area',
        candidateIds: ids,
        seats: left,
        resolved: pending.length === 0,
        pendingCandidateIds: pending,
      },
    };
  }
  if (input.tieRule === 'lot') {
    const drawn = (input.lotWinners ?? []).filter((id) => ids.includes(id));
    const resolved = new Set(drawn).size === left;
    return {
      winners: resolved ? [...new Set(drawn)] : [],
      by: 'lot',
      tie: { rule: 'lot', candidateIds: ids, seats: left, resolved, pendingCandidateIds: resolved ? [] : ids },
    };
  }
  return {
    winners: [],
    by: 'ballots',
    tie: { rule: 'runoff', candidateIds: ids, seats: left, resolved: false, pendingCandidateIds: ids },
  };
}

/** Floor area in m² (a string or number with two decimals) in hundredths. */
export function areaToCenti(area: string | number | null): number {
  if (area === null || area === '') return 0;
  const [whole, part = ''] = String(area).split('.');
  return Number(whole) * 100 + Number(`${part}00`.slice(0, 2));
}
