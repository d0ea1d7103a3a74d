import { sql, type Kysely } from 'kysely';

/**
 * Participatory budgets (微实事, 微创投): a community's round with its budget and times; residents'
 * proposals with costs, reviewed for feasibility by staff; one knapsack ballot per resident (the
 * projects it names cost no more than the budget); the count's result per proposal; and the
 * spending of funded projects.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists budgets`.execute(db);
  await sql`create table budgets.rounds (
    id serial primary key,
    community_id int not null,
    kind text not null check (kind in ('micro_matters', 'micro_venture')),
    title text not null,
    description text not null default '',
    budget_fen bigint not null check (budget_fen > 0),
    proposals_close_at timestamptz not null,
    voting_opens_at timestamptz not null check (voting_opens_at >= proposals_close_at),
    voting_closes_at timestamptz not null check (voting_closes_at > voting_opens_at),
    created_by int not null,
    created_at timestamptz not null,
    counted_at timestamptz
  )`.execute(db);
  await sql`create index budgets_rounds_community on budgets.rounds (community_id, id desc)`.execute(db);
  await sql`create table budgets.proposals (
    id serial primary key,
    round_id int not null references budgets.rounds(id),
    title text not null,
    description text not null default '',
    cost_fen bigint not null check (cost_fen > 0),
    proposer_user_id int not null,
    proposer_name text not null,
    review text not null default 'pending' check (review in ('pending', 'feasible', 'infeasible')),
    review_note text not null default '',
    reviewed_by int,
    reviewed_at timestamptz,
    votes int,
    funded boolean,
    decision_id int,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index budgets_proposals_round on budgets.proposals (round_id, id)`.execute(db);
  await sql`create table budgets.ballots (
    round_id int not null references budgets.rounds(id),
    voter_user_id int not null,
    proposal_ids int[] not null,
    total_fen bigint not null,
    cast_at timestamptz not null,
    primary key (round_id, voter_user_id)
  )`.execute(db);
  await sql`create table budgets.spending (
    id serial primary key,
    proposal_id int not null references budgets.proposals(id),
    amount_fen bigint not null check (amount_fen > 0),
    spent_on date not null,
    note text not null,
    recorded_by int not null,
    created_at timestamptz not null
  )`.execute(db);
  await sql`create index budgets_spending_proposal on budgets.spending (proposal_id, id)`.execute(db);
}
