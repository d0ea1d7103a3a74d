import { systemContext } from '../../platform/context.ts';
import { placeOf } from './access.ts';
import type { CaseKeeping, MediationDeps } from './case-keeping.ts';
import * as repo from './repository.ts';
import { UNDER_MEDIATION } from './workflow.ts';

const DAY_MS = 86_400_000;

/**
 * Time limits, run by the scheduler: flags cases still under mediation past their time
 * limit and tells the studio's manager, the community's admins and the mediator; reminds
 * the mediator of follow-up visits that have fallen due. Each on the case's timeline.
 */
export async function runDeadlines(
  d: MediationDeps,
  cases: CaseKeeping,
  now: Date,
): Promise<{ overdue: number; reminded: number }> {
  const system = systemContext();
  const counts = { overdue: 0, reminded: 0 };
  for (const { id } of await repo.pastDue(d.db, now, 500)) {
    await d.db.transaction().execute(async (trx) => {
      const c = await repo.caseForUpdate(trx, id);
      if (!c || c.overdue || !UNDER_MEDIATION.includes(c.status) || c.due_at >= now) return;
      await repo.updateCase(trx, id, { overdue: true, escalated_at: now }, now);
      const studio = c.studio_id !== null ? (await repo.studioNames(trx, [c.studio_id]))[0] : undefined;
      const admins = await d.auth.usersWithRole(['community_admin'], { divisionIds: [c.community_id] }, trx);
      const told = [
        ...admins.map((a) => a.userId),
        ...(studio?.manager_user_id != null ? [studio.manager_user_id] : []),
        ...(c.mediator_user_id !== null ? [c.mediator_user_id] : []),
      ];
      const days = Math.round((c.due_at.getTime() - c.accepted_at.getTime()) / DAY_MS);
      await cases.timeline(trx, system, id, {
        action: 'overdue',
        from: null,
        to: null,
        note: `超过调解期限（${days} 天），已提醒社区和工作室负责人`,
        details: { dueAt: c.due_at.toISOString(), told: told.length },
      });
      await d.audit.record(trx, system, {
        action: 'mediation.case.overdue',
        entityType: 'case',
        entityId: id,
        place: placeOf(c),
        details: { code: c.code, dueAt: c.due_at.toISOString() },
      });
      await d.notifications.notify(trx, told, {
        kind: 'mediation.overdue',
        title: { key: 'notify.mediation.overdue', params: { code: c.code } },
        body: c.summary.slice(0, 80),
        link: `/mediation/cases/${id}`,
        entityType: 'case',
        entityId: id,
      });
      counts.overdue++;
    });
  }
  const today = cases.localDate(now);
  for (const { id } of await repo.followUpsDue(d.db, today, 500)) {
    await d.db.transaction().execute(async (trx) => {
      const c = await repo.caseForUpdate(trx, id);
      if (
        !c ||
        c.follow_up_reminded ||
        !['agreed', 'performing'].includes(c.status) ||
        !c.follow_up_due_on ||
        c.follow_up_due_on > today
      )
        return;
      await repo.updateCase(trx, id, { follow_up_reminded: true }, now);
      await cases.timeline(trx, system, id, {
        action: 'follow_up_due',
        from: null,
        to: null,
        note: `回访日期已到（${c.follow_up_due_on}）`,
        details: { on: c.follow_up_due_on },
      });
      await d.audit.record(trx, system, {
        action: 'mediation.case.follow_up_due',
        entityType: 'case',
        entityId: id,
        place: placeOf(c),
        details: { code: c.code },
      });
      const told =
        c.mediator_user_id !== null
          ? [c.mediator_user_id]
          : (await d.auth.usersWithRole(['community_admin'], { divisionIds: [c.community_id] }, trx)).map(
              (a) => a.userId,
            );
      await d.notifications.notify(trx, told, {
        kind: 'mediation.follow_up_due',
        title: { key: 'notify.mediation.follow_up_due', params: { code: c.code } },
        body: c.summary.slice(0, 80),
        link: `/mediation/cases/${id}`,
        entityType: 'case',
        entityId: id,
      });
      counts.reminded++;
    });
  }
  return counts;
}
