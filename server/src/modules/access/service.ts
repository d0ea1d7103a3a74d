import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import {
  assertCanRead,
  assertCanWrite,
  covers,
  requireActor,
  requirePermission,
  scopeFor,
  type Actor,
} from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import { decodeCursor, toPage, toPageById } from '../../platform/pagination.ts';
import { maskName, maskPhone } from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import type { CompoundsService } from '../compounds/service.ts';
import type { OrgService } from '../org/service.ts';
import { parsePlate } from './plates.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import { cardDigest, type PassKey, signPass } from './signing.ts';
import { AccessWatch } from './watch.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export interface AccessDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  org: OrgService;
  compounds: CompoundsService;
  passKey: () => Promise<PassKey>;
  cardKey: () => Promise<Buffer>;
  options: { passMaxDays: number; searchMaxDays: number };
}

const DAY = 86_400_000;
const placeOf = (communityId: number) => ({ divisionId: communityId, gridId: null });
const conflict = (key: 'access.already_revoked' | 'access.already_closed') => new AppError('conflict', {}, [{ key }]);

/**
 * 智慧平安小区, the registries and what staff read: the people and vehicles of a compound at its
 * gates, visitor passes (signed QR tokens), the watch list, its alarms, and the entry search — every
 * search audited. Entries themselves come from the gates (gates.ts).
 */
export class AccessService {
  private readonly watchOf: AccessWatch;

  constructor(private readonly d: AccessDeps) {
    this.watchOf = new AccessWatch(d);
  }

  async compound(id: number) {
    const c = await this.d.compounds.compoundFacts(id);
    if (!c) throw new AppError('not_found');
    return c;
  }

  private async communitiesInScope(actor: Actor | null, perm: 'access.read' | 'access.manage', areaId?: number) {
    const scope = requirePermission(actor, perm);
    if (areaId === undefined) return [...scope.divisionIds];
    const under = new Set(await this.d.org.divisionsUnder(areaId));
    return scope.divisionIds.filter((x) => under.has(x));
  }

  private async names(personIds: readonly (number | null)[]) {
    const ids = [...new Set(personIds.filter((p): p is number => p !== null))];
    const labels = await this.d.org.personLabels(ids);
    return (id: number | null) => (id === null ? null : maskName(labels.get(id)?.name ?? ''));
  }

  // ---------- people ----------

  private async presentPeople(rows: repo.PersonRow[]): Promise<View<typeof S.PersonView>[]> {
    const name = await this.names(rows.map((r) => r.person_id));
    return rows.map((r) => ({
      id: r.id,
      compoundId: r.compound_id,
      personId: r.person_id,
      name: name(r.person_id) ?? '',
      kind: r.kind,
      card: r.card_last4 ? `****${r.card_last4}` : null,
      active: r.active,
      createdAt: r.created_at.toISOString(),
    }));
  }

  async people(ctx: RequestContext, compoundId: number, q: { cursor?: string | undefined; limit: number }) {
    const c = await this.compound(compoundId);
    assertCanRead(ctx.actor, 'access.read', placeOf(c.communityId));
    const rows = await repo.peopleOf(this.d.db, compoundId, decodeCursor(q.cursor)?.id, q.limit);
    return toPageById(rows, q.limit, (page) => this.presentPeople(page));
  }

