import type { Insertable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { MediaFileTable } from './tables.ts';

export async function insertFile(db: Executor, row: Insertable<MediaFileTable>) {
  return db
    .insertInto('media.files')
    .values(row)
    .returning(['id', 'token', 'content_type', 'bytes', 'width', 'height'])
    .executeTakeFirstOrThrow();
}

export function fileByToken(db: Executor, token: string) {
  return db.selectFrom('media.files').selectAll().where('token', '=', token).executeTakeFirst();
}

export function filesByTokens(db: Executor, tokens: readonly string[]) {
  if (tokens.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('media.files')
    .select(['token', 'owner_user_id', 'content_type'])
    .where('token', 'in', [...tokens])
    .execute();
}
