import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { requireActor } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { LiveHub } from '../../platform/live.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  link?: string;
  entityType?: string;
  entityId?: string | number;
}

/** In-app notifications (站内通知), pushed live to whoever is online. */
export class NotificationsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly live: LiveHub,
  ) {}

  /** Writes notifications in the caller's transaction; they are pushed when it commits. */
  async notify(trx: Executor, userIds: readonly number[], n: NewNotification) {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    const rows = await trx
      .insertInto('notifications.notifications')
      .values(
        unique.map((userId) => ({
          user_id: userId,
          kind: n.kind,
          title: n.title,
          body: n.body ?? '',
          link: n.link ?? '',
          entity_type: n.entityType ?? null,
          entity_id: n.entityId === undefined ? null : String(n.entityId),
        })),
      )
      .returning(['id', 'user_id'])
      .execute();
    for (const row of rows) {
      await this.live.publish(trx, {
        topic: 'notification',
        id: row.id,
        userIds: [row.user_id],
        kind: n.kind,
        title: n.title,
        link: n.link ?? '',
        entityType: n.entityType ?? null,
        entityId: n.entityId === undefined ? null : String(n.entityId),
      });
    }
  }

  async list(ctx: RequestContext, query: { cursor?: string | undefined; limit: number; unread?: boolean | undefined }) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(query.cursor);
    let q = this.db
      .selectFrom('notifications.notifications')
      .selectAll()
      .where('user_id', '=', actor.userId)
      .orderBy('id', 'desc')
      .limit(query.limit + 1);
    if (query.unread) q = q.where('read_at', 'is', null);
    if (after) q = q.where('id', '<', after.id);
    const rows = await q.execute();
    const unread = await this.db
      .selectFrom('notifications.notifications')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', actor.userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return {
      ...toPage(
        rows,
        query.limit,
        (r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          body: r.body,
          link: r.link,
          entityType: r.entity_type,
          entityId: r.entity_id,
          read: r.read_at !== null,
          createdAt: r.created_at.toISOString(),
        }),
        (r) => ({ sort: null, id: r.id }),
      ),
      unread: Number(unread.n),
    };
  }

  /** Marks some (or, with no ids, all) of the caller's notifications read. */
  async markRead(ctx: RequestContext, ids: number[] | undefined) {
    const actor = requireActor(ctx.actor);
    let q = this.db.updateTable('notifications.notifications').set({ read_at: new Date() }).where('user_id', '=', actor.userId).where('read_at', 'is', null);
    if (ids && ids.length) q = q.where('id', 'in', ids);
    const result = await q.executeTakeFirst();
    return { updated: Number(result.numUpdatedRows) };
  }
}