  async addPerson(ctx: RequestContext, compoundId: number, body: z.infer<typeof S.PersonBody>) {
    const c = await this.compound(compoundId);
    const actor = requireActor(ctx.actor);
    assertCanWrite(actor, 'access.manage', placeOf(c.communityId));
    const p = await this.d.org.personPlace(body.personId);
    if (!p || p.communityId !== c.communityId) throw invalid('body.personId', 'access.person_elsewhere');
    const card = body.cardNumber ? cardDigest(await this.d.cardKey(), body.cardNumber) : null;
    const now = this.d.clock.now();
    const row = await this.d.db
      .transaction()
      .execute(async (trx) => {
        const row = await repo.insertPerson(trx, {
          compound_id: compoundId,
          community_id: c.communityId,
          person_id: body.personId,
          kind: body.kind,
          card_hash: card?.hash ?? null,
          card_last4: card?.last4 ?? null,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'access.person.create',
          entityType: 'access_person',
          entityId: row.id,
          place: placeOf(c.communityId),
          details: { compoundId, personId: body.personId, kind: body.kind, card: card ? `****${card.last4}` : null },
        });
        return row;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e, 'access_people_card')) throw invalid('body.cardNumber', 'access.card_taken');
        if (isUniqueViolation(e)) throw new AppError('conflict', {}, [{ key: 'access.already_registered' }]);
        throw e;
      });
    return (await this.presentPeople([row]))[0]!;
  }

  async updatePerson(ctx: RequestContext, id: number, body: z.infer<typeof S.PersonPatch>) {
    const found = await repo.personById(this.d.db, id);
    assertCanWrite(ctx.actor, 'access.manage', found ? placeOf(found.community_id) : undefined);
    const card =
      body.cardNumber === undefined
        ? undefined
        : body.cardNumber === null
          ? null
          : cardDigest(await this.d.cardKey(), body.cardNumber);
    await this.d.db
      .transaction()
      .execute(async (trx) => {
        await repo.updatePerson(trx, id, {
          kind: body.kind,
          active: body.active,
          ...(card === undefined ? {} : { card_hash: card?.hash ?? null, card_last4: card?.last4 ?? null }),
          updated_at: this.d.clock.now(),
        });
        await this.d.audit.record(trx, ctx, {
          action: 'access.person.update',
          entityType: 'access_person',
          entityId: id,
          place: placeOf(found!.community_id),
          details: { fields: Object.keys(body) },
        });
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) throw invalid('body.cardNumber', 'access.card_taken');
        throw e;
      });
    return (await this.presentPeople([(await repo.personById(this.d.db, id))!]))[0]!;
  }

  // ---------- vehicles ----------

  private async presentVehicles(rows: repo.VehicleRow[]): Promise<View<typeof S.VehicleView>[]> {
    const name = await this.names(rows.map((r) => r.person_id));
    return rows.map((r) => ({
      id: r.id,
      compoundId: r.compound_id,
      plate: r.plate,
      newEnergy: r.new_energy,
      personId: r.person_id,
      owner: name(r.person_id),
      active: r.active,
      createdAt: r.created_at.toISOString(),
    }));
  }

  async vehicles(ctx: RequestContext, compoundId: number, q: { cursor?: string | undefined; limit: number }) {
    const c = await this.compound(compoundId);
    assertCanRead(ctx.actor, 'access.read', placeOf(c.communityId));
    const rows = await repo.vehiclesOf(this.d.db, compoundId, decodeCursor(q.cursor)?.id, q.limit);
    return toPageById(rows, q.limit, (page) => this.presentVehicles(page));
  }

  async addVehicle(ctx: RequestContext, compoundId: number, body: z.infer<typeof S.VehicleBody>) {
    const c = await this.compound(compoundId);
    const actor = requireActor(ctx.actor);
    assertCanWrite(actor, 'access.manage', placeOf(c.communityId));
    const plate = parsePlate(body.plate);
    if (!plate) throw invalid('body.plate', 'access.bad_plate');
    if (body.personId !== null) {
      const p = await this.d.org.personPlace(body.personId);
      if (!p || p.communityId !== c.communityId) throw invalid('body.personId', 'access.person_elsewhere');
    }
    const now = this.d.clock.now();
    const row = await this.d.db
      .transaction()
      .execute(async (trx) => {
        const row = await repo.insertVehicle(trx, {
          compound_id: compoundId,
          community_id: c.communityId,
          plate: plate.plate,
          new_energy: plate.newEnergy,
          person_id: body.personId,
          created_by: actor.userId,
          created_at: now,
          updated_at: now,
        });
        await this.d.audit.record(trx, ctx, {
          action: 'access.vehicle.create',
          entityType: 'access_vehicle',
          entityId: row.id,
          place: placeOf(c.communityId),
          details: { compoundId, plate: plate.plate },
        });
        return row;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) throw invalid('body.plate', 'access.plate_taken');
        throw e;
      });
    return (await this.presentVehicles([row]))[0]!;
  }

  async updateVehicle(ctx: RequestContext, id: number, body: z.infer<typeof S.VehiclePatch>) {
    const found = await repo.vehicleById(this.d.db, id);
    assertCanWrite(ctx.actor, 'access.manage', found ? placeOf(found.community_id) : undefined);
    await this.d.db.transaction().execute(async (trx) => {
      await repo.updateVehicle(trx, id, { active: body.active, updated_at: this.d.clock.now() });
      await this.d.audit.record(trx, ctx, {
        action: 'access.vehicle.update',
        entityType: 'access_vehicle',
        entityId: id,
        place: placeOf(found!.community_id),
        details: { active: body.active },
      });
    });
    return (await this.presentVehicles([(await repo.vehicleById(this.d.db, id))!]))[0]!;
  }

  // ---------- visitor passes ----------

  private statusOf(p: repo.PassRow, now: Date) {
    if (p.revoked_at) return 'revoked' as const;
    if (now < p.valid_from) return 'upcoming' as const;
    if (now >= p.valid_until) return 'expired' as const;
    return 'valid' as const;
  }

  private async presentPasses(rows: repo.PassRow[], actor: Actor): Promise<View<typeof S.PassView>[]> {
    const now = this.d.clock.now();
    const names = new Map<number, string>();
    for (const id of new Set(rows.map((r) => r.compound_id)))
      names.set(id, (await this.d.compounds.compoundFacts(id))?.name ?? '');
    return rows.map((p) => ({
      id: p.id,
      compoundId: p.compound_id,
      compoundName: names.get(p.compound_id) ?? '',
      visitorName: maskName(p.visitor_name),
      visitorPhone: maskPhone(p.visitor_phone),
      validFrom: p.valid_from.toISOString(),
      validUntil: p.valid_until.toISOString(),
      status: this.statusOf(p, now),
      createdAt: p.created_at.toISOString(),
      mine: p.created_by === actor.userId,
    }));
  }

  /** Who may issue passes for a compound: staff over it (access.manage), or a resident registered in it. */
  private async mayIssue(actor: Actor, compound: { id: number; communityId: number }) {
    if (covers(scopeFor(actor, 'access.manage'), placeOf(compound.communityId))) return true;
    if (actor.personId === null) return false;
    const homes = await repo.residencesOf(this.d.db, actor.personId);
    return homes.some((h) => h.compound_id === compound.id);
  }

  async issuePass(ctx: RequestContext, body: z.infer<typeof S.PassBody>): Promise<View<typeof S.IssuedPass>> {
    const actor = requireActor(ctx.actor);
    const c = await this.d.compounds.compoundFacts(body.compoundId);
    if (!c) throw invalid('body.compoundId', 'access.no_compound');
    if (!(await this.mayIssue(actor, c))) throw new AppError('forbidden', {}, [{ key: 'access.not_resident' }]);
    const from = new Date(body.validFrom);
    const until = new Date(body.validUntil);
    const now = this.d.clock.now();
    if (until.getTime() - from.getTime() > this.d.options.passMaxDays * DAY)
      throw invalid('body.validUntil', 'access.pass_too_long', { days: this.d.options.passMaxDays });
    if (until <= now) throw invalid('body.validUntil', 'access.pass_in_past');
    const key = await this.d.passKey();
    const row = await this.d.db.transaction().execute(async (trx) => {
      const row = await repo.insertPass(trx, {
        compound_id: c.id,
        community_id: c.communityId,
        visitor_name: body.visitorName,
        visitor_phone: body.visitorPhone,
        valid_from: from,
        valid_until: until,
        created_by: actor.userId,
        created_at: now,
      });
      await this.d.audit.record(trx, ctx, {
        action: 'access.pass.create',
        entityType: 'access_pass',
        entityId: row.id,
        place: placeOf(c.communityId),
        details: {
          compoundId: c.id,
          visitor: maskName(body.visitorName),
          from: body.validFrom,
          until: body.validUntil,
        },
      });
      return row;
    });
    const token = signPass(key, {
      typ: 'gz-visitor',
      pid: row.id,
      cmp: c.id,
      nbf: Math.floor(from.getTime() / 1000),
      exp: Math.floor(until.getTime() / 1000),
    });
    return { ...(await this.presentPasses([row], actor))[0]!, token };
  }

  /** The compounds I may issue visitor passes for as a resident (registered at their gates). */
  async myCompounds(ctx: RequestContext): Promise<View<typeof S.MyCompounds>> {
    const actor = requireActor(ctx.actor);
    if (actor.personId === null) return { items: [] };
    const homes = await repo.residencesOf(this.d.db, actor.personId);
    const items = [];
    for (const id of new Set(homes.map((h) => h.compound_id))) {
      const c = await this.d.compounds.compoundFacts(id);
      if (c) items.push({ id: c.id, name: c.name });
    }
    return { items };
  }

  async passes(ctx: RequestContext, q: z.infer<typeof S.PassListQuery>) {
    const actor = requireActor(ctx.actor);
    const afterId = decodeCursor(q.cursor)?.id;
    let rows: repo.PassRow[];
    if (q.compoundId !== undefined) {
      const c = await this.compound(q.compoundId);
      assertCanRead(actor, 'access.read', placeOf(c.communityId));
      rows = await repo.passesOf(this.d.db, { compoundId: q.compoundId, afterId, limit: q.limit });
    } else rows = await repo.passesOf(this.d.db, { createdBy: actor.userId, afterId, limit: q.limit });
    return toPageById(rows, q.limit, (page) => this.presentPasses(page, actor));
  }

  /** Revoked by whoever issued it, or by staff over the compound. */
  async revokePass(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const found = await repo.passById(this.d.db, id);
    const staff = found !== undefined && covers(scopeFor(actor, 'access.manage'), placeOf(found.community_id));
    if (!found || (!staff && found.created_by !== actor.userId)) throw new AppError('not_found');
    await this.d.db.transaction().execute(async (trx) => {
      const p = (await repo.passById(trx, id, true))!;
      if (p.revoked_at) throw conflict('access.already_revoked');
      await repo.revokePass(trx, id, this.d.clock.now(), actor.userId);
      await this.d.audit.record(trx, ctx, {
        action: 'access.pass.revoke',
        entityType: 'access_pass',
        entityId: id,
        place: placeOf(p.community_id),
      });
    });
    return (await this.presentPasses([(await repo.passById(this.d.db, id))!], actor))[0]!;
  }

  async publicKey(): Promise<View<typeof S.PublicKey>> {
    const { publicJwk: k } = await this.d.passKey();
    return { kty: String(k.kty), crv: String(k.crv), x: String(k.x), kid: k.kid, alg: 'EdDSA', use: 'sig' };
  }

  // ---------- entries ----------

  private async entryFilter(
    ctx: RequestContext,
    q: { areaId?: number | undefined; compoundId?: number | undefined; from: string; to: string },
  ): Promise<repo.EntryFilter> {
    const communityIds = await this.communitiesInScope(ctx.actor, 'access.read', q.areaId);
    const from = new Date(q.from);
    const to = new Date(q.to);
    if (to <= from) throw invalid('query.to', 'access.pass_ends_before_start');
    if (to.getTime() - from.getTime() > this.d.options.searchMaxDays * DAY)
      throw invalid('query.to', 'access.range_too_long', { days: this.d.options.searchMaxDays });
    if (q.compoundId !== undefined) {
      const c = await this.compound(q.compoundId);
      assertCanRead(ctx.actor, 'access.read', placeOf(c.communityId));
    }
    return { communityIds, compoundId: q.compoundId, from, to };
  }

  /** The entry search: every search is audited with what was asked. */
  async searchEntries(ctx: RequestContext, q: z.infer<typeof S.EntryQuery>): Promise<View<typeof S.EntryList>> {
    const base = await this.entryFilter(ctx, q);
    let plate: string | undefined;
    if (q.plate) {
      const parsed = parsePlate(q.plate);
      if (!parsed) throw invalid('query.plate', 'access.bad_plate');
      plate = parsed.plate;
    }
    const f: repo.EntryFilter = {
      ...base,
      deviceId: q.deviceId,
      method: q.method,
      allowed: q.allowed,
      plate,
      personId: q.personId,
    };
    const cursor = decodeCursor(q.cursor);
    const after = cursor && typeof cursor.sort === 'string' ? { at: new Date(cursor.sort), id: cursor.id } : null;
    const rows = await repo.searchEntries(this.d.db, f, after, q.limit);
    await this.d.db.transaction().execute((trx) =>
      this.d.audit.record(trx, ctx, {
        action: 'access.entries.search',
        entityType: 'access_entries',
        place: base.communityIds.length === 1 ? placeOf(base.communityIds[0]!) : undefined,
        details: {
          areaId: q.areaId ?? null,
          compoundId: q.compoundId ?? null,
          deviceId: q.deviceId ?? null,
          method: q.method ?? null,
          plate: plate ?? null,
          personId: q.personId ?? null,
          from: q.from,
          to: q.to,
          results: Math.min(rows.length, q.limit),
        },
      }),
    );
    const name = await this.names(rows.map((r) => r.person_id));
    return toPage(
      rows,
      q.limit,
      (e) => ({
        id: Number(e.id),
        at: e.at.toISOString(),
        device: { id: e.device_id, code: e.device_code },
        compoundId: e.compound_id,
        method: e.method,
        direction: e.direction,
        credential: e.credential,
        allowed: e.allowed,
        reason: e.reason,
        personId: e.person_id,
        person: name(e.person_id),
        passId: e.pass_id,
      }),
      (e) => ({ sort: e.at.toISOString(), id: Number(e.id) }),
    );
  }

  /** Entries per gate and hour, for a chart (counts only: not audited as a search of people). */
  async hourly(ctx: RequestContext, q: z.infer<typeof S.HourlyQuery>): Promise<View<typeof S.Hourly>> {
    const f = await this.entryFilter(ctx, q);
    const rows = await repo.hourly(this.d.db, f);
    const gates = new Map<number, View<typeof S.Hourly>['gates'][number]>();
    for (const r of rows) {
      const g = gates.get(r.deviceId) ?? { deviceId: r.deviceId, deviceCode: r.deviceCode, hours: [] };
      g.hours.push({ hour: r.hour, entries: r.entries, refused: r.refused });
      gates.set(r.deviceId, g);
    }
    return { gates: [...gates.values()] };
  }

  // ---------- watch list and alarms (watch.ts) ----------

  watchList(ctx: RequestContext, q: z.infer<typeof S.WatchQuery>) {
    return this.watchOf.list(ctx, q);
  }
  addWatch(ctx: RequestContext, body: z.infer<typeof S.WatchBody>) {
    return this.watchOf.add(ctx, body);
  }
  closeWatch(ctx: RequestContext, id: number) {
    return this.watchOf.close(ctx, id);
  }
  alarms(ctx: RequestContext, q: z.infer<typeof S.AlarmQuery>) {
    return this.watchOf.alarms(ctx, q);
  }
}
