import { sql, type Kysely } from 'kysely';

/**
 * The odd-job market's help for the hard to place (就业困难人员, 人社部发〔2022〕38号): what a
 * seeker declares (birth year, a disability) and what staff mark (older, disabled, low income),
 * the help staff give (a call, a referral to a posting, training suggested, a note) with the next
 * follow-up date; when an application was hired and a posting filled, for the monthly figures;
 * and each employer's seeker ratings summed, which the match score reads.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table oddjobs.seekers
    add column birth_year smallint check (birth_year between 1900 and 2100),
    add column declared_disabled boolean not null default false,
    add column flag_older boolean not null default false,
    add column flag_disabled boolean not null default false,
    add column flag_low_income boolean not null default false,
    add column follow_up_on date`.execute(db);
  await sql`create index oddjobs_seekers_community on oddjobs.seekers (community_id, id)`.execute(db);
  await sql`create table oddjobs.help_actions (
    id serial primary key,
    seeker_id int not null references oddjobs.seekers(id),
    community_id int not null,
    kind text not null check (kind in ('call', 'referral', 'training', 'note')),
    posting_id int references oddjobs.postings(id),
    note text not null default '',
    follow_up_on date,
    staff_user_id int not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index oddjobs_help_actions_seeker on oddjobs.help_actions (seeker_id, id desc)`.execute(db);
  await sql`alter table oddjobs.applications add column hired_at timestamptz`.execute(db);
  // Before this migration a hire's moment was not kept: the check-in, else the last change, stands in.
  await sql`update oddjobs.applications set hired_at = coalesce(check_in_at, updated_at)
    where status in ('hired', 'checked_in', 'checked_out', 'paid')`.execute(db);
  await sql`create index oddjobs_applications_hired on oddjobs.applications (hired_at) where hired_at is not null`.execute(
    db,
  );
  await sql`alter table oddjobs.postings add column filled_at timestamptz`.execute(db);
  await sql`update oddjobs.postings p set filled_at = (
      select max(a.hired_at) from oddjobs.applications a where a.posting_id = p.id)
    where p.hired_count >= p.headcount`.execute(db);
  await sql`create index oddjobs_postings_created on oddjobs.postings (created_at)`.execute(db);
  await sql`alter table oddjobs.employers
    add column rating_count int not null default 0,
    add column rating_sum int not null default 0`.execute(db);
  await sql`update oddjobs.employers e set rating_count = r.n, rating_sum = r.total
    from (select p.employer_id, count(*)::int as n, sum(a.seeker_rating)::int as total
      from oddjobs.applications a join oddjobs.postings p on p.id = a.posting_id
      where a.seeker_rating is not null group by p.employer_id) r
    where r.employer_id = e.id`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table oddjobs.employers drop column rating_count, drop column rating_sum`.execute(db);
  await sql`alter table oddjobs.postings drop column filled_at`.execute(db);
  await sql`alter table oddjobs.applications drop column hired_at`.execute(db);
  await sql`drop table oddjobs.help_actions`.execute(db);
  await sql`drop index oddjobs.oddjobs_seekers_community`.execute(db);
  await sql`alter table oddjobs.seekers
    drop column birth_year, drop column declared_disabled, drop column flag_older,
    drop column flag_disabled, drop column flag_low_income, drop column follow_up_on`.execute(db);
}
