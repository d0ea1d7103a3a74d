import { sql } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import { createdNow } from '../../platform/clock.ts';
import { LIVE_CHANNEL, type LiveMessage } from '../../platform/live.ts';
import { AlarmPath } from './alarms.ts';
import { type DevicesDeps, dbOf } from './deps.ts';
import type { DeviceCache } from './device-cache.ts';
import type { DeviceInfo } from './ingest.ts';
import { alarmLabel } from './presenters.ts';
import * as repo from './repository.ts';
import { severityRank, type AlarmAction } from './rules.ts';
import type { AlarmStatus, Severity } from './tables.ts';

/** Alarm transactions written at once on PostgreSQL (devices spread over lanes by id). */
const ALARM_LANES = 3;
/** Matters of new alarms opened at once, each in its own transaction, right after the alarm's. */
const MATTER_CONCURRENCY = 2;

/**
 * Writes alarm transitions: raises, updates and clears decided by the rules (through the
 * alarm path's lanes, alarms.ts) or by people (AlarmDesk), each with its domain event and
 * live message; and opens or resolves an alarm's matter in a transaction of its own right
 * after, marked in the alarm row so that a crash in between is made good on start.
 */
export class AlarmWriter {
  /** Alarm transitions, written apart from the reading batches; active alarms. */
  readonly path: AlarmPath;
  private matterQueue: number[] = [];
  private readonly liveSinks = new WeakMap<Executor, LiveMessage[]>();
  private mattersRunning = 0;
  private mattersIdle: Array<() => void> = [];

  constructor(
    private readonly deps: DevicesDeps,
    private readonly cache: DeviceCache,
  ) {
    this.path = new AlarmPath(
      (actions) => this.write(actions),
      (error, context) => deps.log(error, context),
      deps.database.kind === 'pglite' ? 1 : ALARM_LANES,
    );
  }

  private get db() {
    return dbOf(this.deps);
  }

  apply(actions: AlarmAction[]): Promise<void> {
    return this.path.apply(actions);
  }

