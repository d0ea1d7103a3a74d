import type { z } from 'zod';
import { addDays, localParts } from '../../platform/local-time.ts';
import { photoView } from '../matters/presenters.ts';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { CheckKind, TargetKind } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export const CHECK_NAMES: Record<CheckKind, { zh: string; en: string; zhMissed: string; enMissed: string }> = {
  curtain_open: {
    zh: '窗帘打开',
    en: 'Curtain opened',
    zhMissed: '窗帘未按时打开',
    enMissed: 'curtain not opened in time',
  },
  curtain_close: {
    zh: '窗帘关闭',
    en: 'Curtain closed',
    zhMissed: '窗帘未按时关闭',
    enMissed: 'curtain not closed in time',
  },
  water_used: { zh: '用水', en: 'Water used', zhMissed: '未按时用水', enMissed: 'no water used in time' },
  door_open: { zh: '开门', en: 'Door opened', zhMissed: '未按时开门', enMissed: 'door not opened in time' },
};

export const KIND_NAMES: Record<TargetKind, string> = {
  elderly_alone: '独居老人',
  disabled: '残疾',
  seriously_ill: '重病',
};

export function presentCheck(c: repo.CheckRow, locale: 'zh-CN' | 'en', timeZone: string): View<typeof S.CheckView> {
  return {
    id: c.id,
    day: c.day,
    kind: c.kind,
    kindName: locale === 'en' ? CHECK_NAMES[c.kind].en : CHECK_NAMES[c.kind].zh,
    dueTime: localParts(c.due_at, timeZone).time,
    dueAt: c.due_at.toISOString(),
    opensAt: c.window_from_at.toISOString(),
    status: c.status,
    satisfiedAt: c.satisfied_at?.toISOString() ?? null,
    satisfiedBy: c.satisfied_by,
    satisfiedByName: c.satisfied_user_name,
    note: c.satisfied_note,
    late: c.late,
    matterId: c.matter_id,
    responder: c.responder_user_id !== null ? { userId: c.responder_user_id, name: c.responder_name ?? '' } : null,
    acknowledgedAt: c.acknowledged_at?.toISOString() ?? null,
    acknowledgedBy: c.acknowledged_name,
    escalations: c.escalations,
  };
}

export function presentPlan(
  p: (repo.PlanRow & { last_visit_at: Date | null }) | undefined,
  timeZone: string,
  today: string,
): View<typeof S.VisitPlanView> | null {
  if (!p) return null;
  const last = p.last_visit_at ? localParts(p.last_visit_at, timeZone).date : null;
  const nextDueOn = last ? addDays(last, p.every_days) : p.starts_on;
  return {
    everyDays: p.every_days,
    visitorUserId: p.visitor_user_id,
    visitorName: p.visitor_name,
    startsOn: p.starts_on,
    lastVisitAt: p.last_visit_at?.toISOString() ?? null,
    nextDueOn,
    overdue: nextDueOn < today,
  };
}

export function presentHelper(h: repo.HelperRow): View<typeof S.HelperView> {
  return { userId: h.user_id, name: h.display_name, relation: h.relation, position: h.position };
}

export function presentVisit(v: repo.VisitRow): View<typeof S.VisitView> {
  return {
    id: v.id,
    targetId: v.target_id,
    visitorUserId: v.visitor_user_id,
    visitorName: v.visitor_name,
    visitedAt: v.visited_at.toISOString(),
    method: v.method,
    findings: v.findings,
    photos: v.photos.map(photoView),
    concern: v.concern,
    matterId: v.matter_id,
  };
}
