import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { DeviceEventPayload } from '../../platform/device-events.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { localDateTime } from '../../platform/local-time.ts';
import type { AuditService } from '../audit/service.ts';
import type { NoMovement } from '../care/no-movement.ts';
import type { CompoundsService } from '../compounds/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { OrgService } from '../org/service.ts';
import { parsePlate } from './plates.ts';
import * as repo from './repository.ts';
import { cardDigest, readPass, type PassKey } from './signing.ts';
import { DIRECTIONS, ENTRY_METHODS } from './tables.ts';

export interface GatesDeps {
  db: Kysely<DB>;
  clock: Clock;
  timeZone: string;
  audit: AuditService;
  org: OrgService;
  compounds: CompoundsService;
  matters: MattersService;
  /** Care's method for an elder not seen at the gates (care opens the check; see care/no-movement.ts). */
  noMovement: (trx: Executor, p: NoMovement) => Promise<number | null>;
  passKey: () => Promise<PassKey>;
  cardKey: () => Promise<Buffer>;
  options: { retentionDays: number; noMovementDays: number };
}

const DAY = 86_400_000;
/** The matters catalogue's category of an access alarm (a watch-listed person, plate or card at a gate). */
export const ALARM_CATEGORY = 'community.security.suspicious';

/**
 * What a gate's entry event may carry. Anything else in it — a face image, a template, a
 * snapshot — is dropped here and never stored: for a face, the credential is only the id of the
 * registration the gate matched inside itself.
 */
const EntryData = z.object({
  method: z.enum(ENTRY_METHODS),
  credential: z.string().trim().min(1).max(1000),
  direction: z.enum(DIRECTIONS).default('in'),
});

interface Decision {
  allowed: boolean;
  reason: string;
  credential: string;
  personId: number | null;
  registryId: number | null;
  plate: string | null;
  passId: number | null;
  cardHash: string | null;
}

/**
 * The gates' side: entry events from access_gate devices over the MQTT gateway (the devices
 * module's device.event) are checked at their own time and recorded with their decision; a watch
 * list match raises an alarm with a matter; partitions are made and dropped; elders living alone
 * the gates have not seen for days are handed to care, once per absence.
 */
export class AccessGates {
  private readonly days = new Set<number>();

  constructor(private readonly d: GatesDeps) {}

  private refuse(reason: string, credential: string, extra: Partial<Decision> = {}): Decision {
    return {
      allowed: false,
      reason,
      credential,
      personId: null,
      registryId: null,
      plate: null,
      passId: null,
      cardHash: null,
      ...extra,
    };
  }

  private async decide(
    trx: Executor,
    data: z.infer<typeof EntryData>,
    compoundId: number | null,
    at: Date,
  ): Promise<Decision> {
    const { method, credential } = data;
    if (method === 'card') {
      const card = cardDigest(await this.d.cardKey(), credential);
      const shown = `****${card.last4}`;
      if (compoundId === null) return this.refuse('no_compound', shown, { cardHash: card.hash });
      const p = await repo.personByCard(trx, compoundId, card.hash);
      if (!p) return this.refuse('unknown_card', shown, { cardHash: card.hash });
      const who = { personId: p.person_id, registryId: p.id, cardHash: card.hash };
      return p.active ? { ...this.refuse('ok', shown, who), allowed: true } : this.refuse('inactive', shown, who);
    }
    if (method === 'plate') {
      const parsed = parsePlate(credential);
      if (!parsed) return this.refuse('bad_plate', credential.slice(0, 16));
      const shown = parsed.plate;
      if (compoundId === null) return this.refuse('no_compound', shown, { plate: shown });
      const v = await repo.vehicleByPlate(trx, compoundId, shown);
      if (!v) return this.refuse('unknown_plate', shown, { plate: shown });
      const who = { plate: shown, personId: v.person_id };
      return v.active ? { ...this.refuse('ok', shown, who), allowed: true } : this.refuse('inactive', shown, who);
    }
    if (method === 'face') {
      // The gate matched a face against the people enrolled in it; only the registration's id comes here.
      const shown = `match:${credential.slice(0, 20)}`;
      const id = /^\d{1,9}$/.test(credential) ? Number(credential) : null;
      const p = id === null ? undefined : await repo.personById(trx, id);
      if (!p || p.compound_id !== compoundId) return this.refuse('unknown_person', shown);
      const who = { personId: p.person_id, registryId: p.id };
      return p.active ? { ...this.refuse('ok', shown, who), allowed: true } : this.refuse('inactive', shown, who);
    }
    const claims = readPass(credential, await this.d.passKey());
    if (!claims) return this.refuse('bad_signature', 'QR');
    const shown = `pass:${claims.pid}`;
    const pass = await repo.passById(trx, claims.pid);
    if (!pass || pass.compound_id !== claims.cmp) return this.refuse('bad_signature', shown);
    const p = { passId: pass.id };
    if (claims.cmp !== compoundId) return this.refuse('wrong_compound', shown, p);
    if (pass.revoked_at && pass.revoked_at <= at) return this.refuse('revoked', shown, p);
    if (at < pass.valid_from) return this.refuse('not_yet_valid', shown, p);
    if (at >= pass.valid_until) return this.refuse('expired', shown, p);
    return { ...this.refuse('ok', shown, p), allowed: true };
  }

