import { sql, type Kysely } from 'kysely';

/**
 * The call chain of a critical alarm: who is called in turn (the building's grid worker, its
 * 包楼党员, the fire station's staff), how far it has got, and when the next one is due.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table devices.alarm_call_chains (
      alarm_id integer primary key references devices.alarms(id) on delete cascade,
      contacts jsonb not null,
      next_step integer not null default 0,
      next_at timestamptz,
      calls jsonb not null default '[]',
      done_at timestamptz,
      done_reason text check (done_reason in ('acknowledged', 'cleared', 'exhausted', 'nobody')),
      created_at timestamptz not null
    )`.execute(db);
  await sql`create index alarm_call_chains_due on devices.alarm_call_chains (next_at) where done_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table devices.alarm_call_chains`.execute(db);
}
