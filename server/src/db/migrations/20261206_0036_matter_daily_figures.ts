import { sql, type Kysely } from 'kysely';

/**
 * Kept daily figures of matters (日汇总): per local day, community and category, the counts
 * the statistics read, each on the day its measure counts (received on the day reported,
 * resolved on the day resolved …), and for the medians a histogram of minutes to acceptance
 * and to resolution. A trigger keeps them as matters change (the row's old contribution out,
 * its new one in), so a month reads thirty days of these rows instead of every matter.
 *
 * The local day depends on TIME_ZONE and the repeat flag on STATS_REPEAT_DAYS, settings a
 * migration cannot know: `figures_basis` holds the settings the figures were built with, and
 * the server rebuilds them when they differ (matters/daily-figures.ts). Until then the
 * triggers keep nothing.
 *
 * These names are fixed here (a migration never changes); the reader has its own copy of them
 * and the bucket bounds (repository-daily-figures.ts).
 */
const COUNTS = [
  'received',
  'repeat',
  'accepted',
  'accepted_on_time',
  'resolved',
  'resolved_on_time',
  'closed',
  'rated',
  'satisfied',
  'rating_sum',
  'missed',
  'supervised',
  'supervised_yellow',
  'supervised_red',
];
/** Histogram buckets of minutes: 0 is under a minute, k ≥ 1 from 1.4^(k-1), the last open-ended. */
const BUCKETS = 40;
const RATIO = 1.4;
const bucketColumns = (stage: 'a' | 'r') => Array.from({ length: BUCKETS }, (_, i) => `${stage}${i}`);
const COLUMNS = [...COUNTS, ...bucketColumns('a'), ...bucketColumns('r')];

/** One contribution row of `m`: the columns given, zero elsewhere. */
function contribution(day: string, values: Record<string, string>, from: string, where: string) {
  const cells = COLUMNS.map((c) => `${values[c] ?? '0'}`).join(', ');
  return `select ${day}, m.division_id, m.category_id, ${cells} ${from} where ${where}`;
}

function bucketed(stage: 'a' | 'r') {
  return Object.fromEntries(bucketColumns(stage).map((c, i) => [c, `case when x.b = ${i} then sign else 0 end`]));
}

const localDay = (column: string) => `(m.${column} at time zone tz)::date`;
const minutesBucket = (column: string) =>
  `(select matters.minutes_bucket(extract(epoch from (m.${column} - m.created_at)) / 60) as b) x`;

