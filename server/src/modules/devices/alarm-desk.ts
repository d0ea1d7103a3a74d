import type { z } from 'zod';
import { type AreaFilter, assertCanRead, assertCanWrite, requirePermission } from '../../platform/access.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { decodeCursor, toPage, type Page } from '../../platform/pagination.ts';
import { placeOf } from './access.ts';
import { type DevicesDeps, dbOf } from './deps.ts';
import { alarmView } from './presenters.ts';
import * as repo from './repository.ts';
import type { TelemetryRuntime } from './runtime.ts';
import type * as S from './schema.ts';
import { SEVERITIES, type Severity } from './tables.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/** Alarms as people see and handle them: the list, one alarm, acknowledge, clear, and the matter's side of the link. */
export class AlarmDesk {
  constructor(
    private readonly deps: DevicesDeps,
    private readonly runtime: TelemetryRuntime,
  ) {}

  private get db() {
    return dbOf(this.deps);
  }

  private async presentAlarms(rows: repo.AlarmRow[]): Promise<Array<View<typeof S.AlarmView>>> {
    const names = await this.deps.org.names({
      divisionIds: rows.map((r) => r.community_id),
      gridIds: rows.map((r) => r.grid_id).filter((g): g is number => g !== null),
    });
    return rows.map((r) => alarmView(r, names));
  }

