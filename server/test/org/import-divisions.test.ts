import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { plainName } from '../../src/modules/org/import-divisions.ts';
import { multipart } from '../support/csv.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

describe('streets and communities from the statistical division codes', () => {
  let t: TestApp;
  let admin: Client;
  let street: Client;

  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    street = await t.login('street_wenhui');
  });
  after(() => t.close());

  const runImport = async (client: Client, csv: string) => {
    const { payload, headers } = multipart('divisions', 'divisions.csv', csv);
    const accepted = await client.raw({ method: 'POST', url: '/api/org/imports', payload, headers });
    if (accepted.statusCode !== 202) return { accepted };
    await t.services.jobs.drain();
    return { accepted, job: (await client.get(`/api/org/imports/${accepted.json().id}`)).json() };
  };
  // The same session that imported: a session's reach is kept a few seconds, and must not miss what it just added.
  const tree = async () =>
    (await admin.get('/api/org/tree')).json().divisions as Array<{
      id: number;
      name: string;
      code: string;
      level: string;
      parentId: number | null;
    }>;

  test('the list as published: a new street with its communities, names as people say them, levels from the codes', async () => {
    const csv = [
      '统计用区划代码,城乡分类代码,名称',
      '330105012000,111,米市巷街道办事处',
      '330105012001,111,大兜路社区居委会',
      '330105012002,111,卖鱼桥社区居民委员会',
      '330105012201,220,八丈井村村民委员会',
    ].join('\n');
    const { job } = await runImport(admin, csv);
    assert.equal(job.status, 'succeeded', JSON.stringify(job.errors));
    assert.equal(job.insertedRows, 4);
    const all = await tree();
    const mishi = all.find((d) => d.code === '330105012000')!;
    assert.equal(mishi.level, 'street');
    assert.equal(mishi.parentId, all.find((d) => d.name === '拱墅区')!.id);
    const dadou = all.find((d) => d.code === '330105012001')!;
    assert.deepEqual([dadou.name, dadou.level, dadou.parentId], ['大兜路社区', 'community', mishi.id]);
    assert.equal(mishi.name, '米市巷街道', '办事处 dropped');
    assert.equal(all.find((d) => d.code === '330105012201')!.name, '八丈井村');
  });

  test('a street administrator adds communities under their street (known by its short code), not elsewhere', async () => {
    const ok = await runImport(street, '统计用区划代码,名称\n330105901009,文晖新社区居委会');
    assert.equal(ok.job.status, 'succeeded', JSON.stringify(ok.job.errors));
    const added = (await tree()).find((d) => d.code === '330105901009')!;
    assert.equal(added.parentId, (await tree()).find((d) => d.name === '文晖街道')!.id);

    const before = (await tree()).length;
    const outside = await runImport(street, '统计用区划代码,名称\n330105012009,别处社区\n330105099000,新街道');
    assert.equal(outside.job.status, 'failed');
    assert.deepEqual(
      outside.job.errors.map((e: { row: number }) => e.row),
      [2, 3],
    );
    assert.equal((await tree()).length, before, 'nothing written');
  });

  test('bad codes, unknown parents and duplicates are named by row; a community administrator may not import divisions', async () => {
    const bad = await runImport(
      admin, // its reach includes the street made above
      [
        '统计用区划代码,名称',
        '3301050120,短码',
        '330105000000,拱墅区',
        '330105077001,无上级社区',
        '330105012001,大兜路社区',
        '330105012001,重复',
      ].join('\n'),
    );
    assert.equal(bad.job.status, 'failed');
    assert.deepEqual(
      bad.job.errors.map((e: { row: number }) => e.row),
      [2, 3, 4, 6],
    );
    const community = await t.login('community_datieguan');
    assert.equal((await runImport(community, '统计用区划代码,名称\n330105901010,x')).accepted.statusCode, 403);
  });

  test('names: 居委会 and 村委会 are dropped', () => {
    assert.equal(plainName('打铁关社区居委会'), '打铁关社区');
    assert.equal(plainName('葛巷村村民委员会'), '葛巷村');
    assert.equal(plainName('葛巷村委会'), '葛巷村');
    assert.equal(plainName('文晖街道办事处'), '文晖街道');
    assert.equal(plainName('仓前街道'), '仓前街道');
  });
});
