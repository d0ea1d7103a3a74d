import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DomainEvent, Jobs } from '../../platform/jobs.ts';
import type { AuthService } from '../auth/service.ts';
import type { MessagesService } from '../notifications/messages.ts';
import type { NotificationsService } from '../notifications/service.ts';
import type { OrgService } from '../org/service.ts';
import { alarmLabel } from './presenters.ts';
import { OFFLINE_ALARM } from './rules.ts';
import type { CallContact } from './tables.ts';

interface RaisedAlarm {
  alarmId: number;
  type: string;
  severity: string;
  communityId: number;
  gridId: number | null;
  buildingId: number | null;
}

/**
 * A critical fire or electric alarm calls people until one of them acknowledges it, as an
 * escalation chain (ThingsBoard's alarm rules): an SMS and a voice call to the building's
 * grid worker, then its 包楼党员, then the fire station's staff of the street, moving on every
 * ALARM_CALL_STEP_MINUTES. Quiet hours and switched-off channels do not hold these back.
 */
export class AlarmCallChain {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    jobs: Jobs,
    private readonly org: OrgService,
    private readonly auth: AuthService,
    private readonly messages: MessagesService,
    private readonly notifications: NotificationsService,
    private readonly stepMinutes: number,
  ) {
    jobs.subscribe('devices.call-chain', ['alarm.raised'], (event, trx) => this.onRaised(event, trx));
    jobs.every('devices.call-chain', '* * * * *', async () => {
      await this.callDue();
    });
  }

  /** Who is called, in order, each once: grid workers of the grid, 包楼党员 of the building, fire staff of the street. */
  private async contactsFor(alarm: RaisedAlarm, trx: Executor): Promise<CallContact[]> {
    const contacts: CallContact[] = [];
    const add = (userIds: Array<number | null>, as: CallContact['as']) => {
      for (const userId of userIds)
        if (userId !== null && !contacts.some((c) => c.userId === userId)) contacts.push({ userId, as });
    };
    if (alarm.gridId !== null)
      add(
        (await this.auth.usersWithRole(['grid_worker'], { gridIds: [alarm.gridId] }, trx)).map((u) => u.userId),
        'grid_worker',
      );
    if (alarm.buildingId !== null) {
      const assignees = await this.org.buildingAssignees(alarm.buildingId, 'party_member', trx);
      const personIds = assignees.flatMap((a) => (a.userId === null && a.personId !== null ? [a.personId] : []));
      const accounts = await this.auth.usersOfPersons(personIds, trx);
      add(
        assignees.map((a) => a.userId ?? (a.personId === null ? null : (accounts.get(a.personId) ?? null))),
        'party_member',
      );
    }
    const { street } = await this.org.ancestorsOf(alarm.communityId, trx);
    add(
      (
        await this.auth.usersWithRole(
          ['dept_staff'],
          { divisionIds: [alarm.communityId, ...(street === null ? [] : [street])], department: 'fire' },
          trx,
        )
      ).map((u) => u.userId),
      'fire_station',
    );
    return contacts;
  }

  async onRaised(event: DomainEvent<RaisedAlarm>, trx: Executor) {
    const alarm = event.payload;
    if (alarm.severity !== 'critical' || alarm.type === OFFLINE_ALARM) return;
    const contacts = await this.contactsFor(alarm, trx);
    const now = this.clock.now();
    await trx
      .insertInto('devices.alarm_call_chains')
      .values({
        alarm_id: alarm.alarmId,
        contacts: JSON.stringify(contacts),
        next_at: contacts.length > 0 ? now : null,
        calls: '[]',
        done_at: contacts.length > 0 ? null : now,
        done_reason: contacts.length > 0 ? null : 'nobody',
        created_at: now,
      })
      .onConflict((oc) => oc.column('alarm_id').doNothing())
      .execute();
    if (contacts.length > 0) await this.step(trx, alarm.alarmId);
  }

  /** Chains whose next call is due; each step in its own transaction. */
  async callDue(): Promise<number> {
    const due = await this.db
      .selectFrom('devices.alarm_call_chains')
      .select('alarm_id')
      .where('done_at', 'is', null)
      .where('next_at', '<=', this.clock.now())
      .orderBy('next_at')
      .limit(200)
      .execute();
    for (const { alarm_id } of due) await this.db.transaction().execute((trx) => this.step(trx, alarm_id));
    return due.length;
  }

  /** One step: stop if the alarm was acknowledged or cleared, else call the next person. */
  private async step(trx: Executor, alarmId: number) {
    const now = this.clock.now();
    const chain = await trx
      .selectFrom('devices.alarm_call_chains as c')
      .innerJoin('devices.alarms as a', 'a.id', 'c.alarm_id')
      .select([
        'c.contacts',
        'c.next_step',
        'c.calls',
        'c.done_at',
        'a.status',
        'a.type',
        'a.building_id',
        'a.community_id',
      ])
      .where('c.alarm_id', '=', alarmId)
      .forUpdate()
      .executeTakeFirst();
    if (!chain || chain.done_at !== null) return;
    const finish = (reason: 'acknowledged' | 'cleared' | 'exhausted') =>
      trx
        .updateTable('devices.alarm_call_chains')
        .set({ done_at: now, done_reason: reason, next_at: null })
        .where('alarm_id', '=', alarmId)
        .execute();
    if (chain.status !== 'active_unack')
      return void (await finish(chain.status === 'active_ack' ? 'acknowledged' : 'cleared'));
    const contact = chain.contacts[chain.next_step];
    if (!contact) return void (await finish('exhausted'));

    const place = await this.placeName(chain.building_id, chain.community_id, trx);
    const params = { place, alarm: alarmLabel(chain.type) };
    const deliveries = [];
    for (const channel of ['sms', 'voice'] as const) {
      const sent = await this.messages.send(trx, {
        to: { userId: contact.userId },
        channel,
        kind: 'alarm_call',
        params,
        critical: true,
        entity: { type: 'alarm', id: alarmId },
        divisionId: chain.community_id,
      });
      deliveries.push(sent.id);
    }
    await this.notifications.notify(trx, [contact.userId], {
      kind: 'alarm.call',
      title: { key: 'notify.alarm_call', params },
      link: `/admin/alarms?alarm=${alarmId}`,
      entityType: 'alarm',
      entityId: alarmId,
    });
    await trx
      .updateTable('devices.alarm_call_chains')
      .set({
        next_step: chain.next_step + 1,
        next_at: new Date(now.getTime() + this.stepMinutes * 60_000),
        calls: JSON.stringify([...chain.calls, { userId: contact.userId, at: now.toISOString(), deliveries }]),
      })
      .where('alarm_id', '=', alarmId)
      .execute();
  }

  /** Where, in words a caller understands: the building, else the community. */
  private async placeName(buildingId: number | null, communityId: number, trx: Executor) {
    if (buildingId !== null) {
      const building = await this.org.placeOfBuilding(buildingId, trx);
      if (building) return building.name;
    }
    return (await this.org.names({ divisionIds: [communityId] }, trx)).divisions.get(communityId) ?? '';
  }

  /** The chain of an alarm as it stands, for the alarm's page and the tests. */
  async chainOf(alarmId: number) {
    const row = await this.db
      .selectFrom('devices.alarm_call_chains')
      .selectAll()
      .where('alarm_id', '=', alarmId)
      .executeTakeFirst();
    return row
      ? {
          contacts: row.contacts,
          calls: row.calls,
          nextStep: row.next_step,
          nextAt: row.next_at ? new Date(row.next_at).toISOString() : null,
          doneReason: row.done_reason,
        }
      : null;
  }
}
