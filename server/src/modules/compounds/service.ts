import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { assertCanRead, assertCanWrite, hasPermission, requireActor, scopeFor, covers } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { addDays, localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPageById } from '../../platform/pagination.ts';
import { maskPhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { DeliberationService } from '../deliberation/service.ts';
import { AlarmListQuery } from '../devices/schema.ts';
import type { DevicesService } from '../devices/service.ts';
import { MatterListQuery } from '../matters/schema.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediaService } from '../media/service.ts';
import { mediaUrl } from '../media/service.ts';
import { CaseListQuery } from '../mediation/schema.ts';
import type { MediationService } from '../mediation/service.ts';
import type { OrgService } from '../org/service.ts';
import { cellAt } from '../../platform/geo.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface CompoundsDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: AuditService;
  org: OrgService;
  deliberation: DeliberationService;
  matters: MattersService;
  mediation: MediationService;
  devices: DevicesService;
  media: MediaService;
}

const placeOf = (c: { community_id: number }) => ({ divisionId: c.community_id, gridId: null });
const OPEN = ['reported', 'accepted', 'dispatched', 'in_progress', 'escalated', 'reopened', 'returned'] as const;
/** How many of each the page shows; the module's own list has the rest. */
const LATEST = 5;
/** The community's votes looked through for those of the compound's buildings. */
const VOTES_LOOKED_AT = 50;
/** The map resolution of a compound's matters: r9 cells are ~170 m across, about a compound. */
const MATTER_CELL_RES = 9;
/** The committee's term warns this many days before it ends. */
const TERM_WARNING_DAYS = 90;

/**
 * Compounds (小区) and their file (一小区一档案): buildings, owners' committee (业委会), property
 * company (物业) contracts and the deliberation meetings held about them. The page gathers the
 * community's matters through MattersService and the meetings through DeliberationService, each
 * read as the actor.
 */
export class CompoundsService {
  constructor(private readonly d: CompoundsDeps) {}

  private today() {
    return localParts(this.d.clock.now(), this.d.timeZone).date;
  }

  private async requireCommunity(id: number) {
    const community = (await this.d.org.divisionsAtLevels(['community'])).find((d) => d.id === id);
    if (!community) throw invalid('body.communityId', 'compounds.not_community');
  }

  /** Each building lies in the community and belongs to no other compound. */
  private async checkBuildings(communityId: number, compoundId: number | null, buildingIds: readonly number[]) {
    for (const b of buildingIds) {
      const place = await this.d.org.placeOfBuilding(b);
      if (!place || place.communityId !== communityId)
        throw invalid('body.buildingIds', 'compounds.building_elsewhere');
    }
    const owners = await repo.buildingOwners(this.d.db, buildingIds);
    if (owners.some((o) => o.compound_id !== compoundId))
      throw invalid('body.buildingIds', 'compounds.building_elsewhere');
  }

  /** A compound's community, name and buildings, for another module (access) that keeps records per compound. */
  async compoundFacts(id: number, db: Executor = this.d.db) {
    const c = await repo.compoundById(db, id);
    if (!c) return null;
    const buildings = await repo.buildingsOf(db, [id]);
    return { id: c.id, name: c.name, communityId: c.community_id, buildingIds: buildings.map((b) => b.building_id) };
  }

  /** The compound a building belongs to, if any (a gate registered at a building). */
  async compoundOfBuilding(buildingId: number, db: Executor = this.d.db): Promise<number | null> {
    return (await repo.buildingOwners(db, [buildingId]))[0]?.compound_id ?? null;
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.CompoundListQuery>): Promise<View<typeof S.CompoundList>> {
    const actor = requireActor(ctx.actor);
    const scope = scopeFor(actor, 'compounds.read');
    if (scope.divisionIds.length === 0 && scope.gridIds.length === 0) throw new AppError('forbidden');
    const communities = (await this.d.org.divisionsAtLevels(['community']))
      .map((c) => c.id)
      .filter((id) => covers(scope, { divisionId: id, gridId: null }));
    const communityIds = q.communityId === undefined ? communities : communities.filter((c) => c === q.communityId);
    const rows = await repo.list(this.d.db, {
      communityIds,
      kind: q.kind,
      q: q.q,
      afterId: decodeCursor(q.cursor)?.id,
      limit: q.limit,
    });
    return toPageById(rows, q.limit, (page) => this.summaries(page));
  }

