import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addResident, addUser } from '../support/users.ts';

/**
 * 智慧平安小区 (issue 19): a compound's gate (the demo access_gate) sends entry events over the
 * MQTT gateway; a visitor's QR pass opens it within its time and not after or once revoked; a
 * watch-listed plate raises an alarm and a matter; an elder living alone with no entry for N days
 * becomes one care check; searches are audited; bad input changes nothing; outsiders see nothing.
 */
const GATE = 'gate-demo-001';
const TOPIC = `gongzhi/devices/${GATE}/telemetry`;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('access: gates, passes, watch list, elders not seen', () => {
  let t: TestApp;
  let staff: Client;
  let resident: Client;
  let stranger: Client;
  let outsider: Client;
  let gate: MqttClient;
  let datieguan: number;
  let grid1: number;
  let compoundId: number;
  let residentPersonId: number;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    await t.services.devices.startGateway({ port: 0 });
    const admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    const ix = await demoIndex(admin);
    datieguan = ix.division('打铁关社区').id;
    grid1 = ix.grid('打铁关社区第一网格').id;
    const device = (await staff.get(`/api/devices?q=${GATE}`)).json().items[0];
    assert.ok(device?.buildingId, 'the demo gate stands at a building');
    const created = await staff.post('/api/compounds', {
      communityId: datieguan,
      name: '门禁小区',
      kind: 'old',
      buildingIds: [device.buildingId],
    });
    assert.equal(created.statusCode, 201, created.body);
    compoundId = created.json().id;
    resident = await addResident(t, 'gate_resident', datieguan, '住户 王芳');
    residentPersonId = resident.me!.personId;
    const reg = await staff.post(`/api/access/compounds/${compoundId}/people`, {
      personId: residentPersonId,
      kind: 'resident',
      cardNumber: 'A1B2C3D4',
    });
    assert.equal(reg.statusCode, 201, reg.body);
    assert.equal(reg.json().card, '****C3D4');
    assert.notEqual(reg.json().name, '住户 王芳', 'masked');
    stranger = await addResident(t, 'gate_stranger', datieguan, '路人 甲');
    const other = await t.services.database.db
      .selectFrom('org.divisions')
      .select('id')
      .where('level', '=', 'community')
      .where('id', '!=', datieguan)
      .executeTakeFirstOrThrow();
    outsider = await addUser(t, 'gate_outsider', [{ role: 'community_admin', divisionId: other.id, gridId: null }]);
    gate = await mqtt.connectAsync(`mqtt://127.0.0.1:${t.services.devices.gateway.port}`, {
      clientId: GATE,
      username: GATE,
      password: DEMO_DEVICE_SECRET,
      reconnectPeriod: 0,
    });
  });

  after(async () => {
    await gate?.endAsync();
    await t?.close();
  });

  /** An entry event from the gate at the clock's time, through the broker, handled to the end. */
  async function enter(data: Record<string, unknown>) {
    await gate.publishAsync(TOPIC, JSON.stringify({ ts: t.clock.now().toISOString(), event: 'entry', data }), {
      qos: 1,
    });
    await t.services.devices.settle();
    await t.services.jobs.drain();
    const rows = await t.services.database.db
      .selectFrom('access.entries')
      .selectAll()
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .execute();
    return rows[0]!;
  }

  const count = async (table: 'access.passes' | 'access.vehicles' | 'access.watch' | 'access.people') =>
    Number(
      (
        await t.services.database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  let pass: { id: number; token: string; validUntil: string };

  test('a resident registers a visitor: a signed pass that opens the gate within its time, not after', async () => {
    const now = t.clock.now();
    const res = await resident.post('/api/access/passes', {
      compoundId,
      visitorName: '访客 张三',
      visitorPhone: '13912345678',
      validFrom: now.toISOString(),
      validUntil: new Date(now.getTime() + 2 * HOUR).toISOString(),
    });
    assert.equal(res.statusCode, 201, res.body);
    pass = res.json();
    assert.deepEqual((await resident.get('/api/access/passes/compounds')).json().items, [
      { id: compoundId, name: '门禁小区' },
    ]);
    assert.deepEqual((await stranger.get('/api/access/passes/compounds')).json().items, []);
    assert.equal(res.json().visitorPhone, '139****5678');
    assert.notEqual(res.json().visitorName, '访客 张三');
    assert.equal(res.json().status, 'valid');
    // Gates check the token offline with the published key.
    const key = await t.anonymous().get('/api/access/public-key');
    assert.equal(key.statusCode, 200, key.body);
    assert.equal(key.json().crv, 'Ed25519');
    const { createPublicKey, verify } = await import('node:crypto');
    const [h, p, s] = pass.token.split('.') as [string, string, string];
    assert.ok(
      verify(
        null,
        Buffer.from(`${h}.${p}`),
        createPublicKey({ key: key.json() as import('node:crypto').JsonWebKey, format: 'jwk' }),
        Buffer.from(s, 'base64url'),
      ),
    );

    const inTime = await enter({ method: 'qr', credential: pass.token, direction: 'in', faceImage: 'AAAA' });
    assert.equal(inTime.allowed, true, inTime.reason);
    assert.equal(inTime.pass_id, pass.id);
    assert.equal(inTime.compound_id, compoundId);

    // A forged token (the payload changed) is refused.
    const forged = await enter({
      method: 'qr',
      credential: `${h}.${Buffer.from('{"typ":"gz-visitor","pid":1,"cmp":1,"nbf":0,"exp":9999999999}').toString('base64url')}.${s}`,
    });
    assert.equal(forged.allowed, false);
    assert.equal(forged.reason, 'bad_signature');

    t.clock.set(new Date(new Date(pass.validUntil).getTime() + 60_000));
    const late = await enter({ method: 'qr', credential: pass.token });
    assert.equal(late.allowed, false);
    assert.equal(late.reason, 'expired');
  });

  test('a revoked pass is refused; only its issuer or staff may revoke it', async () => {
    const now = t.clock.now();
    const res = await resident.post('/api/access/passes', {
      compoundId,
      visitorName: '访客 李四',
      validFrom: now.toISOString(),
      validUntil: new Date(now.getTime() + DAY).toISOString(),
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal((await stranger.post(`/api/access/passes/${res.json().id}/revoke`)).statusCode, 404);
    const ok = await enter({ method: 'qr', credential: res.json().token });
    assert.equal(ok.allowed, true);
    const revoked = await resident.post(`/api/access/passes/${res.json().id}/revoke`);
    assert.equal(revoked.statusCode, 200, revoked.body);
    assert.equal(revoked.json().status, 'revoked');
    assert.equal((await resident.post(`/api/access/passes/${res.json().id}/revoke`)).statusCode, 409);
    const after = await enter({ method: 'qr', credential: res.json().token });
    assert.equal(after.allowed, false);
    assert.equal(after.reason, 'revoked');
  });

  test('cards: a registered card opens, an unknown card is refused; a face match stores only its id', async () => {
    const card = await enter({ method: 'card', credential: 'a1b2c3d4' });
    assert.equal(card.allowed, true, card.reason);
    assert.equal(card.person_id, residentPersonId);
    assert.equal(card.credential, '****C3D4');
    const unknown = await enter({ method: 'card', credential: 'FFFF0000' });
    assert.equal(unknown.allowed, false);
    assert.equal(unknown.reason, 'unknown_card');
    const registryId = (await staff.get(`/api/access/compounds/${compoundId}/people`)).json().items[0].id;
    const face = await enter({
      method: 'face',
      credential: String(registryId),
      template: 'x'.repeat(200),
      image: 'AAAA',
    });
    assert.equal(face.allowed, true, face.reason);
    assert.equal(face.credential, `match:${registryId}`);
    // Nothing but method, credential and direction was queued from the gate's message.
    const queued = JSON.stringify(
      await t.services.database.db.selectFrom('access.entries').selectAll().where('method', '=', 'face').execute(),
    );
    assert.doesNotMatch(queued, /AAAA|xxxx/);
  });

  test('a watch-listed plate raises one alarm per entry, with a matter in the gate’s grid', async () => {
    const bad = await staff.post('/api/access/watch', {
      communityId: datieguan,
      plate: '皖AD12345',
      cardNumber: 'A1B2C3D4',
      reason: '盗抢车辆',
    });
    assert.equal(bad.statusCode, 400, 'one target only');
    const w = await staff.post('/api/access/watch', {
      communityId: datieguan,
      plate: '皖ad 12345',
      reason: '盗抢车辆',
    });
    assert.equal(w.statusCode, 201, w.body);
    assert.equal(w.json().plate, '皖AD12345');
    const entry = await enter({ method: 'plate', credential: '皖AD12345' });
    assert.equal(entry.allowed, false, 'not a registered vehicle');
    const alarms = (await staff.get('/api/access/alarms')).json().items;
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0].plate, '皖AD12345');
    assert.ok(alarms[0].matterId);
    const matter = (await staff.get(`/api/matters/${alarms[0].matterId}`)).json();
    assert.equal(matter.category.code, 'community.security.suspicious');
    assert.match(matter.description, /皖AD12345/);
    // The same event handled again (a redelivery) records nothing and raises nothing.
    const event = {
      id: 'redelivered-1',
      type: 'device.event',
      occurredAt: t.clock.now().toISOString(),
      actorId: null,
      payload: {
        deviceId: entry.device_id,
        deviceCode: GATE,
        deviceType: 'access_gate',
        event: 'entry',
        at: t.clock.now().toISOString(),
        data: { method: 'plate', credential: '皖AD12345' },
        buildingId: null,
        gridId: grid1,
        communityId: datieguan,
      },
    };
    const db = t.services.database.db;
    assert.equal(await db.transaction().execute((trx) => t.services.accessGates.onDeviceEvent(event, trx)), 'recorded');
    assert.equal(await db.transaction().execute((trx) => t.services.accessGates.onDeviceEvent(event, trx)), 'ignored');
    assert.equal((await staff.get('/api/access/alarms')).json().items.length, 2);
    // Closed, it raises nothing more.
    assert.equal((await staff.post(`/api/access/watch/${w.json().id}/close`)).statusCode, 200);
    await enter({ method: 'plate', credential: '皖AD12345' });
    assert.equal((await staff.get('/api/access/alarms')).json().items.length, 2);
  });

  test('vehicles: Chinese plates validated, new-energy ones have 8 characters', async () => {
    const before = await count('access.vehicles');
    for (const plate of ['皖A1234', 'AA12345', '皖AI2345', '皖A123456'])
      assert.equal(
        (await staff.post(`/api/access/compounds/${compoundId}/vehicles`, { plate })).statusCode,
        400,
        plate,
      );
    assert.equal(await count('access.vehicles'), before);
    const ev = await staff.post(`/api/access/compounds/${compoundId}/vehicles`, {
      plate: '皖A12345D',
      personId: residentPersonId,
    });
    assert.equal(ev.statusCode, 201, ev.body);
    assert.equal(ev.json().newEnergy, true);
    const car = await staff.post(`/api/access/compounds/${compoundId}/vehicles`, { plate: '皖A8B88D' });
    assert.equal(car.statusCode, 201, car.body);
    assert.equal(car.json().newEnergy, false);
    assert.equal(
      (await staff.post(`/api/access/compounds/${compoundId}/vehicles`, { plate: '皖A8B88D' })).statusCode,
      400,
    );
    const through = await enter({ method: 'plate', credential: '皖A12345D' });
    assert.equal(through.allowed, true, through.reason);
  });

  test('an elder living alone with no entry for N days gets one care check per absence', async () => {
    const person = await staff.post('/api/org/persons', {
      communityId: datieguan,
      gridId: grid1,
      name: '独居老人 孙奶奶',
      birthDate: '1938-05-01',
      tags: ['elderly_alone'],
    });
    assert.equal(person.statusCode, 201, person.body);
    const reg = await staff.post(`/api/access/compounds/${compoundId}/people`, {
      personId: person.json().id,
      kind: 'resident',
      cardNumber: '77778888',
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const seen = await enter({ method: 'card', credential: '77778888' });
    assert.equal(seen.allowed, true);
    const start = t.clock.now().getTime();
    const checks = () =>
      t.services.database.db
        .selectFrom('matters.matters')
        .select(['id', 'source_entity_id'])
        .where('source_entity_type', '=', 'care_no_movement')
        .where('source_entity_id', 'like', `${person.json().id}:%`)
        .execute();
    const run = () => t.services.jobs.runScheduled('access.no-movement');

    t.clock.set(new Date(start + 2 * DAY));
    await run();
    assert.equal((await checks()).length, 0, 'two days is not yet three');
    t.clock.set(new Date(start + 3 * DAY + HOUR));
    await run();
    assert.equal((await checks()).length, 1);
    t.clock.set(new Date(start + 4 * DAY + HOUR));
    await run();
    assert.equal((await checks()).length, 1, 'once per absence, not every day');
    // Seen again, then away another three days: a new absence, a new check.
    await enter({ method: 'card', credential: '77778888' });
    t.clock.set(new Date(start + 7 * DAY + 2 * HOUR));
    await run();
    assert.equal((await checks()).length, 2);
    // The resident without the tag never gets one.
    const others = await t.services.database.db
      .selectFrom('matters.matters')
      .select('id')
      .where('source_entity_type', '=', 'care_no_movement')
      .where('source_entity_id', 'like', `${residentPersonId}:%`)
      .execute();
    assert.equal(others.length, 0);
    staff = await t.login('community_datieguan');
    resident = await t.login('gate_resident');
    stranger = await t.login('gate_stranger');
    outsider = await t.login('gate_outsider');
  });

  test('entry searches are audited; the hourly chart counts per gate', async () => {
    const audits = () =>
      t.services.database.db
        .selectFrom('platform.audit_log')
        .select(['id', 'details'])
        .where('action', '=', 'access.entries.search')
        .execute();
    const before = (await audits()).length;
    const from = new Date(t.clock.now().getTime() - 10 * DAY).toISOString();
    const to = new Date(t.clock.now().getTime() + HOUR).toISOString();
    const q = new URLSearchParams({ from, to, method: 'qr', limit: '2' });
    const res = await staff.get(`/api/access/entries?${q}`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().items.length, 2);
    assert.ok(res.json().nextCursor);
    const next = await staff.get(`/api/access/entries?${q}&cursor=${res.json().nextCursor}`);
    assert.equal(next.statusCode, 200, next.body);
    assert.ok(next.json().items.length >= 1);
    assert.ok(next.json().items.every((e: any) => e.method === 'qr'));
    const byPlate = await staff.get(`/api/access/entries?${new URLSearchParams({ from, to, plate: '皖A12345D' })}`);
    assert.equal(byPlate.json().items.length, 1);
    assert.equal((await audits()).length, before + 3);
    const hourly = await staff.get(
      `/api/access/entries/hourly?${new URLSearchParams({ from, to, compoundId: String(compoundId) })}`,
    );
    assert.equal(hourly.statusCode, 200, hourly.body);
    assert.equal(hourly.json().gates.length, 1);
    assert.equal(hourly.json().gates[0].deviceCode, GATE);
    const total = hourly.json().gates[0].hours.reduce((n: number, h: any) => n + h.entries, 0);
    assert.ok(total >= 10);
    // A range too long, or backwards, is refused, and not audited.
    const long = await staff.get(`/api/access/entries?${new URLSearchParams({ from: '2026-01-01T00:00:00Z', to })}`);
    assert.equal(long.statusCode, 400);
    assert.equal((await audits()).length, before + 3);
  });

  test('bad input is refused with 4xx and changes nothing', async () => {
    const passes = await count('access.passes');
    const now = t.clock.now().getTime();
    const tooLong = await resident.post('/api/access/passes', {
      compoundId,
      visitorName: '访客',
      validFrom: new Date(now).toISOString(),
      validUntil: new Date(now + 8 * DAY).toISOString(),
    });
    assert.equal(tooLong.statusCode, 400, tooLong.body);
    assert.match(tooLong.body, /7/);
    const backwards = await resident.post('/api/access/passes', {
      compoundId,
      visitorName: '访客',
      validFrom: new Date(now + HOUR).toISOString(),
      validUntil: new Date(now).toISOString(),
    });
    assert.equal(backwards.statusCode, 400);
    const notResident = await stranger.post('/api/access/passes', {
      compoundId,
      visitorName: '访客',
      validFrom: new Date(now).toISOString(),
      validUntil: new Date(now + HOUR).toISOString(),
    });
    assert.equal(notResident.statusCode, 403);
    assert.equal(await count('access.passes'), passes);
    const people = await count('access.people');
    const dup = await staff.post(`/api/access/compounds/${compoundId}/people`, {
      personId: residentPersonId,
      kind: 'resident',
    });
    assert.equal(dup.statusCode, 409);
    const badCard = await staff.post(`/api/access/compounds/${compoundId}/people`, {
      personId: stranger.me!.personId,
      kind: 'resident',
      cardNumber: 'A1B2C3D4',
    });
    assert.equal(badCard.statusCode, 400, 'the card is taken in this compound');
    assert.equal(await count('access.people'), people);
    const watch = await count('access.watch');
    assert.equal(
      (await staff.post('/api/access/watch', { communityId: datieguan, plate: '不是车牌', reason: '测试' })).statusCode,
      400,
    );
    assert.equal(await count('access.watch'), watch);
  });

  test('a person outside the scope sees nothing', async () => {
    assert.equal((await outsider.get(`/api/access/compounds/${compoundId}/people`)).statusCode, 404);
    assert.equal((await outsider.get(`/api/access/compounds/${compoundId}/vehicles`)).statusCode, 404);
    assert.equal((await outsider.get(`/api/access/passes?compoundId=${compoundId}`)).statusCode, 404);
    const from = new Date(t.clock.now().getTime() - 20 * DAY).toISOString();
    const to = t.clock.now().toISOString();
    const search = await outsider.get(`/api/access/entries?${new URLSearchParams({ from, to })}`);
    assert.equal(search.statusCode, 200);
    assert.equal(search.json().items.length, 0);
    assert.equal((await outsider.get('/api/access/alarms')).json().items.length, 0);
    assert.equal((await outsider.get('/api/access/watch')).json().items.length, 0);
    assert.equal((await outsider.post(`/api/access/passes/${pass.id}/revoke`)).statusCode, 404);
    // Residents hold no staff permission at all.
    assert.equal((await resident.get(`/api/access/entries?${new URLSearchParams({ from, to })}`)).statusCode, 403);
    // A resident sees only the passes they issued.
    const mine = (await resident.get('/api/access/passes')).json().items;
    assert.ok(mine.length >= 2 && mine.every((p: any) => p.mine));
    assert.equal((await stranger.get('/api/access/passes')).json().items.length, 0);
  });

  test('partitions: the coming days are made, those past the retention dropped', async () => {
    const { partitionDays } = await import('../../src/modules/access/repository.ts');
    const db = t.services.database.db;
    await t.services.jobs.runScheduled('access.partitions');
    const today = Math.floor(t.clock.now().getTime() / DAY);
    const days = await partitionDays(db);
    for (const d of [today, today + 1, today + 3]) assert.ok(days.includes(d), `day ${d}`);
    const oldest = days[0]!;
    t.clock.set(new Date((oldest + 91) * DAY + HOUR));
    await t.services.jobs.runScheduled('access.partitions');
    assert.ok(!(await partitionDays(db)).includes(oldest), 'dropped past 90 days');
  });
});
