import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DEMO_DEVICE_SECRET } from '../../src/seed/demo-devices.ts';
import { factories, type Factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import {
  type Cell,
  exportedSheet,
  exportMatchesList,
  type Item,
  listAll,
  localMinute,
  text,
} from '../support/spreadsheet.ts';

/**
 * The export sources of the console's lists (调解案件, 物联设备, 告警, 关爱对象, 督办, 充电记录,
 * 志愿活动, 积分账户, 议题, 表决, 走访, 邀请码): each exported with a filter, read back with
 * read-excel-file and compared row by row with its list endpoint for the same caller.
 */
describe('export sources: every list as its endpoint gives it, with its filters and scope', () => {
  let t: TestApp;
  let f: Factories;
  let admin: Client;
  let street: Client;
  let community: Client;
  let dataDir: string;
  const DATIEGUAN = '打铁关社区';

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-export-sources-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    f = await factories(t);
    admin = f.admin;
    street = await t.login('street_wenhui');
    community = await t.login('community_datieguan');
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const exported = (as: Client, kind: string, filters: Record<string, unknown>) => exportedSheet(t, as, kind, filters);

  const local = localMinute;

  const sameAsList = (
    as: Client,
    kind: string,
    url: string,
    filters: Record<string, unknown>,
    cells: Record<string, (item: Item) => Cell>,
  ) => exportMatchesList(t, as, kind, url, filters, cells);

  const filteredOut = async (as: Client, url: string, filters: Record<string, unknown>, listed: Item[]) => {
    assert.ok(listed.length > 0, `${url} with ${JSON.stringify(filters)} has rows`);
    assert.ok((await listAll(as, url)).length > listed.length, `${url}: the filter leaves some out`);
  };

  test('mediation cases, with a status filter', async () => {
    const all = await listAll(admin, '/api/mediation/cases');
    const status = all[0]!.status;
    const filters = { queue: 'all', status: [status] };
    const { listed } = await sameAsList(admin, 'mediation-cases', '/api/mediation/cases', filters, {
      案件编号: (c) => c.code,
      纠纷类别: (c) => c.category.name,
      状态: (c) => c.statusName,
      纠纷概要: (c) => c.summary,
      当事人: (c) =>
        text(
          c.parties
            .map(
              (p: Item) =>
                `${p.name}（${{ applicant: '申请人', respondent: '被申请人', third_party: '第三人' }[p.role as string]}）`,
            )
            .join('、'),
        ),
      社区: (c) => c.community.name,
      调解员: (c) => c.mediator?.name ?? null,
      受理时间: (c) => local(c.acceptedAt),
      调解期限: (c) => local(c.dueAt),
      '涉及金额（元）': (c) => c.amountFen / 100,
    });
    assert.ok(listed.length > 0);
  });

  test('devices with a type, and a community’s export holds only its own devices', async () => {
    const filters = { type: 'smoke' };
    const { listed } = await sameAsList(admin, 'devices', '/api/devices', filters, {
      设备编号: (d) => d.code,
      名称: (d) => d.name,
      类型: () => '烟感',
      社区: (d) => d.communityName,
      网格: (d) => d.gridName,
      最近上报: (d) => local(d.lastSeenAt),
    });
    await filteredOut(admin, '/api/devices', filters, listed);

    // Scope: the community administrator's file holds their community's devices, fewer than the admin's.
    const everything = await listAll(admin, '/api/devices');
    const { body, header } = await sameAsList(community, 'devices', '/api/devices', {}, { 设备编号: (d) => d.code });
    assert.ok(body.length > 0 && body.length < everything.length, `${body.length} of ${everything.length}`);
    const at = header.indexOf('社区');
    assert.ok(body.every((row) => row[at] === DATIEGUAN));
  });

  test('alarms raised by a reading, with a status filter', async () => {
    const reading = await t
      .anonymous()
      .post(
        '/api/ingest/readings',
        { readings: [{ ts: t.clock.now().getTime() - 60_000, metrics: { smoke: 0.4 } }] },
        { authorization: `Bearer smoke-demo-001:${DEMO_DEVICE_SECRET}` },
      );
    assert.equal(reading.statusCode, 200, reading.body);
    await t.services.devices.settle();
    const filters = { status: 'active_unack,active_ack' };
    const { listed } = await sameAsList(admin, 'alarms', '/api/alarms', filters, {
      告警时间: (a) => local(a.startedAt),
      告警类型: (a) => (a.type === 'fire' ? '烟雾火警' : a.type),
      级别: (a) => ({ critical: '紧急', major: '重要', minor: '次要', warning: '提示' })[a.severity as string]!,
      状态: (a) => (a.status === 'active_unack' ? '未确认' : '已确认'),
      设备编号: (a) => a.device.code,
      社区: (a) => a.communityName,
    });
    assert.ok(listed.some((a) => a.device.code === 'smoke-demo-001' && a.type === 'fire'));
  });

  test('care targets, with a kind', async () => {
    const filters = { kind: 'elderly_alone' };
    const { listed } = await sameAsList(street, 'care-targets', '/api/care/targets', filters, {
      姓名: (c) => c.name,
      关爱类型: (c) =>
        c.kinds
          .map((k: string) => ({ elderly_alone: '独居老人', disabled: '残疾', seriously_ill: '重病' })[k])
          .join('、'),
      社区: (c) => c.communityName,
      网格: (c) => c.gridName,
      地址: (c) => text(c.address),
    });
    assert.ok(listed.length > 0);
  });

  test('supervision orders, open ones', async () => {
    const matters = await listAll(street, '/api/matters', { queue: 'all' });
    const deadline = new Date(t.clock.now().getTime() + 3 * 86_400_000).toISOString();
    for (const [i, m] of matters.slice(0, 2).entries()) {
      const res = await street.post('/api/supervision/orders', {
        matterId: m.id,
        deadline,
        note: `导出测试督办 ${i + 1}`,
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const filters = { status: 'open' };
    const { listed } = await sameAsList(street, 'supervision-orders', '/api/supervision/orders', filters, {
      事项编号: (o) => o.matterCode,
      责任单位: (o) => o.unitName,
      督办事项: (o) => o.note,
      亮牌: () => '绿牌',
      状态: () => '督办中',
      办理时限: (o) => local(o.deadline),
      发起人: (o) => o.createdByName,
    });
    assert.equal(listed.length, 2);
  });

  test('charging sessions, completed ones; none in a community without a station', async () => {
    const filters = { status: 'completed' };
    const { listed } = await sameAsList(admin, 'charging-sessions', '/api/charging/sessions', filters, {
      编号: (s) => s.id,
      充电站: (s) => s.stationName,
      充电口: (s) => s.portLabel,
      状态: () => '已完成',
      开始时间: (s) => local(s.startedAt),
      结束时间: (s) => local(s.stoppedAt),
      '电量（度）': (s) => (s.energyKwh === null ? null : Number(s.energyKwh)),
      '合计（元）': (s) => (s.totalFen === null ? null : s.totalFen / 100),
    });
    assert.ok(listed.length > 0);
    const { body } = await exported(community, 'charging-sessions', filters);
    assert.equal(body.length, (await listAll(community, '/api/charging/sessions', filters)).length);
  });

  test('volunteer activities, open ones', async () => {
    const filters = { status: 'open' };
    const { listed } = await sameAsList(admin, 'volunteer-activities', '/api/volunteer/activities', filters, {
      活动名称: (a) => a.title,
      志愿队伍: (a) => a.teamName,
      开始时间: (a) => local(a.startsAt),
      结束时间: (a) => local(a.endsAt),
      名额: (a) => a.capacity,
      已报名: (a) => a.signedUp,
      状态: () => '报名中',
    });
    assert.ok(listed.length > 0);
  });

  test('points accounts of a community', async () => {
    const all = await listAll(admin, '/api/points/accounts');
    const communityId = all.find((a) => a.communityId !== null)!.communityId;
    const filters = { communityId };
    const { listed } = await sameAsList(admin, 'points-accounts', '/api/points/accounts', filters, {
      账户编号: (a) => a.id,
      姓名: (a) => a.name,
      积分余额: (a) => a.balance,
    });
    await filteredOut(admin, '/api/points/accounts', filters, listed);
  });

  test('deliberation topics and votes, with their status and phase', async () => {
    const topics = await sameAsList(
      admin,
      'deliberation-topics',
      '/api/deliberation/topics',
      { status: 'open' },
      {
        议题: (x) => x.title,
        提出人: (x) => x.authorName,
        状态: () => '征集支持',
        支持数: (x) => x.supports,
        提出时间: (x) => local(x.createdAt),
      },
    );
    await filteredOut(admin, '/api/deliberation/topics', { status: 'open' }, topics.listed);
    const votes = await sameAsList(
      admin,
      'deliberation-votes',
      '/api/deliberation/votes',
      { phase: 'open' },
      {
        表决事项: (v) => v.title,
        阶段: () => '投票中',
        表决范围: (v) => (v.electorate === 'owners' ? '业主共同决定' : '居民表决'),
        开始时间: (v) => local(v.opensAt),
        截止时间: (v) => local(v.closesAt),
        应投人数: (v) => v.voters,
        已投票数: (v) => v.ballots,
      },
    );
    assert.ok(votes.listed.length > 0);
  });

  test('field visits, by method', async () => {
    const worker = await t.login('grid_datieguan_01');
    const persons = await listAll(worker, '/api/org/persons');
    for (const [person, method] of [
      [persons[0]!, 'home'],
      [persons[1]!, 'home'],
      [persons[2]!, 'phone'],
    ] as const) {
      const res = await worker.post('/api/field/visits', {
        personId: person.id,
        method,
        notes: `导出测试走访 ${method}`,
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const filters = { method: 'home' };
    const { listed } = await sameAsList(community, 'field-visits', '/api/field/visits', filters, {
      走访时间: (v) => local(v.visitedAt),
      走访对象: (v) => v.subjectName,
      方式: () => '入户走访',
      走访人: (v) => v.visitorName,
      走访情况: (v) => text(v.notes),
    });
    assert.equal(listed.length, 2);
  });

  test('invitations: a person’s name stays masked as the list shows it', async () => {
    const name = '林晓梅';
    const person = await f.person((await listAll(community, '/api/org/persons'))[0]!.communityId, { name });
    const issued = await community.post('/api/auth/invitations', { kind: 'person', targetId: person.id });
    assert.equal(issued.statusCode, 200, issued.body);
    const filters = { kind: 'person' };
    const { listed, body } = await sameAsList(community, 'invitations', '/api/auth/invitations', filters, {
      类型: () => '居民邀请码',
      对象: (i) => i.targetName,
      社区: (i) => i.communityName,
      状态: () => '可使用',
      有效期至: (i) => local(i.expiresAt),
      发放时间: (i) => local(i.createdAt),
    });
    assert.ok(listed.some((i) => i.targetName === '林*梅'));
    assert.ok(!body.flat().some((cell) => String(cell).includes(name)), 'the whole name is nowhere in the file');
  });
});