  /** An entry event of a gate: decided at its own time, recorded once (by the event's id). */
  async onDeviceEvent(event: DomainEvent<DeviceEventPayload>, trx: Executor): Promise<'recorded' | 'ignored'> {
    const p = event.payload;
    if (p.deviceType !== 'access_gate' || p.event !== 'entry') return 'ignored';
    const parsed = EntryData.safeParse(p.data);
    const at = new Date(p.at);
    if (!parsed.success || Number.isNaN(at.getTime()) || typeof p.communityId !== 'number') return 'ignored';
    // Older than the retention: its partition is gone, and it would be dropped at once.
    if (at.getTime() < this.d.clock.now().getTime() - this.d.options.retentionDays * DAY) return 'ignored';
    const compoundId =
      typeof p.buildingId === 'number' ? await this.d.compounds.compoundOfBuilding(p.buildingId, trx) : null;
    const decision = await this.decide(trx, parsed.data, compoundId, at);
    const day = repo.dayOf(at);
    if (!this.days.has(day)) {
      await repo.ensurePartition(trx, day);
      this.days.add(day);
    }
    const entry = await repo.insertEntry(trx, {
      at,
      event_id: event.id,
      device_id: p.deviceId,
      device_code: p.deviceCode,
      compound_id: compoundId,
      community_id: p.communityId,
      method: parsed.data.method,
      direction: parsed.data.direction,
      credential: decision.credential,
      allowed: decision.allowed,
      reason: decision.reason,
      person_id: decision.personId,
      registry_id: decision.registryId,
      plate: decision.plate,
      pass_id: decision.passId,
    });
    if (!entry) return 'ignored';
    await this.watch(trx, entry, decision, p);
    return 'recorded';
  }

