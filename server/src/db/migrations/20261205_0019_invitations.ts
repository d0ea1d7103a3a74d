import { sql, type Kysely } from 'kysely';

/**
 * Invitation codes issued by staff (issue 13): a registered resident's (代办注册), a mobile
 * grid's for couriers (骑手入网码), a merchant's for its owner (商户绑定码). Only the code's
 * SHA-256 is kept; the community (and grid) is where the invitation lies for scope.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table auth.invitations (
      id integer generated always as identity primary key,
      kind text not null check (kind in ('person', 'mobile_grid', 'merchant')),
      target_id integer not null,
      division_id integer not null,
      grid_id integer,
      code_hash text not null unique,
      expires_at timestamptz not null,
      max_uses integer not null check (max_uses > 0),
      uses integer not null default 0 check (uses >= 0 and uses <= max_uses),
      revoked_at timestamptz,
      revoked_by integer,
      created_by integer not null,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index invitations_division on auth.invitations (division_id, id)`.execute(db);
  await sql`create index invitations_target on auth.invitations (kind, target_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table auth.invitations`.execute(db);
}
