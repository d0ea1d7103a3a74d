import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create schema if not exists points`.execute(db);

  // Double-entry ledger. Every posting moves points from one account to another, so
  // the balances of all accounts always sum to zero. A person's balance (credits minus
  // debits) is kept with the account and may never go below zero; the system's busy
  // accounts (issuing, hold, expiry, merchant) are summed from their postings instead,
  // so that postings need not queue for their rows (see modules/points/ledger.ts).
  await sql`
    create table points.accounts (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('issuing', 'person', 'merchant', 'hold', 'expiry')),
      community_id integer,
      user_id integer,
      merchant_id integer,
      name text not null,
      balance bigint not null default 0,
      created_at timestamptz not null default now(),
      check (kind = 'issuing' or balance >= 0)
    )`.execute(db);
  await sql`create unique index accounts_issuing on points.accounts (community_id) where kind = 'issuing'`.execute(db);
  await sql`create unique index accounts_person on points.accounts (user_id) where kind = 'person'`.execute(db);
  await sql`create unique index accounts_merchant on points.accounts (merchant_id) where kind = 'merchant'`.execute(db);
  await sql`create unique index accounts_system on points.accounts (kind) where kind in ('hold', 'expiry')`.execute(db);

  await sql`
    create table points.postings (
      id bigint generated always as identity primary key,
      idempotency_key text not null unique,
      debit_account_id bigint not null references points.accounts(id),
      credit_account_id bigint not null references points.accounts(id),
      amount bigint not null check (amount > 0),
      kind text not null check (kind in ('earn', 'hold', 'redeem', 'release', 'expire', 'correction', 'transfer')),
      community_id integer,
      reference_type text,
      reference_id text,
      memo text not null default '',
      created_by integer,
      -- When the points count from: the event's time for earnings (caps, expiry and
      -- leaderboards go by it), the service clock's time otherwise.
      value_at timestamptz not null,
      created_at timestamptz not null default now(),
      check (debit_account_id <> credit_account_id)
    )`.execute(db);
  await sql`create index postings_debit on points.postings (debit_account_id, id)`.execute(db);
  await sql`create index postings_credit on points.postings (credit_account_id, id)`.execute(db);
  await sql`create index postings_reference on points.postings (reference_type, reference_id)`.execute(db);
  await sql`create index postings_earned on points.postings (credit_account_id, value_at) where kind in ('earn', 'correction')`.execute(
    db,
  );
  await sql`create index postings_community on points.postings (community_id, value_at)`.execute(db);

  // Earning rules per community; a change is a new row from its start date on.
  await sql`
    create table points.rules (
      id integer generated always as identity primary key,
      community_id integer not null,
      event_type text not null,
      points_per_unit integer not null check (points_per_unit >= 0),
      unit text not null default 'each' check (unit in ('each', 'hour')),
      daily_cap integer,
      monthly_cap integer,
      effective_from date not null,
      created_by integer,
      created_at timestamptz not null default now(),
      unique (community_id, event_type, effective_from)
    )`.execute(db);

  // Points expire by a scheduled job: those earned in a year are gone at the end of the next.
  await sql`
    create table points.expiry_runs (
      cutoff date primary key,
      ran_at timestamptz not null default now(),
      expired bigint not null default 0
    )`.execute(db);

  // Honours (平安家庭, 最美志愿者) awarded from a leaderboard of a period.
  await sql`
    create table points.honours (
      id integer generated always as identity primary key,
      community_id integer not null,
      title text not null,
      period text not null,
      user_id integer not null,
      points bigint not null,
      awarded_by integer not null,
      awarded_at timestamptz not null default now(),
      unique (community_id, title, period, user_id)
    )`.execute(db);

  // Merchants (爱心商户), their goods and services priced in points, and vouchers.
  await sql`
    create table points.merchants (
      id integer generated always as identity primary key,
      community_id integer not null,
      user_id integer,
      name text not null,
      address text not null default '',
      phone text not null default '',
      credit_score integer not null default 80 check (credit_score between 0 and 100),
      active boolean not null default true,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index merchants_community on points.merchants (community_id)`.execute(db);
  await sql`create unique index merchants_user on points.merchants (user_id) where user_id is not null`.execute(db);

  await sql`
    create table points.items (
      id integer generated always as identity primary key,
      merchant_id integer not null references points.merchants(id),
      name text not null,
      description text not null default '',
      price_points integer not null check (price_points > 0),
      cash_value_fen integer not null check (cash_value_fen >= 0),
      stock integer check (stock >= 0),
      active boolean not null default true,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index items_merchant on points.items (merchant_id)`.execute(db);

  await sql`
    create table points.vouchers (
      id bigint generated always as identity primary key,
      code text not null unique,
      qr_token text not null unique,
      user_id integer not null,
      item_id integer not null references points.items(id),
      merchant_id integer not null,
      points integer not null,
      cash_value_fen integer not null,
      status text not null default 'held' check (status in ('held', 'redeemed', 'released', 'expired')),
      hold_posting_id bigint not null references points.postings(id),
      settle_posting_id bigint references points.postings(id),
      expires_at timestamptz not null,
      created_at timestamptz not null default now(),
      redeemed_at timestamptz,
      redeemed_by integer
    )`.execute(db);
  await sql`create index vouchers_user on points.vouchers (user_id, id desc)`.execute(db);
  await sql`create index vouchers_merchant on points.vouchers (merchant_id, redeemed_at) where status = 'redeemed'`.execute(
    db,
  );
  await sql`create index vouchers_expiring on points.vouchers (expires_at) where status = 'held'`.execute(db);
}