  /** A watch-list match: one alarm per entry, with a matter in the gate's grid. */
  private async watch(trx: Executor, entry: repo.EntryRow, decision: Decision, p: DeviceEventPayload) {
    const [w] = await repo.watchMatches(trx, entry.community_id, {
      personId: decision.personId,
      plate: decision.plate,
      cardHash: decision.cardHash,
    });
    if (!w) return;
    const now = this.d.clock.now();
    const alarm = await trx
      .insertInto('access.alarms')
      .values({
        watch_id: w.id,
        entry_id: entry.id,
        entry_at: entry.at,
        community_id: entry.community_id,
        compound_id: entry.compound_id,
        device_id: entry.device_id,
        device_code: entry.device_code,
        method: entry.method,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['entry_at', 'entry_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!alarm) return;
    let gridId = p.gridId ?? null;
    if (gridId === null && typeof p.buildingId === 'number')
      gridId = (await this.d.org.placeOfBuilding(p.buildingId, trx))?.gridId ?? null;
    let matterId: number | null = null;
    if (gridId !== null) {
      const when = localDateTime(entry.at, this.d.timeZone).slice(0, 16).replace('T', ' ');
      const what = w.plate ? `车牌 ${w.plate}` : w.card_last4 ? `门禁卡 ****${w.card_last4}` : '布控人员';
      const matter = await this.d.matters.openFromSystem(trx, {
        categoryCode: ALARM_CATEGORY,
        description:
          `门禁布控告警：${what}（${w.reason}）于 ${when} 经 ${entry.device_code} ${entry.direction === 'in' ? '进入' : '离开'}，请核实处置。`.slice(
            0,
            1000,
          ),
        gridId,
        urgency: 'urgent',
        source: 'access',
        sourceEntity: { type: 'access_alarm', id: String(alarm.id) },
      });
      matterId = matter.id;
      await trx.updateTable('access.alarms').set({ matter_id: matterId }).where('id', '=', alarm.id).execute();
    }
    await this.d.audit.record(trx, systemContext(), {
      action: 'access.alarm.raise',
      entityType: 'access_alarm',
      entityId: alarm.id,
      place: { divisionId: entry.community_id, gridId },
      details: { watchId: w.id, device: entry.device_code, method: entry.method, matterId },
    });
  }

  /** The hourly job: partitions for yesterday to three days ahead; those past the retention dropped. */
  async maintainPartitions(now: Date): Promise<{ created: number; dropped: number }> {
    const today = repo.dayOf(now);
    const before = new Set(await repo.partitionDays(this.d.db));
    await this.d.db.transaction().execute(async (trx) => {
      for (const day of [today - 1, today, today + 1, today + 2, today + 3]) await repo.ensurePartition(trx, day);
    });
    const after = await repo.partitionDays(this.d.db);
    const old = after.filter((d) => d < today - this.d.options.retentionDays);
    await repo.dropPartitions(this.d.db, old);
    for (const d of old) this.days.delete(d);
    await repo.purgeDefault(this.d.db, new Date((today - this.d.options.retentionDays) * DAY));
    return { created: after.filter((d) => !before.has(d)).length, dropped: old.length };
  }

  /**
   * Elders living alone (org tag elderly_alone) registered as residents and seen at no gate for
   * ACCESS_NO_MOVEMENT_DAYS: care opens a check for each, once per absence — an absence is known by
   * the last time the person was let through (or registered), so the next day's run does nothing
   * and a new absence after they were seen again is a new one.
   */
  async checkNoMovement(now: Date): Promise<number> {
    const rows = await this.d.db
      .selectFrom('access.people')
      .select(['person_id', sql<Date>`min(created_at)`.as('registered')])
      .where('active', '=', true)
      .where('kind', 'in', ['resident', 'tenant'])
      .groupBy('person_id')
      .execute();
    if (rows.length === 0) return 0;
    const facts = (await this.d.org.personFacts(rows.map((r) => r.person_id))).filter((f) =>
      f.tags.includes('elderly_alone'),
    );
    const seen = await repo.lastSeen(
      this.d.db,
      facts.map((f) => f.id),
      now,
    );
    const registered = new Map(rows.map((r) => [r.person_id, new Date(r.registered)]));
    const limit = this.d.options.noMovementDays * DAY;
    let raised = 0;
    for (const f of facts) {
      const since = seen.get(f.id) ?? registered.get(f.id)!;
      if (now.getTime() - since.getTime() < limit) continue;
      const done = await this.d.db.transaction().execute(async (trx) => {
        const fresh = await trx
          .insertInto('access.absences')
          .values({ person_id: f.id, last_seen_at: since, raised_at: now })
          .onConflict((oc) => oc.columns(['person_id', 'last_seen_at']).doNothing())
          .returning('person_id')
          .executeTakeFirst();
        if (!fresh) return false;
        const matterId = await this.d.noMovement(trx, {
          personId: f.id,
          personName: f.name,
          communityId: f.communityId,
          gridId: f.gridId,
          address: f.address,
          lastSeenAt: since,
          days: Math.floor((now.getTime() - since.getTime()) / DAY),
        });
        await trx
          .updateTable('access.absences')
          .set({ matter_id: matterId })
          .where('person_id', '=', f.id)
          .where('last_seen_at', '=', since)
          .execute();
        return true;
      });
      if (done) raised++;
    }
    return raised;
  }
}
