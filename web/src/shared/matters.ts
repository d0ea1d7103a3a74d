import type { TFunction } from 'i18next';
import type {
  Category,
  CategoryField,
  Duration,
  Locale,
  MatterKind,
  MatterLevel,
  MatterStatus,
  OpeningHours,
  StationKind,
  Urgency,
  WeeklyHours,
} from './types.ts';

/** antd preset colours for the status tags; the same hue in both apps. */
export const STATUS_COLORS: Record<MatterStatus, string> = {
  reported: '#d46b08',
  accepted: '#1f5fbf',
  dispatched: '#2f54eb',
  in_progress: '#08979c',
  resolved: '#389e0d',
  closed: '#8c8c8c',
  rejected: '#cf1322',
  duplicate: '#8c8c8c',
  escalated: '#722ed1',
  reopened: '#c41d7f',
  returned: '#d4380d',
};

export const URGENCY_COLORS: Record<Urgency, string> = { normal: '#8c8c8c', urgent: '#d46b08', critical: '#cf1322' };

export const STATION_KIND_COLORS: Record<StationKind, string> = {
  party_service_center: '#c8161d',
  warm_station: '#d46b08',
  courier_station: '#1f5fbf',
  mediation_room: '#13a8a8',
  legal_station: '#722ed1',
  fire_station: '#cf1322',
  health_station: '#389e0d',
  elderly_care_center: '#ad6800',
  childcare_center: '#eb2f96',
  canteen: '#fa8c16',
  employment_station: '#2f54eb',
  culture_center: '#08979c',
};

export function statusLabel(t: TFunction, status: MatterStatus): string {
  return t(`matters.status.${status}`);
}

export function levelLabel(t: TFunction, level: MatterLevel): string {
  return t(`matters.level.${level}`);
}

export function kindLabel(t: TFunction, kind: MatterKind): string {
  return t(`matters.kind.${kind}`);
}

export function urgencyLabel(t: TFunction, urgency: Urgency): string {
  return t(`matters.urgency.${urgency}`);
}

/** Timeline actions the UI knows by name; others are shown as the server wrote them. */
const TIMELINE_ACTIONS = [
  'report',
  'help',
  'suggest',
  'resolve_on_spot',
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
  'merged_in',
  'reply',
  'note',
  'follow',
  'deadline_warning',
  'overdue',
  'auto_close',
] as const;
type TimelineAction = (typeof TIMELINE_ACTIONS)[number];

/** The desk's steps (退单, 延期, 协办), named in i18n/matters-desk.ts. */
const DESK_TIMELINE_ACTIONS = [
  'return',
  'extension_requested',
  'extension_granted',
  'extension_refused',
  'assist_added',
  'assist_replied',
  'assist_unanswered',
] as const;

export function timelineActionLabel(t: TFunction, action: string): string {
  if ((DESK_TIMELINE_ACTIONS as readonly string[]).includes(action))
    return t(`mattersDesk.timeline.${action as (typeof DESK_TIMELINE_ACTIONS)[number]}`);
  return (TIMELINE_ACTIONS as readonly string[]).includes(action)
    ? t(`matters.timeline.${action as TimelineAction}`)
    : action;
}

export function isOpenStatus(status: MatterStatus): boolean {
  return !['closed', 'rejected', 'duplicate'].includes(status);
}

// ---------- deadlines ----------

export type DeadlineTone = 'ok' | 'soon' | 'late' | 'none';

/**
 * Seconds left now, from the server's count when the answer was made; the browser's
 * clock only measures the time since, so a wrong clock cannot move a deadline.
 */
export function secondsLeftNow(secondsLeft: number | null, loadedAt: number, now: number): number | null {
  return secondsLeft === null ? null : Math.round(secondsLeft - (now - loadedAt) / 1000);
}

/** Green while there is time, orange in the last fifth (or the last two hours), red when overdue. */
export function deadlineTone(secondsLeft: number | null, totalSeconds?: number | null): DeadlineTone {
  if (secondsLeft === null) return 'none';
  if (secondsLeft < 0) return 'late';
  const soon = Math.max(2 * 3600, totalSeconds ? totalSeconds * 0.2 : 0);
  return secondsLeft <= soon ? 'soon' : 'ok';
}

