import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { inEveryLanguage, type MessageParams, type TranslationKey } from '../../platform/i18n.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { localParts } from '../../platform/local-time.ts';
import {
  canAddAssist,
  canDecideExtension,
  canReplyAssist,
  canRequestExtension,
  livePlace,
  placeOf,
  requireReach,
  viewerOf,
  type DeskState,
} from './access.ts';
import { missedDeadlines } from './actions.ts';
import { DEPARTMENTS } from './catalogue.ts';
import type { MattersDependencies } from './dependencies.ts';
import type { Notices } from './notices.ts';
import { presentAssist, presentExtension } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type Matter = repo.MatterRow;

function conflict(key: TranslationKey, params: MessageParams = {}) {
  return new AppError('conflict', { reason: inEveryLanguage(key, params) }, [{ key, params }]);
}

const departmentName = (code: string) => {
  const d = DEPARTMENTS[code];
  return d ? { 'zh-CN': d.zh, en: d.en } : code;
};

/**
 * The desk's work with departments besides the workflow's own steps: requests for more time
 * (延期申请) and their decision, and joint handling (协办) — assisting departments, each with
 * a task and a reply. Each change is written with its timeline entry, audit record, event and
 * notices in one transaction; the matter is locked first, so two desks act one after the other.
 */
export class Desk {
  constructor(
    private readonly deps: MattersDependencies,
    private readonly notices: Notices,
  ) {}

  /** What the desk's rules need of a matter besides its row. */
  async stateOf(db: Executor, matterId: number): Promise<DeskState> {
    const [pending, assists] = await Promise.all([repo.pendingExtension(db, matterId), repo.assistsOf(db, matterId)]);
    return { pendingExtension: pending ?? null, assists };
  }

  private localTime(at: Date) {
    const { date, time } = localParts(at, this.deps.timeZone);
    return `${date} ${time}`;
  }

  /**
   * Locks the matter and checks the caller sees it as staff: 404 to one who does not see it
   * (scope cannot be probed), 403 to its reporter or a follower.
   */
  private async lockForStaff(trx: Executor, actor: Actor, id: number): Promise<Matter> {
    const m = await repo.matterForUpdate(trx, id);
    const viewer = m ? await viewerOf(trx, actor, m) : null;
    if (!m || !viewer) throw new AppError('not_found');
    if (viewer !== 'staff') throw new AppError('forbidden');
    return m;
  }

  /** Who decides a request for more time: whoever dispatched or escalated the matter, else the admins over it. */
  private async decidersOf(trx: Executor, m: Matter, requesterId: number): Promise<number[]> {
    const direct = [m.dispatched_by_user_id, m.escalated_by_user_id].filter((u): u is number => u !== null);
    let users = direct;
    if (users.length === 0) {
      const { street } = await this.deps.org.ancestorsOf(m.division_id, trx);
      users = [
        ...(await this.deps.auth.usersWithRole(['community_admin'], { divisionIds: [m.division_id] }, trx)),
        ...(street !== null
          ? await this.deps.auth.usersWithRole(['street_admin'], { divisionIds: [street] }, trx)
          : []),
      ].map((u) => u.userId);
    }
    return [...new Set(users)].filter((u) => u !== requesterId);
  }

  private async timeline(
    trx: Executor,
    m: Matter,
    actor: Actor,
    now: Date,
    action: string,
    note: string,
    details: Record<string, unknown>,
    photos: string[] = [],
  ) {
    await repo.insertTimeline(trx, now, [
      {
        matter_id: m.id,
        actor_user_id: actor.userId,
        actor_name: actor.displayName,
        action,
        from_status: null,
        to_status: null,
        note,
        internal: false,
        photos,
        details: JSON.stringify(details),
      },
    ]);
  }

  private async publishLive(trx: Executor, m: Matter, userIds: number[]) {
    await this.deps.live.publish(trx, {
      topic: 'matter',
      id: m.id,
      ...livePlace(m),
      userIds: [...new Set([...(await repo.followersOf(trx, m.id)), ...userIds])],
      status: m.status,
      change: 'note',
    });
  }

  // ---------- extensions (延期申请) ----------

