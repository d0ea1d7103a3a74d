import { covers, scopeFor, type Actor } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import type { BoothRow, FairRow } from './repository.ts';

/**
 * Who may do what with job fairs. Pure. Staff read (jobfairs.read) and run (jobfairs.manage)
 * the fairs of the streets and communities in their scope; an employer acts on their own booth
 * and its interviews; a seeker on their own sign-up and offers. Anything else is refused.
 */
export const placeOf = (f: { division_id: number }) => ({ divisionId: f.division_id, gridId: null });

export function mayRead(actor: Actor, f: FairRow): boolean {
  return covers(scopeFor(actor, 'jobfairs.read'), placeOf(f));
}

export function mayManage(actor: Actor, f: FairRow): boolean {
  return covers(scopeFor(actor, 'jobfairs.manage'), placeOf(f));
}

/** Published and closed fairs are seen by anyone signed in; drafts only by staff who read them. */
export function maySee(actor: Actor, f: FairRow): boolean {
  return f.status !== 'draft' || mayRead(actor, f);
}

export function ownsBooth(actor: Actor, b: BoothRow): boolean {
  return b.employer_user_id === actor.userId;
}

/** A staff write: a fair out of reach (or missing) is not found; one seen but not run is forbidden. */
export function assertManage(actor: Actor, f: FairRow | undefined): asserts f is FairRow {
  if (!f || !maySee(actor, f)) throw new AppError('not_found');
  if (!mayManage(actor, f)) throw new AppError('forbidden');
}

/** A staff read of a fair's records (sign-ups, report): out of scope answers not found. */
export function assertRead(actor: Actor, f: FairRow | undefined): asserts f is FairRow {
  if (!f || !mayRead(actor, f)) throw new AppError('not_found');
}
