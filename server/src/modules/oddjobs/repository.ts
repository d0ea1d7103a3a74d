import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { EMPLOYER_RATING_WEIGHT, MIN_EMPLOYER_RATINGS } from './matching.ts';
import type {
  ApplicationTable,
  EmployerStatus,
  EmployerTable,
  PostingStatus,
  PostingTable,
  SeekerTable,
} from './tables.ts';

export type EmployerRow = Selectable<EmployerTable>;
export type PostingRow = Selectable<PostingTable>;
export type SeekerRow = Selectable<SeekerTable>;
export type ApplicationRow = Selectable<ApplicationTable>;

export function insertEmployer(db: Executor, row: Insertable<EmployerTable>): Promise<EmployerRow> {
  return db.insertInto('oddjobs.employers').values(row).returningAll().executeTakeFirstOrThrow();
}

export function updateEmployer(db: Executor, id: number, set: Updateable<EmployerTable>) {
  return db.updateTable('oddjobs.employers').set(set).where('id', '=', id).execute();
}

export function employerById(db: Executor, id: number): Promise<EmployerRow | undefined> {
  return db.selectFrom('oddjobs.employers').selectAll().where('id', '=', id).executeTakeFirst();
}

export function employerOfUser(db: Executor, userId: number): Promise<EmployerRow | undefined> {
  return db.selectFrom('oddjobs.employers').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** A seeker's stars for the employer, added to the employer's count and sum. */
export function addEmployerRating(db: Executor, employerId: number, stars: number) {
  return db
    .updateTable('oddjobs.employers')
    .set((eb) => ({ rating_count: eb('rating_count', '+', 1), rating_sum: eb('rating_sum', '+', stars) }))
    .where('id', '=', employerId)
    .execute();
}

export function employersByIds(db: Executor, ids: readonly number[]): Promise<EmployerRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('oddjobs.employers').selectAll().where('id', 'in', ids).execute();
}

