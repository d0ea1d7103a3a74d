import { sql, type Kysely } from 'kysely';

/**
 * The rest of a compound's file (一小区一档案): its history (dated events: built, handed over,
 * first owners' committee elected, renovated …) and its documents (管理规约, 议事规则, 物业合同,
 * 会议纪要 …) kept as photographed pages.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table compounds.history (
    id serial primary key,
    compound_id int not null references compounds.compounds(id),
    happened_on date not null,
    title text not null,
    note text not null default '',
    created_by int not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index compounds_history_compound on compounds.history (compound_id, happened_on)`.execute(db);
  await sql`create table compounds.documents (
    id serial primary key,
    compound_id int not null references compounds.compounds(id),
    kind text not null check (kind in ('owners_rules', 'meeting_rules', 'property_contract', 'minutes', 'notice', 'other')),
    title text not null,
    signed_on date,
    pages text[] not null,
    created_by int not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index compounds_documents_compound on compounds.documents (compound_id, id)`.execute(db);
}
