import { type RawBuilder, sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { Role } from '../../platform/access.ts';

export function findUserByLogin(db: Executor, login: string) {
  return db
    .selectFrom('auth.users')
    .selectAll()
    .where((eb) => eb.or([eb(sql`lower(username)`, '=', login.toLowerCase()), eb('phone', '=', login)]))
    .executeTakeFirst();
}

export function findUserById(db: Executor, id: number) {
  return db.selectFrom('auth.users').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Counts a sign-in attempt under a key (an account and a source) before the password is
 * checked, in one statement, so that parallel attempts cannot all slip past the limit.
 * Returns null while the key is locked (no attempt allowed); otherwise the count and, if
 * this attempt reached the limit, the new lock.
 */
export async function reserveAttempt(
  db: Executor,
  key: string,
  userId: number | null,
  maxFailures: number,
  now: Date,
  lockUntil: Date,
) {
  const restart = sql`auth.login_failures.locked_until is not null and auth.login_failures.locked_until <= ${now}::timestamptz`;
  const count = sql<number>`case when ${restart} then 1 else auth.login_failures.failed_logins + 1 end`;
  const row = await db
    .insertInto('auth.login_failures')
    .values({
      key,
      user_id: userId,
      failed_logins: 1,
      locked_until: maxFailures <= 1 ? lockUntil : null,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          failed_logins: count,
          locked_until: sql`case when ${count} >= ${maxFailures} then ${lockUntil}::timestamptz else null end`,
          updated_at: now,
        })
        .where((eb) =>
          eb.or([
            eb('auth.login_failures.locked_until', 'is', null),
            eb('auth.login_failures.locked_until', '<=', now),
          ]),
        ),
    )
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst();
  return row ?? null;
}

/**
 * Counts one try of an hourly-limited act by an account (binding to a person, redeeming an
 * invitation) under `key`; null while the account is locked out of it for the hour.
 */
export function reserveHourlyAttempt(db: Executor, key: string, userId: number, maxPerHour: number, now: Date) {
  return reserveAttempt(db, key, userId, maxPerHour, now, new Date(now.getTime() + 3_600_000));
}

/** A failure under a key that only counts (the account from every source). */
export async function countFailure(db: Executor, key: string, userId: number | null, now: Date) {
  await db
    .insertInto('auth.login_failures')
    .values({ key, user_id: userId, failed_logins: 1, last_failed_at: now, updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failed_logins: sql`auth.login_failures.failed_logins + 1`,
        last_failed_at: now,
        updated_at: now,
      }),
    )
    .execute();
}

