import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LiveMessage } from '../../src/platform/live.ts';
import { concerns } from '../../src/modules/notifications/access.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, categoryId, report } from '../support/matters.ts';
import { addUser } from '../support/users.ts';

interface Item {
  id: number;
  code: string;
  level: string;
  department: string | null;
}

/**
 * Departments (职能部门) as places people work: a 城管 account over 文晖街道 works the matters
 * escalated to 城管 in that street — its queue, its counts, accept and resolve, a notice when
 * one arrives — and sees nothing else of the street's work.
 */
describe('department queues', () => {
  let t: TestApp;
  let street: Client;
  let resident: Client;
  let cityWenhui: Client;
  let fireWenhui: Client;
  let cityChangqing: Client;
  let cityDistrict: Client;
  let home: { lat: number; lng: number; address: string };
  /** Matters in 文晖街道: one escalated to 城管, one to 消防, one still with its grid. */
  let toCity: Item;
  let toFire: Item;
  let withGrid: Item;
  /** A matter of 长庆街道 escalated to 城管: another street's. */
  let otherStreet: Item;
  const live: LiveMessage[] = [];

  /** Up the levels by the street administrator: grid → community → street → the department. */
  async function escalateTo(client: Client, id: number, department: string): Promise<Item> {
    for (const reason of ['网格无法处理', '社区无执法权']) {
      const res = await client.post(`/api/matters/${id}/escalate`, { reason });
      assert.equal(res.statusCode, 200, res.body);
    }
    const res = await client.post(`/api/matters/${id}/escalate`, { reason: '请部门处置', department });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  }

  const ids = (res: { json(): { items: Item[] } }) => res.json().items.map((m) => m.id);

  before(async () => {
    t = await startTestApp();
    const admin = await t.login('admin');
    street = await t.login('street_wenhui');
    resident = await t.login('resident_demo');
    const ix = await demoIndex(admin);
    const wenhui = ix.division('文晖街道').id;
    const changqing = ix.division('长庆街道');
    cityWenhui = await addUser(t, 'city_wenhui', [
      { role: 'dept_staff', divisionId: wenhui, gridId: null, department: 'urban_management' },
    ]);
    fireWenhui = await addUser(t, 'fire_wenhui', [
      { role: 'dept_staff', divisionId: wenhui, gridId: null, department: 'fire' },
    ]);
    cityChangqing = await addUser(t, 'city_changqing', [
      { role: 'dept_staff', divisionId: changqing.id, gridId: null, department: 'urban_management' },
    ]);
    cityDistrict = await addUser(t, 'city_gongshu', [
      { role: 'dept_staff', divisionId: ix.division('拱墅区').id, gridId: null, department: 'urban_management' },
    ]);
    t.services.live.subscribe((message) => live.push(message));

    home = await buildingPoint(admin, '打铁关小区1幢');
    const reported = async () => (await report(resident, 'event.street_order.hawkers', home)).json();
    toCity = await escalateTo(street, (await reported()).id, 'urban_management');
    toFire = await escalateTo(street, (await reported()).id, 'fire');
    withGrid = await reported();

    const changqingCommunity = ix.tree.divisions.find((d) => d.parentId === changqing.id)!;
    const changqingGrid = ix.tree.grids.find((g) => g.communityId === changqingCommunity.id)!;
    const there = await admin.post('/api/matters', {
      categoryId: await categoryId(admin, 'event.street_order.hawkers'),
      description: '长庆街道的占道经营',
      gridId: changqingGrid.id,
    });
    assert.equal(there.statusCode, 201, there.body);
    otherStreet = await escalateTo(admin, there.json().id, 'urban_management');
  });
  after(() => t.close());

  test("城管 of the street: its department's queue, with its count, and nothing else of the street", async () => {
    const queue = await cityWenhui.get('/api/matters?queue=department&withTotal=true');
    assert.equal(queue.statusCode, 200, queue.body);
    assert.deepEqual(ids(queue), [toCity.id]);
    assert.equal(queue.json().total, 1);
    assert.equal(queue.json().items[0].department, 'urban_management');
    for (const q of ['grid', 'unassigned', 'overdue', 'all']) {
      const seen = ids(await cityWenhui.get(`/api/matters?queue=${q}&limit=100`));
      assert.ok(!seen.includes(withGrid.id), `${q}: not the street's own open matters`);
      assert.ok(!seen.includes(toFire.id), `${q}: not another department's`);
      assert.ok(!seen.includes(otherStreet.id), `${q}: not 城管's of another street`);
    }
    assert.deepEqual(ids(await cityWenhui.get('/api/matters?queue=all&limit=100')), [toCity.id]);
    for (const hidden of [withGrid, toFire, otherStreet]) {
      assert.equal(
        (await cityWenhui.get(`/api/matters/${hidden.id}`)).statusCode,
        404,
        'out of reach reads as missing',
      );
    }
    assert.equal((await cityWenhui.get(`/api/matters/${toCity.id}`)).json().viewer, 'staff');
    // The global search lists matters through the same queue.
    const searched = (await cityWenhui.get('/api/matters?queue=all&q=测试事项&limit=100')).json().items;
    assert.deepEqual(
      searched.map((m: Item) => m.id),
      [toCity.id],
    );
  });

  test('the map close in shows a department its own matters only; the street all of its', async () => {
    const view = `south=${home.lat - 0.002}&north=${home.lat + 0.002}&west=${home.lng - 0.002}&east=${home.lng + 0.002}&zoom=17`;
    const points = async (client: Client) =>
      ((await client.get(`/api/matters/map?${view}`)).json().points as Item[]).map((p) => p.id);
    const city = await points(cityWenhui);
    assert.deepEqual(city, [toCity.id]);
    const all = await points(street);
    for (const m of [toCity, toFire, withGrid]) assert.ok(all.includes(m.id));
    // Further out, clusters: 城管's count holds its one open matter, the street's all three and more.
    const wide = `south=${home.lat - 0.02}&north=${home.lat + 0.02}&west=${home.lng - 0.02}&east=${home.lng + 0.02}`;
    const counted = async (client: Client, zoom: number) =>
      ((await client.get(`/api/matters/map?${wide}&zoom=${zoom}`)).json().clusters as Array<{ count: number }>).reduce(
        (sum, c) => sum + c.count,
        0,
      );
    for (const zoom of [10, 13, 15]) {
      assert.equal(await counted(cityWenhui, zoom), 1, `zoom ${zoom}`);
      assert.ok((await counted(street, zoom)) >= 3);
    }
    assert.equal(await counted(fireWenhui, 13), 1);
  });

  test('消防 sees its own; a district 城管 sees 城管 matters of every street of the district', async () => {
    assert.deepEqual(ids(await fireWenhui.get('/api/matters?queue=department')), [toFire.id]);
    assert.deepEqual(ids(await cityChangqing.get('/api/matters?queue=department')), [otherStreet.id]);
    assert.deepEqual(
      ids(await cityDistrict.get('/api/matters?queue=department')).sort(),
      [toCity.id, otherStreet.id].sort(),
    );
  });

  test('the street still sees all of its area, the department matters with their department named', async () => {
    const departments = (await street.get('/api/matters?queue=department&limit=100')).json().items as Item[];
    assert.deepEqual(
      departments.map((m) => [m.id, m.department]).sort(),
      [
        [toCity.id, 'urban_management'],
        [toFire.id, 'fire'],
      ].sort(),
    );
    assert.ok(departments.every((m) => m.level === 'department'));
    const area = ids(await street.get('/api/matters?queue=grid&limit=200'));
    for (const m of [toCity, toFire, withGrid]) assert.ok(area.includes(m.id));
    assert.ok(!area.includes(otherStreet.id));
  });

  test('the department is told when a matter is escalated to it, and only that department there', async () => {
    const told = async (client: Client, id: number) =>
      (await client.get('/api/notifications?limit=100'))
        .json()
        .items.some(
          (n: { entityId: string; kind: string }) => n.entityId === String(id) && n.kind === 'matter.escalated',
        );
    assert.ok(await told(cityWenhui, toCity.id), '城管 of the street');
    assert.ok(await told(cityDistrict, toCity.id), '城管 of the district');
    assert.ok(!(await told(fireWenhui, toCity.id)), 'not 消防');
    assert.ok(!(await told(cityChangqing, toCity.id)), 'not 城管 of another street');
    assert.ok(!(await told(cityWenhui, withGrid.id)), 'not of the grid’s matters');
    const notice = (await cityWenhui.get('/api/notifications?limit=100'))
      .json()
      .items.find((n: { entityId: string }) => n.entityId === String(toCity.id));
    assert.equal(notice.title, `事项 ${toCity.code} 已转交综合行政执法（城管）处置`);
    assert.equal(notice.link, `/matters/${toCity.id}`);
  });

  test('the live stream brings a department its own matters only', async () => {
    const actor = async (client: Client) => (await t.services.auth.actorOf(client.me!.id))!;
    const city = await actor(cityWenhui);
    const about = (id: number) => live.filter((m) => m.topic === 'matter' && m.id === id);
    assert.ok(about(withGrid.id).length > 0 && about(toFire.id).length > 0);
    assert.ok(!about(withGrid.id).some((m) => concerns(city, m)), "the street's own matters stay with the street");
    assert.ok(!about(toFire.id).some((m) => concerns(city, m)), "消防's stay with 消防");
    assert.ok(about(toCity.id).some((m) => concerns(city, m)));
    const streetAdmin = await actor(street);
    assert.ok(
      about(withGrid.id).some((m) => concerns(streetAdmin, m)),
      'the street hears of all of its matters',
    );
    assert.ok(about(toFire.id).some((m) => concerns(streetAdmin, m)));
  });

  test('城管 accepts (and so holds) the matter, starts and resolves it; others of the street cannot', async () => {
    assert.equal((await fireWenhui.post(`/api/matters/${toCity.id}/accept`, {})).statusCode, 404);
    assert.equal((await cityChangqing.post(`/api/matters/${toCity.id}/accept`, {})).statusCode, 404);
    assert.equal((await cityWenhui.post(`/api/matters/${withGrid.id}/accept`, {})).statusCode, 404);
    const detail = (await cityWenhui.get(`/api/matters/${toCity.id}`)).json();
    assert.ok(detail.allowedActions.includes('accept'));
    assert.ok(!detail.allowedActions.includes('escalate'), 'nowhere higher to go');
    assert.ok(!detail.allowedActions.includes('dispatch'), 'a department member takes, not dispatches');
    const accepted = await cityWenhui.post(`/api/matters/${toCity.id}/accept`, { note: '已接单' });
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().assignee.id, cityWenhui.me!.id);
    assert.deepEqual(ids(await cityWenhui.get('/api/matters?queue=mine')), [toCity.id]);
    assert.equal((await cityWenhui.post(`/api/matters/${toCity.id}/start`, {})).statusCode, 200);
    const resolved = await cityWenhui.post(`/api/matters/${toCity.id}/resolve`, { note: '已责令商户清理' });
    assert.equal(resolved.statusCode, 200, resolved.body);
    assert.equal(resolved.json().status, 'resolved');
    // Resolved, it waits in the queue for the reporter's rating; closed, it stays readable.
    const waiting = (await cityWenhui.get('/api/matters?queue=department')).json().items;
    assert.deepEqual(
      waiting.map((m: Item & { status: string }) => [m.id, m.status]),
      [[toCity.id, 'resolved']],
    );
    assert.equal((await resident.post(`/api/matters/${toCity.id}/rate`, { rating: 5 })).statusCode, 200);
    assert.deepEqual(ids(await cityWenhui.get('/api/matters?queue=department')), []);
    assert.equal((await cityWenhui.get(`/api/matters/${toCity.id}`)).json().status, 'closed');
  });

  test('a street matter is dispatched to those who handle it there, not to a department member', async () => {
    const m = (await report(resident, 'event.street_order.hawkers', home)).json();
    await street.post(`/api/matters/${m.id}/accept`, {});
    const candidates = (await street.get(`/api/matters/${m.id}/assignees`)).json().items as Array<{ userId: number }>;
    assert.ok(!candidates.some((c) => c.userId === cityWenhui.me!.id), 'not offered');
    const district = await t.login('admin');
    const forFire = (await district.get(`/api/matters/${toFire.id}/assignees`)).json().items as Array<{
      userId: number;
    }>;
    assert.ok(
      forFire.some((c) => c.userId === fireWenhui.me!.id),
      "消防's own matter may go to 消防",
    );
    assert.ok(!forFire.some((c) => c.userId === cityWenhui.me!.id), 'not to 城管');
    const res = await street.post(`/api/matters/${m.id}/dispatch`, { assigneeUserId: cityWenhui.me!.id });
    assert.equal(res.statusCode, 400, res.body);
  });
});
