import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor } from '../../platform/access.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addMonths } from '../../platform/local-time.ts';
import type { AssessmentDeps } from './deps.ts';
import { gatherFacts } from './gather.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { currentMonth, monthWindow, type Schemes } from './schemes.ts';
import {
  flagsOf,
  loadOf,
  peerMedians,
  rankWithinGroups,
  scoreLine,
  scoreOf,
  sumPoints,
  workloadFactor,
} from './scoring.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * The monthly scoring run: the facts of the month (gather.ts) → points by the version in
 * force → workload factor → rank in the peer group, every score stored with its lines and
 * the ids of their records. A run again replaces the figures in place (same records, same
 * scores); the points a granted appeal set on a line stay.
 */
export class Runs {
  constructor(
    private readonly d: AssessmentDeps,
    private readonly schemes: Schemes,
  ) {}

  async run(ctx: RequestContext, schemeId: number, month: string): Promise<View<typeof S.RunView>> {
    if (ctx.actor) await this.schemes.configurable(requireActor(ctx.actor), schemeId);
    return this.score(ctx, schemeId, month, ctx.actor ? 'route' : 'job');
  }

  /** The job: each active scheme scores the month just ended. */
  async runMonthly(now: Date) {
    const month = addMonths(`${currentMonth(now, this.d.options.timeZone)}-01`, -1).slice(0, 7);
    for (const scheme of await repo.activeSchemes(this.d.db)) {
      if (!(await repo.versionInForce(this.d.db, scheme.id, month))) continue;
      await this.score(systemContext(), scheme.id, month, 'job');
    }
  }

  private async score(ctx: RequestContext, schemeId: number, month: string, trigger: 'job' | 'route') {
    const { db, clock, audit, options } = this.d;
    const scheme = await repo.schemeById(db, schemeId);
    if (!scheme) throw new AppError('not_found');
    if (scheme.archived) throw new AppError('conflict', {}, [{ key: 'assessment.archived' }]);
    const window = monthWindow(month, options.timeZone);
    const now = clock.now();
    if (window.to > now) throw new AppError('conflict', {}, [{ key: 'assessment.month_not_over' }]);
    const version = await repo.versionInForce(db, schemeId, month);
    if (!version) throw new AppError('conflict', {}, [{ key: 'assessment.no_version' }]);

    const subjects = await gatherFacts(
      this.d,
      { districtId: scheme.district_id, subjectKind: scheme.subject_kind },
      window,
      version.workload,
    );
    const computed = subjects.map((s) => ({
      s,
      lines: version.indicators.map((c) => scoreLine(c, s.facts[c.indicator])),
      load: loadOf(s),
    }));
    const medians = peerMedians(computed.map((c) => ({ peerGroup: c.s.peerGroup, load: c.load })));

    const run = await db.transaction().execute(async (trx) => {
      const existing = new Map((await repo.scoresOfMonth(trx, schemeId, month)).map((r) => [r.subject_key, r]));
      const granted = new Map<string, number>();
      for (const l of await repo.linesOf(
        trx,
        [...existing.values()].map((r) => r.id),
      ))
        if (l.granted_points !== null) granted.set(`${l.score_id}:${l.indicator}`, Number(l.granted_points));

      const figures = computed.map(({ s, lines, load }) => {
        const prior = existing.get(s.key);
        const effective = lines.map((l) => (prior && granted.get(`${prior.id}:${l.indicator}`)) ?? l.points);
        const raw = sumPoints(effective);
        const median = medians.get(s.peerGroup) ?? null;
        const factor = workloadFactor(load, median, version.workload.strength);
        return { s, lines, load, median, raw, factor, score: scoreOf(raw, factor) };
      });
      const ranks = rankWithinGroups(figures.map((f) => ({ key: f.s.key, peerGroup: f.s.peerGroup, score: f.score })));

      const runRow = await repo.insertRun(trx, {
        scheme_id: schemeId,
        version_id: version.id,
        month,
        subjects: figures.length,
        trigger,
        by_user_id: ctx.actor?.userId ?? null,
        by_name: ctx.actor?.displayName ?? null,
        at: now,
      });
      for (const f of figures) {
        const { rank, peerSize } = ranks.get(f.s.key)!;
        const row = {
          scheme_id: schemeId,
          version_id: version.id,
          run_id: runRow.id,
          month,
          subject_kind: f.s.kind,
          subject_key: f.s.key,
          subject_user_id: f.s.userId,
          subject_name: f.s.name,
          division_id: f.s.divisionId,
          grid_id: f.s.gridId,
          peer_group: f.s.peerGroup,
          residents: f.s.residents,
          raw_points: f.raw,
          workload_factor: f.factor,
          score: f.score,
          rank,
          peer_size: peerSize,
          flags: JSON.stringify(flagsOf(f.lines)),
          workload: JSON.stringify({
            weightedLoad: f.s.weightedLoad,
            load: f.load,
            peerMedian: f.median,
            strength: version.workload.strength,
            matterIds: f.s.loadMatterIds,
          }),
          computed_at: now,
        };
        const prior = existing.get(f.s.key);
        const scoreRow = prior ? await repo.updateScore(trx, prior.id, row) : await repo.insertScore(trx, row);
        existing.delete(f.s.key);
        await this.writeLines(trx, scoreRow.id, f.lines);
      }
      // Subjects no longer assessed (a worker gone): their scores go, unless appealed.
      await repo.deleteScoresWithoutAppeals(
        trx,
        [...existing.values()].map((r) => r.id),
      );
      await audit.record(trx, ctx, {
        action: 'assessment.run',
        entityType: 'assessment_scheme',
        entityId: schemeId,
        place: { divisionId: scheme.district_id, gridId: null },
        details: { month, version: version.version, subjects: figures.length, trigger },
      });
      return runRow;
    });
    return {
      runId: run.id,
      schemeId,
      month,
      version: version.version,
      subjects: run.subjects,
      at: run.at.toISOString(),
    };
  }

  private async writeLines(trx: Executor, scoreId: number, lines: ReturnType<typeof scoreLine>[]) {
    for (const l of lines)
      await repo.upsertLine(trx, {
        score_id: scoreId,
        indicator: l.indicator,
        weight: l.weight,
        target: l.target,
        value: l.value,
        numerator: l.numerator,
        denominator: l.denominator,
        points: l.points,
        deduction: l.deduction,
        refs: JSON.stringify(l.refs),
        appeal_id: null,
        granted_points: null,
      });
    await repo.deleteLinesExcept(
      trx,
      scoreId,
      lines.map((l) => l.indicator),
    );
  }
}
