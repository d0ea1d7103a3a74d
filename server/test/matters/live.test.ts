import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';

type Chunk = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;
/** A read left waiting when a wait timed out; the next wait takes it over, so no chunk is lost. */
const pendingReads = new WeakMap<ReadableStreamDefaultReader<Uint8Array>, Promise<Chunk>>();
const buffers = new WeakMap<ReadableStreamDefaultReader<Uint8Array>, string>();

/** Reads server-sent events from a stream until one satisfies the test, or times out. */
async function waitForEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  match: (event: string, data: any) => boolean,
  ms = 5000,
) {
  const decoder = new TextDecoder();
  let buffer = buffers.get(reader) ?? '';
  const deadline = Date.now() + ms;
  try {
    return await scan();
  } finally {
    buffers.set(reader, buffer);
  }

  async function scan() {
    for (;;) {
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data && match(event, JSON.parse(data))) return JSON.parse(data);
      }
      if (Date.now() >= deadline) return null;
      const read = pendingReads.get(reader) ?? reader.read();
      pendingReads.set(reader, read);
      const chunk = await Promise.race([
        read,
        new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now())),
      ]);
      if (!chunk) return null;
      pendingReads.delete(reader);
      if (chunk.done) return null;
      buffer += decoder.decode(chunk.value, { stream: true });
    }
  }
}

describe('live updates', () => {
  let t: TestApp;
  let base: string;
  let resident: Client;
  let worker1: Client;
  before(async () => {
    t = await startTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    resident = await t.login('resident_demo');
    worker1 = await t.login('grid_datieguan_01');
  });
  after(() => t.close());

  const open = async (username: string) => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'gongzhi-demo' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('gz_session='))!
      .split(';')[0]!;
    const controller = new AbortController();
    const res = await fetch(`${base}/api/live`, { headers: { cookie }, signal: controller.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /text\/event-stream/);
    const reader = res.body!.getReader();
    assert.ok(await waitForEvent(reader, (e) => e === 'ready'));
    return { reader, close: () => controller.abort() };
  };

  test("the grid worker's queue hears of a new matter at once; another grid's worker does not", async () => {
    const mine = await open('grid_datieguan_01');
    const other = await open('grid_datieguan_02');
    const home = await buildingPoint(worker1, '打铁关小区1幢');
    const created = (await report(resident, 'community.fire_safety.blocked_lane', home)).json();
    // Both the queue change and the in-app notice arrive; in either order.
    let notice: any = null;
    const event = await waitForEvent(mine.reader, (e, d) => {
      if (e === 'notification' && d.kind === 'matter.new') notice = d;
      return e === 'matter' && d.id === created.id;
    });
    notice ??= await waitForEvent(mine.reader, (e, d) => e === 'notification' && d.kind === 'matter.new', 2000);
    assert.ok(event, 'the worker of grid 01 got the matter');
    assert.equal(event.change, 'created');
    assert.deepEqual(
      Object.keys(event).sort(),
      ['change', 'id', 'status', 'topic'],
      'not whom else it went to, nor its routing',
    );
    assert.ok(notice, 'and an in-app notice');
    assert.deepEqual([notice.entityType, notice.entityId], ['matter', String(created.id)], 'saying what it is about');
    const leak = await waitForEvent(other.reader, (e, d) => e === 'matter' && d.id === created.id, 1000);
    assert.equal(leak, null, 'grid 02 hears nothing of grid 01');
    // The reporter hears of progress.
    const reporter = await open('resident_demo');
    await worker1.post(`/api/matters/${created.id}/accept`, {});
    const progress = await waitForEvent(
      reporter.reader,
      (e, d) => e === 'matter' && d.id === created.id && d.change === 'accepted',
    );
    assert.ok(progress);
    mine.close();
    other.close();
    reporter.close();
  });

  test('a change that rolls back sends nothing', async () => {
    const mine = await open('grid_datieguan_01');
    const home = await buildingPoint(worker1, '打铁关小区1幢');
    const before = (await report(resident, 'event.environment.graffiti', home)).json();
    await waitForEvent(mine.reader, (e, d) => e === 'matter' && d.id === before.id);
    // An illegal transition fails inside its transaction: no event may leak out of it.
    assert.equal((await worker1.post(`/api/matters/${before.id}/resolve`, { note: '不该成功' })).statusCode, 409);
    const leaked = await waitForEvent(mine.reader, (e, d) => e === 'matter' && d.id === before.id, 1000);
    assert.equal(leaked, null);

    // A message published inside a transaction that then fails never goes out; one that commits does.
    const message = (id: number) => ({
      topic: 'matter',
      id,
      userIds: [worker1.me!.id],
      status: 'reported',
      change: 'note',
    });
    await assert.rejects(
      t.services.database.db.transaction().execute(async (trx) => {
        await t.services.live.publish(trx, message(-1));
        throw new Error('rolled back');
      }),
    );
    await t.services.database.db.transaction().execute((trx) => t.services.live.publish(trx, message(-2)));
    const seen = await waitForEvent(mine.reader, (e, d) => e === 'matter' && (d.id === -1 || d.id === -2));
    assert.equal(seen?.id, -2, 'the committed message arrives, the rolled-back one never did');
    mine.close();
  });
});
