import type { Updateable } from 'kysely';
import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { inEveryLanguage } from '../../platform/i18n.ts';
import { allowedActions, canBeAssigned, canNote, livePlace, placeOf, returnTarget, viewerOf } from './access.ts';
import { addDuration } from './calendar.ts';
import { DEPARTMENTS } from './catalogue.ts';
import type { MattersDependencies } from './dependencies.ts';
import type { Notices } from './notices.ts';
import type { Category } from './presenters.ts';
import * as repo from './repository.ts';
import { bumpCellCounts } from './repository-map.ts';
import type * as S from './schema.ts';
import type { MatterLevel, MatterTable } from './tables.ts';
import { ACTION_NAMES, STATUS_NAMES, TERMINAL_STATUSES, nextLevel, transition } from './workflow.ts';

/** Where residents' own reports come from: the resident and courier phone apps (随手拍). */
const RESIDENT_REPORT_SOURCES = ['resident_h5', 'courier_h5'];

/**
 * Whether this change earns the reporter points for a good report (文明行为银行): a resident's
 * 随手拍 that staff took up and brought to 办结, by someone else. A rejected or merged report
 * never reaches 办结; the award's `once` key keeps a report resolved again after a reopen from
 * earning twice.
 */
function earnsForReport(
  m: Pick<MatterTable, 'kind' | 'source'> & { reporter_user_id: number | null },
  to: string,
  actor: Actor,
) {
  return (
    to === 'resolved' &&
    m.kind === 'report' &&
    m.reporter_user_id !== null &&
    m.reporter_user_id !== actor.userId &&
    RESIDENT_REPORT_SOURCES.includes(m.source)
  );
}

type Matter = repo.MatterRow;
type Patch = Updateable<MatterTable>;

/** The locked matter an action applies to, and what it needs to work out the change. */
interface Step {
  trx: Executor;
  actor: Actor;
  m: Matter;
  category: Category;
  now: Date;
}

/** What an action changes: the matter, and what its timeline entry and notices say. */
interface Change {
  patch: Patch;
  note: string;
  details?: Record<string, unknown>;
  photos?: string[];
  /** Told of the change besides followers and holders: a new assignee, the one it was taken from. */
  notify?: number[];
}

/**
 * An action in two steps: checks that need no lock (photos owned, the assignee exists)
 * run first, then `apply` works out the change to the locked matter.
 */
interface Prepared {
  /** Another matter the action changes, locked with this one in id order (merges crossing each other then wait, not deadlock). */
  alsoLock?: number;
  apply(step: Step): Change | Promise<Change>;
}

type Handler<A extends S.ActionName> = (body: S.ActionBody<A>, actor: Actor) => Prepared | Promise<Prepared>;

/**
 * The deadlines of a matter already missed, kept before new ones replace them (an escalation,
 * more time granted): 超期 and 按期 count a matter by its first missed deadline, which a fresh
 * clock at the next level must not wipe out.
 */
export function missedDeadlines(
  m: Pick<
    Matter,
    'status' | 'accept_due_at' | 'resolve_due_at' | 'accept_missed_at' | 'resolve_missed_at' | 'resolved_at'
  >,
  now: Date,
): Patch {
  const patch: Patch = {};
  const waitingToBeTaken = ['reported', 'escalated', 'reopened', 'returned'].includes(m.status);
  if (m.accept_missed_at === null && waitingToBeTaken && m.accept_due_at !== null && m.accept_due_at < now)
    patch.accept_missed_at = m.accept_due_at;
  const unresolved = m.resolved_at === null && !['rejected', 'duplicate', 'closed'].includes(m.status);
  if (m.resolve_missed_at === null && unresolved && m.resolve_due_at !== null && m.resolve_due_at < now)
    patch.resolve_missed_at = m.resolve_due_at;
  return patch;
}

/**
 * The changes of moving a matter up a level: a fresh clock there and no assignee until someone
 * takes it; who escalated it and from where are kept, for a return (退单), and the deadlines it
 * missed, for the statistics.
 */
