import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import { covers, requireActor, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, toPageById } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import { ELDER_TAG, type NoticesDeps } from './deps.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * Visit tasks (走访任务): an elder living alone who has not acknowledged an anti-fraud alert within
 * the notice's hours becomes one task for the grid worker of their grid (once per elder and
 * notice). Closing it (visited or phoned, with a note) records the acknowledgement on their behalf.
 */
export class VisitTasks {
  constructor(private readonly d: NoticesDeps) {}

  /** The timed job: tasks for the elders now due; their grid workers are told. Returns how many were made. */
  async createDue(now: Date = this.d.clock.now()): Promise<number> {
    const due = await repo.eldersDue(this.d.db, now, ELDER_TAG);
    let made = 0;
    for (const r of due) {
      await this.d.db.transaction().execute(async (trx) => {
        const id = await repo.insertTask(trx, {
          notice_id: r.notice_id,
          recipient_id: r.id,
          person_id: r.person_id!,
          community_id: r.community_id!,
          grid_id: r.grid_id,
          status: 'open',
          due_at: new Date(r.sent.getTime() + r.visit_after_hours * 3_600_000),
          created_at: now,
        });
        if (id === null) return;
        made++;
        const workers =
          r.grid_id !== null
            ? await this.d.auth.usersWithRole(['grid_worker'], { gridIds: [r.grid_id] }, trx)
            : await this.d.auth.usersWithRole(['community_admin'], { divisionIds: [r.community_id!] }, trx);
        await this.d.notifications.notify(
          trx,
          workers.map((w) => w.userId),
          {
            kind: 'notice_visit',
            title: { key: 'notify.notices.visit_task' },
            link: '/notices/tasks',
            entityType: 'notice_visit_task',
            entityId: id,
          },
        );
      });
    }
    return made;
  }

  /** Records a recipient's acknowledgement (in the caller's transaction) and closes their open task. */
  async acknowledge(
    trx: Executor,
    r: repo.RecipientRow,
    how: { method: 'app' | 'phoned' | 'visited'; note: string; by: number | null },
  ) {
    const now = this.d.clock.now();
    await repo.updateRecipient(trx, r.id, {
      acknowledged_at: now,
      read_at: r.read_at ?? now,
      ack_method: how.method,
      ack_by_user_id: how.by,
      ack_note: how.note,
    });
    if (r.person_id === null) return;
    const open = await repo.openTaskOf(trx, r.notice_id, r.person_id);
    if (open)
      await repo.updateTask(trx, open.id, {
        status: 'done',
        closed_at: now,
        closed_by: how.by,
        method: how.method === 'app' ? null : how.method,
        note: how.method === 'app' ? '本人已在应用中确认知晓' : how.note,
      });
  }

  /** The tasks of my grids (grid workers) or my area (community and street staff), newest first. */
  async list(ctx: RequestContext, q: z.infer<typeof S.TaskQuery>): Promise<View<typeof S.TaskList>> {
    const scope = requirePermission(ctx.actor, 'notices.visit');
    const rows = await repo.listTasks(this.d.db, scope, {
      status: q.status,
      beforeId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, (page) => this.present(page));
  }

  private async present(rows: repo.TaskRow[]): Promise<View<typeof S.TaskView>[]> {
    const notices = new Map(
      (
        await repo.noticesByIds(
          this.d.db,
          rows.map((t) => t.notice_id),
        )
      ).map((n) => [n.id, n]),
    );
    const people = await this.d.org.personLabels(rows.map((t) => t.person_id));
    const names = await this.d.org.names({
      divisionIds: rows.map((t) => t.community_id),
      gridIds: rows.map((t) => t.grid_id).filter((g): g is number => g !== null),
    });
    return rows.map((t) => {
      const n = notices.get(t.notice_id)!;
      const p = people.get(t.person_id);
      return {
        id: t.id,
        notice: { id: n.id, headline: n.headline, fraudType: n.fraud_type },
        person: { id: t.person_id, name: maskName(p?.name ?? ''), address: p?.address ?? '' },
        community: names.divisions.get(t.community_id) ?? '',
        grid: t.grid_id !== null ? (names.grids.get(t.grid_id)?.name ?? '') : null,
        status: t.status,
        dueAt: t.due_at.toISOString(),
        createdAt: t.created_at.toISOString(),
        closedAt: t.closed_at?.toISOString() ?? null,
        method: t.method,
        note: t.note,
      };
    });
  }

  /** Closes a task (visited or phoned, a note): the elder's acknowledgement, recorded by me; audited. */
  async close(
    ctx: RequestContext,
    id: number,
    body: z.infer<typeof S.CloseTaskBody>,
  ): Promise<View<typeof S.TaskView>> {
    const actor = requireActor(ctx.actor);
    const scope = requirePermission(actor, 'notices.visit');
    await this.d.db.transaction().execute(async (trx) => {
      const t = await repo.taskById(trx, id, true);
      if (!t || !covers(scope, { divisionId: t.community_id, gridId: t.grid_id })) throw new AppError('not_found');
      if (t.status !== 'open') throw new AppError('conflict', {}, [{ key: 'notices.task_closed' }]);
      const r = (await repo.recipientById(trx, t.recipient_id, true))!;
      const now = this.d.clock.now();
      if (!r.acknowledged_at)
        await repo.updateRecipient(trx, r.id, {
          acknowledged_at: now,
          read_at: r.read_at ?? now,
          ack_method: body.method,
          ack_by_user_id: actor.userId,
          ack_note: body.note,
        });
      await repo.updateTask(trx, t.id, {
        status: 'done',
        closed_at: now,
        closed_by: actor.userId,
        method: body.method,
        note: body.note,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'notices.task.close',
        entityType: 'notice_visit_task',
        entityId: t.id,
        place: { divisionId: t.community_id, gridId: t.grid_id },
        details: { noticeId: t.notice_id, method: body.method },
      });
    });
    const [view] = await this.present([(await repo.taskById(this.d.db, id))!]);
    return view!;
  }
}
