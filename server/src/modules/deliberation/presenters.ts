import type { z } from 'zod';
import type { Actor } from '../../platform/access.ts';
import { encodeCursor } from '../../platform/pagination.ts';
import { maskName } from '../../platform/personal-data.ts';
import { photoView } from '../matters/presenters.ts';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { BallotChannel } from './tables.ts';
import type { VotePhase } from './tally.ts';

/** Rows of the deliberation tables as the API shows them. */

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Row<F extends (...args: never[]) => Promise<unknown>> = NonNullable<Awaited<ReturnType<F>>>;
type Rows<F extends (...args: never[]) => Promise<unknown[]>> = Awaited<ReturnType<F>>[number];

/** A page of rows read one past the limit: the items, and a cursor if there are more. */
export function presentPage<T extends { id: number }, V>(rows: T[], limit: number, present: (row: T) => V) {
  return {
    items: rows.slice(0, limit).map(present),
    nextCursor: rows.length > limit ? encodeCursor({ sort: null, id: rows[limit - 1]!.id }) : null,
  };
}

// ---------- topics ----------

export type TopicRow = Row<typeof repo.topicById>;

export function presentTopicSummary(t: TopicRow, supportedByMe: boolean): View<typeof S.TopicSummary> {
  return {
    id: t.id,
    communityId: t.community_id,
    scopeKind: t.scope_kind,
    buildingIds: t.building_ids,
    gridId: t.grid_id,
    title: t.title,
    party: t.party,
    authorName: t.author_name,
    status: t.status,
    supports: t.supports,
    threshold: t.threshold,
    supportedByMe,
    createdAt: t.created_at.toISOString(),
  };
}

export interface TopicRecord {
  supportedByMe: boolean;
  rounds: Awaited<ReturnType<typeof repo.roundsOf>>;
  votes: Array<{ id: number; title: string; phase: VotePhase }>;
  decisions: Awaited<ReturnType<typeof repo.decisionsWhere>>;
  canManage: boolean;
}

export function presentTopic(t: TopicRow, r: TopicRecord): View<typeof S.TopicView> {
  return {
    ...presentTopicSummary(t, r.supportedByMe),
    body: t.body,
    agendaAt: t.agenda_at?.toISOString() ?? null,
    agendaBy: t.agenda_by,
    rounds: r.rounds.map((x) => ({
      meetingId: x.meeting_id,
      meetingTitle: x.title,
      kind: x.kind,
      startsAt: x.starts_at.toISOString(),
      round: x.round,
      outcome: x.outcome,
    })),
    votes: r.votes,
    decisions: r.decisions.map((d) => ({ id: d.id, title: d.title, status: d.status, progress: d.progress })),
    canManage: r.canManage,
  };
}

// ---------- comments ----------

/** A hidden comment's text, and every comment's flags, are shown to staff only. */
export function presentComment(
  c: Row<typeof repo.commentById>,
  actor: Actor,
  staff: boolean,
): View<typeof S.CommentView> {
  const hidden = c.status === 'hidden';
  return {
    id: c.id,
    parentId: c.parent_id,
    authorName: c.author_name,
    body: hidden && !staff ? '' : c.body,
    hidden,
    flags: staff ? c.flags : 0,
    mine: c.author_user_id === actor.userId,
    createdAt: c.created_at.toISOString(),
  };
}

// ---------- meetings ----------

export function presentMeetingSummary(m: Row<typeof repo.meetingById>, topics: number): View<typeof S.MeetingSummary> {
  return {
    id: m.id,
    communityId: m.community_id,
    kind: m.kind,
    title: m.title,
    place: m.place,
    startsAt: m.starts_at.toISOString(),
    endsAt: m.ends_at.toISOString(),
    status: m.status,
    seriesId: m.series_id,
    topics,
  };
}

export interface MeetingRecord {
  agenda: Awaited<ReturnType<typeof repo.agendaOf>>;
  participants: Awaited<ReturnType<typeof repo.participantsOf>>;
  decisions: Awaited<ReturnType<typeof repo.decisionsWhere>>;
  names: Map<number, string>;
  canManage: boolean;
}

export function presentMeeting(m: Row<typeof repo.meetingById>, r: MeetingRecord): View<typeof S.MeetingView> {
  return {
    ...presentMeetingSummary(m, r.agenda.length),
    recurrence: m.recurrence,
    minutes: m.minutes,
    agenda: r.agenda.map((a) => ({
      topicId: a.topic_id,
      title: a.title,
      round: a.round,
      outcome: a.outcome,
      status: a.status,
    })),
    participants: r.participants.map((p) => ({
      userId: p.user_id,
      name: r.names.get(p.user_id) ?? '',
      party: p.party,
      attended: p.attended,
    })),
    decisions: r.decisions.map((d) => ({ id: d.id, title: d.title, topicId: d.topic_id })),
    canManage: r.canManage,
  };
}

// ---------- decisions ----------

