import type { Generated } from 'kysely';

export type ScopeKind = 'community' | 'buildings' | 'grid';
export type Party = 'resident' | 'residents_committee' | 'owners_committee' | 'property';
export type TopicStatus = 'open' | 'on_agenda' | 'voting' | 'decided' | 'rejected' | 'withdrawn';
export type MeetingKind = 'red_tea' | 'half_month' | 'he_tea' | 'tripartite' | 'courier_home' | 'other';
export type VoteRule = 'plurality' | 'art278_ordinary' | 'art278_special';
export type DecisionStatus = 'planned' | 'in_progress' | 'done' | 'dropped';
export type BookingStatus = 'booked' | 'cancelled' | 'attended' | 'no_show';

export interface SettingsTable {
  community_id: number;
  support_threshold: number;
  updated_by: number | null;
  updated_at: Date;
}

export interface TopicTable {
  id: Generated<number>;
  community_id: number;
  scope_kind: ScopeKind;
  building_ids: Generated<number[]>;
  grid_id: number | null;
  title: string;
  body: string;
  party: Party;
  author_user_id: number;
  author_name: string;
  status: Generated<TopicStatus>;
  supports: Generated<number>;
  threshold: number;
  agenda_at: Date | null;
  agenda_by: 'threshold' | 'staff' | null;
  created_at: Date;
  updated_at: Date;
}

export interface SupportTable {
  topic_id: number;
  user_id: number;
  created_at: Date;
}

export interface MeetingTable {
  id: Generated<number>;
  community_id: number;
  kind: MeetingKind;
  title: string;
  place: Generated<string>;
  starts_at: Date;
  ends_at: Date;
  series_id: number | null;
  recurrence: Generated<'none' | 'weekly' | 'semimonthly' | 'monthly'>;
  status: Generated<'scheduled' | 'held' | 'cancelled'>;
  minutes: Generated<string>;
  created_by: number;
  created_at: Date;
}

export interface MeetingTopicTable {
  meeting_id: number;
  topic_id: number;
  round: number;
  outcome: Generated<string>;
}

export interface ParticipantTable {
  meeting_id: number;
  user_id: number;
  party: Generated<Party | 'other'>;
  attended: Generated<boolean>;
  attended_at: Date | null;
}

export interface DecisionTable {
  id: Generated<number>;
  community_id: number;
  topic_id: number | null;
  meeting_id: number | null;
  vote_id: number | null;
  title: string;
  text: string;
  status: Generated<DecisionStatus>;
  progress: Generated<number>;
  created_by: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface DecisionUpdateTable {
  id: Generated<number>;
  decision_id: number;
  status: string;
  progress: number;
  note: string;
  photos: Generated<string[]>;
  author_user_id: number;
  created_at: Date;
}

export interface DeskTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  kind: 'consultation' | 'mediator';
  host_user_id: number | null;
  place: Generated<string>;
  active: Generated<boolean>;
  created_at: Date;
}

export interface SlotTable {
  id: Generated<number>;
  desk_id: number;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  cancelled: Generated<boolean>;
}

export interface BookingTable {
  id: Generated<number>;
  slot_id: number;
  user_id: number;
  subject: string;
  status: Generated<BookingStatus>;
  reminded_at: Date | null;
  created_at: Date;
}

export interface VoteOption {
  key: string;
  label: string;
}

export interface VoteTable {
  id: Generated<number>;
  community_id: number;
  topic_id: number | null;
  title: string;
  question: string;
  options: VoteOption[];
  electorate: 'residents' | 'owners';
  scope_kind: ScopeKind;
  building_ids: Generated<number[]>;
  grid_id: number | null;
  ballot_unit: 'person' | 'household';
  allow_change: Generated<boolean>;
  rule: VoteRule;
  notice_at: Date;
  opens_at: Date;
  closes_at: Date;
  status: Generated<'published' | 'cancelled' | 'counted'>;
  voters: Generated<number>;
  total_area_centi: Generated<number>;
  result: unknown | null;
  created_by: number;
  created_at: Date;
  /** The last reminder to non-voters (催票), and how many were sent. */
  reminded_at: Date | null;
  reminders: Generated<number>;
  /** What a second ballot on another channel does (chosen when the vote is published). */
  second_ballot: Generated<SecondBallot>;
}

export interface ElectorTable {
  vote_id: number;
  voter_key: string;
  household_id: number | null;
  area_centi: Generated<number>;
  person_ids: number[];
}

export interface BallotTable {
  vote_id: number;
  voter_key: string;
  choice: string;
  cast_by: number;
  cast_at: Date;
  changes: Generated<number>;
  channel: Generated<BallotChannel>;
}

/** A paper or proxy ballot entered by staff: the photo of the sheet or proxy document, and the online ballot it replaced. */
export interface BallotEntryTable {
  id: Generated<number>;
  vote_id: number;
  voter_key: string;
  channel: 'paper' | 'proxy';
  photos: string[];
  /** The proxy holder (委托代理人), proxies only; shown masked. */
  proxy_name: string | null;
  replaced_cast_by: number | null;
  replaced_cast_at: Date | null;
  entered_by: number;
  entered_at: Date;
}

export interface CommentTable {
  id: Generated<number>;
  target_type: 'topic' | 'vote';
  target_id: number;
  community_id: number;
  parent_id: number | null;
  author_user_id: number;
  author_name: string;
  body: string;
  status: Generated<'visible' | 'hidden'>;
  flags: Generated<number>;
  moderated_by: number | null;
  moderation_reason: string | null;
  created_at: Date;
}

export interface CommentFlagTable {
  comment_id: number;
  user_id: number;
  reason: Generated<string>;
  created_at: Date;
}

export interface DeliberationTables {
  'deliberation.settings': SettingsTable;
  'deliberation.topics': TopicTable;
  'deliberation.supports': SupportTable;
  'deliberation.meetings': MeetingTable;
  'deliberation.meeting_topics': MeetingTopicTable;
  'deliberation.participants': ParticipantTable;
  'deliberation.decisions': DecisionTable;
  'deliberation.decision_updates': DecisionUpdateTable;
  'deliberation.desks': DeskTable;
  'deliberation.slots': SlotTable;
  'deliberation.bookings': BookingTable;
  'deliberation.votes': VoteTable;
  'deliberation.electors': ElectorTable;
  'deliberation.ballots': BallotTable;
  'deliberation.ballot_entries': BallotEntryTable;
  'deliberation.comments': CommentTable;
  'deliberation.comment_flags': CommentFlagTable;
}

// Enumerations: one home, used by the schemas and (through src/enums.ts) the web.
export const MEETING_KINDS = ['red_tea', 'half_month', 'he_tea', 'tripartite', 'courier_home', 'other'] as const;
export const TOPIC_STATUSES = ['open', 'on_agenda', 'voting', 'decided', 'rejected', 'withdrawn'] as const;
export const DECISION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export const VOTE_PHASES = ['notice', 'open', 'closed', 'counted', 'cancelled'] as const;
/** How a ballot came in: online by the voter, on a signed paper sheet or under a proxy (委托), both entered by staff. */
export const BALLOT_CHANNELS = ['online', 'paper', 'proxy'] as const;
export type BallotChannel = (typeof BALLOT_CHANNELS)[number];
/** A second ballot on another channel: refused, or a staff-entered paper or proxy ballot replaces an online one. */
export const SECOND_BALLOT_RULES = ['first_stands', 'paper_replaces_online'] as const;
export type SecondBallot = (typeof SECOND_BALLOT_RULES)[number];
