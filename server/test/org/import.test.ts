import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { multipart, PERSON_HEADER, personRows } from '../support/csv.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

describe('CSV import', () => {
  let t: TestApp;
  let community: Client;
  let ix: Awaited<ReturnType<typeof demoIndex>>;
  const DATIEGUAN = '330105901001';

  before(async () => {
    t = await startTestApp();
    ix = await demoIndex(await t.login('admin'));
    community = await t.login('community_datieguan');
  });
  after(() => t.close());

  const upload = (client: Client, kind: string, content: string | Uint8Array, name = 'people.csv') => {
    const { payload, headers } = multipart(kind, name, content);
    return client.raw({ method: 'POST', url: '/api/org/imports', payload, headers });
  };
  const personCount = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('org.persons')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const runImport = async (client: Client, kind: string, content: string | Uint8Array, name?: string) => {
    const accepted = await upload(client, kind, content, name);
    assert.equal(accepted.statusCode, 202, accepted.body);
    assert.equal(accepted.json().status, 'queued');
    await t.services.jobs.drain();
    return (await client.get(`/api/org/imports/${accepted.json().id}`)).json();
  };

  test('10,000 people import in one go, with progress up to the last row', async () => {
    const before = await personCount();
    const csv = [PERSON_HEADER, ...personRows(10_000, DATIEGUAN, { building: '打铁关小区1幢' })].join('\n');
    const job = await runImport(community, 'persons', csv);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors.slice(0, 3)));
    assert.equal(job.totalRows, 10_000);
    assert.equal(job.processedRows, 10_000);
    assert.equal(job.insertedRows, 10_000);
    assert.equal(job.errorCount, 0);
    assert.equal(await personCount(), before + 10_000);
    const tagged = (await community.get('/api/org/persons?q=导入7号')).json().items[0];
    assert.deepEqual(tagged.tags.sort(), ['elderly_alone', 'party_member']);
    assert.equal(tagged.buildingName, '打铁关小区1幢');
    assert.equal(tagged.gridName, '打铁关社区第一网格');
    assert.ok(tagged.householdId, 'household made from unit and room');
  });

  test('a file with three bad rows imports nothing and names exactly those rows', async () => {
    const before = await personCount();
    const rows = personRows(50, DATIEGUAN, { start: 20_000 });
    const setField = (i: number, field: number, value: string) => {
      const cells = rows[i]!.split(',');
      cells[field] = value;
      rows[i] = cells.join(',');
    };
    setField(4, 4, '330105199913131234'); // impossible ID number, file row 6
    setField(19, 0, ''); // no name, file row 21
    setField(41, 1, '999999999999'); // unknown community, file row 43
    const job = await runImport(community, 'persons', [PERSON_HEADER, ...rows].join('\r\n'));
    assert.equal(job.status, 'failed');
    assert.equal(job.errorCount, 3);
    assert.deepEqual(
      job.errors.map((e: { row: number }) => e.row),
      [6, 21, 43],
    );
    assert.deepEqual(
      job.errors.map((e: { field: string }) => e.field),
      ['身份证号', '姓名', '社区编码'],
    );
    assert.equal(job.insertedRows, 0);
    assert.equal(await personCount(), before, 'nothing was imported');
  });

  test("rows outside the importer's area and duplicates within the file are errors", async () => {
    const rows = [...personRows(3, DATIEGUAN, { start: 30_000 }), ...personRows(1, '330105902001', { start: 30_010 })];
    rows.push(rows[0]!.replace('导入30000号', '另一个人'));
    const job = await runImport(community, 'persons', [PERSON_HEADER, ...rows].join('\n'));
    assert.equal(job.status, 'failed');
    const byRow = Object.fromEntries(job.errors.map((e: { row: number; message: string }) => [e.row, e.message]));
    assert.match(byRow[5], /管辖范围/);
    assert.match(byRow[6], /与第 2 行重复/);
  });

  test('importing the same people again updates them instead of adding', async () => {
    const first = await runImport(
      community,
      'persons',
      [PERSON_HEADER, ...personRows(5, DATIEGUAN, { start: 40_000 })].join('\n'),
    );
    assert.equal(first.insertedRows, 5);
    const before = await personCount();
    const changed = personRows(5, DATIEGUAN, { start: 40_000 }).map((r) => r.replace(/,否,,$/, ',是,,改过了'));
    const second = await runImport(community, 'persons', [PERSON_HEADER, ...changed].join('\n'));
    assert.equal(second.status, 'succeeded');
    assert.equal(second.updatedRows, 5);
    assert.equal(second.insertedRows, 0);
    assert.equal(await personCount(), before);
    const p = (await community.get('/api/org/persons?q=导入40001号')).json().items[0];
    assert.equal(p.note, '改过了');
    assert.equal(p.isOwner, true);
  });

  test('cells that look like formulas are kept as the text they are', async () => {
    const rows = personRows(2, DATIEGUAN, { start: 45_000 }).map((r, i) =>
      r.replace(/,否,,$/, i === 0 ? ',否,,"=HYPERLINK(""http://x"")"' : ',否,,@SUM(A1)'),
    );
    const job = await runImport(community, 'persons', [PERSON_HEADER, ...rows].join('\n'));
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors));
    const notes = await Promise.all(
      ['导入45000号', '导入45001号'].map(
        async (q) => (await community.get(`/api/org/persons?q=${encodeURIComponent(q)}`)).json().items[0].note,
      ),
    );
    assert.deepEqual(notes, ['=HYPERLINK("http://x")', '@SUM(A1)']);
  });

  test('a re-import with fewer columns, or empty cells, keeps what is stored', async () => {
    await runImport(
      community,
      'persons',
      [PERSON_HEADER, ...personRows(1, DATIEGUAN, { start: 45_003, building: '打铁关小区1幢' })].join('\n'),
    );
    const before = (await community.get('/api/org/persons?q=导入45003号')).json().items[0];
    assert.ok(before.phone && before.householdId && before.tags.length > 0);
    const idNumber = (await community.post(`/api/org/persons/${before.id}/reveal`)).json().idNumber;
    const job = await runImport(
      community,
      'persons',
      `姓名,社区编码,身份证号,手机号,备注\n导入45003号,${DATIEGUAN},${idNumber},,补录备注\n`,
    );
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors));
    assert.equal(job.updatedRows, 1);
    const after = (await community.get('/api/org/persons?q=导入45003号')).json().items[0];
    assert.equal(after.note, '补录备注');
    assert.equal(after.phone, before.phone);
    assert.equal(after.householdId, before.householdId);
    assert.equal(after.buildingId, before.buildingId);
    assert.deepEqual(after.tags, before.tags);
  });

  test('two workers given the same import apply it once', async () => {
    const rows = [PERSON_HEADER, '无证甲,330105901001,男,,,,,,,,,,,,', '无证乙,330105901001,女,,,,,,,,,,,,'].join('\n');
    const accepted = await upload(community, 'persons', rows);
    const id = accepted.json().id;
    const before = await personCount();
    const outcomes = await Promise.allSettled([t.services.imports.process(id), t.services.imports.process(id)]);
    await t.services.imports.process(id);
    assert.ok(outcomes.some((o) => o.status === 'fulfilled'));
    assert.equal(await personCount(), before + 2, 'the two people without ID numbers are added once');
    assert.equal((await community.get(`/api/org/imports/${id}`)).json().status, 'succeeded');
  });

  test('a failed import drops its file; echoed numbers are masked; taken building codes are row errors', async () => {
    const rows = personRows(1, DATIEGUAN, { start: 47_000 });
    const cells = rows[0]!.split(',');
    cells[4] = '330105199002301234';
    cells[5] = '1390000123';
    const job = await runImport(community, 'persons', [PERSON_HEADER, cells.join(',')].join('\n'));
    assert.equal(job.status, 'failed');
    const text = JSON.stringify(job.errors);
    assert.ok(!text.includes('330105199002301234') && !text.includes('1390000123'), text);
    const stored = await t.services.database.db
      .selectFrom('org.import_jobs')
      .select('content')
      .where('id', '=', (await community.get('/api/org/imports?limit=1')).json().items[0].id)
      .executeTakeFirstOrThrow();
    assert.equal(stored.content, null);

    const taken = await runImport(
      community,
      'buildings',
      `社区编码,楼栋名称,楼栋编码\n${DATIEGUAN},另一栋楼,330105901001-B001\n`,
      'b.csv',
    );
    assert.equal(taken.status, 'failed');
    assert.deepEqual(
      taken.errors.map((e: { row: number; field: string }) => [e.row, e.field]),
      [[2, '楼栋编码']],
    );
  });

  test('files saved by Excel in GB18030 are read', async () => {
    const text = [PERSON_HEADER, ...personRows(2, DATIEGUAN, { start: 50_000 })].join('\r\n');
    const gbk = encodeGb18030(text);
    const job = await runImport(community, 'persons', gbk, 'excel.csv');
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors));
    assert.equal((await community.get('/api/org/persons?q=导入50001号')).json().items.length, 1);
  });

  test('a file without the required columns, an empty upload or a binary file is refused at once', async () => {
    const missing = await upload(community, 'persons', '名字,电话\n张三,13800000000\n');
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().error.details[0].message, /姓名.*社区编码|社区编码/);
    const empty = await upload(community, 'persons', '');
    assert.equal(empty.statusCode, 400);
    const binary = await upload(
      community,
      'persons',
      new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0x08]),
      'people.xlsx',
    );
    assert.equal(binary.statusCode, 415);
    const badKind = await upload(community, 'cats', `${PERSON_HEADER}\n`);
    assert.equal(badKind.statusCode, 400);
    const list = (await community.get('/api/org/imports?limit=100')).json().items;
    assert.ok(
      list.every((j: { fileName: string }) => j.fileName !== 'people.xlsx'),
      'refused files leave no job',
    );
  });

  test("people without the import permission cannot upload; others' imports are not visible", async () => {
    const worker = await t.login('grid_datieguan_01');
    const res = await upload(worker, 'persons', `${PERSON_HEADER}\n`);
    assert.equal(res.statusCode, 403);
    const mine = (await community.get('/api/org/imports?limit=1')).json().items[0];
    const street = await t.login('street_wenhui');
    assert.equal((await street.get(`/api/org/imports/${mine.id}`)).statusCode, 404);
  });

  test('an import cut off by a restart runs again from the start and completes once', async () => {
    const accepted = await upload(
      community,
      'persons',
      [PERSON_HEADER, ...personRows(20, DATIEGUAN, { start: 60_000 })].join('\n'),
    );
    const id = accepted.json().id;
    // As if a server died while checking rows: the job is half-way and its queue entry still pending.
    await t.services.database.db
      .updateTable('org.import_jobs')
      .set({ status: 'validating', processed_rows: 7 })
      .where('id', '=', id)
      .execute();
    const before = await personCount();
    await t.services.jobs.drain();
    await t.services.imports.process(id); // a second delivery changes nothing
    const job = (await community.get(`/api/org/imports/${id}`)).json();
    assert.equal(job.status, 'succeeded');
    assert.equal(await personCount(), before + 20);
  });

  test('buildings import: new ones are added to the grid holding their location', async () => {
    const grid = (await (await t.login('admin')).get(`/api/org/grids/${ix.grid('打铁关社区第二网格').id}`)).json();
    const csv = [
      '社区编码,楼栋名称,楼栋编码,网格编码,地址,类型,层数,纬度,经度',
      `${DATIEGUAN},新建楼A,T-A,,打铁关路9号,住宅,18,${grid.center.lat},${grid.center.lng}`,
      `${DATIEGUAN},新建楼B,T-B,330105901001-03,打铁关路10号,商业,3,,`,
    ].join('\n');
    const job = await runImport(community, 'buildings', csv, 'buildings.csv');
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors));
    assert.equal(job.insertedRows, 2);
    const a = (await community.get('/api/org/buildings?q=新建楼A')).json().items[0];
    assert.equal(a.gridName, '打铁关社区第二网格');
    const b = (await community.get('/api/org/buildings?q=新建楼B')).json().items[0];
    assert.equal(b.gridName, '打铁关社区第三网格');
    assert.equal(b.kind, 'commercial');
  });

  test('the template has the accepted header and an example that imports as it is', async () => {
    const res = await community.get('/api/org/imports/templates/persons');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/csv/);
    assert.ok(res.body.replace(/^\uFEFF/, '').startsWith(PERSON_HEADER));
    const job = await runImport(community, 'persons', res.body, 'template.csv');
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors));
    assert.equal((await t.anonymous().get('/api/org/imports/templates/persons')).statusCode, 401);
  });
});

/** GB18030 bytes of a text, via iconv-free lookup: Node can decode GB18030 but not encode it. */
function encodeGb18030(text: string): Uint8Array {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      out.push(ch.charCodeAt(0));
      continue;
    }
    let bytes = table.get(ch);
    if (!bytes) {
      // Search the two-byte GBK area for the character (it holds all the CJK used here).
      search: for (let hi = 0x81; hi <= 0xfe; hi++) {
        for (let lo = 0x40; lo <= 0xfe; lo++) {
          if (lo === 0x7f) continue;
          if (decoder.decode(new Uint8Array([hi, lo])) === ch) {
            bytes = [hi, lo];
            break search;
          }
        }
      }
      if (!bytes) throw new Error(`cannot encode ${ch}`);
      table.set(ch, bytes);
    }
    out.push(...bytes);
  }
  return new Uint8Array(out);
}