export function escalation(
  m: Parameters<typeof missedDeadlines>[0],
  level: MatterLevel,
  department: string | null,
  category: Category,
  now: Date,
  timeZone: string,
  from: { level: MatterLevel; userId: number | null; name: string | null },
): Patch {
  return {
    ...missedDeadlines(m, now),
    status: 'escalated',
    level,
    department,
    assignee_user_id: null,
    assignee_name: null,
    escalated_from_level: from.level,
    escalated_by_user_id: from.userId,
    escalated_by_name: from.name,
    dispatched_by_user_id: null,
    dispatched_by_name: null,
    accept_due_at: addDuration(now, category.accept_amount, category.accept_unit, timeZone),
    resolve_due_at: addDuration(now, category.resolve_amount, category.resolve_unit, timeZone),
    warned_at: null,
  };
}

/** The workflow actions on a matter (受理, 派遣, 处置, 反馈, 上报, 结案, 评价 …), one typed handler each, and notes. */
export class Actions {
  constructor(
    private readonly deps: MattersDependencies,
    private readonly notices: Notices,
  ) {}

  private readonly handlers: { [A in S.ActionName]: Handler<A> } = {
    accept: (body) => ({
      apply: ({ m, actor, now }) => ({
        // The accept warning is spent; the resolve clock gets its own.
        patch: {
          accepted_at: now,
          warned_at: null,
          ...(m.assignee_user_id === null || m.status === 'escalated'
            ? { assignee_user_id: actor.userId, assignee_name: actor.displayName }
            : {}),
        },
        note: body.note,
      }),
    }),

    reject: (body) => ({ apply: ({ now }) => ({ patch: { closed_at: now }, note: body.reason }) }),

    dispatch: async (body) => {
      const assignee = await this.deps.auth.actorOf(body.assigneeUserId);
      if (!assignee)
        throw new AppError('validation_failed', {}, [{ path: 'body.assigneeUserId', key: 'matters.bad_assignee' }]);
      return {
        apply: ({ m, actor, now }) => {
          if (!canBeAssigned(assignee, m))
            throw new AppError('validation_failed', {}, [{ path: 'body.assigneeUserId', key: 'matters.bad_assignee' }]);
          return {
            patch: {
              assignee_user_id: assignee.userId,
              assignee_name: assignee.displayName,
              dispatched_at: now,
              dispatched_by_user_id: actor.userId,
              dispatched_by_name: actor.displayName,
            },
            note: body.note,
            details: { assignee: assignee.displayName },
            notify: [assignee.userId],
          };
        },
      };
    },

    start: (body) => ({
      apply: ({ m, actor, now }) => ({
        patch: {
          started_at: now,
          ...(m.assignee_user_id === null ? { assignee_user_id: actor.userId, assignee_name: actor.displayName } : {}),
        },
        note: body.note,
      }),
    }),

    resolve: async (body, actor) => {
      if (body.photos.length) await this.deps.media.assertOwned(actor.userId, body.photos);
      return {
        apply: ({ m, category, now }) => {
          // A fire alarm's matter is closed by someone who was there and shows it (issue 14).
          if (category.confirm_on_site && body.photos.length === 0)
            throw new AppError('validation_failed', {}, [{ path: 'body.photos', key: 'matters.photo_on_site' }]);
          return {
            patch: { resolved_at: now, photos: [...m.photos, ...body.photos] },
            note: body.note,
            photos: body.photos,
          };
        },
      };
    },

    reply: (body) => ({
      apply: ({ now }) => ({
        patch: { resolved_at: now, adopted: body.adopted, reply: body.reply },
        note: body.reply,
        details: { adopted: body.adopted },
      }),
    }),

    escalate: (body) => ({
      apply: ({ m, actor, category, now }) => {
        const level = nextLevel(m.level)!;
        const department = level === 'department' ? (body.department ?? category.department) : m.department;
        if (level === 'department' && !DEPARTMENTS[department ?? '']) {
          throw new AppError('validation_failed', {}, [{ path: 'body.department', key: 'matters.unknown_department' }]);
        }
        return {
          patch: escalation(m, level, department, category, now, this.deps.timeZone, {
            level: m.level,
            userId: actor.userId,
            name: actor.displayName,
          }),
          note: body.reason,
          details: { level },
          notify: m.assignee_user_id !== null ? [m.assignee_user_id] : [],
        };
      },
    }),

    // 退单: back to the dispatcher (the assignee cleared), or down to the level and person that escalated it.
    return: (body) => ({
      apply: ({ m, category, now }) => {
        const target = returnTarget(m)!;
        // Whoever it comes back to has a fresh time to take it up again; the resolve deadline stands.
        const common: Patch = {
          accept_due_at: addDuration(now, category.accept_amount, category.accept_unit, this.deps.timeZone),
          warned_at: null,
          dispatched_by_user_id: null,
          dispatched_by_name: null,
        };
        if (target.to === 'dispatcher') {
          return {
            patch: { ...common, assignee_user_id: null, assignee_name: null },
            note: body.reason,
            details: { to: 'dispatcher', returnedTo: m.dispatched_by_name },
            notify: [target.userId],
          };
        }
        return {
          patch: {
            ...common,
            level: target.level,
            department: target.level === 'department' ? m.department : null,
            assignee_user_id: target.userId,
            assignee_name: target.userId !== null ? m.escalated_by_name : null,
            escalated_by_user_id: null,
            escalated_by_name: null,
            escalated_from_level: null,
          },
          note: body.reason,
          details: { to: 'escalator', level: target.level, from: m.level, returnedTo: m.escalated_by_name },
          notify: target.userId !== null ? [target.userId] : [],
        };
      },
    }),

    close: (body) => ({ apply: ({ now }) => ({ patch: { closed_at: now }, note: body.note }) }),

    rate: (body) => ({
      apply: ({ now }) => ({
        patch: { closed_at: now, rating: body.rating, rating_comment: body.comment || null },
        note: body.comment,
        details: { rating: body.rating },
      }),
    }),

    reopen: (body) => ({
      apply: ({ m, category, now }) => ({
        patch: {
          reopen_count: m.reopen_count + 1,
          resolved_at: null,
          accept_due_at: addDuration(now, category.accept_amount, category.accept_unit, this.deps.timeZone),
          resolve_due_at: addDuration(now, category.resolve_amount, category.resolve_unit, this.deps.timeZone),
          warned_at: null,
        },
        note: body.reason,
      }),
    }),

    merge: (body) => ({
      alsoLock: body.intoId,
      apply: async ({ trx, m, actor, now }) => {
        if (body.intoId === m.id)
          throw new AppError('validation_failed', {}, [{ path: 'body.intoId', key: 'matters.merge_self' }]);
        const target = await repo.matterForUpdate(trx, body.intoId);
        if (!target || (await viewerOf(trx, actor, target)) !== 'staff' || TERMINAL_STATUSES.includes(target.status)) {
          throw new AppError('validation_failed', {}, [{ path: 'body.intoId', key: 'matters.merge_target' }]);
        }
        const followers = await repo.followersOf(trx, m.id);
        await repo.moveFollowers(trx, m.id, target.id);
        if (m.reporter_user_id !== null) await repo.addFollower(trx, target.id, m.reporter_user_id, now);
        await repo.insertTimeline(trx, now, [
          {
            matter_id: target.id,
            actor_user_id: actor.userId,
            actor_name: actor.displayName,
            action: 'merged_in',
            from_status: null,
            to_status: null,
            note: `${m.code}`,
            details: JSON.stringify({ from: m.id }),
          },
        ]);
        return {
          patch: { duplicate_of: target.id, closed_at: now },
          note: body.note,
          details: { into: target.code },
          notify: followers,
        };
      },
    }),
  };

