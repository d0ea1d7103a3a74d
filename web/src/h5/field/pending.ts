/**
 * The field pages' actions as outbox items (issue 14, weak signal): where each is posted, and
 * what of a patrol or of the visits still waits on the phone, for the pages to show beside what
 * the server has. Pure, so it is tested without a browser.
 */
import type { QueuedAction } from '../offline/queue.ts';

export type PatrolAction = 'samples' | 'check-ins' | 'findings' | 'stop';

export const patrolPath = (patrolId: number, action: PatrolAction) => `/api/field/patrols/${patrolId}/${action}`;
export const VISITS_PATH = '/api/field/visits';
/** A patrol's trail points waiting together become one batch (Outbox merge). */
export const trailGroup = (patrolId: number) => `patrol-trail:${patrolId}`;
/** The server takes at most this many samples in one batch. */
export const MAX_BATCH = 500;

export interface SampleInput {
  lat: number;
  lng: number;
  accuracy: number;
  at: string;
}

export interface PatrolPending {
  /** Trail points not yet sent, oldest first. */
  samples: SampleInput[];
  /** Check-ins not yet sent: the building's name (kept with the item) and when. */
  checkIns: { key: string; name: string; at: string }[];
  findings: number;
  /** The stop, taken with no network: the patrol has ended on the phone. */
  stop: QueuedAction | undefined;
}

export function pendingOfPatrol(items: readonly QueuedAction[], patrolId: number): PatrolPending {
  const of = (action: PatrolAction) => items.filter((i) => i.path === patrolPath(patrolId, action));
  return {
    samples: of('samples')
      .flatMap((i) => (i.body.samples as SampleInput[] | undefined) ?? [])
      .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)),
    checkIns: of('check-ins').map((i) => ({
      key: i.key,
      name: String(i.meta?.name ?? i.label),
      at: String(i.body.at ?? i.takenAt),
    })),
    findings: of('findings').length,
    stop: of('stop')[0],
  };
}

/** The patrol a stop waiting on the phone ended (its id from the path), if any. */
export function stoppedOnPhone(items: readonly QueuedAction[]): number[] {
  return items.flatMap((i) => {
    const m = /^\/api\/field\/patrols\/(\d+)\/stop$/.exec(i.path);
    return m ? [Number(m[1])] : [];
  });
}

/** People with a visit recorded on the phone and not yet sent. */
export function visitsWaiting(items: readonly QueuedAction[]): Set<number> {
  return new Set(
    items
      .filter((i) => i.path === VISITS_PATH && typeof i.body.personId === 'number')
      .map((i) => i.body.personId as number),
  );
}

/**
 * The merge of a trail batch into the one already waiting: its samples with these added (those
 * of the same instant once), or null when one batch would be more than the server takes.
 */
export function joinSamples(
  waiting: QueuedAction,
  samples: readonly SampleInput[],
  label: (count: number) => string,
): Pick<QueuedAction, 'body' | 'label'> | null {
  const before = (waiting.body.samples as SampleInput[] | undefined) ?? [];
  const seen = new Set(before.map((s) => s.at));
  const joined = [...before, ...samples.filter((s) => !seen.has(s.at))];
  if (joined.length > MAX_BATCH) return null;
  return { body: { ...waiting.body, samples: joined }, label: label(joined.length) };
}
