import type { Executor } from '../../db/connection.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext } from '../../platform/context.ts';
import { localDateTime } from '../../platform/local-time.ts';
import type { AuditService } from '../audit/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { NotificationsService } from '../notifications/service.ts';
import * as repo from './repository.ts';

/** Matters catalogue code of a missed check (also service.ts's MISSED_CHECK_CATEGORY). */
const CATEGORY = 'community.care.missed_check';

/** An elder living alone the gates have not seen for some days (told by the access module). */
export interface NoMovement {
  personId: number;
  personName: string;
  communityId: number;
  gridId: number | null;
  address: string;
  /** When a gate last let them through, or when they were registered at the gates. */
  lastSeenAt: Date;
  days: number;
}

/**
 * A care check for an elder not seen at any gate for N days: a care matter (the missed-check
 * category) for their first helper when they are in care, else for the grid's worker, and a notice
 * to every helper. The caller (access) calls once per absence, in its own transaction, and keeps
 * that it did; this answers the matter's id, or null when the person has no grid to route to.
 */
export async function openNoMovementCheck(
  d: {
    clock: Clock;
    audit: AuditService;
    matters: MattersService;
    notifications: NotificationsService;
    timeZone: string;
  },
  trx: Executor,
  p: NoMovement,
): Promise<number | null> {
  const target = await trx
    .selectFrom('care.targets')
    .selectAll()
    .where('person_id', '=', p.personId)
    .where('active', '=', true)
    .orderBy('id')
    .executeTakeFirst();
  const helpers = target ? await repo.helpersOf(trx, [target.id]) : [];
  const gridId = target?.grid_id ?? p.gridId;
  if (gridId === null) return null;
  const since = localDateTime(p.lastSeenAt, d.timeZone).slice(0, 16).replace('T', ' ');
  const description = `门禁未见：${p.personName}（独居老人，${target?.address || p.address}）自 ${since} 起 ${p.days} 天未经任何门禁出入，请尽快上门或电话确认平安。`;
  const matter = await d.matters.openFromSystem(trx, {
    categoryCode: CATEGORY,
    description: description.slice(0, 1000),
    gridId,
    urgency: 'urgent',
    source: 'care',
    sourceEntity: { type: 'care_no_movement', id: `${p.personId}:${p.lastSeenAt.toISOString()}` },
    assigneeUserId: helpers[0]?.user_id ?? null,
  });
  if (helpers.length > 0)
    await d.notifications.notify(
      trx,
      helpers.map((h) => h.user_id),
      {
        kind: 'care.missed_check',
        title: {
          key: 'notify.care.missed_check',
          params: {
            name: p.personName,
            check: { 'zh-CN': `${p.days} 天未经门禁出入`, en: `not seen at any gate for ${p.days} days` },
          },
        },
        body: description,
        link: target ? `/care/targets/${target.id}` : `/matters/${matter.id}`,
        entityType: 'matter',
        entityId: matter.id,
      },
    );
  await d.audit.record(trx, systemContext(), {
    action: 'care.no_movement',
    entityType: 'matter',
    entityId: matter.id,
    place: { divisionId: target?.community_id ?? p.communityId, gridId },
    details: {
      personId: p.personId,
      days: p.days,
      lastSeenAt: p.lastSeenAt.toISOString(),
      targetId: target?.id ?? null,
    },
  });
  return matter.id;
}