  /**
   * Runs one action: locks the matter, checks the transition and the caller's right to
   * it, writes the change, its timeline entry, audit record, event and notices together.
   * Two handlers acting at once are served one after the other; the second finds the
   * matter moved on and gets 409.
   */
  async act<A extends S.ActionName>(ctx: RequestContext, id: number, request: S.ActionRequest<A>): Promise<Matter> {
    const { db, clock, audit, jobs } = this.deps;
    const actor = requireActor(ctx.actor);
    const now = clock.now();
    const { action } = request;
    const handler: Handler<A> = this.handlers[action];
    const prepared = await handler(request.body, actor);
    const { byId } = await this.deps.categories.get();
    return db.transaction().execute(async (trx) => {
      if (prepared.alsoLock !== undefined) await repo.lockMatters(trx, [id, prepared.alsoLock]);
      const m = await repo.matterForUpdate(trx, id);
      const viewer = m ? await viewerOf(trx, actor, m) : null;
      if (!m || !viewer) throw new AppError('not_found');
      const to = transition(action, m.status);
      if (!to) {
        const params = { action: ACTION_NAMES[action], status: STATUS_NAMES[m.status] };
        throw new AppError('conflict', { reason: inEveryLanguage('matters.illegal_transition', params) }, [
          { key: 'matters.illegal_transition', params },
        ]);
      }
      if (!allowedActions(actor, m, viewer, now).includes(action)) throw new AppError('forbidden');

      const change = await prepared.apply({ trx, actor, m, category: byId.get(m.category_id)!, now });
      const details = change.details ?? {};
      const updated = await repo.updateMatter(trx, id, { ...change.patch, status: to }, now);
      await repo.insertTimeline(trx, now, [
        {
          matter_id: id,
          actor_user_id: actor.userId,
          actor_name: actor.displayName,
          action,
          from_status: m.status,
          to_status: to,
          note: change.note,
          internal: false,
          photos: change.photos ?? [],
          details: JSON.stringify(details),
        },
      ]);
      if (TERMINAL_STATUSES.includes(to)) await bumpCellCounts(trx, m, { open: -1, total: 0 });
      if (to === 'resolved' || TERMINAL_STATUSES.includes(to)) await this.endDeskWork(trx, id, now);
      await audit.record(trx, ctx, {
        action: `matters.${action}`,
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
        details: { from: m.status, to, ...details },
      });
      await jobs.publish(
        trx,
        'matter.status_changed',
        {
          matterId: id,
          from: m.status,
          to,
          action,
          kind: m.kind,
          sourceEntityType: m.source_entity_type,
          sourceEntityId: m.source_entity_id,
        },
        actor.userId,
      );
      if (earnsForReport(m, to, actor))
        await jobs.publish(
          trx,
          'report.accepted',
          {
            userId: m.reporter_user_id!,
            communityId: m.division_id,
            referenceId: `matter:${id}`,
            once: `report:${id}`,
            memo: `随手拍：${byId.get(m.category_id)?.name_zh ?? m.code}`,
          },
          actor.userId,
        );
      await this.notices.announce(trx, updated, to, change.notify ?? [], actor.userId);
      return updated;
    });
  }

