import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';
import { addUser } from '../support/users.ts';

const HOUR = 3_600_000;

interface Order {
  id: number;
  card: 'green' | 'yellow' | 'red';
  worstCard: 'green' | 'yellow' | 'red';
  gapClosedAt: string | null;
  status: 'open' | 'done' | 'closed';
  reminders: number;
  unitKind: string;
  unitName: string;
  department: string | null;
  canManage: boolean;
  cardChanges: Array<{ from: string; to: string; reason: string }>;
}

/**
 * Supervision (督办/催办) through the API on a real database with the test clock: cards turn
 * yellow when late and red past SUPERVISION_RED_AFTER_HOURS (24 by default); a red card
 * stays red whatever time passes or wherever the deadline goes, and turns yellow only when
 * the gap closes; reminders reach those answerable as messages; counts per unit; scope.
 */
describe('supervision', () => {
  let t: TestApp;
  let street: Client;
  let worker: Client;
  let resident: Client;
  let community: Client;
  let otherCommunity: Client;
  let cityWenhui: Client;
  let wenhui: number;
  let home: { lat: number; lng: number; address: string };

  const at = (ms: number) => new Date(t.clock.now().getTime() + ms).toISOString();
  const cards = () => t.services.jobs.runScheduled('supervision.cards');
  const order = async (client: Client, id: number): Promise<Order> => {
    const res = await client.get(`/api/supervision/orders/${id}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  /** A matter reported by a resident and accepted by the grid worker (its assignee). */
  async function acceptedMatter(): Promise<{ id: number; code: string }> {
    const m = (await report(resident, 'event.street_order.hawkers', home)).json();
    const accepted = await worker.post(`/api/matters/${m.id}/accept`, {});
    assert.equal(accepted.statusCode, 200, accepted.body);
    return m;
  }
  /** Start and resolve (办结) a matter taken by the client. */
  async function resolve(client: Client, id: number) {
    for (const [action, body] of [
      ['start', {}],
      ['resolve', { note: '已依法处置，摊贩已劝离' }],
    ] as const) {
      const res = await client.post(`/api/matters/${id}/${action}`, body);
      assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
    }
  }
  async function supervise(matterId: number, deadlineInMs: number, extra: Record<string, unknown> = {}) {
    const res = await street.post('/api/supervision/orders', {
      matterId,
      deadline: at(deadlineInMs),
      note: '请尽快处置占道经营',
      ...extra,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as Order;
  }
  const total = async () => (await street.get('/api/supervision/orders?withTotal=true')).json().total as number;

  before(async () => {
    // Sessions outlive the days the clock is moved on here.
    t = await startTestApp({ SESSION_TTL_HOURS: '720' });
    const admin = await t.login('admin');
    street = await t.login('street_wenhui');
    worker = await t.login('grid_datieguan_01');
    resident = await t.login('resident_demo');
    community = await t.login('community_datieguan');
    const ix = await demoIndex(admin);
    wenhui = ix.division('文晖街道').id;
    const changqing = ix.division('长庆街道').id;
    const changqingCommunity = ix.tree.divisions.find((d) => d.parentId === changqing)!;
    otherCommunity = await addUser(t, 'community_other', [
      { role: 'community_admin', divisionId: changqingCommunity.id, gridId: null },
    ]);
    cityWenhui = await addUser(t, 'city_wenhui', [
      { role: 'dept_staff', divisionId: wenhui, gridId: null, department: 'urban_management' },
    ]);
    home = await buildingPoint(admin, '打铁关小区1幢');
  });
  after(() => t.close());

  test('yellow when late, red past the threshold; red stays red through time and a moved deadline, yellow only when resolved', async () => {
    const m = await acceptedMatter();
    const acceptedAt = t.clock.now().toISOString();
    const created = await supervise(m.id, 2 * HOUR, { listed: true });
    assert.equal(created.card, 'green');
    assert.equal(created.status, 'open');
    assert.equal(created.unitKind, 'community', 'a grid matter answers to its community');

    t.clock.advance(HOUR);
    await cards();
    assert.equal((await order(street, created.id)).card, 'green', 'on time');

    t.clock.advance(2 * HOUR); // 1 h late
    await cards();
    const late = await order(street, created.id);
    assert.equal(late.card, 'yellow');
    assert.deepEqual(
      late.cardChanges.map((c) => [c.from, c.to, c.reason]),
      [['green', 'yellow', 'late']],
    );

    t.clock.advance(23 * HOUR); // 24 h late: not yet past the threshold
    await cards();
    assert.equal((await order(street, created.id)).card, 'yellow');
    t.clock.advance(HOUR + 60_000); // past 24 h late
    await cards();
    assert.equal((await order(street, created.id)).card, 'red');

    // The deadline moved well ahead: the red card stays.
    const moved = await street.patch(`/api/supervision/orders/${created.id}`, { deadline: at(48 * HOUR) });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().card, 'red');
    await cards();
    assert.equal((await order(street, created.id)).card, 'red', 'not cleared by the moved deadline');
    t.clock.advance(72 * HOUR);
    await cards();
    assert.equal((await order(street, created.id)).card, 'red', 'not cleared by time');
    assert.equal((await order(street, created.id)).status, 'open');

    // Only the gap closing turns it yellow: the matter resolved, heard through its event.
    await resolve(worker, m.id);
    const resolvedAt = t.clock.now().toISOString();
    t.clock.advance(HOUR);
    // The accept's event, handled only now (the queue keeps no order between events made close
    // together): it is judged by when the matter was resolved, not by when the event was made.
    await t.services.database.db.transaction().execute((trx) =>
      t.services.supervision.onMatterStatus(
        {
          id: 'late-accept',
          type: 'matter.status_changed',
          occurredAt: acceptedAt,
          actorId: null,
          payload: { matterId: m.id },
        },
        trx,
      ),
    );
    await t.services.jobs.drain();
    const done = await order(street, created.id);
    assert.equal(done.status, 'done');
    assert.equal(done.card, 'yellow');
    assert.equal(done.worstCard, 'red', 'counted red');
    assert.equal(done.gapClosedAt, resolvedAt, 'the gap closed when the matter was resolved');
    assert.deepEqual(
      done.cardChanges.map((c) => [c.from, c.to, c.reason]),
      [
        ['green', 'yellow', 'late'],
        ['yellow', 'red', 'red_threshold'],
        ['red', 'yellow', 'gap_closed'],
      ],
    );
    // Each change of card is audited, and the answerable were told of each card.
    const audited = (
      await street.get(
        `/api/audit?action=supervision.card_changed&entityType=supervision_order&entityId=${created.id}&limit=50`,
      )
    ).json().items as Array<{ details: { from: string; to: string } }>;
    assert.deepEqual(audited.map((a) => `${a.details.from}>${a.details.to}`).sort(), [
      'green>yellow',
      'red>yellow',
      'yellow>red',
    ]);
    const told = (await worker.get('/api/notifications?limit=50'))
      .json()
      .items.filter(
        (n: { kind: string; entityId: string }) => n.kind === 'supervision.card' && n.entityId === String(m.id),
      );
    assert.equal(told.length, 2, 'yellow, then red');
    // Listed (挂牌督办): on the listed tab.
    const listed = (await street.get('/api/supervision/orders?listed=true')).json().items as Order[];
    assert.ok(listed.some((o) => o.id === created.id));
    const bySearch = (await street.get(`/api/supervision/orders?q=${m.code}`)).json().items as Order[];
    assert.deepEqual(
      bySearch.map((o) => o.id),
      [created.id],
    );
  });

  test('resolved before the deadline: done and green', async () => {
    const m = await acceptedMatter();
    const created = await supervise(m.id, 4 * HOUR);
    t.clock.advance(HOUR);
    await resolve(worker, m.id);
    await t.services.jobs.drain();
    const done = await order(street, created.id);
    assert.equal(done.status, 'done');
    assert.equal(done.card, 'green');
    assert.deepEqual(done.cardChanges, []);
    const greens = (await street.get('/api/supervision/orders?card=green&status=done')).json().items as Order[];
    assert.ok(greens.some((o) => o.id === created.id));
  });

  test('reminders (催办) reach the assignee as a message, not twice in ten minutes; closing by hand ends them', async () => {
    const m = await acceptedMatter();
    const created = await supervise(m.id, 24 * HOUR);
    const sent = await street.post(`/api/supervision/orders/${created.id}/remind`, { message: '请今天内办结' });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().recipients, 1);
    assert.equal(sent.json().order.reminders, 1);
    const notes = (await worker.get('/api/notifications?limit=50')).json().items as Array<{
      kind: string;
      entityId: string;
      body: string;
      link: string;
    }>;
    const reminder = notes.find((n) => n.kind === 'supervision.reminder' && n.entityId === String(m.id));
    assert.ok(reminder, 'the assignee is told');
    assert.equal(reminder.body, '请今天内办结');
    assert.equal(reminder.link, `/matters/${m.id}`);

    const again = await street.post(`/api/supervision/orders/${created.id}/remind`, { message: '再催一次' });
    assert.equal(again.statusCode, 429, again.body);
    assert.equal((await order(street, created.id)).reminders, 1, 'a refused reminder is not counted');
    t.clock.advance(11 * 60_000);
    const later = await street.post(`/api/supervision/orders/${created.id}/remind`, { message: '再催一次' });
    assert.equal(later.statusCode, 200, later.body);
    assert.equal(later.json().order.reminders, 2);

    const closed = await street.post(`/api/supervision/orders/${created.id}/close`, { note: '改为专项整治跟进' });
    assert.equal(closed.statusCode, 200, closed.body);
    assert.equal(closed.json().status, 'closed');
    assert.equal(closed.json().card, 'green');
    assert.equal(
      (await street.post(`/api/supervision/orders/${created.id}/remind`, { message: '催办' })).statusCode,
      409,
    );
    await resolve(worker, m.id);
    await t.services.jobs.drain();
  });

  test('a unit: 城管 of the street with an overdue matter, reminded, done when the matter is resolved', async () => {
    // No overdue 城管 matter in the street: nothing to supervise.
    const early = await street.post('/api/supervision/orders', {
      department: 'urban_management',
      divisionId: wenhui,
      deadline: at(8 * HOUR),
      note: '城管超期事项清零',
    });
    assert.equal(early.statusCode, 409, early.body);

    const m = (await report(resident, 'event.street_order.hawkers', home)).json();
    for (const body of [
      { reason: '网格无法处理' },
      { reason: '社区无执法权' },
      { reason: '请部门处置', department: 'urban_management' },
    ]) {
      const res = await street.post(`/api/matters/${m.id}/escalate`, body);
      assert.equal(res.statusCode, 200, res.body);
    }
    t.clock.advance(10 * 24 * HOUR);
    await t.services.jobs.runScheduled('matters.deadlines');
    assert.equal((await street.get(`/api/matters/${m.id}`)).json().overdue, true);

    const res = await street.post('/api/supervision/orders', {
      department: 'urban_management',
      divisionId: wenhui,
      deadline: at(8 * HOUR),
      note: '城管超期事项清零',
    });
    assert.equal(res.statusCode, 201, res.body);
    const unit = res.json() as Order;
    assert.equal(unit.unitKind, 'department');
    assert.equal(unit.department, 'urban_management');

    const reminded = await street.post(`/api/supervision/orders/${unit.id}/remind`, { message: '请清零超期事项' });
    assert.equal(reminded.statusCode, 200, reminded.body);
    assert.ok(reminded.json().recipients >= 1);
    const told = (await cityWenhui.get('/api/notifications?limit=50'))
      .json()
      .items.some((n: { kind: string }) => n.kind === 'supervision.reminder');
    assert.ok(told, "the department's staff are told");

    await cards();
    assert.equal((await order(street, unit.id)).status, 'open', 'the overdue matter is still open');
    assert.equal((await cityWenhui.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    await resolve(cityWenhui, m.id);
    await t.services.jobs.drain();
    const done = await order(street, unit.id);
    assert.equal(done.status, 'done');
    assert.equal(done.card, 'green');
  });

  test('counts per unit: orders, on time, yellow, red, open', async () => {
    const from = new Date(t.clock.now().getTime() - 60 * 24 * HOUR).toISOString();
    const to = at(HOUR);
    const res = await street.get(`/api/supervision/counts?from=${from}&to=${to}`);
    assert.equal(res.statusCode, 200, res.body);
    const units = res.json().units as Array<Record<string, unknown>>;
    const community = units.find((u) => u.unitKind === 'community');
    assert.deepEqual(
      {
        orders: community?.orders,
        onTime: community?.onTime,
        yellow: community?.yellow,
        red: community?.red,
        open: community?.open,
      },
      // red then done; done on time; closed by hand on time
      { orders: 3, onTime: 2, yellow: 0, red: 1, open: 0 },
    );
    const city = units.find((u) => u.department === 'urban_management');
    assert.equal(city?.orders, 1);
    assert.equal(city?.onTime, 1);
    // Another window: nothing.
    const before = (
      await street.get(`/api/supervision/counts?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z`)
    ).json();
    assert.deepEqual(before.units, []);
    // A community admin of another street: none of these.
    assert.deepEqual((await otherCommunity.get(`/api/supervision/counts?from=${from}&to=${to}`)).json().units, []);
  });

  test('scope: the community reads its orders and cannot act; another community sees nothing', async () => {
    const m = await acceptedMatter();
    const created = await supervise(m.id, 6 * HOUR);
    const seen = await order(community, created.id);
    assert.equal(seen.canManage, false);
    assert.ok(
      ((await community.get('/api/supervision/orders')).json().items as Order[]).some((o) => o.id === created.id),
    );
    assert.equal(
      (await community.post(`/api/supervision/orders/${created.id}/remind`, { message: '催办一下' })).statusCode,
      403,
    );
    assert.equal(
      (await community.post(`/api/supervision/orders/${created.id}/close`, { note: '结束' })).statusCode,
      403,
    );
    assert.equal(
      (await community.post('/api/supervision/orders', { matterId: m.id, deadline: at(HOUR), note: '督办' }))
        .statusCode,
      403,
    );

    assert.equal((await otherCommunity.get(`/api/supervision/orders/${created.id}`)).statusCode, 404);
    assert.equal(
      (await otherCommunity.post(`/api/supervision/orders/${created.id}/remind`, { message: '催办一下' })).statusCode,
      404,
    );
    assert.deepEqual((await otherCommunity.get('/api/supervision/orders')).json().items, []);
    assert.equal((await worker.get('/api/supervision/orders')).statusCode, 403, 'a grid worker has no list');
    assert.equal((await order(street, created.id)).reminders, 0, 'nothing sent');
  });

  test('bad input is refused with a 4xx and changes nothing', async () => {
    const m = await acceptedMatter();
    const before = await total();
    const bad: Array<[Record<string, unknown>, number]> = [
      [{ matterId: m.id, deadline: at(-HOUR), note: '督办' }, 400],
      [{ matterId: m.id, divisionId: wenhui, deadline: at(HOUR), note: '督办' }, 400],
      [{ department: 'no_such_dept', divisionId: wenhui, deadline: at(HOUR), note: '督办' }, 400],
      [{ divisionId: wenhui, deadline: at(HOUR), note: '督办' }, 400], // a street alone is not a community
      [{ department: 'urban_management', deadline: at(HOUR), note: '督办' }, 400],
      [{ matterId: m.id, deadline: 'tomorrow', note: '督办' }, 400],
      [{ matterId: m.id, deadline: at(HOUR), note: '' }, 400],
      [{ matterId: 99_999_999, deadline: at(HOUR), note: '督办' }, 404],
    ];
    for (const [body, status] of bad) {
      const res = await street.post('/api/supervision/orders', body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
      assert.ok(res.json().error.code);
    }
    assert.equal(await total(), before);
    const created = await supervise(m.id, HOUR);
    const twice = await street.post('/api/supervision/orders', { matterId: m.id, deadline: at(HOUR), note: '督办' });
    assert.equal(twice.statusCode, 409, 'one open order a matter');
    assert.equal(
      (await street.patch(`/api/supervision/orders/${created.id}`, { deadline: at(-HOUR) })).statusCode,
      400,
    );
    assert.equal((await street.patch(`/api/supervision/orders/${created.id}`, {})).statusCode, 400);
    assert.equal((await street.post(`/api/supervision/orders/${created.id}/close`, {})).statusCode, 400);
    assert.equal((await street.post(`/api/supervision/orders/${created.id}/remind`, { message: '' })).statusCode, 400);
    assert.equal(
      (await street.get('/api/supervision/counts?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z')).statusCode,
      400,
    );
    const unchanged = await order(street, created.id);
    assert.equal(unchanged.status, 'open');
    assert.equal(unchanged.reminders, 0);
    assert.equal(await total(), before + 1);
  });
});
