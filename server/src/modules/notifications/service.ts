import type { Kysely } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import { requireActor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { inEveryLanguage, type MessageParams, type TranslationKey } from '../../platform/i18n.ts';
import type { LiveHub } from '../../platform/live.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import { presentNotification } from './presenters.ts';
import * as repo from './repository.ts';

/** A message key with its parameters: stored so that each reader reads it in their own language. */
export interface Message {
  key: TranslationKey;
  params?: MessageParams;
}

export interface NewNotification {
  kind: string;
  title: Message;
  /** A message, or text the user wrote (a report's words, a case's summary), shown as it is. */
  body?: Message | string;
  link?: string;
  entityType?: string;
  entityId?: string | number;
}

/** In-app notifications (站内通知), stored as messages and pushed live to whoever is online. */
export class NotificationsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly live: LiveHub,
  ) {}

  /** Writes notifications in the caller's transaction; they are pushed when it commits. */
  async notify(trx: Executor, userIds: readonly number[], n: NewNotification) {
    const unique = [...new Set(userIds)];
    if (unique.length === 0) return;
    const body = typeof n.body === 'object' ? n.body : null;
    const entityId = n.entityId === undefined ? null : String(n.entityId);
    const now = this.clock.now();
    const rows = await repo.insertNotifications(
      trx,
      unique.map((userId) => ({
        user_id: userId,
        kind: n.kind,
        // The Chinese text too, for readers of the table itself (exports, support).
        title: inEveryLanguage(n.title.key, n.title.params)['zh-CN'],
        title_key: n.title.key,
        title_params: n.title.params ?? {},
        body: body ? inEveryLanguage(body.key, body.params)['zh-CN'] : ((n.body as string | undefined) ?? ''),
        body_key: body?.key ?? null,
        body_params: body ? (body.params ?? {}) : null,
        link: n.link ?? '',
        entity_type: n.entityType ?? null,
        entity_id: entityId,
        created_at: now,
      })),
    );
    for (const row of rows) {
      await this.live.publish(trx, {
        topic: 'notification',
        id: row.id,
        userIds: [row.user_id],
        kind: n.kind,
        titleKey: n.title.key,
        titleParams: n.title.params ?? {},
        link: n.link ?? '',
        entityType: n.entityType ?? null,
        entityId,
      });
    }
  }

  async list(ctx: RequestContext, query: { cursor?: string | undefined; limit: number; unread?: boolean | undefined }) {
    const actor = requireActor(ctx.actor);
    const after = decodeCursor(query.cursor);
    const rows = await repo.listForUser(this.db, actor.userId, {
      beforeId: after?.id ?? null,
      limit: query.limit + 1,
      unreadOnly: Boolean(query.unread),
    });
    const unread = await repo.countUnread(this.db, actor.userId);
    return {
      ...toPage(
        rows,
        query.limit,
        (r) => presentNotification(r, ctx.locale),
        (r) => ({ sort: null, id: r.id }),
      ),
      unread,
    };
  }

  /** An account anonymised: its in-app messages go with it (they may name people and places). */
  async forgetUser(userId: number, trx: Executor) {
    await repo.deleteForUser(trx, userId);
  }

  /** Marks some (or, with no ids, all) of the caller's notifications read. */
  async markRead(ctx: RequestContext, ids: number[] | undefined) {
    const actor = requireActor(ctx.actor);
    return { updated: await repo.markRead(this.db, actor.userId, ids, this.clock.now()) };
  }
}
