import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  // Queues list open matters soonest deadline first: these indexes give them in that
  // order, so a page reads its 20 rows however long the queue (measured: docs/PERFORMANCE.md).
  const open = `status not in ('closed', 'rejected', 'duplicate')`;
  const due = `(coalesce(resolve_due_at, 'infinity'::timestamptz))`;
  await sql.raw(`drop index matters.matters_grid_open`).execute(db);
  await sql.raw(`drop index matters.matters_assignee_open`).execute(db);
  await sql.raw(`drop index matters.matters_division_open`).execute(db);
  await sql.raw(`create index matters_grid_queue on matters.matters (grid_id, ${due}, id) where ${open}`).execute(db);
  await sql
    .raw(`create index matters_assignee_queue on matters.matters (assignee_user_id, ${due}, id) where ${open}`)
    .execute(db);
  await sql
    .raw(`create index matters_division_queue on matters.matters (division_id, ${due}, id) where ${open}`)
    .execute(db);

  // Nearest stations by a GiST index on the location (KNN ordering by <->), exact
  // distances worked out for the few candidates it yields.
  await sql`alter table matters.stations add column location point`.execute(db);
  await sql`update matters.stations set location = point(lng, lat)`.execute(db);
  await sql`alter table matters.stations alter column location set not null`.execute(db);
  await sql`create index stations_location on matters.stations using gist (location) where active`.execute(db);
  await sql`drop index matters.stations_cell`.execute(db);
  await sql`alter table matters.stations drop column h3_r8`.execute(db);
}
