import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { type Cell, exportMatchesList, type Item, listAll, localMinute, text } from '../support/spreadsheet.ts';

/**
 * The export sources of 考核得分, 楼栋, 爱心商户, 志愿队伍 and 工作日志: each exported with a
 * filter, read back with read-excel-file and compared row by row with its list endpoint for the
 * same caller; where the list is scoped, a community's file holds its own community only.
 */
describe('more export sources: every list as its endpoint gives it, with its filters and scope', () => {
  let t: TestApp;
  let f: Factories;
  let admin: Client;
  let community: Client;
  let dataDir: string;
  /** Names of divisions and grids as the administrator's tree gives them. */
  let divisionName: Map<number, string>;
  let gridName: Map<number, string>;
  let datieguanId: number;
  let elsewhereId: number;
  /** A grid worker of the community outside 打铁关. */
  let elsewhereWorker: Client;
  const DATIEGUAN = '打铁关社区';

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-export-more-sources-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    f = await factories(t);
    admin = f.admin;
    community = await t.login('community_datieguan');
    // A community outside 打铁关, so a scoped list has something its administrator does not see.
    elsewhereId = (await f.community()).id;
    const elsewhereGrid = await f.grid(elsewhereId);
    await f.person(elsewhereId, { gridId: elsewhereGrid.id });
    elsewhereWorker = await f.user(
      [{ role: 'grid_worker', divisionId: null, gridId: elsewhereGrid.id }],
      '外社区网格员',
    );
    const tree = (await admin.get('/api/org/tree')).json();
    divisionName = new Map(tree.divisions.map((d: Item) => [d.id, d.name]));
    gridName = new Map(tree.grids.map((g: Item) => [g.id, g.name]));
    datieguanId = tree.divisions.find((d: Item) => d.name === DATIEGUAN).id;
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const sameAsList = (
    as: Client,
    kind: string,
    url: string,
    filters: Record<string, unknown>,
    cells: Record<string, (item: Item) => Cell>,
  ) => exportMatchesList(t, as, kind, url, filters, cells);

  /** The filter leaves some rows out of the list without it (`unfiltered`: what the list needs anyway). */
  const filteredOut = async (
    as: Client,
    url: string,
    filters: Record<string, unknown>,
    listed: Item[],
    unfiltered: Record<string, unknown> = {},
  ) => {
    assert.ok(listed.length > 0, `${url} with ${JSON.stringify(filters)} has rows`);
    assert.ok((await listAll(as, url, unfiltered)).length > listed.length, `${url}: the filter leaves some out`);
  };

  /** A community administrator's file: rows of their community only, fewer than the administrator's. */
  const onlyDatieguan = (body: Cell[][], header: string[], column: string, everything: number) => {
    assert.ok(body.length > 0 && body.length < everything, `${body.length} of ${everything}`);
    const at = header.indexOf(column);
    assert.ok(
      body.every((row) => String(row[at]).startsWith(DATIEGUAN)),
      `${column}: ${body.map((r) => r[at])}`,
    );
  };

  test('assessment scores of a scheme’s month; a community sees its own subjects only', async () => {
    // Last month in Shanghai time: a month that has ended, so it can be scored.
    const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t.clock.now());
    const [year, month] = today.split('-').map(Number) as [number, number];
    const lastMonth = month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
    const tree = (await admin.get('/api/org/tree')).json();
    const streetId = tree.divisions.find((d: Item) => d.id === datieguanId).parentId;
    const districtId = tree.divisions.find((d: Item) => d.id === streetId).parentId;
    const scheme = await admin.post('/api/assessment/schemes', {
      districtId,
      subjectKind: 'grid_worker',
      name: '导出测试考核',
      indicators: [{ indicator: 'overdue', weight: 100, perItem: 1 }],
      effectiveFrom: lastMonth,
    });
    assert.equal(scheme.statusCode, 201, scheme.body);
    const schemeId = scheme.json().id;
    const run = await admin.post(`/api/assessment/schemes/${schemeId}/runs`, { month: lastMonth });
    assert.equal(run.statusCode, 200, run.body);

    const PEER: Record<string, string> = {
      resident: '居民网格',
      special: '专属网格',
      mobile: '流动网格',
      small: '小',
      medium: '中',
      large: '大',
    };
    const filters = { schemeId, month: lastMonth };
    const { listed } = await sameAsList(admin, 'assessment-scores', '/api/assessment/scores', filters, {
      月份: (s) => s.month,
      考核方案: () => '导出测试考核',
      考核对象: (s) => s.subjectName,
      所在区域: (s) => (s.gridName ? `${s.divisionName} · ${s.gridName}` : s.divisionName),
      同类组: (s) =>
        s.peerGroup
          .split(':')
          .map((part: string) => PEER[part])
          .join('·'),
      总分: (s) => s.score,
      组内排名: (s) => s.rank,
      同类组人数: (s) => s.peerSize,
      指标得分: (s) => s.rawPoints,
      工作量系数: (s) => s.workloadFactor,
      计算时间: (s) => localMinute(s.computedAt),
    });
    assert.ok(listed.length > 0);

    const { body, header } = await sameAsList(community, 'assessment-scores', '/api/assessment/scores', filters, {
      考核对象: (s) => s.subjectName,
    });
    onlyDatieguan(body, header, '所在区域', listed.length);
  });

  test('buildings of a community; a community administrator’s file holds its own buildings only', async () => {
    await f.building(elsewhereId, { name: '导出测试楼' });
    const KIND: Record<string, string> = {
      residential: '住宅',
      commercial: '商业',
      mixed: '商住混合',
      public: '公共建筑',
      industrial: '工业',
    };
    const filters = { communityId: datieguanId };
    const { listed } = await sameAsList(admin, 'buildings', '/api/org/buildings', filters, {
      楼栋名称: (b) => b.name,
      楼栋编码: (b) => b.code,
      类型: (b) => KIND[b.kind]!,
      层数: (b) => b.floors,
      社区: (b) => b.communityName,
      网格: (b) => b.gridName,
      户数: (b) => b.householdCount,
      人数: (b) => b.personCount,
      地址: (b) => text(b.address),
    });
    await filteredOut(admin, '/api/org/buildings', filters, listed);

    const everything = await listAll(admin, '/api/org/buildings');
    const { body, header } = await sameAsList(
      community,
      'buildings',
      '/api/org/buildings',
      {},
      { 楼栋编码: (b) => b.code },
    );
    onlyDatieguan(body, header, '社区', everything.length);
  });

  test('merchants of a community, with their standing', async () => {
    const added = await admin.post('/api/points/merchants', {
      communityId: elsewhereId,
      name: '导出测试商户',
      address: '测试路 1 号',
      phone: '0571-88886666',
    });
    assert.equal(added.statusCode, 201, added.body);
    const all = await listAll(admin, '/api/points/merchants');
    const filters = { communityId: all.find((m) => m.communityId !== elsewhereId)!.communityId };
    const { listed } = await sameAsList(admin, 'points-merchants', '/api/points/merchants', filters, {
      商户名称: (m) => m.name,
      社区: (m) => divisionName.get(m.communityId)!,
      地址: (m) => text(m.address),
      电话: (m) => text(m.phone),
      信用分: (m) => m.creditScore,
      状态: (m) => (m.active ? '合作中' : '已停用'),
    });
    await filteredOut(admin, '/api/points/merchants', filters, listed);
  });

  test('volunteer teams by name; a community administrator’s file holds its own teams only', async () => {
    const formed = await admin.post('/api/volunteer/teams', {
      communityId: elsewhereId,
      name: '导出测试服务队',
      description: '导出测试',
    });
    assert.equal(formed.statusCode, 201, formed.body);
    const cells = {
      队伍名称: (team: Item) => team.name,
      社区: (team: Item) => divisionName.get(team.communityId)!,
      成员数: (team: Item) => team.members,
      队伍简介: (team: Item) => text(team.description),
    };
    const filters = { q: '队' };
    const { listed } = await sameAsList(admin, 'volunteer-teams', '/api/volunteer/teams', filters, cells);
    assert.ok(listed.length > 1, 'teams of more than one community');

    const everything = await listAll(admin, '/api/volunteer/teams');
    const { body, header } = await sameAsList(community, 'volunteer-teams', '/api/volunteer/teams', {}, cells);
    onlyDatieguan(body, header, '社区', everything.length);
  });

  test('work logs of a month by worker name; a community sees its own workers only', async () => {
    const worker = await t.login('grid_datieguan_01');
    for (const visitor of [worker, elsewhereWorker]) {
      const person = (await listAll(visitor, '/api/org/persons'))[0]!;
      const visit = await visitor.post('/api/field/visits', { personId: person.id, method: 'home', notes: '导出测试' });
      assert.equal(visit.statusCode, 201, visit.body);
    }
    const month = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(t.clock.now()).slice(0, 7);
    const everyone = await listAll(admin, '/api/field/work-log/staff', { month });
    const name = everyone.find((w) => w.userId === worker.me!.id)!.userName as string;
    const cells = {
      月份: () => month,
      人员: (w: Item) => w.userName,
      社区: (w: Item) => (w.communityId === null ? null : divisionName.get(w.communityId)!),
      网格: (w: Item) => (w.gridId === null ? null : gridName.get(w.gridId)!),
      巡查次数: (w: Item) => w.totals.patrols,
      '巡查时长（分钟）': (w: Item) => Math.round(w.totals.patrolSeconds / 60),
      '巡查里程（公里）': (w: Item) => Math.round(w.totals.patrolMeters / 10) / 100,
      打卡楼栋: (w: Item) => w.totals.buildingsCheckedIn,
      走访: (w: Item) => w.totals.visits,
      上报事项: (w: Item) => w.totals.mattersReported,
      接办事项: (w: Item) => w.totals.mattersTaken,
      办结事项: (w: Item) => w.totals.mattersClosed,
    };
    const filters = { month, q: name };
    const { listed } = await sameAsList(admin, 'work-logs', '/api/field/work-log/staff', filters, cells);
    assert.ok(listed.some((w) => w.userId === worker.me!.id && w.totals.visits > 0));
    await filteredOut(admin, '/api/field/work-log/staff', filters, listed, { month });

    const { body, header } = await sameAsList(community, 'work-logs', '/api/field/work-log/staff', { month }, cells);
    const ours = everyone.filter((w) => w.communityId === datieguanId);
    assert.equal(body.length, ours.length);
    onlyDatieguan(body, header, '社区', everyone.length);
  });
});
