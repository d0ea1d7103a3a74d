import type { Kysely } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { AppError, type ErrorDetail } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { localParts } from '../../platform/local-time.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MediaService } from '../media/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { belongsTo, managedCommunities, manages } from './access.ts';
import type { ScopeKind } from './tables.ts';

export interface DeliberationDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  jobs: Jobs;
  org: OrgService;
  auth: AuthService;
  media: MediaService;
  notifications: NotificationsService;
  timeZone: string;
}

/**
 * The community side of every deliberation rule, shared by the concerns of the service:
 * which communities one takes part in, the 404/403 answers for changes, the people staff
 * name, and the names and local times shown in notices.
 */
export class Communities {
  constructor(private readonly d: DeliberationDeps) {}

  /**
   * Communities whose deliberation one takes part in: one's own (and below, for a street), and
   * staff their area. Inside a transaction pass it as `db`: the answer may need the database.
   */
  async of(actor: Actor, db?: Executor): Promise<number[]> {
    const staff = managedCommunities(actor);
    const home = actor.home?.divisionId ?? null;
    // The home grant's divisions were resolved at sign-in; asked again only if it is not among them.
    const resolved = actor.grants.find((g) => g.divisionId === home && g.divisionIds.length > 0)?.divisionIds;
    const below = home === null ? [] : (resolved ?? (await this.d.org.expandDivisions([home], db)).get(home) ?? [home]);
    return [...new Set([...staff, ...below])];
  }

  /** 404 unless the caller takes part in the community. */
  async requireSeen(actor: Actor, communityId: number) {
    if (!(await this.of(actor)).includes(communityId)) throw new AppError('not_found');
  }

  /** For changes: a community one cannot see answers 404 (nothing to probe), one one sees but does not manage 403. */
  async requireManager(actor: Actor, communityId: number, db?: Executor) {
    if (manages(actor, communityId)) return;
    throw new AppError((await this.of(actor, db)).includes(communityId) ? 'forbidden' : 'not_found');
  }

  /** For staff actions naming the community in the request: 403 unless one runs it. */
  requireManages(actor: Actor, communityId: number) {
    if (!manages(actor, communityId)) throw new AppError('forbidden');
  }

  /** Users named by staff must be active and of the community; refused with the field's path. */
  async requireUsersOf(communityId: number, userIds: readonly number[], path: string, trx: Executor) {
    const problems: ErrorDetail[] = [];
    for (const [i, userId] of userIds.entries()) {
      if (!belongsTo(await this.d.auth.actorOf(userId, trx), communityId))
        problems.push({ path: `${path}.${i}`, key: 'deliberation.not_of_community' });
    }
    if (problems.length) throw new AppError('validation_failed', {}, problems);
  }

  /** A topic's or vote's scope lies in its community: all of it, some of its buildings, or one of its grids. */
  async checkScope(communityId: number, scopeKind: ScopeKind, buildingIds: number[], gridId: number | undefined) {
    const ok =
      scopeKind === 'community' ||
      (scopeKind === 'buildings' &&
        buildingIds.length > 0 &&
        (await this.d.org.liesIn(communityId, { buildingIds }))) ||
      (scopeKind === 'grid' && gridId !== undefined && (await this.d.org.liesIn(communityId, { gridId })));
    if (!ok) throw new AppError('validation_failed', {}, [{ path: 'body.scopeKind', key: 'deliberation.bad_scope' }]);
  }

  async admins(communityId: number, db: Executor) {
    return (await this.d.auth.usersWithRole(['community_admin'], { divisionIds: [communityId] }, db)).map(
      (u) => u.userId,
    );
  }

  async names(userIds: number[]) {
    const unique = [...new Set(userIds)];
    const actors = await Promise.all(unique.map((id) => this.d.auth.actorOf(id)));
    return new Map(unique.map((id, i) => [id, actors[i]?.displayName ?? `用户${id}`]));
  }

  /** A local date and time for notices ('YYYY-MM-DD HH:MM', in TIME_ZONE). */
  localDateTime(at: Date): string {
    const local = localParts(at, this.d.timeZone);
    return `${local.date} ${local.time}`;
  }

  localDate(at: Date): string {
    return localParts(at, this.d.timeZone).date;
  }
}
