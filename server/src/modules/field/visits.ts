import type { z } from 'zod';
import { covers, requirePermission, scopeFor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { addDays, localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor, toPage } from '../../platform/pagination.ts';
import { KNOWN_TAGS } from '../org/tags.ts';
import type { FieldDeps } from './deps.ts';
import { presentVisit } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * How often people with a tag are visited where a community has set nothing: elders living
 * alone weekly (经常访). A community adds tags or changes these with its own rules.
 */
export const DEFAULT_VISIT_DAYS: Readonly<Record<string, number>> = { elderly_alone: 7 };

/** People a list of visits due looks at, at most: a street's tagged people, not a district's. */
const DUE_CAP = 5000;

/** Visits (走访, 经常访) to a person or a household, what they bring up, and who is due a visit. */
export class Visits {
  constructor(private readonly d: FieldDeps) {}

  private today() {
    return localParts(this.d.clock.now(), this.d.options.timeZone).date;
  }

  /** Who or what is visited, within the caller's area: 400 when unknown or out of reach (not probed). */
  private async subject(ctx: RequestContext, body: z.infer<typeof S.VisitBody>) {
    const scope = scopeFor(ctx.actor, 'field.patrol');
    if (body.personId !== undefined) {
      const p = await this.d.org.personPlace(body.personId);
      if (!p || !covers(scope, { divisionId: p.communityId, gridId: p.gridId }))
        throw invalid('body.personId', 'field.unknown_person');
      const label = (await this.d.org.personLabels([p.personId])).get(p.personId);
      return {
        personId: p.personId,
        householdId: null,
        name: p.name,
        address: label?.address ?? '',
        communityId: p.communityId,
        gridId: p.gridId,
      };
    }
    const h = await this.d.org.placeOfHousehold(body.householdId!);
    if (!h || !covers(scope, { divisionId: h.communityId, gridId: h.gridId }))
      throw invalid('body.householdId', 'field.unknown_household');
    return {
      personId: null,
      householdId: h.householdId,
      name: h.address || h.name,
      address: h.address,
      communityId: h.communityId,
      gridId: h.gridId,
    };
  }

  async record(ctx: RequestContext, body: z.infer<typeof S.VisitBody>): Promise<View<typeof S.VisitView>> {
    requirePermission(ctx.actor, 'field.patrol');
    const actor = ctx.actor!;
    const now = this.d.clock.now();
    const visitedAt = body.visitedAt ?? now;
    if (visitedAt.getTime() > now.getTime() + 60_000) throw invalid('body.visitedAt', 'field.future_time');
    const who = await this.subject(ctx, body);
    if (body.photos.length) await this.d.media.assertOwned(actor.userId, body.photos);
    // Every concern's category is checked before any is filed, so a bad second one leaves no first matter behind.
    const { byId } = await this.d.matters.categoryMap();
    for (const [i, c] of body.concerns.entries()) {
      const category = byId.get(c.categoryId);
      if (!category?.active || category.parent_id === null || category.kind !== 'report')
        throw invalid(`body.concerns.${i}.categoryId`, 'matters.unknown_category');
    }
    // Each concern is a report through the matters module's intake, filed in the visited one's grid.
    // They are filed before the visit is written: a report accepted stays even if that then fails.
    const matters: number[] = [];
    for (const c of body.concerns) {
      const m = await this.d.matters.report(ctx, {
        categoryId: c.categoryId,
        description: c.description,
        address: who.address,
        photos: [],
        urgency: c.urgency,
        anonymous: false,
        attributes: {},
        resolvedOnSpot: false,
        note: '',
        ...(who.gridId !== null ? { gridId: who.gridId } : {}),
      });
      matters.push(m.id);
    }
    const visit = await this.d.db.transaction().execute(async (trx) => {
      const v = await repo.insertVisit(trx, {
        person_id: who.personId,
        household_id: who.householdId,
        subject_name: who.name,
        community_id: who.communityId,
        grid_id: who.gridId,
        visitor_user_id: actor.userId,
        visitor_name: actor.displayName,
        visited_at: visitedAt,
        method: body.method,
        notes: body.notes,
        photos: body.photos,
        matter_ids: matters,
        created_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'field.visit.create',
        entityType: 'visit',
        entityId: v.id,
        place: { divisionId: who.communityId, gridId: who.gridId },
        details: { personId: who.personId, householdId: who.householdId, method: body.method, matterIds: matters },
      });
      return v;
    });
    return presentVisit(visit);
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.VisitListQuery>) {
    const scope = requirePermission(ctx.actor, 'field.read');
    const rows = await repo.listVisits(this.d.db, scope, q, decodeCursor(q.cursor), q.limit);
    return toPage(rows, q.limit, presentVisit, (v) => ({ sort: null, id: v.id }));
  }

  /**
   * People of the caller's area whose visit is due or overdue, most overdue first: for each,
   * the shortest interval of their tags, counted from their last visit (never visited: due today).
   */
  async due(ctx: RequestContext, q: z.infer<typeof S.DueQuery>) {
    const scope = requirePermission(ctx.actor, 'field.read');
    const gridCommunities = await Promise.all(scope.gridIds.map((g) => this.d.org.placeOfGrid(g)));
    const communityIds = [
      ...scope.divisionIds,
      ...gridCommunities.map((p) => p?.divisionId).filter((c): c is number => typeof c === 'number'),
    ];
    const own = await repo.visitRulesOf(this.d.db, communityIds);
    const tags = [...new Set([...Object.keys(DEFAULT_VISIT_DAYS), ...own.map((r) => r.tag)])];
    // A community's own interval for a tag, else the default.
    const set = new Map(own.map((r) => [`${r.community_id}:${r.tag}`, r.every_days]));
    const everyDays = (communityId: number, tag: string) => set.get(`${communityId}:${tag}`) ?? DEFAULT_VISIT_DAYS[tag];
    const people = await this.d.org.personsTagged(scope, tags, q, DUE_CAP);
    const last = await repo.lastVisits(
      this.d.db,
      people.map((p) => p.id),
    );
    const today = this.today();
    const tz = this.d.options.timeZone;
    const due = people
      .map((p) => {
        const intervals = p.tags.map((t) => everyDays(p.communityId, t)).filter((n): n is number => n !== undefined);
        if (intervals.length === 0) return null;
        const every = Math.min(...intervals);
        const lastAt = last.get(p.id) ?? null;
        const dueOn = lastAt ? addDays(localParts(lastAt, tz).date, every) : today;
        if (dueOn > today) return null;
        return {
          personId: p.id,
          name: p.name,
          tags: p.tags,
          communityId: p.communityId,
          gridId: p.gridId,
          address: p.address,
          everyDays: every,
          lastVisitAt: lastAt?.toISOString() ?? null,
          dueOn,
          daysOverdue: Math.round((Date.parse(today) - Date.parse(dueOn)) / 86_400_000),
        };
      })
      .filter((x): x is View<typeof S.DueItem> => x !== null)
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.personId - b.personId);
    const after = decodeCursor(q.cursor);
    const rest = after
      ? due.filter((x) => x.dueOn > String(after.sort) || (x.dueOn === after.sort && x.personId > after.id))
      : due;
    const items = rest.slice(0, q.limit);
    const lastItem = items[items.length - 1];
    return {
      items,
      truncated: people.length >= DUE_CAP,
      nextCursor:
        rest.length > q.limit && lastItem ? encodeCursor({ sort: lastItem.dueOn, id: lastItem.personId }) : null,
    };
  }

  async rules(ctx: RequestContext, communityId: number): Promise<View<typeof S.VisitRulesView>> {
    const scope = requirePermission(ctx.actor, 'field.read');
    if (!covers(scope, { divisionId: communityId, gridId: null })) throw new AppError('not_found');
    const own = await repo.visitRulesOf(this.d.db, [communityId]);
    const defaults = Object.entries(DEFAULT_VISIT_DAYS)
      .filter(([tag]) => !own.some((r) => r.tag === tag))
      .map(([tag, everyDays]) => ({ tag, everyDays, isDefault: true }));
    return {
      communityId,
      rules: [...own.map((r) => ({ tag: r.tag, everyDays: r.every_days, isDefault: false })), ...defaults],
    };
  }

  /** Sets a community's visit intervals per tag (replacing its earlier ones; defaults stay where not set). */
  async setRules(ctx: RequestContext, communityId: number, body: z.infer<typeof S.VisitRulesBody>) {
    const scope = requirePermission(ctx.actor, 'field.manage');
    // 404 when missing or beyond the caller's sight; 403 when seen but not theirs to set.
    const division = await this.d.org.getDivision(ctx, communityId);
    if (!covers(scope, { divisionId: communityId, gridId: null })) throw new AppError('forbidden');
    if (division.level !== 'community') throw invalid('params.communityId', 'field.not_community');
    for (const [i, r] of body.rules.entries())
      if (!(r.tag in KNOWN_TAGS)) throw invalid(`body.rules.${i}.tag`, 'field.unknown_tag');
    await this.d.db.transaction().execute(async (trx) => {
      await repo.replaceVisitRules(
        trx,
        communityId,
        body.rules.map((r) => ({
          community_id: communityId,
          tag: r.tag,
          every_days: r.everyDays,
          updated_by: ctx.actor!.userId,
          updated_at: this.d.clock.now(),
        })),
      );
      await this.d.audit.record(trx, ctx, {
        action: 'field.visit_rule.set',
        entityType: 'division',
        entityId: communityId,
        place: { divisionId: communityId, gridId: null },
        details: { rules: body.rules },
      });
    });
    return this.rules(ctx, communityId);
  }
}
