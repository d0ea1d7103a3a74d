import { sql, type Kysely } from 'kysely';

/**
 * Paper and proxy ballots (纸质票, 委托) for votes. Every ballot has a channel; a vote says,
 * when it is published, what a second ballot on another channel does: refused (first_stands)
 * or, for a paper or proxy ballot entered by staff, replacing an online one
 * (paper_replaces_online). Staff entries keep the photo of the signed sheet or the proxy
 * document, the proxy holder's name, who entered it and when, and the online ballot they
 * replaced. Still one ballot per elector: the ballots' primary key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table deliberation.votes add column second_ballot text not null default 'first_stands'
    check (second_ballot in ('first_stands', 'paper_replaces_online'))`.execute(db);
  await sql`alter table deliberation.ballots add column channel text not null default 'online'
    check (channel in ('online', 'paper', 'proxy'))`.execute(db);
  await sql`
    create table deliberation.ballot_entries (
      id integer generated always as identity primary key,
      vote_id integer not null,
      voter_key text not null,
      channel text not null check (channel in ('paper', 'proxy')),
      photos text[] not null,
      proxy_name text,
      replaced_cast_by integer,
      replaced_cast_at timestamptz,
      entered_by integer not null,
      entered_at timestamptz not null,
      unique (vote_id, voter_key),
      foreign key (vote_id, voter_key) references deliberation.electors(vote_id, voter_key),
      check ((channel = 'proxy') = (proxy_name is not null))
    )`.execute(db);
  await sql`create index ballot_entries_vote on deliberation.ballot_entries (vote_id, id desc)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table deliberation.ballot_entries`.execute(db);
  await sql`alter table deliberation.ballots drop column channel`.execute(db);
  await sql`alter table deliberation.votes drop column second_ballot`.execute(db);
}
