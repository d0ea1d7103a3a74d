import type { z } from 'zod';
import type { RequestContext } from '../../platform/context.ts';
import type { AssessmentDeps } from './deps.ts';
import { Runs } from './runs.ts';
import type * as S from './schema.ts';
import { Schemes } from './schemes.ts';
import { Scores } from './scores.ts';

/**
 * Assessment (考核) of grid workers and departments, from work already recorded only:
 * schemes per district, versioned (schemes.ts); the monthly run (runs.ts) over the facts the
 * other modules' services give (gather.ts) by the pure rules of scoring.ts; scores with their
 * records, and appeals (scores.ts). This class is the module's one door for routes, jobs and tests.
 */
export class AssessmentService {
  private readonly schemes: Schemes;
  private readonly runs: Runs;
  private readonly scores: Scores;

  constructor(deps: AssessmentDeps) {
    this.schemes = new Schemes(deps);
    this.runs = new Runs(deps, this.schemes);
    this.scores = new Scores(deps);
  }

  // ----- schemes -----

  createScheme(ctx: RequestContext, body: z.infer<typeof S.CreateSchemeBody>) {
    return this.schemes.create(ctx, body);
  }

  listSchemes(ctx: RequestContext, q: z.infer<typeof S.SchemeListQuery>) {
    return this.schemes.list(ctx, q);
  }

  scheme(ctx: RequestContext, id: number) {
    return this.schemes.get(ctx, id);
  }

  updateScheme(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateSchemeBody>) {
    return this.schemes.update(ctx, id, body);
  }

  archiveScheme(ctx: RequestContext, id: number) {
    return this.schemes.archive(ctx, id);
  }

  // ----- runs -----

  run(ctx: RequestContext, schemeId: number, body: z.infer<typeof S.RunBody>) {
    return this.runs.run(ctx, schemeId, body.month);
  }

  /** The job: every active scheme scores the month just ended. */
  runMonthly(now: Date) {
    return this.runs.runMonthly(now);
  }

  // ----- scores and appeals -----

  listScores(ctx: RequestContext, q: z.infer<typeof S.ScoreListQuery>) {
    return this.scores.list(ctx, q);
  }

  myScores(ctx: RequestContext, q: z.infer<typeof S.MyScoresQuery>) {
    return this.scores.mine(ctx, q);
  }

  score(ctx: RequestContext, id: number) {
    return this.scores.detail(ctx, id);
  }

  fileAppeal(ctx: RequestContext, scoreId: number, body: z.infer<typeof S.FileAppealBody>) {
    return this.scores.fileAppeal(ctx, scoreId, body);
  }

  listAppeals(ctx: RequestContext, q: z.infer<typeof S.AppealListQuery>) {
    return this.scores.listAppeals(ctx, q);
  }

  decideAppeal(ctx: RequestContext, id: number, body: z.infer<typeof S.DecideAppealBody>) {
    return this.scores.decide(ctx, id, body);
  }
}
