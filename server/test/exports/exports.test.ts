import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import readXlsxFile from 'read-excel-file/node';
import { withIdCheckDigit } from '../../src/platform/personal-data.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { localMinute } from '../support/spreadsheet.ts';

/**
 * Exports (导出) through the API on the real database: the spreadsheet is read back with
 * read-excel-file, a different reader than exceljs that writes it, and compared with the list
 * the same caller gets from the list endpoint.
 */
describe('exports: lists to Excel in the background, masked, audited, own only', () => {
  let t: TestApp;
  let f: Factories;
  let admin: Client;
  let dataDir: string;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-exports-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    f = await factories(t);
    admin = f.admin;
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Every item of a list, page by page, as the caller sees it. */
  const listAll = async (as: Client, url: string) => {
    const items: Record<string, any>[] = [];
    let cursor: string | null = null;
    do {
      const sep = url.includes('?') ? '&' : '?';
      const res = await as.get(`${url}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      const page = res.json();
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  };

  const exportAndWait = async (as: Client, kind: string, filters: Record<string, unknown>) => {
    const res = await as.post('/api/exports', { kind, filters });
    assert.equal(res.statusCode, 202, res.body);
    const job = res.json();
    assert.equal(job.status, 'queued');
    await t.services.jobs.drain();
    const done = (await as.get(`/api/exports/${job.id}`)).json();
    assert.equal(done.status, 'done', JSON.stringify(done));
    return done;
  };

  const download = async (as: Client, id: number) => {
    const res = await as.get(`/api/exports/${id}/file`);
    assert.equal(res.statusCode, 200, res.body);
    const [sheet] = await readXlsxFile(res.rawPayload);
    return { res, rows: sheet!.data as (string | number | null)[][] };
  };

  const local = localMinute;

  test('the matter list with a filter: the same rows and cells as the list API, audited, downloadable by its owner only', async () => {
    const query = 'queue=all&kind=report';
    const listed = await listAll(admin, `/api/matters?${query}`);
    const everything = await listAll(admin, '/api/matters?queue=all');
    assert.ok(listed.length > 0, 'the seeded data has reported matters');
    assert.ok(listed.length < everything.length, 'the filter leaves some matters out');

    const job = await exportAndWait(admin, 'matters', { queue: 'all', kind: 'report' });
    assert.equal(job.rowsWritten, listed.length);
    assert.equal(job.rowsTotal, listed.length);
    assert.ok(job.expiresAt && job.fileBytes > 0);

    const { res, rows } = await download(admin, job.id);
    assert.match(res.headers['content-type'] as string, /spreadsheetml/);
    const disposition = res.headers['content-disposition'] as string;
    assert.match(disposition, /^attachment; filename="export-\d+\.xlsx"; filename\*=UTF-8''/);
    assert.equal(
      decodeURIComponent(disposition.split("UTF-8''")[1]!),
      job.fileName,
      'the Chinese file name, RFC 5987-encoded',
    );
    assert.match(job.fileName, /^事件列表_\d{8}-\d{4}\.xlsx$/);

    const [header, ...body] = rows;
    const col = (name: string) => {
      const at = header!.indexOf(name);
      assert.ok(at >= 0, `column ${name}`);
      return at;
    };
    assert.equal(body.length, listed.length);
    for (const [i, m] of listed.entries()) {
      const row = body[i]!;
      assert.equal(row[col('编号')], m.code);
      assert.equal(row[col('类别')], m.category.name);
      assert.equal(row[col('类型')], '问题上报');
      assert.equal(row[col('描述')], m.description);
      assert.equal(row[col('地址')], m.address || null);
      assert.equal(row[col('社区')], m.community?.name ?? null);
      assert.equal(row[col('网格')], m.grid?.name ?? null);
      assert.equal(row[col('承办人')], m.assignee?.name ?? null);
      assert.equal(row[col('上报人')], m.reporter?.name ?? null);
      assert.equal(row[col('上报时间')], local(m.createdAt));
      assert.equal(row[col('办结时限')], local(m.dueAt));
      assert.equal(row[col('评价')], m.rating);
    }

    // Audited: who asked, for which list with which filters, how many rows; and the download.
    const audit = await listAll(admin, `/api/audit?entityType=export&entityId=${job.id}`);
    const created = audit.find((a) => a.action === 'export.create');
    const written = audit.find((a) => a.action === 'export.done');
    const downloaded = audit.find((a) => a.action === 'export.download');
    assert.equal(created?.actorName, 'admin');
    assert.deepEqual(created?.details.filters, { queue: 'all', kind: 'report' });
    assert.equal(created?.details.kind, 'matters');
    assert.equal(written?.details.rows, listed.length);
    assert.ok(downloaded);

    // Another user sees neither the export nor its file, and their own list does not hold it.
    const other = await t.login('street_wenhui');
    assert.equal((await other.get(`/api/exports/${job.id}`)).statusCode, 404);
    assert.equal((await other.get(`/api/exports/${job.id}/file`)).statusCode, 404);
    assert.ok(!(await listAll(other, '/api/exports')).some((e) => e.id === job.id));
    assert.ok((await listAll(admin, '/api/exports')).some((e) => e.id === job.id));
  });

  test('a statistics table: its rows, total and compared period as the statistics API gives them, in the caller’s area', async () => {
    const filters = { from: '2026-11-01', to: '2026-11-30', groupBy: 'community', compare: 'previous' };
    const query = new URLSearchParams(filters).toString();
    const street = await t.login('street_wenhui');
    const seen: number[] = [];
    for (const as of [admin, street]) {
      const view = (await as.get(`/api/matters/statistics?${query}`)).json();
      assert.ok(view.total.received > 0, 'the seeded matters fall in the month');
      seen.push(view.rows.length);

      const job = await exportAndWait(as, 'matter-statistics', filters);
      const { rows } = await download(as, job.id);
      const [header, ...body] = rows;
      const col = (name: string) => {
        const at = header!.indexOf(name);
        assert.ok(at >= 0, `column ${name}`);
        return at;
      };
      const lines = [
        ...view.rows.map((r: any) => ({ label: r.label, figures: r.figures })),
        { label: '合计', figures: view.total },
        { label: `上期(环比) ${view.previous.from} – ${view.previous.to}`, figures: view.previous.figures },
      ];
      assert.equal(body.length, lines.length);
      assert.equal(job.rowsWritten, lines.length);
      const percent = (rate: number | null) => (rate === null ? null : Math.round(rate * 1000) / 10);
      const hours = (minutes: number | null) => (minutes === null ? null : Math.round(minutes / 6) / 10);
      for (const [i, line] of lines.entries()) {
        const row = body[i]!;
        assert.equal(row[col('分组')], line.label);
        assert.equal(row[col('受理量')], line.figures.received);
        assert.equal(row[col('按期受理')], line.figures.acceptedOnTime);
        assert.equal(row[col('办结量')], line.figures.resolved);
        assert.equal(row[col('超期')], line.figures.overdue);
        assert.equal(row[col('满意')], line.figures.satisfied);
        assert.equal(row[col('重复诉求')], line.figures.repeat);
        assert.equal(row[col('红牌督办')], line.figures.supervisedRed);
        assert.equal(row[col('办结率(%)')], percent(line.figures.resolutionRate));
        assert.equal(row[col('满意率(%)')], percent(line.figures.satisfactionRate));
        assert.equal(row[col('办结用时中位(小时)')], hours(line.figures.resolveMedianMinutes));
      }
      const audit = await listAll(admin, `/api/audit?entityType=export&entityId=${job.id}`);
      assert.deepEqual(audit.find((a) => a.action === 'export.create')?.details.filters, filters);
    }
    assert.ok(seen[1]! < seen[0]!, 'a street’s table holds only its own communities');

    // The statistics query's own checks hold for its export: 400, no job.
    const before = (await listAll(admin, '/api/exports')).length;
    const bad = await admin.post('/api/exports', {
      kind: 'matter-statistics',
      filters: { from: '2026-11-30', to: '2026-11-01' },
    });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.equal((await listAll(admin, '/api/exports')).length, before);
  });

  test('residents: ID and phone numbers stay masked for a role that may not reveal them', async () => {
    const community = await f.community();
    const idNumber = withIdCheckDigit('33010519800101123');
    const phone = '13912345678';
    await f.person(community.id, { name: '导出测试居民', idNumber, phone });
    await f.person(community.id, { name: '导出测试居民二' });
    const mediator = await f.user([{ role: 'mediator', divisionId: community.id, gridId: null }]);

    const listed = await listAll(mediator, `/api/org/persons?communityId=${community.id}`);
    assert.equal(listed.length, 2);
    const job = await exportAndWait(mediator, 'persons', { communityId: community.id });
    const { rows } = await download(mediator, job.id);
    const [header, ...body] = rows;
    const at = (name: string) => header!.indexOf(name);
    assert.deepEqual(
      body.map((r) => [r[at('姓名')], r[at('身份证号码')], r[at('手机号码')]]),
      listed.map((p) => [p.name, p.idNumber, p.phone]),
    );
    const whole = body.flat().map(String);
    assert.ok(!whole.includes(idNumber) && !whole.includes(phone), 'no whole number in the file');
    assert.ok(body.some((r) => String(r[at('手机号码')]).includes('****')));
  });

  test('a bad kind, bad filters or paging as a filter: 400 and no job', async () => {
    const before = (await listAll(admin, '/api/exports')).length;
    for (const body of [
      { kind: 'nonsense', filters: {} },
      { kind: 'matters', filters: { status: 'bogus' } },
      { kind: 'matters', filters: { nosuchfilter: 1 } },
      { kind: 'matters', filters: { cursor: 'x' } },
      { kind: 'persons', filters: { communityId: 'abc' } },
    ]) {
      const res = await admin.post('/api/exports', body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)}: ${res.body}`);
      assert.equal(res.json().error.code, 'validation_failed');
    }
    assert.equal((await listAll(admin, '/api/exports')).length, before);
    // A resident may not read the resident register, so may not export it either.
    const resident = await t.login('resident_demo');
    assert.equal((await resident.post('/api/exports', { kind: 'persons', filters: {} })).statusCode, 403);
    assert.equal((await listAll(admin, '/api/exports')).length, before);
  });

  test('a larger export writes its progress while it runs, and the file expires', async () => {
    const actor = (await t.services.auth.actorOf(admin.me!.id))!;
    const ctx = { actor, locale: 'zh-CN' as const, ip: null, userAgent: 'test', requestId: null };
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      action: 'org.person.update' as const,
      entityType: 'bulk_export_test',
      entityId: i + 1,
      details: { n: i },
    }));
    await t.services.audit.record(t.services.database.db, ctx, ...entries);

    const res = await admin.post('/api/exports', { kind: 'audit', filters: { entityType: 'bulk_export_test' } });
    assert.equal(res.statusCode, 202, res.body);
    const id = res.json().id;

    const seen = new Set<number>();
    let running = true;
    const drained = t.services.jobs.drain().finally(() => {
      running = false;
    });
    while (running) {
      seen.add((await admin.get(`/api/exports/${id}`)).json().rowsWritten);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await drained;
    const done = (await admin.get(`/api/exports/${id}`)).json();
    assert.equal(done.status, 'done');
    assert.equal(done.rowsWritten, 5000);
    assert.ok(
      [...seen].some((n) => n > 0 && n < 5000),
      `progress seen while running: ${[...seen].join(', ')}`,
    );
    const { rows } = await download(admin, id);
    assert.equal(rows.length, 5001);

    // Past its time, the scheduled upkeep removes the file; the record stays.
    t.clock.set(new Date(new Date(done.expiresAt).getTime() + 60_000));
    await t.services.jobs.runScheduled('exports.upkeep');
    const later = await t.login('admin');
    const expired = (await later.get(`/api/exports/${id}`)).json();
    assert.equal(expired.status, 'expired');
    assert.equal((await later.get(`/api/exports/${id}/file`)).statusCode, 409);
    assert.equal(fs.readdirSync(path.join(dataDir, 'exports')).filter((n) => n.startsWith(`${id}-`)).length, 0);
  });
});
