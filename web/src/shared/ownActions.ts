/**
 * Matters the user has just acted on. The server also notifies the one who acted
 * (e.g. "事项 … 已受理" to the worker who accepted it); such echoes are marked read
 * quietly instead of popping up.
 */
const ECHO_WINDOW_MS = 15_000;
const actedAt = new Map<number, number>();

/** Call before sending an action, as its notification may arrive before the answer. */
export function noteOwnAction(matterId: number) {
  actedAt.set(matterId, Date.now());
}

/** Whether a notification link (/matters/42) points at a matter the user acted on a moment ago. */
export function isEchoOfOwnAction(link: string, now = Date.now()): boolean {
  const match = /^\/matters\/(\d+)$/.exec(link);
  if (!match) return false;
  const at = actedAt.get(Number(match[1]));
  return at !== undefined && now - at < ECHO_WINDOW_MS;
}
