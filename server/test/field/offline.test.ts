import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { categoryId, countMatters } from '../support/matters.ts';

/**
 * Weak signal on patrols and visits (issue 14): what the phone kept with no network arrives
 * later, each action with its Idempotency-Key. It lands once however often it is sent, and is
 * recorded when it was taken (held within the patrol), not when the network came back.
 */
describe('field: actions kept offline and sent later', () => {
  let t: TestApp;
  let f: Factories;
  let w1: Client;
  let g1: Awaited<ReturnType<Factories['grid']>>;
  let b1: { id: number };
  let person: { id: number };
  let hawkers: number;

  const at = (hhmm: string) => new Date(`2026-11-20T${hhmm}:00+08:00`);
  const iso = (hhmm: string) => at(hhmm).toISOString();
  const spot = (north = 0) => ({ lat: g1.corner.lat + 0.003 + (north / 100) * 0.0009, lng: g1.corner.lng + 0.003 });
  const key = (name: string) => ({ 'idempotency-key': `offline-${name}` });

  before(async () => {
    t = await startTestApp();
    t.clock.set(at('10:00'));
    f = await factories(t);
    const community = await f.community();
    g1 = await f.grid(community.id);
    b1 = await f.building(community.id, { gridId: g1.id, lat: g1.corner.lat + 0.005, lng: g1.corner.lng + 0.005 });
    person = await f.person(community.id, { gridId: g1.id, tags: ['elderly_alone'] });
    w1 = await f.user([{ role: 'grid_worker', divisionId: null, gridId: g1.id }], '网格员 弱网');
    hawkers = await categoryId(w1, 'event.street_order.hawkers');
  });
  after(() => t.close());

  const start = async () => {
    const res = await w1.post('/api/field/patrols', {});
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const view = async (id: number) => (await w1.get(`/api/field/patrols/${id}`)).json();

  test('trail points, a check-in, a finding and the stop taken offline land once each, at the times they were taken', async () => {
    const p = await start();
    const samples = {
      samples: [
        { ...spot(0), accuracy: 8, at: iso('10:01') },
        { ...spot(100), accuracy: 8, at: iso('10:02') },
      ],
    };
    const checkIn = { buildingId: b1.id, ...spot(100), at: iso('10:03') };
    const finding = {
      ...spot(100),
      categoryId: hawkers,
      description: '弱网下发现：占道经营',
      at: iso('10:04'),
    };
    const matters = await countMatters(t);

    // The network returns half an hour later; every request is sent twice (the first answer was lost).
    t.clock.set(at('10:40'));
    for (let round = 0; round < 2; round++) {
      const s = await w1.post(`/api/field/patrols/${p.id}/samples`, samples, key('samples'));
      assert.equal(s.statusCode, 200, s.body);
      assert.equal(s.json().received, 2, 'the replay gives the first answer');
      assert.equal(s.headers['idempotent-replayed'], round ? 'true' : undefined);

      const c = await w1.post(`/api/field/patrols/${p.id}/check-ins`, checkIn, key('check-in'));
      assert.equal(c.statusCode, 200, c.body);
      assert.equal(c.headers['idempotent-replayed'], round ? 'true' : undefined);

      const fd = await w1.post(`/api/field/patrols/${p.id}/findings`, finding, key('finding'));
      assert.equal(fd.statusCode, 201, fd.body);
      assert.equal(fd.headers['idempotent-replayed'], round ? 'true' : undefined);

      const stop = await w1.post(`/api/field/patrols/${p.id}/stop`, { at: iso('10:10') }, key('stop'));
      assert.equal(stop.statusCode, 200, `a stop sent again is replayed, not a 409: ${stop.body}`);
      assert.equal(stop.json().endedAt, iso('10:10'));
    }

    const done = await view(p.id);
    assert.equal(done.sampleCount, 2);
    assert.deepEqual(
      done.checkIns.map((c: { buildingId: number; at: string }) => [c.buildingId, c.at]),
      [[b1.id, iso('10:03')]],
    );
    assert.deepEqual(
      done.findings.map((x: { at: string }) => x.at),
      [iso('10:04')],
    );
    assert.equal(await countMatters(t), matters + 1, 'one matter from the finding');
    assert.equal(done.endedAt, iso('10:10'));
    assert.equal(done.durationSeconds, 600, 'the patrol ended when the worker stopped, not when the stop arrived');
    assert.ok(done.distanceMeters > 90, `${done.distanceMeters} m`);

    // A new check-in once the patrol has ended is refused as a plain conflict, which the phone
    // shows as failed, not as "still running" (which it would wait on).
    const late = await w1.post(`/api/field/patrols/${p.id}/check-ins`, checkIn, key('late'));
    assert.equal(late.statusCode, 409);
    assert.equal(late.json().error.code, 'conflict');
  });

  test("the phone's times are held within the patrol: not before it began or its last record, not after now", async () => {
    t.clock.set(at('11:00'));
    const p = await start();
    t.clock.set(at('11:05'));
    const early = await w1.post(`/api/field/patrols/${p.id}/check-ins`, { buildingId: b1.id, at: iso('09:00') });
    assert.equal(early.statusCode, 200, early.body);
    const ahead = await w1.post(`/api/field/patrols/${p.id}/check-ins`, { buildingId: b1.id, at: iso('13:00') });
    assert.equal(ahead.statusCode, 200, ahead.body);
    assert.deepEqual(
      ahead.json().checkIns.map((c: { at: string }) => c.at),
      [iso('11:00'), iso('11:05')],
    );
    const s = await w1.post(`/api/field/patrols/${p.id}/samples`, {
      samples: [{ ...spot(0), accuracy: 5, at: iso('11:04') }],
    });
    assert.equal(s.statusCode, 200, s.body);
    t.clock.set(at('11:20'));
    // A stop said to be before what the patrol recorded ends at its last record (the 11:05 check-in).
    const stop = await w1.post(`/api/field/patrols/${p.id}/stop`, { at: iso('10:30') });
    assert.equal(stop.statusCode, 200, stop.body);
    assert.equal(stop.json().endedAt, iso('11:05'));

    // An absurd time is a 400 that changes nothing.
    const q = await start();
    const bad = await w1.post(`/api/field/patrols/${q.id}/check-ins`, { buildingId: b1.id, at: 'yesterday' });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal((await view(q.id)).checkIns.length, 0);
    const badStop = await w1.post(`/api/field/patrols/${q.id}/stop`, { at: 'soon' });
    assert.equal(badStop.statusCode, 400, badStop.body);
    assert.equal((await view(q.id)).endedAt, null);
    const plain = await w1.post(`/api/field/patrols/${q.id}/stop`);
    assert.equal(plain.statusCode, 200, plain.body);
    assert.equal(plain.json().endedAt, iso('11:20'));
  });

  test('a visit with a concern, taken offline and sent twice, is one visit and one matter, dated when it was made', async () => {
    t.clock.set(at('12:00'));
    const matters = await countMatters(t);
    const body = {
      personId: person.id,
      method: 'home',
      visitedAt: iso('11:30'),
      notes: '弱网入户：老人安好',
      concerns: [{ categoryId: hawkers, description: '楼下有人占道摆摊' }],
    };
    const first = await w1.post('/api/field/visits', body, key('visit'));
    assert.equal(first.statusCode, 201, first.body);
    const again = await w1.post('/api/field/visits', body, key('visit'));
    assert.equal(again.statusCode, 201, again.body);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    assert.equal(first.json().visitedAt, iso('11:30'));

    const list = (await w1.get(`/api/field/visits?personId=${person.id}`)).json();
    assert.equal(list.items.length, 1);
    assert.equal(await countMatters(t), matters + 1);

    // The same key with another body is a mistake the phone is told of (422), and nothing is added.
    const changed = await w1.post('/api/field/visits', { ...body, notes: '改过的' }, key('visit'));
    assert.equal(changed.statusCode, 422, changed.body);
    assert.equal((await w1.get(`/api/field/visits?personId=${person.id}`)).json().items.length, 1);
  });
});
