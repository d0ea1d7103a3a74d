import type { z } from 'zod';
import type { AuthService } from '../auth/service.ts';
import { photoView } from '../matters/presenters.ts';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';

/** Rows of volunteering turned into the shapes of its API. */

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** The names people are shown by (the display name, or 用户<id> for one without). */
export async function displayNames(auth: AuthService, userIds: number[]) {
  const unique = [...new Set(userIds)];
  const actors = await Promise.all(unique.map((id) => auth.actorOf(id)));
  return new Map(unique.map((id, i) => [id, actors[i]?.displayName ?? `用户${id}`]));
}

export function teamSummary(t: Awaited<ReturnType<typeof repo.listTeams>>[number]) {
  return {
    id: t.id,
    communityId: t.community_id,
    name: t.name,
    description: t.description,
    members: Number(t.members ?? 0),
  };
}

export function teamView(
  team: repo.TeamRow,
  members: repo.MemberRow[],
  names: Map<number, string>,
  viewerId: number,
): View<typeof S.TeamView> {
  return {
    id: team.id,
    communityId: team.community_id,
    name: team.name,
    description: team.description,
    members: members.map((m) => ({
      userId: m.user_id,
      name: names.get(m.user_id)!,
      role: m.role,
      joinedAt: m.joined_at.toISOString(),
    })),
    myRole: members.find((m) => m.user_id === viewerId)?.role ?? null,
  };
}

function signupTimes(s: repo.SignupRow) {
  return {
    status: s.status,
    checkedInAt: s.checked_in_at?.toISOString() ?? null,
    checkedOutAt: s.checked_out_at?.toISOString() ?? null,
    minutes: s.minutes,
    approvedMinutes: s.approved_minutes,
  };
}

/** An activity as anyone of the area sees it, with the caller's own sign-up; the sign-ups are added for its leaders. */
export function activityView(
  a: repo.ActivityRow | Awaited<ReturnType<typeof repo.listActivities>>[number],
  mine: repo.SignupRow | null,
): View<typeof S.ActivityView> {
  return {
    id: a.id,
    teamId: a.team_id,
    teamName: a.team_name,
    communityId: a.community_id,
    title: a.title,
    description: a.description,
    place: a.place,
    location: a.lat !== null && a.lng !== null ? { lat: a.lat, lng: a.lng } : null,
    startsAt: a.starts_at.toISOString(),
    endsAt: a.ends_at.toISOString(),
    capacity: a.capacity,
    signedUp: Number(a.signed_up ?? 0),
    status: a.status,
    seriesId: a.series_id,
    occurrenceDate: a.occurrence_date,
    cancelReason: a.cancel_reason,
    mySignup: mine ? signupTimes(mine) : null,
    canLead: false,
    signups: undefined,
  };
}

export function signupView(s: repo.SignupRow, name: string) {
  return { userId: s.user_id, name, ...signupTimes(s) };
}

export function mySignupsView(rows: Awaited<ReturnType<typeof repo.signupsOfUser>>) {
  return {
    items: rows.map((r) => ({
      activityId: r.activity_id,
      title: r.title,
      place: r.place,
      startsAt: r.starts_at.toISOString(),
      endsAt: r.ends_at.toISOString(),
      status: r.status,
      minutes: r.minutes,
      approvedMinutes: r.approved_minutes,
    })),
    totalApprovedMinutes: rows.reduce((t, r) => t + (r.approved_minutes ?? 0), 0),
  };
}

export function goodDeedView(d: repo.GoodDeedRow) {
  return {
    id: d.id,
    communityId: d.community_id,
    doerName: d.doer_name,
    doerUserId: d.doer_user_id,
    title: d.title,
    description: d.description,
    photos: d.photos.map(photoView),
    occurredOn: d.occurred_on,
    status: d.status,
    decisionNote: d.decision_note,
    createdAt: d.created_at.toISOString(),
  };
}

export function wishView(w: repo.WishRow) {
  return {
    id: w.id,
    communityId: w.community_id,
    beneficiaryLabel: w.beneficiary_label,
    title: w.title,
    description: w.description,
    status: w.status,
    claimedByUserId: w.claimed_by_user_id,
    claimedByUnit: w.claimed_by_unit,
    claimedByUnitId: w.claimed_by_unit_id,
    claimedAt: w.claimed_at?.toISOString() ?? null,
    fulfilledAt: w.fulfilled_at?.toISOString() ?? null,
    fulfilmentPhotos: w.fulfilment_photos.map(photoView),
    thanksNote: w.thanks_note,
    createdAt: w.created_at.toISOString(),
  };
}

export function projectView(p: repo.ProjectRow) {
  return {
    id: p.id,
    communityId: p.community_id,
    title: p.title,
    description: p.description,
    claimedByUnit: p.claimed_by_unit,
    claimedByUnitId: p.claimed_by_unit_id,
    status: p.status,
    progress: p.progress,
    updatedAt: p.updated_at.toISOString(),
  };
}

export function projectUpdateView(u: Awaited<ReturnType<typeof repo.projectUpdates>>[number], author: string) {
  return {
    id: u.id,
    author,
    progress: u.progress,
    note: u.note,
    photos: u.photos.map(photoView),
    at: u.created_at.toISOString(),
  };
}
