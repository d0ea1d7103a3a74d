import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { exportMatchesList } from '../support/spreadsheet.ts';
import { addUser } from '../support/users.ts';

/**
 * Merchant credit (商户信用分): a score from dated evidence, as the README documents it —
 * base 80, each line's points × 0.5^(age / half-life) rounded to the hundredth, summed,
 * rounded once (half up) and clamped to 0–100; A ≥ 90, B ≥ 75, C ≥ 60, D below.
 */
describe('merchant credit', () => {
  let t: TestApp;
  let community: Client;
  let merchant: Client;
  let admin: Client;
  let stranger: Client;
  let shop: number;
  let datieguan: number;
  let dataDir: string;

  const divisionNamed = async (name: string) =>
    (
      await t.services.database.db
        .selectFrom('org.divisions')
        .select('id')
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
  const evidenceCount = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('credit.evidence')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** The decayed contribution of a line by the documented formula, in points (2 decimals). */
  const decayed = (points: number, ageDays: number, halfLifeDays: number) =>
    Math.round(points * 100 * 0.5 ** (ageDays / halfLifeDays)) / 100;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-credit-'));
    t = await startTestApp({ DATA_DIR: dataDir });
    t.clock.set(new Date('2026-03-10T02:00:00Z')); // 10:00 in Hangzhou, local day 2026-03-10
    community = await t.login('community_datieguan');
    merchant = await t.login('merchant_demo');
    admin = await t.login('admin');
    datieguan = await divisionNamed('打铁关社区');
    stranger = await addUser(t, 'credit_gexiang', [
      { role: 'community_admin', divisionId: await divisionNamed('葛巷社区'), gridId: null },
    ]);
    shop = (await merchant.get('/api/points/merchants/mine')).json().id;
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const add = (body: Record<string, unknown>, who: Client = community, id = shop) =>
    who.post(`/api/credit/merchants/${id}/evidence`, body);

  test('the score is the documented formula of the evidence, and every point traces to a line', async () => {
    const fresh = (await community.get(`/api/credit/merchants/${shop}`)).json();
    assert.equal(fresh.score, 80);
    assert.equal(fresh.grade, 'B');
    for (const body of [
      { kind: 'inspection', occurredOn: '2025-03-10', points: -10, note: '后厨卫生不合格' }, // 365 days, half-life 365
      { kind: 'complaint', occurredOn: '2025-09-11', points: -6, note: '12345 投诉' }, // 180 days, half-life 180
      { kind: 'fix', occurredOn: '2026-03-10', points: 5, note: '按期整改' }, // today
      { kind: 'alarm', occurredOn: '2025-12-10', points: -4, note: '烟感告警' }, // 90 days, half-life 180
      { kind: 'civic', occurredOn: '2023-01-01', points: 4, note: '志愿服务' }, // older than 24 months: nothing
    ]) {
      const res = await add(body);
      assert.equal(res.statusCode, 201, res.body);
    }
    // By hand: 80 − 5 − 3 + 5 − 4/√2 (−2.83) + 0 = 74.17 → 74, grade C.
    const expected = [
      { kind: 'civic', contribution: 0, excluded: 'expired' },
      { kind: 'inspection', contribution: -5 },
      { kind: 'complaint', contribution: -3 },
      { kind: 'alarm', contribution: decayed(-4, 90, 180) },
      { kind: 'fix', contribution: 5 },
    ];
    assert.equal(decayed(-4, 90, 180), -2.83);
    const b = (await community.get(`/api/credit/merchants/${shop}`)).json();
    assert.deepEqual(
      b.lines.map((l: { kind: string; contribution: number }) => l.kind),
      expected.map((e) => e.kind),
    );
    for (const [i, e] of expected.entries()) assert.equal(b.lines[i].contribution, e.contribution, e.kind);
    assert.equal(b.lines[0].excluded, 'expired');
    assert.equal(b.base, 80);
    assert.equal(b.total, 74.17);
    const sum = b.lines.reduce((s: number, l: { contribution: number }) => s + Math.round(l.contribution * 100), 0);
    assert.equal(8000 + sum, Math.round(b.total * 100), 'base + the lines = the total');
    assert.equal(b.score, 74);
    assert.equal(b.grade, 'C');
    assert.equal(b.clamped, false);
    assert.deepEqual(b.stored, { score: 74, grade: 'C', asOf: '2026-03-10' }, 'recomputed on the new evidence');
    for (const l of b.lines)
      assert.deepEqual(l.source, { module: 'staff', ref: String(community.me!.id), recordedBy: community.me!.id });
    // The same evidence gives the same score, asked again or recomputed.
    const again = (await community.get(`/api/credit/merchants/${shop}`)).json();
    assert.deepEqual(again, b);
    // As of a later day the same evidence decays further, deterministically.
    const later = (await community.get(`/api/credit/merchants/${shop}?asOf=2026-09-06`)).json();
    const laterTotal =
      80 + decayed(-10, 545, 365) + decayed(-6, 360, 180) + decayed(5, 180, 365) + decayed(-4, 270, 180);
    assert.equal(later.total, Math.round(laterTotal * 100) / 100);
    assert.equal(later.score, Math.round(laterTotal));
  });

  test('the merchant sees the same breakdown as staff', async () => {
    const staffView = (await community.get(`/api/credit/merchants/${shop}`)).json();
    const own = await merchant.get('/api/credit/mine');
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(own.json(), staffView);
    assert.equal((await admin.get('/api/credit/mine')).statusCode, 404, 'no merchant of his own');
    assert.equal((await merchant.get(`/api/credit/merchants/${shop}`)).statusCode, 403);
    assert.equal(
      (
        await merchant.post(`/api/credit/merchants/${shop}/evidence`, {
          kind: 'fix',
          occurredOn: '2026-03-01',
          points: 10,
        })
      ).statusCode,
      403,
    );
  });

  test('bad input is refused with 4xx and changes nothing', async () => {
    const before = await evidenceCount();
    const score = (await community.get(`/api/credit/merchants/${shop}`)).json().score;
    for (const bad of [
      { kind: 'inspection', occurredOn: '2026-03-01', points: 6 }, // above the inspection bound (+5)
      { kind: 'complaint', occurredOn: '2026-03-01', points: 1 }, // complaints only take points
      { kind: 'inspection', occurredOn: '2026-03-11', points: -2 }, // tomorrow
      { kind: 'voucher', occurredOn: '2026-03-01', points: 1 }, // not recorded by hand
      { kind: 'inspection', occurredOn: '2026-02-30', points: -2 },
      { kind: 'inspection', occurredOn: '2026-03-01', points: -2.5 },
    ]) {
      const res = await add(bad);
      assert.equal(res.statusCode, 400, JSON.stringify(bad));
    }
    assert.equal((await add({ kind: 'fix', occurredOn: '2026-03-01', points: 1 }, community, 999_999)).statusCode, 404);
    assert.equal((await merchant.post('/api/credit/mine/appeals', { kind: 'appeal', reason: '不对' })).statusCode, 400);
    assert.equal(
      (await merchant.post('/api/credit/mine/appeals', { kind: 'appeal', evidenceId: 999_999, reason: '不对' }))
        .statusCode,
      400,
    );
    const line = (await merchant.get('/api/credit/mine')).json().lines[0].id;
    assert.equal(
      (
        await merchant.post('/api/credit/mine/appeals', {
          kind: 'appeal',
          evidenceId: line,
          reason: '照片不是我的',
          photos: ['not-a-token-of-mine'],
        })
      ).statusCode,
      400,
    );
    assert.equal((await community.get('/api/credit/appeals')).json().items.length, 0);
    assert.equal(await evidenceCount(), before);
    assert.equal((await community.get(`/api/credit/merchants/${shop}`)).json().score, score);
  });

  test("another community's staff sees nothing", async () => {
    assert.equal((await stranger.get(`/api/credit/merchants/${shop}`)).statusCode, 404);
    assert.equal((await add({ kind: 'fix', occurredOn: '2026-03-01', points: 1 }, stranger)).statusCode, 404);
    const listed = (await stranger.get('/api/credit/merchants?limit=200')).json().items;
    assert.ok(!listed.some((m: { id: number }) => m.id === shop));
    const priority = (await stranger.get('/api/credit/priority?limit=200')).json().items;
    assert.ok(!priority.some((m: { id: number }) => m.id === shop));
    assert.equal((await stranger.get('/api/credit/appeals')).json().items.length, 0);
    assert.equal((await stranger.post(`/api/credit/merchants/${shop}/card`)).statusCode, 404);
    assert.equal((await stranger.get(`/api/credit/merchants?areaId=${datieguan}`)).json().items.length, 0);
  });

  test('an appeal changes the score only when granted; credit repair adds a line', async () => {
    const b0 = (await merchant.get('/api/credit/mine')).json();
    const complaint = b0.lines.find((l: { kind: string }) => l.kind === 'complaint');
    const filed = await merchant.post('/api/credit/mine/appeals', {
      kind: 'appeal',
      evidenceId: complaint.id,
      reason: '投诉对象不是本店',
    });
    assert.equal(filed.statusCode, 201, filed.body);
    assert.equal(
      (
        await merchant.post('/api/credit/mine/appeals', {
          kind: 'appeal',
          evidenceId: complaint.id,
          reason: '再次申诉',
        })
      ).statusCode,
      409,
      'one pending appeal per line',
    );
    assert.equal((await merchant.get('/api/credit/mine')).json().total, b0.total, 'filing changes nothing');
    const queue = (await community.get('/api/credit/appeals?status=pending')).json().items;
    assert.deepEqual(
      queue.map((a: { id: number }) => a.id),
      [filed.json().id],
    );
    assert.equal(
      (await merchant.post(`/api/credit/appeals/${filed.json().id}/decide`, { grant: true })).statusCode,
      403,
    );
    const rejected = await community.post(`/api/credit/appeals/${filed.json().id}/decide`, {
      grant: false,
      note: '核实属实',
    });
    assert.equal(rejected.statusCode, 200, rejected.body);
    assert.equal(rejected.json().status, 'rejected');
    const b1 = (await merchant.get('/api/credit/mine')).json();
    assert.equal(b1.total, b0.total, 'a rejected appeal changes nothing');
    assert.equal(b1.stored.score, b0.stored.score);
    assert.equal(
      (await community.post(`/api/credit/appeals/${filed.json().id}/decide`, { grant: true })).statusCode,
      409,
    );

    const second = (
      await merchant.post('/api/credit/mine/appeals', { kind: 'appeal', evidenceId: complaint.id, reason: '有新证据' })
    ).json();
    const granted = await community.post(`/api/credit/appeals/${second.id}/decide`, {
      grant: true,
      note: '投诉对象有误',
    });
    assert.equal(granted.json().status, 'granted');
    const b2 = (await merchant.get('/api/credit/mine')).json();
    const voided = b2.lines.find((l: { id: number }) => l.id === complaint.id);
    assert.equal(voided.voided, true);
    assert.equal(voided.contribution, 0);
    assert.equal(b2.total, Math.round((b0.total - complaint.contribution) * 100) / 100);
    assert.equal(b2.score, 77);
    assert.equal(b2.stored.score, 77, 'recomputed on the decision');

    // Credit repair (信用修复) after the inspection's finding was fixed.
    const inspection = b2.lines.find((l: { kind: string }) => l.kind === 'inspection');
    const repair = (
      await merchant.post('/api/credit/mine/appeals', {
        kind: 'repair',
        evidenceId: inspection.id,
        reason: '已整改并复查合格',
      })
    ).json();
    assert.equal((await community.post(`/api/credit/appeals/${repair.id}/decide`, { grant: true })).statusCode, 400);
    const repaired = await community.post(`/api/credit/appeals/${repair.id}/decide`, { grant: true, repairPoints: 4 });
    assert.equal(repaired.statusCode, 200, repaired.body);
    const b3 = (await merchant.get('/api/credit/mine')).json();
    const line = b3.lines.find((l: { id: number }) => l.id === repaired.json().repairEvidenceId);
    assert.equal(line.kind, 'repair');
    assert.equal(line.contribution, 4);
    assert.deepEqual(line.source, { module: 'credit', ref: `appeal:${repair.id}`, recordedBy: community.me!.id });
    assert.equal(b3.score, 81);
    assert.equal(b3.grade, 'B');

    const audit = (await admin.get(`/api/audit?entityType=credit_appeal&entityId=${second.id}&limit=50`)).json().items;
    assert.deepEqual(audit.map((a: { action: string }) => a.action).sort(), [
      'credit.appeal.file',
      'credit.appeal.grant',
    ]);
  });

  test("the shop's public card shows our grade with its date and the regulator's grade apart", async () => {
    const card = await community.post(`/api/credit/merchants/${shop}/card`);
    assert.equal(card.statusCode, 200, card.body);
    const { token } = card.json();
    assert.ok(token.length >= 24);
    assert.equal((await merchant.post('/api/credit/mine/card')).json().token, token, 'one card per shop');
    const anon = t.anonymous();
    const shown = await anon.get(`/api/credit/cards/${token}`);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual(shown.json(), {
      name: '晨光文具（打铁关店）',
      grade: 'B',
      asOf: '2026-03-10',
      official: null,
      pledge: null,
    });
    const official = await community.post(`/api/credit/merchants/${shop}/official-grades`, {
      grade: 'C',
      gradedOn: '2026-02-01',
      issuer: '拱墅区市场监督管理局',
    });
    assert.equal(official.statusCode, 201, official.body);
    const pledge = await merchant.post('/api/credit/mine/pledges', {
      kind: 'fraud_free_shop',
      textVersion: '2026-v1',
      signedOn: '2026-03-09',
    });
    assert.equal(pledge.statusCode, 201, pledge.body);
    assert.equal(
      (
        await merchant.post('/api/credit/mine/pledges', {
          kind: 'fraud_free_shop',
          textVersion: '2026-v1',
          signedOn: '2026-03-09',
        })
      ).statusCode,
      409,
    );
    const after = (await anon.get(`/api/credit/cards/${token}`)).json();
    assert.equal(after.grade, 'B', 'our grade, not overwritten by the regulator’s C');
    assert.deepEqual(after.official, { grade: 'C', gradedOn: '2026-02-01', issuer: '拱墅区市场监督管理局' });
    assert.deepEqual(after.pledge, { kind: 'fraud_free_shop', textVersion: '2026-v1', signedOn: '2026-03-09' });
    const text = JSON.stringify(after);
    assert.ok(!text.includes('0571') && !text.includes('打铁关路'), 'no phone or address');
    // The pledge counts as civic participation: +3 signed yesterday.
    const b = (await community.get(`/api/credit/merchants/${shop}`)).json();
    const civic = b.lines.find((l: { source: { ref: string } }) => l.source.ref === 'pledge:fraud_free_shop:2026-v1');
    assert.equal(civic.contribution, decayed(3, 1, 365));
    assert.equal(b.official[0].grade, 'C');
    assert.equal((await anon.get('/api/credit/cards/AAAAAAAAAAAAAAAAAAAAAAAA')).statusCode, 404);
    const page = await anon.get(`/credit/card/${token}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.ok(page.body.includes('晨光文具（打铁关店）') && page.body.includes('C 较差'));
    assert.equal((await anon.get('/credit/card/nope')).statusCode, 404);
    const pdf = await anon.get(`/api/credit/cards/${token}/pdf`);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');
  });

  test("a merchant owner's volunteering counts once as civic participation", async () => {
    const db = t.services.database.db;
    const event = {
      userId: merchant.me!.id,
      communityId: datieguan,
      units: 2,
      memo: '志愿服务：清洁家园',
      referenceId: 'activity:4242',
    };
    for (let i = 0; i < 2; i++) {
      await db.transaction().execute((trx) => t.services.jobs.publish(trx, 'volunteer.hours_approved', event, null));
      await t.services.jobs.drain();
    }
    const lines = (await community.get(`/api/credit/merchants/${shop}`))
      .json()
      .lines.filter((l: { source: { module: string } }) => l.source.module === 'volunteer');
    assert.equal(lines.length, 1);
    assert.equal(lines[0].kind, 'civic');
    assert.equal(lines[0].points, 2);
  });

  test('the daily job keeps one snapshot per merchant per month; the priority list puts the worst first', async () => {
    const snapshots = async () =>
      (await community.get(`/api/credit/merchants/${shop}`)).json().snapshots.map((s: { month: string }) => s.month);
    await t.services.jobs.runScheduled('credit.daily');
    await t.services.jobs.runScheduled('credit.daily');
    assert.deepEqual(await snapshots(), ['2026-03']);
    t.clock.set(new Date('2026-04-01T19:00:00Z')); // 2026-04-02 03:00 local
    community = await t.login('community_datieguan');
    await t.services.jobs.runScheduled('credit.daily');
    await t.services.jobs.runScheduled('credit.daily');
    assert.deepEqual(await snapshots(), ['2026-04', '2026-03']);
    const b = (await community.get(`/api/credit/merchants/${shop}`)).json();
    assert.deepEqual(b.stored, { score: b.score, grade: b.grade, asOf: '2026-04-02' });

    const other = await community.post('/api/points/merchants', { communityId: datieguan, name: '老街面馆' });
    assert.equal(other.statusCode, 201, other.body);
    const noodle = other.json().id;
    await add({ kind: 'inspection', occurredOn: '2026-04-01', points: -20, note: '无证经营' }, community, noodle);
    await add({ kind: 'complaint', occurredOn: '2026-04-01', points: -10 }, community, noodle);
    const list = (await community.get('/api/credit/priority?limit=1')).json();
    assert.equal(list.items[0].id, noodle);
    assert.equal(list.items[0].grade, 'D');
    assert.equal(list.items[0].lastInspectionOn, '2026-04-01');
    assert.equal(list.items[0].daysSinceInspection, 1);
    const next = (await community.get(`/api/credit/priority?limit=1&cursor=${list.nextCursor}`)).json();
    assert.equal(next.items[0].id, shop);
    // The priority list exports in its own order, with the same rows.
    await exportMatchesList(
      t,
      community,
      'credit-priority',
      '/api/credit/priority',
      {},
      {
        商户: (m) => m.name as string,
        信用等级: (m) => m.grade as string,
        信用分: (m) => m.score as number,
      },
    );
    const ds = (await community.get('/api/credit/merchants?grade=D')).json().items;
    assert.deepEqual(
      ds.map((m: { id: number }) => m.id),
      [noodle],
    );
  });
});
