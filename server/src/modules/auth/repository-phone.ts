import type { Insertable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { PhoneCodeTable } from './tables.ts';

/** Codes sent to a phone, or asked for from an address, since an instant; newest first. */
export function codesSince(db: Executor, by: { phoneKey: string } | { ip: string }, since: Date) {
  let q = db
    .selectFrom('auth.phone_codes')
    .select(['id', 'created_at'])
    .where('created_at', '>=', since)
    .orderBy('created_at', 'desc');
  q = 'phoneKey' in by ? q.where('phone_key', '=', by.phoneKey) : q.where('ip', '=', by.ip);
  return q.execute();
}

export async function insertCode(db: Executor, row: Insertable<PhoneCodeTable>) {
  await db.insertInto('auth.phone_codes').values(row).execute();
}

/** The newest code for the phone and purpose that is neither used nor expired. */
export function liveCode(db: Executor, phoneKey: string, purpose: 'login' | 'change_phone', now: Date) {
  return db
    .selectFrom('auth.phone_codes')
    .select(['id', 'code_hash', 'attempts'])
    .where('phone_key', '=', phoneKey)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function countCodeAttempt(db: Executor, id: number) {
  await db
    .updateTable('auth.phone_codes')
    .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .execute();
}

/** Spends a code, in one statement, so two requests cannot both use it. */
export async function spendCode(db: Executor, id: number, now: Date) {
  const row = await db
    .updateTable('auth.phone_codes')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Binds an account to a person; the resident's role moves to the person's community, and the
 * placeholder name given at sign-up (居民5678) becomes the registered name.
 */
export async function bindPerson(
  db: Executor,
  userId: number,
  person: { id: number; name: string; communityId: number },
  now: Date,
) {
  await db
    .updateTable('auth.users')
    .set((eb) => ({
      person_id: person.id,
      display_name: eb
        .case()
        .when('display_name', '~', '^居民[0-9]{4}$')
        .then(person.name)
        .else(eb.ref('display_name'))
        .end(),
      updated_at: now,
    }))
    .where('id', '=', userId)
    .execute();
  const communityId = person.communityId;
  await db.deleteFrom('auth.role_grants').where('user_id', '=', userId).where('role', '=', 'resident').execute();
  await db
    .insertInto('auth.role_grants')
    .values({ user_id: userId, role: 'resident', division_id: communityId, grid_id: null, created_at: now })
    .execute();
}
