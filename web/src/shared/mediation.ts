/** API shapes of /api/mediation (server/src/modules/mediation/schema.ts) and helpers. */

export type CaseStatus = 'accepted' | 'investigating' | 'mediating' | 'agreed' | 'performing' | 'closed' | 'failed' | 'withdrawn';
export const CASE_STATUSES: readonly CaseStatus[] = ['accepted', 'investigating', 'mediating', 'agreed', 'performing', 'closed', 'failed', 'withdrawn'];
export type PartyRole = 'applicant' | 'respondent' | 'third_party';
export const PARTY_ROLES: readonly PartyRole[] = ['applicant', 'respondent', 'third_party'];
export type Risk = 'low' | 'medium' | 'high';
export const RISKS: readonly Risk[] = ['low', 'medium', 'high'];
export type TaskForceRole = 'police' | 'mediator' | 'property' | 'lawyer' | 'other';
export type Referral = 'court' | 'arbitration' | 'legal_aid' | 'other';
export type StudioKind = 'studio' | 'talk_point' | 'committee' | 'legal_station';
export type CaseAction =
  | 'edit'
  | 'party'
  | 'take'
  | 'assign'
  | 'extend'
  | 'investigate'
  | 'mediate'
  | 'session'
  | 'agree'
  | 'pay'
  | 'perform'
  | 'follow_up'
  | 'close'
  | 'fail'
  | 'withdraw'
  | 'claim'
  | 'reveal';
export type AttendeeSide = 'applicant' | 'respondent' | 'third_party' | 'mediator' | 'task_force' | 'other';
export const ATTENDEE_SIDES: readonly AttendeeSide[] = ['applicant', 'respondent', 'third_party', 'mediator', 'task_force', 'other'];

export interface Labelled {
  code: string;
  name: string;
}
export interface Ref {
  id: number;
  name: string;
}

export interface Catalogue {
  categories: Labelled[];
  statuses: Labelled[];
  partyRoles: Labelled[];
  taskForceRoles: Labelled[];
  referrals: Labelled[];
  studioKinds: Labelled[];
}

export interface StudioSummary {
  id: number;
  division: Ref;
  name: string;
  kind: StudioKind;
  address: string;
  phone: string;
  description: string;
  manager: Ref | null;
  active: boolean;
  mediators: number;
  openCases: number;
}

export interface StudioView extends StudioSummary {
  mediatorList: { userId: number; name: string; title: string; specialities: Labelled[]; active: boolean; joinedAt: string }[];
}

export interface CaseListItem {
  id: number;
  code: string;
  category: Labelled;
  status: CaseStatus;
  statusName: string;
  risk: Risk;
  summary: string;
  community: Ref;
  studio: Ref | null;
  mediator: Ref | null;
  amountFen: number;
  peopleCount: number;
  groupDispute: boolean;
  parties: { role: PartyRole; name: string }[];
  acceptedAt: string;
  dueAt: string;
  overdue: boolean;
  agreedAt: string | null;
  endedAt: string | null;
  outcome: 'agreed' | 'failed' | 'withdrawn' | null;
}

export interface Instalment {
  seq: number;
  dueOn: string;
  amountFen: number;
  paidFen: number;
  paidOn: string | null;
  paid: boolean;
}

export interface CaseDetail extends CaseListItem {
  matterId: number | null;
  source: string;
  facts: string;
  issues: string;
  grid: Ref | null;
  extendedDays: number;
  escalatedAt: string | null;
  performedAt: string | null;
  followUpDueOn: string | null;
  endReason: string;
  referral: { kind: Referral; name: string; to: string } | null;
  partyList: {
    id: number;
    role: PartyRole;
    kind: 'person' | 'organisation';
    name: string;
    idNumber: string | null;
    phone: string | null;
    address: string;
    representative: string;
    personId: number | null;
    userId: number | null;
  }[];
  taskForce: { id: number; userId: number | null; name: string; role: TaskForceRole; roleName: string; organisation: string }[];
  sessions: { id: number; heldAt: string; place: string; attendees: { name: string; side: AttendeeSide }[]; notes: string }[];
  agreement: {
    terms: string[];
    facts: string;
    totalFen: number;
    paidFen: number;
    performanceMethod: string;
    performanceDeadline: string;
    signedOn: string;
    copies: number;
    fullyPerformed: boolean;
    instalments: Instalment[];
  } | null;
  followUps: { id: number; visitedAt: string; visitedBy: string; findings: string; satisfied: boolean }[];
  claimsSummary: { count: number; totalFen: number };
  timeline: { id: number; at: string; actor: string; action: string; fromStatus: CaseStatus | null; toStatus: CaseStatus | null; note: string; details: Record<string, unknown> }[];
  viewer: 'manager' | 'handler' | 'reader';
  allowedActions: CaseAction[];
}

export interface Claim {
  id: number;
  claimantName: string;
  phone: string | null;
  address: string;
  amountFen: number;
  description: string;
  documents: { url: string; thumbnailUrl: string }[];
  visitedAt: string;
  visitedBy: string;
}

export interface RevealView {
  parties: { id: number; name: string; idNumber: string | null; phone: string | null }[];
  claims: { id: number; claimantName: string; phone: string | null }[];
}

export interface MyCase {
  id: number;
  code: string;
  category: Labelled;
  status: CaseStatus;
  statusName: string;
  myRole: PartyRole;
  studio: string | null;
  mediator: string | null;
  acceptedAt: string;
  agreedAt: string | null;
  endedAt: string | null;
  outcome: 'agreed' | 'failed' | 'withdrawn' | null;
  steps: { at: string; status: CaseStatus; name: string }[];
}

interface Tally {
  accepted: number;
  agreed: number;
  failed: number;
  successRate: number | null;
}

export interface MediationStats {
  from: string;
  to: string;
  accepted: number;
  agreed: number;
  failed: number;
  withdrawn: number;
  successRate: number | null;
  amountFen: number;
  daysToAgreement: { count: number; mean: number | null; median: number | null };
  overdueOpen: number;
  byCategory: (Labelled & Tally)[];
  byMonth: { month: string; accepted: number; lastYear: number }[];
  byStudio: (Tally & { studio: Ref | null })[];
  byMediator: (Tally & { mediator: Ref | null })[];
}

// ---------- helpers ----------

/** The six steps of a case (受理 → 查明事实 → 调解 → 协议 → 履行 → 回访). */
export const CASE_STEPS = ['accept', 'investigate', 'mediate', 'agree', 'perform', 'follow_up'] as const;
export type CaseStep = (typeof CASE_STEPS)[number];

/** Which step a case has reached (index into CASE_STEPS), and whether it ended off the path. */
export function caseStep(c: { status: CaseStatus; followUps?: readonly unknown[]; agreedAt?: string | null }): { current: number; state: 'process' | 'finish' | 'error' } {
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
  const s = String(text).trim().replace(/^[¥￥]/, '').replace(/,/g, '');
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
