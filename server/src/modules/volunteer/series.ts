import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { addDays, localDateTime, localParts } from '../../platform/local-time.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import { leads, type AreaOf } from './access.ts';
import { nextOccurrences, occurrence, occurrenceDates, ruleOf } from './recurrence.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { ActivitySeriesTable } from './tables.ts';
import type { Selectable } from 'kysely';

type SeriesRow = Selectable<ActivitySeriesTable>;

export interface SeriesOptions {
  timeZone: string;
  /** Occurrences are created as activities this many days ahead (SERIES_HORIZON_DAYS). */
  horizonDays: number;
  notifications?: NotificationsService | undefined;
}

/**
 * Recurring activities (每周二 小区服务日): a series is an activity template and a rule; its
 * occurrences within the horizon are ordinary activities (sign-ups, check-ins and points per
 * occurrence), created when the series is made or changed and by the daily job. Changing the
 * series changes the future occurrences no one signed up for and that were not moved or
 * cancelled by hand; skipping a date adds it to the series' EXDATE.
 */
export class Series {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly areaOf: AreaOf,
    private readonly options: SeriesOptions,
  ) {}

  private async mayLead(actor: Actor, teamId: number, communityId: number) {
    return leads(actor, await repo.membership(this.db, teamId, actor.userId), communityId);
  }

  private today() {
    return localParts(this.clock.now(), this.options.timeZone).date;
  }

  preview(body: z.infer<typeof S.SeriesPreviewBody>) {
    const items = nextOccurrences(
      body,
      this.clock.now(),
      this.today(),
      body.limit,
      this.options.timeZone,
      body.exdates,
    );
    return { items: items.map(occurrenceView) };
  }

  async createSeries(ctx: RequestContext, body: z.infer<typeof S.SeriesBody>) {
    const actor = requireActor(ctx.actor);
    ruleOf(body);
    const team = await repo.teamById(this.db, body.teamId);
    if (!team) throw new AppError('validation_failed', {}, [{ path: 'body.teamId', key: 'volunteer.unknown_team' }]);
    if (!(await this.mayLead(actor, team.id, team.community_id)))
      throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    const now = this.clock.now();
    const id = await this.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('volunteer.activity_series')
        .values({
          team_id: team.id,
          community_id: team.community_id,
          title: body.title,
          description: body.description,
          place: body.place,
          lat: body.lat ?? null,
          lng: body.lng ?? null,
          rrule: body.rrule,
          start_date: body.startDate,
          start_time: body.startTime,
          duration_minutes: body.durationMinutes,
          capacity: body.capacity,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.audit.record(trx, ctx, {
        action: 'volunteer.series.create',
        entityType: 'activity_series',
        entityId: row.id,
        place: { divisionId: team.community_id, gridId: null },
        details: { title: body.title, rrule: body.rrule, startDate: body.startDate, startTime: body.startTime },
      });
      await this.materialise(trx, row.id, now);
      return row.id;
    });
    return this.getSeries(ctx, id);
  }

  /** Changes the template or the rule; future occurrences no one signed up for are made anew. */
  async updateSeries(ctx: RequestContext, id: number, body: z.infer<typeof S.SeriesPatch>) {
    const actor = requireActor(ctx.actor);
    const s = await this.seriesById(id);
    if (!s || !(await this.areaOf(actor)).includes(s.community_id)) throw new AppError('not_found');
    if (!(await this.mayLead(actor, s.team_id, s.community_id)))
      throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    const next = {
      rrule: body.rrule ?? s.rrule,
      startDate: body.startDate ?? s.start_date,
      startTime: body.startTime ?? s.start_time,
    };
    ruleOf(next);
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('volunteer.activity_series')
        .set({
          ...(body.title !== undefined ? { title: body.title } : {}),
          ...(body.description !== undefined ? { description: body.description } : {}),
          ...(body.place !== undefined ? { place: body.place } : {}),
          ...(body.lat !== undefined ? { lat: body.lat } : {}),
          ...(body.lng !== undefined ? { lng: body.lng } : {}),
          ...(body.durationMinutes !== undefined ? { duration_minutes: body.durationMinutes } : {}),
          ...(body.capacity !== undefined ? { capacity: body.capacity } : {}),
          rrule: next.rrule,
          start_date: next.startDate,
          start_time: next.startTime,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
      const removed = await this.dropFutureUnsigned(trx, id, now);
      await this.audit.record(trx, ctx, {
        action: 'volunteer.series.update',
        entityType: 'activity_series',
        entityId: id,
        place: { divisionId: s.community_id, gridId: null },
        details: { changed: Object.keys(body), remade: removed },
      });
      await this.materialise(trx, id, now);
    });
    return this.getSeries(ctx, id);
  }

  /** Future occurrences of a series with no sign-up at all (not even a cancelled one), not moved or cancelled by hand. */
  private async dropFutureUnsigned(trx: Executor, seriesId: number, now: Date) {
    const rows = await trx
      .deleteFrom('volunteer.activities as a')
      .where('a.series_id', '=', seriesId)
      .where('a.starts_at', '>', now)
      .where('a.detached', '=', false)
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('volunteer.signups as s').select('s.user_id').whereRef('s.activity_id', '=', 'a.id')),
        ),
      )
      .returning('a.id')
      .execute();
    return rows.length;
  }

  /** Skip, cancel (with a reason) or move one occurrence; those signed up are told. */
  async changeOccurrence(ctx: RequestContext, id: number, date: string, body: z.infer<typeof S.OccurrenceBody>) {
    const actor = requireActor(ctx.actor);
    const s = await this.seriesById(id);
    if (!s || !(await this.areaOf(actor)).includes(s.community_id)) throw new AppError('not_found');
    if (!(await this.mayLead(actor, s.team_id, s.community_id)))
      throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    const input = ruleInput(s);
    const existing = await this.db
      .selectFrom('volunteer.activities')
      .selectAll()
      .where('series_id', '=', id)
      .where('occurrence_date', '=', date)
      .executeTakeFirst();
    if (!existing && occurrenceDates(input, date, date).length === 0)
      throw new AppError('validation_failed', {}, [
        { path: 'params.date', key: 'volunteer.not_an_occurrence', params: { date } },
      ]);
    if (body.action !== 'skip' && !existing)
      throw new AppError('conflict', {}, [{ key: 'volunteer.no_occurrence', params: { date } }]);
    if (body.action === 'move' && !body.startsAt && body.place === undefined)
      throw new AppError('validation_failed', {}, [{ path: 'body.startsAt', key: 'volunteer.move_needs_change' }]);
    if (body.action === 'move' && body.startsAt && body.endsAt && body.endsAt <= body.startsAt)
      throw new AppError('validation_failed', {}, [{ path: 'body.endsAt', key: 'matters.duty_order' }]);
    await this.db.transaction().execute(async (trx) => {
      if (body.action === 'skip') {
        await trx
          .updateTable('volunteer.activity_series')
          .set({
            exdates: sql<string[]>`array_append(array_remove(exdates, ${date}), ${date})`,
            updated_at: this.clock.now(),
          })
          .where('id', '=', id)
          .execute();
      }
      let told = 0;
      if (existing) {
        const signed = await repo.signupsOf(trx, existing.id);
        const people = signed.filter((x) => x.status !== 'cancelled').map((x) => x.user_id);
        if (body.action === 'skip' && signed.length === 0) {
          await trx.deleteFrom('volunteer.activities').where('id', '=', existing.id).execute();
        } else if (body.action === 'move') {
          const startsAt = body.startsAt ?? existing.starts_at;
          const endsAt =
            body.endsAt ?? new Date(startsAt.getTime() + (existing.ends_at.getTime() - existing.starts_at.getTime()));
          const place = body.place ?? existing.place;
          await trx
            .updateTable('volunteer.activities')
            .set({ starts_at: startsAt, ends_at: endsAt, place, detached: true })
            .where('id', '=', existing.id)
            .execute();
          told = await this.tell(trx, people, existing.id, 'notify.volunteer.occurrence_moved', {
            title: existing.title,
            date,
            when: localDateTime(startsAt, this.options.timeZone).slice(0, 16).replace('T', ' '),
            place,
          });
        } else {
          await trx
            .updateTable('volunteer.activities')
            .set({ status: 'cancelled', cancel_reason: body.reason, detached: true })
            .where('id', '=', existing.id)
            .execute();
          told = await this.tell(trx, people, existing.id, 'notify.volunteer.occurrence_cancelled', {
            title: existing.title,
            date,
            reason: body.reason,
          });
        }
      }
      await this.audit.record(trx, ctx, {
        action: `volunteer.series.${body.action}`,
        entityType: 'activity_series',
        entityId: id,
        place: { divisionId: s.community_id, gridId: null },
        details: { date, reason: body.reason, activityId: existing?.id ?? null, told },
      });
    });
    return this.getSeries(ctx, id);
  }

  private async tell(
    trx: Executor,
    userIds: number[],
    activityId: number,
    key: 'notify.volunteer.occurrence_moved' | 'notify.volunteer.occurrence_cancelled',
    params: Record<string, string>,
  ) {
    if (!this.options.notifications || userIds.length === 0) return 0;
    await this.options.notifications.notify(trx, userIds, {
      kind: 'volunteer.occurrence',
      title: { key, params },
      link: `/volunteer/activities/${activityId}`,
      entityType: 'activity',
      entityId: activityId,
    });
    return userIds.length;
  }

  /** Stops a series: no new occurrences (those created stay, each with its sign-ups). */
  async stopSeries(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const s = await this.seriesById(id);
    if (!s || !(await this.areaOf(actor)).includes(s.community_id)) throw new AppError('not_found');
    if (!(await this.mayLead(actor, s.team_id, s.community_id)))
      throw new AppError('forbidden', {}, [{ key: 'volunteer.not_leader' }]);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('volunteer.activity_series')
        .set({ active: false, updated_at: this.clock.now() })
        .where('id', '=', id)
        .execute();
      await this.dropFutureUnsigned(trx, id, this.clock.now());
      await this.audit.record(trx, ctx, {
        action: 'volunteer.series.stop',
        entityType: 'activity_series',
        entityId: id,
        place: { divisionId: s.community_id, gridId: null },
      });
    });
    return this.getSeries(ctx, id);
  }

  async getSeries(ctx: RequestContext, id: number): Promise<z.infer<typeof S.SeriesView>> {
    const actor = requireActor(ctx.actor);
    const s = await this.seriesById(id);
    if (!s || !(await this.areaOf(actor)).includes(s.community_id)) throw new AppError('not_found');
    const now = this.clock.now();
    const rows = await this.db
      .selectFrom('volunteer.activities as a')
      .select(['a.id', 'a.occurrence_date', 'a.starts_at', 'a.place', 'a.status', 'a.cancel_reason', 'a.detached'])
      .select((eb) =>
        eb
          .selectFrom('volunteer.signups as g')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('g.activity_id', '=', 'a.id')
          .where('g.status', '!=', 'cancelled')
          .as('signed_up'),
      )
      .where('a.series_id', '=', id)
      .where('a.ends_at', '>', now)
      .orderBy('a.starts_at')
      .limit(100)
      .execute();
    return {
      ...seriesSummary(s),
      next: s.active
        ? nextOccurrences(ruleInput(s), now, this.today(), 5, this.options.timeZone, s.exdates).map(occurrenceView)
        : [],
      occurrences: rows.map((r) => ({
        activityId: r.id,
        date: r.occurrence_date!,
        startsAt: r.starts_at.toISOString(),
        place: r.place,
        status: r.status,
        cancelReason: r.cancel_reason,
        detached: r.detached,
        signedUp: Number(r.signed_up ?? 0),
      })),
    };
  }

  async listSeries(ctx: RequestContext, q: z.infer<typeof S.SeriesListQuery>) {
    const actor = requireActor(ctx.actor);
    const mine = await this.areaOf(actor);
    const communityIds = q.communityId ? (mine.includes(q.communityId) ? [q.communityId] : []) : mine;
    if (communityIds.length === 0) return { items: [], nextCursor: null };
    const after = decodeCursor(q.cursor);
    let query = this.db
      .selectFrom('volunteer.activity_series')
      .selectAll()
      .where('community_id', 'in', communityIds)
      .orderBy('id', 'desc')
      .limit(q.limit + 1);
    if (q.teamId) query = query.where('team_id', '=', q.teamId);
    if (after) query = query.where('id', '<', after.id);
    const rows = await query.execute();
    return {
      items: rows.slice(0, q.limit).map(seriesSummary),
      nextCursor: rows.length > q.limit ? encodeCursor({ sort: null, id: rows[q.limit - 1]!.id }) : null,
    };
  }

  /**
   * Creates the occurrences of a series within the horizon that do not exist yet (one per series
   * and local date: running twice creates nothing the second time). Returns how many it created.
   */
  async materialise(db: Executor, seriesId: number, now: Date): Promise<number> {
    const s = await db
      .selectFrom('volunteer.activity_series')
      .selectAll()
      .where('id', '=', seriesId)
      .executeTakeFirst();
    if (!s?.active) return 0;
    const input = ruleInput(s);
    const from = localParts(now, this.options.timeZone).date;
    const dates = occurrenceDates(input, from, addDays(from, this.options.horizonDays), s.exdates);
    const rows = dates
      .map((date) => occurrence(input, date, this.options.timeZone))
      .filter((o) => o.startsAt > now)
      .map((o) => ({
        team_id: s.team_id,
        community_id: s.community_id,
        title: s.title,
        description: s.description,
        place: s.place,
        lat: s.lat,
        lng: s.lng,
        starts_at: o.startsAt,
        ends_at: o.endsAt,
        capacity: s.capacity,
        checkin_secret: randomBytes(20).toString('hex'),
        created_by: s.created_by,
        created_at: now,
        series_id: s.id,
        occurrence_date: o.date,
      }));
    if (rows.length === 0) return 0;
    const inserted = await db
      .insertInto('volunteer.activities')
      .values(rows)
      .onConflict((oc) => oc.columns(['series_id', 'occurrence_date']).where('series_id', 'is not', null).doNothing())
      .returning('id')
      .execute();
    return inserted.length;
  }

  /** The scheduled job: every active series filled up to the horizon. */
  async materialiseAll(now: Date): Promise<number> {
    const ids = await this.db.selectFrom('volunteer.activity_series').select('id').where('active', '=', true).execute();
    let created = 0;
    for (const { id } of ids) {
      created += await this.db.transaction().execute((trx) => this.materialise(trx, id, now));
    }
    return created;
  }

  private seriesById(id: number) {
    return this.db.selectFrom('volunteer.activity_series').selectAll().where('id', '=', id).executeTakeFirst();
  }
}

function ruleInput(s: SeriesRow) {
  return { rrule: s.rrule, startDate: s.start_date, startTime: s.start_time, durationMinutes: s.duration_minutes };
}

function occurrenceView(o: { date: string; startsAt: Date; endsAt: Date }) {
  return { date: o.date, startsAt: o.startsAt.toISOString(), endsAt: o.endsAt.toISOString() };
}

function seriesSummary(s: SeriesRow) {
  return {
    id: s.id,
    teamId: s.team_id,
    communityId: s.community_id,
    title: s.title,
    description: s.description,
    place: s.place,
    rrule: s.rrule,
    startDate: s.start_date,
    startTime: s.start_time,
    durationMinutes: s.duration_minutes,
    capacity: s.capacity,
    exdates: [...s.exdates].sort(),
    active: s.active,
  };
}
