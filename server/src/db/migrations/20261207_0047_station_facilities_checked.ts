import { sql, type Kysely } from 'kysely';

/**
 * When a station's facilities (水, 微波炉, 充电, 医药箱 …) were last confirmed, and by whom: the staff
 * on duty there keep them current, and couriers see how fresh the list is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table matters.stations
    add column facilities_checked_at timestamptz,
    add column facilities_checked_by int`.execute(db);
  await sql`create index matters_station_duty_user on matters.station_duty (user_id, ends_at)`.execute(db);
}
