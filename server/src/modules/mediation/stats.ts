import type { z } from 'zod';
import { covers, requirePermission, withinArea } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { localParts } from '../../platform/local-time.ts';
import type { MediationDeps } from './case-keeping.ts';
import { categoryView } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { CATEGORIES } from './tables.ts';

const DAY_MS = 86_400_000;

/** Statistics of an area's cases for a period (人民调解统计): by category, month, studio and mediator. */
export async function caseStats(
  d: MediationDeps,
  ctx: RequestContext,
  q: z.infer<typeof S.StatsQuery>,
): Promise<z.infer<typeof S.StatsView>> {
  const scope = requirePermission(ctx.actor, 'mediation.manage');
  if (!(q.from < q.to)) throw invalid('query.to', 'mediation.period_order');
  if (q.to.getTime() - q.from.getTime() > 5 * 366 * DAY_MS) throw invalid('query.to', 'mediation.period_too_long');
  let communityIds = [...scope.divisionIds];
  if (q.communityId !== undefined) {
    if (!covers(scope, { divisionId: q.communityId, gridId: null })) throw new AppError('not_found');
    communityIds = [q.communityId];
  }
  if (q.areaId !== undefined) communityIds = withinArea(communityIds, await d.org.divisionsUnder(q.areaId));
  const f: repo.StatsFilter = { communityIds, studioId: q.studioId, from: q.from, to: q.to };
  const lastYear: repo.StatsFilter = { ...f, from: shiftYear(q.from, -1), to: shiftYear(q.to, -1) };
  const [byCategory, byStudio, byMediator, days, months, monthsBefore, overdue] = await Promise.all([
    repo.tallyByCategory(d.db, f),
    repo.tallyByStudio(d.db, f),
    repo.tallyByMediator(d.db, f),
    repo.daysToAgreement(d.db, f),
    repo.acceptedByMonth(d.db, f, d.timeZone),
    repo.acceptedByMonth(d.db, lastYear, d.timeZone),
    repo.overdueOpen(d.db, f, d.clock.now()),
  ]);
  const rate = (agreed: number, failed: number) => (agreed + failed > 0 ? round(agreed / (agreed + failed), 4) : null);
  const total = byCategory.reduce(
    (t, r) => ({
      accepted: t.accepted + r.accepted,
      agreed: t.agreed + r.agreed,
      failed: t.failed + r.failed,
      withdrawn: t.withdrawn + r.withdrawn,
      amountFen: t.amountFen + r.amountFen,
    }),
    { accepted: 0, agreed: 0, failed: 0, withdrawn: 0, amountFen: 0 },
  );
  const studios = await repo.studioNames(
    d.db,
    byStudio.map((r) => r.key).filter((k): k is number => typeof k === 'number'),
  );
  const studioName = new Map(studios.map((s) => [s.id, s.name]));
  const tally = (r: { accepted: number; agreed: number; failed: number }) => ({
    accepted: r.accepted,
    agreed: r.agreed,
    failed: r.failed,
    successRate: rate(r.agreed, r.failed),
  });
  return {
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    ...total,
    successRate: rate(total.agreed, total.failed),
    daysToAgreement: {
      count: days.count,
      mean: days.mean === null ? null : round(days.mean, 2),
      median: days.median === null ? null : round(days.median, 2),
    },
    overdueOpen: overdue,
    byCategory: CATEGORIES.map((code) => {
      const r = byCategory.find((x) => x.key === code);
      return { ...categoryView(code, ctx.locale), ...tally(r ?? { accepted: 0, agreed: 0, failed: 0 }) };
    }).filter((r) => r.accepted + r.agreed + r.failed > 0),
    byMonth: monthsBetween(q.from, q.to, d.timeZone).map((month) => ({
      month,
      accepted: months.get(month) ?? 0,
      lastYear: monthsBefore.get(`${Number(month.slice(0, 4)) - 1}${month.slice(4)}`) ?? 0,
    })),
    byStudio: byStudio
      .map((r) => ({
        studio: typeof r.key === 'number' ? { id: r.key, name: studioName.get(r.key) ?? '' } : null,
        ...tally(r),
      }))
      .sort((a, b) => b.accepted - a.accepted || (a.studio?.id ?? 0) - (b.studio?.id ?? 0)),
    byMediator: byMediator
      .map((r) => ({
        mediator: typeof r.key === 'number' ? { id: r.key, name: r.mediatorName ?? '' } : null,
        ...tally(r),
      }))
      .sort((a, b) => b.accepted - a.accepted || (a.mediator?.id ?? 0) - (b.mediator?.id ?? 0)),
  };
}

function round(value: number, places: number) {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

function shiftYear(d: Date, years: number) {
  const out = new Date(d);
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}

/** The months (YYYY-MM, in the time zone) from one moment up to another; at most 60. */
function monthsBetween(from: Date, to: Date, timeZone: string) {
  const key = (at: Date) => localParts(at, timeZone).date.slice(0, 7);
  const first = key(from);
  const last = key(new Date(to.getTime() - 1));
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  while (out.length < 61) {
    const k = `${y}-${String(m).padStart(2, '0')}`;
    out.push(k);
    if (k >= last) break;
    m++;
    if (m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}
