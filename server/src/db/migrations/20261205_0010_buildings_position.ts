import { sql, type Kysely } from 'kysely';

/**
 * Buildings by position, for the map's buildings in view and the nearest building to a point:
 * both ask for a latitude band and a longitude band, which a btree on (lat, lng) answers
 * without PostGIS (the embedded PGlite has none). Buildings without a position are left out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index buildings_position on org.buildings (lat, lng) where lat is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index org.buildings_position`.execute(db);
}
