import type { TFunction } from 'i18next';
import type { MatterQueue, Role } from '../../shared/types.ts';

const ADMIN_ROLES: readonly Role[] = ['community_admin', 'street_admin', 'district_admin'];
/** Roles that read the matters of a whole area (a grid, a community …), not a department's only. */
const AREA_ROLES: readonly Role[] = [...ADMIN_ROLES, 'grid_worker', 'mediator'];

interface Grant {
  role: Role;
  gridId: number | null;
}

/** Staff of a department (职能部门) and of no area: they read only what is escalated to their department. */
export function worksForDepartmentOnly(roles: readonly Grant[]): boolean {
  return roles.some((r) => r.role === 'dept_staff') && !roles.some((r) => AREA_ROLES.includes(r.role));
}

/**
 * The matter queues one works, in the order of the tabs, and the one a visit opens on.
 * A department's staff work what is escalated to their department: its queue comes first and
 * is where they start, and the area's queues (辖区待办, 未分派), which would hold only the same
 * matters, are left out. Administrators see their area's department matters as a queue too.
 */
export function mattersQueues(
  roles: readonly Grant[],
  handles: boolean,
): { tabs: MatterQueue[]; initial: MatterQueue } {
  if (worksForDepartmentOnly(roles))
    return { tabs: ['department', 'assist', 'mine', 'overdue', 'all'], initial: 'department' };
  const admin = roles.some((r) => ADMIN_ROLES.includes(r.role));
  const tabs: MatterQueue[] = admin
    ? ['mine', 'grid', 'department', 'overdue', 'unassigned', 'all']
    : ['mine', 'grid', 'overdue', 'unassigned', 'all'];
  return { tabs, initial: handles ? 'mine' : 'grid' };
}

/** A queue's name on its tab: 本网格 or 辖区待办 for the open matters where one works, 部门待办 for a department's own. */
export function queueLabel(t: TFunction, queue: MatterQueue, roles: readonly Grant[]): string {
  if (queue === 'grid')
    return roles.every((r) => r.gridId !== null) ? t('matters.queues.grid') : t('matters.queues.area');
  if (queue === 'department')
    return worksForDepartmentOnly(roles) ? t('matters.queues.department') : t('matters.queues.departments');
  return t(`matters.queues.${queue}`);
}
