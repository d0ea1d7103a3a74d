import type { Kysely, Updateable } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor, OrgPlace } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { inEveryLanguage } from '../../platform/i18n.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { localParts } from '../../platform/local-time.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { caseAccess, handlesPlace, isStaff, placeOf, type CaseAccess, type SeenCase } from './access.ts';
import { ACTION_LABELS, inBoth, STATUS_LABELS } from './catalogue.ts';
import type { CaseNames } from './presenters.ts';
import * as repo from './repository.ts';
import type { CaseStatus, CaseTable, Outcome } from './tables.ts';
import { isOpen, transition, type CaseAction } from './workflow.ts';

/**
 * How a case is reached and changed, shared by the concerns of the service: the caller's
 * access to it, the lock, a step of the workflow or a change beside it, each with its
 * timeline entry and audit record, and the names a case shows.
 */

export interface MediationDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  jobs: Jobs;
  org: OrgService;
  auth: AuthService;
  media: MediaService;
  notifications: NotificationsService;
  matters: MattersService;
  timeZone: string;
}

export interface CaseOpenedEvent extends Record<string, unknown> {
  caseId: number;
  code: string;
  matterId: number | null;
  communityId: number;
}
export interface CaseClosedEvent extends Record<string, unknown> {
  caseId: number;
  code: string;
  matterId: number | null;
  outcome: Outcome;
}

export interface ChangeNote {
  note?: string;
  details?: Record<string, unknown>;
}

/** 409 for an action the case's status does not allow, named in both languages. */
export function illegal(action: string, status: CaseStatus) {
  const params = {
    action: ACTION_LABELS[action] ? inBoth(ACTION_LABELS[action]) : action,
    status: inBoth(STATUS_LABELS[status]),
  };
  return new AppError('conflict', { reason: inEveryLanguage('mediation.illegal_transition', params) }, [
    { key: 'mediation.illegal_transition', params },
  ]);
}

export function requireOpen(c: repo.CaseRow, action: string) {
  if (!isOpen(c.status)) throw illegal(action, c.status);
}

/** The changes to a case that are not steps of its process (each is audited as mediation.case.<action>). */
export type CaseNoteAction =
  | 'edit'
  | 'party'
  | 'take'
  | 'extend'
  | 'assign'
  | 'session'
  | 'payment'
  | 'performed'
  | 'follow_up'
  | 'claim';

export class CaseKeeping {
  constructor(private readonly d: MediationDeps) {}

  /** The local date (YYYY-MM-DD, in TIME_ZONE) of an instant. */
  localDate(at: Date): string {
    return localParts(at, this.d.timeZone).date;
  }

  async accessTo(actor: Actor, c: repo.CaseRow, db: Executor): Promise<CaseAccess> {
    const assigned = c.mediator_user_id === actor.userId || (await repo.isTaskForceMember(db, c.id, actor.userId));
    const studioMember = c.studio_id !== null && (await repo.isStudioMember(db, c.studio_id, actor.userId));
    return caseAccess(actor, c, { assigned, studioMember });
  }

  /** The case and the caller's access to it for reading; 404 if missing or out of sight. */
  async readable(actor: Actor, id: number): Promise<{ c: repo.CaseRow; access: SeenCase }> {
    const c = await repo.caseById(this.d.db, id);
    const access = c ? await this.accessTo(actor, c, this.d.db) : null;
    const viewer = access?.viewer;
    if (!c || !access || !viewer) throw new AppError('not_found');
    return { c, access: { ...access, viewer } };
  }

  /** Locks the case and checks that the caller may act on it: 404 if missing, 403 if out of reach. */
  async lockForWork(trx: Executor, actor: Actor, id: number, need: 'handle' | 'manage' = 'handle') {
    const c = await repo.caseForUpdate(trx, id);
    if (!c) throw new AppError('not_found');
    const access = await this.accessTo(actor, c, trx);
    // A case one may not see does not exist for them; one they see but may not work on is forbidden.
    if (!access.viewer) throw new AppError('not_found');
    if (!access[need]) throw new AppError('forbidden');
    return { c, access };
  }

