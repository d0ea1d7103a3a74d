import type { z } from 'zod';
import { maskIdNumber, maskPhone } from '../../platform/personal-data.ts';
import { photoView } from '../matters/presenters.ts';
import type { SeenCase } from './access.ts';
import { allowedActions } from './access.ts';
import type { AgreementPage } from './agreement.ts';
import {
  CATEGORY_LABELS,
  label,
  PARTY_ROLE_LABELS,
  REFERRAL_LABELS,
  STATUS_LABELS,
  STUDIO_KIND_LABELS,
  TASK_FORCE_ROLE_LABELS,
} from './catalogue.ts';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';
import { CATEGORIES, type CaseCategory, type PartyRole } from './tables.ts';
import { UNDER_MEDIATION } from './workflow.ts';

/** Rows of the mediation tables as the API shows them; ID and phone numbers masked here. */

type View<T extends z.ZodTypeAny> = z.infer<T>;
type Locale = 'zh-CN' | 'en';
type Rows<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

/** The names a case shows: its community and grid, and its studio. */
export interface CaseNames {
  divisions: Map<number, string>;
  grids: Map<number, { name: string }>;
  studios: Map<number, string>;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** Fen as yuan with two decimals, without floating point. */
export function yuan(fen: number) {
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export function categoryView(code: CaseCategory, locale: Locale) {
  return { code, name: label(CATEGORY_LABELS[code], locale) };
}

export function catalogueView(locale: Locale): View<typeof S.CatalogueView> {
  const of = <K extends string>(labels: Record<K, { zh: string; en: string }>) =>
    (Object.entries(labels) as Array<[K, { zh: string; en: string }]>).map(([code, l]) => ({
      code,
      name: label(l, locale),
    }));
  return {
    categories: of(CATEGORY_LABELS),
    statuses: of(STATUS_LABELS),
    partyRoles: of(PARTY_ROLE_LABELS),
    taskForceRoles: of(TASK_FORCE_ROLE_LABELS),
    referrals: of(REFERRAL_LABELS),
    studioKinds: of(STUDIO_KIND_LABELS),
  };
}

// ---------- studios ----------

export function presentStudio(s: repo.StudioRow, divisionName: string, managerName: string) {
  return {
    id: s.id,
    division: { id: s.division_id, name: divisionName },
    name: s.name,
    kind: s.kind,
    address: s.address,
    phone: s.phone,
    description: s.description,
    manager: s.manager_user_id !== null ? { id: s.manager_user_id, name: managerName } : null,
    active: s.active,
    mediators: Number(s.mediators ?? 0),
    openCases: Number(s.open_cases ?? 0),
  };
}

export function presentMediator(m: Rows<typeof repo.mediatorsOf>[number], locale: Locale) {
  return {
    userId: m.user_id,
    name: m.display_name,
    title: m.title,
    specialities: m.specialities
      .filter((c): c is CaseCategory => (CATEGORIES as readonly string[]).includes(c))
      .map((c) => categoryView(c, locale)),
    active: m.active,
    joinedAt: m.joined_at.toISOString(),
  };
}

// ---------- cases ----------

export function presentListItem(
  c: repo.CaseRow,
  names: CaseNames,
  parties: Array<{ role: PartyRole; name: string }>,
  locale: Locale,
  now: Date,
): View<typeof S.CaseListItem> {
  return {
    id: c.id,
    code: c.code,
    category: categoryView(c.category, locale),
    status: c.status,
    statusName: label(STATUS_LABELS[c.status], locale),
    risk: c.risk,
    summary: c.summary,
    community: { id: c.community_id, name: names.divisions.get(c.community_id) ?? '' },
    studio: c.studio_id !== null ? { id: c.studio_id, name: names.studios.get(c.studio_id) ?? '' } : null,
    mediator: c.mediator_user_id !== null ? { id: c.mediator_user_id, name: c.mediator_name ?? '' } : null,
    amountFen: Number(c.amount_fen),
    peopleCount: c.people_count,
    groupDispute: c.group_dispute,
    parties: parties.map((p) => ({ role: p.role, name: p.name })),
    acceptedAt: c.accepted_at.toISOString(),
    dueAt: c.due_at.toISOString(),
    overdue: c.overdue || (UNDER_MEDIATION.includes(c.status) && c.due_at < now),
    agreedAt: iso(c.agreed_at),
    endedAt: iso(c.ended_at),
    outcome: c.outcome,
  };
}

export interface CaseRecord {
  names: CaseNames;
  parties: Rows<typeof repo.partiesOf>;
  taskForce: Rows<typeof repo.taskForceOf>;
  sessions: Rows<typeof repo.sessionsOf>;
  agreement: Rows<typeof repo.agreementOf>;
  instalments: Rows<typeof repo.instalmentsOf>;
  followUps: Rows<typeof repo.followUpsOf>;
  claims: Rows<typeof repo.claimsSummary>;
  timeline: Rows<typeof repo.timelineOf>;
}

const paidUp = (i: { paid_fen: number; amount_fen: number }) => Number(i.paid_fen) >= Number(i.amount_fen);

export function presentCaseDetail(
  c: repo.CaseRow,
  r: CaseRecord,
  access: SeenCase,
  locale: Locale,
  now: Date,
): View<typeof S.CaseDetail> {
  const { agreement, instalments } = r;
  const unpaid = instalments.some((i) => !paidUp(i));
  return {
    ...presentListItem(c, r.names, r.parties, locale, now),
    matterId: c.matter_id,
    source: c.source,
    facts: c.facts,
    issues: c.issues,
    grid: c.grid_id !== null ? { id: c.grid_id, name: r.names.grids.get(c.grid_id)?.name ?? '' } : null,
    extendedDays: c.extended_days,
    escalatedAt: iso(c.escalated_at),
    performedAt: iso(c.performed_at),
    followUpDueOn: c.follow_up_due_on,
    endReason: c.end_reason,
    referral: c.referral_kind
      ? { kind: c.referral_kind, name: label(REFERRAL_LABELS[c.referral_kind], locale), to: c.referral_to }
      : null,
    partyList: r.parties.map((p) => ({
      id: p.id,
      role: p.role,
      kind: p.kind,
      name: p.name,
      idNumber: maskIdNumber(p.id_number),
      phone: maskPhone(p.phone),
      address: p.address,
      representative: p.representative,
      personId: p.person_id,
      userId: p.user_id,
    })),
    taskForce: r.taskForce.map((m) => ({
      id: m.id,
      userId: m.user_id,
      name: m.name,
      role: m.role,
      roleName: label(TASK_FORCE_ROLE_LABELS[m.role], locale),
      organisation: m.organisation,
    })),
    sessions: r.sessions.map((s) => ({
      id: s.id,
      heldAt: s.held_at.toISOString(),
      place: s.place,
      attendees: s.attendees,
      notes: s.notes,
    })),
    agreement: agreement
      ? {
          terms: agreement.terms,
          facts: agreement.facts,
          totalFen: Number(agreement.total_fen),
          paidFen: instalments.reduce((t, i) => t + Number(i.paid_fen), 0),
          performanceMethod: agreement.performance_method,
          performanceDeadline: agreement.performance_deadline,
          signedOn: agreement.signed_on,
          copies: agreement.copies,
          fullyPerformed: c.performed_at !== null,
          instalments: instalments.map((i) => ({
            seq: i.seq,
            dueOn: i.due_on,
            amountFen: Number(i.amount_fen),
            paidFen: Number(i.paid_fen),
            paidOn: i.paid_on,
            paid: paidUp(i),
          })),
        }
      : null,
    followUps: r.followUps.map((f) => ({
      id: f.id,
      visitedAt: f.visited_at.toISOString(),
      visitedBy: f.visited_by_name,
      findings: f.findings,
      satisfied: f.satisfied,
    })),
    claimsSummary: r.claims,
    timeline: r.timeline.map((e) => ({
      id: e.id,
      at: e.at.toISOString(),
      actor: e.actor_name,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      note: e.note,
      details: e.details,
    })),
    viewer: access.viewer,
    allowedActions: allowedActions(c, access, agreement ? { unpaid } : null),
  };
}

export function presentMyCase(
  c: Rows<typeof repo.casesOfParty>[number],
  steps: Rows<typeof repo.statusStepsOf>,
  locale: Locale,
): View<typeof S.MyCases>['items'][number] {
  return {
    id: c.id,
    code: c.code,
    category: categoryView(c.category, locale),
    status: c.status,
    statusName: label(STATUS_LABELS[c.status], locale),
    myRole: c.party_role,
    studio: c.studio_name ?? null,
    mediator: c.mediator_name,
    acceptedAt: c.accepted_at.toISOString(),
    agreedAt: iso(c.agreed_at),
    endedAt: iso(c.ended_at),
    outcome: c.outcome,
    steps: steps
      .filter((s) => s.case_id === c.id)
      .map((s) => ({ at: s.at.toISOString(), status: s.to_status!, name: label(STATUS_LABELS[s.to_status!], locale) })),
  };
}

/** The whole numbers, for those who may see them (the call is audited by the service). */
export function presentRevealed(
  parties: Rows<typeof repo.partiesOf>,
  claims: Rows<typeof repo.claimPhones>,
): View<typeof S.RevealView> {
  return {
    parties: parties.map((p) => ({ id: p.id, name: p.name, idNumber: p.id_number, phone: p.phone })),
    claims: claims.map((k) => ({ id: k.id, claimantName: k.claimant_name, phone: k.phone })),
  };
}

export function presentClaim(k: repo.ClaimRow): View<typeof S.ClaimView> {
  return {
    id: k.id,
    claimantName: k.claimant_name,
    phone: maskPhone(k.phone),
    address: k.address,
    amountFen: Number(k.amount_fen),
    description: k.description,
    documents: k.documents.map(photoView),
    visitedAt: k.visited_at.toISOString(),
    visitedBy: k.visited_by_name,
  };
}

/** The values of the printable agreement (ID numbers masked). */
export function agreementPageOf(
  c: repo.CaseRow,
  agreement: NonNullable<Rows<typeof repo.agreementOf>>,
  parties: Rows<typeof repo.partiesOf>,
  instalments: Rows<typeof repo.instalmentsOf>,
  names: CaseNames,
  /** The copy the parties sign: ID numbers and phones whole. */
  whole = false,
): AgreementPage {
  return {
    code: c.code,
    committee: `${names.divisions.get(c.community_id) ?? ''}人民调解委员会`,
    studio: c.studio_id !== null ? (names.studios.get(c.studio_id) ?? null) : null,
    category: label(CATEGORY_LABELS[c.category], 'zh-CN'),
    parties: parties.map((p) => ({
      role: PARTY_ROLE_LABELS[p.role].zh,
      kind: p.kind,
      name: p.name,
      idNumber: whole ? p.id_number : maskIdNumber(p.id_number),
      phone: whole ? p.phone : maskPhone(p.phone),
      address: p.address,
      representative: p.representative,
    })),
    facts: agreement.facts,
    terms: agreement.terms,
    totalFen: Number(agreement.total_fen),
    instalments: instalments.map((i) => ({ seq: i.seq, dueOn: i.due_on, amountFen: Number(i.amount_fen) })),
    performanceMethod: agreement.performance_method,
    performanceDeadline: agreement.performance_deadline,
    signedOn: agreement.signed_on,
    copies: agreement.copies,
    mediator: c.mediator_name,
  };
}
