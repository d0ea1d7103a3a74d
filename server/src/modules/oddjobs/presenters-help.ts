import type { z } from 'zod';
import { maskName, maskPhone } from '../../platform/personal-data.ts';
import type { HelpReason } from './help-rules.ts';
import type { HelpActionRow, QueueRow } from './repository-help.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

/**
 * A seeker in the help queue, with only what staff need to help: the name and phone masked (the
 * whole ones through the audited contact read), the age rather than the birth year, the reasons.
 */
export function presentQueueItem(
  r: QueueRow,
  x: {
    contact: { name: string; phone: string | null } | null;
    communityName: string;
    reasons: HelpReason[];
    age: number | null;
    waitingDays: number;
    overdue: boolean;
  },
): View<typeof S.HelpQueueItem> {
  return {
    seekerId: r.id,
    name: maskName(x.contact?.name ?? ''),
    phone: maskPhone(x.contact?.phone ?? null) ?? '',
    community: { id: r.community_id, name: x.communityName },
    reasons: x.reasons,
    age: x.age,
    skills: r.skills,
    registeredAt: r.created_at.toISOString(),
    waitingDays: x.waitingDays,
    hired: r.hired,
    flags: { older: r.flag_older, disabled: r.flag_disabled, lowIncome: r.flag_low_income },
    declaredDisabled: r.declared_disabled,
    lastAction:
      r.last_kind && r.last_at
        ? { kind: r.last_kind as HelpActionRow['kind'], at: new Date(r.last_at).toISOString() }
        : null,
    followUpOn: r.follow_up_on,
    overdue: x.overdue,
  };
}

export function presentHelpAction(
  a: HelpActionRow,
  posting: { id: number; title: string } | null,
): View<typeof S.HelpActionView> {
  return {
    id: a.id,
    kind: a.kind,
    posting,
    note: a.note,
    followUpOn: a.follow_up_on,
    staffUserId: a.staff_user_id,
    createdAt: a.created_at.toISOString(),
  };
}
