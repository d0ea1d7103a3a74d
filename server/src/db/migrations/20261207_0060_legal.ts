import { sql, type Kysely } from 'kysely';

/**
 * 普法与反诈: a library of legal-education articles, mediation cases and fraud cases, found by
 * Chinese full-text search (jieba's words in search_text, indexed by PostgreSQL's 'simple'
 * configuration); and residents' reports of suspicious numbers and links (可疑电话/链接), each
 * handed to the police station's anti-fraud team as a matter. Anti-fraud lessons are courses
 * (category anti_fraud) with the fraud type they teach.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists legal`.execute(db);
  await sql`create table legal.articles (
    id serial primary key,
    division_id int not null,
    kind text not null check (kind in ('law', 'mediation_case', 'fraud_case')),
    fraud_type text,
    title text not null,
    summary text not null default '',
    body text not null,
    source text not null default '',
    status text not null check (status in ('draft', 'published')),
    search_text text not null default '',
    created_by int not null,
    created_at timestamptz not null,
    updated_at timestamptz not null,
    published_at timestamptz
  )`.execute(db);
  await sql`create index legal_articles_words on legal.articles using gin (to_tsvector('simple', search_text))`.execute(
    db,
  );
  await sql`create index legal_articles_published on legal.articles (status, published_at desc, id desc)`.execute(db);
  await sql`create table legal.reports (
    id serial primary key,
    community_id int not null,
    grid_id int,
    reporter_user_id int not null,
    reporter_name text not null,
    kind text not null check (kind in ('phone', 'link', 'sms', 'app', 'other')),
    target text not null,
    target_key text not null,
    description text not null,
    money_lost boolean not null,
    amount_fen bigint check (amount_fen is null or amount_fen > 0),
    matter_id int,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index legal_reports_target on legal.reports (community_id, target_key, created_at desc)`.execute(db);
  await sql`create index legal_reports_community on legal.reports (community_id, id desc)`.execute(db);
  await sql`create index legal_reports_reporter on legal.reports (reporter_user_id, id desc)`.execute(db);
}
