import type { Kysely, Selectable } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import {
  type AreaFilter,
  assertCanRead,
  assertCanWrite,
  inArea,
  inScope,
  requireActor,
  requirePermission,
} from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { DevicesService } from '../devices/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { OrgService } from '../org/service.ts';
import { Detectors, type WarningsOptions } from './detectors.ts';
import type * as S from './schema.ts';
import { Signalling } from './signals.ts';
import { METHODS, type Method, type WarningTable } from './tables.ts';

export type { WarningsOptions } from './detectors.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type WarningRow = Selectable<WarningTable>;

const SAMPLE_CASES = 10;

/**
 * Early warning (预警): detectors over matters and alarms that raise warnings, each a matter
 * of kind `warning` routed to the owning unit with its explanation. An ongoing warning notifies
 * again only when new cases join it; staff give each a verdict, kept for tuning. It reads
 * matters and alarms through their services and owns only its warnings.
 */
export class WarningsService {
  private readonly signals: Signalling;
  private readonly detectors: Detectors;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly org: OrgService,
    private readonly matters: MattersService,
    devices: DevicesService,
    options: WarningsOptions,
  ) {
    this.signals = new Signalling(db, audit, org, matters);
    this.detectors = new Detectors(matters, devices, this.signals, options);
  }

  // ----- the detectors (jobs): each finds signals, raised or continued as warnings -----

  /** Every 15 minutes: a rise per grid and top-level category (Poisson CUSUM). */
  async runRises(now = this.clock.now()) {
    return this.signals.settle('rise', await this.detectors.rises(now), now);
  }

  /** Daily: clusters in space and time (the space-time permutation scan, and the expectation-based scan of today). */
  async runScan(now = this.clock.now()) {
    return this.signals.settle('cluster', await this.detectors.scan(now), now);
  }

  /** Every 15 minutes: coincidences across sources (数据碰撞). */
  async runCoincidences(now = this.clock.now()) {
    return this.signals.settle('coincidence', await this.detectors.coincidences(now), now);
  }

  /** Weekly: emerging hot spots. */
  async runHotspots(now = this.clock.now()) {
    return this.signals.settle('hotspot', await this.detectors.hotspots(now), now);
  }

  /**
   * The detectors run now rather than at their hour (立即研判), for an administrator of a
   * community or above (a grid worker's reach is too small to ask for a whole scan); audited.
   */
  async runNow(ctx: RequestContext) {
    const scope = requirePermission(ctx.actor, 'warnings.judge');
    if (scope.divisionIds.length === 0) throw new AppError('forbidden');
    const now = this.clock.now();
    const result = {
      rise: await this.runRises(now),
      coincidence: await this.runCoincidences(now),
      cluster: await this.runScan(now),
      hotspot: await this.runHotspots(now),
    };
    await this.audit.record(this.db, ctx, { action: 'warnings.run', details: result });
    return result;
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.WarningListQuery>) {
    const scope = requirePermission(ctx.actor, 'warnings.read');
    const after = decodeCursor(q.cursor);
    let query = this.db
      .selectFrom('warnings.warnings as w')
      .where((eb) => inScope(eb, scope, { division: 'w.community_id', grid: 'w.grid_id' }));
    if (q.method) query = query.where('w.method', '=', q.method);
    if (q.status) query = query.where('w.status', '=', q.status);
    if (q.verdict === 'none') query = query.where('w.verdict', 'is', null);
    else if (q.verdict) query = query.where('w.verdict', '=', q.verdict);
    if (q.communityId !== undefined) query = query.where('w.community_id', '=', q.communityId);
    if (q.areaId !== undefined) {
      const communityIds = await this.org.divisionsUnder(q.areaId);
      query = query.where((eb) => inArea(eb, { communityIds }, { community: 'w.community_id', grid: 'w.grid_id' }));
    }
    if (q.gridId !== undefined) query = query.where('w.grid_id', '=', q.gridId);
    const rows = await query
      .selectAll('w')
      .$if(after !== null, (qb) => qb.where('w.id', '<', after!.id))
      .orderBy('w.id', 'desc')
      .limit(q.limit + 1)
      .execute();
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: null, id: r.id }),
    );
    const items = await this.present(page.items);
    const result = { items, nextCursor: page.nextCursor };
    if (!q.withTotal) return result;
    const total = await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return { ...result, total: Number(total.n) };
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.WarningView>> {
    const row = await this.db.selectFrom('warnings.warnings').selectAll().where('id', '=', id).executeTakeFirst();
    assertCanRead(ctx.actor, 'warnings.read', row ? { divisionId: row.community_id, gridId: row.grid_id } : undefined);
    const [view] = await this.present([row!]);
    const cases = await this.matters.casesByIds(row!.case_ids.slice(-SAMPLE_CASES));
    return {
      ...view!,
      explanation: row!.explanation,
      sampleCases: cases
        .reverse()
        .map((m) => ({ id: m.id, code: m.code, description: m.description, reportedAt: m.createdAt.toISOString() })),
    };
  }

  /** Confirmed (属实), already known (已掌握) or false (误报): kept on the warning and audited. */
  async judge(ctx: RequestContext, id: number, body: z.infer<typeof S.VerdictBody>) {
    const actor = requireActor(ctx.actor);
    await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('warnings.warnings')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      const place = row ? { divisionId: row.community_id, gridId: row.grid_id } : undefined;
      assertCanRead(actor, 'warnings.read', place);
      assertCanWrite(actor, 'warnings.judge', place);
      await trx
        .updateTable('warnings.warnings')
        .set({
          verdict: body.verdict,
          verdict_note: body.note,
          verdict_by: actor.userId,
          verdict_by_name: actor.displayName,
          verdict_at: this.clock.now(),
        })
        .where('id', '=', id)
        .execute();
      await this.audit.record(trx, ctx, {
        action: 'warnings.verdict',
        entityType: 'warning',
        entityId: id,
        place,
        details: { verdict: body.verdict, before: row!.verdict },
      });
    });
    return this.get(ctx, id);
  }

  /** Open warnings of the caller's area by method (the cockpit's tile), as the list filters them. */
  async openCounts(ctx: RequestContext, area: AreaFilter): Promise<Record<Method, number>> {
    const scope = requirePermission(ctx.actor, 'warnings.read');
    const rows = await this.db
      .selectFrom('warnings.warnings as w')
      .where((eb) => inScope(eb, scope, { division: 'w.community_id', grid: 'w.grid_id' }))
      .where((eb) => inArea(eb, area, { community: 'w.community_id', grid: 'w.grid_id' }))
      .where('w.status', '=', 'open')
      .select(['w.method', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy('w.method')
      .execute();
    const counts = Object.fromEntries(METHODS.map((m) => [m, 0])) as Record<Method, number>;
    for (const r of rows) counts[r.method] = Number(r.n);
    return counts;
  }

  /** How the warnings of the caller's area were judged: the share worth acting on, by method. */
  async evaluation(ctx: RequestContext): Promise<View<typeof S.EvaluationView>> {
    const scope = requirePermission(ctx.actor, 'warnings.read');
    const rows = await this.db
      .selectFrom('warnings.warnings as w')
      .where((eb) => inScope(eb, scope, { division: 'w.community_id', grid: 'w.grid_id' }))
      .select(['w.method', 'w.verdict', (eb) => eb.fn.countAll<string>().as('n')])
      .groupBy(['w.method', 'w.verdict'])
      .execute();
    const tally = { raised: 0, judged: 0, confirmed: 0, known: 0, false: 0 };
    const byMethod = new Map<Method, { method: Method; raised: number; judged: number; confirmed: number }>();
    for (const r of rows) {
      const n = Number(r.n);
      const m = byMethod.get(r.method) ?? { method: r.method, raised: 0, judged: 0, confirmed: 0 };
      tally.raised += n;
      m.raised += n;
      if (r.verdict !== null) {
        tally.judged += n;
        tally[r.verdict] += n;
        m.judged += n;
        if (r.verdict === 'confirmed') m.confirmed += n;
      }
      byMethod.set(r.method, m);
    }
    return {
      ...tally,
      actionableRate: tally.judged > 0 ? tally.confirmed / tally.judged : null,
      byMethod: [...byMethod.values()],
    };
  }

  private async present(rows: WarningRow[]) {
    const names = await this.org.names({
      divisionIds: rows.map((r) => r.community_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
    const { byId } = await this.matters.categoryMap();
    return rows.map((r) => ({
      id: r.id,
      method: r.method,
      status: r.status,
      community: { id: r.community_id, name: names.divisions.get(r.community_id) ?? '' },
      grid: r.grid_id === null ? null : { id: r.grid_id, name: names.grids.get(r.grid_id)?.name ?? '' },
      category: r.category_id === null ? null : { id: r.category_id, name: byId.get(r.category_id)?.name_zh ?? '' },
      cells: r.cells,
      windowFrom: r.window_from,
      windowTo: r.window_to,
      observed: r.observed,
      expected: r.expected,
      relativeRisk: r.relative_risk,
      pValue: r.p_value,
      recurrenceDays: r.recurrence_days,
      summary: String((r.explanation as Record<string, unknown>).summary ?? ''),
      caseCount: r.case_ids.length,
      matterId: r.matter_id,
      notified: r.notified,
      verdict: r.verdict,
      verdictNote: r.verdict_note,
      verdictBy: r.verdict_by_name,
      verdictAt: r.verdict_at?.toISOString() ?? null,
      firstAt: r.first_at.toISOString(),
      lastAt: r.last_at.toISOString(),
    }));
  }
}