  private async write(actions: AlarmAction[]) {
    // Per device and type, in order; a run of raises becomes one write.
    const groups = new Map<string, AlarmAction[]>();
    for (const a of actions) {
      const key = `${a.deviceId}:${a.alarmType}`;
      const list = groups.get(key) ?? [];
      list.push(a);
      groups.set(key, list);
    }
    const after: Array<() => void> = [];
    const newMatters: number[] = [];
    await this.db.transaction().execute(async (trx) => {
      newMatters.length = 0;
      // Few round trips, whatever the group's size: the active rows of all its keys locked
      // with one query, the live messages sent with one statement at the end.
      const keys = [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
      const activeRows = new Map(
        (
          await repo.activeAlarmsForUpdate(
            trx,
            keys.map(([, list]) => ({ deviceId: list[0]!.deviceId, type: list[0]!.alarmType })),
          )
        ).map((r) => [`${r.device_id}:${r.type}`, r]),
      );
      const notes: LiveMessage[] = [];
      this.liveSinks.set(trx, notes);
      for (const [key, list] of keys) {
        const device = await this.cache.byIdOrLoad(list[0]!.deviceId, trx);
        if (!device) continue;
        let row = activeRows.get(key);
        const acc: {
          pending: { count: number; value: number | null; at: number; severity: Severity; escalated: boolean } | null;
        } = { pending: null };
        const writePending = async () => {
          const pending = acc.pending;
          if (!row || !pending) return;
          row = await repo.updateAlarm(
            trx,
            row.id,
            {
              count: row.count + pending.count,
              last_value: pending.value ?? row.last_value,
              last_at: new Date(pending.at),
              severity: pending.severity,
            },
            this.deps.clock.now(),
          );
          await this.announce(trx, row, device, pending.escalated ? 'escalated' : 'updated');
          acc.pending = null;
        };
        for (const a of list) {
          if (a.kind === 'raise') {
            if (!row) {
              row = await this.raise(trx, device, a, newMatters);
              const r = row;
              after.push(() => this.path.active.set(key, { id: r.id, severity: r.severity }));
            } else {
              const prior = acc.pending;
              const base: Severity = prior?.severity ?? row.severity;
              const escalated = severityRank(a.severity) > severityRank(base);
              acc.pending = {
                count: (prior?.count ?? 0) + 1,
                value: a.value,
                at: a.at,
                severity: escalated ? a.severity : base,
                escalated: (prior?.escalated ?? false) || escalated,
              };
              const severity = acc.pending.severity;
              const id = row.id;
              after.push(() => this.path.active.set(key, { id, severity }));
            }
          } else if (row) {
            await writePending();
            await this.clearRow(trx, row, device, {
              reason: a.reason,
              value: a.value,
              by: null,
              at: new Date(a.at),
              deferMatter: newMatters,
            });
            row = undefined;
            after.push(() => this.path.active.delete(key));
          } else after.push(() => this.path.active.delete(key));
        }
        await writePending();
      }
      this.liveSinks.delete(trx);
      if (notes.length > 0)
        await sql`select pg_notify(${LIVE_CHANNEL}, m) from unnest(${notes.map((n) => JSON.stringify(n))}::text[]) as m`.execute(
          trx,
        );
    });
    for (const f of after) f();
    this.matterQueue.push(...newMatters);
    this.pumpMatters();
  }

  private async raise(
    trx: Executor,
    device: DeviceInfo,
    a: Extract<AlarmAction, { kind: 'raise' }>,
    matters: number[],
  ) {
    // The matter follows in its own transaction right after this one commits (openPendingMatters);
    // the mark in the row is what makes it certain: a server that dies in between opens it on start.
    const wantsMatter =
      a.matterCategory !== null && (device.gridId !== null || (device.lat !== null && device.lng !== null));
    const at = new Date(a.at);
    const row = await repo.insertAlarm(trx, {
      ...createdNow(at),
      device_id: device.id,
      type: a.alarmType,
      severity: a.severity,
      status: 'active_unack',
      rule_id: a.ruleId,
      community_id: device.communityId,
      grid_id: device.gridId,
      building_id: device.buildingId,
      household_id: device.householdId,
      first_value: a.value,
      last_value: a.value,
      details: JSON.stringify(
        wantsMatter ? { reason: a.reason, matterPending: a.matterCategory } : { reason: a.reason },
      ),
      started_at: at,
      last_at: at,
    });
    await this.deps.jobs.publish(trx, 'alarm.raised', {
      alarmId: row.id,
      deviceId: device.id,
      deviceCode: device.code,
      deviceType: device.type,
      type: row.type,
      severity: row.severity,
      communityId: row.community_id,
      gridId: row.grid_id,
      buildingId: row.building_id,
      householdId: row.household_id,
      careTargetId: device.careTargetId,
      matterId: row.matter_id,
      at: at.toISOString(),
    });
    await this.announce(trx, row, device, 'raised');
    if (wantsMatter) matters.push(row.id);
    return row;
  }

  /**
   * Opens the matters of alarms marked as waiting for one, each in its own transaction:
   * the alarm row is locked, the matter opened (and resolved at once if the alarm has
   * cleared meanwhile, so that the incident is on record either way), the mark removed,
   * and an `updated` live event sent. Runs right after the alarm transactions that queue
   * them, on start, and with the absence check every minute (any left by a crash).
   */
  private pumpMatters() {
    while (this.mattersRunning < MATTER_CONCURRENCY && this.matterQueue.length > 0) {
      const id = this.matterQueue.shift()!;
      this.mattersRunning++;
      void this.openMatterOf(id)
        .catch((e) => this.deps.log(e, 'devices.alarm-matter'))
        .finally(() => {
          this.mattersRunning--;
          this.pumpMatters();
          if (this.mattersRunning === 0 && this.matterQueue.length === 0) {
            const waiting = this.mattersIdle;
            this.mattersIdle = [];
            for (const w of waiting) w();
          }
        });
    }
  }

  mattersSettled(): Promise<void> {
    if (this.mattersRunning === 0 && this.matterQueue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.mattersIdle.push(resolve));
  }

  async openPendingMatters() {
    for (const { id } of await repo.alarmsAwaitingMatter(this.db))
      if (!this.matterQueue.includes(id)) this.matterQueue.push(id);
    this.pumpMatters();
    await this.mattersSettled();
  }

  private async openMatterOf(alarmId: number) {
    const started = performance.now();
    // The alarm row is read without a lock and written last, so that the alarm path (a
    // clear of this alarm) never waits for a matter being opened; a row another server
    // linked meanwhile rolls this one back.
    const superseded = new Error('superseded');
    await this.db
      .transaction()
      .execute(async (trx) => {
        const row = await repo.alarmPlain(trx, alarmId);
        const details = (row?.details ?? {}) as Record<string, unknown>;
        if (row && row.matter_id !== null && details.matterResolve) {
          // The alarm cleared by its rule: its matter is resolved.
          await this.deps.matters.resolveFromSystem(trx, row.matter_id, `告警已解除：${row.clear_reason ?? ''}`);
          await repo.dropAlarmMark(trx, row.id, 'matterResolve');
          return;
        }
        if (!row || row.matter_id !== null || typeof details.matterPending !== 'string') return;
        const device = await this.cache.byIdOrLoad(row.device_id, trx);
        if (!device) return;
        const matter = await this.deps.matters.openFromSystem(trx, {
          categoryCode: details.matterPending,
          description: `${alarmLabel(row.type)}：${device.name}（${device.code}）${String(details.reason ?? '')}`,
          // The device's grid routes the matter; its point and address put it on the map.
          gridId: row.grid_id,
          lat: device.lat,
          lng: device.lng,
          address: device.address,
          urgency: row.severity === 'critical' ? 'critical' : row.severity === 'major' ? 'urgent' : 'normal',
          source: 'device',
          sourceEntity: { type: 'device_alarm', id: String(row.id) },
        });
        const updated = await repo.linkMatter(trx, row.id, matter.id, this.deps.clock.now());
        if (!updated) throw superseded;
        // Cleared meanwhile (its clear saw no matter yet): the matter is resolved at once, the incident on record.
        const active = updated.status === 'active_unack' || updated.status === 'active_ack';
        // Resolved at once, unless the category waits for someone on site (fire alarms).
        const resolved = active
          ? null
          : await this.deps.matters.resolveFromSystem(trx, matter.id, `告警已解除：${updated.clear_reason ?? ''}`);
        await this.deps.jobs.publish(trx, 'alarm.matter_opened', {
          alarmId: row.id,
          deviceId: device.id,
          type: row.type,
          matterId: matter.id,
          resolved: resolved !== null,
          at: this.deps.clock.now().toISOString(),
        });
        await this.announce(trx, updated, device, 'updated');
      })
      .catch((e) => {
        if (e !== superseded) throw e;
      });
    this.path.noteMatter(performance.now() - started);
  }

  async clearRow(
    trx: Executor,
    row: repo.AlarmRow | (Awaited<ReturnType<typeof repo.activeAlarmForUpdate>> & object),
    device: DeviceInfo,
    o: {
      reason: string;
      value: number | null;
      by: number | null;
      at: Date;
      fromMatter?: boolean;
      deferMatter?: number[];
    },
  ) {
    const acked = row.status === 'active_ack' || o.fromMatter === true;
    // On the alarm path the matter is resolved in a transaction of its own right after (marked in the row, as for opening).
    const defer = o.deferMatter !== undefined && row.matter_id !== null && !o.fromMatter;
    const updated = await repo.updateAlarm(
      trx,
      row.id,
      {
        status: acked ? 'cleared_ack' : 'cleared_unack',
        cleared_at: o.at,
        cleared_by: o.by,
        clear_reason: o.reason,
        ...(o.value !== null ? { last_value: o.value } : {}),
        ...(o.fromMatter && row.acked_at === null ? { acked_at: o.at } : {}),
        ...(defer
          ? { details: JSON.stringify({ ...((row.details ?? {}) as Record<string, unknown>), matterResolve: true }) }
          : {}),
      },
      o.at,
    );
    if (defer) o.deferMatter!.push(row.id);
    else if (row.matter_id !== null && !o.fromMatter)
      await this.deps.matters.resolveFromSystem(trx, row.matter_id, `告警已解除：${o.reason}`);
    await this.deps.jobs.publish(
      trx,
      'alarm.cleared',
      {
        alarmId: row.id,
        deviceId: device.id,
        deviceCode: device.code,
        type: row.type,
        reason: o.reason,
        matterId: row.matter_id,
        at: o.at.toISOString(),
      },
      o.by,
    );
    await this.announce(trx, updated, device, 'cleared');
    return updated;
  }

  async announce(
    trx: Executor,
    row: {
      id: number;
      community_id: number;
      grid_id: number | null;
      status: AlarmStatus;
      severity: Severity;
      type: string;
    },
    device: DeviceInfo,
    change: string,
  ) {
    const message: LiveMessage = {
      topic: 'alarm',
      id: row.id,
      divisionId: row.community_id,
      gridId: row.grid_id,
      change,
      status: row.status,
      severity: row.severity,
      type: row.type,
      deviceCode: device.code,
      at: this.deps.clock.now().toISOString(),
    };
    // In an alarm-path transaction, sent with the others at its end (applyNow); else now.
    const sink = this.liveSinks.get(trx);
    if (sink) sink.push(message);
    else await this.deps.live.publish(trx, message);
  }

  // =====================================================================
  // Alarms: reading and acting
  // =====================================================================

  /** After a clear has committed: the alarm is no longer active (unless a newer one of its device and type is). */
  forgetActive(row: { id: number; device_id: number; type: string }) {
    const key = `${row.device_id}:${row.type}`;
    if (this.path.active.get(key)?.id === row.id) this.path.active.delete(key);
  }

  async reloadActive() {
    const rows = await repo.activeAlarmKeys(this.db);
    this.path.active.clear();
    for (const r of rows) this.path.active.set(`${r.device_id}:${r.type}`, { id: r.id, severity: r.severity });
  }

  // =====================================================================
  // Absence and partitions (timed)
  // =====================================================================
}
