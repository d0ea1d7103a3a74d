import type { z } from 'zod';
import { maskPhone } from '../../platform/personal-data.ts';
import { mediaUrl } from '../media/service.ts';
import type * as S from './schema.ts';
import type { AssistRow, ExtensionRow, MatterListRow, MatterRow } from './repository.ts';
import type { CategoryTable, Open311ClientTable, StationTable, TimelineTable } from './tables.ts';
import type { Selectable } from 'kysely';
import { DEPARTMENTS } from './catalogue.ts';

export type Category = Selectable<CategoryTable>;
export type Viewer = 'staff' | 'reporter' | 'follower';

export interface Names {
  divisions: Map<number, string>;
  grids: Map<number, { name: string }>;
}

export const photoView = (token: string) => ({
  url: mediaUrl(token),
  thumbnailUrl: `${mediaUrl(token)}?thumbnail=true`,
});

export function categoryName(c: Pick<Category, 'name_zh' | 'name_en'>, locale: 'zh-CN' | 'en') {
  return locale === 'en' ? c.name_en : c.name_zh;
}

export function presentCategory(c: Category, locale: 'zh-CN' | 'en'): z.infer<typeof S.CategoryView> {
  const dept = DEPARTMENTS[c.department];
  return {
    id: c.id,
    parentId: c.parent_id,
    code: c.code,
    name: categoryName(c, locale),
    nameZh: c.name_zh,
    nameEn: c.name_en,
    kind: c.kind,
    dispute: c.dispute,
    department: c.department,
    departmentName: dept ? (locale === 'en' ? dept.en : dept.zh) : c.department,
    confirmOnSite: c.confirm_on_site,
    acceptWithin: { amount: c.accept_amount, unit: c.accept_unit },
    resolveWithin: { amount: c.resolve_amount, unit: c.resolve_unit },
    fields: c.fields,
    keywords: c.keywords,
    active: c.active,
  };
}

export function presentListItem(
  m: MatterListRow | MatterRow,
  category: Category | undefined,
  names: Names,
  viewer: Viewer | 'public',
  now: Date,
  locale: 'zh-CN' | 'en',
): z.infer<typeof S.MatterListItem> {
  const due = m.resolve_due_at;
  const open = !['closed', 'rejected', 'duplicate', 'resolved'].includes(m.status);
  // The public and followers never see who reported anonymously; staff and the reporter do.
  const showReporter = viewer === 'staff' || viewer === 'reporter' || !m.anonymous;
  return {
    id: m.id,
    code: m.code,
    category: { id: m.category_id, code: category?.code ?? '', name: category ? categoryName(category, locale) : '' },
    kind: m.kind,
    status: m.status,
    level: m.level,
    department: m.department,
    urgency: m.urgency,
    source: m.source,
    description: m.description,
    address: m.address,
    location: m.lat !== null && m.lng !== null ? { lat: m.lat, lng: m.lng } : null,
    community: { id: m.division_id, name: names.divisions.get(m.division_id) ?? '' },
    grid: m.grid_id !== null ? { id: m.grid_id, name: names.grids.get(m.grid_id)?.name ?? '' } : null,
    assignee: m.assignee_user_id !== null ? { id: m.assignee_user_id, name: m.assignee_name ?? '' } : null,
    reporter: showReporter ? { name: m.reporter_name, anonymous: m.anonymous } : { name: '匿名', anonymous: true },
    acceptDueAt: m.accept_due_at?.toISOString() ?? null,
    dueAt: due?.toISOString() ?? null,
    secondsLeft: due && open ? Math.round((due.getTime() - now.getTime()) / 1000) : null,
    overdue: m.overdue || Boolean(due && open && due < now),
    photos: m.photos.map(photoView),
    createdAt: m.created_at.toISOString(),
    updatedAt: m.updated_at.toISOString(),
    resolvedAt: m.resolved_at?.toISOString() ?? null,
    closedAt: m.closed_at?.toISOString() ?? null,
    rating: m.rating,
  };
}

export function presentTimeline(
  rows: Selectable<TimelineTable>[],
  viewer: Viewer,
  m: Pick<MatterRow, 'anonymous' | 'reporter_user_id'>,
): z.infer<typeof S.TimelineEntry>[] {
  // An anonymous reporter stays anonymous in the timeline too, for everyone but staff and themselves.
  const hideReporter = m.anonymous && viewer === 'follower';
  return rows
    .filter((r) => viewer === 'staff' || !r.internal)
    .map((r) => ({
      id: r.id,
      at: r.at.toISOString(),
      actor: hideReporter && r.actor_user_id !== null && r.actor_user_id === m.reporter_user_id ? '匿名' : r.actor_name,
      action: r.action,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      note: r.note,
      internal: r.internal,
      photos: r.photos.map(photoView),
      details: viewer === 'staff' ? r.details : {},
    }));
}

export function reporterPhoneFor(m: MatterRow, viewer: Viewer) {
  return viewer === 'staff' ? maskPhone(m.reporter_phone) : null;
}

