import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { Lease } from '../../src/platform/leases.ts';
import { type Client, freshDatabase, startPeerApp, startTestApp, type TestApp } from '../support/harness.ts';
import { DEMO_PASSWORD } from '../../src/seed/demo.ts';
import { until } from '../support/until.ts';
import { adminQuery } from '../support/template.ts';
import { report } from '../support/matters.ts';

/**
 * Two server processes on one database, as behind a load balancer: what one process keeps in
 * memory (rate-limit counts, cached sessions, the device gateway's devices and rules) must not
 * let the other disagree with the database.
 */
describe('several server processes on one database', () => {
  let a: TestApp;
  let b: TestApp;
  // Signed in once: the sign-in limit is 3 a minute here, counted through both processes.
  let districtAdmin: Client;
  let communityAdmin: Client;
  let worker: Client;

  before(async () => {
    const env = { LOGIN_RATE_LIMIT_PER_MINUTE: '3', RATE_LIMIT_STORE: 'database' };
    a = await startTestApp(env);
    b = await startPeerApp(a, env);
    districtAdmin = await a.login('admin');
    communityAdmin = await b.login('community_datieguan');
    worker = await b.login('grid_datieguan_01');
  });

  after(async () => {
    await b?.close();
    await a?.close();
  });

  const signIn = (t: TestApp, username: string, password: string, ip: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: ip });

  test('a sign-in rate limit counts the attempts made through every process', async () => {
    const ip = '198.51.100.7';
    const answers = [];
    for (const t of [a, b, a, b]) answers.push((await signIn(t, 'nobody_here', 'wrong-password-1', ip)).statusCode);
    // Three wrong answers, then the fourth attempt, at the other process, is refused.
    assert.deepEqual(answers, [401, 401, 401, 429]);
    // Another address still gets an answer.
    assert.equal((await signIn(b, 'nobody_here', 'wrong-password-1', '198.51.100.8')).statusCode, 401);
  });

  test('a sign-out in one process ends the session in the other at once', async () => {
    const login = await signIn(a, 'community_datieguan', DEMO_PASSWORD, '198.51.100.20');
    assert.equal(login.statusCode, 200, login.body);
    const cookie = `gz_session=${login.cookies.find((c) => c.name === 'gz_session')!.value}`;
    const me = () => b.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    // The other process looks the session up and keeps it (SESSION_CACHE_SECONDS).
    assert.equal((await me()).statusCode, 200);
    const out = await a.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': login.json().csrfToken },
    });
    assert.equal(out.statusCode, 200, out.body);
    // Its clock stands still, so only the signal can end the cached session there.
    await until('the other process refuses the signed-out session', async () => (await me()).statusCode === 401);
  });

  test('a category changed in one process is read changed in the other at once', async () => {
    const admin = districtAdmin;
    const other = communityAdmin;
    const deadlineOf = async (client: Client) => {
      const items = (await client.get('/api/matters/categories')).json().items;
      return items.find((c: { code: string }) => c.code === 'community.fire_safety.blocked_lane').resolveWithin;
    };
    const before = await deadlineOf(other); // the other process keeps the catalogue for a minute
    const category = (await admin.get('/api/matters/categories'))
      .json()
      .items.find((c: { code: string }) => c.code === 'community.fire_safety.blocked_lane');
    const changed = { amount: before.amount + 1, unit: before.unit };
    const res = await admin.patch(`/api/matters/categories/${category.id}`, { resolveWithin: changed });
    assert.equal(res.statusCode, 200, res.body);
    await until('the other process reads the new deadline', async () => {
      const now = await deadlineOf(other);
      return now.amount === changed.amount && now.unit === changed.unit;
    });
  });

  test('one process runs the device gateway; devices and rules made in the other reach it', async () => {
    await a.services.devices.takeOverGateway({ mqtt: false });
    b.services.devices.waitForGateway();
    assert.equal((await a.app.inject({ method: 'GET', url: '/api/health/gateway' })).statusCode, 200);
    const standby = await b.app.inject({ method: 'GET', url: '/api/health/gateway' });
    assert.equal(standby.statusCode, 503);
    assert.deepEqual(standby.json(), { runsGateway: false });

    const gridId = worker.me!.roles[0].gridId;
    const code = 'meter-peer-1';
    const readings = (value: number, secret: string, t: TestApp) =>
      t.app.inject({
        method: 'POST',
        url: '/api/ingest/readings',
        headers: { authorization: `Bearer ${code}:${secret}` },
        payload: { readings: [{ ts: t.clock.now().getTime(), metrics: { leakage_ma: value } }] },
      });
    // Unknown to the gateway's process, which remembers that for a while.
    assert.equal((await readings(1, 'not-yet', a)).statusCode, 401);

    const admin = communityAdmin;
    const made = await admin.post('/api/devices', { code, type: 'electric_meter', name: '电表 peer', gridId });
    assert.equal(made.statusCode, 201, made.body);
    const secret = made.json().secret as string;
    const deviceId = made.json().device.id as number;
    const rule = await admin.post('/api/devices/rules', {
      deviceId,
      name: '漏电即报',
      kind: 'threshold',
      metric: 'leakage_ma',
      op: '>=',
      value: 30,
      clearValue: 20,
      alarmType: 'leakage',
      severity: 'major',
      matterCategory: 'community.fire_safety.electric_alarm',
    });
    assert.equal(rule.statusCode, 201, rule.body);

    // The standby refuses telemetry (the load balancer sends it to the gateway's process).
    const refused = await readings(35, secret, b);
    assert.equal(refused.statusCode, 503);
    assert.equal(refused.json().error.code, 'gateway_elsewhere');

    // The gateway's process hears of the new device and rule and raises the alarm.
    await until(
      'the gateway process accepts the new device',
      async () => (await readings(35, secret, a)).statusCode === 200,
    );
    await a.services.devices.settle();
    const alarms = await until('the alarm from the rule made in the other process', async () => {
      const items = (await admin.get(`/api/alarms?deviceId=${code}`)).json().items;
      return items.length > 0 && items;
    });
    assert.equal(alarms[0].type, 'leakage');
  });
});

