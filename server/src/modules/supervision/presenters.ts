import type { z } from 'zod';
import type * as repo from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export function presentOrder(o: repo.OrderRow, now: Date, canManage: boolean): View<typeof S.OrderView> {
  const endedAt = o.gap_closed_at ?? o.closed_at;
  return {
    id: o.id,
    targetKind: o.target_kind,
    matterId: o.matter_id,
    matterCode: o.matter_code,
    unitKind: o.unit_kind,
    department: o.department,
    unitDivisionId: o.unit_division_id,
    unitName: o.unit_name,
    divisionId: o.division_id,
    listed: o.listed,
    note: o.note,
    deadline: o.deadline_at.toISOString(),
    card: o.card,
    worstCard: o.worst_card,
    status: o.status,
    late: o.card !== 'green' || (endedAt ?? now) > o.deadline_at,
    gapClosedAt: o.gap_closed_at?.toISOString() ?? null,
    closedAt: o.closed_at?.toISOString() ?? null,
    closedByName: o.closed_by_name,
    closeNote: o.close_note,
    reminders: o.reminders,
    lastRemindedAt: o.last_reminded_at?.toISOString() ?? null,
    createdByName: o.created_by_name,
    createdAt: o.created_at.toISOString(),
    canManage: canManage && o.status === 'open',
  };
}

export function presentCardChange(c: repo.CardChangeRow): View<typeof S.CardChangeView> {
  return { at: c.at.toISOString(), from: c.from_card, to: c.to_card, reason: c.reason };
}

export function presentReminder(r: repo.ReminderRow): View<typeof S.ReminderView> {
  return { at: r.at.toISOString(), byName: r.by_name, message: r.message, recipients: r.recipients.length };
}
