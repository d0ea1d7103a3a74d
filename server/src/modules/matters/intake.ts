import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { MessageKind } from '../notifications/message-kinds.ts';
import type { Message } from '../notifications/service.ts';
import { requireActor, requirePermission, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { cellAt, cellsAround, distanceMeters } from '../../platform/geo.ts';
import { localParts } from '../../platform/local-time.ts';
import { normalizePhone } from '../../platform/personal-data.ts';
import {
  DUPLICATE_RADIUS_M,
  canFollowUnseen,
  canLogFor,
  canResolveOnSpot,
  isCourier,
  isPublicCategory,
  placeOf,
  sourceOf,
  viewerOf,
} from './access.ts';
import { addDuration } from './calendar.ts';
import type { MattersDependencies } from './dependencies.ts';
import type { Notices } from './notices.ts';
import { presentNearby, type Category } from './presenters.ts';
import * as repo from './repository.ts';
import { cellCountsBump } from './repository-map.ts';
import type * as S from './schema.ts';
import type { Stations } from './stations.ts';
import type { MatterLevel, MatterStatus, Urgency } from './tables.ts';
import { TERMINAL_STATUSES } from './workflow.ts';

type Matter = repo.MatterRow;

/** What a new matter is made of, whoever files it. */
export interface NewMatter {
  category: Category;
  kind: Matter['kind'];
  status: MatterStatus;
  level: MatterLevel;
  source: string;
  description: string;
  urgency: Urgency;
  reporter: { userId: number | null; name: string; phone: string | null; anonymous: boolean };
  lat: number | null;
  lng: number | null;
  address: string;
  divisionId: number;
  gridId: number | null;
  stationId?: number | null;
  assignee: { userId: number; displayName: string } | null;
  attributes: Record<string, unknown>;
  photos: string[];
  sourceEntity?: { type: string; id: string };
  open311ClientId?: number;
  timeline: Array<{ action: string; to: MatterStatus; note?: string; photos?: string[] }>;
}

/** Matters coming in: reports (随手拍, 随手做, on someone's behalf), help calls, suggestions; routing, duplicates and following. */
export class Intake {
  constructor(
    private readonly deps: MattersDependencies,
    private readonly notices: Notices,
    private readonly stations: Stations,
  ) {}

  async report(ctx: RequestContext, body: z.infer<typeof S.ReportBody>) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const { byId } = await this.deps.categories.get();
    const category = byId.get(body.categoryId);
    // Help calls and suggestions have their own intake (station, community); alarms and care checks come from the system.
    if (!category?.active || category.parent_id === null || category.kind !== 'report') {
      throw new AppError('validation_failed', {}, [{ path: 'body.categoryId', key: 'matters.unknown_category' }]);
    }
    if ((body.lat === undefined) !== (body.lng === undefined)) {
      throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'matters.location_required' }]);
    }
    const attributes = checkAttributes(category, body.attributes);
    await this.deps.media.assertOwned(actor.userId, body.photos);
    const route = await this.routeTo(actor, body.lat, body.lng, body.gridId);
    const place = { divisionId: route.divisionId, gridId: route.gridId };
    if ((body.onBehalf || body.gridId !== undefined) && !canLogFor(actor, place)) throw new AppError('forbidden');
    if (body.resolvedOnSpot && !canResolveOnSpot(actor, place)) throw new AppError('forbidden');
    let reporterPhone: string | null = null;
    if (body.onBehalf?.phone) {
      reporterPhone = normalizePhone(body.onBehalf.phone);
      if (!reporterPhone)
        throw new AppError('validation_failed', {}, [{ path: 'body.onBehalf.phone', key: 'org.bad_phone' }]);
    }
    const assignee = body.resolvedOnSpot
      ? { userId: actor.userId, displayName: actor.displayName }
      : await this.gridWorkerFor([route.gridId, route.residentGridId]);
    return this.deps.db.transaction().execute((trx) =>
      this.insertWritten(trx, ctx, {
        category,
        kind: category.kind,
        status: body.resolvedOnSpot ? 'closed' : 'reported',
        level: category.kind === 'suggestion' ? 'community' : 'grid',
        source: body.resolvedOnSpot ? 'patrol' : body.onBehalf ? body.onBehalf.channel : sourceOf(actor),
        description: body.description,
        urgency: body.urgency,
        reporter: body.onBehalf
          ? { userId: null, name: body.onBehalf.name, phone: reporterPhone, anonymous: body.anonymous }
          : { userId: actor.userId, name: actor.displayName, phone: null, anonymous: body.anonymous },
        lat: body.lat ?? null,
        lng: body.lng ?? null,
        address: body.address,
        divisionId: route.divisionId,
        gridId: route.gridId,
        assignee,
        attributes,
        photos: body.photos,
        timeline: body.resolvedOnSpot
          ? [
              { action: 'report', to: 'reported', note: body.description, photos: body.photos },
              { action: 'resolve_on_spot', to: 'resolved', note: body.note || body.description },
              { action: 'close', to: 'closed' },
            ]
          : [
              {
                action: body.onBehalf ? 'report_on_behalf' : 'report',
                to: 'reported',
                note: body.description,
                photos: body.photos,
              },
            ],
      }),
    );
  }

  /** One tap for help: routed to the nearest open service station and the grid worker on duty. */
  async help(ctx: RequestContext, body: z.infer<typeof S.HelpBody>): Promise<Matter> {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const courier = isCourier(actor);
    const code = body.categoryCode ?? (courier ? 'community.help.courier' : 'community.help.elderly');
    const { list } = await this.deps.categories.get();
    const category = list.find((c) => c.code === code && c.kind === 'help' && c.active);
    if (!category)
      throw new AppError('validation_failed', {}, [{ path: 'body.categoryCode', key: 'matters.unknown_category' }]);
    await this.deps.media.assertOwned(actor.userId, body.photos);
    const route = await this.routeTo(actor, body.lat, body.lng, undefined);
    const [station] = await this.stations.nearestStations(body.lat, body.lng, { openNow: true, limit: 1 });
    const assignee = await this.gridWorkerFor([route.gridId, route.residentGridId]);
    const description = body.description || (courier ? '骑手一键求助（小哥铃）' : '一键求助');
    return this.deps.db.transaction().execute(async (trx) => {
      const matter = await this.insert(trx, ctx, {
        category,
        kind: 'help',
        status: assignee ? 'dispatched' : 'reported',
        level: 'grid',
        source: courier ? 'courier_h5' : 'resident_h5',
        description,
        urgency: body.urgency,
        reporter: { userId: actor.userId, name: actor.displayName, phone: null, anonymous: false },
        lat: body.lat,
        lng: body.lng,
        address: station ? `近 ${station.name}` : '',
        divisionId: route.divisionId,
        gridId: route.gridId,
        stationId: station?.id ?? null,
        assignee,
        attributes: {},
        photos: body.photos,
        timeline: [
          { action: 'help', to: 'reported', note: description },
          ...(assignee
            ? [
                {
                  action: 'dispatch',
                  to: 'dispatched' as const,
                  note: station
                    ? `最近的服务站点：${station.name}（${Math.round(station.distanceMeters ?? 0)} 米）`
                    : '',
                },
              ]
            : []),
        ],
      });
      if (station)
        await this.tellStationOnDuty(trx, station.id, matter, {
          kind: 'matter.help',
          title: { key: 'notify.help_call', params: { station: station.name } },
          sms: { kind: 'help_call', params: { place: station.name } },
        });
      return matter;
    });
  }

  /**
   * A matter that names a station (a help call, a fire alarm): whoever is on duty there hears of
   * it in the app and by SMS. Returns how many were told.
   */
  async tellStationOnDuty(
    trx: Executor,
    stationId: number,
    matter: Matter,
    what: { kind: string; title: Message; sms: { kind: MessageKind; params: Record<string, string> } },
  ) {
    const onDuty = await this.stations.onDutyAt(stationId, trx);
    if (onDuty.length === 0) return 0;
    await this.deps.notifications.notify(trx, onDuty, {
      kind: what.kind,
      title: what.title,
      link: `/matters/${matter.id}`,
      entityType: 'matter',
      entityId: matter.id,
    });
    for (const userId of onDuty)
      await this.deps.messages.send(trx, {
        to: { userId },
        channel: 'sms',
        kind: what.sms.kind,
        params: what.sms.params,
        entity: { type: 'matter', id: matter.id },
        divisionId: matter.division_id,
      });
    return onDuty.length;
  }

  /** The nearest station of a kind, open or not (a 微型消防站 answers at any hour). */
  async nearestStationOfKind(trx: Executor, kind: string, lat: number, lng: number) {
    const [station] = await this.stations.nearestStations(lat, lng, { kind, openNow: false, limit: 1 }, trx);
    return station;
  }

  /** 小哥有话讲 / 社区建议: tracked until adopted or not, with a reply. */
  async suggest(ctx: RequestContext, body: z.infer<typeof S.SuggestionBody>): Promise<Matter> {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const courier = isCourier(actor);
    const code = body.categoryCode ?? (courier ? 'community.suggestion.courier' : 'community.suggestion.community');
    const { list } = await this.deps.categories.get();
    const category = list.find((c) => c.code === code && c.kind === 'suggestion' && c.active);
    if (!category)
      throw new AppError('validation_failed', {}, [{ path: 'body.categoryCode', key: 'matters.unknown_category' }]);
    await this.deps.media.assertOwned(actor.userId, body.photos);
    // A suggestion goes to the community of the one making it: their home, else their first grant.
    const divisionId = actor.home?.divisionId ?? null;
    const homeGrid = actor.home?.gridId ?? null;
    if (divisionId === null)
      throw new AppError('validation_failed', {}, [{ path: 'body', key: 'matters.no_community' }]);
    // A courier's home may be a whole street; their suggestion then goes to the street.
    const level: MatterLevel =
      (await this.deps.org.ancestorsOf(divisionId)).street === divisionId ? 'street' : 'community';
    return this.deps.db.transaction().execute((trx) =>
      this.insert(trx, ctx, {
        category,
        kind: 'suggestion',
        status: 'reported',
        level,
        source: courier ? 'courier_h5' : 'resident_h5',
        description: body.description,
        urgency: 'normal',
        reporter: { userId: actor.userId, name: actor.displayName, phone: null, anonymous: body.anonymous },
        lat: null,
        lng: null,
        address: '',
        divisionId,
        gridId: homeGrid,
        assignee: null,
        attributes: {},
        photos: body.photos,
        timeline: [{ action: 'suggest', to: 'reported', note: body.description, photos: body.photos }],
      }),
    );
  }

  /** Open matters of the same category within 50 m: follow one of them instead of filing again. */
  async nearby(ctx: RequestContext, query: z.infer<typeof S.NearbyQuery>): Promise<z.infer<typeof S.NearbyList>> {
    requirePermission(ctx.actor, 'matters.report');
    const { byId } = await this.deps.categories.get();
    const category = byId.get(query.categoryId);
    if (!category || !isPublicCategory(category)) return { items: [] };
    // Cells of ~170 m (r9) and their neighbours hold every point within 50 m.
    const candidates = await repo.openMattersInCells(
      this.deps.db,
      cellsAround(query.lat, query.lng, 9, 1),
      query.categoryId,
    );
    return {
      items: candidates
        .map((m) => ({ m, d: distanceMeters(query.lat, query.lng, m.lat!, m.lng!) }))
        .filter(({ d }) => d <= DUPLICATE_RADIUS_M)
        .sort((a, b) => a.d - b.d)
        .map(({ m, d }) => presentNearby(m, d)),
    };
  }

  /** Follows a matter: the caller hears of its progress and can see it (never who reported it). */
  async follow(ctx: RequestContext, id: number, at: { lat?: number | undefined; lng?: number | undefined }) {
    const { db, clock, audit } = this.deps;
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'matters.report');
    const m = await repo.matterById(db, id);
    if (!m || TERMINAL_STATUSES.includes(m.status)) throw new AppError('not_found');
    if (!(await viewerOf(db, actor, m))) {
      const { byId } = await this.deps.categories.get();
      if (!canFollowUnseen(m, byId.get(m.category_id), at)) throw new AppError('not_found');
    }
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      await repo.addFollower(trx, id, actor.userId, now);
      // Who follows is for staff to know, not for the other followers.
      await repo.insertTimeline(trx, now, [
        {
          matter_id: id,
          actor_user_id: actor.userId,
          actor_name: actor.displayName,
          action: 'follow',
          from_status: null,
          to_status: null,
          internal: true,
          details: '{}',
        },
      ]);
      await audit.record(trx, ctx, { action: 'matters.follow', entityType: 'matter', entityId: id, place: placeOf(m) });
    });
  }

  async unfollow(ctx: RequestContext, id: number) {
    const { db, audit } = this.deps;
    const actor = requireActor(ctx.actor);
    const m = await repo.matterById(db, id);
    if (!m || !(await repo.isFollower(db, id, actor.userId))) throw new AppError('not_found');
    await db.transaction().execute(async (trx) => {
      await repo.removeFollower(trx, id, actor.userId);
      await audit.record(trx, ctx, {
        action: 'matters.unfollow',
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
      });
    });
  }

  private async routeTo(actor: Actor, lat: number | undefined, lng: number | undefined, gridId: number | undefined) {
    const { org } = this.deps;
    if (lat !== undefined && lng !== undefined) {
      const found = await org.locatePoint(lat, lng);
      if (found)
        return {
          divisionId: found.community.id,
          gridId: found.grid.id,
          residentGridId: found.otherGrids.find((g) => g.kind === 'resident')?.id ?? null,
        };
      // A courier outside every drawn grid reports into their mobile grid (流动网格).
      const mobile = actor.grants.find((g) => g.role === 'courier' && g.gridId !== null);
      if (mobile) {
        const place = await org.placeOfGrid(mobile.gridId!);
        if (place) return { divisionId: place.divisionId!, gridId: place.gridId, residentGridId: null };
      }
      throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'matters.outside_area' }]);
    }
    if (gridId !== undefined) {
      const place = await org.placeOfGrid(gridId);
      if (!place) throw new AppError('validation_failed', {}, [{ path: 'body.gridId', key: 'matters.unknown_grid' }]);
      return { divisionId: place.divisionId!, gridId: place.gridId, residentGridId: null };
    }
    throw new AppError('validation_failed', {}, [{ path: 'body.lat', key: 'matters.location_required' }]);
  }

  /** The grid worker to take it: whoever is on duty in the grid now, else the grid's first grid worker. */
  async gridWorkerFor(
    gridIds: Array<number | null>,
    db: Executor = this.deps.db,
  ): Promise<{ userId: number; displayName: string } | null> {
    const now = this.deps.clock.now();
    for (const gridId of gridIds) {
      if (gridId === null) continue;
      const workers = await this.deps.auth.usersWithRole(['grid_worker'], { gridIds: [gridId] }, db);
      if (workers.length === 0) continue;
      const duty = await repo.onDuty(db, gridId, now);
      const onDuty = workers.find((w) => duty.some((d) => d.user_id === w.userId));
      const pick = onDuty ?? workers[0]!;
      return { userId: pick.userId, displayName: pick.displayName };
    }
    return null;
  }

  /** Writes a new matter, its first timeline entries, its map counts and its event, in one transaction. */
  async insert(trx: Executor, ctx: RequestContext, input: NewMatter): Promise<Matter> {
    return (await this.insertWritten(trx, ctx, input)).matter;
  }

  /**
   * insert(), answering what it wrote (the matter, its timeline, its followers), so that a new
   * matter is shown without reading it back. Three statements: the matter with its code; its
   * notices; then its timeline, follower, map counts, audit record and event in one, last,
   * so that the per-cell counts every filing nearby bumps are held only until the commit.
   */
  async insertWritten(trx: Executor, ctx: RequestContext, input: NewMatter) {
    const { clock, timeZone, audit, jobs } = this.deps;
    const now = clock.now();
    const c = input.category;
    const located = input.lat !== null && input.lng !== null;
    const terminal = ['closed', 'resolved'].includes(input.status);
    // GZ, the local date of filing, and a running number: GZ20261120000123.
    const day = localParts(now, timeZone).date.replaceAll('-', '');
    const matter = await repo.insertNumberedMatter(trx, day, {
      category_id: c.id,
      kind: input.kind,
      status: input.status,
      level: input.level,
      department: c.department,
      urgency: input.urgency,
      source: input.source,
      description: input.description,
      reporter_user_id: input.reporter.userId,
      reporter_name: input.reporter.name,
      reporter_phone: input.reporter.phone,
      anonymous: input.reporter.anonymous,
      lat: input.lat,
      lng: input.lng,
      address: input.address,
      h3_r5: located ? cellAt(input.lat!, input.lng!, 5) : null,
      h3_r7: located ? cellAt(input.lat!, input.lng!, 7) : null,
      h3_r9: located ? cellAt(input.lat!, input.lng!, 9) : null,
      division_id: input.divisionId,
      grid_id: input.gridId,
      station_id: input.stationId ?? null,
      assignee_user_id: input.assignee?.userId ?? null,
      assignee_name: input.assignee?.displayName ?? null,
      attributes: JSON.stringify(input.attributes),
      photos: input.photos,
      accept_due_at: terminal ? null : addDuration(now, c.accept_amount, c.accept_unit, timeZone),
      resolve_due_at: terminal ? null : addDuration(now, c.resolve_amount, c.resolve_unit, timeZone),
      dispatched_at: input.status === 'dispatched' ? now : null,
      accepted_at: terminal ? now : null,
      resolved_at: terminal ? now : null,
      closed_at: input.status === 'closed' ? now : null,
      source_entity_type: input.sourceEntity?.type ?? null,
      source_entity_id: input.sourceEntity?.id ?? null,
      open311_client_id: input.open311ClientId ?? null,
      open311_token: input.open311ClientId ? randomBytes(12).toString('hex') : null,
      created_at: now,
      updated_at: now,
    });
    const followers = input.reporter.userId !== null ? [input.reporter.userId] : [];
    await this.notices.announce(trx, matter, 'created', [], ctx.actor?.userId ?? null, followers);
    let from: MatterStatus | null = null;
    const timeline = input.timeline.map((t) => {
      // Dispatch on intake is the router's doing, not the reporter's.
      const routed = t.action === 'dispatch';
      const row = {
        matter_id: matter.id,
        actor_user_id: routed ? null : (ctx.actor?.userId ?? null),
        actor_name: routed ? '系统' : (ctx.actor?.displayName ?? input.reporter.name),
        action: t.action,
        from_status: from,
        to_status: t.to,
        note: t.note ?? '',
        photos: t.photos ?? [],
        details: JSON.stringify(
          input.assignee && t.to === 'dispatched' ? { assignee: input.assignee.displayName } : {},
        ),
      };
      from = t.to;
      return row;
    });
    const always = sql<boolean>`true`;
    const record = audit.recordWhen(trx, ctx, always, {
      action: 'matters.create',
      entityType: 'matter',
      entityId: matter.id,
      place: placeOf(matter),
      details: { code: matter.code, category: c.code, source: input.source },
    });
    const { statement: event } = await jobs.publishWhen(
      'matter.created',
      {
        matterId: matter.id,
        categoryCode: c.code,
        kind: matter.kind,
        divisionId: matter.division_id,
        gridId: matter.grid_id,
      },
      ctx.actor?.userId ?? null,
      always,
    );
    const cells = cellCountsBump(trx, matter, { open: matter.status === 'closed' ? 0 : 1, total: 1 });
    const written = await repo.recordNewMatter(
      trx,
      now,
      timeline,
      input.reporter.userId !== null ? { matter_id: matter.id, user_id: input.reporter.userId, since: now } : null,
      [record, ...(event ? [event] : []), ...(cells ? [cells] : [])],
    );
    return { matter, timeline: written, followers };
  }
}

/** The values of a category's extra fields, checked against their types; unknown fields are dropped. */
export function checkAttributes(category: Category, attributes: Record<string, unknown>) {
  const out: Record<string, unknown> = {};
  const problems: Array<{
    path: string;
    key: 'matters.field_required' | 'matters.field_invalid';
    params: { field: string };
  }> = [];
  for (const field of category.fields) {
    const value = attributes[field.code];
    if (value === undefined || value === '') {
      if (field.required)
        problems.push({
          path: `body.attributes.${field.code}`,
          key: 'matters.field_required',
          params: { field: field.labelZh },
        });
      continue;
    }
    const ok =
      (field.type === 'text' && typeof value === 'string') ||
      (field.type === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
      (field.type === 'boolean' && typeof value === 'boolean') ||
      (field.type === 'select' && typeof value === 'string' && (field.options ?? []).some((o) => o.value === value));
    if (!ok)
      problems.push({
        path: `body.attributes.${field.code}`,
        key: 'matters.field_invalid',
        params: { field: field.labelZh },
      });
    else out[field.code] = value;
  }
  if (problems.length) throw new AppError('validation_failed', {}, problems);
  return out;
}
