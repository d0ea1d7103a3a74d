import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { extractText, getDocumentProxy } from 'unpdf';
import { demoIndex } from '../support/demo.ts';
import { loadConfig } from '../../src/config.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';
import { addUser } from '../support/users.ts';

const HOUR = 3_600_000;
const MONTH = '2026-11';

interface Report {
  id: number;
  divisionId: number;
  unitName: string;
  unitKind: string;
  month: string;
  version: number;
  status: string;
  trigger: string;
  headline: Array<{ key: string; value: number | null }> | null;
  pdfBytes: number | null;
  pdfNote: string | null;
  failure: string | null;
  durationMs: number | null;
  supersededAt: string | null;
}

/** The raw values the HTML carries beside what it prints: data-figure="key" data-value="…". */
function htmlFigures(html: string): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const m of html.matchAll(/data-figure="(\w+)" data-value="([^"]*)"/g))
    out[m[1]!] = m[2] === '' ? null : Number(m[2]);
  return out;
}

/** A table's rows as printed: the cells of each <tr data-<kind>="id">. */
function htmlRows(html: string, kind: string): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const m of html.matchAll(new RegExp(`<tr data-${kind}="([^"]+)">(.*?)</tr>`, 'g')))
    rows.set(
      m[1]!,
      [...m[2]!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]!),
    );
  return rows;
}

/**
 * Monthly reports (月度通报, issue 15) on a real database with the test clock: November's work is
 * generated, the clock moves to the night of 1 December, and the scheduled job makes every
 * street's and district's report of November; its figures are the statistics API's; the PDF is a
 * PDF with the text in it and the CJK font embedded; generating again versions; scope and input.
 */
