import type { Services } from '../app.ts';
import type { RequestContext } from '../platform/context.ts';

/** A demo user as the actor of seed work, so that seeding goes through the services and their rules. */
export async function seedContext(services: Services, username: string): Promise<RequestContext> {
  const user = await services.database.db
    .selectFrom('auth.users')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  const actor = await services.auth.actorOf(user.id);
  return { actor, locale: 'zh-CN', ip: null, userAgent: 'seed', requestId: null };
}
