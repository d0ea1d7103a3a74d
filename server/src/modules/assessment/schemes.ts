import type { z } from 'zod';
import {
  type Actor,
  requireActor,
  requirePermission,
  ROLE_PERMISSIONS,
  type Permission,
} from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { addMonths, localInstant, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { canConfigure } from './access.ts';
import type { AssessmentDeps } from './deps.ts';
import { presentScheme, presentVersion } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { INDICATOR_CATALOGUE, type IndicatorConfig, type SubjectKind, type WorkloadConfig } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** A month's bounds in local time, and its length in days. */
export function monthWindow(month: string, timeZone: string) {
  const first = `${month}-01`;
  const next = addMonths(first, 1);
  return {
    month,
    from: localInstant(first, 0, timeZone),
    to: localInstant(next, 0, timeZone),
    days: Math.round((Date.parse(next) - Date.parse(first)) / 86_400_000),
  };
}

export const currentMonth = (now: Date, timeZone: string) => localParts(now, timeZone).date.slice(0, 7);

/**
 * A scheme's indicators against the catalogue: each once, each for this kind of subject,
 * rates with a target, counts with their deductions, weights adding up to 100.
 */
export function checkIndicators(kind: SubjectKind, list: readonly IndicatorConfig[], workload: WorkloadConfig) {
  const seen = new Set<string>();
  for (const [i, c] of list.entries()) {
    const at = `body.indicators.${i}`;
    const entry = INDICATOR_CATALOGUE[c.indicator];
    if (seen.has(c.indicator)) throw invalid(`${at}.indicator`, 'assessment.duplicate_indicator');
    seen.add(c.indicator);
    if (!entry.subjects.includes(kind)) throw invalid(`${at}.indicator`, 'assessment.not_for_subject');
    if (entry.kind === 'rate' && c.target === undefined) throw invalid(`${at}.target`, 'assessment.target_required');
    for (const d of entry.deductions)
      if (c[d] === undefined) throw invalid(`${at}.${d}`, 'assessment.deduction_required');
  }
  const sum = list.reduce((s, c) => s + Math.round(c.weight * 100), 0);
  if (sum !== 10_000) throw invalid('body.indicators', 'assessment.weights_sum', { sum: sum / 100 });
  if (workload.sizeBands[0] >= workload.sizeBands[1])
    throw invalid('body.workload.sizeBands', 'assessment.bands_order');
}

/** Only what a version says: the fields of the catalogue entry, nothing else. */
function cleanIndicators(list: readonly IndicatorConfig[]): IndicatorConfig[] {
  return list.map((c) => {
    const entry = INDICATOR_CATALOGUE[c.indicator];
    const out: IndicatorConfig = { indicator: c.indicator, weight: c.weight };
    if (entry.kind === 'rate') out.target = c.target;
    for (const d of entry.deductions) out[d] = c[d];
    return out;
  });
}

/** Schemes (考核方案) of a district: every change a new version, none ever altered. */
export class Schemes {
  constructor(private readonly d: AssessmentDeps) {}

  /** The districts the actor's grants with a permission lie in. */
  async districtsOf(actor: Actor, permission: Permission): Promise<number[]> {
    const grants = actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission));
    const units = await this.d.org.grantableUnits({
      divisionIds: grants.map((g) => g.divisionId).filter((x): x is number => x !== null),
      gridIds: grants.map((g) => g.gridId).filter((x): x is number => x !== null),
    });
    const chain = new Set<number>();
    for (const dv of units.divisions.values()) for (const id of [dv.id, ...dv.chain]) chain.add(id);
    for (const g of units.grids.values()) for (const id of [g.communityId, ...g.chain]) chain.add(id);
    const all = await this.d.org.grantableUnits({ divisionIds: [...chain] });
    return [...all.divisions.values()].filter((dv) => dv.level === 'district').map((dv) => dv.id);
  }

  /** A scheme the caller may read (assessment.read in its district), else 404. */
  async readable(actorOrNull: Actor | null, id: number) {
    const actor = requireActor(actorOrNull);
    const scheme = await repo.schemeById(this.d.db, id);
    if (!scheme || !(await this.districtsOf(actor, 'assessment.read')).includes(scheme.district_id))
      throw new AppError('not_found');
    return scheme;
  }

  /** A scheme the caller may change (assessment.configure over its district): 404 unseen, 403 seen. */
  async configurable(actorOrNull: Actor | null, id: number) {
    const scheme = await this.readable(actorOrNull, id);
    if (!canConfigure(requireActor(actorOrNull), scheme.district_id)) throw new AppError('forbidden');
    if (scheme.archived) throw new AppError('conflict', {}, [{ key: 'assessment.archived' }]);
    return scheme;
  }

  private async view(actor: Actor, rows: repo.SchemeRow[]) {
    const ids = rows.map((r) => r.id);
    const [versions, months, names] = await Promise.all([
      repo.versionsOf(this.d.db, ids),
      repo.scoredMonths(this.d.db, ids),
      this.d.org.names({ divisionIds: rows.map((r) => r.district_id) }),
    ]);
    return rows.map((s) => {
      const mine = versions.filter((v) => v.scheme_id === s.id);
      const current = mine.find((v) => v.version === s.current_version)!;
      return {
        scheme: presentScheme(s, current, {
          districtName: names.divisions.get(s.district_id) ?? '',
          scoredMonths: months.get(s.id) ?? [],
          canConfigure: canConfigure(actor, s.district_id),
        }),
        versions: mine.map(presentVersion),
      };
    });
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.CreateSchemeBody>): Promise<View<typeof S.SchemeDetail>> {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'assessment.configure');
    const { db, clock, audit, org } = this.d;
    const division = (await org.grantableUnits({ divisionIds: [body.districtId] })).divisions.get(body.districtId);
    if (!division) throw invalid('body.districtId', 'input.unknown_reference');
    if (!canConfigure(actor, body.districtId)) {
      if ((await this.districtsOf(actor, 'assessment.read')).includes(body.districtId)) throw new AppError('forbidden');
      throw invalid('body.districtId', 'input.unknown_reference');
    }
    if (division.level !== 'district') throw invalid('body.districtId', 'assessment.not_district');
    checkIndicators(body.subjectKind, body.indicators, body.workload);
    const now = clock.now();
    const effectiveFrom = body.effectiveFrom ?? currentMonth(now, this.d.options.timeZone);
    const row = await db.transaction().execute(async (trx) => {
      const scheme = await repo.insertScheme(trx, {
        district_id: body.districtId,
        subject_kind: body.subjectKind,
        name: body.name,
        created_by_user_id: actor.userId,
        created_at: now,
        updated_at: now,
      });
      const version = await repo.insertVersion(trx, {
        scheme_id: scheme.id,
        version: 1,
        effective_from: effectiveFrom,
        indicators: JSON.stringify(cleanIndicators(body.indicators)),
        workload: JSON.stringify(body.workload),
        note: body.note,
        created_by_user_id: actor.userId,
        created_by_name: actor.displayName,
        created_at: now,
      });
      await audit.record(trx, ctx, {
        action: 'assessment.scheme.create',
        entityType: 'assessment_scheme',
        entityId: scheme.id,
        place: { divisionId: body.districtId, gridId: null },
        details: {
          name: body.name,
          subjectKind: body.subjectKind,
          version: 1,
          effectiveFrom,
          indicators: version.indicators,
        },
      });
      return scheme;
    });
    return this.get(ctx, row.id);
  }

  /** A new version: from a month not yet scored on; the versions before stay as they were. */
  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.UpdateSchemeBody>) {
    const actor = requireActor(ctx.actor);
    const { db, clock, audit } = this.d;
    const now = clock.now();
    await this.configurable(actor, id);
    await db.transaction().execute(async (trx) => {
      const scheme = (await repo.schemeForUpdate(trx, id))!;
      checkIndicators(scheme.subject_kind, body.indicators, body.workload);
      const effectiveFrom = body.effectiveFrom ?? currentMonth(now, this.d.options.timeZone);
      const scored = (await repo.scoredMonths(trx, [id])).get(id) ?? [];
      if (scored.some((m) => m >= effectiveFrom))
        throw invalid('body.effectiveFrom', 'assessment.month_scored', { month: scored[0]! });
      const version = scheme.current_version + 1;
      await repo.insertVersion(trx, {
        scheme_id: id,
        version,
        effective_from: effectiveFrom,
        indicators: JSON.stringify(cleanIndicators(body.indicators)),
        workload: JSON.stringify(body.workload),
        note: body.note,
        created_by_user_id: actor.userId,
        created_by_name: actor.displayName,
        created_at: now,
      });
      await repo.updateScheme(trx, id, {
        current_version: version,
        ...(body.name !== undefined ? { name: body.name } : {}),
        updated_at: now,
      });
      await audit.record(trx, ctx, {
        action: 'assessment.scheme.version',
        entityType: 'assessment_scheme',
        entityId: id,
        place: { divisionId: scheme.district_id, gridId: null },
        details: { version, effectiveFrom, note: body.note, indicators: cleanIndicators(body.indicators) },
      });
    });
    return this.get(ctx, id);
  }

  /** Stops a scheme (停用): its versions and scores stay; no more runs. */
  async archive(ctx: RequestContext, id: number) {
    const { db, clock, audit } = this.d;
    const scheme = await this.configurable(ctx.actor, id);
    await db.transaction().execute(async (trx) => {
      await repo.updateScheme(trx, id, { archived: true, updated_at: clock.now() });
      await audit.record(trx, ctx, {
        action: 'assessment.scheme.archive',
        entityType: 'assessment_scheme',
        entityId: id,
        place: { divisionId: scheme.district_id, gridId: null },
        details: { name: scheme.name },
      });
    });
    return this.get(ctx, id);
  }

  async get(ctx: RequestContext, id: number): Promise<View<typeof S.SchemeDetail>> {
    const actor = requireActor(ctx.actor);
    const scheme = await this.readable(actor, id);
    const [v] = await this.view(actor, [scheme]);
    return { ...v!.scheme, versions: v!.versions };
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.SchemeListQuery>) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'assessment.read');
    const districtIds = await this.districtsOf(actor, 'assessment.read');
    const rows = await repo.listSchemes(
      this.d.db,
      { districtIds, subjectKind: q.subjectKind, archived: q.archived },
      decodeCursor(q.cursor),
      q.limit,
    );
    const views = new Map((await this.view(actor, rows)).map((v) => [v.scheme.id, v.scheme]));
    return toPage(
      rows,
      q.limit,
      (r) => views.get(r.id)!,
      (r) => ({ sort: null, id: r.id }),
    );
  }
}
