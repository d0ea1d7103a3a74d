import type { z } from 'zod';
import { maskPhone } from '../../platform/personal-data.ts';
import { mediaUrl } from '../media/service.ts';
import type * as S from './schema.ts';
import type { MatterListRow, MatterRow } from './repository.ts';
import type { CategoryTable, TimelineTable } from './tables.ts';
import type { Selectable } from 'kysely';

export type Category = Selectable<CategoryTable>;
export type Viewer = 'staff' | 'reporter' | 'follower';

export interface Names {
  divisions: Map<number, string>;
  grids: Map<number, { name: string }>;
}

export const photoView = (token: string) => ({ url: mediaUrl(token), thumbnailUrl: `${mediaUrl(token)}?thumbnail=true` });

export function categoryName(c: Pick<Category, 'name_zh' | 'name_en'>, locale: 'zh-CN' | 'en') {
  return locale === 'en' ? c.name_en : c.name_zh;
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

export function presentTimeline(rows: Selectable<TimelineTable>[], viewer: Viewer, m: Pick<MatterRow, 'anonymous' | 'reporter_user_id'>): z.infer<typeof S.TimelineEntry>[] {
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