export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.matters add column is_repeat boolean not null default false`.execute(db);
  // The first deadlines missed, kept when an escalation or more time sets new ones (超期 counted
  // once, at its first miss). Before, only the automatic escalation's timeline entry tells: its time
  // is the scheduler's next run after the deadline.
  await sql`alter table matters.matters add column accept_missed_at timestamptz,
    add column resolve_missed_at timestamptz`.execute(db);
  await sql`update matters.matters m set
      accept_missed_at = (select min(t.at) from matters.timeline t where t.matter_id = m.id
        and t.action = 'escalate' and t.actor_user_id is null and t.note like '超过受理时限%'),
      resolve_missed_at = (select min(t.at) from matters.timeline t where t.matter_id = m.id
        and t.action = 'escalate' and t.actor_user_id is null and t.note like '超过办结时限%')
    where m.overdue`.execute(db);
  await sql`create index matters_resolve_missed on matters.matters (resolve_missed_at)
    where resolve_missed_at is not null`.execute(db);
  await sql`create table matters.figures_basis (
    id int primary key default 1 check (id = 1),
    time_zone text not null,
    repeat_days int not null
  )`.execute(db);
  await sql
    .raw(`create table matters.daily_figures (
    day date not null,
    division_id int not null,
    category_id int not null,
    ${COLUMNS.map((c) => `${c} int not null default 0`).join(',\n    ')},
    primary key (day, division_id, category_id)
  )`)
    .execute(db);

  await sql
    .raw(`create function matters.minutes_bucket(minutes double precision) returns int
    language sql immutable as $$
      select case when minutes < 1 then 0
        else least(${BUCKETS - 1}, 1 + floor(ln(minutes) / ln(${RATIO}))::int) end
    $$`)
    .execute(db);

  // A matter's contributions; each condition is the one repository-statistics.ts counts with.
  const branches = [
    contribution(
      localDay('created_at'),
      { received: 'sign', repeat: 'case when m.is_repeat then sign else 0 end' },
      '',
      'true',
    ),
    contribution(
      localDay('accepted_at'),
      {
        accepted: 'sign',
        accepted_on_time: `case when m.accept_due_at is not null and m.accepted_at <= m.accept_due_at
          and m.accept_missed_at is null then sign else 0 end`,
        ...bucketed('a'),
      },
      `from ${minutesBucket('accepted_at')}`,
      'm.accepted_at is not null',
    ),
    contribution(
      localDay('resolved_at'),
      {
        resolved: 'sign',
        resolved_on_time: `case when m.resolve_due_at is not null and m.resolved_at <= m.resolve_due_at
          and m.resolve_missed_at is null then sign else 0 end`,
        ...bucketed('r'),
      },
      `from ${minutesBucket('resolved_at')}`,
      'm.resolved_at is not null',
    ),
    contribution(
      localDay('closed_at'),
      {
        closed: `case when m.status = 'closed' then sign else 0 end`,
        rated: 'case when m.rating is not null then sign else 0 end',
        satisfied: 'case when m.rating >= 4 then sign else 0 end',
        rating_sum: 'coalesce(m.rating, 0) * sign',
      },
      '',
      'm.closed_at is not null',
    ),
    // Missed resolve deadlines by the deadline's day (the first missed, or the current one
    // resolved late or not yet); the reader counts a day once it has passed.
    contribution(
      '(coalesce(m.resolve_missed_at, m.resolve_due_at) at time zone tz)::date',
      { missed: 'sign' },
      '',
      `m.status not in ('rejected', 'duplicate') and (m.resolve_missed_at is not null
        or (m.resolve_due_at is not null and (m.resolved_at is null or m.resolved_at > m.resolve_due_at)))`,
    ),
    contribution(
      localDay('supervised_at'),
      {
        supervised: 'sign',
        supervised_yellow: `case when m.supervision_card = 'yellow' then sign else 0 end`,
        supervised_red: `case when m.supervision_card = 'red' then sign else 0 end`,
      },
      '',
      'm.supervised_at is not null',
    ),
  ];
  await sql
    .raw(`create function matters.daily_figures_of(m matters.matters, sign int, tz text)
    returns table (day date, division_id int, category_id int, ${COLUMNS.map((c) => `${c} int`).join(', ')})
    language sql stable as $$
      ${branches.join('\n      union all ')}
    $$`)
    .execute(db);

  const sums = COLUMNS.map((c) => `sum(c.${c})::int`).join(', ');
  const anyNonZero = COLUMNS.map((c) => `sum(c.${c}) <> 0`).join(' or ');
  await sql
    .raw(`create function matters.keep_daily_figures() returns trigger language plpgsql as $$
    declare tz text;
    begin
      -- Most updates (assignment, notes, versions) touch nothing counted.
      if TG_OP = 'UPDATE' and (OLD.created_at, OLD.accepted_at, OLD.accept_due_at, OLD.accept_missed_at,
          OLD.resolved_at, OLD.resolve_due_at, OLD.resolve_missed_at, OLD.closed_at, OLD.status, OLD.rating,
          OLD.supervised_at, OLD.supervision_card, OLD.division_id, OLD.category_id, OLD.is_repeat)
        is not distinct from (NEW.created_at, NEW.accepted_at, NEW.accept_due_at, NEW.accept_missed_at,
          NEW.resolved_at, NEW.resolve_due_at, NEW.resolve_missed_at, NEW.closed_at, NEW.status, NEW.rating,
          NEW.supervised_at, NEW.supervision_card, NEW.division_id, NEW.category_id, NEW.is_repeat) then
        return null;
      end if;
      select b.time_zone into tz from matters.figures_basis b;
      if tz is null then
        return null;
      end if;
      insert into matters.daily_figures as f (day, division_id, category_id, ${COLUMNS.join(', ')})
      select c.day, c.division_id, c.category_id, ${sums}
      from (
        select * from matters.daily_figures_of(OLD, -1, tz) where TG_OP <> 'INSERT'
        union all
        select * from matters.daily_figures_of(NEW, 1, tz) where TG_OP <> 'DELETE'
      ) c
      group by 1, 2, 3
      having ${anyNonZero}
      on conflict (day, division_id, category_id) do update set
        ${COLUMNS.map((c) => `${c} = f.${c} + excluded.${c}`).join(', ')};
      return null;
    end $$`)
    .execute(db);
  await sql`create trigger matters_keep_daily_figures after insert or update or delete on matters.matters
    for each row execute function matters.keep_daily_figures()`.execute(db);

  await sql
    .raw(`create function matters.rebuild_daily_figures(tz text) returns void language sql as $$
    delete from matters.daily_figures;
    insert into matters.daily_figures (day, division_id, category_id, ${COLUMNS.join(', ')})
    select c.day, c.division_id, c.category_id, ${sums}
    from matters.matters m cross join lateral matters.daily_figures_of(m, 1, tz) c
    group by 1, 2, 3
    -- Stored in day order, as the trigger's rows come: a month's rows lie together on disk.
    order by 1, 2, 3;
  $$`)
    .execute(db);

  // A repeat request (重复诉求), decided when the report arrives: an earlier report, not a
  // duplicate, by the same person or at the same place in the same category within the days.
  await sql`create function matters.is_repeat_report(m matters.matters, days int) returns boolean
    language sql stable as $$
      select coalesce(
        (m.reporter_user_id is not null and exists (select 1 from matters.matters p
          where p.reporter_user_id = m.reporter_user_id and p.id <> m.id and p.created_at < m.created_at
            and p.created_at >= m.created_at - make_interval(days => days) and p.status <> 'duplicate'))
        or (m.h3_r9 is not null and exists (select 1 from matters.matters p
          where p.h3_r9 = m.h3_r9 and p.category_id = m.category_id and p.id <> m.id and p.created_at < m.created_at
            and p.created_at >= m.created_at - make_interval(days => days) and p.status <> 'duplicate')),
        false)
    $$`.execute(db);
  await sql`create function matters.mark_repeat_report() returns trigger language plpgsql as $$
    declare days int;
    begin
      select b.repeat_days into days from matters.figures_basis b;
      NEW.is_repeat := days is not null and matters.is_repeat_report(NEW, days);
      return NEW;
    end $$`.execute(db);
  await sql`create trigger matters_mark_repeat_report before insert on matters.matters
    for each row execute function matters.mark_repeat_report()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger matters_mark_repeat_report on matters.matters`.execute(db);
  await sql`drop trigger matters_keep_daily_figures on matters.matters`.execute(db);
  await sql`drop function matters.mark_repeat_report()`.execute(db);
  await sql`drop function matters.is_repeat_report(matters.matters, int)`.execute(db);
  await sql`drop function matters.rebuild_daily_figures(text)`.execute(db);
  await sql`drop function matters.keep_daily_figures()`.execute(db);
  await sql`drop function matters.daily_figures_of(matters.matters, int, text)`.execute(db);
  await sql`drop function matters.minutes_bucket(double precision)`.execute(db);
  await sql`drop table matters.daily_figures`.execute(db);
  await sql`drop table matters.figures_basis`.execute(db);
  await sql`drop index matters.matters_resolve_missed`.execute(db);
  await sql`alter table matters.matters drop column is_repeat, drop column accept_missed_at,
    drop column resolve_missed_at`.execute(db);
}
