import type { z } from 'zod';
import { covers, requireActor, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { addDays, addMonths, localInstant, localParts } from '../../platform/local-time.ts';
import type { FieldDeps } from './deps.ts';
import { placesWith } from './places.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Numbers = View<typeof S.WorkNumbers>;

/** Patrols one log reads at most (a month of a worker's is a few dozen). */
const PATROL_LIMIT = 5000;

/** Per day and in all, the distinct things of each count. */
class Tally {
  private readonly sums = { patrols: 0, patrolSeconds: 0, patrolMeters: 0, visits: 0 };
  private readonly sets = {
    buildingsCheckedIn: new Set<number>(),
    mattersReported: new Set<number>(),
    mattersTaken: new Set<number>(),
    mattersClosed: new Set<number>(),
  };
  add(key: keyof Tally['sums'], n: number) {
    this.sums[key] += n;
  }
  mark(key: keyof Tally['sets'], id: number) {
    this.sets[key].add(id);
  }
  numbers(): Numbers {
    return {
      ...this.sums,
      patrolMeters: Math.round(this.sums.patrolMeters),
      buildingsCheckedIn: this.sets.buildingsCheckedIn.size,
      mattersReported: this.sets.mattersReported.size,
      mattersTaken: this.sets.mattersTaken.size,
      mattersClosed: this.sets.mattersClosed.size,
    };
  }
}

/**
 * The work log (工作日志, 及时记) that writes itself: a worker's day or month made from
 * what was recorded — patrols, check-ins, visits, and their steps on matters — never a form.
 */
export class WorkLog {
  constructor(private readonly d: FieldDeps) {}

  /** Whose log: one's own with field.patrol; another's with field.manage over where they work (else 404). */
  private async whose(ctx: RequestContext, userId: number | undefined) {
    const actor = requireActor(ctx.actor);
    if (userId === undefined || userId === actor.userId) {
      requirePermission(actor, 'field.patrol');
      return { userId: actor.userId, name: actor.displayName };
    }
    const scope = requirePermission(actor, 'field.manage');
    const worker = await this.d.auth.actorOf(userId);
    const places = worker ? await placesWith(this.d.org, worker, 'field.patrol') : [];
    if (!worker || !places.some((p) => covers(scope, p))) throw new AppError('not_found');
    return { userId: worker.userId, name: worker.displayName };
  }

  async read(ctx: RequestContext, q: z.infer<typeof S.WorkLogQuery>): Promise<View<typeof S.WorkLogView>> {
    const who = await this.whose(ctx, q.userId);
    const first = q.date ?? `${q.month}-01`;
    const last = q.date ?? addDays(addMonths(first, 1), -1);
    return this.tally(who, first, last);
  }

  /**
   * The area's workers with anything recorded in a month (a patrol begun or a visit made in
   * the caller's field.manage area), by name, each with the month's totals.
   */
  async staff(ctx: RequestContext, q: z.infer<typeof S.StaffLogQuery>): Promise<View<typeof S.StaffLogList>> {
    const scope = requirePermission(ctx.actor, 'field.manage');
    const tz = this.d.options.timeZone;
    const first = `${q.month}-01`;
    const last = addDays(addMonths(first, 1), -1);
    const from = localInstant(first, 0, tz);
    const to = localInstant(addDays(last, 1), 0, tz);
    const rows = await repo.workersBetween(this.d.db, scope, from, to, { communityId: q.communityId });
    const workers = new Map<number, (typeof rows)[number]>();
    for (const r of rows) if (!workers.has(r.userId)) workers.set(r.userId, r);
    const needle = q.q?.toLowerCase();
    const all = [...workers.values()]
      .filter((w) => !needle || w.userName.toLowerCase().includes(needle))
      .sort((a, b) => a.userName.localeCompare(b.userName, 'zh-CN') || a.userId - b.userId);
    const offset = decodeCursor(q.cursor)?.id ?? 0;
    const page = all.slice(offset, offset + q.limit);
    const items = [];
    for (const w of page) {
      const log = await this.tally({ userId: w.userId, name: w.userName }, first, last);
      items.push({
        userId: w.userId,
        userName: w.userName,
        communityId: w.communityId,
        gridId: w.gridId,
        totals: log.totals,
      });
    }
    const next = offset + q.limit;
    return {
      month: q.month,
      items,
      nextCursor: next < all.length ? encodeCursor({ sort: null, id: next }) : null,
      total: all.length,
    };
  }

  private async tally(who: { userId: number; name: string }, first: string, last: string) {
    const tz = this.d.options.timeZone;
    const from = localInstant(first, 0, tz);
    const to = localInstant(addDays(last, 1), 0, tz);
    const now = this.d.clock.now();

    const [patrols, visits, steps] = await Promise.all([
      repo.patrolsBetween(this.d.db, from, to, { userId: who.userId }, PATROL_LIMIT),
      repo.visitsBy(this.d.db, who.userId, from, to),
      this.d.matters.stepsOf(who.userId, from, to),
    ]);
    const checkIns = await repo.checkInsOf(
      this.d.db,
      patrols.map((p) => p.id),
    );

    const days = new Map<string, Tally>();
    for (let day = first; day <= last; day = addDays(day, 1)) days.set(day, new Tally());
    const total = new Tally();
    const both = (at: Date, f: (t: Tally) => void) => {
      const day = days.get(localParts(at, tz).date);
      if (day) f(day);
      f(total);
    };
    const dayOfPatrol = new Map<number, Date>();
    for (const p of patrols) {
      dayOfPatrol.set(p.id, p.started_at);
      const seconds = Math.max(0, Math.round(((p.ended_at ?? now).getTime() - p.started_at.getTime()) / 1000));
      both(p.started_at, (t) => {
        t.add('patrols', 1);
        t.add('patrolSeconds', seconds);
        t.add('patrolMeters', p.distance_m);
      });
    }
    // A check-in counts on the day its patrol began, as the patrol's time and distance do.
    for (const c of checkIns) both(dayOfPatrol.get(c.patrol_id)!, (t) => t.mark('buildingsCheckedIn', c.building_id));
    for (const v of visits) both(v.visited_at, (t) => t.add('visits', 1));
    const kinds = { reported: 'mattersReported', taken: 'mattersTaken', resolved: 'mattersClosed' } as const;
    for (const s of steps) both(s.at, (t) => t.mark(kinds[s.kind], s.matterId));

    return {
      userId: who.userId,
      userName: who.name,
      from: first,
      to: last,
      totals: total.numbers(),
      days: [...days.entries()].map(([date, t]) => ({ date, ...t.numbers() })),
    };
  }
}
