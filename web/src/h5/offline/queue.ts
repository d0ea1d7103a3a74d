/**
 * The phone's outbox for weak signal (issue 14): an action taken with no network is kept here
 * (IndexedDB on the phone) with the Idempotency-Key made when it was taken, and sent in order
 * when the network returns. Photos are kept as Blobs and uploaded first; their media ids are
 * kept on the item, so a retry never uploads them twice, then go into the action's body. The
 * server does an action once per key, so a resend after a lost answer lands once.
 */

export interface QueuedAction {
  /** The Idempotency-Key, made when the action was taken; also the item's id. */
  key: string;
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  body: Record<string, unknown>;
  /** Photos to upload first; their ids go into body[photosField]. */
  photos: Blob[];
  photosField: string | null;
  /** Ids of photos already uploaded (a retry goes on from here). */
  uploaded: string[];
  /** What the worker sees in the list ("处理 #12"). */
  label: string;
  takenAt: string;
  state: 'waiting' | 'failed';
  /** The server's refusal, for a failed item. */
  error: string | null;
  /** Sent at least once (the server may have it): from then on its body never changes. */
  tried?: boolean;
  /**
   * Items of one kind that may become one while they wait (a patrol's trail points): a new one
   * joins the last item of its group if that one is last in the queue and was never sent.
   */
  group?: string | null;
  /** What a page shows of the item while it waits (a building's name); never sent. */
  meta?: Record<string, string | number> | null;
  /**
   * The user who took it: on a phone two people share, it is sent only while they are signed
   * in (the server would take it as the other's) and shown only to them.
   */
  owner?: number | null;
}

/** Where items are kept: IndexedDB on the phone; memory in tests and where IndexedDB is missing. */
export interface OutboxStore {
  all(): Promise<QueuedAction[]>;
  put(item: QueuedAction): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The network is not there (fetch threw, or the browser says offline): keep the item, try later. */
export class OfflineError extends Error {}

/** Sends one request with its key; throws OfflineError without a network, or answers the server's status. */
export interface OutboxTransport {
  /** False when the phone knows it has no network: a flush then sends nothing and changes nothing. */
  online?(): boolean;
  /** The signed-in user; null when signed out, undefined while not yet known. */
  owner?(): number | null | undefined;
  upload(photo: Blob): Promise<string>;
  send(
    item: Pick<QueuedAction, 'method' | 'path' | 'body' | 'key'>,
  ): Promise<{ ok: true; data: unknown } | { ok: false; status: number; code?: string; message: string }>;
}

/** What became of an action taken (Outbox.take): sent now, kept for later, or refused by the server. */
export type Outcome =
  | { state: 'sent'; data: unknown; item: QueuedAction }
  | { state: 'waiting'; item: QueuedAction }
  | { state: 'refused'; error: string; item: QueuedAction };

/** An action to keep: what is sent, what the worker sees, photos to upload first, its group. */
export type NewAction = Pick<QueuedAction, 'method' | 'path' | 'body' | 'label'> & {
  photos?: Blob[];
  photosField?: string;
  group?: string;
  meta?: Record<string, string | number>;
};

export interface EnqueueOptions {
  /** Try to send at once (default); false only keeps it (the next flush sends it). */
  send?: boolean;
  /**
   * With action.group: the body and label of the waiting item of the group with this action
   * added, or null to keep the action as an item of its own (e.g. the batch would be too big).
   */
  merge?: (waiting: QueuedAction) => Pick<QueuedAction, 'body' | 'label'> | null;
}

/** Answers the server gave that mean "not now", not "no": the item waits and goes again later, in order. */
function later(answer: { status: number; code?: string }): boolean {
  return (
    answer.status >= 500 ||
    answer.status === 401 || // the session ended: sent once the worker signs in again
    answer.status === 429 ||
    answer.code === 'idempotency_in_progress' // the same key still running on the server
  );
}

export function memoryStore(): OutboxStore {
  const items = new Map<string, QueuedAction>();
  return {
    all: async () => [...items.values()].map((i) => ({ ...i })),
    put: async (item) => {
      items.set(item.key, { ...item });
    },
    remove: async (key) => {
      items.delete(key);
    },
  };
}

export function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

export interface FlushResult {
  sent: number;
  failed: number;
  /** The network went away part way; what is left waits for the next flush. */
  offline: boolean;
}

export class Outbox {
  private running: Promise<FlushResult> | null = null;
  private listeners = new Set<(items: QueuedAction[]) => void>();
  private sentListeners = new Set<(item: QueuedAction, data: unknown) => void>();
  /** The last answers, by key, for take() to hand back (a few; the server's copy is the record). */
  private answers = new Map<string, unknown>();
  /** Store changes one at a time, so a merge never meets an item a flush is starting to send. */
  private lock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work, work);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** Everyone's items, in the order they were taken. */
  private async ordered(): Promise<QueuedAction[]> {
    return (await this.store.all()).sort((a, b) => (a.takenAt < b.takenAt ? -1 : a.takenAt > b.takenAt ? 1 : 0));
  }

  /** Taken by whoever is signed in now (or before owners were kept); a transport that knows no users owns all. */
  private mine(item: QueuedAction): boolean {
    if (!this.transport.owner) return true;
    return item.owner === undefined || item.owner === null || item.owner === this.transport.owner();
  }

  /** The signed-in user's items, in the order they were taken. */
  async items(): Promise<QueuedAction[]> {
    return (await this.ordered()).filter((i) => this.mine(i));
  }

