import type { Localized } from '../../platform/i18n.ts';
import type { MatterLevel, MatterStatus } from './tables.ts';

/**
 * The one workflow every matter follows (立案 → 派遣 → 处置 → 反馈 → 核查结案 → 评价):
 * which action may move a matter from which status, and to where.
 */

export const ACTIONS = [
  'accept',
  'reject',
  'dispatch',
  'start',
  'resolve',
  'escalate',
  'close',
  'rate',
  'reopen',
  'merge',
  'reply',
  'return',
] as const;
export type MatterAction = (typeof ACTIONS)[number];

export const OPEN_STATUSES: readonly MatterStatus[] = [
  'reported',
  'accepted',
  'dispatched',
  'in_progress',
  'resolved',
  'escalated',
  'reopened',
  'returned',
];
export const TERMINAL_STATUSES: readonly MatterStatus[] = ['closed', 'rejected', 'duplicate'];

const TRANSITIONS: Record<MatterAction, { from: readonly MatterStatus[]; to: MatterStatus }> = {
  accept: { from: ['reported', 'escalated', 'reopened', 'returned'], to: 'accepted' },
  reject: { from: ['reported', 'accepted', 'escalated', 'returned'], to: 'rejected' },
  dispatch: { from: ['accepted', 'dispatched', 'in_progress', 'reopened', 'returned'], to: 'dispatched' },
  start: { from: ['accepted', 'dispatched', 'reopened'], to: 'in_progress' },
  resolve: { from: ['in_progress'], to: 'resolved' },
  escalate: {
    from: ['reported', 'accepted', 'dispatched', 'in_progress', 'escalated', 'reopened', 'returned'],
    to: 'escalated',
  },
  close: { from: ['resolved'], to: 'closed' },
  rate: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved'], to: 'reopened' },
  merge: { from: ['reported', 'accepted', 'escalated', 'returned'], to: 'duplicate' },
  // 退单: back to whoever sent it (the dispatcher, or the level and person that escalated it).
  return: { from: ['escalated', 'accepted', 'dispatched', 'in_progress'], to: 'returned' },
  // A suggestion is answered (adopted or not) rather than resolved.
  reply: { from: ['accepted', 'dispatched', 'in_progress'], to: 'resolved' },
};

/** Names for messages such as "the matter is resolved; accept is not possible now". */
export const STATUS_NAMES: Record<MatterStatus, Localized> = {
  reported: { 'zh-CN': '待受理', en: 'reported' },
  accepted: { 'zh-CN': '已受理', en: 'accepted' },
  dispatched: { 'zh-CN': '已派遣', en: 'dispatched' },
  in_progress: { 'zh-CN': '处置中', en: 'in progress' },
  resolved: { 'zh-CN': '已办结', en: 'resolved' },
  closed: { 'zh-CN': '已结案', en: 'closed' },
  rejected: { 'zh-CN': '不予受理', en: 'rejected' },
  duplicate: { 'zh-CN': '已合并', en: 'merged' },
  escalated: { 'zh-CN': '已上报', en: 'escalated' },
  reopened: { 'zh-CN': '已重新打开', en: 'reopened' },
  returned: { 'zh-CN': '退回', en: 'returned' },
};
export const ACTION_NAMES: Record<MatterAction, Localized> = {
  accept: { 'zh-CN': '受理', en: 'accept' },
  reject: { 'zh-CN': '不予受理', en: 'reject' },
  dispatch: { 'zh-CN': '派遣', en: 'dispatch' },
  start: { 'zh-CN': '开始处置', en: 'start' },
  resolve: { 'zh-CN': '办结', en: 'resolve' },
  escalate: { 'zh-CN': '上报', en: 'escalate' },
  close: { 'zh-CN': '结案', en: 'close' },
  rate: { 'zh-CN': '评价', en: 'rate' },
  reopen: { 'zh-CN': '重新打开', en: 'reopen' },
  merge: { 'zh-CN': '合并', en: 'merge' },
  reply: { 'zh-CN': '答复', en: 'reply' },
  return: { 'zh-CN': '退单', en: 'return' },
};

export function transition(action: MatterAction, from: MatterStatus): MatterStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(from) ? t.to : null;
}

export const LEVELS: readonly MatterLevel[] = ['grid', 'community', 'street', 'department'];

export function nextLevel(level: MatterLevel): MatterLevel | null {
  const i = LEVELS.indexOf(level);
  return i >= 0 && i < LEVELS.length - 1 ? LEVELS[i + 1]! : null;
}

/** A reporter may reopen a resolved matter within this many days; after it, it closes by itself. */
export const REVIEW_DAYS = 7;
