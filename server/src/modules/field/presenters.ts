import type { z } from 'zod';
import { photoView } from '../matters/presenters.ts';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export function presentPatrolSummary(p: repo.PatrolRow, now: Date): View<typeof S.PatrolSummary> {
  const end = p.ended_at ?? now;
  return {
    id: p.id,
    userId: p.user_id,
    userName: p.user_name,
    communityId: p.division_id,
    gridId: p.grid_id,
    startedAt: p.started_at.toISOString(),
    endedAt: p.ended_at?.toISOString() ?? null,
    endedBy: p.ended_by,
    durationSeconds: Math.max(0, Math.round((end.getTime() - p.started_at.getTime()) / 1000)),
    distanceMeters: p.distance_m,
  };
}

/** The good samples as a GeoJSON LineString ([lng, lat]); null when there are fewer than two. */
export function trailOf(samples: readonly repo.SampleRow[]): View<typeof S.PatrolView>['trail'] {
  const coordinates = samples.filter((s) => !s.poor).map((s) => [s.lng, s.lat] as [number, number]);
  return coordinates.length >= 2 ? { type: 'LineString', coordinates } : null;
}

export function presentCheckIn(c: repo.CheckInRow): View<typeof S.CheckInView> {
  return {
    id: c.id,
    buildingId: c.building_id,
    buildingName: c.building_name,
    communityId: c.community_id,
    gridId: c.grid_id,
    lat: c.lat,
    lng: c.lng,
    at: c.at.toISOString(),
  };
}

export function presentVisit(v: repo.VisitRow): View<typeof S.VisitView> {
  return {
    id: v.id,
    personId: v.person_id,
    householdId: v.household_id,
    subjectName: v.subject_name,
    communityId: v.community_id,
    gridId: v.grid_id,
    visitorUserId: v.visitor_user_id,
    visitorName: v.visitor_name,
    visitedAt: v.visited_at.toISOString(),
    method: v.method,
    notes: v.notes,
    photos: v.photos.map(photoView),
    matterIds: v.matter_ids,
  };
}
