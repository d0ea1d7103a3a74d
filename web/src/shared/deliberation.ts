import type { TFunction } from 'i18next';

/** API shapes of /api/deliberation (server/src/modules/deliberation/schema.ts). */

import type { DeliberationApi } from '@gongzhi/server/api';

export {
  BALLOT_CHANNELS,
  DECISION_STATUSES,
  MEETING_KINDS,
  SECOND_BALLOT_RULES,
  TOPIC_STATUSES,
  VOTE_PHASES,
} from '@gongzhi/server/enums';
export type ScopeKind = DeliberationApi['ScopeKind'];
export type NonVoterList = DeliberationApi['NonVoterList'];
export type BallotChannel = DeliberationApi['BallotChannel'];
export type SecondBallot = DeliberationApi['SecondBallot'];
export type BallotEntry = DeliberationApi['BallotEntryView'];
export type ElectorList = DeliberationApi['ElectorList'];
export type RemindView = DeliberationApi['RemindView'];
export type TopicParty = DeliberationApi['Party'];
export type MeetingKind = DeliberationApi['MeetingKind'];
export type TopicStatus = DeliberationApi['TopicStatus'];
export type MeetingStatus = DeliberationApi['MeetingStatus'];
export type DecisionStatus = DeliberationApi['DecisionStatus'];
export type VotePhase = DeliberationApi['VotePhase'];
export type VoteRule = VoteSummary['rule'];
export type BookingStatus = DeliberationApi['BookingStatus'];
export type ParticipantParty = TopicParty | 'other';

export type Fraction = VoteView['turnout'];

export type TopicSummary = DeliberationApi['TopicSummary'];

export type TopicView = DeliberationApi['TopicView'];

export type MeetingSummary = DeliberationApi['MeetingSummary'];

export type MeetingView = DeliberationApi['MeetingView'];

export type DecisionSummary = DeliberationApi['DecisionSummary'];

export type DecisionView = DeliberationApi['DecisionView'];

export type Desk = DeliberationApi['DeskView'];

export type Slot = DeliberationApi['SlotView'];

export type Booking = DeliberationApi['BookingView'];

export type VoteSummary = DeliberationApi['VoteSummary'];

export type Art278Reckoning = Exclude<Reckoning, { rule: 'plurality' }>;

export type PluralityReckoning = Extract<Reckoning, { rule: 'plurality' }>;

export type Reckoning = NonNullable<VoteView['result']>['reckoning'];

export type VoteView = DeliberationApi['VoteView'];

export type Comment = DeliberationApi['CommentView'];

export type FlaggedComment = DeliberationApi['FlaggedList']['items'][number];

// ---------- helpers ----------

export const TOPIC_STATUS_COLORS: Record<TopicStatus, string> = {
  open: '#1f5fbf',
  on_agenda: '#d46b08',
  voting: '#722ed1',
  decided: '#389e0d',
  rejected: '#cf1322',
  withdrawn: '#8c8c8c',
};

export const VOTE_PHASE_COLORS: Record<VotePhase, string> = {
  notice: '#d46b08',
  open: '#389e0d',
  closed: '#1f5fbf',
  counted: '#722ed1',
  cancelled: '#8c8c8c',
};

export const DECISION_STATUS_COLORS: Record<DecisionStatus, string> = {
  planned: '#8c8c8c',
  in_progress: '#1f5fbf',
  done: '#389e0d',
  dropped: '#cf1322',
};

export const BOOKING_STATUS_COLORS: Record<BookingStatus, string> = {
  booked: '#1f5fbf',
  cancelled: '#8c8c8c',
  attended: '#389e0d',
  no_show: '#cf1322',
};

/** A share as a percentage with one decimal, from the exact fraction (never rounds up past a bound). */
export function percent(f: Fraction): string {
  if (f.den === 0) return '—';
  const tenths = Math.floor((f.num * 1000) / f.den);
  return `${(tenths / 10).toFixed(1)}%`;
}