  /** Moves the case along the workflow (or 409), writing the change, the timeline entry and the audit record. */
  async step(
    trx: Executor,
    ctx: RequestContext,
    c: repo.CaseRow,
    action: CaseAction,
    patch: Updateable<CaseTable>,
    e: ChangeNote = {},
  ) {
    const to = transition(action, c.status);
    if (!to) throw illegal(action, c.status);
    const updated = await repo.updateCase(trx, c.id, { ...patch, status: to }, this.d.clock.now());
    await this.timeline(trx, ctx, c.id, { action, from: c.status, to, note: e.note ?? '', details: e.details ?? {} });
    await this.d.audit.record(trx, ctx, {
      action: `mediation.case.${action}`,
      entityType: 'case',
      entityId: c.id,
      place: placeOf(c),
      details: { from: c.status, to, ...(e.details ?? {}) },
    });
    if (to === 'closed' || to === 'failed' || to === 'withdrawn') {
      const outcome: Outcome = to === 'closed' ? 'agreed' : to;
      await this.d.jobs.publish<CaseClosedEvent>(
        trx,
        'case.closed',
        { caseId: c.id, code: c.code, matterId: c.matter_id, outcome },
        ctx.actor?.userId ?? null,
      );
    }
    return updated;
  }

  /** A change that is not a step: the case updated (if anything changes), a timeline entry and the audit record. */
  async note(
    trx: Executor,
    ctx: RequestContext,
    c: repo.CaseRow,
    action: CaseNoteAction,
    patch: Updateable<CaseTable>,
    e: ChangeNote = {},
  ) {
    await repo.updateCase(trx, c.id, patch, this.d.clock.now());
    await this.timeline(trx, ctx, c.id, { action, from: null, to: null, note: e.note ?? '', details: e.details ?? {} });
    await this.d.audit.record(trx, ctx, {
      action: `mediation.case.${action}`,
      entityType: 'case',
      entityId: c.id,
      place: placeOf(c),
      details: e.details ?? {},
    });
  }

  async timeline(
    trx: Executor,
    ctx: RequestContext,
    caseId: number,
    e: { action: string; from: CaseStatus | null; to: CaseStatus | null } & ChangeNote,
  ) {
    await repo.insertTimeline(trx, [
      {
        case_id: caseId,
        at: this.d.clock.now(),
        actor_user_id: ctx.actor?.userId ?? null,
        actor_name: ctx.actor?.displayName ?? '系统',
        action: e.action,
        from_status: e.from,
        to_status: e.to,
        note: e.note ?? '',
        details: JSON.stringify(e.details ?? {}),
      },
    ]);
  }

  /** The divisions whose studios may serve a community: itself, its street and its district. */
  async servingDivisions(communityId: number): Promise<number[]> {
    const { street, district } = await this.d.org.ancestorsOf(communityId);
    return [communityId, street, district].filter((d): d is number => d !== null);
  }

  async servingStudios(communityId: number) {
    return repo.studiosServing(this.d.db, await this.servingDivisions(communityId));
  }

  /** May this user be put in charge of cases of this place: a mediator of a studio serving it, or anyone with mediation.handle there. */
  async canMediate(
    userId: number,
    place: OrgPlace,
    servingStudioIds: readonly number[],
    db: Executor = this.d.db,
  ): Promise<Actor | null> {
    const user = await this.d.auth.actorOf(userId, db);
    if (!user) return null;
    if (handlesPlace(user, place)) return user;
    const theirs = await repo.studiosOfUser(db, userId);
    return theirs.some((s) => servingStudioIds.includes(s)) ? user : null;
  }

  /** An active user holding a staff role, or 422 on the field. */
  async staffUser(userId: number, path: string, db: Executor = this.d.db) {
    const user = await this.d.auth.actorOf(userId, db);
    if (!user || !isStaff(user)) throw invalid(path, 'mediation.not_staff');
    return user;
  }

  async names(
    rows: Array<{ community_id: number; grid_id: number | null; studio_id: number | null }>,
  ): Promise<CaseNames> {
    const [org, studios] = await Promise.all([
      this.d.org.names({
        divisionIds: rows.map((r) => r.community_id),
        gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
      }),
      repo.studioNames(
        this.d.db,
        rows.map((r) => r.studio_id).filter((s): s is number => s !== null),
      ),
    ]);
    return { divisions: org.divisions, grids: org.grids, studios: new Map(studios.map((s) => [s.id, s.name])) };
  }
}
