/** API shapes of /api/mediation (server/src/modules/mediation/schema.ts) and helpers. */

import type { MediationApi } from '@gongzhi/server/api';
import { CASE_STATUSES, PARTY_ROLES, RISKS } from '@gongzhi/server/enums';

export { CASE_STATUSES, PARTY_ROLES, RISKS };

/** Cases still being worked on: not closed, failed or withdrawn. */
export const OPEN_CASE_STATUSES = ['accepted', 'investigating', 'mediating', 'agreed', 'performing'] as const;
export type CaseStatus = MediationApi['CaseStatus'];
export type PartyRole = MediationApi['PartyRole'];
export type Risk = MediationApi['Risk'];
export type TaskForceRole = MediationApi['TaskForceRole'];
export type Referral = MediationApi['Referral'];
export type StudioKind = MediationApi['StudioKind'];
export type CaseAction = MediationApi['CaseAllowed'];
export type AttendeeSide = CaseDetail['sessions'][number]['attendees'][number]['side'];
export const ATTENDEE_SIDES = [
  'applicant',
  'respondent',
  'third_party',
  'mediator',
  'task_force',
  'other',
] as const satisfies readonly AttendeeSide[];

export type Labelled = Catalogue['categories'][number];
export type Ref = NonNullable<CaseListItem['mediator']>;

export type Catalogue = MediationApi['CatalogueView'];

export type StudioSummary = MediationApi['StudioSummary'];

export type StudioView = MediationApi['StudioView'];

export type CaseListItem = MediationApi['CaseListItem'];

export type Instalment = MediationApi['InstalmentView'];

export type CaseDetail = MediationApi['CaseDetail'];

export type Claim = MediationApi['ClaimView'];

export type RevealView = MediationApi['RevealView'];

export type MyCase = MediationApi['MyCases']['items'][number];

export type MediationStats = MediationApi['StatsView'];

// ---------- helpers ----------

/** The six steps of a case (受理 → 查明事实 → 调解 → 协议 → 履行 → 回访). */
export const CASE_STEPS = ['accept', 'investigate', 'mediate', 'agree', 'perform', 'follow_up'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

/** Which step a case has reached (index into CASE_STEPS), and whether it ended off the path. */
export function caseStep(c: { status: CaseStatus; followUps?: readonly unknown[]; agreedAt?: string | null }): {
  current: number;
  state: 'process' | 'finish' | 'error';
} {
  switch (c.status) {
    case 'accepted':
      return { current: 0, state: 'process' };
    case 'investigating':
      return { current: 1, state: 'process' };
    case 'mediating':
      return { current: 2, state: 'process' };
    case 'agreed':
      return { current: 3, state: 'process' };
    case 'performing':
      return { current: 4, state: 'process' };
    case 'closed':
      return { current: 5, state: 'finish' };
    case 'failed':
    case 'withdrawn':
      return { current: c.agreedAt ? 3 : 2, state: 'error' };
  }
}

export const CASE_STATUS_COLORS: Record<CaseStatus, string> = {
  accepted: '#1f5fbf',
  investigating: '#08979c',
  mediating: '#d46b08',
  agreed: '#722ed1',
  performing: '#2f54eb',
  closed: '#389e0d',
  failed: '#cf1322',
  withdrawn: '#8c8c8c',
};

export const RISK_COLORS: Record<Risk, string> = { low: 'green', medium: 'orange', high: 'red' };

/**
 * Yuan as typed ("1,234.5", "¥80") to fen, exactly (no floating point); undefined
 * when it is not an amount with at most two decimals.
 */
export function parseYuan(text: string | number | null | undefined): number | undefined {
  if (text === null || text === undefined) return undefined;
  const s = String(text)
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/,/g, '');
  const match = /^(\d{1,11})(?:\.(\d{0,2}))?$/.exec(s);
  if (!match) return undefined;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** Fen as yuan for a form field: 123456 → "1234.56", 100 → "1". */
export function fenToYuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`.replace(/0$/, '');
}

/** How far the instalments are from the total (0 when they add up). */
export function instalmentGap(totalFen: number, instalments: readonly { amountFen: number | undefined }[]): number {
  return totalFen - instalments.reduce((sum, i) => sum + (i.amountFen ?? 0), 0);
}

/** Splits a total into n instalments of whole fen, the remainder on the last. */
export function splitInstalments(totalFen: number, n: number): number[] {
  if (n <= 0) return [];
  const each = Math.floor(totalFen / n);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? totalFen - each * (n - 1) : each));
}
