/**
 * The phone's one outbox: items kept in IndexedDB (memory where it is missing), sent through
 * the API with their Idempotency-Key, flushed on start and whenever the network returns.
 */
import { api, ApiError } from '../../shared/api.ts';
import { i18n } from '../../shared/i18n/index.ts';
import type { MediaUpload } from '../../shared/types.ts';
import {
  memoryStore,
  OfflineError,
  Outbox,
  type OutboxStore,
  type OutboxTransport,
  type QueuedAction,
} from './queue.ts';

const DB_NAME = 'gongzhi-outbox';
const STORE = 'actions';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Items in IndexedDB; Blobs (photos) are stored as they are. */
export function indexedDbStore(): OutboxStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = () => {
    opened ??= new Promise((resolve, reject) => {
      const open = indexedDB.open(DB_NAME, 1);
      open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'key' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    return opened;
  };
  const tx = async (mode: IDBTransactionMode) => (await db()).transaction(STORE, mode).objectStore(STORE);
  return {
    all: async () => request((await tx('readonly')).getAll() as IDBRequest<QueuedAction[]>),
    put: async (item) => {
      await request((await tx('readwrite')).put(item));
    },
    remove: async (key) => {
      await request((await tx('readwrite')).delete(key));
    },
  };
}

/** A refusal in full: on the list there is no form to point at the field, so every detail is said. */
function refusal(error: ApiError): string {
  const details = error.details.map((d) => d.message).filter((m) => m && m !== error.message);
  return details.length
    ? i18n.t('errors.withDetails', { message: error.message, details: details.join('; ') })
    : error.message;
}

const offline = () => typeof navigator !== 'undefined' && navigator.onLine === false;

/** Who is signed in on the phone (H5App keeps it): their items are the ones sent and shown. */
let owner: number | null | undefined;

export function setOutboxOwner(userId: number | null | undefined) {
  if (owner === userId) return;
  owner = userId;
  void outbox.refresh();
  if (userId) void outbox.flush();
}

const transport: OutboxTransport = {
  online: () => !offline(),
  owner: () => owner,
  async upload(photo) {
    if (offline()) throw new OfflineError('offline');
    const form = new FormData();
    form.append('file', photo, (photo as File).name ?? 'photo.jpg');
    try {
      return (await api.upload<MediaUpload>('/api/media', form)).token;
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) throw new OfflineError(error.message);
      throw error;
    }
  },
  async send(item) {
    if (offline()) throw new OfflineError('offline');
    try {
      return { ok: true, data: await api.once(item.method, item.path, item.body, item.key) };
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.status === 0) throw new OfflineError(error.message);
        return { ok: false, status: error.status, code: error.code, message: refusal(error) };
      }
      throw error;
    }
  },
};

export const outbox = new Outbox(typeof indexedDB === 'undefined' ? memoryStore() : indexedDbStore(), transport);

/** How often what waits is tried again while the phone says it is online (a weak signal fires no 'online'). */
const RETRY_EVERY_MS = 20_000;

// Sent on app start, whenever the network comes back, and now and then while anything waits.
if (typeof window !== 'undefined') {
  window.addEventListener('online', () => void outbox.flush());
  void outbox.flush();
  window.setInterval(() => {
    if (offline()) return;
    void outbox.items().then((items) => {
      if (items.some((i) => i.state === 'waiting')) void outbox.flush();
    });
  }, RETRY_EVERY_MS);
}
