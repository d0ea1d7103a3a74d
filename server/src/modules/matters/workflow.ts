import type { MatterLevel, MatterStatus } from './tables.ts';

/**
 * The one workflow every matter follows (立案 → 派遣 → 处置 → 反馈 → 核查结案 → 评价):
 * which action may move a matter from which status, and to where.
 */

export const ACTIONS = ['accept', 'reject', 'dispatch', 'start', 'resolve', 'escalate', 'close', 'rate', 'reopen', 'merge', 'reply'] as const;
export type MatterAction = (typeof ACTIONS)[number];

export const OPEN_STATUSES: readonly MatterStatus[] = ['reported', 'accepted', 'dispatched', 'in_progress', 'resolved', 'escalated', 'reopened'];
export const TERMINAL_STATUSES: readonly MatterStatus[] = ['closed', 'rejected', 'duplicate'];

const TRANSITIONS: Record<MatterAction, { from: readonly MatterStatus[]; to: MatterStatus }> = {
  accept: { from: ['reported', 'escalated', 'reopened'], to: 'accepted' },
  reject: { from: ['reported', 'accepted', 'escalated'], to: 'rejected' },
  dispatch: { from: ['accepted', 'dispatched', 'in_progress', 'reopened'], to: 'dispatched' },
  start: { from: ['accepted', 'dispatched', 'reopened'], to: 'in_progress' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  escalate: { from: ['reported', 'accepted', 'dispatched', 'in_progress', 'escalated', 'reopened'], to: 'escalated' },
  close: { from: ['resolved'], to: 'closed' },
  rate: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'reopened' },
  merge: { from: ['reported', 'accepted', 'escalated'], to: 'duplicate' },
  // A suggestion is answered (adopted or not) rather than resolved.
  reply: { from: ['accepted', 'dispatched', 'in_progress'], to: 'resolved' },
};

export function transition(action: MatterAction, from: MatterStatus): MatterStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(from) ? t.to : null;
}

export function allowedFrom(action: MatterAction): readonly MatterStatus[] {
  return TRANSITIONS[action].from;
}

export const LEVELS: readonly MatterLevel[] = ['grid', 'community', 'street', 'department'];

export function nextLevel(level: MatterLevel): MatterLevel | null {
  const i = LEVELS.indexOf(level);
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1]! : null;
}

/** A reporter may reopen a resolved matter within this many days; after it, it closes by itself. */
export const REVIEW_DAYS = 7;
