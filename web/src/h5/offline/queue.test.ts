import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryStore, OfflineError, Outbox, type OutboxTransport } from './queue.ts';

/** A server stand-in that does each key once, like the API's Idempotency-Key, and can lose the network. */
function fakeServer() {
  const done = new Map<string, unknown>();
  const log: Array<{ path: string; body: Record<string, unknown>; key: string }> = [];
  const uploads: number[] = [];
  const state = { online: true, refuse: new Set<string>() };
  const transport: OutboxTransport = {
    upload: async (photo) => {
      if (!state.online) throw new OfflineError('offline');
      uploads.push(photo.size);
      return `media-${uploads.length}`;
    },
    send: async (item) => {
      if (!state.online) throw new OfflineError('offline');
      if (state.refuse.has(item.path)) return { ok: false, status: 400, message: '内容有误' };
      if (!done.has(item.key)) {
        done.set(item.key, { ok: true });
        log.push({ path: item.path, body: item.body, key: item.key });
      }
      return { ok: true, data: done.get(item.key) };
    },
  };
  return { transport, log, uploads, state };
}

test('actions taken offline wait, then go in order once when the network returns', async () => {
  const server = fakeServer();
  server.state.online = false;
  let clock = Date.parse('2030-01-01T00:00:00Z');
  const outbox = new Outbox(memoryStore(), server.transport, () => new Date(clock));
  await outbox.enqueue({ method: 'POST', path: '/api/matters/1/accept', body: {}, label: 'a' });
  await outbox.enqueue({ method: 'POST', path: '/api/matters/1/notes', body: { note: 'x' }, label: 'b' });
  clock -= 60_000; // the phone's clock stepped back: order still holds
  await outbox.enqueue({
    method: 'POST',
    path: '/api/matters/1/resolve',
    body: { note: '已处理' },
    label: 'c',
    photos: [new Blob(['12345']), new Blob(['123'])],
  });
  assert.deepEqual(
    (await outbox.items()).map((i) => i.label),
    ['a', 'b', 'c'],
  );
  assert.equal(server.log.length, 0);

  server.state.online = true;
  const [first, second] = await Promise.all([outbox.flush(), outbox.flush()]);
  assert.deepEqual(first, { sent: 3, failed: 0, offline: false });
  assert.equal(second, first, 'one flush at a time');
  assert.deepEqual(
    server.log.map((l) => l.path),
    ['/api/matters/1/accept', '/api/matters/1/notes', '/api/matters/1/resolve'],
  );
  assert.deepEqual(server.log[2]!.body, { note: '已处理', photos: ['media-1', 'media-2'] });
  assert.equal((await outbox.items()).length, 0);
  assert.equal((await outbox.flush()).sent, 0);
  assert.equal(server.log.length, 3);
});

test('the network lost part way: photos uploaded are not uploaded again, the key is the same', async () => {
  const server = fakeServer();
  const store = memoryStore();
  const outbox = new Outbox(store, server.transport);
  let calls = 0;
  const upload = server.transport.upload;
  server.transport.upload = async (photo) => {
    if (++calls === 2) throw new OfflineError('lost');
    return upload(photo);
  };
  const item = await outbox.enqueue({
    method: 'POST',
    path: '/api/field/visits',
    body: {},
    label: 'v',
    photos: [new Blob(['a']), new Blob(['b'])],
  });
  assert.equal(server.uploads.length, 1);
  const [waiting] = await outbox.items();
  assert.equal(waiting!.state, 'waiting');
  assert.deepEqual(waiting!.uploaded, ['media-1']);
  await outbox.flush();
  assert.equal(server.uploads.length, 2);
  assert.equal(server.log.length, 1);
  assert.equal(server.log[0]!.key, item.key);
  assert.deepEqual(server.log[0]!.body, { photos: ['media-1', 'media-2'] });
});

test('a refused item is kept with its error for retry or discard; the rest go on', async () => {
  const server = fakeServer();
  const outbox = new Outbox(memoryStore(), server.transport);
  server.state.refuse.add('/api/matters/2/notes');
  const seen: number[] = [];
  outbox.subscribe((items) => seen.push(items.length));
  await outbox.enqueue({ method: 'POST', path: '/api/matters/2/notes', body: { note: '' }, label: 'bad' });
  await outbox.enqueue({ method: 'POST', path: '/api/matters/3/notes', body: { note: 'ok' }, label: 'good' });
  const [failed] = await outbox.items();
  assert.equal(failed!.state, 'failed');
  assert.equal(failed!.error, '内容有误');
  assert.deepEqual(
    server.log.map((l) => l.path),
    ['/api/matters/3/notes'],
  );
  server.state.refuse.clear();
  assert.equal((await outbox.retry(failed!.key)).sent, 1);
  assert.equal((await outbox.items()).length, 0);

  server.state.refuse.add('/api/matters/4/notes');
  const bad = await outbox.enqueue({ method: 'POST', path: '/api/matters/4/notes', body: {}, label: 'x' });
  await outbox.discard(bad.key);
  assert.equal((await outbox.items()).length, 0);
  assert.equal(seen.at(-1), 0);
});
