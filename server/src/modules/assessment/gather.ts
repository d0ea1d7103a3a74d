import { DEPARTMENTS } from '../matters/catalogue.ts';
import type { AssessedMatter } from '../matters/assessment-reads.ts';
import type { AssessmentDeps } from './deps.ts';
import { type IndicatorFacts, peerGroupOf, type SubjectFacts } from './scoring.ts';
import type { Indicator, RefGroup, SubjectKind, WorkloadConfig } from './tables.ts';

/**
 * The facts a month's scores are made of, read through the other modules' services only
 * (matters, supervision, field, org, auth) — never their tables — and nothing entered for
 * assessment's sake. Every figure keeps the ids of the records it counts.
 */

export interface Month {
  month: string;
  from: Date;
  to: Date;
  days: number;
}

const ids = (ms: readonly { id: number }[]) => ms.map((m) => m.id);
const distinct = (xs: readonly number[]) => [...new Set(xs)].sort((a, b) => a - b);

/** A rate's facts: of the base, those in `met` met the mark; the rest missed it. */
function rate(kind: RefGroup['kind'], base: readonly number[], met: ReadonlySet<number>): IndicatorFacts {
  const hit = base.filter((id) => met.has(id));
  const miss = base.filter((id) => !met.has(id));
  return {
    numerator: hit.length,
    denominator: base.length,
    refs: [
      { kind, role: 'met', ids: hit },
      { kind, role: 'missed', ids: miss },
    ],
  };
}

function countFacts(kind: RefGroup['kind'], list: readonly number[]): IndicatorFacts {
  return { count: list.length, refs: [{ kind, role: 'missed', ids: [...list] }] };
}

function cardFacts(cards: ReadonlyArray<{ orderId: number; card: 'red' | 'yellow' }>): IndicatorFacts {
  const reds = cards.filter((c) => c.card === 'red').map((c) => c.orderId);
  const yellows = cards.filter((c) => c.card === 'yellow').map((c) => c.orderId);
  return {
    reds: reds.length,
    yellows: yellows.length,
    refs: [
      { kind: 'order', role: 'red', ids: reds },
      { kind: 'order', role: 'yellow', ids: yellows },
    ],
  };
}

/** The matters facts of one holder: rates and counts over the matters `mine` selects. */
function matterFacts(
  matters: Record<string, AssessedMatter[]>,
  mine: (m: AssessedMatter) => boolean,
): Partial<Record<Indicator, IndicatorFacts>> {
  const of = (measure: string) => ids((matters[measure] ?? []).filter(mine));
  return {
    accepted_on_time: rate('matter', of('accepted'), new Set(of('accepted_on_time'))),
    resolved_on_time: rate('matter', of('resolved'), new Set(of('resolved_on_time'))),
    overdue: countFacts('matter', of('overdue')),
    satisfaction: rate('matter', of('rated'), new Set(of('satisfied'))),
  };
}

function weighted(received: readonly AssessedMatter[], workload: WorkloadConfig) {
  let sum = 0;
  for (const m of received) sum += workload.caseMix[m.topCategory] ?? 1;
  return sum;
}

