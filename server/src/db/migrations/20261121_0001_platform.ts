import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create schema if not exists platform`.execute(db);

  // Who changed what, when and from where; also every read of whole personal data.
  await sql`
    create table platform.audit_log (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor_id integer,
      actor_name text,
      action text not null,
      entity_type text,
      entity_id text,
      division_id integer,
      grid_id integer,
      ip text,
      user_agent text,
      request_id text,
      details jsonb not null default '{}'::jsonb
    )`.execute(db);
  await sql`create index audit_log_at on platform.audit_log (at desc, id desc)`.execute(db);
  await sql`create index audit_log_actor on platform.audit_log (actor_id, id desc)`.execute(db);
  await sql`create index audit_log_entity on platform.audit_log (entity_type, entity_id, id desc)`.execute(db);
  await sql`create index audit_log_division on platform.audit_log (division_id, id desc)`.execute(db);
  await sql`create index audit_log_action on platform.audit_log (action, id desc)`.execute(db);
}