describe('DATABASE_READ_URL', () => {
  const url = process.env.DATABASE_URL;
  let t: TestApp;
  after(async () => {
    await t?.close();
  });

  test('the statistics read the replica; lists and writes the primary', {
    skip: url ? false : 'PostgreSQL only (DATABASE_URL)',
  }, async () => {
    t = await startTestApp({}, {}, { replica: true });
    const admin = await t.login('admin');
    const resident = await t.login('resident_demo');
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());
    const received = async () => {
      const stats = await admin.get(`/api/matters/statistics?from=${day}&to=${day}`);
      assert.equal(stats.statusCode, 200, stats.body);
      return stats.json().total.received as number;
    };
    const before = await received();
    const b = (await admin.get('/api/org/buildings?limit=1')).json().items[0];
    const filed = await report(resident, 'event.environment.exposed_garbage', {
      lat: b.lat,
      lng: b.lng,
      address: b.address,
    });
    assert.equal(filed.statusCode, 201, filed.body);
    // The test's replica is a copy no write reaches (a real one catches up within seconds);
    // read from the primary, the count would be one more.
    assert.equal(await received(), before);
    const listed = await admin.get(`/api/matters/${filed.json().id}`);
    assert.equal(listed.statusCode, 200, listed.body);
  });
});

describe('a database connection lost while in use', () => {
  const url = process.env.DATABASE_URL;
  test('fails its statement, not the process; the next statement gets a new connection', {
    skip: url ? false : 'PostgreSQL only (DATABASE_URL)',
  }, async () => {
    const { database, drop } = await freshDatabase();
    try {
      const lost = database.db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        // As a failover does: the server ends the connection while the transaction holds it.
        await adminQuery(url!, `select pg_terminate_backend(${rows[0]!.pid})`);
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 1`.execute(trx);
      });
      await assert.rejects(lost, /terminat|Connection/i);
      const { rows } = await sql<{ n: number }>`select 2 as n`.execute(database.db);
      assert.deepEqual(rows, [{ n: 2 }]);
    } finally {
      await drop();
    }
  });
});

describe('leases', () => {
  const url = process.env.DATABASE_URL;
  test('one holder at a time; a holder that stops hands over; a dead holder is replaced once its lease runs out', {
    skip: url ? false : 'PostgreSQL only (DATABASE_URL): the embedded database serves one process',
  }, async () => {
    const { database, drop } = await freshDatabase();
    const events: string[] = [];
    const lease = (who: string) =>
      new Lease(database, {
        name: 'test.work',
        ttlMs: 600,
        renewMs: 100,
        onAcquired: async () => {
          events.push(`${who} runs`);
        },
        onLost: async () => {
          events.push(`${who} stops`);
        },
        onError: () => {},
      });
    const first = lease('first');
    const second = lease('second');
    try {
      await first.start();
      await second.start();
      assert.equal(first.isHeld, true);
      assert.equal(second.isHeld, false);
      // Renewals keep it with the first, well past its time to live.
      await new Promise((r) => setTimeout(r, 900));
      assert.deepEqual(events, ['first runs']);
      await first.stop();
      await until('the second takes over', async () => second.isHeld, 2000);
      assert.deepEqual(events, ['first runs', 'first stops', 'second runs']);
      await second.stop();

      // A holder that died without giving the lease up: the next waits for its expiry.
      await sql`insert into platform.leases (name, holder, taken_at, expires_at)
        values ('test.work', 'dead', clock_timestamp(), clock_timestamp() + interval '700 milliseconds')`.execute(
        database.db,
      );
      const third = lease('third');
      const started = Date.now();
      await third.start();
      assert.equal(third.isHeld, false);
      await until('the third takes over the dead holder', async () => third.isHeld, 3000);
      assert.ok(Date.now() - started >= 500, `took over after ${Date.now() - started} ms, before the lease ran out`);
      await third.stop();
    } finally {
      await first.stop();
      await second.stop();
      await drop();
    }
  });
});