/** Width for a progress bar, 0–100. */
export function barPercent(f: Fraction): number {
  return f.den === 0 ? 0 : Math.min(100, Math.max(0, (f.num / f.den) * 100));
}

/** The bounds of art. 278, as fractions of one, for drawing the mark on a bar. */
export function art278Bounds(rule: Art278Reckoning['rule']): {
  participation: number;
  agreement: number;
  agreementInclusive: boolean;
} {
  return rule === 'art278_special'
    ? { participation: 2 / 3, agreement: 3 / 4, agreementInclusive: true }
    : { participation: 2 / 3, agreement: 1 / 2, agreementInclusive: false };
}

/** Whether a fraction meets a bound: 以上 includes the bound, 过半数 does not (integer math). */
export function meetsBound(f: Fraction, bound: { num: number; den: number }, inclusive: boolean): boolean {
  const left = f.num * bound.den;
  const right = bound.num * f.den;
  return inclusive ? left >= right : left > right;
}

/** The four bars of an art. 278 reckoning, each with its share, bound and whether it is met. */
export function art278Bars(r: Art278Reckoning) {
  const special = r.rule === 'art278_special';
  const twoThirds = { num: 2, den: 3 };
  const agreement = special ? { num: 3, den: 4 } : { num: 1, den: 2 };
  return {
    participation: [
      {
        key: 'participationByCount' as const,
        fraction: r.participationByCount,
        bound: twoThirds,
        met: meetsBound(r.participationByCount, twoThirds, true),
      },
      {
        key: 'participationByArea' as const,
        fraction: r.participationByArea,
        bound: twoThirds,
        met: meetsBound(r.participationByArea, twoThirds, true),
      },
    ],
    agreement: [
      {
        key: 'agreementByCount' as const,
        fraction: r.agreementByCount,
        bound: agreement,
        met: meetsBound(r.agreementByCount, agreement, special),
      },
      {
        key: 'agreementByArea' as const,
        fraction: r.agreementByArea,
        bound: agreement,
        met: meetsBound(r.agreementByArea, agreement, special),
      },
    ],
  };
}

/** Slots grouped by their day in the place's zone (keys YYYY-MM-DD, in order). */
export function slotsByDay<T extends { startsAt: string }>(
  slots: readonly T[],
  dayOf: (iso: string) => string,
): Map<string, T[]> {
  const days = new Map<string, T[]>();
  for (const slot of [...slots].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = dayOf(slot.startsAt);
    days.set(day, [...(days.get(day) ?? []), slot]);
  }
  return days;
}

/** A slot one can still book: not cancelled, room left, not yet started, not mine already. */
export function slotBookable(slot: Slot, now: number = Date.now()): boolean {
  return !slot.cancelled && slot.booked < slot.capacity && !slot.bookedByMe && Date.parse(slot.startsAt) > now;
}

/** Comments as a tree: top-level in order, each with its answers (any depth, flattened one level). */
export function threadComments(comments: readonly Comment[]): { comment: Comment; replies: Comment[] }[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = (c: Comment): Comment => {
    let current = c;
    const seen = new Set<number>();
    while (current.parentId !== null && byId.has(current.parentId) && !seen.has(current.id)) {
      seen.add(current.id);
      current = byId.get(current.parentId)!;
    }
    return current;
  };
  const threads = new Map<number, { comment: Comment; replies: Comment[] }>();
  for (const c of comments) if (rootOf(c).id === c.id) threads.set(c.id, { comment: c, replies: [] });
  for (const c of comments) {
    const root = rootOf(c);
    if (root.id !== c.id) threads.get(root.id)?.replies.push(c);
  }
  return [...threads.values()];
}

export function topicStatusLabel(t: TFunction, status: TopicStatus): string {
  return t(`deliberation.topicStatus.${status}`);
}

export function votePhaseLabel(t: TFunction, phase: VotePhase): string {
  return t(`deliberation.votePhase.${phase}`);
}