export function presentDecisionSummary(d: Row<typeof repo.decisionById>): View<typeof S.DecisionSummary> {
  return {
    id: d.id,
    communityId: d.community_id,
    topicId: d.topic_id,
    meetingId: d.meeting_id,
    voteId: d.vote_id,
    title: d.title,
    status: d.status,
    progress: d.progress,
    updatedAt: d.updated_at.toISOString(),
  };
}

export function presentDecision(
  d: Row<typeof repo.decisionById>,
  updates: Awaited<ReturnType<typeof repo.updatesOf>>,
  names: Map<number, string>,
): View<typeof S.DecisionView> {
  return {
    ...presentDecisionSummary(d),
    text: d.text,
    updates: updates.map((u) => ({
      id: u.id,
      status: u.status,
      progress: u.progress,
      note: u.note,
      photos: u.photos.map(photoView),
      author: names.get(u.author_user_id) ?? '',
      at: u.created_at.toISOString(),
    })),
  };
}

// ---------- desks, slots, bookings ----------

export function presentDesk(d: Rows<typeof repo.desksOf>, hostName: string | null): View<typeof S.DeskView> {
  return {
    id: d.id,
    communityId: d.community_id,
    name: d.name,
    kind: d.kind,
    hostName,
    place: d.place,
    active: d.active,
  };
}

export function presentSlot(
  s: Rows<typeof repo.slotsOf>,
  bookedByMe: boolean,
): View<typeof S.SlotList>['items'][number] {
  return {
    id: s.id,
    deskId: s.desk_id,
    startsAt: s.starts_at.toISOString(),
    endsAt: s.ends_at.toISOString(),
    capacity: s.capacity,
    booked: Number(s.booked ?? 0),
    cancelled: s.cancelled,
    bookedByMe,
  };
}

export function presentBooking(b: Row<typeof repo.bookingById>, name: string): View<typeof S.BookingView> {
  return {
    id: b.id,
    slotId: b.slot_id,
    deskName: b.desk_name,
    place: b.place,
    startsAt: b.starts_at.toISOString(),
    endsAt: b.ends_at.toISOString(),
    subject: b.subject,
    status: b.status,
    name,
  };
}

// ---------- votes ----------

export type VoteRow = Row<typeof repo.voteById>;

export function presentVoteSummary(v: VoteRow, phase: VotePhase) {
  return {
    id: v.id,
    communityId: v.community_id,
    topicId: v.topic_id,
    title: v.title,
    electorate: v.electorate,
    rule: v.rule,
    phase,
    opensAt: v.opens_at.toISOString(),
    closesAt: v.closes_at.toISOString(),
    voters: v.voters,
    scopeKind: v.scope_kind,
    buildingIds: v.building_ids,
  };
}

export interface VoteRecord {
  phase: VotePhase;
  ballots: number;
  eligible: boolean;
  myChoice: string | null;
  myChannel: BallotChannel | null;
  ballotsByChannel: Record<BallotChannel, number>;
  result: View<typeof S.VoteView>['result'];
  canManage: boolean;
}

export function presentVote(v: VoteRow, r: VoteRecord): View<typeof S.VoteView> {
  return {
    ...presentVoteSummary(v, r.phase),
    ballots: r.ballots,
    question: v.question,
    options: v.options,
    gridId: v.grid_id,
    ballotUnit: v.ballot_unit,
    allowChange: v.allow_change,
    secondBallot: v.second_ballot,
    noticeAt: v.notice_at.toISOString(),
    totalAreaM2: Number(v.total_area_centi) / 100,
    eligible: r.eligible,
    myChoice: r.myChoice,
    myChannel: r.myChannel,
    ballotsByChannel: r.ballotsByChannel,
    turnout: {
      num: r.ballots,
      den: v.voters,
      value: v.voters ? Math.round((r.ballots / v.voters) * 1_000_000) / 1_000_000 : 0,
    },
    result: r.result,
    canManage: r.canManage,
  };
}

export type BallotEntryRow = Rows<typeof repo.ballotEntries>;

/** A staff-entered paper or proxy ballot: whose, by whom, when; names masked, the choice not shown (a secret ballot). */
export function presentBallotEntry(
  x: BallotEntryRow,
  people: Array<{ name: string; address: string }>,
  owners: boolean,
  enteredBy: string,
): View<typeof S.BallotEntryView> {
  return {
    id: x.id,
    voterKey: x.voter_key,
    channel: x.channel,
    people: people.map((p) => ({ name: maskName(p.name), address: p.address })),
    areaM2: owners ? Number(x.area_centi) / 100 : null,
    proxyName: x.proxy_name === null ? null : maskName(x.proxy_name),
    photos: x.photos.map(photoView),
    replacedOnline: x.replaced_cast_at !== null,
    replacedCastAt: x.replaced_cast_at?.toISOString() ?? null,
    enteredBy,
    enteredAt: x.entered_at.toISOString(),
  };
}
