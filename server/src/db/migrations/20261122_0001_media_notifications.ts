import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Photos and other uploads live in the database, so a server keeps nothing on disk
  // and several can share the work. Only checked, re-encoded images are stored.
  await sql`create schema if not exists media`.execute(db);
  await sql`
    create table media.files (
      id bigint generated always as identity primary key,
      token text not null unique,
      owner_user_id integer not null,
      content_type text not null,
      bytes integer not null,
      width integer,
      height integer,
      sha256 text not null,
      data bytea not null,
      thumbnail bytea,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index files_owner on media.files (owner_user_id, id desc)`.execute(db);

  // In-app notifications (站内通知).
  await sql`create schema if not exists notifications`.execute(db);
  await sql`
    create table notifications.notifications (
      id bigint generated always as identity primary key,
      user_id integer not null,
      kind text not null,
      title text not null,
      body text not null default '',
      link text not null default '',
      entity_type text,
      entity_id text,
      read_at timestamptz,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index notifications_user on notifications.notifications (user_id, id desc)`.execute(db);
  await sql`create index notifications_unread on notifications.notifications (user_id) where read_at is null`.execute(
    db,
  );
}
