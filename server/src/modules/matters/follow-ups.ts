import { sql, type SqlBool } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { assertCanWrite, inScope, isEmptyScope, requireActor, scopeFor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import { placeOf } from './access.ts';
import type { MattersDependencies } from './dependencies.ts';
import type * as S from './schema-follow-ups.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;
type State = z.infer<typeof S.FollowUpState>;

/** Matters raised by machines and analyses have nobody to ask. */
const NOT_FOLLOWED_UP = ['alarm', 'warning'];

export interface FollowUpOptions {
  /** FOLLOW_UP_DUE_HOURS: a follow-up is due this long after the matter closed. */
  dueHours: number;
  /** FOLLOW_UP_OVERDUE_HOURS: and overdue this long after it closed. */
  overdueHours: number;
}

function stateWhere(state: State | undefined, now: Date) {
  switch (state) {
    case 'done':
      return sql<SqlBool>`u.followed_up_at is not null`;
    case 'waiting':
      return sql<SqlBool>`u.followed_up_at is null and u.due_at > ${now}`;
    case 'due':
      return sql<SqlBool>`u.followed_up_at is null and u.due_at <= ${now} and u.overdue_at > ${now}`;
    case 'overdue':
      return sql<SqlBool>`u.followed_up_at is null and u.overdue_at <= ${now}`;
    default:
      return sql<SqlBool>`u.followed_up_at is null`;
  }
}

function stateOf(u: { followed_up_at: Date | null; due_at: Date; overdue_at: Date }, now: Date): State {
  if (u.followed_up_at) return 'done';
  if (now < u.due_at) return 'waiting';
  if (now < u.overdue_at) return 'due';
  return 'overdue';
}

/**
 * Satisfaction follow-ups (回访): when a matter closes, a follow-up becomes due some hours later
 * (FOLLOW_UP_DUE_HOURS; overdue after FOLLOW_UP_OVERDUE_HOURS). A reporter with an account is
 * told at once, with a link to the H5 form (rating 1–5, resolved or not, a comment); staff of
 * the area work the queue (待回访) and record calls: not reached (tried again later) or reached
 * with the reporter's rating and whether it was resolved. Answered and reached follow-ups are
 * counted in the statistics (followed_up, follow_up_satisfied) by when they were made.
 */
export class FollowUps {
  constructor(
    private readonly deps: MattersDependencies,
    private readonly options: FollowUpOptions,
  ) {}

  /** On matter.status_changed: a closing makes a follow-up (once per matter) and tells the reporter. */
  async onMatterStatus(event: DomainEvent<{ matterId: number; to: string }>, trx: Executor) {
    if (event.payload.to !== 'closed') return;
    const m = await trx
      .selectFrom('matters.matters')
      .selectAll()
      .where('id', '=', event.payload.matterId)
      .executeTakeFirst();
    if (m?.status !== 'closed' || !m.closed_at || NOT_FOLLOWED_UP.includes(m.kind)) return;
    if (m.reporter_user_id === null && !m.reporter_phone) return;
    const hour = 3_600_000;
    const made = await trx
      .insertInto('matters.follow_ups')
      .values({
        matter_id: m.id,
        division_id: m.division_id,
        grid_id: m.grid_id,
        closed_at: m.closed_at,
        due_at: new Date(m.closed_at.getTime() + this.options.dueHours * hour),
        overdue_at: new Date(m.closed_at.getTime() + this.options.overdueHours * hour),
        channel: null,
        outcome: null,
        rating: null,
        resolved: null,
        recorded_by: null,
        recorded_by_name: null,
        followed_up_at: null,
        last_attempt_at: null,
        created_at: this.deps.clock.now(),
      })
      .onConflict((oc) => oc.column('matter_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (made && m.reporter_user_id !== null)
      await this.deps.notifications.notify(trx, [m.reporter_user_id], {
        kind: 'matter_follow_up',
        title: { key: 'notify.matters.follow_up', params: { code: m.code } },
        link: `/follow-ups/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
  }

  private base(db: Executor) {
    return db
      .selectFrom('matters.follow_ups as u')
      .innerJoin('matters.matters as m', 'm.id', 'u.matter_id')
      .selectAll('u')
      .select([
        'm.code',
        'm.category_id',
        'm.description',
        'm.reporter_name',
        'm.reporter_user_id',
        'm.kind',
        'm.level',
        'm.department',
      ]);
  }

  private async present(rows: Awaited<ReturnType<ReturnType<FollowUps['base']>['execute']>>) {
    const { byId } = await this.deps.categories.get();
    const names = await this.deps.org.names({ divisionIds: rows.map((r) => r.division_id) });
    const now = this.deps.clock.now();
    return rows.map((r) => ({
      id: r.id,
      matterId: r.matter_id,
      code: r.code,
      category: byId.get(r.category_id)?.name_zh ?? '',
      description: r.description.slice(0, 200),
      community: { id: r.division_id, name: names.divisions.get(r.division_id) ?? '' },
      reporterName: maskName(r.reporter_name || '匿名'),
      hasReporterAccount: r.reporter_user_id !== null,
      closedAt: r.closed_at.toISOString(),
      dueAt: r.due_at.toISOString(),
      overdueAt: r.overdue_at.toISOString(),
      state: stateOf(r, now),
      channel: r.channel,
      outcome: r.outcome ?? ('none' as const),
      attempts: r.attempts,
      rating: r.rating,
      resolved: r.resolved,
      comment: r.comment,
      recordedBy: r.recorded_by_name,
      followedUpAt: r.followed_up_at?.toISOString() ?? null,
      lastAttemptAt: r.last_attempt_at?.toISOString() ?? null,
    }));
  }

  /** The queue (待回访) of the caller's area (matters.read): by due time, filtered. */
  async list(ctx: RequestContext, q: z.infer<typeof S.FollowUpListQuery>): Promise<View<typeof S.FollowUpList>> {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'matters.read');
    if (isEmptyScope(scope)) throw new AppError('forbidden');
    const now = this.deps.clock.now();
    let query = this.base(this.deps.db)
      .where((eb) => inScope(eb, scope, { division: 'u.division_id', grid: 'u.grid_id' }))
      .where(stateWhere(q.state, now));
    if (q.communityId !== undefined) query = query.where('u.division_id', '=', q.communityId);
    if (q.channel) query = query.where('u.channel', '=', q.channel);
    if (q.outcome)
      query = q.outcome === 'none' ? query.where('u.outcome', 'is', null) : query.where('u.outcome', '=', q.outcome);
    if (q.q) query = query.where('m.code', 'ilike', `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const after = decodeCursor(q.cursor);
    if (after)
      query = query.where(
        sql<SqlBool>`(u.due_at, u.id) > (${new Date(String(after.sort))}::timestamptz, ${after.id}::int)`,
      );
    const rows = await query
      .orderBy('u.due_at')
      .orderBy('u.id')
      .limit(q.limit + 1)
      .execute();
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return {
      items: await this.present(page),
      nextCursor: rows.length > q.limit && last ? encodeCursor({ sort: last.due_at.toISOString(), id: last.id }) : null,
    };
  }

  private async one(db: Executor, id: number, lock = false) {
    const q = this.base(db).where('u.id', '=', id);
    return (lock ? q.forUpdate('u') : q).executeTakeFirst();
  }

  /** Staff of the matter's area (matters.handle): a call, reached (with rating and resolved) or not. */
  async recordCall(ctx: RequestContext, id: number, body: z.infer<typeof S.CallBody>) {
    const actor = requireActor(ctx.actor);
    const seen = await this.one(this.deps.db, id);
    if (!seen || !scopeCovers(actor, seen)) throw new AppError('not_found');
    assertCanWrite(actor, 'matters.handle', placeOf(seen));
    if (body.reached && body.rating === undefined) throw invalid('body.rating', 'matters.follow_up_rating_required');
    if (body.reached && body.resolved === undefined)
      throw invalid('body.resolved', 'matters.follow_up_rating_required');
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const u = (await this.one(trx, id, true))!;
      if (u.followed_up_at) throw new AppError('conflict', {}, [{ key: 'matters.follow_up_done' }]);
      await trx
        .updateTable('matters.follow_ups')
        .set({
          channel: 'call',
          outcome: body.reached ? 'reached' : 'not_reached',
          attempts: u.attempts + 1,
          last_attempt_at: now,
          recorded_by: actor.userId,
          recorded_by_name: actor.displayName,
          comment: body.note,
          ...(body.reached ? { rating: body.rating!, resolved: body.resolved!, followed_up_at: now } : {}),
        })
        .where('id', '=', id)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'matters.follow_up.call',
        entityType: 'matter',
        entityId: u.matter_id,
        place: placeOf(u),
        details: { reached: body.reached, rating: body.rating ?? null, resolved: body.resolved ?? null },
      });
    });
    return (await this.present([(await this.one(this.deps.db, id))!]))[0]!;
  }

  private async reporters(ctx: RequestContext, matterId: number, db: Executor, lock = false) {
    const actor = requireActor(ctx.actor);
    const q = this.base(db).where('u.matter_id', '=', matterId);
    const u = await (lock ? q.forUpdate('u') : q).executeTakeFirst();
    if (!u || u.reporter_user_id !== actor.userId) throw new AppError('not_found');
    return u;
  }

  /** The reporter: their follow-up of a matter, for the H5 form. */
  async mine(ctx: RequestContext, matterId: number): Promise<View<typeof S.MyFollowUpView>> {
    const u = await this.reporters(ctx, matterId, this.deps.db);
    const { byId } = await this.deps.categories.get();
    return {
      matterId: u.matter_id,
      code: u.code,
      category: byId.get(u.category_id)?.name_zh ?? '',
      description: u.description.slice(0, 200),
      closedAt: u.closed_at.toISOString(),
      done: u.followed_up_at !== null,
      rating: u.rating,
      resolved: u.resolved,
      comment: u.comment,
    };
  }

  /** The reporter answers on the H5 form, once. */
  async answer(ctx: RequestContext, matterId: number, body: z.infer<typeof S.AnswerBody>) {
    const now = this.deps.clock.now();
    await this.deps.db.transaction().execute(async (trx) => {
      const u = await this.reporters(ctx, matterId, trx, true);
      if (u.followed_up_at) throw new AppError('conflict', {}, [{ key: 'matters.follow_up_done' }]);
      await trx
        .updateTable('matters.follow_ups')
        .set({
          channel: 'form',
          outcome: 'answered',
          rating: body.rating,
          resolved: body.resolved,
          comment: body.comment,
          followed_up_at: now,
          last_attempt_at: now,
        })
        .where('id', '=', u.id)
        .execute();
      await this.deps.audit.record(trx, ctx, {
        action: 'matters.follow_up.answer',
        entityType: 'matter',
        entityId: u.matter_id,
        place: placeOf(u),
        details: { rating: body.rating, resolved: body.resolved },
      });
    });
    return this.mine(ctx, matterId);
  }
}

function scopeCovers(actor: ReturnType<typeof requireActor>, u: { division_id: number; grid_id: number | null }) {
  const scope = scopeFor(actor, 'matters.read');
  return scope.divisionIds.includes(u.division_id) || (u.grid_id !== null && scope.gridIds.includes(u.grid_id));
}
