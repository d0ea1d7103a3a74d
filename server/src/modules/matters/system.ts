import type { Executor } from '../../db/connection.ts';
import { systemContext } from '../../platform/context.ts';
import type { DomainEvent } from '../../platform/jobs.ts';
import { placeOf } from './access.ts';
import type { MattersDependencies } from './dependencies.ts';
import type { Intake } from './intake.ts';
import type { Notices } from './notices.ts';
import * as repo from './repository.ts';
import type { MatterStatus, Urgency } from './tables.ts';

type Matter = repo.MatterRow;

/** Matters ended or gone elsewhere: the system leaves them alone. */
const DONE: readonly MatterStatus[] = ['resolved', 'closed', 'rejected', 'duplicate'];

/** What a matter the system opens is made of. */
export interface SystemMatter {
  categoryCode: string;
  description: string;
  lat?: number | null;
  lng?: number | null;
  gridId?: number | null;
  address?: string;
  urgency?: Urgency;
  source: string;
  sourceEntity: { type: string; id: string };
  assigneeUserId?: number | null;
}

/**
 * The port other modules use, inside their own transactions: devices open matters for
 * alarms and resolve them when cleared, care opens and hands on missed checks, mediation
 * reports a dispute's case back to its matter.
 */
export class SystemPort {
  constructor(
    private readonly deps: MattersDependencies,
    private readonly intake: Intake,
    private readonly notices: Notices,
  ) {}

  /**
   * Opens a matter on behalf of the system: an IoT alarm, a missed care check, a
   * dispute. Routed like a report, by location or grid, in the caller's transaction.
   */
  async openFromSystem(trx: Executor, input: SystemMatter): Promise<Matter> {
    const { org, auth } = this.deps;
    const { list } = await this.deps.categories.get(trx);
    const category = list.find((c) => c.code === input.categoryCode);
    if (!category) throw new Error(`unknown category ${input.categoryCode}`);
    let divisionId: number;
    let gridId: number | null;
    // A grid given wins (the point is then only stored, for the map); else the point is located.
    if (input.gridId != null) {
      const place = await org.placeOfGrid(input.gridId, trx);
      if (!place) throw new Error('unknown grid');
      divisionId = place.divisionId!;
      gridId = place.gridId;
    } else if (input.lat != null && input.lng != null) {
      const found = await org.locatePoint(input.lat, input.lng, trx);
      if (!found) throw new Error('location outside every grid');
      divisionId = found.community.id;
      gridId = found.grid.id;
    } else throw new Error('a matter needs a location or a grid');
    const explicit = input.assigneeUserId ? await auth.actorOf(input.assigneeUserId, trx) : null;
    const assignee = explicit
      ? { userId: explicit.userId, displayName: explicit.displayName }
      : await this.intake.gridWorkerFor([gridId], trx);
    // A fire alarm goes to the nearest 微型消防站 as well as the grid worker: its staff on duty are told.
    const fireStation =
      category.kind === 'alarm' && category.department === 'fire' && input.lat != null && input.lng != null
        ? await this.intake.nearestStationOfKind(trx, 'fire_station', input.lat, input.lng)
        : undefined;
    const stationNote = fireStation
      ? `；已通知微型消防站：${fireStation.name}（${Math.round(fireStation.distanceMeters ?? 0)} 米）`
      : '';
    const matter = await this.intake.insert(trx, systemContext(), {
      category,
      kind: category.kind,
      status: assignee ? 'dispatched' : 'reported',
      level: 'grid',
      source: input.source,
      description: input.description,
      urgency: input.urgency ?? 'urgent',
      reporter: { userId: null, name: '系统', phone: null, anonymous: false },
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      address: input.address ?? '',
      divisionId,
      gridId,
      assignee,
      attributes: {},
      photos: [],
      sourceEntity: input.sourceEntity,
      stationId: fireStation?.id ?? null,
      timeline: [
        { action: 'report', to: 'reported', note: assignee ? input.description : `${input.description}${stationNote}` },
        ...(assignee ? [{ action: 'dispatch', to: 'dispatched' as const, note: stationNote.slice(1) }] : []),
      ],
    });
    if (fireStation) {
      const place = input.address || fireStation.name;
      const alarm = category.name_zh;
      await this.intake.tellStationOnDuty(trx, fireStation.id, matter, {
        kind: 'matter.alarm',
        title: { key: 'notify.alarm_call', params: { place, alarm } },
        sms: { kind: 'alarm_call', params: { place, alarm } },
      });
    }
    return matter;
  }

  /**
   * A matter was put under supervision (督办) or its order's card changed: the matter keeps
   * when it was first supervised and its worst card, which its statistics count. Runs as the
   * subscriber of `supervision.order_opened` and `supervision.card_changed`.
   */
  async onSupervisionEvent(
    event: DomainEvent<{ matterId: number | null; card?: 'green' | 'yellow' | 'red'; to?: 'green' | 'yellow' | 'red' }>,
    trx: Executor,
  ) {
    const { matterId } = event.payload;
    if (matterId === null) return;
    const card = event.payload.to ?? event.payload.card ?? 'green';
    await repo.recordSupervision(trx, matterId, new Date(event.occurredAt), card);
  }