export async function gatherFacts(
  deps: AssessmentDeps,
  scheme: { districtId: number; subjectKind: SubjectKind },
  month: Month,
  workload: WorkloadConfig,
): Promise<SubjectFacts[]> {
  const { org, auth, matters, supervision, field } = deps;
  const below = (await org.expandDivisions([scheme.districtId])).get(scheme.districtId) ?? [];
  const divisionIds = distinct([scheme.districtId, ...below]);
  // Overdue is judged at the month's end: what was late then stays late.
  const window = { from: month.from, to: month.to, now: month.to };
  const [byMeasure, returns, cards, grids] = await Promise.all([
    matters.assessedMatters(divisionIds, window),
    matters.returnsIn(divisionIds, month.from, month.to),
    supervision.cardsGiven(divisionIds, month.from, month.to),
    org.gridProfiles(divisionIds),
  ]);

  if (scheme.subjectKind === 'department') {
    const residents = grids.reduce((s, g) => s + g.residents, 0);
    const codes = new Set<string>();
    for (const list of Object.values(byMeasure)) for (const m of list) if (m.department) codes.add(m.department);
    for (const c of cards) if (c.unitKind === 'department' && c.department) codes.add(c.department);
    // A return counts to the department whose staff made it.
    const returnsOf = new Map<string, number[]>();
    for (const code of Object.keys(DEPARTMENTS)) {
      const staff = new Set(
        (await auth.usersWithRole(['dept_staff'], { divisionIds, department: code })).map((u) => u.userId),
      );
      const made = returns.filter((r) => r.actorUserId !== null && staff.has(r.actorUserId)).map((r) => r.matterId);
      if (made.length) {
        returnsOf.set(code, distinct(made));
        codes.add(code);
      }
    }
    return [...codes].sort().map((code) => {
      const received = byMeasure.received.filter((m) => m.department === code);
      return {
        key: `dept:${code}`,
        kind: 'department',
        userId: null,
        name: DEPARTMENTS[code]?.zh ?? code,
        divisionId: scheme.districtId,
        gridId: null,
        peerGroup: 'department',
        residents: residents || null,
        weightedLoad: weighted(received, workload),
        loadMatterIds: ids(received),
        facts: {
          ...matterFacts(byMeasure, (m) => m.department === code),
          returned: countFacts('matter', returnsOf.get(code) ?? []),
          supervision_cards: cardFacts(cards.filter((c) => c.unitKind === 'department' && c.department === code)),
        },
      } satisfies SubjectFacts;
    });
  }

  // Grid workers: each with the grids they are granted, in the district.
  const gridById = new Map(grids.map((g) => [g.id, g]));
  const grants = await auth.usersWithRole(['grid_worker'], { gridIds: grids.map((g) => g.id) });
  const workers = new Map<number, { name: string; gridIds: number[] }>();
  for (const g of grants) {
    if (g.gridId === null || !gridById.has(g.gridId)) continue;
    const w = workers.get(g.userId) ?? { name: g.displayName, gridIds: [] };
    if (!w.gridIds.includes(g.gridId)) w.gridIds.push(g.gridId);
    workers.set(g.userId, w);
  }
  const allGridIds = [...new Set([...workers.values()].flatMap((w) => w.gridIds))];
  const communityIds = distinct(allGridIds.map((id) => gridById.get(id)!.communityId));
  const intervals = await field.visitIntervals(communityIds);
  const tags = [...new Set([...intervals.values()].flatMap((r) => Object.keys(r)))];
  const [people, visits, checkIns, holders] = await Promise.all([
    org.taggedPersonsInGrids(allGridIds, tags),
    field.visitsIn(communityIds, month.from, month.to),
    field.checkInsIn(communityIds, month.from, month.to),
    matters.holdersOf(distinct(cards.filter((c) => c.matterId !== null).map((c) => c.matterId!))),
  ]);

  return [...workers.entries()]
    .sort(([a], [b]) => a - b)
    .map(([userId, w]) => {
      const gridIds = [...w.gridIds].sort((a, b) => a - b);
      const mine = new Set(gridIds);
      const first = gridById.get(gridIds[0]!)!;
      const residents = gridIds.reduce((s, id) => s + gridById.get(id)!.residents, 0);

      // Visits against targets: each tagged person of the grids is due floor(days / interval)
      // visits in the month (the shortest interval of their tags); visits beyond that add nothing.
      let expected = 0;
      const metVisits: number[] = [];
      const short: number[] = [];
      for (const p of people.filter((p) => mine.has(p.gridId))) {
        const rules = intervals.get(p.communityId) ?? {};
        const every = Math.min(...p.tags.map((t) => rules[t] ?? Number.POSITIVE_INFINITY));
        const due = Number.isFinite(every) ? Math.floor(month.days / every) : 0;
        if (due === 0) continue;
        expected += due;
        const done = visits.filter((v) => v.personId === p.id).slice(0, due);
        metVisits.push(...ids(done));
        if (done.length < due) short.push(p.id);
      }

      // Patrol coverage: the grids' buildings with at least one check-in in the month.
      const buildings = gridIds.flatMap((id) => gridById.get(id)!.buildingIds);
      const inGrid = new Set(buildings);
      const hits = checkIns.filter((c) => inGrid.has(c.buildingId));
      const covered = new Set(hits.map((c) => c.buildingId));

      const received = byMeasure.received.filter((m) => m.gridId !== null && mine.has(m.gridId));
      return {
        key: `user:${userId}`,
        kind: 'grid_worker',
        userId,
        name: w.name,
        divisionId: first.communityId,
        gridId: first.id,
        peerGroup: peerGroupOf(first.kind, residents, workload.sizeBands),
        residents,
        weightedLoad: weighted(received, workload),
        loadMatterIds: ids(received),
        facts: {
          ...matterFacts(byMeasure, (m) => m.assigneeUserId === userId),
          returned: countFacts(
            'matter',
            distinct(returns.filter((r) => r.actorUserId === userId).map((r) => r.matterId)),
          ),
          supervision_cards: cardFacts(
            cards.filter((c) => c.matterId !== null && holders.get(c.matterId)?.assigneeUserId === userId),
          ),
          visits: {
            numerator: metVisits.length,
            denominator: expected,
            refs: [
              { kind: 'visit', role: 'met', ids: metVisits.sort((a, b) => a - b) },
              { kind: 'person', role: 'missed', ids: short },
            ],
          },
          patrol_coverage: {
            numerator: covered.size,
            denominator: buildings.length,
            refs: [
              { kind: 'check_in', role: 'counted', ids: ids(hits) },
              { kind: 'building', role: 'met', ids: buildings.filter((b) => covered.has(b)) },
              { kind: 'building', role: 'missed', ids: buildings.filter((b) => !covered.has(b)) },
            ],
          },
        },
      } satisfies SubjectFacts;
    });
}