  private async summaries(rows: repo.CompoundRow[]) {
    const ids = rows.map((c) => c.id);
    const [names, buildings, companies] = await Promise.all([
      this.d.org.names({ divisionIds: rows.map((c) => c.community_id) }),
      repo.buildingsOf(this.d.db, ids),
      repo.currentCompanies(this.d.db, ids),
    ]);
    return rows.map((c) => ({
      id: c.id,
      community: { id: c.community_id, name: names.divisions.get(c.community_id) ?? '' },
      name: c.name,
      kind: c.kind,
      address: c.address,
      buildings: buildings.filter((b) => b.compound_id === c.id).length,
      propertyCompany: companies.get(c.id) ?? null,
      committeeTermEnd: c.committee_term_end,
    }));
  }

  private termWarning(c: repo.CompoundRow): View<typeof S.TermWarning> {
    if (!c.committee_term_end) return 'unknown';
    const today = this.today();
    if (c.committee_term_end < today) return 'ended';
    return c.committee_term_end <= addDays(today, TERM_WARNING_DAYS) ? 'ending' : 'none';
  }

  /** The compound's page: its file, and what other modules hold about it, as the actor may read them. */
  async get(ctx: RequestContext, id: number): Promise<View<typeof S.CompoundView>> {
    const actor = requireActor(ctx.actor);
    const c = await repo.compoundById(this.d.db, id);
    assertCanRead(actor, 'compounds.read', c ? placeOf(c) : undefined);
    const [summary] = await this.summaries([c!]);
    const [links, members, contracts, buildingRows] = await Promise.all([
      repo.meetingIds(this.d.db, id),
      repo.members(this.d.db, id),
      repo.contracts(this.d.db, id),
      repo.buildingsOf(this.d.db, [id]),
    ]);
    const buildingList = [];
    for (const b of buildingRows) {
      const place = await this.d.org.placeOfBuilding(b.building_id);
      if (place)
        buildingList.push({
          id: b.building_id,
          name: place.name,
          address: place.address,
          lat: place.lat,
          lng: place.lng,
        });
    }
    const meetings = [];
    for (const l of links) {
      // A meeting the actor may not read is left out.
      const m = await this.d.deliberation.meeting(ctx, l.meeting_id).catch(() => null);
      if (m) meetings.push({ id: m.id, kind: m.kind, title: m.title, startsAt: m.startsAt, status: m.status });
    }
    const buildingIds = buildingRows.map((b) => b.building_id);
    const [matters, votes, disputes, alarms, history, documents] = await Promise.all([
      this.mattersOf(ctx, c!.community_id, buildingList),
      this.votesOf(ctx, c!.community_id, buildingIds),
      this.disputesOf(ctx, c!.community_id),
      this.alarmsOf(ctx, buildingIds),
      repo.history(this.d.db, id),
      repo.documents(this.d.db, id),
    ]);
    return {
      ...summary!,
      buildingList,
      committee: {
        termStart: c!.committee_term_start,
        termEnd: c!.committee_term_end,
        electedOn: c!.committee_elected_on,
        warning: this.termWarning(c!),
        members: members.map((m) => ({ id: m.id, name: m.name, role: m.role, phone: maskPhone(m.phone) })),
      },
      contracts: contracts.map((k) => ({
        id: k.id,
        companyName: k.company_name,
        creditCode: k.credit_code,
        contact: k.contact,
        phone: maskPhone(k.phone),
        startsOn: k.starts_on,
        endsOn: k.ends_on,
        feeFen: k.fee_fen,
        current: k.current,
      })),
      meetings,
      matters,
      votes,
      disputes,
      alarms,
      history: history.map((h) => ({ id: h.id, happenedOn: h.happened_on, title: h.title, note: h.note })),
      documents: documents.map((d) => ({
        id: d.id,
        kind: d.kind,
        title: d.title,
        signedOn: d.signed_on,
        pages: d.pages.map((t) => ({ url: mediaUrl(t), thumbnailUrl: `${mediaUrl(t)}?thumbnail=true` })),
      })),
      canManage: covers(scopeFor(actor, 'compounds.manage'), placeOf(c!)),
    };
  }

