import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CockpitApi } from '../../src/api.ts';
import { factories, type Factories } from '../support/factories.ts';
import type { Client, TestApp } from '../support/harness.ts';
import { startTestApp } from '../support/harness.ts';
import { report } from '../support/matters.ts';
import { addResident } from '../support/users.ts';

type Cockpit = CockpitApi['CockpitView'];
type Tile = Cockpit['tiles'][number];
type Drill = NonNullable<Tile['drill']>;

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function cockpit(client: Client, query = ''): Promise<Cockpit> {
  const res = await client.get(`/api/cockpit${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

function tile(view: Cockpit, id: Tile['id']): Tile {
  const found = view.tiles.find((t) => t.id === id);
  assert.ok(found, `no tile ${id} in ${view.tiles.map((t) => t.id).join(', ')}`);
  return found;
}

/** The matters list's total for a drill, as the console list asks for it (withTotal). */
async function listTotal(client: Client, drill: Drill): Promise<number> {
  assert.equal(drill.path, '/matters');
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(drill.query)) for (const v of [value].flat()) params.append(name, v);
  params.set('limit', '1');
  params.set('withTotal', 'true');
  const res = await client.get(`/api/matters?${params}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json().total;
}

/** Every matter count on the cockpit, and every bar of it, equals the list its drill opens. */
async function assertCountsOpenTheirLists(client: Client, view: Cockpit) {
  let checked = 0;
  for (const t of view.tiles) {
    if (t.unit !== 'count') continue;
    if (t.drill?.path === '/matters') {
      assert.equal(await listTotal(client, t.drill), t.value, `${t.id} opens a list of another size`);
      checked++;
    }
    for (const s of t.series)
      if (s.drill?.path === '/matters') {
        assert.equal(await listTotal(client, s.drill), s.value, `${t.id} ${s.key} opens a list of another size`);
        checked++;
      }
  }
  return checked;
}

/** The API behind each console list a tile drills into (the care list by its tab). */
const LIST_API: Record<string, string> = {
  '/alarms': '/api/alarms',
  '/mediation/cases': '/api/mediation/cases',
  '/warnings': '/api/warnings',
  '/deliberation/votes': '/api/deliberation/votes',
};

/**
 * How many records a module list shows for a drill, page by page as the console reads them;
 * for the care board, the checks of the drilled status (done, missed) on its day.
 */
async function moduleListCount(client: Client, drill: Drill, tileId: string): Promise<number> {
  const query = { ...drill.query };
  const tab = query.tab;
  delete query.tab;
  const path =
    drill.path === '/care' ? (tab === 'board' ? '/api/care/board' : '/api/care/targets') : LIST_API[drill.path];
  assert.ok(path, `no list behind ${drill.path}`);
  let count = 0;
  let cursor: string | null = null;
  do {
    const params: URLSearchParams = new URLSearchParams({ limit: '100', ...(cursor ? { cursor } : {}) });
    // The alarm list takes its statuses comma-separated, the others repeated.
    for (const [name, value] of Object.entries(query))
      if (drill.path === '/alarms') params.set(name, [value].flat().join(','));
      else for (const v of [value].flat()) params.append(name, v);
    const res = await client.get(`${path}?${params}`);
    assert.equal(res.statusCode, 200, `${path}?${params}: ${res.body}`);
    const body = res.json() as { items: Array<{ checks?: Array<{ status: string }> }>; nextCursor: string | null };
    const wanted = tileId === 'care.checksDone' ? 'done' : 'missed';
    count +=
      path === '/api/care/board'
        ? body.items.flatMap((i) => i.checks ?? []).filter((c) => c.status === wanted).length
        : body.items.length;
    cursor = body.nextCursor;
  } while (cursor);
  return count;
}

describe('cockpit (驾驶舱)', () => {
  let t: TestApp;
  let f: Factories;
  let community: { id: number; name: string };
  let other: { id: number };
  let grids: Array<{ id: number; name: string; corner: { lat: number; lng: number } }>;
  let communityAdmin: Client;
  let gridWorker: Client;
  let resident: Client;
  const inside = (g: { corner: { lat: number; lng: number } }, n: number) => ({
    lat: g.corner.lat + 0.002 + n * 0.0005,
    lng: g.corner.lng + 0.005,
  });

  before(async () => {
    // Two red nights in a row open a supervision order (the default is three).
    t = await startTestApp({ COCKPIT_RED_DAYS: '2' });
    f = await factories(t);
    community = await f.community();
    other = await f.community();
    grids = [await f.grid(community.id), await f.grid(community.id)];
    communityAdmin = await f.user(
      [{ role: 'community_admin', divisionId: community.id, gridId: null }],
      'cockpit-admin',
    );
    gridWorker = await f.user([{ role: 'grid_worker', divisionId: null, gridId: grids[0]!.id }]);
    resident = await addResident(t, 'cockpit-resident', community.id);
    // Three matters in the first grid, one in the second, today.
    for (const [g, n] of [
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
    ] as const) {
      const res = await report(resident, 'event.street_order.hawkers', inside(grids[g]!, n));
      assert.equal(res.statusCode, 201, res.body);
    }
  });
  after(() => t.close());

  test("a community's cockpit counts today's matters, and each count opens a list of the same size", async () => {
    const view = await cockpit(communityAdmin);
    assert.deepEqual(view.area, { level: 'community', id: community.id, name: community.name });
    assert.deepEqual(view.children.map((c) => c.id).sort(), grids.map((g) => g.id).sort());
    const today = tile(view, 'matters.today');
    assert.equal(today.value, 4);
    assert.equal(today.seriesKind, 'trend');
    assert.equal(today.series.length, 14);
    assert.equal(today.series.at(-1)!.value, 4);
    assert.equal(tile(view, 'matters.inHand').value, 4);
    assert.ok((await assertCountsOpenTheirLists(communityAdmin, view)) >= 4);
  });

  test('a new matter is counted on the next load', async () => {
    const before = tile(await cockpit(communityAdmin), 'matters.today').value!;
    const res = await report(resident, 'event.street_order.hawkers', inside(grids[1]!, 1));
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(tile(await cockpit(communityAdmin), 'matters.today').value, before + 1);
  });

  test('a grid’s cockpit counts its own matters; places out of reach are not found', async () => {
    const g1 = await cockpit(communityAdmin, `?gridId=${grids[0]!.id}`);
    assert.equal(g1.area.level, 'grid');
    assert.equal(tile(g1, 'matters.today').value, 3);
    await assertCountsOpenTheirLists(communityAdmin, g1);

    // A grid worker sees their grids, and neither the community around them nor another community.
    const mine = await cockpit(gridWorker);
    assert.equal(tile(mine, 'matters.today').value, 3);
    assert.equal((await gridWorker.get(`/api/cockpit?areaId=${community.id}`)).statusCode, 404);
    assert.equal((await gridWorker.get(`/api/cockpit?gridId=${grids[1]!.id}`)).statusCode, 404);
    assert.equal((await communityAdmin.get(`/api/cockpit?areaId=${other.id}`)).statusCode, 404);
    assert.equal((await resident.get('/api/cockpit')).statusCode, 403);
    assert.equal(
      (await communityAdmin.get(`/api/cockpit?areaId=${community.id}&gridId=${grids[0]!.id}`)).statusCode,
      400,
    );
  });

  test("a street below the district admin's own area: every tile of another module opens its list narrowed to the street", async () => {
    const admin = await t.login('admin');
    // The demo admin runs two districts: the first of them.
    const both = await cockpit(admin);
    const district = await cockpit(admin, `?areaId=${both.children[0]!.id}`);
    assert.equal(district.area.level, 'district');
    let checked = 0;
    let counted = 0;
    for (const street of district.children) {
      const view = await cockpit(admin, `?areaId=${street.id}`);
      for (const tile of view.tiles) {
        if (!tile.drill || tile.unit !== 'count' || ['/matters', '/statistics'].includes(tile.drill.path)) continue;
        assert.equal(tile.drill.query.areaId, String(street.id), `${tile.id} narrows to the street`);
        assert.equal(await moduleListCount(admin, tile.drill, tile.id), tile.value, `${street.name} ${tile.id}`);
        checked++;
        counted += tile.value ?? 0;
        for (const s of tile.series)
          if (s.drill) assert.equal(await moduleListCount(admin, s.drill, tile.id), s.value, `${tile.id} ${s.key}`);
      }
    }
    assert.ok(checked >= 6 && counted > 0, `${checked} tiles checked, ${counted} records`);
    for (const path of [...Object.values(LIST_API), '/api/care/targets', '/api/care/board'])
      for (const bad of ['0', 'x', '1e3'])
        assert.equal((await admin.get(`${path}?areaId=${bad}`)).statusCode, 400, `${path}?areaId=${bad}`);
  });

  test("the other modules' statistics of a district's streets add up to the district's", async () => {
    const admin = await t.login('admin');
    const district = (await cockpit(admin)).children[0]!;
    const streets = (await cockpit(admin, `?areaId=${district.id}`)).children;
    const period = `from=${encodeURIComponent('2025-01-01T00:00:00+08:00')}&to=${encodeURIComponent('2027-01-01T00:00:00+08:00')}`;
    const figures = {
      '/api/points/stats': (b: { issued: number; redeemed: number }) => [b.issued, b.redeemed],
      '/api/volunteer/stats': (b: { minutes: number; activities: number }) => [b.minutes, b.activities],
      '/api/mediation/stats': (b: { accepted: number; agreed: number }) => [b.accepted, b.agreed],
    } as Record<string, (body: never) => number[]>;
    for (const [path, read] of Object.entries(figures)) {
      const of = async (areaId: number) => {
        const res = await admin.get(`${path}?${period}&areaId=${areaId}`);
        assert.equal(res.statusCode, 200, res.body);
        return read(res.json() as never);
      };
      const whole = await of(district.id);
      const parts = await Promise.all(streets.map((s) => of(s.id)));
      assert.deepEqual(
        whole,
        whole.map((_, i) => parts.reduce((n, p) => n + p[i]!, 0)),
        `${path}: the streets add up`,
      );
      // The demo's volunteering lies outside this district's period; its points and cases inside.
      if (path === '/api/volunteer/stats') continue;
      assert.ok(whole[0]! > 0, `${path}: the demo district has some`);
      assert.ok(
        parts.some((p) => p[0]! < whole[0]!),
        `${path}: a street counts less than its district`,
      );
    }
    const sessions = async (areaId: number) =>
      (
        (await admin.get(`/api/charging/stats?from=2025-01&to=2026-12&areaId=${areaId}`)).json() as {
          rows: { sessions: number }[];
        }
      ).rows.reduce((n, r) => n + r.sessions, 0);
    const streetSessions = await Promise.all(streets.map((s) => sessions(s.id)));
    assert.equal(
      await sessions(district.id),
      streetSessions.reduce((a, b) => a + b, 0),
      'charging: the streets add up',
    );
  });

  test('tiles follow the modules the caller reads', async () => {
    const admin = await cockpit(communityAdmin);
    const worker = await cockpit(gridWorker);
    // A community administrator reads mediation; a grid worker does not.
    assert.ok(admin.tiles.some((x) => x.id === 'mediation.open'));
    assert.ok(!worker.tiles.some((x) => x.id === 'mediation.open'));
    assert.ok(worker.tiles.some((x) => x.id === 'care.checksMissed'));
    const alarms = tile(admin, 'alarms.active');
    assert.equal(
      alarms.value,
      alarms.series.reduce((sum, s) => sum + s.value, 0),
    );
  });

  test('matters whose deadline passes this month turn the overdue tile red, by grid', async () => {
    const start = tile(await cockpit(communityAdmin), 'matters.overdue');
    assert.equal(start.value, 0);
    assert.equal(start.rag, 'green');
    // Two more, then nine days on (still November): every deadline has passed unmet.
    for (const n of [2, 3]) await report(resident, 'event.street_order.hawkers', inside(grids[1]!, n));
    t.clock.advance(9 * DAY);
    // Nine idle days end a session: sign in again.
    communityAdmin = await t.login('cockpit-admin');
    const view = await cockpit(communityAdmin);
    const overdue = tile(view, 'matters.overdue');
    assert.equal(overdue.value, 7);
    assert.equal(overdue.rag, 'red', 'more than five overdue is red');
    assert.equal(overdue.seriesKind, 'breakdown');
    assert.deepEqual(Object.fromEntries(overdue.series.map((s) => [s.key, s.value])), {
      [grids[0]!.id]: 3,
      [grids[1]!.id]: 4,
    });
    assert.equal(tile(view, 'matters.today').value, 0);
    await assertCountsOpenTheirLists(communityAdmin, view);
  });

  test('an indicator red two nights running opens one supervision order on the community', async () => {
    const admin = await t.login('cockpit-admin');
    // Three people in care whose curtains must open by 23:00; nobody sees them open.
    for (let i = 0; i < 3; i++) {
      const person = await admin.post('/api/org/persons', {
        communityId: community.id,
        gridId: grids[0]!.id,
        name: `独居老人${i}`,
        birthDate: '1940-03-01',
      });
      assert.equal(person.statusCode, 201, person.body);
      const target = await admin.post('/api/care/targets', {
        personId: person.json().id,
        kinds: ['elderly_alone'],
        rules: [{ kind: 'curtain_open', dueTime: '23:00' }],
      });
      assert.equal(target.statusCode, 201, target.body);
    }
    // A unit is supervised over an open gap: the minute job marks the late matters overdue.
    await t.services.matters.runDeadlines(t.clock.now());
    const night = async () => {
      await t.services.jobs.runScheduled('care.daily-checks');
      return t.services.redDays.recordDay();
    };
    const ordersOn = async () => {
      const res = await (await t.login('admin')).get(`/api/supervision/orders?unitDivisionId=${community.id}&limit=50`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json().items.filter((o: { note: string }) => o.note.includes('驾驶舱') && o.note.includes('关爱签到'));
    };
    // 23:30 (local), the first night: three checks missed, red; nothing opened yet.
    t.clock.advance(13.5 * HOUR);
    assert.equal((await night()).opened, 0);
    assert.equal(tile(await cockpit(await t.login('cockpit-admin')), 'care.checksMissed').rag, 'red');
    assert.equal((await ordersOn()).length, 0);
    // The second night, red again: an order (other communities of the demo data may have
    // their own red runs, and this one's overdue tile too, red since the test before). The job
    // run twice that night opens no second one.
    t.clock.advance(DAY);
    assert.ok((await night()).opened >= 1);
    assert.equal((await night()).opened, 0);
    const orders = await ordersOn();
    assert.equal(orders.length, 1);
    assert.match(orders[0].note, /今日关爱签到未完成.*连续 2 天红灯（当前 3/);
  });
});