/** A matter in full, as one who may see it sees it. */
export function presentDetail(
  m: MatterRow,
  parts: {
    category: Category | undefined;
    names: Names;
    viewer: Viewer;
    now: Date;
    locale: 'zh-CN' | 'en';
    station: Selectable<StationTable> | undefined;
    timeline: Selectable<TimelineTable>[];
    followers: number[];
    callerId: number;
    allowedActions: z.infer<typeof S.MatterAction>[];
    extensions: z.infer<typeof S.ExtensionView>[];
    assists: z.infer<typeof S.AssistView>[];
  },
): z.infer<typeof S.MatterDetail> {
  const { station, viewer } = parts;
  return {
    ...presentListItem(m, parts.category, parts.names, viewer, parts.now, parts.locale),
    attributes: m.attributes,
    station: station
      ? {
          id: station.id,
          name: station.name,
          address: station.address,
          phone: station.phone,
          lat: station.lat,
          lng: station.lng,
        }
      : null,
    reporterPhone: reporterPhoneFor(m, viewer),
    ratingComment: m.rating_comment,
    reopenCount: m.reopen_count,
    duplicateOf: m.duplicate_of,
    adopted: m.adopted,
    reply: m.reply,
    following: parts.followers.includes(parts.callerId),
    followers: parts.followers.length,
    viewer,
    allowedActions: parts.allowedActions,
    timeline: presentTimeline(parts.timeline, viewer, m),
    // The desk's work with departments is staff's to see.
    extensions: viewer === 'staff' ? parts.extensions : [],
    assists: viewer === 'staff' ? parts.assists : [],
  };
}

/** A request for more time (延期申请). */
export function presentExtension(e: ExtensionRow): z.infer<typeof S.ExtensionView> {
  return {
    id: e.id,
    matterId: e.matter_id,
    status: e.status,
    until: e.until.toISOString(),
    previousDueAt: e.previous_due_at?.toISOString() ?? null,
    reason: e.reason,
    requestedBy: { id: e.requested_by_user_id, name: e.requested_by_name },
    requestedAt: e.requested_at.toISOString(),
    decidedBy: e.decided_by_user_id !== null ? { id: e.decided_by_user_id, name: e.decided_by_name ?? '' } : null,
    decidedAt: e.decided_at?.toISOString() ?? null,
    decisionNote: e.decision_note,
  };
}

/** An assisting department's part in joint handling (协办). */
export function presentAssist(a: AssistRow, canReply: boolean, locale: 'zh-CN' | 'en'): z.infer<typeof S.AssistView> {
  const dept = DEPARTMENTS[a.department];
  return {
    id: a.id,
    matterId: a.matter_id,
    department: a.department,
    departmentName: dept ? (locale === 'en' ? dept.en : dept.zh) : a.department,
    task: a.task,
    status: a.status,
    requestedBy: { id: a.requested_by_user_id, name: a.requested_by_name },
    createdAt: a.created_at.toISOString(),
    reply: a.reply,
    photos: a.photos.map(photoView),
    repliedBy: a.replied_by_user_id !== null ? { id: a.replied_by_user_id, name: a.replied_by_name ?? '' } : null,
    repliedAt: a.replied_at?.toISOString() ?? null,
    closedAt: a.closed_at?.toISOString() ?? null,
    canReply,
  };
}

export function presentNearby(
  m: {
    id: number;
    code: string;
    status: MatterRow['status'];
    description: string;
    address: string;
    followers: number | null;
    created_at: Date;
  },
  distance: number,
): z.infer<typeof S.NearbyMatter> {
  return {
    id: m.id,
    code: m.code,
    status: m.status,
    description: m.description,
    address: m.address,
    distanceMeters: Math.round(distance),
    followers: Number(m.followers ?? 0),
    createdAt: m.created_at.toISOString(),
  };
}

/** A station; whether it is open now is worked out by the caller (it needs the clock and the time zone). */
export function presentStation(
  s: Selectable<StationTable>,
  openNow: boolean,
  distance?: number,
): z.infer<typeof S.StationView> {
  return {
    id: s.id,
    kind: s.kind,
    name: s.name,
    divisionId: s.division_id,
    lat: s.lat,
    lng: s.lng,
    address: s.address,
    phone: s.phone,
    facilities: s.facilities as z.infer<typeof S.StationView>['facilities'],
    facilitiesCheckedAt: s.facilities_checked_at?.toISOString() ?? null,
    services: s.services,
    capacity: s.capacity,
    openingHours: s.opening_hours as z.infer<typeof S.StationView>['openingHours'],
    openNow,
    active: s.active,
    ...(distance !== undefined ? { distanceMeters: Math.round(distance) } : {}),
  };
}

export function presentOpen311Client(
  r: Pick<Selectable<Open311ClientTable>, 'id' | 'name' | 'division_id' | 'created_at'> & { revoked_at?: Date | null },
): z.infer<typeof S.Open311ClientView> {
  return {
    id: r.id,
    name: r.name,
    divisionId: r.division_id,
    createdAt: r.created_at.toISOString(),
    revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}