/** A span as the two largest units: 2 天 3 小时, 5 小时 12 分钟, 8 分钟. */
export function formatSpan(t: TFunction, seconds: number): string {
  const s = Math.abs(seconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return hours > 0 ? t('matters.span.daysHours', { days, hours }) : t('matters.span.days', { days });
  if (hours > 0)
    return minutes > 0 ? t('matters.span.hoursMinutes', { hours, minutes }) : t('matters.span.hours', { hours });
  return t('matters.span.minutes', { minutes: Math.max(minutes, s > 0 ? 1 : 0) });
}

/** 剩余 2 天 3 小时, or 已超期 5 小时. */
export function formatDeadline(t: TFunction, secondsLeft: number): string {
  return secondsLeft < 0
    ? t('matters.overdueBy', { span: formatSpan(t, secondsLeft) })
    : t('matters.timeLeft', { span: formatSpan(t, secondsLeft) });
}

export function durationLabel(t: TFunction, duration: Duration): string {
  return t(`matters.units.${duration.unit}`, { count: duration.amount });
}

// ---------- catalogue ----------

export interface CategoryNode {
  value: number;
  label: string;
  category: Category;
  children?: CategoryNode[];
}

/**
 * The two-level catalogue as a tree for cascaders: top-level categories with their
 * children, only active ones of the given kinds, and no empty parents.
 */
export function categoryTree(categories: readonly Category[], kinds?: readonly MatterKind[]): CategoryNode[] {
  const fits = (c: Category) => c.active && (!kinds || kinds.includes(c.kind));
  return categories
    .filter((c) => c.parentId === null && c.active)
    .map((parent) => ({
      value: parent.id,
      label: parent.name,
      category: parent,
      children: categories
        .filter((c) => c.parentId === parent.id && fits(c))
        .map((c) => ({ value: c.id, label: c.name, category: c })),
    }))
    .filter((node) => node.children.length > 0);
}

/** [parentId, id] for a child category, [id] for a top-level one; for cascader values. */
export function categoryPath(categories: readonly Category[], id: number): number[] {
  const category = categories.find((c) => c.id === id);
  if (!category) return [];
  return category.parentId === null ? [id] : [category.parentId, id];
}

export function fieldLabel(field: CategoryField, locale: Locale): string {
  return locale === 'en' ? field.labelEn : field.labelZh;
}

export function optionLabel(field: CategoryField, value: unknown, locale: Locale): string {
  const option = field.options?.find((o) => o.value === value);
  if (!option) return String(value);
  return locale === 'en' ? option.labelEn : option.labelZh;
}

// ---------- stations ----------

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '0'] as const; // Monday first, as Chinese calendars are
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * Opening hours in words, days with the same hours grouped:
 * 周一至周五 08:30–12:00、13:30–17:30; or 24 小时开放.
 */
export function describeOpeningHours(t: TFunction, hours: OpeningHours): string {
  if (hours.always) return t('stations.always');
  const weekly: WeeklyHours = hours.weekly ?? {};
  const groups: { days: Weekday[]; ranges: string }[] = [];
  for (const day of WEEKDAYS) {
    const ranges = (weekly[day] ?? []).map(([from, to]) => `${from}–${to}`).join(t('common.listSeparator'));
    if (!ranges) continue;
    const last = groups[groups.length - 1];
    const previousDay = WEEKDAYS[WEEKDAYS.indexOf(day) - 1];
    if (last && last.ranges === ranges && last.days[last.days.length - 1] === previousDay) last.days.push(day);
    else groups.push({ days: [day], ranges });
  }
  if (groups.length === 0) return t('stations.closed');
  return groups
    .map(({ days, ranges }) => {
      const first = t(`stations.weekdays.${days[0]!}`);
      const span =
        days.length === 1
          ? first
          : t('stations.dayRange', { from: first, to: t(`stations.weekdays.${days[days.length - 1]!}`) });
      return `${span} ${ranges}`;
    })
    .join('; ');
}

export function formatDistance(t: TFunction, meters: number): string {
  return meters < 1000
    ? t('stations.meters', { n: Math.round(meters) })
    : t('stations.kilometers', { n: (meters / 1000).toFixed(1) });
}
