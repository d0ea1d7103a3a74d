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
    online: () => state.online,
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

/** A promise to settle from outside, to hold a request in flight. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const trail = (samples: number[]) => ({
  method: 'POST' as const,
  path: '/api/field/patrols/7/samples',
  body: { samples },
  label: `trail ${samples.length}`,
  group: 'trail:7',
});
const joinTrail = (more: number[]) => (waiting: { body: Record<string, unknown> }) => {
  const samples = [...(waiting.body.samples as number[]), ...more];
  return samples.length > 4 ? null : { body: { samples }, label: `trail ${samples.length}` };
};

test('trail points kept offline join the waiting batch; a check-in, a full batch or a send starts a new one', async () => {
  const server = fakeServer();
  server.state.online = false;
  const outbox = new Outbox(memoryStore(), server.transport);
  const keep = (more: number[]) => outbox.enqueue(trail(more), { send: false, merge: joinTrail(more) });
  await keep([1]);
  await keep([2]);
  assert.deepEqual(await outbox.flush(), { sent: 0, failed: 0, offline: true }, 'the timer tries with no network');
  await keep([3]);
  assert.deepEqual(
    (await outbox.items()).map((i) => [i.label, i.body, i.tried]),
    [['trail 3', { samples: [1, 2, 3] }, false]],
    'one batch while nothing else was taken (a flush with no network leaves it open)',
  );
  await outbox.enqueue({ method: 'POST', path: '/api/field/patrols/7/check-ins', body: { b: 1 }, label: 'c' });
  await keep([4]);
  await keep([5]);
  await keep([6]);
  await keep([7]);
  await keep([8]); // the second batch would hold five: a third
  assert.deepEqual(
    (await outbox.items()).map((i) => i.body),
    [{ samples: [1, 2, 3] }, { b: 1 }, { samples: [4, 5, 6, 7] }, { samples: [8] }],
    'in the order taken',
  );

  server.state.online = true;
  assert.deepEqual(await outbox.flush(), { sent: 4, failed: 0, offline: false });
  assert.deepEqual(
    server.log.map((l) => l.body),
    [{ samples: [1, 2, 3] }, { b: 1 }, { samples: [4, 5, 6, 7] }, { samples: [8] }],
  );
  assert.equal(new Set(server.log.map((l) => l.key)).size, 4);
});

test('a point kept while its batch is in flight is not lost in it: it waits in a batch of its own', async () => {
  const server = fakeServer();
  const outbox = new Outbox(memoryStore(), server.transport);
  const keep = (more: number[]) => outbox.enqueue(trail(more), { send: false, merge: joinTrail(more) });
  await keep([1]);
  const hold = deferred();
  const started = deferred();
  const send = server.transport.send;
  server.transport.send = async (item) => {
    started.resolve();
    await hold.promise;
    return send(item);
  };
  const flushing = outbox.flush();
  await started.promise; // the batch [1] is on its way (the answer not yet back)
  await keep([2]);
  hold.resolve();
  const first = await flushing;
  assert.equal(first.sent, 2, 'the flush running also sends what was kept during it');
  assert.deepEqual(
    server.log.map((l) => l.body),
    [{ samples: [1] }, { samples: [2] }],
  );
  assert.equal((await outbox.items()).length, 0);
});

test('a resend after a lost answer has the same key and body, so the server replays it (exactly once)', async () => {
  const server = fakeServer();
  const outbox = new Outbox(memoryStore(), server.transport);
  const keep = (more: number[]) => outbox.enqueue(trail(more), { send: false, merge: joinTrail(more) });
  await keep([1]);
  const send = server.transport.send;
  let lose = true;
  server.transport.send = async (item) => {
    const answer = await send(item); // the server did it…
    if (lose) {
      lose = false;
      throw new OfflineError('answer lost'); // …but the phone never heard
    }
    return answer;
  };
  assert.equal((await outbox.flush()).offline, true);
  await keep([2]); // tried once: may not change
  assert.deepEqual(
    (await outbox.items()).map((i) => i.body),
    [{ samples: [1] }, { samples: [2] }],
  );
  assert.deepEqual(await outbox.flush(), { sent: 2, failed: 0, offline: false });
  assert.equal(server.log.length, 2, 'the first batch done once, not twice');
});

test('take: sent with the answer, kept when offline, not kept when refused at once', async () => {
  const server = fakeServer();
  const outbox = new Outbox(memoryStore(), server.transport);
  const sent = await outbox.take({ method: 'POST', path: '/api/field/visits', body: { n: 1 }, label: 'v' });
  assert.equal(sent.state, 'sent');
  assert.deepEqual(sent.state === 'sent' && sent.data, { ok: true });

  server.state.online = false;
  const kept = await outbox.take({
    method: 'POST',
    path: '/api/field/visits',
    body: { n: 2 },
    label: 'v2',
    photos: [new Blob(['x'])],
  });
  assert.equal(kept.state, 'waiting');
  assert.equal((await outbox.items()).length, 1);

  server.state.online = true;
  server.state.refuse.add('/api/field/patrols/1/check-ins');
  const refused = await outbox.take({ method: 'POST', path: '/api/field/patrols/1/check-ins', body: {}, label: 'c' });
  assert.equal(refused.state, 'refused');
  assert.equal(refused.state === 'refused' && refused.error, '内容有误');
  assert.deepEqual(
    (await outbox.items()).map((i) => i.label),
    [],
    'the kept visit went with it; the refused check-in is not kept',
  );
  assert.deepEqual(
    server.log.map((l) => l.body),
    [{ n: 1 }, { n: 2, photos: ['media-1'] }],
  );
});

test('"not now" answers (in progress, 5xx, 401, 429) keep the item waiting in order; another 409 is a refusal', async () => {
  for (const [status, code, waits] of [
    [409, 'idempotency_in_progress', true],
    [503, 'unavailable', true],
    [401, 'unauthenticated', true],
    [429, 'rate_limited', true],
    [409, 'conflict', false],
    [422, 'idempotency_mismatch', false],
  ] as const) {
    const server = fakeServer();
    const outbox = new Outbox(memoryStore(), server.transport);
    const send = server.transport.send;
    let answered = false;
    server.transport.send = async (item) => {
      if (!answered && item.path === '/a') {
        answered = true;
        return { ok: false, status, code, message: code };
      }
      return send(item);
    };
    await outbox.enqueue({ method: 'POST', path: '/a', body: {}, label: 'a' }, { send: false });
    await outbox.enqueue({ method: 'POST', path: '/b', body: {}, label: 'b' }, { send: false });
    const first = await outbox.flush();
    const items = await outbox.items();
    if (waits) {
      assert.deepEqual(first, { sent: 0, failed: 0, offline: true }, `${status} ${code}`);
      assert.deepEqual(
        items.map((i) => [i.label, i.state]),
        [
          ['a', 'waiting'],
          ['b', 'waiting'],
        ],
        `${status} ${code}: b waits behind a`,
      );
      assert.deepEqual(await outbox.flush(), { sent: 2, failed: 0, offline: false });
    } else {
      assert.deepEqual(first, { sent: 1, failed: 1, offline: false }, `${status} ${code}`);
      assert.deepEqual(
        items.map((i) => [i.label, i.state, i.error]),
        [['a', 'failed', code]],
      );
    }
  }
});

test('onSent tells each item the server took, with its answer', async () => {
  const server = fakeServer();
  server.state.online = false;
  const outbox = new Outbox(memoryStore(), server.transport);
  const heard: string[] = [];
  const stop = outbox.onSent((item, data) => heard.push(`${item.label}:${JSON.stringify(data)}`));
  await outbox.enqueue({ method: 'POST', path: '/x', body: {}, label: 'x' });
  assert.deepEqual(heard, []);
  server.state.online = true;
  await outbox.flush();
  assert.deepEqual(heard, ['x:{"ok":true}']);
  stop();
  await outbox.enqueue({ method: 'POST', path: '/y', body: {}, label: 'y' });
  assert.equal(heard.length, 1);
});

test('on a shared phone, one user’s waiting actions are neither sent nor shown while another is signed in', async () => {
  const server = fakeServer();
  let signedIn: number | null | undefined = 1;
  const transport: OutboxTransport = { ...server.transport, owner: () => signedIn };
  server.state.online = false;
  const outbox = new Outbox(memoryStore(), transport);
  await outbox.enqueue({ method: 'POST', path: '/api/field/visits', body: { personId: 7 }, label: '走访 7' });

  signedIn = 2;
  server.state.online = true;
  await outbox.enqueue({ method: 'POST', path: '/api/matters/3/accept', body: {}, label: '受理 3' });
  assert.deepEqual(
    server.log.map((l) => l.path),
    ['/api/matters/3/accept'],
    'only the signed-in user’s action went',
  );
  assert.deepEqual(await outbox.items(), [], 'the first user’s visit is not shown to the second');

  signedIn = undefined; // while the phone does not yet know who is signed in, nothing of anyone's goes
  await outbox.flush();
  assert.equal(server.log.length, 1);

  signedIn = 1;
  assert.deepEqual(
    (await outbox.items()).map((i) => i.label),
    ['走访 7'],
  );
  await outbox.flush();
  assert.deepEqual(
    server.log.map((l) => l.path),
    ['/api/matters/3/accept', '/api/field/visits'],
  );
});
