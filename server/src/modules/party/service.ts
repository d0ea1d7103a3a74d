import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { assertCanRead, assertCanWrite, requireActor, requirePermission } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { OrgService } from '../org/service.ts';
import type { VolunteerService } from '../volunteer/service.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface PartyDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  volunteer: VolunteerService;
}

const placeOf = (o: { community_id: number }) => ({ divisionId: o.community_id, gridId: null });
const wrongPlace = (path: string) => new AppError('validation_failed', {}, [{ path, key: 'party.wrong_place' }]);

/**
 * Party organisation (党建引领): organisations bound to the org tree, members from the people
 * registry (a 流动党员 listed in their branch and where they live), 在职党员 报到 to the community
 * where they live, and per-branch figures. Staff read with party.read and write with party.manage;
 * a member sees and reports for themselves.
 */
export class PartyService {
  constructor(private readonly d: PartyDeps) {}

  // ---------- organisations ----------

  async orgs(ctx: RequestContext): Promise<View<typeof S.OrgList>> {
    const scope = requirePermission(ctx.actor, 'party.read');
    const rows = await repo.orgsIn(this.d.db, scope.divisionIds);
    const members = await repo.membersOf(
      this.d.db,
      rows.map((o) => o.id),
    );
    const count = new Map<number, number>();
    for (const m of members)
      for (const o of [m.primary_org_id, m.residence_org_id]) if (o !== null) count.set(o, (count.get(o) ?? 0) + 1);
    const names = await this.d.org.names({ divisionIds: rows.map((o) => o.community_id) });
    return {
      items: rows.map((o) => ({
        id: o.id,
        kind: o.kind,
        name: o.name,
        parentId: o.parent_id,
        community: { id: o.community_id, name: names.divisions.get(o.community_id) ?? '' },
        gridId: o.grid_id,
        buildingId: o.building_id,
        householdId: o.household_id,
        secretary: o.secretary,
        members: count.get(o.id) ?? 0,
      })),
    };
  }

  async createOrg(ctx: RequestContext, body: z.infer<typeof S.OrgBody>) {
    const actor = requireActor(ctx.actor);
    assertCanWrite(actor, 'party.manage', { divisionId: body.communityId, gridId: null });
    const c = body.communityId;
    if (body.parentId !== null) {
      const parent = await repo.orgById(this.d.db, body.parentId);
      if (!parent || parent.community_id !== c) throw wrongPlace('body.parentId');
    }
    let buildingId = body.buildingId;
    let gridId = body.gridId;
    if (gridId !== null && (await this.d.org.placeOfGrid(gridId))?.divisionId !== c) throw wrongPlace('body.gridId');
    if (buildingId !== null) {
      const b = await this.d.org.placeOfBuilding(buildingId);
      if (b?.communityId !== c) throw wrongPlace('body.buildingId');
      gridId ??= b.gridId;
    }
    if (body.kind === 'center_household' && body.householdId === null) throw wrongPlace('body.householdId');
    if (body.householdId !== null) {
      const h = await this.d.org.placeOfHousehold(body.householdId);
      if (h?.communityId !== c) throw wrongPlace('body.householdId');
      buildingId = h.buildingId;
      gridId ??= h.gridId;
    }
    const id = await this.d.db.transaction().execute(async (trx) => {
      const orgId = await repo.insertOrg(trx, {
        kind: body.kind,
        name: body.name,
        parent_id: body.parentId,
        community_id: c,
        grid_id: gridId,
        building_id: buildingId,
        household_id: body.householdId,
        secretary: body.secretary,
        created_by: actor.userId,
        created_at: this.d.clock.now(),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'party.org.create',
        entityType: 'party_org',
        entityId: orgId,
        place: { divisionId: c, gridId },
        details: { kind: body.kind, name: body.name },
      });
      return orgId;
    });
    return (await this.orgs(ctx)).items.find((o) => o.id === id)!;
  }

