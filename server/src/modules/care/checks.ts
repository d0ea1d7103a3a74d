import type { Kysely } from 'kysely';
import type { Executor } from '../../db/connection.ts';
import type { DB } from '../../db/schema.ts';
import type { OrgPlace } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import type { DeviceEventPayload } from '../../platform/device-events.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { addDays, localParts } from '../../platform/local-time.ts';
import type { AuditService } from '../audit/service.ts';
import type { AuthService } from '../auth/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import * as repo from './repository.ts';
import { CHECK_NAMES, KIND_NAMES } from './presenters.ts';
import { GRID_STAGE, MISSED_CHECK_CATEGORY, TAKEN } from './service.ts';
import { CHECK_KINDS } from './tables.ts';

/**
 * The daily check (窗帘之约) as it runs: a device event or a helper's tap satisfies a check, a
 * check not met by its time becomes a missed check with a care matter for the first helper, and
 * an unacknowledged one moves on to the next helper, then the grid worker. Runs from the minute
 * job and the devices' events; CareService delegates to it.
 */
export class CareChecks {
  private ensuredDay: string | null = null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly auth: AuthService,
    private readonly notifications: NotificationsService,
    private readonly matters: MattersService,
    private readonly options: { timeZone: string; escalateAfterMinutes: number },
  ) {}

  private today() {
    return localParts(this.clock.now(), this.options.timeZone).date;
  }

  private place(t: { community_id: number; grid_id: number | null }): OrgPlace {
    return { divisionId: t.community_id, gridId: t.grid_id };
  }

  async satisfy(
    trx: Executor,
    c: repo.CheckRow,
    s: {
      at: Date;
      by: 'device' | 'helper';
      userId: number | null;
      userName: string | null;
      note: string;
      deviceId: number | null;
    },
  ) {
    const late = s.at > c.due_at;
    await repo.updateCheck(trx, c.id, {
      status: 'done',
      satisfied_at: s.at,
      satisfied_by: s.by,
      satisfied_user_id: s.userId,
      satisfied_user_name: s.userName,
      satisfied_device_id: s.deviceId,
      satisfied_note: s.note,
      late,
      ...(c.status === 'missed' && c.acknowledged_at === null
        ? { acknowledged_at: s.at, acknowledged_by: s.userId, acknowledged_name: s.userName ?? '设备' }
        : {}),
    });
    await repo.log(trx, {
      check_id: c.id,
      action: s.by === 'device' ? 'device_event' : 'confirmed',
      user_id: s.userId,
      user_name: s.userName,
      note: s.note,
      at: this.clock.now(),
    });
    if (c.status === 'missed' && c.matter_id !== null) {
      const what =
        s.by === 'device'
          ? `${localParts(s.at, this.options.timeZone).time} 设备报告：${CHECK_NAMES[c.kind].zh}`
          : `${s.userName ?? ''}确认平安${s.note ? `（${s.note}）` : ''}`;
      await this.matters.resolveFromSystem(trx, c.matter_id, what);
    }
  }

  /**
   * The care target a device event is for. The link must hold on both sides' records:
   * either care lists the device among the target's devices (deviceIds, checked against
   * the devices module when set), or the devices module registers the device as watching
   * the target (its careTargetId, carried in the event) — and either way the device's
   * community, as the devices module has it, is the target's. So a sensor of another
   * community never satisfies a check here, whatever careTargetId it was given. (Care's
   * own list alone would be stricter, but a device linked from the devices side, which
   * its registry offers, would then be ignored; the community check is what closes the hole.)
   */
  private async targetOfEvent(trx: Executor, p: DeviceEventPayload) {
    if (typeof p.communityId !== 'number') return undefined;
    const linked = typeof p.deviceId === 'number' ? await repo.targetOfDevice(trx, p.deviceId) : undefined;
    if (linked && linked.community_id === p.communityId) return linked;
    const named = typeof p.careTargetId === 'number' ? await repo.targetById(trx, p.careTargetId) : undefined;
    if (named && named.community_id === p.communityId) return named;
    return undefined;
  }

  /**
   * A device event (the devices module's device.event): a curtain, door or water event
   * of a watched person satisfies the open check of that kind for its local day, if it
   * falls in the check's window. Late events still count (and resolve the care matter);
   * repeats change nothing.
   */
  async onDeviceEvent(event: DomainEvent<DeviceEventPayload>, trx: Executor): Promise<'done' | 'ignored'> {
    const p = event.payload;
    if (!(CHECK_KINDS as readonly string[]).includes(p.event)) return 'ignored';
    const at = new Date(p.at);
    if (Number.isNaN(at.getTime())) return 'ignored';
    const target = await this.targetOfEvent(trx, p);
    if (!target?.active) return 'ignored';
    const day = localParts(at, this.options.timeZone).date;
    // Only today's and yesterday's checks can still be open; older events are history.
    const today = this.today();
    if (day > today || day < addDays(today, -1)) return 'ignored';
    if (day === today) await repo.ensureDay(trx, day, this.options.timeZone, [target.id]);
    const c = await repo.openCheckFor(trx, target.id, p.event, day, at);
    if (!c) return 'ignored';
    await this.satisfy(trx, c, {
      at,
      by: 'device',
      userId: null,
      userName: null,
      note: p.deviceCode ?? '',
      deviceId: p.deviceId ?? null,
    });
    return 'done';
  }

  /** A care matter taken up (accepted, started, resolved) counts as acknowledged. */
  async onMatterStatus(
    event: DomainEvent<{
      matterId: number;
      to: string;
      sourceEntityType: string | null;
      sourceEntityId: string | null;
    }>,
    trx: Executor,
  ) {
    const p = event.payload;
    if (p.sourceEntityType !== 'care_check' || !TAKEN.includes(p.to)) return;
    const c = await repo.checksByMatter(trx, p.matterId);
    if (c?.status !== 'missed' || c.acknowledged_at !== null) return;
    const who = event.actorId !== null ? await this.auth.actorOf(event.actorId, trx) : null;
    const now = this.clock.now();
    await repo.updateCheck(trx, c.id, {
      acknowledged_at: now,
      acknowledged_by: who?.userId ?? null,
      acknowledged_name: who?.displayName ?? '系统',
    });
    await repo.log(trx, {
      check_id: c.id,
      action: 'acknowledged',
      user_id: who?.userId ?? null,
      user_name: who?.displayName ?? null,
      note: `事项${p.to}`,
      at: now,
    });
  }

  /**
   * The minute job: makes today's checks, marks those past their deadline missed and
   * opens a care matter for the first helper, and moves an unacknowledged one on to the
   * next helper, then the grid's workers. Each check in its own transaction, locked and
   * re-read, so two runs at once (or one twice) do each thing once.
   */
  async runChecks(now: Date): Promise<{ missed: number; escalated: number }> {
    const today = localParts(now, this.options.timeZone).date;
    if (this.ensuredDay !== today) {
      await repo.ensureDay(this.db, today, this.options.timeZone);
      this.ensuredDay = today;
    }
    const counts = { missed: 0, escalated: 0 };
    for (const { id } of await repo.pendingPastDue(this.db, now, 500)) {
      if (await this.db.transaction().execute((trx) => this.miss(trx, id, now))) counts.missed++;
    }
    const before = new Date(now.getTime() - this.options.escalateAfterMinutes * 60_000);
    for (const { id } of await repo.unacknowledgedSince(this.db, before, 500)) {
      if (await this.db.transaction().execute((trx) => this.escalate(trx, id, now, before))) counts.escalated++;
    }
    return counts;
  }

  /** Forget which day's rows were made (for tests that move the clock back). */
  resetDayMemo() {
    this.ensuredDay = null;
  }

  private async miss(trx: Executor, id: number, now: Date): Promise<boolean> {
    const c = await repo.checkForUpdate(trx, id);
    if (c?.status !== 'pending' || c.due_at > now) return false;
    const t = (await repo.targetById(trx, c.target_id))!;
    if (!t.active) {
      await repo.dropPending(trx, t.id);
      return false;
    }
    const [first] = await repo.helpersOf(trx, [t.id]);
    const responder = first ? { userId: first.user_id, name: first.display_name, position: first.position } : null;
    const due = localParts(c.due_at, this.options.timeZone).time;
    const description = `窗帘之约：${t.person_name}（${KIND_NAMES[t.kinds[0]!]}，${t.address}）${due} 前${CHECK_NAMES[c.kind].zhMissed.replace('未按时', '未')}，请尽快上门或电话确认平安。`;
    let matterId: number | null = null;
    if (t.grid_id !== null) {
      const matter = await this.matters.openFromSystem(trx, {
        categoryCode: MISSED_CHECK_CATEGORY,
        description,
        gridId: t.grid_id,
        address: t.address,
        urgency: 'urgent',
        source: 'care',
        sourceEntity: { type: 'care_check', id: String(c.id) },
        assigneeUserId: responder?.userId ?? null,
      });
      matterId = matter.id;
    }
    await repo.updateCheck(trx, c.id, {
      status: 'missed',
      missed_at: now,
      matter_id: matterId,
      responder_user_id: responder?.userId ?? null,
      responder_name: responder?.name ?? null,
      responder_position: responder?.position ?? null,
      notified_at: now,
      exhausted: responder === null,
    });
    await repo.log(trx, { check_id: c.id, action: 'missed', note: description, at: now });
    if (responder) {
      await this.notifications.notify(trx, [responder.userId], {
        kind: 'care.missed_check',
        title: {
          key: 'notify.care.missed_check',
          params: {
            name: t.person_name,
            check: { 'zh-CN': CHECK_NAMES[c.kind].zhMissed, en: CHECK_NAMES[c.kind].enMissed },
          },
        },
        body: description,
        link: `/care/targets/${t.id}`,
        entityType: 'care_check',
        entityId: c.id,
      });
      await repo.log(trx, {
        check_id: c.id,
        action: 'notified',
        user_id: responder.userId,
        user_name: responder.name,
        at: now,
      });
    }
    await this.audit.record(trx, systemContext(), {
      action: 'care.check.missed',
      entityType: 'care_check',
      entityId: c.id,
      place: this.place(t),
      details: { kind: c.kind, day: c.day, matterId, responder: responder?.userId ?? null },
    });
    return true;
  }

  private async escalate(trx: Executor, id: number, now: Date, before: Date): Promise<boolean> {
    const c = await repo.checkForUpdate(trx, id);
    if (c?.status !== 'missed' || c.acknowledged_at !== null || c.exhausted || !c.notified_at || c.notified_at > before)
      return false;
    const t = (await repo.targetById(trx, c.target_id))!;
    const position = c.responder_position ?? 0;
    const helpers = await repo.helpersOf(trx, [t.id]);
    let next: Array<{ userId: number; name: string }> = [];
    let nextPosition = GRID_STAGE;
    const after = helpers.find((h) => h.position > position);
    if (after && position < GRID_STAGE) {
      next = [{ userId: after.user_id, name: after.display_name }];
      nextPosition = after.position;
    } else if (position < GRID_STAGE && t.grid_id !== null) {
      // After the helpers, the grid's workers (the matter's grid stays theirs).
      const told = new Set(helpers.filter((h) => h.position <= position).map((h) => h.user_id));
      next = (await this.auth.usersWithRole(['grid_worker'], { gridIds: [t.grid_id] }, trx))
        .filter((u) => !told.has(u.userId))
        .map((u) => ({ userId: u.userId, name: u.displayName }));
      if (next.length === 0)
        next = (await this.auth.usersWithRole(['community_admin'], { divisionIds: [t.community_id] }, trx)).map(
          (u) => ({ userId: u.userId, name: u.displayName }),
        );
    }
    if (next.length === 0) {
      await repo.updateCheck(trx, c.id, { exhausted: true });
      await repo.log(trx, { check_id: c.id, action: 'exhausted', note: '已通知到最后一级，仍无人确认', at: now });
      return false;
    }
    const first = next[0]!;
    await repo.updateCheck(trx, c.id, {
      responder_user_id: first.userId,
      responder_name: first.name,
      responder_position: nextPosition,
      notified_at: now,
      escalations: c.escalations + 1,
    });
    const previous = c.responder_name ?? '';
    const minutes = this.options.escalateAfterMinutes;
    // The matter goes with the check, so whoever is now asked can open and handle it.
    if (c.matter_id !== null)
      await this.matters.reassignFromSystem(
        trx,
        c.matter_id,
        { userId: first.userId, displayName: first.name },
        `窗帘之约 ${minutes} 分钟未确认，转交 ${first.name}`,
      );
    await this.notifications.notify(
      trx,
      next.map((n) => n.userId),
      {
        kind: 'care.escalated',
        title: {
          key: 'notify.care.escalated',
          params: {
            name: t.person_name,
            check: { 'zh-CN': CHECK_NAMES[c.kind].zhMissed, en: CHECK_NAMES[c.kind].enMissed },
          },
        },
        body: {
          key: 'notify.care.escalated_body',
          params: { previous: previous ? `${previous} ` : '', minutes, address: t.address },
        },
        link: `/care/targets/${t.id}`,
        entityType: 'care_check',
        entityId: c.id,
      },
    );
    for (const n of next)
      await repo.log(trx, {
        check_id: c.id,
        action: 'escalated',
        user_id: n.userId,
        user_name: n.name,
        note: `${minutes} 分钟未确认，由 ${previous || '—'} 转至 ${n.name}`,
        at: now,
      });
    await this.audit.record(trx, systemContext(), {
      action: 'care.check.escalate',
      entityType: 'care_check',
      entityId: c.id,
      place: this.place(t),
      details: { from: c.responder_user_id, to: next.map((n) => n.userId), matterId: c.matter_id },
    });
    return true;
  }
}