  /**
   * When the lead resolves (or the matter ends), assists still open close as unanswered — said
   * on the timeline — and a pending request for time lapses.
   */
  private async endDeskWork(trx: Executor, id: number, now: Date) {
    const closed = await repo.closeOpenAssists(trx, id, now);
    await repo.insertTimeline(
      trx,
      now,
      closed.map((a) => ({
        matter_id: id,
        actor_user_id: null,
        actor_name: '系统',
        action: 'assist_unanswered',
        from_status: null,
        to_status: null,
        note: `${DEPARTMENTS[a.department]?.zh ?? a.department} 未答复协办`,
        details: JSON.stringify({ assistId: a.id, department: a.department }),
      })),
    );
    await repo.lapsePendingExtensions(trx, id, now);
  }

  async note(ctx: RequestContext, id: number, body: z.infer<typeof S.NoteBody>) {
    const { db, clock, audit, live, media } = this.deps;
    const actor = requireActor(ctx.actor);
    await media.assertOwned(actor.userId, body.photos);
    await db.transaction().execute(async (trx) => {
      const m = await repo.matterForUpdate(trx, id);
      const viewer = m ? await viewerOf(trx, actor, m) : null;
      if (!m || !viewer) throw new AppError('not_found');
      if (TERMINAL_STATUSES.includes(m.status)) throw new AppError('conflict', { reason: m.status });
      if (!canNote(viewer, body.internal)) throw new AppError('forbidden');
      const internal = body.internal;
      await repo.insertTimeline(trx, clock.now(), [
        {
          matter_id: id,
          actor_user_id: actor.userId,
          actor_name: actor.displayName,
          action: 'note',
          from_status: null,
          to_status: null,
          note: body.note,
          internal,
          photos: body.photos,
          details: '{}',
        },
      ]);
      await audit.record(trx, ctx, {
        action: 'matters.note',
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
        details: { internal },
      });
      await live.publish(trx, {
        topic: 'matter',
        id,
        ...livePlace(m),
        userIds: internal ? [] : await repo.followersOf(trx, id),
        status: m.status,
        change: 'note',
      });
    });
  }
}
