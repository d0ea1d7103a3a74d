import assert from 'node:assert/strict';
import readXlsxFile from 'read-excel-file/node';
import type { Client, TestApp } from './harness.ts';

/** A list item as the API gives it, and a cell as read-excel-file gives it. */
export type Item = Record<string, any>;
export type Cell = string | number | null;

/**
 * How an export writes an API time (ISO): local time in the tests' TIME_ZONE (Asia/Shanghai)
 * to the minute, 'YYYY-MM-DD HH:mm'; null stays an empty cell. Written here independently of
 * the server's own helper, so the tests check it rather than repeat it.
 */
export const localMinute = (iso: string | null) =>
  iso
    ? new Intl.DateTimeFormat('sv-SE', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hour12: false,
      }).format(new Date(iso))
    : null;

/** Empty text is an empty cell in the file. */
export const text = (value: string | null | undefined) => (value ? value : null);

function queryString(filters: Record<string, unknown>) {
  const q = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    for (const v of Array.isArray(value) ? value : [value]) q.append(name, String(v));
  return q.toString();
}

/** Every item of a list, page by page (a list without pages answers once), as the caller sees it. */
export async function listAll(as: Client, url: string, filters: Record<string, unknown> = {}) {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const q = queryString({ ...filters, limit: 200, ...(cursor ? { cursor } : {}) });
    const res = await as.get(`${url}?${q}`);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json();
    items.push(...page.items);
    cursor = page.nextCursor ?? null;
  } while (cursor);
  return items;
}

/** Exports a list, waits for the job, downloads the file and reads its one sheet back with read-excel-file. */
export async function exportedSheet(t: TestApp, as: Client, kind: string, filters: Record<string, unknown>) {
  const res = await as.post('/api/exports', { kind, filters });
  assert.equal(res.statusCode, 202, `${kind}: ${res.body}`);
  await t.services.jobs.drain();
  const job = (await as.get(`/api/exports/${res.json().id}`)).json();
  assert.equal(job.status, 'done', JSON.stringify(job));
  const file = await as.get(`/api/exports/${job.id}/file`);
  assert.equal(file.statusCode, 200, file.body);
  const [sheet] = await readXlsxFile(file.rawPayload);
  const [header, ...body] = sheet!.data as Cell[][];
  return { job, header: header as string[], body };
}

/**
 * Exports `kind` with `filters` and checks the file against the list `url` with the same
 * filters for the same caller: the same rows in the same order, each key cell as expected.
 */
export async function exportMatchesList(
  t: TestApp,
  as: Client,
  kind: string,
  url: string,
  filters: Record<string, unknown>,
  cells: Record<string, (item: Item) => Cell>,
) {
  const listed = await listAll(as, url, filters);
  const { job, header, body } = await exportedSheet(t, as, kind, filters);
  assert.equal(job.rowsWritten, listed.length, kind);
  assert.equal(body.length, listed.length, kind);
  const at = Object.fromEntries(
    Object.keys(cells).map((name) => {
      const i = header.indexOf(name);
      assert.ok(i >= 0, `${kind}: column ${name} in ${header.join(', ')}`);
      return [name, i];
    }),
  );
  for (const [i, item] of listed.entries())
    for (const [name, expected] of Object.entries(cells))
      assert.deepEqual(body[i]![at[name]!], expected(item), `${kind} row ${i + 1}, ${name}`);
  return { listed, header, body };
}