  /** Tells the pages again, e.g. once another user signs in on the phone. */
  refresh(): Promise<void> {
    return this.changed();
  }

  subscribe(listener: (items: QueuedAction[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told of each item the server took, with its answer (now, or when the network came back). */
  onSent(listener: (item: QueuedAction, data: unknown) => void): () => void {
    this.sentListeners.add(listener);
    return () => this.sentListeners.delete(listener);
  }

  private async changed() {
    const items = await this.items();
    for (const l of this.listeners) l(items);
  }

  /** Keeps an action (with its key made now, or joined to its group's waiting item) and tries to send the queue. */
  async enqueue(action: NewAction, options: EnqueueOptions = {}): Promise<QueuedAction> {
    const item = await this.exclusive(async () => {
      const items = await this.ordered();
      const last = items.at(-1);
      const owner = this.transport.owner?.() ?? null;
      if (
        action.group &&
        options.merge &&
        last?.group === action.group &&
        (last.owner ?? null) === owner &&
        last.state === 'waiting' &&
        !last.tried &&
        last.photos.length === 0 &&
        !action.photos?.length
      ) {
        const merged = options.merge(last);
        if (merged) {
          const joined = { ...last, body: merged.body, label: merged.label };
          await this.store.put(joined);
          return joined;
        }
      }
      // Strictly after the last item, so the order holds even within one millisecond.
      let at = this.now();
      if (last && at.toISOString() <= last.takenAt) at = new Date(new Date(last.takenAt).getTime() + 1);
      const made: QueuedAction = {
        key: newKey(),
        method: action.method,
        path: action.path,
        body: action.body,
        photos: action.photos ?? [],
        photosField: action.photosField ?? (action.photos?.length ? 'photos' : null),
        uploaded: [],
        label: action.label,
        takenAt: at.toISOString(),
        state: 'waiting',
        error: null,
        tried: false,
        group: action.group ?? null,
        meta: action.meta ?? null,
        owner,
      };
      await this.store.put(made);
      return made;
    });
    await this.changed();
    if (options.send !== false) {
      // A flush already running may have looked at the queue before this item was in it.
      await this.running?.catch(() => undefined);
      await this.flush();
    }
    return item;
  }

  /**
   * An action taken by the worker: kept, sent at once when the network allows, and said what
   * became of it. One the server refuses now (a mistake to put right on the form) is not kept.
   */
  async take(action: NewAction, options: EnqueueOptions = {}): Promise<Outcome> {
    const item = await this.enqueue(action, { ...options, send: true });
    if (this.answers.has(item.key)) return { state: 'sent', data: this.answers.get(item.key), item };
    const left = (await this.store.all()).find((i) => i.key === item.key);
    if (!left) return { state: 'sent', data: undefined, item };
    if (left.state === 'failed') {
      await this.discard(left.key);
      return { state: 'refused', error: left.error ?? '', item: left };
    }
    return { state: 'waiting', item: left };
  }

  /** Sends waiting items in order, one flush at a time. A refused item is marked failed and the rest go on. */
  flush(): Promise<FlushResult> {
    if (!this.running)
      this.running = this.sendAll().finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** The next waiting item, marked as tried before it goes (so it no longer takes merges). */
  private next(passed: Set<string>): Promise<QueuedAction | null> {
    return this.exclusive(async () => {
      const item = (await this.ordered()).find((i) => i.state === 'waiting' && !passed.has(i.key) && this.mine(i));
      if (!item) return null;
      if (!item.tried) {
        item.tried = true;
        await this.store.put(item);
      }
      return item;
    });
  }

  private async sendAll(): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, failed: 0, offline: false };
    // Plainly offline: nothing leaves the phone, so nothing is marked as tried (a trail batch keeps taking points).
    if (this.transport.online?.() === false) {
      result.offline = true;
      return result;
    }
    // Items taken while this flush runs go in it too.
    const passed = new Set<string>();
    for (let item = await this.next(passed); item; item = await this.next(passed)) {
      passed.add(item.key);
      try {
        while (item.uploaded.length < item.photos.length) {
          item.uploaded.push(await this.transport.upload(item.photos[item.uploaded.length]!));
          await this.store.put(item);
        }
        const body = item.photosField ? { ...item.body, [item.photosField]: item.uploaded } : item.body;
        const answer = await this.transport.send({ method: item.method, path: item.path, body, key: item.key });
        if (answer.ok) {
          await this.store.remove(item.key);
          result.sent++;
          this.answers.set(item.key, answer.data);
          if (this.answers.size > 20) this.answers.delete(this.answers.keys().next().value!);
          for (const l of this.sentListeners) l(item, answer.data);
        } else if (later(answer)) {
          result.offline = true;
          break;
        } else {
          await this.store.put({ ...item, state: 'failed', error: answer.message });
          result.failed++;
        }
      } catch (error) {
        if (error instanceof OfflineError) {
          result.offline = true;
          break;
        }
        await this.store.put({ ...item, state: 'failed', error: (error as Error).message });
        result.failed++;
      }
    }
    await this.changed();
    return result;
  }

  /** A failed item back in the queue, with the same key. */
  async retry(key: string): Promise<FlushResult> {
    await this.exclusive(async () => {
      const item = (await this.store.all()).find((i) => i.key === key);
      if (item) await this.store.put({ ...item, state: 'waiting', error: null });
    });
    return this.flush();
  }

  async discard(key: string): Promise<void> {
    await this.exclusive(() => this.store.remove(key));
    await this.changed();
  }
}
