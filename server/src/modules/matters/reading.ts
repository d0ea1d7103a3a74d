import type { z } from 'zod';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { cellsAround, distanceMeters } from '../../platform/geo.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { allowedActions, canManage, canRevealContact, placeOf, requireReach, viewerOf, viewerOfNew } from './access.ts';
import type { MattersDependencies } from './dependencies.ts';
import { deskParts } from './desk.ts';
import { presentDetail, presentListItem, type Names } from './presenters.ts';
import * as repo from './repository.ts';
import { cellClusters, departmentCellClusters, openMattersInCellsForMap } from './repository-map.ts';
import { mapCellResolution, resolutionForZoom } from './map-cells.ts';
import type * as S from './schema.ts';

/** Reading matters: the queues, one's own, one in full, the map; who could take one, and the reporter's contact. */
/** A restriction another module may add to a list: only the matters filed in these ~170-m H3 cells (r9). */
export type Within = Pick<repo.MatterFilter, 'cellsR9'>;

export class Reading {
  constructor(private readonly deps: MattersDependencies) {}

  private namesFor(rows: Array<{ division_id: number; grid_id: number | null }>): Promise<Names> {
    return this.deps.org.names({
      divisionIds: rows.map((r) => r.division_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
  }

  async list(
    ctx: RequestContext,
    query: z.infer<typeof S.MatterListQuery>,
    within?: Within,
  ): Promise<Page<z.infer<typeof S.MatterListItem>>> {
    const { db, clock } = this.deps;
    const actor = requireActor(ctx.actor);
    const reach = requireReach(actor);
    const now = clock.now();
    const { byId } = await this.deps.categories.get();
    const filter = { ...(await this.filterOf(query, now)), ...within };
    const rows = await repo.listMatters(db, reach, filter, actor.userId, now, decodeCursor(query.cursor), query.limit);
    const names = await this.namesFor(rows);
    const byDeadline = query.queue !== 'all';
    const page: Page<z.infer<typeof S.MatterListItem>> = toPage(
      rows,
      query.limit,
      (r) => presentListItem(r, byId.get(r.category_id), names, 'staff', now, ctx.locale),
      (r) => ({
        sort: byDeadline ? `${repo.urgencyRank(r.urgency)}:${r.resolve_due_at?.getTime() ?? ''}` : null,
        id: r.id,
      }),
    );
    if (query.withTotal) page.total = await repo.countMatters(db, reach, filter, actor.userId, now);
    return page;
  }

  /** The total the list of these filters shows, without its rows (for a summary such as the cockpit). */
  async count(ctx: RequestContext, query: z.infer<typeof S.MatterListQuery>, within?: Within): Promise<number> {
    const actor = requireActor(ctx.actor);
    const now = this.deps.clock.now();
    const filter = { ...(await this.filterOf(query, now)), ...within };
    return repo.countMatters(this.deps.db, requireReach(actor), filter, actor.userId, now);
  }

  /** A list request's filters as the repository takes them. */
  private async filterOf(query: z.infer<typeof S.MatterListQuery>, now: Date): Promise<repo.MatterFilter> {
    const { list } = await this.deps.categories.get();
    // A top-level category stands for all of its children.
    const categoryIds = query.categoryId?.flatMap((id) => [
      id,
      ...list.filter((c) => c.parent_id === id).map((c) => c.id),
    ]);
    const filter: repo.MatterFilter = {
      queue: query.queue,
      statuses: query.status,
      categoryIds,
      kind: query.kind,
      gridId: query.gridId,
      divisionId: query.communityId,
      q: query.q,
      from: query.from,
      to: query.to,
      source: query.source,
      department: query.department,
      divisionIds: query.areaId === undefined ? undefined : await this.deps.org.divisionsUnder(query.areaId),
      cell: query.h3 === undefined ? undefined : { res: mapCellResolution(query.h3)!, id: query.h3 },
      measure:
        query.measure && query.measureFrom && query.measureTo
          ? {
              measure: query.measure,
              from: query.measureFrom,
              to: query.measureTo,
              now,
            }
          : undefined,
    };
    // A repeat is a flag kept with the figures' settings (STATS_REPEAT_DAYS).
    if (filter.measure?.measure === 'repeat') await this.deps.dailyFigures.ready();
    return filter;
  }

  /** The matters one reported or follows, with their state; for the H5 "my matters". */
  async mine(ctx: RequestContext, query: z.infer<typeof S.MyMattersQuery>) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(query.cursor);
    const rows = await repo.mattersOfUser(this.deps.db, actor.userId, after?.id ?? null, query.limit);
    const { byId } = await this.deps.categories.get();
    const names = await this.namesFor(rows);
    const now = this.deps.clock.now();
    return toPage(
      rows,
      query.limit,
      (r) =>
        presentListItem(
          r,
          byId.get(r.category_id),
          names,
          r.reporter_user_id === actor.userId ? 'reporter' : 'follower',
          now,
          ctx.locale,
        ),
      (r) => ({ sort: null, id: r.id }),
    );
  }

  /**
   * A matter in full. `justActed`: the caller's own change has just taken the matter out of
   * their sight (a department returning it, 退单) — they are answered with it as it now stands,
   * with nothing more they may do; any later read is 404.
   */
  async get(ctx: RequestContext, id: number, justActed = false): Promise<z.infer<typeof S.MatterDetail>> {
    const { db, clock } = this.deps;
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(db, id);
    const seen = m ? await viewerOf(db, actor, m) : null;
    const viewer = seen ?? (justActed ? 'staff' : null);
    if (!m || !viewer) throw new AppError('not_found');
    const { byId } = await this.deps.categories.get();
    const [names, timeline, followers, station, desk] = await Promise.all([
      this.namesFor([m]),
      repo.timelineOf(db, id),
      repo.followersOf(db, id),
      m.station_id !== null ? repo.stationById(db, m.station_id) : Promise.resolve(undefined),
      deskParts(db, actor, m, ctx.locale),
    ]);
    const now = clock.now();
    return presentDetail(m, {
      category: byId.get(m.category_id),
      names,
      viewer,
      now,
      locale: ctx.locale,
      station,
      timeline,
      followers,
      callerId: actor.userId,
      allowedActions: seen ? allowedActions(actor, m, viewer, now, desk.state) : [],
      extensions: desk.extensions,
      assists: desk.assists,
    });
  }

  /**
   * A matter just filed, as get() shows it, from what the filing wrote rather than read back:
   * a new matter has no extensions or assists yet, and its followers are known.
   */
  async presentFiled(
    ctx: RequestContext,
    written: { matter: repo.MatterRow; timeline: Awaited<ReturnType<typeof repo.timelineOf>>; followers: number[] },
  ): Promise<z.infer<typeof S.MatterDetail>> {
    const actor = requireActor(ctx.actor);
    const m = written.matter;
    const viewer = viewerOfNew(actor, m, written.followers);
    if (!viewer) throw new AppError('not_found');
    const { byId } = await this.deps.categories.get();
    const [names, station] = await Promise.all([
      this.namesFor([m]),
      m.station_id !== null ? repo.stationById(this.deps.db, m.station_id) : Promise.resolve(undefined),
    ]);
    const now = this.deps.clock.now();
    return presentDetail(m, {
      category: byId.get(m.category_id),
      names,
      viewer,
      now,
      locale: ctx.locale,
      station,
      timeline: written.timeline,
      followers: written.followers,
      callerId: actor.userId,
      allowedActions: allowedActions(actor, m, viewer, now, { pendingExtension: null, assists: [] }),
      extensions: [],
      assists: [],
    });
  }

  /** Who a matter could be dispatched to: the grid's workers (those on duty first), the admins above it, and at department level that department's staff. */
  async assignees(ctx: RequestContext, id: number): Promise<z.infer<typeof S.AssigneeList>> {
    const { db, clock, org, auth } = this.deps;
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(db, id);
    if (!m || (await viewerOf(db, actor, m)) !== 'staff') throw new AppError('not_found');
    if (!canManage(actor, m)) throw new AppError('forbidden');
    const { street, district } = await org.ancestorsOf(m.division_id);
    const duty = m.grid_id !== null ? await repo.onDuty(db, m.grid_id, clock.now()) : [];
    const users = [
      ...(m.grid_id !== null ? await auth.usersWithRole(['grid_worker'], { gridIds: [m.grid_id] }) : []),
      ...(await auth.usersWithRole(['community_admin'], { divisionIds: [m.division_id] })),
      ...(await auth.usersWithRole(['street_admin'], { divisionIds: street !== null ? [street] : [] })),
      // A department's staff take its own matters only (canBeAssigned says the same).
      ...(m.level === 'department' && m.department !== null
        ? await auth.usersWithRole(['dept_staff'], {
            divisionIds: [street, district].filter((d): d is number => d !== null),
            department: m.department,
          })
        : []),
    ];
    const seen = new Set<number>();
    return {
      items: users
        .filter((u) => !seen.has(u.userId) && seen.add(u.userId))
        .map((u) => ({
          userId: u.userId,
          name: u.displayName,
          role: u.role,
          onDuty: duty.some((d) => d.user_id === u.userId),
        }))
        .sort((a, b) => Number(b.onDuty) - Number(a.onDuty)),
    };
  }

  /** The reporter's name and whole phone, for the handler to call back; audited. */
  async revealContact(ctx: RequestContext, id: number): Promise<z.infer<typeof S.ContactView>> {
    const { db, auth, audit } = this.deps;
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(db, id);
    if (!m || (await viewerOf(db, actor, m)) !== 'staff') throw new AppError('not_found');
    if (!canRevealContact(actor, m)) throw new AppError('forbidden');
    const contact =
      m.reporter_user_id !== null
        ? await auth.contactOf(m.reporter_user_id)
        : { name: m.reporter_name, phone: m.reporter_phone };
    await db.transaction().execute((trx) =>
      audit.record(trx, ctx, {
        action: 'matters.reveal_contact',
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
      }),
    );
    return { name: contact?.name ?? m.reporter_name, phone: contact?.phone ?? null };
  }

  /**
   * Map: per-cell counts (server-side clusters) at a resolution fit for the zoom; points when
   * close in. Each cell's count is what the matter list shows with h3=cell and the same area
   * (queue=grid when only open): the counts are kept per division and grid, read over the
   * same reach, and a department's matters outside the area are counted from the matters.
   */
  async clusters(ctx: RequestContext, q: z.infer<typeof S.ClustersQuery>): Promise<z.infer<typeof S.ClusterView>> {
    const reach = requireReach(requireActor(ctx.actor));
    const area = {
      divisionIds: q.areaId === undefined ? undefined : await this.deps.org.divisionsUnder(q.areaId),
      gridId: q.gridId,
    };
    if (q.zoom >= 17) {
      // Close in: the matters themselves, found through the r9 cells over the view.
      const center = { lat: (q.south + q.north) / 2, lng: (q.west + q.east) / 2 };
      const radius = distanceMeters(q.south, q.west, q.north, q.east) / 2;
      const k = Math.min(6, Math.ceil(radius / 300) + 1);
      const rows = await openMattersInCellsForMap(
        this.deps.db,
        reach,
        cellsAround(center.lat, center.lng, 9, k),
        1000,
        area,
      );
      return {
        resolution: 9,
        clusters: [],
        points: rows
          .filter((r) => r.lat! >= q.south && r.lat! <= q.north && r.lng! >= q.west && r.lng! <= q.east)
          .map((r) => ({
            id: r.id,
            code: r.code,
            status: r.status,
            kind: r.kind,
            urgency: r.urgency,
            lat: r.lat!,
            lng: r.lng!,
            overdue: r.overdue,
          })),
      };
    }
    const res = resolutionForZoom(q.zoom);
    const where = { ...q, ...area };
    const rows = [
      ...(await cellClusters(this.deps.db, reach, res, q.onlyOpen, where)),
      ...(await departmentCellClusters(this.deps.db, reach, res, q.onlyOpen, where)),
    ];
    // A cell may come from both (the area's counts, a department's matters outside it): one hexagon, summed.
    const byCell = new Map<string, { open: number; total: number; lat: number; lng: number }>();
    for (const r of rows) {
      const c = byCell.get(r.cell) ?? { open: 0, total: 0, lat: 0, lng: 0 };
      c.open += Number(r.open);
      c.total += Number(r.total);
      c.lat += Number(r.lat_sum);
      c.lng += Number(r.lng_sum);
      byCell.set(r.cell, c);
    }
    return {
      resolution: res,
      points: [],
      clusters: [...byCell].map(([cell, c]) => ({
        cell,
        count: q.onlyOpen ? c.open : c.total,
        open: c.open,
        lat: c.lat / c.total,
        lng: c.lng / c.total,
      })),
    };
  }
}