  /**
   * Matters have no building, so a compound's are those filed in the map cells its buildings stand
   * in; with no building located, the community's.
   */
  private async mattersOf(
    ctx: RequestContext,
    communityId: number,
    buildings: ReadonlyArray<{ lat: number | null; lng: number | null }>,
  ): Promise<View<typeof S.CompoundView>['matters']> {
    const located = buildings.filter((b) => b.lat !== null && b.lng !== null);
    const near = located.length > 0;
    if (!hasPermission(requireActor(ctx.actor), 'matters.read')) return { near, total: 0, open: 0, latest: [] };
    const within = near
      ? { cellsR9: [...new Set(located.map((b) => cellAt(b.lat!, b.lng!, MATTER_CELL_RES)))] }
      : undefined;
    const q = MatterListQuery.parse({ communityId, limit: LATEST });
    const [page, total, open] = await Promise.all([
      this.d.matters.list(ctx, q, within),
      this.d.matters.count(ctx, q, within),
      this.d.matters.count(ctx, { ...q, status: [...OPEN] }, within),
    ]);
    return {
      near,
      total,
      open,
      latest: page.items.map((m) => ({ id: m.id, code: m.code, status: m.status, description: m.description })),
    };
  }

  /** Votes of the whole community, or of buildings of which one is the compound's. */
  private async votesOf(ctx: RequestContext, communityId: number, buildingIds: readonly number[]) {
    const page = await this.d.deliberation.votes(ctx, { communityId, limit: VOTES_LOOKED_AT });
    const ours = new Set(buildingIds);
    return page.items
      .filter(
        (v) => v.scopeKind === 'community' || (v.scopeKind === 'buildings' && v.buildingIds.some((b) => ours.has(b))),
      )
      .slice(0, LATEST)
      .map((v) => ({
        id: v.id,
        title: v.title,
        phase: v.phase,
        closesAt: v.closesAt,
        ballots: v.ballots,
        voters: v.voters,
      }));
  }

  /** Mediation cases have no building either: the community's open ones. */
  private async disputesOf(ctx: RequestContext, communityId: number): Promise<View<typeof S.CompoundView>['disputes']> {
    if (!hasPermission(requireActor(ctx.actor), 'mediation.read')) return null;
    const [open, page] = await Promise.all([
      this.d.mediation.countUnderMediation(ctx, { communityIds: [communityId] }),
      this.d.mediation.list(ctx, CaseListQuery.parse({ communityId, limit: LATEST })),
    ]);
    return {
      open,
      latest: page.items.slice(0, LATEST).map((k) => ({
        id: k.id,
        code: k.code,
        status: k.status,
        statusName: k.statusName,
        summary: k.summary,
      })),
    };
  }

  private async alarmsOf(
    ctx: RequestContext,
    buildingIds: readonly number[],
  ): Promise<View<typeof S.CompoundView>['alarms']> {
    if (!hasPermission(requireActor(ctx.actor), 'devices.read')) return null;
    const page = await this.d.devices.listAlarms(ctx, AlarmListQuery.parse({ limit: LATEST }), buildingIds);
    return page.items.map((a) => ({
      id: a.id,
      type: a.type,
      severity: a.severity,
      status: a.status,
      deviceName: a.device.name,
      address: a.address,
      startedAt: a.startedAt,
    }));
  }