  /** Renames an organisation, names its secretary, or hangs it under another of the same community. */
  async updateOrg(ctx: RequestContext, id: number, patch: z.infer<typeof S.OrgPatch>) {
    const org = await repo.orgById(this.d.db, id);
    assertCanWrite(ctx.actor, 'party.manage', org && placeOf(org));
    if (patch.parentId !== undefined && patch.parentId !== null) {
      const parent = await repo.orgById(this.d.db, patch.parentId);
      if (!parent || parent.community_id !== org!.community_id) throw wrongPlace('body.parentId');
      // Walk up from the new parent: meeting the organisation itself would make a loop.
      for (let at: repo.OrgRow | undefined = parent; at; ) {
        if (at.id === id)
          throw new AppError('validation_failed', {}, [{ path: 'body.parentId', key: 'party.parent_cycle' }]);
        at = at.parent_id === null ? undefined : await repo.orgById(this.d.db, at.parent_id);
      }
    }
    const set = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.secretary !== undefined ? { secretary: patch.secretary } : {}),
      ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
    };
    if (Object.keys(set).length > 0)
      await this.d.db.transaction().execute(async (trx) => {
        await repo.updateOrg(trx, id, set);
        await this.d.audit.record(trx, ctx, {
          action: 'party.org.update',
          entityType: 'party_org',
          entityId: id,
          place: placeOf(org!),
          details: { ...patch, was: org!.name },
        });
      });
    return (await this.orgs(ctx)).items.find((o) => o.id === id)!;
  }

  /** Removes an organisation that has no members enrolled and none below it (409 otherwise). */
  async deleteOrg(ctx: RequestContext, id: number) {
    const org = await repo.orgById(this.d.db, id);
    assertCanWrite(ctx.actor, 'party.manage', org && placeOf(org));
    await this.d.db.transaction().execute(async (trx) => {
      if (await repo.orgInUse(trx, id)) throw new AppError('conflict', {}, [{ key: 'party.org_in_use' }]);
      await repo.deleteOrg(trx, id);
      await this.d.audit.record(trx, ctx, {
        action: 'party.org.delete',
        entityType: 'party_org',
        entityId: id,
        place: placeOf(org!),
        details: { kind: org!.kind, name: org!.name },
      });
    });
  }

  /** The 党员中心户 of a building, for the 三亮一做 board beside its party member. */
  async centerHouseholds(ctx: RequestContext, buildingId: number): Promise<View<typeof S.CenterHouseholds>> {
    requireActor(ctx.actor);
    return { items: await this.centerHouseholdsOfBuilding(buildingId) };
  }

  /** For the org module's public board (三亮一做), which checks who may read it: a building's 党员中心户. */
  async centerHouseholdsOfBuilding(buildingId: number) {
    const rows = await repo.centerHouseholdsOfBuilding(this.d.db, buildingId);
    return Promise.all(
      rows.map(async (r) => ({
        id: r.id,
        name: r.name,
        householdId: r.household_id,
        household: r.household_id === null ? '' : ((await this.d.org.placeOfHousehold(r.household_id))?.name ?? ''),
        secretary: r.secretary,
      })),
    );
  }

  // ---------- members ----------

  private async present(rows: repo.MemberRow[]): Promise<Array<View<typeof S.MemberView>>> {
    const orgIds = rows.flatMap((m) => [m.primary_org_id, ...(m.residence_org_id ? [m.residence_org_id] : [])]);
    const orgs = new Map((await repo.orgsByIds(this.d.db, [...new Set(orgIds)])).map((o) => [o.id, o]));
    const labels = await this.d.org.personLabels(rows.map((m) => m.person_id));
    const reports = new Map(
      (
        await repo.reportsOfMembers(
          this.d.db,
          rows.map((m) => m.id),
        )
      ).map((r) => [r.member_id, r]),
    );
    const ref = (id: number) => ({ id, name: orgs.get(id)?.name ?? '' });
    return rows.map((m) => {
      const r = reports.get(m.id);
      return {
        id: m.id,
        personId: m.person_id,
        name: labels.get(m.person_id)?.name ?? '',
        address: labels.get(m.person_id)?.address ?? '',
        kind: m.kind,
        primaryOrg: ref(m.primary_org_id),
        residenceOrg: m.residence_org_id === null ? null : ref(m.residence_org_id),
        joinedOn: m.joined_on,
        report: r ? { status: r.status, communityId: r.community_id } : null,
      };
    });
  }

  /** A branch's members: those whose membership is there, and 流动党员 living there. */
  async members(ctx: RequestContext, orgId: number, q: z.infer<typeof S.MemberListQuery>) {
    const org = await repo.orgById(this.d.db, orgId);
    assertCanRead(ctx.actor, 'party.read', org && placeOf(org));
    let items = await this.present(await repo.membersOf(this.d.db, [orgId]));
    if (q.q) items = items.filter((m) => m.name.includes(q.q!));
    // Branches are small: the cursor is the position in the list.
    const start = Number(decodeCursor(q.cursor)?.sort ?? 0);
    const page = items.slice(start, start + q.limit);
    const more = start + q.limit < items.length;
    return {
      items: page,
      total: items.length,
      nextCursor: more ? encodeCursor({ sort: start + q.limit, id: page[page.length - 1]!.id }) : null,
    };
  }

  private async manageableOrg(ctx: RequestContext, orgId: number, path: string) {
    const org = await repo.orgById(this.d.db, orgId);
    if (!org) throw wrongPlace(path);
    assertCanWrite(ctx.actor, 'party.manage', placeOf(org));
    return org;
  }

  async addMember(ctx: RequestContext, body: z.infer<typeof S.MemberBody>) {
    const actor = requireActor(ctx.actor);
    const primary = await this.manageableOrg(ctx, body.primaryOrgId, 'body.primaryOrgId');
    if (body.residenceOrgId !== null) {
      if (body.kind !== 'floating' || body.residenceOrgId === body.primaryOrgId)
        throw wrongPlace('body.residenceOrgId');
      await this.manageableOrg(ctx, body.residenceOrgId, 'body.residenceOrgId');
    }
    if (!(await this.d.org.personPlace(body.personId)))
      throw new AppError('validation_failed', {}, [{ path: 'body.personId', key: 'party.no_person' }]);
    const id = await this.d.db.transaction().execute(async (trx) => {
      const memberId = await repo.insertMember(trx, {
        person_id: body.personId,
        kind: body.kind,
        primary_org_id: body.primaryOrgId,
        residence_org_id: body.residenceOrgId,
        joined_on: body.joinedOn,
        created_by: actor.userId,
        created_at: this.d.clock.now(),
      });
      if (memberId === null) throw new AppError('conflict', {}, [{ key: 'party.already_member' }]);
      await this.d.audit.record(trx, ctx, {
        action: 'party.member.add',
        entityType: 'party_member',
        entityId: memberId,
        place: placeOf(primary),
        details: { kind: body.kind, org: primary.name },
      });
      return memberId;
    });
    return (await this.present([(await repo.memberById(this.d.db, id))!]))[0]!;
  }

  /** Enrols a 流动党员 in the branch where they live, as well as the one holding their membership. */
  async enrolResidence(ctx: RequestContext, memberId: number, body: z.infer<typeof S.ResidenceBody>) {
    const m = await repo.memberById(this.d.db, memberId);
    const primary = m ? await repo.orgById(this.d.db, m.primary_org_id) : undefined;
    assertCanWrite(ctx.actor, 'party.manage', primary && placeOf(primary));
    const residence = await this.manageableOrg(ctx, body.orgId, 'body.orgId');
    if (m!.kind !== 'floating') throw new AppError('conflict', {}, [{ key: 'party.not_floating' }]);
    if (residence.id === m!.primary_org_id) throw wrongPlace('body.orgId');
    await this.d.db.transaction().execute(async (trx) => {
      await repo.setResidence(trx, memberId, residence.id);
      await this.d.audit.record(trx, ctx, {
        action: 'party.member.enrol',
        entityType: 'party_member',
        entityId: memberId,
        place: placeOf(residence),
        details: { org: residence.name },
      });
    });
    return (await this.present([(await repo.memberById(this.d.db, memberId))!]))[0]!;
  }

  /** Changes a member's kind, branch, residence branch (a 流动党员's only) or joining day. */
  async updateMember(ctx: RequestContext, memberId: number, patch: z.infer<typeof S.MemberPatch>) {
    const m = await repo.memberById(this.d.db, memberId);
    const current = m ? await repo.orgById(this.d.db, m.primary_org_id) : undefined;
    assertCanWrite(ctx.actor, 'party.manage', current && placeOf(current));
    const kind = patch.kind ?? m!.kind;
    const primaryId = patch.primaryOrgId ?? m!.primary_org_id;
    const primary =
      primaryId === current!.id ? current! : await this.manageableOrg(ctx, primaryId, 'body.primaryOrgId');
    // A member who is no longer 流动 keeps no residence branch unless one is named (which is refused).
    let residenceId = patch.residenceOrgId !== undefined ? patch.residenceOrgId : m!.residence_org_id;
    if (patch.residenceOrgId === undefined && kind !== 'floating') residenceId = null;
    if (residenceId !== null) {
      if (kind !== 'floating' || residenceId === primaryId) throw wrongPlace('body.residenceOrgId');
      if (residenceId !== m!.residence_org_id) await this.manageableOrg(ctx, residenceId, 'body.residenceOrgId');
    }
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateMember(trx, memberId, {
        kind,
        primary_org_id: primaryId,
        residence_org_id: residenceId,
        ...(patch.joinedOn !== undefined ? { joined_on: patch.joinedOn } : {}),
      });
      await this.d.audit.record(trx, ctx, {
        action: 'party.member.update',
        entityType: 'party_member',
        entityId: memberId,
        place: placeOf(primary),
        details: { ...patch, org: primary.name },
      });
    });
    return (await this.present([(await repo.memberById(this.d.db, memberId))!]))[0]!;
  }

  /** Ends a member's enrolment (their 报到 goes with it); the person stays in the people registry. */
  async removeMember(ctx: RequestContext, memberId: number) {
    const m = await repo.memberById(this.d.db, memberId);
    const primary = m ? await repo.orgById(this.d.db, m.primary_org_id) : undefined;
    assertCanWrite(ctx.actor, 'party.manage', primary && placeOf(primary));
    await this.d.db.transaction().execute(async (trx) => {
      await repo.deleteMember(trx, memberId);
      await this.d.audit.record(trx, ctx, {
        action: 'party.member.remove',
        entityType: 'party_member',
        entityId: memberId,
        place: placeOf(primary!),
        details: { kind: m!.kind, org: primary!.name, personId: m!.person_id },
      });
    });
  }

  // ---------- 在职党员 报到 ----------

  async me(ctx: RequestContext): Promise<View<typeof S.MyParty>> {
    const actor = requireActor(ctx.actor);
    const person = actor.personId === null ? null : await this.d.org.personPlace(actor.personId);
    const m = person ? await repo.memberByPerson(this.d.db, person.personId) : undefined;
    const names = person ? await this.d.org.names({ divisionIds: [person.communityId] }) : null;
    return {
      member: m ? (await this.present([m]))[0]! : null,
      homeCommunity: person ? { id: person.communityId, name: names!.divisions.get(person.communityId) ?? '' } : null,
    };
  }

  /** A member reports (报到) to the community where they live; staff confirm. */
  async report(ctx: RequestContext) {
    const actor = requireActor(ctx.actor);
    const person = actor.personId === null ? null : await this.d.org.personPlace(actor.personId);
    const m = person ? await repo.memberByPerson(this.d.db, person.personId) : undefined;
    if (!person || !m) throw new AppError('conflict', {}, [{ key: 'party.not_member' }]);
    await this.d.db.transaction().execute(async (trx) => {
      const id = await repo.insertReport(trx, {
        member_id: m.id,
        user_id: actor.userId,
        community_id: person.communityId,
        requested_at: this.d.clock.now(),
      });
      if (id === null) throw new AppError('conflict', {}, [{ key: 'party.already_reported' }]);
      await this.d.audit.record(trx, ctx, {
        action: 'party.report.request',
        entityType: 'party_report',
        entityId: id,
        place: { divisionId: person.communityId, gridId: null },
      });
    });
    return this.me(ctx);
  }

  async reports(ctx: RequestContext, q: z.infer<typeof S.ReportListQuery>): Promise<View<typeof S.ReportList>> {
    const scope = requirePermission(ctx.actor, 'party.read');
    const rows = await repo.reportsIn(this.d.db, scope.divisionIds, q.status);
    const labels = await this.d.org.personLabels(rows.map((r) => r.person_id));
    const names = await this.d.org.names({ divisionIds: rows.map((r) => r.community_id) });
    return {
      items: rows.map((r) => ({
        id: r.id,
        memberId: r.member_id,
        name: labels.get(r.person_id)?.name ?? '',
        community: { id: r.community_id, name: names.divisions.get(r.community_id) ?? '' },
        status: r.status,
        requestedAt: r.requested_at.toISOString(),
        confirmedAt: r.confirmed_at?.toISOString() ?? null,
      })),
    };
  }

  async confirmReport(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const r = await repo.reportById(this.d.db, id);
    assertCanWrite(actor, 'party.manage', r && placeOf(r));
    await this.d.db.transaction().execute(async (trx) => {
      if (!(await repo.confirmReport(trx, id, actor.userId, this.d.clock.now())))
        throw new AppError('conflict', {}, [{ key: 'party.already_confirmed' }]);
      await this.d.audit.record(trx, ctx, {
        action: 'party.report.confirm',
        entityType: 'party_report',
        entityId: id,
        place: placeOf(r!),
      });
    });
    return (await this.reports(ctx, {})).items.find((x) => x.id === id)!;
  }

  // ---------- figures ----------

  /**
   * Per organisation: members listed, 报到 confirmed, and tasks: micro-wishes their reported members
   * claimed and did, activities they signed up for and attended, projects (先锋领办) it took on by name.
   */
  async stats(ctx: RequestContext): Promise<View<typeof S.BranchStats>> {
    const scope = requirePermission(ctx.actor, 'party.read');
    const orgs = await repo.orgsIn(this.d.db, scope.divisionIds);
    const members = await repo.membersOf(
      this.d.db,
      orgs.map((o) => o.id),
    );
    const reports = (
      await repo.reportsOfMembers(
        this.d.db,
        members.map((m) => m.id),
      )
    ).filter((r) => r.status === 'confirmed');
    const userOf = new Map(reports.map((r) => [r.member_id, r.user_id]));
    const userIds = [...new Set(userOf.values())];
    const wishes = await this.d.volunteer.wishClaimsByUsers(userIds);
    const signups = await this.d.volunteer.activitySignupsByUsers(userIds);
    const projects = await this.d.volunteer.projectsClaimedByUnits([...new Set(orgs.map((o) => o.community_id))]);
    const sum = (users: number[], of: Map<number, { claimed: number; done: number }>) => ({
      claimed: users.reduce((n, u) => n + (of.get(u)?.claimed ?? 0), 0),
      done: users.reduce((n, u) => n + (of.get(u)?.done ?? 0), 0),
    });
    return {
      items: orgs.map((o) => {
        const listed = members.filter((m) => m.primary_org_id === o.id || m.residence_org_id === o.id);
        const users = listed.flatMap((m) => (userOf.has(m.id) ? [userOf.get(m.id)!] : []));
        const w = sum(users, wishes);
        const a = sum(users, signups);
        const taken = projects.filter((p) => p.communityId === o.community_id && p.unit === o.name);
        const p = { claimed: taken.length, done: taken.filter((x) => x.done).length };
        return {
          orgId: o.id,
          name: o.name,
          members: listed.length,
          reported: users.length,
          tasksClaimed: w.claimed + a.claimed + p.claimed,
          tasksDone: w.done + a.done + p.done,
          wishes: w,
          activities: a,
          projects: p,
        };
      }),
    };
  }
}
