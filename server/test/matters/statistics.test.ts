import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MEASURES } from '../../src/modules/matters/repository-statistics.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { categoryId } from '../support/matters.ts';
import { addUser } from '../support/users.ts';

type Figures = Record<string, number | null>;
interface Row {
  key: string;
  label: string;
  measureFrom: string;
  measureTo: string;
  drill: Record<string, string>;
  figures: Figures;
}
interface View {
  measureFrom: string;
  measureTo: string;
  drill: Record<string, string>;
  total: Figures;
  rows: Row[];
  previous: { from: string; to: string; figures: Figures } | null;
}

/** The field of the figures that counts a measure (accepted_on_time → acceptedOnTime). */
const fieldOf = (measure: string) => measure.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A small seeded random source (mulberry32), so a failure can be replayed from its seed. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOUR = 3_600_000;

/**
 * Matter statistics (issue 15, Done-when 1): over generated work — reports at random places and
 * times, taken up, resolved late or on time, rated, returned, given more time, escalated to a
 * department — every count of every grouping, for every role's area, equals the total of the
 * matter list it opens.
 */
describe('matter statistics', () => {
  let t: TestApp;
  let admin: Client;
  const seed = Number(process.env.STATS_SEED ?? 20261206);
  const from = '2026-11-01';
  const to = '2026-12-31';

  before(async () => {
    // Sessions outlast a matter's steps, days apart on the test clock.
    t = await startTestApp({ SESSION_TTL_HOURS: String(24 * 30) });
    admin = await t.login('admin');
    const ix = await demoIndex(admin);
    let resident = await t.login('resident_demo');
    let city = await addUser(t, 'city_stats', [
      { role: 'dept_staff', divisionId: ix.division('文晖街道').id, gridId: null, department: 'urban_management' },
    ]);
    const buildings = (await admin.get('/api/org/buildings?limit=100')).json().items as Array<{
      lat: number;
      lng: number;
      address: string;
    }>;
    const categories = await Promise.all(
      ['event.street_order.hawkers', 'event.environment.exposed_garbage', 'event.construction.noise'].map((code) =>
        categoryId(admin, code),
      ),
    );
    const usable = categories;
    assert.ok(buildings.length > 0);
    const rnd = random(seed);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
    const ok = (res: { statusCode: number; body: string }, what: string) =>
      assert.ok(res.statusCode < 300, `${what}: ${res.statusCode} ${res.body} (seed ${seed})`);

    // About five weeks of work from TEST_START (20 November), ending before the year does.
    for (let i = 0; i < 30; i++) {
      t.clock.advance(Math.floor(rnd() * 10 * HOUR));
      await t.services.jobs.runScheduled('supervision.cards');
      // Fresh sessions now and then: the generated weeks outlast one.
      if (i % 10 === 9) {
        admin = await t.login('admin');
        resident = await t.login('resident_demo');
        city = await t.login('city_stats');
      }
      // Some reports land on the same building and category as an earlier one: repeats.
      const where = i > 3 && rnd() < 0.25 ? buildings[0]! : pick(buildings);
      const res = await resident.post('/api/matters', {
        categoryId: rnd() < 0.5 ? usable[0] : pick(usable),
        description: `生成的事项 ${i}：路边乱堆放`,
        lat: where.lat,
        lng: where.lng,
        address: where.address,
      });
      ok(res, 'report');
      const id = res.json().id as number;
      const fate = rnd();
      if (fate < 0.1) continue; // left waiting
      t.clock.advance(Math.floor(rnd() * 3 * HOUR));
      if (fate < 0.3) {
        // Up to 城管 in 文晖街道 (where it lies there), which may return it or ask for time.
        ok(await admin.post(`/api/matters/${id}/escalate`, { reason: '网格无法处理' }), 'escalate');
        ok(await admin.post(`/api/matters/${id}/escalate`, { reason: '社区无执法权' }), 'escalate');
        const up = await admin.post(`/api/matters/${id}/escalate`, {
          reason: '请部门处置',
          department: 'urban_management',
        });
        ok(up, 'escalate to a department');
        t.clock.advance(Math.floor(rnd() * 4 * HOUR));
        if (rnd() < 0.5) {
          // 城管 of 文晖街道 returns what lies in its street; elsewhere the matter stays with the department.
          const back = await city.post(`/api/matters/${id}/return`, { reason: '不属于本部门职责' });
          if (back.statusCode !== 404) ok(back, 'return by the department');
          continue;
        }
        // 城管 of 文晖街道 takes up what lies in its street and may ask the sender (admin) for time.
        const handler = (await city.get(`/api/matters/${id}`)).statusCode === 200 ? city : admin;
        ok(await handler.post(`/api/matters/${id}/accept`, { note: '' }), 'accept at the department');
        ok(await handler.post(`/api/matters/${id}/start`, { note: '' }), 'start');
        const detail = (await admin.get(`/api/matters/${id}`)).json();
        if (handler === city && detail.dueAt) {
          const until = new Date(Date.parse(detail.dueAt) + 48 * HOUR).toISOString();
          const asked = await city.post(`/api/matters/${id}/extensions`, { until, reason: '需协调执法车辆' });
          ok(asked, 'ask for time');
          const extension = asked.json().extensions.at(-1).id as number;
          const verdict = rnd() < 0.6 ? 'grant' : 'refuse';
          ok(await admin.post(`/api/matters/${id}/extensions/${extension}/${verdict}`, { note: '' }), verdict);
        }
        continue;
      }
      ok(await admin.post(`/api/matters/${id}/accept`, { note: '' }), 'accept');
      if (fate < 0.4) {
        // Taken up and left: most are put under supervision (督办), whose cards the clock turns yellow or red.
        if (rnd() < 0.8) {
          const deadline = new Date(t.clock.now().getTime() + (1 + Math.floor(rnd() * 20)) * HOUR).toISOString();
          ok(await admin.post('/api/supervision/orders', { matterId: id, deadline, note: '请加快处置' }), 'supervise');
        }
        continue;
      }
      t.clock.advance(Math.floor(rnd() * 4 * HOUR));
      ok(await admin.post(`/api/matters/${id}/start`, { note: '' }), 'start');
      // Resolved within its deadline or past it.
      t.clock.advance(Math.floor(rnd() * 30 * HOUR));
      ok(await admin.post(`/api/matters/${id}/resolve`, { note: '已清理', photos: [] }), 'resolve');
      if (fate < 0.7) {
        t.clock.advance(Math.floor(rnd() * 8 * HOUR));
        ok(await resident.post(`/api/matters/${id}/rate`, { rating: 1 + Math.floor(rnd() * 5), comment: '' }), 'rate');
      } else if (fate < 0.85) {
        t.clock.advance(HOUR);
        ok(await admin.post(`/api/matters/${id}/close`, { note: '' }), 'close');
      }
    }
    // Deadlines pass and are marked, as the scheduler would.
    t.clock.advance(72 * HOUR);
    await t.services.matters.runDeadlines(t.clock.now());
    await t.services.jobs.runScheduled('supervision.cards');
    // Supervision's events reach the matters, as the queue would deliver them.
    await t.services.jobs.drain();
  });

  after(() => t?.close());

  /** The total of the matter list a count opens. */
  async function listTotal(
    client: Client,
    measure: string,
    window: { measureFrom: string; measureTo: string },
    drill: Record<string, string>,
  ) {
    const query = new URLSearchParams({
      ...drill,
      measure,
      measureFrom: window.measureFrom,
      measureTo: window.measureTo,
      withTotal: 'true',
      limit: '1',
    });
    const res = await client.get(`/api/matters?${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().total as number;
  }

  const ROLES = ['admin', 'street_wenhui', 'community_datieguan', 'grid_datieguan_01', 'city_stats'] as const;
  const GROUPINGS = [
    'none',
    'week',
    'month',
    'street',
    'community',
    'grid',
    'category',
    'source',
    'department',
  ] as const;

  test('every count, of every grouping and every role’s area, equals the total of the list it opens', async () => {
    let compared = 0;
    let nonZero = 0;
    for (const username of ROLES) {
      const client = username === 'city_stats' ? await t.login('city_stats') : await t.login(username);
      for (const groupBy of GROUPINGS) {
        const res = await client.get(`/api/matters/statistics?from=${from}&to=${to}&groupBy=${groupBy}`);
        assert.equal(res.statusCode, 200, `${username} ${groupBy}: ${res.body}`);
        const view = res.json() as View;
        const cells: Array<{
          window: { measureFrom: string; measureTo: string };
          drill: Record<string, string>;
          figures: Figures;
          where: string;
        }> =
          groupBy === 'none'
            ? [{ window: view, drill: view.drill, figures: view.total, where: 'total' }]
            : view.rows.map((r) => ({ window: r, drill: r.drill, figures: r.figures, where: r.label }));
        for (const cell of cells) {
          for (const measure of MEASURES) {
            const count = cell.figures[fieldOf(measure)] as number;
            const total = await listTotal(client, measure, cell.window, cell.drill);
            assert.equal(total, count, `${username} by ${groupBy}, ${cell.where}: ${measure} (seed ${seed})`);
            compared++;
            if (count > 0) nonZero++;
          }
        }
      }
    }
    // The property is worth something only if the generated work filled the figures.
    assert.ok(compared > 500 && nonZero > 150, `${compared} compared, ${nonZero} not zero`);
    const total = ((await admin.get(`/api/matters/statistics?from=${from}&to=${to}`)).json() as View).total;
    assert.ok(Number(total.returned) > 0 && Number(total.extended) > 0, JSON.stringify(total));
  });

  test('the rows of a grouping add up to the total, and rates are their counts divided', async () => {
    const total = ((await admin.get(`/api/matters/statistics?from=${from}&to=${to}`)).json() as View).total;
    for (const groupBy of ['week', 'community', 'category', 'source'] as const) {
      const view = (await admin.get(`/api/matters/statistics?from=${from}&to=${to}&groupBy=${groupBy}`)).json() as View;
      for (const field of ['received', 'resolved', 'overdue', 'rated']) {
        const sum = view.rows.reduce((n, r) => n + (r.figures[field] as number), 0);
        assert.equal(sum, total[field], `${groupBy}: ${field}`);
      }
    }
    assert.ok((total.received as number) > 0);
    // The generated work put matters under supervision, and the clock carded some of them.
    assert.ok((total.supervised as number) > 0, 'supervised');
    assert.ok((total.supervisedYellow as number) + (total.supervisedRed as number) > 0, 'carded');
    assert.ok((total.supervisedYellow as number) + (total.supervisedRed as number) <= (total.supervised as number));
    assert.equal(total.resolutionRate, (total.resolved as number) / (total.received as number));
    if ((total.rated as number) > 0)
      assert.equal(total.satisfactionRate, (total.satisfied as number) / (total.rated as number));
    assert.ok(total.resolveMedianMinutes === null || (total.resolveMedianMinutes as number) > 0);
    assert.ok(
      total.resolveP90Minutes === null || (total.resolveP90Minutes as number) >= (total.resolveMedianMinutes as number),
    );
  });

  test('环比 and 同比 are the figures of the period before and of a year earlier', async () => {
    const month = (
      await admin.get('/api/matters/statistics?from=2026-12-01&to=2026-12-31&compare=previous')
    ).json() as View;
    assert.deepEqual([month.previous?.from, month.previous?.to], ['2026-10-31', '2026-11-30']);
    const november = (await admin.get('/api/matters/statistics?from=2026-10-31&to=2026-11-30')).json() as View;
    assert.deepEqual(month.previous?.figures, november.total);
    const year = (await admin.get('/api/matters/statistics?from=2026-11-01&to=2026-11-30&compare=year')).json() as View;
    assert.deepEqual([year.previous?.from, year.previous?.to], ['2025-11-01', '2025-11-30']);
  });

  test('a grid worker counts only their grid; a department only its matters; a resident nothing', async () => {
    const all = ((await admin.get(`/api/matters/statistics?from=${from}&to=${to}`)).json() as View).total;
    const grid = (
      (await (await t.login('grid_datieguan_01')).get(`/api/matters/statistics?from=${from}&to=${to}`)).json() as View
    ).total;
    assert.ok((grid.received as number) < (all.received as number));
    const resident = await t.login('resident_demo');
    assert.equal((await resident.get(`/api/matters/statistics?from=${from}&to=${to}`)).statusCode, 403);
  });

  test('bad requests are refused with 400', async () => {
    for (const query of [
      `from=${to}&to=${from}`,
      'from=2026-02-30&to=2026-03-01',
      'from=2020-01-01&to=2026-01-01',
      `from=${from}&to=${to}&groupBy=hour`,
      `from=${from}&to=${to}&source=DROP%20TABLE`,
      `to=${to}`,
    ]) {
      const res = await admin.get(`/api/matters/statistics?${query}`);
      assert.equal(res.statusCode, 400, `${query}: ${res.body}`);
    }
    const half = await admin.get('/api/matters?measure=received&measureFrom=2026-11-01T00:00:00Z');
    assert.equal(half.statusCode, 400, half.body);
  });
});
