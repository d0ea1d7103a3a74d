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
  upload(photo: Blob): Promise<string>;
  send(
    item: Pick<QueuedAction, 'method' | 'path' | 'body' | 'key'>,
  ): Promise<{ ok: true; data: unknown } | { ok: false; status: number; message: string }>;
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

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: OutboxTransport,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** In the order they were taken. */
  async items(): Promise<QueuedAction[]> {
    return (await this.store.all()).sort((a, b) => (a.takenAt < b.takenAt ? -1 : a.takenAt > b.takenAt ? 1 : 0));
  }

  subscribe(listener: (items: QueuedAction[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private async changed() {
    const items = await this.items();
    for (const l of this.listeners) l(items);
  }

  /** Keeps an action (with its key made now) and tries to send the queue. */
  async enqueue(
    action: Pick<QueuedAction, 'method' | 'path' | 'body' | 'label'> & { photos?: Blob[]; photosField?: string },
    options: { send?: boolean } = {},
  ): Promise<QueuedAction> {
    // Strictly after the last item, so the order holds even within one millisecond.
    const last = (await this.items()).at(-1);
    let at = this.now();
    if (last && at.toISOString() <= last.takenAt) at = new Date(new Date(last.takenAt).getTime() + 1);
    const item: QueuedAction = {
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
    };
    await this.store.put(item);
    await this.changed();
    if (options.send !== false) await this.flush();
    return item;
  }

  /** Sends waiting items in order, one flush at a time. A refused item is marked failed and the rest go on. */
  flush(): Promise<FlushResult> {
    if (!this.running)
      this.running = this.sendAll().finally(() => {
        this.running = null;
      });
    return this.running;
  }

  private async sendAll(): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, failed: 0, offline: false };
    for (const item of await this.items()) {
      if (item.state !== 'waiting') continue;
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
        } else if (answer.status >= 500 || answer.status === 409) {
          // The server's trouble, or the same key still running: try again later, in order.
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
    const item = (await this.store.all()).find((i) => i.key === key);
    if (item) await this.store.put({ ...item, state: 'waiting', error: null });
    return this.flush();
  }

  async discard(key: string): Promise<void> {
    await this.store.remove(key);
    await this.changed();
  }
}
