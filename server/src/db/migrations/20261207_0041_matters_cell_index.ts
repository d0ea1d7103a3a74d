import { sql, type Kysely } from 'kysely';

/**
 * The matter list filtered by a cockpit map cell at resolution 7 (about 5 km², the map's
 * district zoom): without an index its total read every matter of the area — 1,071 ms for a
 * cell of 148,000 matters among a million, 33 ms along this index, whose community column
 * lets the area's condition be checked in the index alone. Resolution 9 has its index
 * (matters_nearby); a resolution-5 cell covers a district or more, which the area's own
 * index already narrows.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index matters_cell_r7 on matters.matters (h3_r7, division_id) where h3_r7 is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index matters.matters_cell_r7`.execute(db);
}
