import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { percentileOf } from '../../src/modules/matters/daily-figures.ts';
import { MEASURES } from '../../src/modules/matters/repository-statistics.ts';
import { mulberry32 } from '../../src/modules/warnings/detect/scan.ts';
import { MATTER_KINDS } from '../../src/modules/matters/tables.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, categoryId, report } from '../support/matters.ts';
import { normal } from '../support/random.ts';
import { addUser } from '../support/users.ts';

type Figures = Record<string, number | null>;
interface View {
  total: Figures;
  rows: Array<{ key: string; figures: Figures }>;
}

/** Every counted figure (accepted_on_time → acceptedOnTime). */
const COUNTED = MEASURES.map((measure) => measure.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()));
const HOUR = 3_600_000;
const window = { from: '2026-06-01', to: '2026-12-31' };
/** The histogram bucket of a number of minutes (migration 0036). */
const bucketOf = (minutes: number) =>
  minutes < 1 ? 0 : Math.min(39, 1 + Math.floor(Math.log(minutes) / Math.log(1.4)));

async function statistics(client: Client, query: Record<string, string>): Promise<View> {
  const res = await client.get(`/api/matters/statistics?${new URLSearchParams({ ...window, ...query })}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/**
 * The statistics of whole communities and categories read kept daily figures (migration 0036);
 * with a filter they cannot answer (a kind) they count the matters themselves. The kinds
 * partition the matters, so the counted figures of all kinds add up to the kept ones.
 */
async function assertKeptAddUp(client: Client, groupBy: string, range: Record<string, string> = {}) {
  const kept = await statistics(client, { groupBy, ...range });
  const counted = await Promise.all(MATTER_KINDS.map((kind) => statistics(client, { groupBy, kind, ...range })));
  const sumOf = (key: string | null, field: string) =>
    counted.reduce((n, view) => {
      const figures = key === null ? view.total : view.rows.find((r) => r.key === key)?.figures;
      return n + Number(figures?.[field] ?? 0);
    }, 0);
  for (const field of COUNTED) {
    assert.equal(kept.total[field], sumOf(null, field), `${groupBy}: total ${field}`);
    for (const row of kept.rows)
      assert.equal(row.figures[field], sumOf(row.key, field), `${groupBy} ${row.key}: ${field}`);
  }
  return kept;
}

describe('kept daily figures', () => {
  let t: TestApp;
  let admin: Client;

  before(async () => {
    t = await startTestApp({ SESSION_TTL_HOURS: String(24 * 30) });
    admin = await t.login('admin');
    const resident = await t.login('resident_demo');
    const building = (await admin.get('/api/org/buildings?limit=1')).json().items[0];
    const where = { lat: building.lat as number, lng: building.lng as number, address: building.address as string };
    // Changes of every kind the figures follow: taken up, resolved late, rated, reopened, merged, rejected.
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      t.clock.advance(5 * HOUR);
      const code = i % 2 ? 'event.environment.exposed_garbage' : 'event.construction.noise';
      const res = await report(resident, code, where, { description: `测试日汇总 ${i}：路边堆放` });
      assert.equal(res.statusCode, 201, res.body);
      ids.push(res.json().id);
    }
    const ok = (res: { statusCode: number; body: string }) => assert.ok(res.statusCode < 300, res.body);
    for (const id of ids.slice(0, 4)) ok(await admin.post(`/api/matters/${id}/accept`, { note: '' }));
    t.clock.advance(30 * HOUR);
    for (const id of ids.slice(0, 3)) {
      ok(await admin.post(`/api/matters/${id}/start`, { note: '' }));
      ok(await admin.post(`/api/matters/${id}/resolve`, { note: '已处理', photos: [] }));
    }
    ok(await resident.post(`/api/matters/${ids[0]}/rate`, { rating: 5, comment: '' }));
    ok(await resident.post(`/api/matters/${ids[1]}/rate`, { rating: 2, comment: '' }));
    ok(await resident.post(`/api/matters/${ids[2]}/reopen`, { reason: '复发' }));
    ok(await admin.post(`/api/matters/${ids[4]}/merge`, { intoId: ids[5], note: '同一处' }));
    ok(await admin.post(`/api/matters/${ids[5]}/reject`, { reason: '不属于受理范围' }));
    // Past the resolve deadlines of those left open.
    t.clock.advance(10 * 24 * HOUR);
    await t.services.matters.runDeadlines(t.clock.now());
  });

  after(() => t?.close());

  test('the kept figures count what the matters count, by day, week, month, quarter, community, street and category', async () => {
    // Grouped by month or quarter, or by area or category over June to December, the months
    // before today are read from the monthly figures (migration 0037), the days after from the daily.
    for (const groupBy of ['day', 'week', 'month', 'quarter', 'community', 'street', 'category']) {
      const kept = await assertKeptAddUp(admin, groupBy);
      assert.ok(Number(kept.total.received) > 6, 'the demo matters and the new ones are counted');
      assert.ok(Number(kept.total.resolved) > 0 && Number(kept.total.overdue) > 0, JSON.stringify(kept.total));
    }
    // A window that starts and ends within months: its edges are days, its middle months.
    for (const groupBy of ['none', 'month', 'category'])
      await assertKeptAddUp(admin, groupBy, { from: '2026-07-17', to: '2026-11-25' });
  });

  test('a matter escalated for missing its deadline stays 超期 and is not resolved on time at the next level', async () => {
    const resident = await t.login('resident_demo');
    const before = (await statistics(admin, {})).total;
    const building = (await admin.get('/api/org/buildings?limit=1')).json().items[0];
    const res = await report(
      resident,
      'event.environment.exposed_garbage',
      { lat: building.lat, lng: building.lng, address: building.address },
      { description: '测试超期：垃圾堆放未清' },
    );
    const id = res.json().id as number;
    assert.equal((await admin.post(`/api/matters/${id}/accept`, { note: '' })).statusCode, 200);
    const due = Date.parse((await admin.get(`/api/matters/${id}`)).json().dueAt);
    // Past the deadline: the scheduler escalates it with a fresh clock at the next level …
    t.clock.set(new Date(due + HOUR));
    await t.services.matters.runDeadlines(t.clock.now());
    const escalated = (await admin.get(`/api/matters/${id}`)).json();
    assert.equal(escalated.status, 'escalated');
    assert.ok(Date.parse(escalated.dueAt) > t.clock.now().getTime(), 'a new deadline');
    // … where it is taken up and resolved well within the new one.
    for (const step of ['accept', 'start'])
      assert.equal((await admin.post(`/api/matters/${id}/${step}`, { note: '' })).statusCode, 200, step);
    const resolved = await admin.post(`/api/matters/${id}/resolve`, { note: '已清理', photos: [] });
    assert.equal(resolved.statusCode, 200, resolved.body);
    const now = (await assertKeptAddUp(admin, 'day')).total;
    assert.equal(Number(now.resolved) - Number(before.resolved), 1);
    assert.equal(now.resolvedOnTime, before.resolvedOnTime, 'late at its first level, so not on time');
    assert.equal(Number(now.overdue) - Number(before.overdue), 1, 'its missed deadline still counts');
  });

  test('returns and granted extensions are counted once per matter from their kept events, which follow the matter', async () => {
    const ix = await demoIndex(admin);
    const city = await addUser(t, 'desk_city_figures', [
      { role: 'dept_staff', divisionId: ix.division('文晖街道').id, gridId: null, department: 'urban_management' },
    ]);
    const resident = await t.login('resident_demo');
    const home = await buildingPoint(admin, '打铁关小区1幢');
    const ok = (res: { statusCode: number; body: string }) => assert.ok(res.statusCode < 300, res.body);
    const toDepartment = async () => {
      const m = (await report(resident, 'event.street_order.hawkers', home)).json();
      ok(await admin.post(`/api/matters/${m.id}/escalate`, { reason: '网格无法处理' }));
      ok(await admin.post(`/api/matters/${m.id}/escalate`, { reason: '社区无执法权' }));
      ok(await admin.post(`/api/matters/${m.id}/escalate`, { reason: '请部门处置', department: 'urban_management' }));
      return m.id as number;
    };
    const before = (await statistics(admin, {})).total;
    // Returned by the department twice (sent up again in between): one matter returned.
    const returned = await toDepartment();
    ok(await city.post(`/api/matters/${returned}/return`, { reason: '不属于本部门职责' }));
    ok(await admin.post(`/api/matters/${returned}/escalate`, { reason: '请部门处置', department: 'urban_management' }));
    ok(await city.post(`/api/matters/${returned}/return`, { reason: '仍不属于本部门职责' }));
    // Given more time twice and refused once: one matter extended.
    const extended = await toDepartment();
    ok(await city.post(`/api/matters/${extended}/accept`, { note: '' }));
    ok(await city.post(`/api/matters/${extended}/start`, { note: '' }));
    for (const verdict of ['grant', 'refuse', 'grant']) {
      const due = Date.parse((await admin.get(`/api/matters/${extended}`)).json().dueAt);
      const asked = await city.post(`/api/matters/${extended}/extensions`, {
        until: new Date(due + 48 * HOUR).toISOString(),
        reason: '需协调执法车辆',
      });
      ok(asked);
      ok(
        await admin.post(`/api/matters/${extended}/extensions/${asked.json().extensions.at(-1).id}/${verdict}`, {
          note: '',
        }),
      );
    }
    const after = await assertKeptAddUp(admin, 'category');
    assert.equal(Number(after.total.returned) - Number(before.returned), 1);
    assert.equal(Number(after.total.extended) - Number(before.extended), 1);

    // A data correction moves both matters to another category: their events follow them.
    const noise = await categoryId(admin, 'event.construction.noise');
    await t.services.database.db
      .updateTable('matters.matters')
      .set({ category_id: noise })
      .where('id', 'in', [returned, extended])
      .execute();
    const moved = await assertKeptAddUp(admin, 'category');
    // From the street-order group to the construction one (the rows are top-level categories).
    for (const field of ['returned', 'extended']) {
      const change = (key: string) =>
        Number(moved.rows.find((r) => r.key === key)?.figures[field] ?? 0) -
        Number(after.rows.find((r) => r.key === key)?.figures[field] ?? 0);
      const keys = [...new Set([...moved.rows, ...after.rows].map((r) => r.key))];
      assert.deepEqual(
        keys
          .map(change)
          .filter((n) => n !== 0)
          .sort(),
        [-1, 1],
        field,
      );
    }
  });

  test('medians read off the histograms lie within their bucket of the exact ones', async () => {
    const kept = await statistics(admin, {});
    // Every matter resolved in the window, from the list the count opens.
    const query = new URLSearchParams({
      measure: 'resolved',
      measureFrom: new Date(`${window.from}T00:00:00+08:00`).toISOString(),
      measureTo: new Date('2027-01-01T00:00:00+08:00').toISOString(),
      limit: '200',
    });
    const items = (await admin.get(`/api/matters?${query}`)).json().items as Array<{
      createdAt: string;
      resolvedAt: string;
    }>;
    assert.equal(items.length, kept.total.resolved);
    const minutes = items
      .map((m) => (Date.parse(m.resolvedAt) - Date.parse(m.createdAt)) / 60_000)
      .sort((a, b) => a - b);
    const exact = (q: number) => {
      const at = q * (minutes.length - 1);
      const lo = Math.floor(at);
      return minutes[lo]! + (minutes[Math.min(lo + 1, minutes.length - 1)]! - minutes[lo]!) * (at - lo);
    };
    for (const [field, q] of [
      ['resolveMedianMinutes', 0.5],
      ['resolveP90Minutes', 0.9],
    ] as const) {
      // In the exact value's bucket, or next to it where the rank falls between two buckets.
      const distance = Math.abs(bucketOf(Number(kept.total[field])) - bucketOf(exact(q)));
      assert.ok(distance <= 1, `${field}: kept ${kept.total[field]}, exact ${exact(q)}`);
    }
  });

  test('another TIME_ZONE and STATS_REPEAT_DAYS rebuild the kept figures before they are read', async () => {
    // Thirteen hours behind Shanghai: most of the demo's matters fall on other local days.
    const other = await startTestApp({ TIME_ZONE: 'America/New_York', STATS_REPEAT_DAYS: '1' });
    let repeatsWithinADay = Number.NaN;
    try {
      const otherAdmin = await other.login('admin');
      for (const groupBy of ['day', 'month', 'community'])
        repeatsWithinADay = Number((await assertKeptAddUp(otherAdmin, groupBy)).total.repeat);
    } finally {
      await other.close();
    }
    const repeats = (await statistics(admin, {})).total.repeat;
    assert.ok(Number(repeats) > repeatsWithinADay, `repeats within 30 days ${repeats}, within 1 ${repeatsWithinADay}`);
  });

  test('a percentile read off a histogram is close to the exact one of its values', () => {
    const rnd = mulberry32(7);
    for (const n of [1, 2, 5, 40, 1000]) {
      const values = Array.from({ length: n }, () => Math.exp(Math.log(600) + 1.5 * normal(rnd))).sort((a, b) => a - b);
      const histogram = new Array(40).fill(0) as number[];
      for (const v of values) histogram[bucketOf(v)]! += 1;
      for (const q of [0.5, 0.9]) {
        const at = q * (n - 1);
        const lo = Math.floor(at);
        const exact = values[lo]! + (values[Math.min(lo + 1, n - 1)]! - values[lo]!) * (at - lo);
        const ratio = percentileOf(histogram, q)! / exact;
        // Within a bucket's width; for many values within a few per cent.
        assert.ok(ratio > 1 / 1.4 && ratio < 1.4, `n ${n}, q ${q}: ${percentileOf(histogram, q)} vs ${exact}`);
        if (n >= 1000) assert.ok(Math.abs(ratio - 1) < 0.05, `n ${n}, q ${q}: ${ratio}`);
      }
    }
    assert.equal(percentileOf(new Array(40).fill(0), 0.5), null);
  });
});
