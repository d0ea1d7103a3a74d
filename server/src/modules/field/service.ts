import type { z } from 'zod';
import { checkInsInFor, visitIntervalsFor, visitsInFor } from './assessment-reads.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { FieldDeps } from './deps.ts';
import { Patrols } from './patrols.ts';
import type * as S from './schema.ts';
import { Visits } from './visits.ts';
import { WorkLog } from './work-log.ts';

/**
 * The grid worker's field record (每日巡、经常访、随手做、实时报、及时记): patrols
 * (patrols.ts), visits and who is due one (visits.ts), and the work log made from them
 * (work-log.ts). This class is the module's one door for routes, jobs and tests.
 */
export class FieldService {
  private readonly patrols: Patrols;
  private readonly visits: Visits;
  private readonly log: WorkLog;

  constructor(private readonly deps: FieldDeps) {
    this.patrols = new Patrols(deps);
    this.visits = new Visits(deps);
    this.log = new WorkLog(deps);
  }

  // ----- patrols -----

  startPatrol(ctx: RequestContext) {
    return this.patrols.start(ctx);
  }

  currentPatrol(ctx: RequestContext) {
    return this.patrols.current(ctx);
  }

  patrol(ctx: RequestContext, id: number) {
    return this.patrols.view(ctx, id);
  }

  addSamples(ctx: RequestContext, id: number, body: z.infer<typeof S.SampleBody>) {
    return this.patrols.addSamples(ctx, id, body);
  }

  checkIn(ctx: RequestContext, id: number, body: z.infer<typeof S.CheckInBody>) {
    return this.patrols.checkIn(ctx, id, body);
  }

  reportFinding(ctx: RequestContext, id: number, body: z.infer<typeof S.FindingBody>) {
    return this.patrols.finding(ctx, id, body);
  }

  stopPatrol(ctx: RequestContext, id: number, body?: z.infer<typeof S.StopBody>) {
    return this.patrols.stop(ctx, id, body ?? {});
  }

  patrolDay(ctx: RequestContext, q: z.infer<typeof S.DayQuery>) {
    return this.patrols.day(ctx, q);
  }

  /** The job: ends patrols left open past FIELD_PATROL_MAX_HOURS. */
  closeStalePatrols(now: Date) {
    return this.patrols.closeStale(now);
  }

  // ----- visits -----

  recordVisit(ctx: RequestContext, body: z.infer<typeof S.VisitBody>) {
    return this.visits.record(ctx, body);
  }

  listVisits(ctx: RequestContext, q: z.infer<typeof S.VisitListQuery>) {
    return this.visits.list(ctx, q);
  }

  visitsDue(ctx: RequestContext, q: z.infer<typeof S.DueQuery>) {
    return this.visits.due(ctx, q);
  }

  visitRules(ctx: RequestContext, communityId: number) {
    return this.visits.rules(ctx, communityId);
  }

  setVisitRules(ctx: RequestContext, communityId: number, body: z.infer<typeof S.VisitRulesBody>) {
    return this.visits.setRules(ctx, communityId, body);
  }

  // ----- for assessment (考核): assessment-reads.ts -----

  visitsIn(communityIds: readonly number[], from: Date, to: Date) {
    return visitsInFor(this.deps.db, communityIds, from, to);
  }

  checkInsIn(communityIds: readonly number[], from: Date, to: Date) {
    return checkInsInFor(this.deps.db, communityIds, from, to);
  }

  visitIntervals(communityIds: readonly number[]) {
    return visitIntervalsFor(this.deps.db, communityIds);
  }

  // ----- work log -----

  workLog(ctx: RequestContext, q: z.infer<typeof S.WorkLogQuery>) {
    return this.log.read(ctx, q);
  }

  staffWorkLog(ctx: RequestContext, q: z.infer<typeof S.StaffLogQuery>) {
    return this.log.staff(ctx, q);
  }
}
