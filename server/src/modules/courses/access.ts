import { assertCanRead, assertCanWrite, type Actor, type OrgPlace } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import type { CourseRow } from './repository.ts';

/**
 * Who may do what with a course. Learners (any signed-in person) see published courses and
 * their own progress and certificates; staff with courses.read see the courses of their area
 * and the holders' names masked; courses.manage creates courses and sessions, shows the
 * check-in code and revokes certificates there. Default deny.
 */
export function placeOf(c: { community_id: number }): OrgPlace {
  return { divisionId: c.community_id, gridId: null };
}

/** A course a learner may take: published; anything else is "not found". */
export function assertOpen(c: CourseRow | undefined): asserts c is CourseRow {
  if (c?.status !== 'published') throw new AppError('not_found');
}

export function assertManages(actor: Actor | null, c: { community_id: number } | undefined) {
  assertCanWrite(actor, 'courses.manage', c ? placeOf(c) : undefined);
}

export function assertReads(actor: Actor | null, c: { community_id: number } | undefined) {
  assertCanRead(actor, 'courses.read', c ? placeOf(c) : undefined);
}