export function failuresOf(db: Executor, key: string) {
  return db.selectFrom('auth.login_failures').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function clearFailures(db: Executor, keys: string[]) {
  await db.deleteFrom('auth.login_failures').where('key', 'in', keys).execute();
}

/** Every failure counted against an account, from every source: an administrator's unlock. */
export async function clearFailuresOfUser(db: Executor, userId: number) {
  await db.deleteFrom('auth.login_failures').where('user_id', '=', userId).execute();
}

export async function purgeLoginFailures(db: Executor, before: Date) {
  await db.deleteFrom('auth.login_failures').where('updated_at', '<', before).execute();
}

export async function recordLoginSuccess(db: Executor, userId: number, at: Date) {
  await db.updateTable('auth.users').set({ last_login_at: at }).where('id', '=', userId).execute();
}

export async function insertSession(
  db: Executor,
  session: {
    tokenHash: string;
    userId: number;
    csrfToken: string;
    createdAt: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
) {
  await db
    .insertInto('auth.sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
      ip: session.ip,
      user_agent: session.userAgent,
    })
    .execute();
}

/** A live session with its user and the user's grants, in one round trip. */
/** SQL of the org module's, for expanding grants in the session lookup itself. */
export interface GrantPlaceSql {
  divisionsBelow(divisionId: RawBuilder<number | null>): RawBuilder<number[]>;
  communityOfGrid(gridId: RawBuilder<number | null>): RawBuilder<number | null>;
}

/**
 * A live session with its user and grants, in one query: each grant with the divisions it
 * reaches (`below`) and, for a grid, the grid's community — the org's expressions, passed in.
 */
export function findLiveSession(db: Executor, tokenHash: string, now: Date, places: GrantPlaceSql) {
  return db
    .selectFrom('auth.sessions as s')
    .innerJoin('auth.users as u', 'u.id', 's.user_id')
    .select([
      's.token_hash',
      's.csrf_token',
      's.expires_at',
      'u.id as user_id',
      'u.username',
      'u.display_name',
      'u.locale',
      'u.person_id',
      'u.status',
      'u.must_change_password',
      'u.password_set',
    ])
    .select(
      sql<
        Array<{
          role: Role;
          divisionId: number | null;
          gridId: number | null;
          department: string | null;
          below: number[];
          gridCommunityId: number | null;
        }>
      >`coalesce((
        select json_agg(json_build_object('role', g.role, 'divisionId', g.division_id, 'gridId', g.grid_id, 'department', g.department,
          'below', ${places.divisionsBelow(sql`g.division_id`)}, 'gridCommunityId', ${places.communityOfGrid(sql`g.grid_id`)}) order by g.id)
        from auth.role_grants g where g.user_id = u.id), '[]'::json)`.as('grants'),
    )
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Executor, tokenHash: string) {
  await db.deleteFrom('auth.sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteOtherSessions(db: Executor, userId: number, keepTokenHash: string | null) {
  let q = db.deleteFrom('auth.sessions').where('user_id', '=', userId);
  if (keepTokenHash) q = q.where('token_hash', '<>', keepTokenHash);
  await q.execute();
}

export async function deleteExpiredSessions(db: Executor, now: Date) {
  const result = await db.deleteFrom('auth.sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function updatePassword(db: Executor, userId: number, passwordHash: string, at: Date) {
  await db
    .updateTable('auth.users')
    .set({
      password_hash: passwordHash,
      password_changed_at: at,
      updated_at: at,
      must_change_password: false,
      password_set: true,
    })
    .where('id', '=', userId)
    .execute();
}

export async function insertUser(
  db: Executor,
  user: {
    username: string;
    phone: string | null;
    displayName: string;
    passwordHash: string;
    personId: number | null;
    locale?: 'zh-CN' | 'en';
    /** False for an account made by phone sign-in, whose hash is of random bytes nobody knows. */
    passwordSet?: boolean;
  },
  now: Date,
) {
  const row = await db
    .insertInto('auth.users')
    .values({
      username: user.username,
      phone: user.phone,
      display_name: user.displayName,
      password_hash: user.passwordHash,
      person_id: user.personId,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
      ...(user.locale ? { locale: user.locale } : {}),
      ...(user.passwordSet === false ? { password_set: false } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertGrants(
  db: Executor,
  userId: number,
  grants: Array<{ role: Role; divisionId: number | null; gridId: number | null; department?: string | null }>,
  now: Date,
) {
  if (grants.length === 0) return;
  await db
    .insertInto('auth.role_grants')
    .values(
      grants.map((g) => ({
        user_id: userId,
        role: g.role,
        division_id: g.divisionId,
        grid_id: g.gridId,
        department: g.department ?? null,
        created_at: now,
      })),
    )
    .execute();
}

/** A user with the grants, by id; for acting on someone's behalf (dispatch, notifications). */
export function userWithGrants(db: Executor, userId: number) {
  return db
    .selectFrom('auth.users as u')
    .select(['u.id', 'u.username', 'u.display_name', 'u.locale', 'u.person_id', 'u.status'])
    .select(
      sql<Array<{ role: Role; divisionId: number | null; gridId: number | null; department: string | null }>>`coalesce((
        select json_agg(json_build_object('role', g.role, 'divisionId', g.division_id, 'gridId', g.grid_id, 'department', g.department) order by g.id)
        from auth.role_grants g where g.user_id = u.id), '[]'::json)`.as('grants'),
    )
    .where('u.id', '=', userId)
    .executeTakeFirst();
}

/** Active users holding one of the roles over one of the grids or divisions named (the exact unit, not below it). */
export function usersWithRoleOn(
  db: Executor,
  roles: readonly Role[],
  on: { gridIds?: readonly number[]; divisionIds?: readonly number[]; department?: string | undefined },
) {
  return db
    .selectFrom('auth.role_grants as g')
    .innerJoin('auth.users as u', 'u.id', 'g.user_id')
    .select(['u.id', 'u.display_name', 'g.role', 'g.grid_id', 'g.division_id'])
    .where('u.status', '=', 'active')
    .where('g.role', 'in', [...roles])
    .where((eb) => {
      const parts = [];
      if (on.gridIds?.length) parts.push(eb('g.grid_id', 'in', [...on.gridIds]));
      if (on.divisionIds?.length) parts.push(eb('g.division_id', 'in', [...on.divisionIds]));
      return parts.length ? eb.or(parts) : sql<boolean>`false`;
    })
    .$if(Boolean(on.department), (q) => q.where('g.department', '=', on.department!))
    .orderBy('u.id')
    .execute();
}

export function usersHoldingRoles(db: Executor, userIds: readonly number[], roles: readonly Role[]) {
  return db
    .selectFrom('auth.role_grants')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', [...userIds])
    .where('role', 'in', [...roles])
    .execute();
}

export async function countUsers(db: Executor) {
  const row = await db
    .selectFrom('auth.users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function userContact(db: Executor, userId: number) {
  return db
    .selectFrom('auth.users')
    .select(['id', 'display_name', 'phone'])
    .where('id', '=', userId)
    .executeTakeFirst();
}

export function activeUsersOfPersons(db: Executor, personIds: readonly number[]) {
  return db
    .selectFrom('auth.users')
    .select(['id', 'person_id'])
    .where('person_id', 'in', personIds)
    .where('status', '=', 'active')
    .execute();
}

export async function firstUserId(db: Executor) {
  return (await db.selectFrom('auth.users').select('id').limit(1).executeTakeFirst())?.id;
}

// ---------- user administration ----------

export interface UserFilter {
  q?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'disabled' | undefined;
  /** Users with a grant over one of these divisions or grids (the caller's reach, maybe narrowed). */
  divisionIds: readonly number[];
  gridIds: readonly number[];
}

function userWhere(filter: UserFilter) {
  const reach = [];
  if (filter.divisionIds.length) reach.push(sql`g.division_id = any(${sql.val([...filter.divisionIds])}::int[])`);
  if (filter.gridIds.length) reach.push(sql`g.grid_id = any(${sql.val([...filter.gridIds])}::int[])`);
  const grantMatch = [reach.length ? sql`(${sql.join(reach, sql` or `)})` : sql`false`];
  if (filter.role) grantMatch.push(sql`g.role = ${filter.role}`);
  const parts = [
    sql`exists (select 1 from auth.role_grants g where g.user_id = u.id and ${sql.join(grantMatch, sql` and `)})`,
  ];
  if (filter.status) parts.push(sql`u.status = ${filter.status}`);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(sql`(u.display_name ilike ${like} or u.username ilike ${like} or u.phone = ${filter.q})`);
  }
  return sql<boolean>`${sql.join(parts, sql` and `)}`;
}

const grantsJson = sql<
  Array<{ id: number; role: Role; divisionId: number | null; gridId: number | null; department: string | null }>
>`coalesce((
  select json_agg(json_build_object('id', g.id, 'role', g.role, 'divisionId', g.division_id, 'gridId', g.grid_id, 'department', g.department) order by g.id)
  from auth.role_grants g where g.user_id = u.id), '[]'::json)`;

function userQuery(db: Executor) {
  return db
    .selectFrom('auth.users as u')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.phone',
      'u.status',
      'u.must_change_password',
      'u.last_login_at',
      'u.created_at',
      'u.person_id',
    ])
    .select(grantsJson.as('grants'));
}
export type AdminUserRow = Awaited<ReturnType<ReturnType<typeof userQuery>['executeTakeFirstOrThrow']>>;

export function listUsers(db: Executor, filter: UserFilter, beforeId: number | null, limit: number) {
  let q = userQuery(db)
    .where(userWhere(filter))
    .orderBy('u.id', 'desc')
    .limit(limit + 1);
  if (beforeId !== null) q = q.where('u.id', '<', beforeId);
  return q.execute();
}

export async function countUsersWhere(db: Executor, filter: UserFilter) {
  const row = await db
    .selectFrom('auth.users as u')
    .where(userWhere(filter))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function adminUserById(db: Executor, id: number) {
  return userQuery(db).where('u.id', '=', id).executeTakeFirst();
}

/** Which of the users some source is locked out of right now. */
export async function lockedUserIds(db: Executor, userIds: readonly number[], now: Date) {
  if (userIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('auth.login_failures')
    .select('user_id')
    .distinct()
    .where('user_id', 'in', [...userIds])
    .where('locked_until', '>', now)
    .execute();
  return new Set(rows.map((r) => r.user_id!));
}

export async function usernameTaken(db: Executor, username: string) {
  const row = await db
    .selectFrom('auth.users')
    .select('id')
    .where(sql`lower(username)`, '=', username.toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

export async function phoneTakenBy(db: Executor, phone: string) {
  return (await db.selectFrom('auth.users').select('id').where('phone', '=', phone).executeTakeFirst())?.id;
}

export async function updateUserProfile(
  db: Executor,
  id: number,
  patch: { display_name?: string; phone?: string | null },
  at: Date,
) {
  await db
    .updateTable('auth.users')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function setUserStatus(db: Executor, id: number, status: 'active' | 'disabled', at: Date) {
  await db.updateTable('auth.users').set({ status, updated_at: at }).where('id', '=', id).execute();
}

/** A password someone else chose: it must be changed at the next sign-in. */
export async function setInitialPassword(db: Executor, id: number, passwordHash: string, at: Date) {
  await db
    .updateTable('auth.users')
    .set({ password_hash: passwordHash, password_changed_at: at, updated_at: at, must_change_password: true })
    .where('id', '=', id)
    .execute();
}

export async function deleteSessionsOf(db: Executor, userId: number) {
  await db.deleteFrom('auth.sessions').where('user_id', '=', userId).execute();
}

export function grantById(db: Executor, grantId: number) {
  return db.selectFrom('auth.role_grants').selectAll().where('id', '=', grantId).executeTakeFirst();
}

export async function deleteGrant(db: Executor, grantId: number) {
  await db.deleteFrom('auth.role_grants').where('id', '=', grantId).execute();
}

// ---------- first administrator ----------

/** A new setup token; the ones issued before and not used stop working. */
/** Adds a setup token; unused ones made before `supersedes` stop working. */
export async function replaceSetupToken(db: Executor, tokenHash: string, at: Date, supersedes: Date) {
  await db.deleteFrom('auth.setup_tokens').where('used_at', 'is', null).where('created_at', '<', supersedes).execute();
  await db.insertInto('auth.setup_tokens').values({ token_hash: tokenHash, created_at: at, used_at: null }).execute();
}

/** Marks the token used, in one statement, so two requests cannot both spend it. */
export async function spendSetupToken(db: Executor, tokenHash: string, at: Date) {
  const row = await db
    .updateTable('auth.setup_tokens')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .returning('token_hash')
    .executeTakeFirst();
  return row !== undefined;
}
