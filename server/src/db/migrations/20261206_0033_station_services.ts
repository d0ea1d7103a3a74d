import { sql, type Kysely } from 'kysely';

const OLD_KINDS = [
  'party_service_center',
  'warm_station',
  'courier_station',
  'mediation_room',
  'legal_station',
  'fire_station',
];
const NEW_KINDS = [
  ...OLD_KINDS,
  'health_station',
  'elderly_care_center',
  'childcare_center',
  'canteen',
  'employment_station',
  'culture_center',
];
const SERVICES = [
  'government',
  'medical',
  'elderly_care',
  'childcare',
  'culture_sports',
  'employment',
  'legal_mediation',
  'rest_station',
  'canteen',
];

const kindCheck = (kinds: string[]) => sql.raw(`check (kind in (${kinds.map((k) => `'${k}'`).join(', ')}))`);

/**
 * The service map (党群服务一张图, the 15-minute life circle): a station says which of the nine
 * services it offers and, where known, its capacity; kinds of place are added so that every
 * service has one (卫生服务站, 养老服务中心, 托育点, 助餐点, 就业服务站, 文体活动中心). Existing
 * stations offer what their kind offers: a 党群服务中心 government services and culture, a
 * 驿站 rest, a 调解室 or 法治e站 mediation and law, a 微型消防站 none of the nine.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.stations
    add column services text[] not null default '{}'
      check (services <@ ${sql.raw(`array[${SERVICES.map((s) => `'${s}'`).join(', ')}]::text[]`)}),
    add column capacity integer check (capacity >= 0)`.execute(db);
  await sql`update matters.stations set services = case kind
      when 'party_service_center' then array['government', 'culture_sports']
      when 'warm_station' then array['rest_station']
      when 'courier_station' then array['rest_station']
      when 'mediation_room' then array['legal_mediation']
      when 'legal_station' then array['legal_mediation']
      else '{}'::text[] end`.execute(db);
  await sql`alter table matters.stations drop constraint stations_kind_check`.execute(db);
  await sql`alter table matters.stations add constraint stations_kind_check ${kindCheck(NEW_KINDS)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Stations of the new kinds are kept (not valid: the old check holds for new rows only).
  await sql`alter table matters.stations drop constraint stations_kind_check`.execute(db);
  await sql`alter table matters.stations add constraint stations_kind_check ${kindCheck(OLD_KINDS)} not valid`.execute(
    db,
  );
  await sql`alter table matters.stations drop column services, drop column capacity`.execute(db);
}
