import type { z } from 'zod';
import type { Locale } from '../../platform/i18n.ts';
import { maskName, maskPhone } from '../../platform/personal-data.ts';
import { daysLeft, type Bilingual, type Deadline, type FinalAward, type RightsKind } from './deadlines.ts';
import type { CaseRow, StepRow } from './repository.ts';
import { MEANS_TEST_RULE, ROUTE_LABELS, type Route } from './routing.ts';
import type * as S from './schema.ts';
import type { DutyRole, RightsStatus } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export const say = (b: Bilingual, locale: Locale) => (locale === 'en' ? b.en : b.zh);

export const KIND_LABELS: Record<RightsKind, Bilingual> = {
  wage: { zh: '工资被拖欠', en: 'Unpaid wages' },
  contract: { zh: '劳动合同 / 解雇', en: 'Contract or dismissal' },
  injury: { zh: '工伤', en: 'Work injury' },
  traffic: { zh: '交通事故', en: 'Traffic accident' },
};

export const STATUS_LABELS: Record<RightsStatus, Bilingual> = {
  routed: { zh: '已分流办理中', en: 'Routed, in hand' },
  resolved: { zh: '已办结', en: 'Resolved' },
  closed: { zh: '已关闭', en: 'Closed' },
};

export const DUTY_ROLE_LABELS: Record<DutyRole, Bilingual> = {
  lawyer: { zh: '值班律师', en: 'Lawyer on duty' },
  counsellor: { zh: '值班咨询师', en: 'Counsellor on duty' },
};

/** Shown with every assessment: the intake informs, a lawyer advises (research §9 pitfalls). */
export const DISCLAIMER: Bilingual = {
  zh: '以上期限按您填写的信息推算，仅供参考，不构成法律意见。请尽早咨询值班律师、法律援助（12348）或人社（12333）。',
  en: 'These deadlines are worked out from what you entered: general information, not legal advice. Ask the lawyer on duty, legal aid (12348) or the labour office (12333) soon.',
};

export const HOTLINES: Array<{ number: string; label: Bilingual }> = [
  { number: '12348', label: { zh: '法律援助热线', en: 'Legal aid hotline' } },
  { number: '12333', label: { zh: '人社服务热线（劳动保障）', en: 'Human resources and social security' } },
  { number: '12345', label: { zh: '政务服务便民热线', en: 'Government service hotline' } },
];

export function presentDeadline(d: Deadline, today: string, locale: Locale): View<typeof S.DeadlineView> {
  return {
    code: d.code,
    lastDay: d.lastDay,
    countedFrom: d.countedFrom,
    movedFrom: d.movedFrom,
    daysLeft: d.lastDay ? daysLeft(today, d.lastDay) : null,
    title: say(d.title, locale),
    rule: say(d.rule, locale),
    reasoning: say(d.reasoning, locale),
  };
}

export function presentFinalAward(f: FinalAward | null, locale: Locale): View<typeof S.FinalAwardView> | null {
  if (!f) return null;
  return { ...f, rule: say(f.rule, locale), reasoning: say(f.reasoning, locale) };
}

export function presentAssessment(
  a: {
    deadlines: Deadline[];
    finalAward: FinalAward | null;
    recommendedRoute: Route;
    routes: readonly Route[];
    meansTestWaived: boolean;
  },
  today: string,
  locale: Locale,
): View<typeof S.AssessmentView> {
  return {
    deadlines: a.deadlines.map((d) => presentDeadline(d, today, locale)),
    finalAward: presentFinalAward(a.finalAward, locale),
    recommendedRoute: a.recommendedRoute,
    routes: a.routes.map((code) => ({ code, label: say(ROUTE_LABELS[code], locale) })),
    meansTestWaived: a.meansTestWaived,
    meansTestRule: a.meansTestWaived ? say(MEANS_TEST_RULE, locale) : null,
    disclaimer: say(DISCLAIMER, locale),
  };
}

/** A case as a list shows it: the worker's name and phone masked unless `whole` (their own, or revealed). */
export function presentCase(
  c: CaseRow,
  communityName: string,
  locale: Locale,
  whole: boolean,
): View<typeof S.CaseView> {
  return {
    id: c.id,
    code: c.code,
    community: { id: c.community_id, name: communityName },
    source: c.source,
    kind: { code: c.kind, label: say(KIND_LABELS[c.kind], locale) },
    relationship: c.relationship,
    problem: c.facts.problem,
    status: { code: c.status, label: say(STATUS_LABELS[c.status], locale) },
    route: { code: c.route, label: say(ROUTE_LABELS[c.route], locale) },
    routeRef: c.route_ref,
    workerName: whole ? c.worker_name : maskName(c.worker_name),
    workerPhone: (whole ? c.worker_phone : maskPhone(c.worker_phone)) ?? '',
    migrantWorker: c.migrant_worker,
    meansTestWaived: c.means_test_waived,
    employerName: c.employer_name,
    summary: c.summary,
    claimFen: Number(c.claim_fen),
    recoveredFen: Number(c.recovered_fen),
    earliestDeadline: c.earliest_deadline,
    createdAt: c.created_at.toISOString(),
  };
}

export function presentSteps(steps: StepRow[]): View<typeof S.CaseDetail>['steps'] {
  return steps.map((s) => ({
    at: s.at.toISOString(),
    action: s.action,
    route: s.route,
    note: s.note,
    actorName: s.actor_name,
  }));
}
