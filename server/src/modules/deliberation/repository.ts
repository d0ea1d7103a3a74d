import type { Insertable, Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { containsLike } from '../../platform/sql.ts';
import type {
  BookingStatus,
  DecisionStatus,
  DecisionTable,
  MeetingTable,
  Party,
  TopicStatus,
  TopicTable,
} from './tables.ts';

// ---------- settings ----------

export function thresholdOf(db: Executor, communityId: number) {
  return db
    .selectFrom('deliberation.settings')
    .select('support_threshold')
    .where('community_id', '=', communityId)
    .executeTakeFirst();
}

export async function setThreshold(db: Executor, communityId: number, threshold: number, by: number, at: Date) {
  await db
    .insertInto('deliberation.settings')
    .values({ community_id: communityId, support_threshold: threshold, updated_by: by, updated_at: at })
    .onConflict((oc) =>
      oc.column('community_id').doUpdateSet({ support_threshold: threshold, updated_by: by, updated_at: at }),
    )
    .execute();
}

// ---------- topics ----------

export async function insertTopic(db: Executor, row: Insertable<TopicTable>) {
  return (await db.insertInto('deliberation.topics').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function topicById(db: Executor, id: number) {
  return db.selectFrom('deliberation.topics').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockTopic(db: Executor, id: number) {
  return db.selectFrom('deliberation.topics').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function updateTopic(db: Executor, id: number, patch: Updateable<TopicTable>, at: Date) {
  await db
    .updateTable('deliberation.topics')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export function listTopics(
  db: Executor,
  filter: { communityIds: readonly number[]; status?: TopicStatus | undefined; q?: string | undefined },
  beforeId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('deliberation.topics')
    .selectAll()
    .where('community_id', 'in', filter.communityIds.length ? [...filter.communityIds] : [-1])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.q)
    q = q.where((eb) =>
      eb.or([eb('title', 'ilike', containsLike(filter.q!)), eb('body', 'ilike', containsLike(filter.q!))]),
    );
  if (beforeId !== null) q = q.where('id', '<', beforeId);
  return q.execute();
}

/** Adds a support once; true if it was new. */
export async function addSupport(db: Executor, topicId: number, userId: number, at: Date) {
  const inserted = await db
    .insertInto('deliberation.supports')
    .values({ topic_id: topicId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.doNothing())
    .returning('topic_id')
    .execute();
  return inserted.length === 1;
}

export async function supportedBy(db: Executor, topicIds: readonly number[], userId: number) {
  if (topicIds.length === 0) return new Set<number>();
  const rows = await db
    .selectFrom('deliberation.supports')
    .select('topic_id')
    .where('user_id', '=', userId)
    .where('topic_id', 'in', [...topicIds])
    .execute();
  return new Set(rows.map((r) => r.topic_id));
}

export function roundsOf(db: Executor, topicId: number) {
  return db
    .selectFrom('deliberation.meeting_topics as mt')
    .innerJoin('deliberation.meetings as m', 'm.id', 'mt.meeting_id')
    .select(['m.id as meeting_id', 'm.title', 'm.kind', 'm.starts_at', 'mt.round', 'mt.outcome'])
    .where('mt.topic_id', '=', topicId)
    .orderBy('mt.round')
    .execute();
}

export async function nextRound(db: Executor, topicId: number) {
  const row = await db
    .selectFrom('deliberation.meeting_topics')
    .select((eb) => eb.fn.max<number>('round').as('last'))
    .where('topic_id', '=', topicId)
    .executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

// ---------- meetings ----------

export async function insertMeeting(db: Executor, row: Insertable<MeetingTable>) {
  return (await db.insertInto('deliberation.meetings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateMeeting(db: Executor, id: number, patch: Updateable<MeetingTable>) {
  await db.updateTable('deliberation.meetings').set(patch).where('id', '=', id).execute();
}

export function meetingById(db: Executor, id: number) {
  return db.selectFrom('deliberation.meetings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function lockMeeting(db: Executor, id: number) {
  return db.selectFrom('deliberation.meetings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function listMeetings(
  db: Executor,
  filter: { communityIds: readonly number[]; from?: Date | undefined },
  beforeId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('deliberation.meetings as m')
    .selectAll('m')
    .select((eb) =>
      eb
        .selectFrom('deliberation.meeting_topics as mt')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('mt.meeting_id', '=', 'm.id')
        .as('topics'),
    )
    .where('m.community_id', 'in', filter.communityIds.length ? [...filter.communityIds] : [-1])
    .orderBy('m.id', 'desc')
    .limit(limit + 1);
  if (filter.from) q = q.where('m.ends_at', '>=', filter.from);
  if (beforeId !== null) q = q.where('m.id', '<', beforeId);
  return q.execute();
}

export async function addAgendaItem(db: Executor, meetingId: number, topicId: number, round: number) {
  const inserted = await db
    .insertInto('deliberation.meeting_topics')
    .values({ meeting_id: meetingId, topic_id: topicId, round })
    .onConflict((oc) => oc.doNothing())
    .returning('topic_id')
    .execute();
  return inserted.length === 1;
}

export function agendaOf(db: Executor, meetingId: number) {
  return db
    .selectFrom('deliberation.meeting_topics as mt')
    .innerJoin('deliberation.topics as t', 't.id', 'mt.topic_id')
    .select(['mt.topic_id', 't.title', 't.status', 'mt.round', 'mt.outcome'])
    .where('mt.meeting_id', '=', meetingId)
    .orderBy('mt.topic_id')
    .execute();
}

export async function setOutcome(db: Executor, meetingId: number, topicId: number, outcome: string) {
  const r = await db
    .updateTable('deliberation.meeting_topics')
    .set({ outcome })
    .where('meeting_id', '=', meetingId)
    .where('topic_id', '=', topicId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function addParticipants(
  db: Executor,
  meetingId: number,
  userIds: readonly number[],
  party: Party | 'other',
) {
  if (userIds.length === 0) return;
  await db
    .insertInto('deliberation.participants')
    .values(userIds.map((user_id) => ({ meeting_id: meetingId, user_id, party })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function participantsOf(db: Executor, meetingId: number) {
  return db
    .selectFrom('deliberation.participants')
    .selectAll()
    .where('meeting_id', '=', meetingId)
    .orderBy('user_id')
    .execute();
}

/**
 * Marks who came; returns those present for the first time ever, who earn once. The time
 * someone was first marked present stays when they are marked absent again, so being
 * unmarked and marked again earns nothing more. Called with the meeting locked.
 */
export async function markAttendance(db: Executor, meetingId: number, present: readonly number[], at: Date) {
  let newly: Array<{ user_id: number }> = [];
  if (present.length > 0) {
    await db
      .insertInto('deliberation.participants')
      .values(present.map((user_id) => ({ meeting_id: meetingId, user_id })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    newly = await db
      .selectFrom('deliberation.participants')
      .select('user_id')
      .where('meeting_id', '=', meetingId)
      .where('user_id', 'in', [...present])
      .where('attended_at', 'is', null)
      .execute();
    await db
      .updateTable('deliberation.participants')
      .set((eb) => ({ attended: true, attended_at: eb.fn.coalesce('attended_at', eb.val(at)) }))
      .where('meeting_id', '=', meetingId)
      .where('user_id', 'in', [...present])
      .execute();
  }
  let absent = db.updateTable('deliberation.participants').set({ attended: false }).where('meeting_id', '=', meetingId);
  if (present.length) absent = absent.where('user_id', 'not in', [...present]);
  await absent.execute();
  return newly.map((r) => r.user_id);
}

/** Published votes whose closing time has passed, oldest first. */
export function votesToCount(db: Executor, now: Date, limit: number) {
  return db
    .selectFrom('deliberation.votes')
    .select('id')
    .where('status', '=', 'published')
    .where('closes_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
}

// ---------- decisions ----------

export async function insertDecisions(db: Executor, rows: Insertable<DecisionTable>[]) {
  if (rows.length === 0) return [];
  return db.insertInto('deliberation.decisions').values(rows).returning(['id', 'topic_id']).execute();
}

export function decisionById(db: Executor, id: number) {
  return db.selectFrom('deliberation.decisions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function decisionsWhere(db: Executor, where: { topicId?: number; meetingId?: number }) {
  let q = db.selectFrom('deliberation.decisions').selectAll().orderBy('id');
  if (where.topicId !== undefined) q = q.where('topic_id', '=', where.topicId);
  if (where.meetingId !== undefined) q = q.where('meeting_id', '=', where.meetingId);
  return q.execute();
}

export function listDecisions(
  db: Executor,
  filter: { communityIds: readonly number[]; status?: DecisionStatus | undefined },
  beforeId: number | null,
  limit: number,
) {
  let q = db
    .selectFrom('deliberation.decisions')
    .selectAll()
    .where('community_id', 'in', filter.communityIds.length ? [...filter.communityIds] : [-1])
    .orderBy('id', 'desc')
    .limit(limit + 1);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (beforeId !== null) q = q.where('id', '<', beforeId);
  return q.execute();
}

export async function updateDecision(db: Executor, id: number, patch: Updateable<DecisionTable>, at: Date) {
  await db
    .updateTable('deliberation.decisions')
    .set({ ...patch, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function insertDecisionUpdate(
  db: Executor,
  row: {
    decision_id: number;
    status: string;
    progress: number;
    note: string;
    photos: string[];
    author_user_id: number;
    created_at: Date;
  },
) {
  await db
    .insertInto('deliberation.decision_updates')
    .values({ ...row, photos: JSON.stringify(row.photos) as unknown as string[] })
    .execute();
}

export function updatesOf(db: Executor, decisionId: number) {
  return db
    .selectFrom('deliberation.decision_updates')
    .selectAll()
    .where('decision_id', '=', decisionId)
    .orderBy('id')
    .execute();
}

// ---------- desks, slots, bookings ----------

export async function insertDesk(
  db: Executor,
  row: {
    community_id: number;
    name: string;
    kind: 'consultation' | 'mediator';
    host_user_id: number | null;
    place: string;
    created_at: Date;
  },
) {
  return (await db.insertInto('deliberation.desks').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function deskById(db: Executor, id: number) {
  return db.selectFrom('deliberation.desks').selectAll().where('id', '=', id).executeTakeFirst();
}

export function desksOf(db: Executor, communityIds: readonly number[]) {
  return db
    .selectFrom('deliberation.desks')
    .selectAll()
    .where('community_id', 'in', communityIds.length ? [...communityIds] : [-1])
    .where('active', '=', true)
    .orderBy('id')
    .execute();
}

export async function insertSlots(
  db: Executor,
  rows: Array<{ desk_id: number; starts_at: Date; ends_at: Date; capacity: number }>,
) {
  return db
    .insertInto('deliberation.slots')
    .values(rows)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .execute();
}

export function slotsOf(db: Executor, deskId: number, from: Date, to: Date) {
  return db
    .selectFrom('deliberation.slots as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('deliberation.bookings as b')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('b.slot_id', '=', 's.id')
        .where('b.status', '=', 'booked')
        .as('booked'),
    )
    .where('s.desk_id', '=', deskId)
    .where('s.starts_at', '>=', from)
    .where('s.starts_at', '<', to)
    .orderBy('s.starts_at')
    .execute();
}

export function lockSlot(db: Executor, id: number) {
  return db.selectFrom('deliberation.slots').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function countBooked(db: Executor, slotId: number) {
  const row = await db
    .selectFrom('deliberation.bookings')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('slot_id', '=', slotId)
    .where('status', '=', 'booked')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertBooking(
  db: Executor,
  row: { slot_id: number; user_id: number; subject: string; created_at: Date },
) {
  return (await db.insertInto('deliberation.bookings').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export function activeBooking(db: Executor, slotId: number, userId: number) {
  return db
    .selectFrom('deliberation.bookings')
    .select('id')
    .where('slot_id', '=', slotId)
    .where('user_id', '=', userId)
    .where('status', '=', 'booked')
    .executeTakeFirst();
}

const bookingColumns = [
  'b.id',
  'b.slot_id',
  'b.user_id',
  'b.subject',
  'b.status',
  's.starts_at',
  's.ends_at',
  'd.name as desk_name',
  'd.place',
  'd.community_id',
  'd.host_user_id',
  'd.id as desk_id',
] as const;

export function bookingById(db: Executor, id: number) {
  return db
    .selectFrom('deliberation.bookings as b')
    .innerJoin('deliberation.slots as s', 's.id', 'b.slot_id')
    .innerJoin('deliberation.desks as d', 'd.id', 's.desk_id')
    .select(bookingColumns)
    .where('b.id', '=', id)
    .executeTakeFirst();
}

export function bookingsWhere(db: Executor, where: { userId?: number; deskId?: number; from?: Date }) {
  let q = db
    .selectFrom('deliberation.bookings as b')
    .innerJoin('deliberation.slots as s', 's.id', 'b.slot_id')
    .innerJoin('deliberation.desks as d', 'd.id', 's.desk_id')
    .select(bookingColumns)
    .orderBy('s.starts_at')
    .limit(500);
  if (where.userId !== undefined) q = q.where('b.user_id', '=', where.userId);
  if (where.deskId !== undefined) q = q.where('d.id', '=', where.deskId);
  if (where.from) q = q.where('s.ends_at', '>=', where.from);
  return q.execute();
}

export async function setBookingStatus(
  db: Executor,
  id: number,
  status: Exclude<BookingStatus, 'booked'>,
  from: readonly BookingStatus[],
) {
  const r = await db
    .updateTable('deliberation.bookings')
    .set({ status })
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Bookings starting within the window that have not been reminded; marked reminded. */
export async function takeDueReminders(db: Executor, until: Date, now: Date) {
  return db
    .updateTable('deliberation.bookings as b')
    .set({ reminded_at: now })
    .from('deliberation.slots as s')
    .whereRef('s.id', '=', 'b.slot_id')
    .where('b.status', '=', 'booked')
    .where('b.reminded_at', 'is', null)
    .where('s.starts_at', '>', now)
    .where('s.starts_at', '<=', until)
    .returning(['b.id', 'b.user_id', 'b.subject', 's.starts_at', 's.desk_id'])
    .execute();
}

export * from './repository-votes.ts';