  async requestExtension(ctx: RequestContext, id: number, body: z.infer<typeof S.ExtensionBody>) {
    const { db, clock, audit, jobs, notifications } = this.deps;
    const actor = requireActor(ctx.actor);
    const now = clock.now();
    const until = new Date(body.until);
    await db.transaction().execute(async (trx) => {
      const m = await this.lockForStaff(trx, actor, id);
      const desk = await this.stateOf(trx, id);
      if (desk.pendingExtension) throw conflict('matters.extension_pending');
      if (!canRequestExtension(actor, m, desk)) throw new AppError('forbidden');
      const due = m.resolve_due_at!;
      if (until <= due || until <= now)
        throw invalid('body.until', 'matters.extension_after_due', { due: this.localTime(due) });
      const extension = await repo.insertExtension(trx, {
        matter_id: id,
        until,
        previous_due_at: due,
        reason: body.reason,
        requested_by_user_id: actor.userId,
        requested_by_name: actor.displayName,
        requested_at: now,
      });
      const details = { extensionId: extension.id, until: until.toISOString(), previousDueAt: due.toISOString() };
      await this.timeline(trx, m, actor, now, 'extension_requested', body.reason, details);
      await audit.record(trx, ctx, {
        action: 'matters.extension.request',
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
        details,
      });
      await jobs.publish(trx, 'matter.extension_requested', { matterId: id, ...details }, actor.userId);
      const deciders = await this.decidersOf(trx, m, actor.userId);
      await notifications.notify(trx, deciders, {
        kind: 'matter.extension_requested',
        title: { key: 'notify.matter.extension_requested', params: { code: m.code, until: this.localTime(until) } },
        body: body.reason.slice(0, 80),
        link: `/matters/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
      await this.publishLive(trx, m, deciders);
    });
  }

  /** Grants (the resolve deadline moves, the overdue flag and warning reset) or refuses (nothing moves). */
  async decideExtension(
    ctx: RequestContext,
    id: number,
    extensionId: number,
    decision: 'grant' | 'refuse',
    body: z.infer<typeof S.DecideExtensionBody>,
  ) {
    const { db, clock, audit, jobs, notifications } = this.deps;
    const actor = requireActor(ctx.actor);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const m = await this.lockForStaff(trx, actor, id);
      const extension = await repo.extensionForUpdate(trx, id, extensionId);
      if (!extension) throw new AppError('not_found');
      if (extension.status !== 'pending') throw conflict('matters.extension_decided');
      if (!canDecideExtension(actor, m, { pendingExtension: extension, assists: [] })) throw new AppError('forbidden');
      const granted = decision === 'grant';
      await repo.updateExtension(trx, extension.id, {
        status: granted ? 'granted' : 'refused',
        decided_by_user_id: actor.userId,
        decided_by_name: actor.displayName,
        decided_at: now,
        decision_note: body.note,
      });
      const updated = granted
        ? await repo.updateMatter(
            trx,
            id,
            {
              // Time granted after the deadline passed does not undo the miss.
              ...missedDeadlines(m, now),
              resolve_due_at: extension.until,
              overdue: extension.until <= now,
              warned_at: null,
            },
            now,
          )
        : m;
      const details = {
        extensionId: extension.id,
        until: extension.until.toISOString(),
        granted,
        ...(granted ? { previousDueAt: m.resolve_due_at?.toISOString() ?? null } : {}),
      };
      await this.timeline(trx, m, actor, now, granted ? 'extension_granted' : 'extension_refused', body.note, details);
      await audit.record(trx, ctx, {
        action: granted ? 'matters.extension.grant' : 'matters.extension.refuse',
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
        details,
      });
      await jobs.publish(
        trx,
        granted ? 'matter.extension_granted' : 'matter.extension_refused',
        { matterId: id, ...details },
        actor.userId,
      );
      await notifications.notify(
        trx,
        [extension.requested_by_user_id].filter((u) => u !== actor.userId),
        {
          kind: granted ? 'matter.extension_granted' : 'matter.extension_refused',
          title: {
            key: 'notify.matter.extension_decided',
            params: {
              code: m.code,
              decision: granted ? { 'zh-CN': '已批准', en: 'granted' } : { 'zh-CN': '被驳回', en: 'refused' },
            },
          },
          body: body.note.slice(0, 80),
          link: `/matters/${m.id}`,
          entityType: 'matter',
          entityId: m.id,
        },
      );
      await this.publishLive(trx, updated, [extension.requested_by_user_id]);
    });
  }

  /** Requests for more time of a status on matters in the caller's reach (or sent by the caller), newest first. */
  async listExtensions(ctx: RequestContext, query: z.infer<typeof S.ExtensionListQuery>) {
    const { db } = this.deps;
    const actor = requireActor(ctx.actor);
    const reach = requireReach(actor);
    const after = decodeCursor(query.cursor);
    const rows = await repo.listExtensions(db, reach, actor.userId, query.status, after?.id ?? null, query.limit);
    const matters = new Map<number, Matter>();
    for (const r of rows) {
      const m = await repo.matterById(db, r.matter_id);
      if (m) matters.set(m.id, m);
    }
    return toPage(
      rows,
      query.limit,
      (r): z.infer<typeof S.ExtensionListItem> => {
        const m = matters.get(r.matter_id);
        return {
          ...presentExtension(r),
          matter: {
            id: r.matter_id,
            code: r.matter_code,
            status: r.matter_status,
            description: r.matter_description,
            dueAt: r.matter_due_at?.toISOString() ?? null,
          },
          canDecide:
            m !== undefined &&
            r.status === 'pending' &&
            canDecideExtension(actor, m, { pendingExtension: r, assists: [] }),
        };
      },
      (r) => ({ sort: null, id: r.id }),
    );
  }

  // ---------- joint handling (协办) ----------

  async addAssist(ctx: RequestContext, id: number, body: z.infer<typeof S.AssistBody>) {
    const { db, clock, audit, jobs, notifications, auth, org } = this.deps;
    const actor = requireActor(ctx.actor);
    const now = clock.now();
    await db.transaction().execute(async (trx) => {
      const m = await this.lockForStaff(trx, actor, id);
      if (!canAddAssist(actor, m)) throw new AppError('forbidden');
      if (m.level === 'department' && m.department === body.department)
        throw invalid('body.department', 'matters.assist_lead_department');
      if (await repo.openAssistOf(trx, id, body.department)) throw conflict('matters.assist_open');
      const assist = await repo.insertAssist(trx, {
        matter_id: id,
        department: body.department,
        task: body.task,
        requested_by_user_id: actor.userId,
        requested_by_name: actor.displayName,
        created_at: now,
      });
      const details = { assistId: assist.id, department: body.department };
      await this.timeline(trx, m, actor, now, 'assist_added', body.task, details);
      await audit.record(trx, ctx, {
        action: 'matters.assist.add',
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
        details,
      });
      await jobs.publish(trx, 'matter.assist_added', { matterId: id, ...details }, actor.userId);
      // The department's staff serving where the matter lies: its street and district.
      const { street, district } = await org.ancestorsOf(m.division_id, trx);
      const staff = (
        await auth.usersWithRole(
          ['dept_staff'],
          { divisionIds: [street, district].filter((d): d is number => d !== null), department: body.department },
          trx,
        )
      ).map((u) => u.userId);
      await notifications.notify(
        trx,
        staff.filter((u) => u !== actor.userId),
        {
          kind: 'matter.assist_requested',
          title: {
            key: 'notify.matter.assist_requested',
            params: { code: m.code, department: departmentName(body.department) },
          },
          body: body.task.slice(0, 80),
          link: `/matters/${m.id}`,
          entityType: 'matter',
          entityId: m.id,
        },
      );
      await this.publishLive(trx, m, staff);
    });
  }

  async replyAssist(ctx: RequestContext, id: number, assistId: number, body: z.infer<typeof S.AssistReplyBody>) {
    const { db, clock, audit, jobs, notifications, media } = this.deps;
    const actor = requireActor(ctx.actor);
    const now = clock.now();
    if (body.photos.length) await media.assertOwned(actor.userId, body.photos);
    await db.transaction().execute(async (trx) => {
      const m = await this.lockForStaff(trx, actor, id);
      const assist = await repo.assistForUpdate(trx, id, assistId);
      if (!assist) throw new AppError('not_found');
      if (assist.status !== 'open') throw conflict('matters.assist_closed');
      if (!canReplyAssist(actor, m, assist)) throw new AppError('forbidden');
      await repo.updateAssist(trx, assist.id, {
        status: 'answered',
        reply: body.reply,
        photos: body.photos,
        replied_by_user_id: actor.userId,
        replied_by_name: actor.displayName,
        replied_at: now,
        closed_at: now,
      });
      const details = { assistId: assist.id, department: assist.department };
      await this.timeline(trx, m, actor, now, 'assist_replied', body.reply, details, body.photos);
      await audit.record(trx, ctx, {
        action: 'matters.assist.reply',
        entityType: 'matter',
        entityId: id,
        place: placeOf(m),
        details,
      });
      await jobs.publish(trx, 'matter.assist_replied', { matterId: id, ...details }, actor.userId);
      // The lead hears of it: whoever holds the matter, and whoever asked for the assist.
      const lead = [...new Set([...(await this.notices.holdersOf(m, trx)), assist.requested_by_user_id])].filter(
        (u) => u !== actor.userId,
      );
      await notifications.notify(trx, lead, {
        kind: 'matter.assist_replied',
        title: {
          key: 'notify.matter.assist_replied',
          params: { code: m.code, department: departmentName(assist.department) },
        },
        body: body.reply.slice(0, 80),
        link: `/matters/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
      await this.publishLive(trx, m, lead);
    });
  }
}

/** The desk's parts of a matter's detail (its requests for time and its assists), and the state its rules read. */
export async function deskParts(db: Executor, actor: Actor, m: Matter, locale: 'zh-CN' | 'en') {
  const [extensions, assists] = await Promise.all([repo.extensionsOf(db, m.id), repo.assistsOf(db, m.id)]);
  const state: DeskState = { pendingExtension: extensions.find((e) => e.status === 'pending') ?? null, assists };
  return {
    state,
    extensions: extensions.map(presentExtension),
    assists: assists.map((a) => presentAssist(a, canReplyAssist(actor, m, a), locale)),
  };
}