describe('monthly reports', () => {
  let t: TestApp;
  let admin: Client;
  let street: Client;
  let community: Client;
  let otherCommunity: Client;
  let wenhui: number;
  let district: number;
  let wenhuiReport: Report;

  const reportsOf = async (client: Client, query = '') => {
    const res = await client.get(`/api/reports?limit=200${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items as Report[];
  };
  const countAll = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('reports.reports')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  before(async () => {
    t = await startTestApp({ SESSION_TTL_HOURS: '720' });
    admin = await t.login('admin');
    street = await t.login('street_wenhui');
    community = await t.login('community_datieguan');
    const worker = await t.login('grid_datieguan_01');
    const resident = await t.login('resident_demo');
    const ix = await demoIndex(admin);
    wenhui = ix.division('文晖街道').id;
    district = ix.tree.divisions.find((d) => d.id === ix.tree.divisions.find((x) => x.id === wenhui)!.parentId)!.id;
    const changqing = ix.division('长庆街道').id;
    const changqingCommunity = ix.tree.divisions.find((d) => d.parentId === changqing)!;
    otherCommunity = await addUser(t, 'community_reports_other', [
      { role: 'community_admin', divisionId: changqingCommunity.id, gridId: null },
    ]);

    // November's work in 文晖街道 from TEST_START (20 November): reports, some taken up and
    // resolved, on time or late, some rated.
    const home = await buildingPoint(admin, '打铁关小区1幢');
    const codes = ['event.street_order.hawkers', 'event.environment.exposed_garbage', 'event.construction.noise'];
    for (let i = 0; i < 12; i++) {
      t.clock.advance(7 * HOUR);
      const res = await report(resident, codes[i % codes.length]!, home);
      assert.equal(res.statusCode, 201, res.body);
      const id = res.json().id as number;
      if (i % 4 === 3) continue;
      assert.equal((await worker.post(`/api/matters/${id}/accept`, {})).statusCode, 200);
      if (i % 4 === 2) continue;
      assert.equal((await worker.post(`/api/matters/${id}/start`, {})).statusCode, 200);
      t.clock.advance((i % 3) * 20 * HOUR);
      const resolved = await worker.post(`/api/matters/${id}/resolve`, { note: '已处理完毕' });
      assert.equal(resolved.statusCode, 200, resolved.body);
      if (i % 2 === 0) {
        const rated = await resident.post(`/api/matters/${id}/rate`, { rating: i % 4 === 0 ? 5 : 2 });
        assert.ok(rated.statusCode < 300, rated.body);
      }
    }
    assert.ok(t.clock.now().toISOString() < '2026-11-30T16:00:00Z', 'the work stays in November');
  });
  after(() => t.close());

  test('the job on 1 December makes November’s report of every street and district, once', async () => {
    // 01:20 on 1 December, Beijing time.
    t.clock.set(new Date('2026-11-30T17:20:00Z'));
    await t.services.jobs.runScheduled('reports.monthly');
    await t.services.jobs.drain();
    const all = await reportsOf(admin, `&month=${MONTH}`);
    assert.ok(all.length >= 2);
    assert.ok(
      all.every((r) => r.status === 'done' && r.trigger === 'schedule' && r.version === 1),
      JSON.stringify(all),
    );
    assert.ok(all.some((r) => r.unitKind === 'district' && r.divisionId === district));
    wenhuiReport = all.find((r) => r.divisionId === wenhui)!;
    assert.ok(wenhuiReport, 'the street has its report');
    assert.ok(wenhuiReport.pdfBytes! > 0);
    const districtReport = all.find((r) => r.divisionId === district)!;
    console.log(
      `generation: street ${wenhuiReport.durationMs} ms, district ${districtReport.durationMs} ms (PGlite or PostgreSQL as run)`,
    );
    assert.ok(districtReport.durationMs! < 30_000, 'a district month within 30 s');

    const before = await countAll();
    await t.services.jobs.runScheduled('reports.monthly');
    await t.services.jobs.drain();
    assert.equal(await countAll(), before, 'run again (or the next morning), it makes nothing twice');
  });

  test('the HTML’s figures are the statistics API’s for the same street and month', async () => {
    const res = await street.get(`/api/reports/${wenhuiReport.id}/html`);
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /text\/html/);
    const html = res.body;
    assert.match(html, /文晖街道2026年11月基层治理月度通报/);
    assert.ok((html.match(/<svg/g) ?? []).length >= 3, 'the charts are inline SVG');
    assert.ok(!/<script/i.test(html), 'no script in the document');

    const stats = (await street.get(`/api/matters/statistics?from=2026-11-01&to=2026-11-30&areaId=${wenhui}`)).json();
    const previous = (
      await street.get(`/api/matters/statistics?from=2026-10-01&to=2026-10-31&areaId=${wenhui}`)
    ).json();
    assert.ok(stats.total.received >= 12, 'the generated work is counted');
    const printed = htmlFigures(html);
    for (const key of ['received', 'resolutionRate', 'onTimeRate', 'overdue', 'satisfactionRate', 'repeat'])
      assert.equal(printed[key], stats.total[key], key);
    assert.deepEqual(
      wenhuiReport.headline!.map((h) => [h.key, h.value]),
      Object.keys(printed).map((k) => [k, stats.total[k]]),
    );
    const view = (await street.get(`/api/reports/${wenhuiReport.id}`)).json() as Report & {
      headline: Array<{ key: string; previous: number | null }>;
    };
    for (const h of view.headline) assert.equal(h.previous, previous.total[h.key], `${h.key} of October (环比)`);

    // The table by community: each row's received and resolved as the statistics give them.
    const byCommunity = (
      await street.get(`/api/matters/statistics?from=2026-11-01&to=2026-11-30&areaId=${wenhui}&groupBy=community`)
    ).json();
    const rows = htmlRows(html, 'area');
    assert.equal(rows.size, byCommunity.rows.length);
    for (const r of byCommunity.rows) {
      const cells = rows.get(r.key);
      assert.ok(cells, `row of ${r.label}`);
      assert.equal(cells[0], r.label);
      assert.equal(Number(cells[1]), r.figures.received, `${r.label} received`);
      assert.equal(Number(cells[2]), r.figures.resolved, `${r.label} resolved`);
    }
  });

  // A machine without the CJK font (a fresh one, before `apt-get install fonts-noto-cjk`) makes no
  // PDF; the describe below checks what it does instead.
  const font = loadConfig({}).REPORT_FONT_PATH;
  test('the PDF is a PDF with the report’s text in it and the Chinese font embedded; downloads are audited', {
    skip: fs.existsSync(font) ? false : `no CJK font at ${font}`,
  }, async () => {
    const res = await street.get(`/api/reports/${wenhuiReport.id}/pdf`);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /filename\*=UTF-8''/);
    const bytes = res.rawPayload;
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal(bytes.length, wenhuiReport.pdfBytes);
    assert.match(bytes.toString('latin1'), /\/FontFile[23]?\b/, 'the font is embedded');
    assert.match(bytes.toString('latin1'), /NotoSansCJK/, 'the CJK font');
    // Read back with pdf.js (through unpdf), a library other than the writer (pdfkit).
    const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true });
    assert.ok(totalPages >= 1);
    const flat = text.replace(/\s+/g, '');
    for (const words of [
      '文晖街道2026年11月基层治理月度通报',
      '一、总体情况',
      '受理量',
      '办结率',
      '矛盾纠纷调解',
      '打铁关社区',
    ])
      assert.ok(flat.includes(words), `the PDF says ${words}`);
    const stats = (await street.get(`/api/matters/statistics?from=2026-11-01&to=2026-11-30&areaId=${wenhui}`)).json();
    assert.ok(flat.includes(`共受理各类事项${stats.total.received}件`), 'with the month’s count');

    const audit = (await street.get('/api/audit?action=report.download&limit=20')).json().items as Array<{
      action: string;
      entityId: string;
      details: { format: string };
    }>;
    const formats = audit.filter((a) => a.entityId === String(wenhuiReport.id)).map((a) => a.details.format);
    assert.ok(formats.includes('pdf') && formats.includes('html'), JSON.stringify(audit));
  });

  test('scope: a community reads its own street’s report, not another street’s; only street and district staff generate', async () => {
    const mine = await reportsOf(community, `&month=${MONTH}`);
    assert.ok(
      mine.some((r) => r.id === wenhuiReport.id),
      'its street’s report',
    );
    assert.ok(
      mine.every((r) => r.divisionId === wenhui || r.divisionId === district),
      JSON.stringify(mine),
    );
    assert.equal((await community.get(`/api/reports/${wenhuiReport.id}/html`)).statusCode, 200);

    const theirs = await reportsOf(otherCommunity, `&month=${MONTH}`);
    assert.ok(theirs.length > 0 && !theirs.some((r) => r.divisionId === wenhui), 'not 文晖’s');
    for (const path of ['', '/html', '/pdf'])
      assert.equal((await otherCommunity.get(`/api/reports/${wenhuiReport.id}${path}`)).statusCode, 404, path);

    const before = await countAll();
    const refused = await community.post('/api/reports', { divisionId: wenhui, month: MONTH });
    assert.equal(refused.statusCode, 403, refused.body);
    const elsewhere = await street.post('/api/reports', { divisionId: theirs[0]!.divisionId, month: MONTH });
    assert.equal(elsewhere.statusCode, 404, elsewhere.body);
    assert.equal(await countAll(), before);
    assert.equal((await t.anonymous().get('/api/reports')).statusCode, 401);
  });

  test('bad input is refused with 4xx and changes nothing', async () => {
    const before = await countAll();
    const communityId = community.me!.grants?.[0]?.divisionId ?? (await demoIndex(admin)).division('打铁关社区').id;
    const cases: Array<[unknown, number, RegExp | null]> = [
      [{ divisionId: wenhui, month: '2026-13' }, 400, /month/],
      [{ divisionId: wenhui, month: '2026-1' }, 400, /month/],
      [{ divisionId: wenhui }, 400, /month/],
      [{ divisionId: 'x', month: MONTH }, 400, /divisionId/],
      [{ divisionId: wenhui, month: '2026-12' }, 400, /尚未结束/],
      [{ divisionId: communityId, month: MONTH }, 400, /街道或区/],
      [{ divisionId: 2_000_000_000, month: MONTH }, 400, /divisionId/],
    ];
    for (const [body, status, message] of cases) {
      const res = await street.post('/api/reports', body);
      assert.equal(res.statusCode, status, `${JSON.stringify(body)}: ${res.body}`);
      if (message) assert.match(res.body, message, JSON.stringify(body));
    }
    for (const query of ['month=2026-00', 'divisionId=abc', 'unitKind=community', 'limit=0', 'status=lost'])
      assert.equal((await street.get(`/api/reports?${query}`)).statusCode, 400, query);
    assert.equal((await street.get('/api/reports/0')).statusCode, 400);
    assert.equal((await street.get('/api/reports/99999')).statusCode, 404);
    assert.equal(await countAll(), before);
  });

  test('generating again adds a version and keeps the first; one generation at a time', async () => {
    const first = await street.post('/api/reports', { divisionId: wenhui, month: MONTH });
    assert.equal(first.statusCode, 202, first.body);
    const queued = first.json() as Report;
    assert.equal(queued.status, 'queued');
    assert.equal(queued.version, 2);
    const twice = await street.post('/api/reports', { divisionId: wenhui, month: MONTH });
    assert.equal(twice.statusCode, 409, twice.body);
    assert.equal((await street.get(`/api/reports/${queued.id}/pdf`)).statusCode, 409, 'not ready yet');

    await t.services.jobs.drain();
    const done = (await street.get(`/api/reports/${queued.id}`)).json() as Report;
    assert.equal(done.status, 'done');
    const latest = await reportsOf(street, `&month=${MONTH}&divisionId=${wenhui}`);
    assert.deepEqual(
      latest.map((r) => r.version),
      [2],
      'the list shows the latest',
    );
    const every = await reportsOf(street, `&month=${MONTH}&divisionId=${wenhui}&allVersions=true`);
    assert.deepEqual(
      every.map((r) => [r.version, r.supersededAt !== null]),
      [
        [2, false],
        [1, true],
      ],
    );
    assert.equal((await street.get(`/api/reports/${wenhuiReport.id}/html`)).statusCode, 200, 'the first is kept');
  });
});

describe('monthly reports without a CJK font', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ REPORT_FONT_PATH: '/nonexistent/fonts/NotoSansCJK-Regular.ttc' });
  });
  after(() => t.close());

  test('the HTML is made, the PDF is refused with the reason, nothing crashes', async () => {
    const street = await t.login('street_wenhui');
    const wenhui = (await demoIndex(await t.login('admin'))).division('文晖街道').id;
    const res = await street.post('/api/reports', { divisionId: wenhui, month: '2026-10' });
    assert.equal(res.statusCode, 202, res.body);
    await t.services.jobs.drain();
    const done = (await street.get(`/api/reports/${res.json().id}`)).json() as Report;
    assert.equal(done.status, 'done', JSON.stringify(done));
    assert.equal(done.pdfBytes, null);
    assert.match(done.pdfNote!, /REPORT_FONT_PATH/);
    assert.equal((await street.get(`/api/reports/${done.id}/html`)).statusCode, 200);
    const pdf = await street.get(`/api/reports/${done.id}/pdf`);
    assert.equal(pdf.statusCode, 409, pdf.body);
    assert.match(pdf.body, /没有 PDF.*REPORT_FONT_PATH/);
  });
});
