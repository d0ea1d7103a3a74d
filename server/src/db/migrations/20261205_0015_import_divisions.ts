import { sql, type Kysely } from 'kysely';

/** Imports of streets and communities from the statistical division codes. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table org.import_jobs drop constraint import_jobs_kind_check`.execute(db);
  await sql`alter table org.import_jobs add constraint import_jobs_kind_check check (kind in ('persons', 'buildings', 'divisions'))`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table org.import_jobs drop constraint import_jobs_kind_check`.execute(db);
  await sql`alter table org.import_jobs add constraint import_jobs_kind_check check (kind in ('persons', 'buildings'))`.execute(
    db,
  );
}
