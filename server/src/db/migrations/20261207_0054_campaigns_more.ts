import { sql, type Kysely } from 'kysely';

/** Inspection campaigns: a re-check (复查) keeps the photos taken on the spot, as a finding does. */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table campaigns.rechecks add column photo_tokens text[] not null default '{}'`.execute(db);
  await sql`create index campaigns_notices_campaign_status on campaigns.notices (campaign_id, status, id)`.execute(db);
}
