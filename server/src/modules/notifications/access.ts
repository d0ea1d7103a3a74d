import { covers, scopeFor, type Actor, type Permission } from '../../platform/access.ts';
import type { LiveMessage } from '../../platform/live.ts';

/**
 * Who hears what on the live stream. Notifications are the reader's own (the service reads and
 * marks only the caller's); live changes reach the people named in them and the staff whose
 * area holds them, by the permission that lets them read that kind of record (a department's
 * staff: only what is with their department, when the message says which).
 */
const TOPIC_PERMISSION: Record<string, Permission> = { matter: 'matters.read', alarm: 'devices.read' };

/** Whether a live message concerns this user: named in it, or staff whose area holds it. */
export function concerns(actor: Actor, message: LiveMessage): boolean {
  if (message.userIds?.includes(actor.userId)) return true;
  const permission = TOPIC_PERMISSION[message.topic];
  if (!permission || message.divisionId === undefined) return false;
  const grants =
    message.department === undefined
      ? actor.grants
      : actor.grants.filter((g) => !g.department || g.department === message.department);
  return covers(scopeFor({ ...actor, grants }, permission), {
    divisionId: message.divisionId ?? null,
    gridId: message.gridId ?? null,
  });
}

/** What a client sees of a live message: not whom else it went to, nor where it was routed. */
export function publicPayload(message: LiveMessage): Record<string, unknown> {
  const { userIds: _userIds, divisionId: _divisionId, gridId: _gridId, department: _department, ...rest } = message;
  return rest;
}