  /** Active alarms of the caller's area by severity (the cockpit), counted as the alarm list filters them. */
  async activeAlarmCounts(ctx: RequestContext, area: AreaFilter): Promise<Record<Severity, number>> {
    const scope = requirePermission(ctx.actor, 'devices.read');
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const row of await repo.countActiveAlarms(this.db, scope, area)) counts[row.severity] = Number(row.n);
    return counts;
  }

  async listAlarms(
    ctx: RequestContext,
    q: z.infer<typeof S.AlarmListQuery>,
    buildingIds?: readonly number[],
  ): Promise<Page<View<typeof S.AlarmView>>> {
    const scope = requirePermission(ctx.actor, 'devices.read');
    const rows = await repo.listAlarms(
      this.db,
      scope,
      {
        status: q.status,
        severity: q.severity,
        type: q.type,
        deviceCode: q.deviceId,
        q: q.q,
        communityId: q.communityId,
        communityIds: q.areaId === undefined ? undefined : await this.deps.org.divisionsUnder(q.areaId),
        gridId: q.gridId,
        buildingId: q.buildingId,
        buildingIds,
        from: q.from ? new Date(q.from) : undefined,
        to: q.to ? new Date(q.to) : undefined,
      },
      decodeCursor(q.cursor),
      q.limit,
    );
    const page = toPage(
      rows,
      q.limit,
      (r) => r,
      (r) => ({ sort: new Date(r.started_at).toISOString(), id: r.id }),
    );
    return { items: await this.presentAlarms(page.items), nextCursor: page.nextCursor };
  }

  async getAlarm(ctx: RequestContext, id: number) {
    const row = await repo.alarmById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', row ? placeOf(row) : undefined);
    return (await this.presentAlarms([row!]))[0]!;
  }

  /** Acknowledge (确认): someone has seen it and is on it. */
  async ack(ctx: RequestContext, id: number, note = '') {
    const found = await repo.alarmById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', found ? placeOf(found) : undefined);
    assertCanWrite(ctx.actor, 'devices.handle', placeOf(found!));
    await this.db.transaction().execute(async (trx) => {
      const row = (await repo.alarmForUpdate(trx, id))!;
      if (row.status === 'active_ack' || row.status === 'cleared_ack')
        throw new AppError('conflict', { reason: row.status });
      const now = this.deps.clock.now();
      const updated = await repo.updateAlarm(
        trx,
        id,
        {
          status: row.status === 'active_unack' ? 'active_ack' : 'cleared_ack',
          acked_at: now,
          acked_by: ctx.actor!.userId,
        },
        now,
      );
      await this.deps.audit.record(trx, ctx, {
        action: 'devices.alarm.ack',
        entityType: 'alarm',
        entityId: id,
        place: placeOf(row),
        details: { note },
      });
      await this.deps.jobs.publish(
        trx,
        'alarm.acknowledged',
        { alarmId: id, deviceId: row.device_id, type: row.type, matterId: row.matter_id, at: now.toISOString() },
        ctx.actor!.userId,
      );
      const device = (await this.runtime.cache.byIdOrLoad(row.device_id, trx))!;
      await this.runtime.writer.announce(trx, updated, device, 'acknowledged');
    });
    return this.getAlarm(ctx, id);
  }

  /** Clear (解除) by hand: the matter it opened is resolved with it. */
  async clear(ctx: RequestContext, id: number, note = '') {
    const found = await repo.alarmById(this.db, id);
    assertCanRead(ctx.actor, 'devices.read', found ? placeOf(found) : undefined);
    assertCanWrite(ctx.actor, 'devices.handle', placeOf(found!));
    await this.db.transaction().execute(async (trx) => {
      const row = (await repo.alarmForUpdate(trx, id))!;
      if (row.status !== 'active_unack' && row.status !== 'active_ack')
        throw new AppError('conflict', { reason: row.status });
      const device = (await this.runtime.cache.byIdOrLoad(row.device_id, trx))!;
      await this.runtime.writer.clearRow(trx, row, device, {
        reason: note || `${ctx.actor!.displayName} 手动解除`,
        value: null,
        by: ctx.actor!.userId,
        at: this.deps.clock.now(),
      });
      await this.deps.audit.record(trx, ctx, {
        action: 'devices.alarm.clear',
        entityType: 'alarm',
        entityId: id,
        place: placeOf(row),
        details: { note },
      });
    });
    this.runtime.writer.forgetActive(found!);
    this.deps.tell({ topic: 'devices.alarms' });
    return this.getAlarm(ctx, id);
  }

  /**
   * The matter side of the link: a matter an alarm opened was taken up (→ acknowledged) or
   * resolved or closed (→ the alarm is cleared). Runs in the event's transaction.
   */
  async onMatterStatusChanged(
    event: DomainEvent<{
      matterId: number;
      to: string;
      sourceEntityType: string | null;
      sourceEntityId: string | null;
    }>,
  ) {
    const p = event.payload;
    if (p.sourceEntityType !== 'device_alarm' || !p.sourceEntityId) return;
    // In a transaction of its own (the subscription has ownTransactions), so that the
    // in-memory active alarms change only once the clear has committed; a repeat of the
    // event finds the alarm cleared and does nothing.
    const cleared = await this.db.transaction().execute(async (trx) => {
      const row = await repo.alarmForUpdate(trx, Number(p.sourceEntityId));
      if (!row || row.matter_id !== p.matterId) return null;
      const device = await this.runtime.cache.byIdOrLoad(row.device_id, trx);
      if (!device) return null;
      const now = this.deps.clock.now();
      const isActive = row.status === 'active_unack' || row.status === 'active_ack';
      if (['resolved', 'closed'].includes(p.to) && isActive) {
        await this.runtime.writer.clearRow(trx, row, device, {
          reason: `事项已办结（${p.to === 'closed' ? '关闭' : '解决'}）`,
          value: null,
          by: event.actorId,
          at: now,
          fromMatter: true,
        });
        return row;
      }
      if (['accepted', 'in_progress'].includes(p.to) && row.status === 'active_unack') {
        const updated = await repo.updateAlarm(
          trx,
          row.id,
          { status: 'active_ack', acked_at: now, acked_by: event.actorId },
          now,
        );
        await this.deps.jobs.publish(
          trx,
          'alarm.acknowledged',
          { alarmId: row.id, deviceId: row.device_id, type: row.type, matterId: row.matter_id, at: now.toISOString() },
          event.actorId,
        );
        await this.runtime.writer.announce(trx, updated, device, 'acknowledged');
      }
      return null;
    });
    if (cleared) {
      this.runtime.writer.forgetActive(cleared);
      this.deps.tell({ topic: 'devices.alarms' });
    }
  }
}
