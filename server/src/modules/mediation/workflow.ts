import type { CaseStatus } from './tables.ts';

/**
 * The path of a case (受理 → 查明事实 → 调解 → 协议 → 履行 → 回访):
 *
 *   accepted ─investigate─▶ investigating ─mediate─▶ mediating ─agree─▶ agreed ─perform─▶ performing ─close─▶ closed
 *      └──────────mediate──────────────────────────────▲                   └──────────────close──────────────▲
 *   fail (with a referral: court, arbitration, legal aid, other) from any open status ─▶ failed
 *   withdraw (before an agreement) ─▶ withdrawn
 *
 * A payment on an agreed case moves it to performing by itself; close is the follow-up
 * visit that ends the case, once the agreement is fully performed.
 */
export const CASE_ACTIONS = ['investigate', 'mediate', 'agree', 'perform', 'close', 'fail', 'withdraw'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

const TRANSITIONS: Record<CaseAction, { from: readonly CaseStatus[]; to: CaseStatus }> = {
  investigate: { from: ['accepted'], to: 'investigating' },
  mediate: { from: ['accepted', 'investigating'], to: 'mediating' },
  agree: { from: ['mediating'], to: 'agreed' },
  perform: { from: ['agreed', 'performing'], to: 'performing' },
  close: { from: ['agreed', 'performing'], to: 'closed' },
  fail: { from: ['accepted', 'investigating', 'mediating', 'agreed', 'performing'], to: 'failed' },
  withdraw: { from: ['accepted', 'investigating', 'mediating'], to: 'withdrawn' },
};

export function transition(action: CaseAction, from: CaseStatus): CaseStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(from) ? t.to : null;
}

export const TERMINAL: readonly CaseStatus[] = ['closed', 'failed', 'withdrawn'];
/** Before an agreement: the time limit (30 days, or as extended) runs. */
export const UNDER_MEDIATION: readonly CaseStatus[] = ['accepted', 'investigating', 'mediating'];
export const isOpen = (s: CaseStatus) => !TERMINAL.includes(s);

/** A case is to be mediated within this many days of acceptance unless extended (人民调解法: 一般在三十日内). */
export const CASE_DAYS = 30;
/** The follow-up visit (回访) falls this many days after the agreement unless set otherwise. */
export const FOLLOW_UP_DAYS = 30;
