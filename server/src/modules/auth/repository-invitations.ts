import { sql, type Insertable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { inScope, type Scope } from '../../platform/access.ts';
import type { InvitationKind, InvitationTable } from './tables.ts';

export type InvitationStatus = 'open' | 'used' | 'expired' | 'revoked';

/** Where each kind of invitation may be seen: the scope of the permission that issues it. */
export type InvitationReach = Record<InvitationKind, Scope>;

export async function insertInvitation(db: Executor, row: Insertable<InvitationTable>) {
  return (await db.insertInto('auth.invitations').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Revokes the open invitations of a target (a person's earlier one, when a new one is issued). */
export async function revokeOpenOf(db: Executor, kind: InvitationKind, targetId: number, by: number, now: Date) {
  await db
    .updateTable('auth.invitations')
    .set({ revoked_at: now, revoked_by: by })
    .where('kind', '=', kind)
    .where('target_id', '=', targetId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb('uses', '<', eb.ref('max_uses')))
    .execute();
}

const columns = [
  'i.id',
  'i.kind',
  'i.target_id',
  'i.division_id',
  'i.grid_id',
  'i.expires_at',
  'i.max_uses',
  'i.uses',
  'i.revoked_at',
  'i.created_by',
  'i.created_at',
  'u.display_name as created_by_name',
] as const;

function invitationQuery(db: Executor) {
  return db.selectFrom('auth.invitations as i').leftJoin('auth.users as u', 'u.id', 'i.created_by').select(columns);
}

export type InvitationRow = NonNullable<Awaited<ReturnType<typeof invitationById>>>;

export function invitationById(db: Executor, id: number) {
  return invitationQuery(db).where('i.id', '=', id).executeTakeFirst();
}

export function invitationByCodeHash(db: Executor, codeHash: string) {
  return invitationQuery(db).where('i.code_hash', '=', codeHash).executeTakeFirst();
}

/** Invitations the reach covers, newest first, by kind and status as of now. */
export function listInvitations(
  db: Executor,
  reach: InvitationReach,
  filter: { kind?: InvitationKind | undefined; status?: InvitationStatus | undefined; targetId?: number | undefined },
  now: Date,
  afterId: number | null,
  limit: number,
) {
  let q = invitationQuery(db).where((eb) =>
    eb.or(
      (Object.keys(reach) as InvitationKind[]).map((kind) =>
        eb.and([eb('i.kind', '=', kind), inScope(eb, reach[kind], { division: 'i.division_id', grid: 'i.grid_id' })]),
      ),
    ),
  );
  if (filter.kind) q = q.where('i.kind', '=', filter.kind);
  if (filter.targetId !== undefined) q = q.where('i.target_id', '=', filter.targetId);
  if (filter.status === 'revoked') q = q.where('i.revoked_at', 'is not', null);
  else if (filter.status) {
    q = q.where('i.revoked_at', 'is', null);
    if (filter.status === 'used') q = q.where(sql<boolean>`i.uses >= i.max_uses`);
    else {
      q = q.where(sql<boolean>`i.uses < i.max_uses`);
      q = q.where('i.expires_at', filter.status === 'open' ? '>' : '<=', now);
    }
  }
  if (afterId !== null) q = q.where('i.id', '<', afterId);
  return q
    .orderBy('i.id', 'desc')
    .limit(limit + 1)
    .execute();
}

/**
 * Takes one use of an invitation, in one statement, if it is still good: not revoked, not
 * expired, not used up. Two requests cannot both take the last use.
 */
export async function takeUse(db: Executor, id: number, now: Date) {
  const row = await db
    .updateTable('auth.invitations')
    .set((eb) => ({ uses: eb('uses', '+', 1) }))
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where((eb) => eb('uses', '<', eb.ref('max_uses')))
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function revokeInvitation(db: Executor, id: number, by: number, now: Date) {
  const row = await db
    .updateTable('auth.invitations')
    .set({ revoked_at: now, revoked_by: by })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
