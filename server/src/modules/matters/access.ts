import type { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import {
  covers,
  isEmptyScope,
  ROLE_PERMISSIONS,
  scopeFor,
  type Actor,
  type OrgPlace,
  type Permission,
  type ResolvedGrant,
  type Role,
} from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import { distanceMeters } from '../../platform/geo.ts';
import type { Viewer } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { MatterLevel } from './tables.ts';
import {
  LEVELS,
  OPEN_STATUSES,
  REVIEW_DAYS,
  TERMINAL_STATUSES,
  nextLevel,
  transition,
  type MatterAction,
} from './workflow.ts';

/**
 * Who may see and do what with a matter. Scope is by the caller's grants over the
 * matter's community and grid; anything not allowed here is denied.
 */

type Matter = repo.MatterRow;

/**
 * Categories whose matters others may find near them and follow, or read through
 * Open311: ordinary reports. Help calls, care checks and alarms concern someone's
 * person; disputes and security reports name neighbours; they stay private.
 */
export function isPublicCategory(c: { kind: string; dispute: boolean; code: string }) {
  return c.kind === 'report' && !c.dispute && !c.code.startsWith('community.security');
}

/** Within this distance an open matter of the same category is offered to follow instead. */
export const DUPLICATE_RADIUS_M = 50;

/** Which levels a role handles matters at. */
const HANDLES: Partial<Record<Role, readonly MatterLevel[]>> = {
  grid_worker: ['grid'],
  community_admin: ['grid', 'community'],
  street_admin: ['grid', 'community', 'street'],
  district_admin: LEVELS,
  dept_staff: ['department'],
};

const ADMINS: readonly Role[] = ['community_admin', 'street_admin', 'district_admin'];
const STAFF: readonly Role[] = ['grid_worker', 'community_admin', 'street_admin', 'district_admin', 'dept_staff'];

export function placeOf(m: Pick<Matter, 'division_id' | 'grid_id'>): OrgPlace {
  return { divisionId: m.division_id, gridId: m.grid_id };
}

function grantCovers(grant: ResolvedGrant, place: OrgPlace) {
  return covers({ divisionIds: grant.divisionIds, gridIds: grant.gridId !== null ? [grant.gridId] : [] }, place);
}

/** Handles at the matter's level: a grid worker at grid level, a community admin up to community, … */
export function canHandle(
  actor: Actor | null,
  m: Pick<Matter, 'level' | 'department' | 'division_id' | 'grid_id'>,
): boolean {
  if (!actor) return false;
  return actor.grants.some((g) => {
    const levels = HANDLES[g.role];
    if (!levels?.includes(m.level) || !grantCovers(g, placeOf(m))) return false;
    return g.role !== 'dept_staff' || (m.level === 'department' && g.department === m.department);
  });
}

/** Manages (dispatches, verifies): the admins over the matter's area, at or above its level. */
export function canManage(actor: Actor | null, m: Pick<Matter, 'level' | 'division_id' | 'grid_id'>): boolean {
  if (!actor) return false;
  return actor.grants.some(
    (g) => ADMINS.includes(g.role) && HANDLES[g.role]!.includes(m.level) && grantCovers(g, placeOf(m)),
  );
}

/**
 * The areas a permission reaches through grants over a whole area. A grant that names a
 * department (职能部门) reaches only that department's matters there, so it is left out.
 */
function areaScope(actor: Actor, permission: Permission) {
  return scopeFor({ ...actor, grants: actor.grants.filter((g) => !g.department) }, permission);
}

/**
 * Which matters the caller reads as staff: all of their areas, and for a department's staff
 * the matters escalated to that department within the street or district it serves.
 */
export function readReach(actor: Actor): repo.MatterReach {
  return {
    area: areaScope(actor, 'matters.read'),
    departments: actor.grants
      .filter((g) => g.department && ROLE_PERMISSIONS[g.role].includes('matters.read'))
      .map((g) => ({ department: g.department!, divisionIds: g.divisionIds })),
  };
}

/** The caller's reach, for lists; one who reaches no matter is refused. */
export function requireReach(actor: Actor): repo.MatterReach {
  const reach = readReach(actor);
  if (isEmptyScope(reach.area) && reach.departments.length === 0) throw new AppError('forbidden');
  return reach;
}

/** Whether a matter lies within a reach (the rule repo.inReach states in SQL). */
export function reaches(reach: repo.MatterReach, m: Pick<Matter, 'level' | 'department' | 'division_id' | 'grid_id'>) {
  return (
    covers(reach.area, placeOf(m)) ||
    (m.level === 'department' &&
      reach.departments.some((d) => d.department === m.department && d.divisionIds.includes(m.division_id)))
  );
}

/** Where a matter sits, for the live stream: its area, and the department it is with (null below department level). */
export function livePlace(m: Pick<Matter, 'level' | 'department' | 'division_id' | 'grid_id'>) {
  return {
    divisionId: m.division_id,
    gridId: m.grid_id,
    department: m.level === 'department' ? m.department : null,
  };
}

/** May be dispatched the matter: handles at its level, or handles matters in the area where it lies. */
export function canBeAssigned(assignee: Actor, m: Matter): boolean {
  return canHandle(assignee, m) || covers(areaScope(assignee, 'matters.handle'), placeOf(m));
}

/** How the caller sees a matter: as staff who reach it (or its assignee, or an assisting department's staff), its reporter, a follower; or not at all (null). */
export async function viewerOf(db: Executor, actor: Actor | null, m: Matter): Promise<Viewer | null> {
  if (!actor) return null;
  if (reaches(readReach(actor), m)) return 'staff';
  if (m.reporter_user_id === actor.userId) return 'reporter';
  if (m.assignee_user_id === actor.userId) return 'staff';
  const assisting = assistingDepartments(actor, m);
  if (assisting.length > 0 && (await repo.hasAssistOf(db, m.id, assisting))) return 'staff';
  if (await repo.isFollower(db, m.id, actor.userId)) return 'follower';
  return null;
}

/** viewerOf for a matter just filed, without its reads: a new matter has no assists, and its followers are known. */
export function viewerOfNew(actor: Actor, m: Matter, followers: readonly number[]): Viewer | null {
  if (reaches(readReach(actor), m)) return 'staff';
  if (m.reporter_user_id === actor.userId) return 'reporter';
  if (m.assignee_user_id === actor.userId) return 'staff';
  if (followers.includes(actor.userId)) return 'follower';
  return null;
}

// ---------- the desk: return (退单), extensions (延期), joint handling (协办) ----------

/**
 * Where a return (退单) sends a matter: to whoever dispatched it at its level, else to the
 * level (and the person) that escalated it; null when nobody sent it (reported where it is).
 */
export function returnTarget(
  m: Pick<Matter, 'dispatched_by_user_id' | 'dispatched_by_name' | 'escalated_from_level' | 'escalated_by_user_id'>,
): { to: 'dispatcher'; userId: number } | { to: 'escalator'; level: MatterLevel; userId: number | null } | null {
  if (m.dispatched_by_user_id !== null) return { to: 'dispatcher', userId: m.dispatched_by_user_id };
  if (m.escalated_from_level !== null)
    return { to: 'escalator', level: m.escalated_from_level, userId: m.escalated_by_user_id };
  return null;
}

/** Returns it: its assignee or one who handles it at its level, while someone else sent it there. */
export function canReturn(actor: Actor, m: Matter): boolean {
  const target = returnTarget(m);
  return (
    transition('return', m.status) !== null &&
    (m.assignee_user_id === actor.userId || canHandle(actor, m)) &&
    target !== null &&
    target.userId !== actor.userId
  );
}

/** Statuses in which someone holds a matter against its resolve deadline. */
const HELD: readonly string[] = ['accepted', 'dispatched', 'in_progress', 'escalated', 'reopened', 'returned'];

/** What the desk's rules need beyond the matter: a pending extension, and the assisting departments. */
export interface DeskState {
  pendingExtension: { requested_by_user_id: number } | null;
  assists: ReadonlyArray<{ department: string; status: string }>;
}
const NO_DESK: DeskState = { pendingExtension: null, assists: [] };

/** Asks for more time: the assignee or a handler at its level, of a held matter with a deadline, none pending. */
export function canRequestExtension(actor: Actor, m: Matter, desk: DeskState): boolean {
  return (
    HELD.includes(m.status) &&
    m.resolve_due_at !== null &&
    desk.pendingExtension === null &&
    (m.assignee_user_id === actor.userId || canHandle(actor, m))
  );
}

/** Grants or refuses: the one who dispatched or escalated it, or an admin managing it — never the requester. */
export function canDecideExtension(actor: Actor, m: Matter, desk: DeskState): boolean {
  const pending = desk.pendingExtension;
  return (
    pending !== null &&
    pending.requested_by_user_id !== actor.userId &&
    OPEN_STATUSES.includes(m.status) &&
    m.status !== 'resolved' &&
    (canManage(actor, m) || m.dispatched_by_user_id === actor.userId || m.escalated_by_user_id === actor.userId)
  );
}

/** The lead unit adds assisting departments: the assignee, those who handle it at its level, its managers. */
export function canAddAssist(actor: Actor, m: Matter): boolean {
  return (
    OPEN_STATUSES.includes(m.status) &&
    m.status !== 'resolved' &&
    (m.assignee_user_id === actor.userId || canHandle(actor, m) || canManage(actor, m))
  );
}

/** The departments whose staff the caller is, serving where the matter lies. */
export function assistingDepartments(actor: Actor, m: Pick<Matter, 'division_id'>): string[] {
  return [
    ...new Set(
      actor.grants
        .filter((g) => g.role === 'dept_staff' && g.department && g.divisionIds.includes(m.division_id))
        .map((g) => g.department!),
    ),
  ];
}

/** Answers an assist: staff of that department serving there, while it is open. */
export function canReplyAssist(actor: Actor, m: Matter, assist: { department: string; status: string }): boolean {
  return (
    assist.status === 'open' &&
    !TERMINAL_STATUSES.includes(m.status) &&
    assistingDepartments(actor, m).includes(assist.department)
  );
}

/** The actions the caller may take on a matter now. */
export function allowedActions(
  actor: Actor,
  m: Matter,
  viewer: Viewer,
  now: Date,
  desk: DeskState = NO_DESK,
): Array<z.infer<typeof S.MatterAction>> {
  const can = (action: MatterAction) => transition(action, m.status) !== null;
  const handle = canHandle(actor, m);
  const manage = canManage(actor, m);
  const assignee = m.assignee_user_id === actor.userId;
  const reporter = m.reporter_user_id === actor.userId;
  const withinReview = m.resolved_at !== null && now.getTime() - m.resolved_at.getTime() <= REVIEW_DAYS * 86_400_000;
  const actions: Array<z.infer<typeof S.MatterAction>> = [];
  if (can('accept') && (handle || manage)) actions.push('accept');
  if (can('reject') && (handle || manage) && m.kind !== 'alarm') actions.push('reject');
  if (can('dispatch') && manage) actions.push('dispatch');
  if (can('start') && (assignee || manage || (handle && m.assignee_user_id === null))) actions.push('start');
  if (can('resolve') && m.kind !== 'suggestion' && (assignee || manage)) actions.push('resolve');
  if (can('reply') && m.kind === 'suggestion' && (assignee || handle || manage)) actions.push('reply');
  if (can('escalate') && (handle || assignee || manage) && nextLevel(m.level)) actions.push('escalate');
  if (can('close') && manage) actions.push('close');
  if (can('rate') && reporter) actions.push('rate');
  if (can('reopen') && reporter && withinReview) actions.push('reopen');
  if (can('merge') && (handle || manage)) actions.push('merge');
  if (canReturn(actor, m)) actions.push('return');
  if (canRequestExtension(actor, m, desk)) actions.push('request_extension');
  if (canDecideExtension(actor, m, desk)) actions.push('decide_extension');
  if (canAddAssist(actor, m)) actions.push('add_assist');
  if (desk.assists.some((a) => canReplyAssist(actor, m, a))) actions.push('reply_assist');
  if (!TERMINAL_STATUSES.includes(m.status) && (viewer === 'staff' || reporter)) actions.push('note');
  if (viewer !== 'staff' && !reporter) actions.push('unfollow');
  return actions;
}

/** Staff and the reporter write on the timeline; followers only read it. Internal notes are staff's. */
export function canNote(viewer: Viewer, internal: boolean): boolean {
  return viewer !== 'follower' && (!internal || viewer === 'staff');
}

/**
 * One may follow what one can already see, or a public report within 50 m of where
 * one stands — the same matters nearby() offers, and no others.
 */
export function canFollowUnseen(
  m: Pick<Matter, 'lat' | 'lng'>,
  category: { kind: string; dispute: boolean; code: string } | undefined,
  at: { lat?: number | undefined; lng?: number | undefined },
): boolean {
  const near =
    at.lat !== undefined &&
    at.lng !== undefined &&
    m.lat !== null &&
    m.lng !== null &&
    distanceMeters(at.lat, at.lng, m.lat, m.lng) <= DUPLICATE_RADIUS_M;
  return category !== undefined && isPublicCategory(category) && near;
}

/** Who may call the reporter back: those who handle or manage it, and its assignee. */
export function canRevealContact(actor: Actor, m: Matter): boolean {
  return canHandle(actor, m) || canManage(actor, m) || m.assignee_user_id === actor.userId;
}

/** Logging for someone else, or by grid without a location, is staff work in their own area. */
export function canLogFor(actor: Actor, place: OrgPlace): boolean {
  return covers(scopeFor(actor, 'matters.handle'), place) || covers(scopeFor(actor, 'matters.manage'), place);
}

/** 随手做 (logged as fixed on the spot) is for those who handle matters there. */
export function canResolveOnSpot(actor: Actor, place: OrgPlace): boolean {
  return covers(scopeFor(actor, 'matters.handle'), place);
}

/** Where a report comes from, by who makes it. */
export function sourceOf(actor: Actor) {
  if (actor.grants.some((g) => g.role === 'courier')) return 'courier_h5';
  if (actor.grants.some((g) => STAFF.includes(g.role))) return 'staff_console';
  return 'resident_h5';
}

export const isCourier = (actor: Actor) => actor.grants.some((g) => g.role === 'courier');
