import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { multipart, PERSON_HEADER, personRows } from '../support/csv.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/** A workbook of one sheet from CSV-like rows; `numeric` columns are written as numbers, as Excel users do. */
async function workbook(rows: string[][], numeric: number[] = []): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('人员');
  rows.forEach((cells, r) => {
    sheet.addRow(cells.map((cell, c) => (r > 0 && numeric.includes(c) && cell !== '' ? Number(cell) : cell)));
  });
  // Formatting dragged below the data leaves empty rows behind.
  for (let i = 0; i < 5; i++) sheet.addRow([]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('Excel (.xlsx) import', () => {
  let t: TestApp;
  let community: Client;
  const DATIEGUAN = '330105901001';

  before(async () => {
    t = await startTestApp();
    community = await t.login('community_datieguan');
  });
  after(() => t.close());

  const upload = (content: Uint8Array | string, name = 'people.xlsx') => {
    const { payload, headers } = multipart('persons', name, content);
    return community.raw({ method: 'POST', url: '/api/org/imports', payload, headers });
  };
  const run = async (content: Uint8Array) => {
    const accepted = await upload(content);
    assert.equal(accepted.statusCode, 202, accepted.body);
    await t.services.jobs.drain();
    return (await community.get(`/api/org/imports/${accepted.json().id}`)).json();
  };
  const rowsOf = (n: number, start: number) =>
    [PERSON_HEADER, ...personRows(n, DATIEGUAN, { building: '打铁关小区1幢', start })].map((line) => line.split(','));

  test('a workbook imports as its CSV would: every row, phones typed as numbers kept whole, empty rows below ignored', async () => {
    const rows = rowsOf(40, 30_000);
    const job = await run(await workbook(rows, [5]));
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors.slice(0, 3)));
    assert.equal(job.totalRows, 40);
    assert.equal(job.insertedRows, 40);
    const phone = rows[1]![5]!;
    const found = (await community.get(`/api/org/persons?q=${phone}`)).json().items;
    assert.equal(found.length, 1, 'the phone typed as a number is whole');
    assert.equal(found[0].name, rows[1]![0]);
  });

  test('an ID number typed as a number has lost digits in Excel: that row is refused and named, nothing is written', async () => {
    const rows = rowsOf(5, 31_000);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('人员');
    rows.forEach((cells, r) => {
      sheet.addRow(cells.map((cell, c) => (r === 3 && c === 4 ? Number(cell) : cell)));
    });
    const job = await run(new Uint8Array(await book.xlsx.writeBuffer()));
    assert.equal(job.status, 'failed');
    assert.deepEqual(
      job.errors.map((e: { row: number; field: string }) => [e.row, e.field]),
      [[4, '身份证号']],
    );
    assert.equal(job.insertedRows, 0);
  });

  test('a file that only says .xlsx, or a broken workbook, is refused and changes nothing', async () => {
    const text = await upload('这不是表格', 'people.xlsx');
    assert.equal(text.statusCode, 400, text.body);
    const broken = await upload(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]), 'people.xlsx');
    assert.equal(broken.statusCode, 415, broken.body);
    assert.match(broken.json().error.details[0].message, /Excel/);
  });

  test('the template comes as a workbook too, its columns text, ready to fill', async () => {
    const res = await community.get('/api/org/imports/templates/persons/xlsx');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /spreadsheetml/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    assert.equal(sheet.getRow(1).getCell(1).value, '姓名');
    assert.equal(sheet.getColumn(5).numFmt, '@', 'ID numbers stay text');
    assert.equal(
      (await t.login('resident_demo').then((r) => r.get('/api/org/imports/templates/persons/xlsx'))).statusCode,
      403,
    );
  });
});