  /**
   * A dispute reported as a matter went to mediation, or its case ended: the matter's
   * timeline says so, and an ended case resolves the matter, so that its reporter can
   * rate the handling or reopen it. Runs as the subscriber of `case.opened` and `case.closed`.
   */
  async onMediationEvent(
    event: DomainEvent<{ matterId: number | null; code: string; outcome?: 'agreed' | 'failed' | 'withdrawn' }>,
    trx: Executor,
  ) {
    const { matterId, code, outcome } = event.payload;
    if (matterId === null) return;
    if (event.type === 'case.opened') {
      const m = await repo.matterForUpdate(trx, matterId);
      if (!m) return;
      await repo.insertTimeline(trx, this.deps.clock.now(), [
        {
          matter_id: matterId,
          actor_user_id: null,
          actor_name: '系统',
          action: 'mediation',
          from_status: null,
          to_status: null,
          note: `已转人民调解，案件编号 ${code}`,
          details: JSON.stringify({ caseCode: code }),
        },
      ]);
      return;
    }
    const note = {
      agreed: `调解达成协议并回访结案（案件 ${code}）`,
      failed: `调解未成，已引导当事人通过其他途径解决（案件 ${code}）`,
      withdrawn: `申请人撤回调解（案件 ${code}）`,
    }[outcome ?? 'agreed'];
    await this.resolveFromSystem(trx, matterId, note);
  }

  /**
   * Hands an open matter opened by the system to someone else (a care check escalated
   * from one helper to the next, then to the grid): they become its assignee, and the
   * timeline, audit and notifications say so. Matters already ended are left alone.
   */
  async reassignFromSystem(trx: Executor, matterId: number, to: { userId: number; displayName: string }, note: string) {
    const m = await repo.matterForUpdate(trx, matterId);
    if (!m || DONE.includes(m.status) || m.assignee_user_id === to.userId) return null;
    const now = this.deps.clock.now();
    const status: MatterStatus = ['reported', 'accepted', 'escalated'].includes(m.status) ? 'dispatched' : m.status;
    const updated = await repo.updateMatter(
      trx,
      matterId,
      { assignee_user_id: to.userId, assignee_name: to.displayName, status, dispatched_at: now },
      now,
    );
    await repo.insertTimeline(trx, now, [
      {
        matter_id: matterId,
        actor_user_id: null,
        actor_name: '系统',
        action: 'dispatch',
        from_status: m.status,
        to_status: status === m.status ? null : status,
        note,
        details: JSON.stringify({ assignee: to.displayName, from: m.assignee_name }),
      },
    ]);
    await this.deps.audit.record(trx, systemContext(), {
      action: 'matters.dispatch',
      entityType: 'matter',
      entityId: matterId,
      place: placeOf(m),
      details: { from: m.assignee_user_id, to: to.userId, automatic: true },
    });
    await this.notices.announce(trx, updated, 'dispatched', [to.userId]);
    return updated;
  }

  /**
   * Resolves a matter opened for something that has since cleared (an alarm back to normal) —
   * unless its category wants someone on site to confirm (fire alarms): then the timeline says
   * it cleared, its handler is told, and it stays open until resolved with a photo. Null when
   * nothing was resolved.
   */
  /**
   * A note from the system on a matter still open, told to its assignee: early warning says
   * so when new cases join an ongoing warning. Nothing for a matter already done.
   */
  async noteFromSystem(trx: Executor, matterId: number, note: string, details: Record<string, unknown> = {}) {
    const m = await repo.matterForUpdate(trx, matterId);
    if (!m || DONE.includes(m.status)) return false;
    await this.note(trx, m, note, details);
    return true;
  }

  private async note(trx: Executor, m: Matter, note: string, details: Record<string, unknown>) {
    await repo.insertTimeline(trx, this.deps.clock.now(), [
      {
        matter_id: m.id,
        actor_user_id: null,
        actor_name: '系统',
        action: 'note',
        from_status: null,
        to_status: null,
        note,
        details: JSON.stringify(details),
      },
    ]);
    if (m.assignee_user_id !== null)
      await this.deps.notifications.notify(trx, [m.assignee_user_id], {
        kind: 'matter.update',
        title: { key: 'notify.text', params: { text: `${m.code} ${note}` } },
        link: `/matters/${m.id}`,
        entityType: 'matter',
        entityId: m.id,
      });
  }

  async resolveFromSystem(trx: Executor, matterId: number, note: string) {
    const m = await repo.matterForUpdate(trx, matterId);
    if (!m || DONE.includes(m.status)) return null;
    const now = this.deps.clock.now();
    const { byId } = await this.deps.categories.get(trx);
    if (byId.get(m.category_id)?.confirm_on_site) {
      await this.note(trx, m, `${note}。需现场确认：到场查看并拍照后办结`, { awaitingSiteConfirmation: true });
      return null;
    }
    const updated = await repo.updateMatter(trx, matterId, { status: 'resolved', resolved_at: now }, now);
    await repo.insertTimeline(trx, now, [
      {
        matter_id: matterId,
        actor_user_id: null,
        actor_name: '系统',
        action: 'resolve',
        from_status: m.status,
        to_status: 'resolved',
        note,
        details: '{}',
      },
    ]);
    await this.deps.audit.record(trx, systemContext(), {
      action: 'matters.resolve',
      entityType: 'matter',
      entityId: matterId,
      place: placeOf(m),
      details: { from: m.status, to: 'resolved', automatic: true },
    });
    await this.deps.jobs.publish(trx, 'matter.status_changed', {
      matterId,
      from: m.status,
      to: 'resolved',
      action: 'resolve',
      kind: m.kind,
      sourceEntityType: m.source_entity_type,
      sourceEntityId: m.source_entity_id,
    });
    await this.notices.announce(trx, updated, 'resolved');
    return updated;
  }
}
