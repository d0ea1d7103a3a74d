import { sql, type Kysely } from 'kysely';

/**
 * Messages beyond the app: SMS and voice calls, one row per message with its delivery status;
 * each person's choice of channels and quiet hours; and the one-time codes sent to phones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table notifications.deliveries (
      id integer generated always as identity primary key,
      user_id integer,
      -- The whole number only while the message may still be sent; the hash counts per phone after.
      phone text,
      phone_key text not null,
      phone_masked text not null,
      channel text not null check (channel in ('sms', 'voice')),
      kind text not null,
      -- What the template is filled with; cleared once the message is done with.
      params jsonb,
      critical boolean not null default false,
      status text not null check (status in ('queued', 'sent', 'refused', 'failed', 'skipped')),
      attempts integer not null default 0,
      next_attempt_at timestamptz,
      provider text not null,
      provider_message_id text,
      error_code text,
      error_detail text,
      entity_type text,
      entity_id text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      sent_at timestamptz
    )`.execute(db);
  await sql`create index deliveries_due on notifications.deliveries (next_attempt_at) where status = 'queued'`.execute(
    db,
  );
  await sql`create index deliveries_phone on notifications.deliveries (phone_key, created_at)`.execute(db);
  await sql`create index deliveries_user on notifications.deliveries (user_id, id desc) where user_id is not null`.execute(
    db,
  );
  await sql`
    create table notifications.preferences (
      user_id integer primary key,
      sms boolean not null default true,
      voice boolean not null default true,
      quiet_start text check (quiet_start ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      quiet_end text check (quiet_end ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      updated_at timestamptz not null
    )`.execute(db);
  await sql`
    create table auth.phone_codes (
      id integer generated always as identity primary key,
      phone_key text not null,
      purpose text not null check (purpose in ('login', 'change_phone')),
      code_hash text not null,
      ip text,
      attempts integer not null default 0,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index phone_codes_phone on auth.phone_codes (phone_key, created_at)`.execute(db);
  await sql`create index phone_codes_ip on auth.phone_codes (ip, created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table auth.phone_codes`.execute(db);
  await sql`drop table notifications.preferences`.execute(db);
  await sql`drop table notifications.deliveries`.execute(db);
}
