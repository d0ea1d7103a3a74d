import { sql, type Kysely } from 'kysely';

/** Who is on duty at a service station (暖心驿站, 小哥暖心站 …), so a help call there reaches a person. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table matters.station_duty (
      id integer generated always as identity primary key,
      station_id integer not null references matters.stations(id) on delete cascade,
      user_id integer not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      check (ends_at > starts_at)
    )`.execute(db);
  await sql`create index station_duty_station on matters.station_duty (station_id, starts_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table matters.station_duty`.execute(db);
}