  async create(ctx: RequestContext, body: z.infer<typeof S.CompoundBody>) {
    const actor = requireActor(ctx.actor);
    assertCanWrite(actor, 'compounds.manage', { divisionId: body.communityId, gridId: null });
    await this.requireCommunity(body.communityId);
    await this.checkBuildings(body.communityId, null, body.buildingIds);
    const now = this.d.clock.now();
    const id = await this.d.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('compounds.compounds')
        .values({
          community_id: body.communityId,
          name: body.name,
          kind: body.kind,
          address: body.address,
          committee_term_start: body.committeeTermStart ?? null,
          committee_term_end: body.committeeTermEnd ?? null,
          committee_elected_on: body.committeeElectedOn ?? null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await repo.setBuildings(trx, row.id, body.buildingIds);
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.compound.create',
        entityType: 'compound',
        entityId: row.id,
        place: placeOf({ community_id: body.communityId }),
        details: { name: body.name, kind: body.kind, buildings: body.buildingIds },
      });
      return row.id;
    });
    return this.get(ctx, id);
  }

  private async writable(ctx: RequestContext, id: number) {
    const c = await repo.compoundById(this.d.db, id);
    assertCanWrite(ctx.actor, 'compounds.manage', c ? placeOf(c) : undefined);
    return c!;
  }

  async update(ctx: RequestContext, id: number, body: z.infer<typeof S.CompoundPatch>) {
    const c = await this.writable(ctx, id);
    const start = body.committeeTermStart === undefined ? c.committee_term_start : body.committeeTermStart;
    const end = body.committeeTermEnd === undefined ? c.committee_term_end : body.committeeTermEnd;
    if (start && end && end < start) throw invalid('body.committeeTermEnd', 'compounds.term_order');
    if (body.buildingIds) await this.checkBuildings(c.community_id, id, body.buildingIds);
    await this.d.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('compounds.compounds')
        .set({
          ...(body.name !== undefined && { name: body.name }),
          ...(body.kind !== undefined && { kind: body.kind }),
          ...(body.address !== undefined && { address: body.address }),
          committee_term_start: start,
          committee_term_end: end,
          ...(body.committeeElectedOn !== undefined && { committee_elected_on: body.committeeElectedOn }),
          updated_at: this.d.clock.now(),
        })
        .where('id', '=', id)
        .execute();
      if (body.buildingIds) await repo.setBuildings(trx, id, body.buildingIds);
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.compound.update',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { fields: Object.keys(body) },
      });
    });
    return this.get(ctx, id);
  }

  async addMember(ctx: RequestContext, id: number, body: z.infer<typeof S.MemberBody>) {
    const c = await this.writable(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('compounds.committee_members')
        .values({
          compound_id: id,
          name: body.name,
          role: body.role,
          phone: body.phone,
          created_at: this.d.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.member.add',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { memberId: row.id, role: body.role },
      });
    });
    return this.get(ctx, id);
  }

  async removeMember(ctx: RequestContext, id: number, memberId: number) {
    const c = await this.writable(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('compounds.committee_members')
        .where('id', '=', memberId)
        .where('compound_id', '=', id)
        .executeTakeFirst();
      if (Number(gone.numDeletedRows) === 0) throw new AppError('not_found');
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.member.remove',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { memberId },
      });
    });
    return this.get(ctx, id);
  }

  /** A new contract with a property company; the current one is closed the day before it starts. */
  async addContract(ctx: RequestContext, id: number, body: z.infer<typeof S.ContractBody>) {
    const c = await this.writable(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const before = addDays(body.startsOn, -1);
      await trx
        .updateTable('compounds.property_contracts')
        .set({
          current: false,
          ends_on: sql<string>`case when ends_on is null or ends_on > ${before}::date then greatest(starts_on, ${before}::date) else ends_on end`,
        })
        .where('compound_id', '=', id)
        .where('current', '=', true)
        .execute();
      const row = await trx
        .insertInto('compounds.property_contracts')
        .values({
          compound_id: id,
          company_name: body.companyName,
          credit_code: body.creditCode,
          contact: body.contact,
          phone: body.phone,
          starts_on: body.startsOn,
          ends_on: body.endsOn,
          fee_fen: body.feeFen,
          created_at: this.d.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.contract.add',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { contractId: row.id, company: body.companyName, startsOn: body.startsOn },
      });
    });
    return this.get(ctx, id);
  }

  /** Links a deliberation meeting of the compound's community (三方协调, 半月谈 …). */
  async linkMeeting(ctx: RequestContext, id: number, body: z.infer<typeof S.MeetingLinkBody>) {
    const c = await this.writable(ctx, id);
    const meeting = await this.d.deliberation.meeting(ctx, body.meetingId);
    if (meeting.communityId !== c.community_id) throw invalid('body.meetingId', 'compounds.meeting_elsewhere');
    await this.d.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('compounds.meeting_links')
        .values({ compound_id: id, meeting_id: body.meetingId, linked_at: this.d.clock.now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.meeting.link',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { meetingId: body.meetingId },
      });
    });
    return this.get(ctx, id);
  }

  async addHistory(ctx: RequestContext, id: number, body: z.infer<typeof S.HistoryBody>) {
    const c = await this.writable(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('compounds.history')
        .values({
          compound_id: id,
          happened_on: body.happenedOn,
          title: body.title,
          note: body.note,
          created_by: ctx.actor!.userId,
          created_at: this.d.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.history.add',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { entryId: row.id, happenedOn: body.happenedOn, title: body.title },
      });
    });
    return this.get(ctx, id);
  }

  async removeHistory(ctx: RequestContext, id: number, entryId: number) {
    const c = await this.writable(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('compounds.history')
        .where('id', '=', entryId)
        .where('compound_id', '=', id)
        .returning(['title', 'happened_on'])
        .executeTakeFirst();
      if (!gone) throw new AppError('not_found');
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.history.remove',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { entryId, happenedOn: gone.happened_on, title: gone.title },
      });
    });
    return this.get(ctx, id);
  }

  /** A document kept as photographed pages; the pages must be the uploader's own photos. */
  async addDocument(ctx: RequestContext, id: number, body: z.infer<typeof S.DocumentBody>) {
    const c = await this.writable(ctx, id);
    const actor = requireActor(ctx.actor);
    await this.d.media.assertOwned(actor.userId, body.pages);
    await this.d.db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('compounds.documents')
        .values({
          compound_id: id,
          kind: body.kind,
          title: body.title,
          signed_on: body.signedOn,
          pages: body.pages,
          created_by: actor.userId,
          created_at: this.d.clock.now(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.document.add',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { documentId: row.id, kind: body.kind, title: body.title, pages: body.pages.length },
      });
    });
    return this.get(ctx, id);
  }

  async removeDocument(ctx: RequestContext, id: number, documentId: number) {
    const c = await this.writable(ctx, id);
    await this.d.db.transaction().execute(async (trx) => {
      const gone = await trx
        .deleteFrom('compounds.documents')
        .where('id', '=', documentId)
        .where('compound_id', '=', id)
        .returning(['kind', 'title'])
        .executeTakeFirst();
      if (!gone) throw new AppError('not_found');
      await this.d.audit.record(trx, ctx, {
        action: 'compounds.document.remove',
        entityType: 'compound',
        entityId: id,
        place: placeOf(c),
        details: { documentId, kind: gone.kind, title: gone.title },
      });
    });
    return this.get(ctx, id);
  }
}