export function listEmployers(
  db: Executor,
  f: { communityIds: readonly number[]; status?: EmployerStatus | undefined; afterId?: number; limit: number },
): Promise<EmployerRow[]> {
  let q = db
    .selectFrom('oddjobs.employers')
    .selectAll()
    .where('community_id', 'in', f.communityIds.length ? f.communityIds : [0]);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export function insertPosting(db: Executor, row: Insertable<PostingTable>): Promise<PostingRow> {
  return db.insertInto('oddjobs.postings').values(row).returningAll().executeTakeFirstOrThrow();
}

export function postingById(db: Executor, id: number): Promise<PostingRow | undefined> {
  return db.selectFrom('oddjobs.postings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function postingForUpdate(db: Executor, id: number): Promise<PostingRow | undefined> {
  return db.selectFrom('oddjobs.postings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function postingsByIds(db: Executor, ids: readonly number[]): Promise<PostingRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('oddjobs.postings').selectAll().where('id', 'in', ids).execute();
}

export function updatePosting(db: Executor, id: number, set: Updateable<PostingTable>) {
  return db.updateTable('oddjobs.postings').set(set).where('id', '=', id).execute();
}

export function listPostings(
  db: Executor,
  f: {
    employerId?: number;
    communityIds?: readonly number[];
    status?: PostingStatus | undefined;
    afterId?: number;
    limit: number;
  },
): Promise<PostingRow[]> {
  let q = db.selectFrom('oddjobs.postings').selectAll();
  if (f.employerId !== undefined) q = q.where('employer_id', '=', f.employerId);
  if (f.communityIds) q = q.where('community_id', 'in', f.communityIds.length ? f.communityIds : [0]);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.afterId !== undefined) q = q.where('id', '<', f.afterId);
  return q
    .orderBy('id', 'desc')
    .limit(f.limit + 1)
    .execute();
}

export async function upsertSeeker(db: Executor, row: Insertable<SeekerTable>): Promise<SeekerRow> {
  const { created_at: _created, user_id: _user, ...update } = row;
  return db
    .insertInto('oddjobs.seekers')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(update))
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function seekerOfUser(db: Executor, userId: number): Promise<SeekerRow | undefined> {
  return db.selectFrom('oddjobs.seekers').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export function seekersByIds(db: Executor, ids: readonly number[]): Promise<SeekerRow[]> {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('oddjobs.seekers').selectAll().where('id', 'in', ids).execute();
}

export function insertApplication(db: Executor, row: Insertable<ApplicationTable>): Promise<ApplicationRow> {
  return db.insertInto('oddjobs.applications').values(row).returningAll().executeTakeFirstOrThrow();
}

export function applicationById(db: Executor, id: number): Promise<ApplicationRow | undefined> {
  return db.selectFrom('oddjobs.applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export function applicationForUpdate(db: Executor, id: number): Promise<ApplicationRow | undefined> {
  return db.selectFrom('oddjobs.applications').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function updateApplication(db: Executor, id: number, set: Updateable<ApplicationTable>) {
  return db.updateTable('oddjobs.applications').set(set).where('id', '=', id).execute();
}

export function applicationsOfPosting(db: Executor, postingId: number): Promise<ApplicationRow[]> {
  return db.selectFrom('oddjobs.applications').selectAll().where('posting_id', '=', postingId).orderBy('id').execute();
}

export function applicationsOfSeeker(db: Executor, seekerId: number): Promise<ApplicationRow[]> {
  return db
    .selectFrom('oddjobs.applications')
    .selectAll()
    .where('seeker_id', '=', seekerId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
}

/** What a seeker is matched on. */
export interface SeekerFacts {
  seekerId: number;
  lat: number;
  lng: number;
  radiusM: number;
  skills: readonly string[];
  certificates: readonly string[];
  expectedHourlyFen: number;
  weekdays: number;
}

export type MatchRow = PostingRow & {
  employer_name: string;
  employer_rating_count: number;
  employer_rating_sum: number;
  distance_m: number;
  overlap: string[];
  score: number;
};

const textArray = (values: readonly string[]) => sql`${[...values]}::text[]`;

/** Distance in metres, equirectangular: exact enough within the 10 km a seeker may set. */
const distanceTo = (lat: number, lng: number, p = 'p') =>
  sql`6371008.8 * sqrt(power(radians(${sql.ref(`${p}.lat`)} - ${lat}), 2) + power(cos(radians(${lat})) * radians(${sql.ref(`${p}.lng`)} - ${lng}), 2))`;

/**
 * A seeker's match list: open postings in the H3 cells around them (the index prefilter), within
 * their radius, asking for no certificate they lack and for skills they have (or none), paying at
 * least their expectation, not yet applied to, and under the day's exposure cap unless already
 * shown to them. Scored: skills 0.4, distance 0.3, pay 0.2, the weekday 0.1, and the seekers'
 * ratings of the employer ±0.1 once three have rated them (matching.employerRatingTerm).
 */
export async function matchesFor(db: Executor, s: SeekerFacts, f: MatchFilter): Promise<MatchRow[]> {
  const { rows } = await matchQuery(s, f).execute(db);
  return rows.map((r) => ({ ...r, distance_m: Number(r.distance_m), score: Number(r.score) }));
}

export interface MatchFilter {
  cells: readonly string[];
  now: Date;
  day: string;
  cap: number;
  limit: number;
}

/** The match list's one statement, unexecuted: the benchmark runs it bare as its baseline. */
export function matchQuery(s: SeekerFacts, f: MatchFilter) {
  // The bounding box of the radius: cheap to test before the distance and the skills' overlap.
  const dLat = s.radiusM / 111_000;
  const dLng = s.radiusM / (111_000 * Math.cos((s.lat * Math.PI) / 180));
  return sql<MatchRow>`
    select m.*,
      0.4 * (case when cardinality(skills) = 0 then 0.5 else cardinality(overlap)::float8 / cardinality(skills) end)
      + 0.3 * (1 - distance_m / ${s.radiusM})
      + 0.2 * least(1, hourly_fen::float8 / greatest(${s.expectedHourlyFen}, 1) / 2)
      + 0.1 * ((${s.weekdays}::int >> (weekday - 1)) & 1)
      + case when employer_rating_count >= ${MIN_EMPLOYER_RATINGS}
          then ${EMPLOYER_RATING_WEIGHT}::float8 * (employer_rating_sum::float8 / employer_rating_count - 3) / 2
          else 0 end as score
    from (
      select p.*, e.name as employer_name,
        e.rating_count as employer_rating_count, e.rating_sum as employer_rating_sum,
        ${distanceTo(s.lat, s.lng)} as distance_m,
        array(select unnest(p.skills) intersect select unnest(${textArray(s.skills)})) as overlap
      from oddjobs.postings p
      join oddjobs.employers e on e.id = p.employer_id
      where p.status = 'open'
        and p.cell7 = any(${textArray(f.cells)})
        and p.lat between ${s.lat - dLat} and ${s.lat + dLat}
        and p.lng between ${s.lng - dLng} and ${s.lng + dLng}
        and p.ends_at > ${f.now}
        and p.certificates <@ ${textArray(s.certificates)}
        and (cardinality(p.skills) = 0 or p.skills && ${textArray(s.skills)})
        and p.hourly_fen >= ${s.expectedHourlyFen}
        and (p.exposure_day is distinct from ${f.day}::date or p.exposure_count < ${f.cap}
          or exists (select 1 from oddjobs.exposures e
            where e.posting_id = p.id and e.day = ${f.day}::date and e.seeker_id = ${s.seekerId}))
        and not exists (select 1 from oddjobs.applications a where a.posting_id = p.id and a.seeker_id = ${s.seekerId})
    ) m
    where distance_m <= ${s.radiusM}
    order by score desc, m.id
    limit ${f.limit}`;
}

/**
 * The seekers a new posting suits, best first: in the cells around it, the posting within their
 * own radius, holding its certificates and at least one of its skills (or it asks for none), its
 * pay at least their expectation.
 */
export async function seekersFor(
  db: Executor,
  p: Pick<PostingRow, 'lat' | 'lng' | 'skills' | 'certificates' | 'hourly_fen' | 'weekday'>,
  f: { cells: readonly string[]; limit: number },
): Promise<{ id: number; user_id: number }[]> {
  const { rows } = await sql<{ id: number; user_id: number }>`
    select id, user_id from (
      select s.id, s.user_id, s.radius_m, s.weekdays, ${distanceTo(p.lat, p.lng, 's')} as distance_m,
        cardinality(array(select unnest(s.skills) intersect select unnest(${textArray(p.skills)}))) as overlap
      from oddjobs.seekers s
      where s.cell7 = any(${textArray(f.cells)})
        and ${textArray(p.certificates)} <@ s.certificates
        and (${p.skills.length} = 0 or s.skills && ${textArray(p.skills)})
        and s.expected_hourly_fen <= ${p.hourly_fen}
    ) m
    where distance_m <= radius_m
    order by overlap desc, ((weekdays >> ${p.weekday - 1}) & 1) desc, distance_m, id
    limit ${f.limit}`.execute(db);
  return rows;
}

/**
 * Records that postings were shown to a seeker today; a posting's count goes up once per seeker
 * and day, and starts again on a new day.
 */
export async function recordExposures(
  db: Executor,
  pairs: readonly { postingId: number; seekerId: number }[],
  day: string,
): Promise<void> {
  if (!pairs.length) return;
  await sql`
    with fresh as (
      insert into oddjobs.exposures (posting_id, seeker_id, day)
      select posting_id, seeker_id, ${day}::date
      from unnest(${pairs.map((p) => p.postingId)}::int[], ${pairs.map((p) => p.seekerId)}::int[]) as x(posting_id, seeker_id)
      on conflict do nothing
      returning posting_id
    ), counted as (select posting_id, count(*)::int as n from fresh group by posting_id)
    update oddjobs.postings p
    set exposure_count = case when p.exposure_day = ${day}::date then p.exposure_count + c.n else c.n end,
      exposure_day = ${day}::date
    from counted c
    where p.id = c.posting_id`.execute(db);
}
