import { sql, type Kysely } from 'kysely';

/**
 * The cockpit's red/amber/green of each community's indicators, one row a day, taken each
 * night: a run of red days (COCKPIT_RED_DAYS) opens a supervision order on the community.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists cockpit`.execute(db);
  await sql`create table cockpit.rag_days (
    unit_id int not null,
    indicator text not null,
    day date not null,
    rag text not null check (rag in ('red', 'amber', 'green')),
    value double precision,
    supervision_order_id int,
    primary key (unit_id, indicator, day)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop schema cockpit cascade`.execute(db);
}
