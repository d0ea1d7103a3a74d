import { sql, type Kysely } from 'kysely';

/**
 * The events the statistics count per matter (退单 returns, granted 延期 extensions), kept with
 * their matter's community and category. A matter returned twice in a window counts once, so
 * these cannot be summed into the daily figures; kept here, a district's year of them is one
 * index range instead of a lookup of each event's matter (issue 15's year view).
 *
 * Triggers keep it: a return added to the timeline, an extension granted (or its decision
 * changed), a matter moved to another community or category.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table matters.counted_events (
      measure text not null check (measure in ('returned', 'extended')),
      event_id bigint not null,
      matter_id bigint not null references matters.matters(id) on delete cascade,
      at timestamptz not null,
      division_id integer not null,
      category_id integer not null,
      primary key (measure, event_id)
    )`.execute(db);
  await sql`create index counted_events_at on matters.counted_events (measure, at)
    include (division_id, category_id, matter_id)`.execute(db);
  await sql`create index counted_events_matter on matters.counted_events (matter_id)`.execute(db);

  await sql`create function matters.keep_counted_return() returns trigger language plpgsql as $$
    begin
      insert into matters.counted_events (measure, event_id, matter_id, at, division_id, category_id)
      select 'returned', NEW.id, m.id, NEW.at, m.division_id, m.category_id
      from matters.matters m where m.id = NEW.matter_id;
      return null;
    end $$`.execute(db);
  await sql`create trigger timeline_keep_counted_return after insert on matters.timeline
    for each row when (NEW.action = 'return') execute function matters.keep_counted_return()`.execute(db);

  await sql`create function matters.keep_counted_extension() returns trigger language plpgsql as $$
    begin
      if TG_OP = 'UPDATE' and (OLD.status, OLD.decided_at) is not distinct from (NEW.status, NEW.decided_at) then
        return null;
      end if;
      delete from matters.counted_events where measure = 'extended' and event_id = NEW.id;
      if NEW.status = 'granted' and NEW.decided_at is not null then
        insert into matters.counted_events (measure, event_id, matter_id, at, division_id, category_id)
        select 'extended', NEW.id, m.id, NEW.decided_at, m.division_id, m.category_id
        from matters.matters m where m.id = NEW.matter_id;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger extensions_keep_counted after insert or update on matters.extensions
    for each row execute function matters.keep_counted_extension()`.execute(db);

  await sql`create function matters.move_counted_events() returns trigger language plpgsql as $$
    begin
      update matters.counted_events set division_id = NEW.division_id, category_id = NEW.category_id
      where matter_id = NEW.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger matters_move_counted_events after update of division_id, category_id on matters.matters
    for each row when ((OLD.division_id, OLD.category_id) is distinct from (NEW.division_id, NEW.category_id))
    execute function matters.move_counted_events()`.execute(db);

  await sql`insert into matters.counted_events (measure, event_id, matter_id, at, division_id, category_id)
    select 'returned', t.id, m.id, t.at, m.division_id, m.category_id
    from matters.timeline t join matters.matters m on m.id = t.matter_id
    where t.action = 'return'
    union all
    select 'extended', e.id, m.id, e.decided_at, m.division_id, m.category_id
    from matters.extensions e join matters.matters m on m.id = e.matter_id
    where e.status = 'granted' and e.decided_at is not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger matters_move_counted_events on matters.matters`.execute(db);
  await sql`drop trigger extensions_keep_counted on matters.extensions`.execute(db);
  await sql`drop trigger timeline_keep_counted_return on matters.timeline`.execute(db);
  await sql`drop function matters.move_counted_events()`.execute(db);
  await sql`drop function matters.keep_counted_extension()`.execute(db);
  await sql`drop function matters.keep_counted_return()`.execute(db);
  await sql`drop table matters.counted_events`.execute(db);
}
