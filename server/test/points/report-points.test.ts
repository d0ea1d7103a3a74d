import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint, report } from '../support/matters.ts';

/** 文明行为银行 (seed 004): points for a 随手拍 report that staff took up and resolved. */
describe('points for good reports', () => {
  let t: TestApp;
  let resident: Client;
  let worker: Client;
  let community: Client;
  let datieguan: number;
  let home: { lat: number; lng: number; address: string };
  /** What the demo data earned the resident for reports today, before these tests. */
  let before0 = 0;
  let today = '';

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '200' });
    const admin = await t.login('admin');
    resident = await t.login('resident_demo');
    worker = await t.login('grid_datieguan_01');
    community = await t.login('community_datieguan');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
    home = await buildingPoint(admin, '打铁关小区1幢');
    // Rules apply from a date on; this one from today (the test clock's China date), with room
    // for two more reports under its daily cap.
    today = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    await t.services.jobs.drain(); // what the demo data's resolved reports earned
    before0 = await earnedForReports();
    const rule = await community.post('/api/points/rules', {
      communityId: datieguan,
      eventType: 'report.accepted',
      pointsPerUnit: 5,
      dailyCap: before0 + 10,
      effectiveFrom: today,
    });
    assert.equal(rule.statusCode, 201, rule.body);
  });
  after(() => t.close());

  /** What the resident has earned for reports today (China time), from their statement. */
  async function earnedForReports() {
    const lines = (await resident.get('/api/points/me/statement?limit=100')).json().items as Array<{
      at: string;
      amount: number;
      memo: string;
      reference: { type: string } | null;
    }>;
    const chinaDate = (at: string) => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    const ours = lines.filter((l) => l.reference?.type === 'report.accepted' && chinaDate(l.at) === today);
    assert.ok(
      ours.every((l) => l.memo.startsWith('随手拍')),
      'each posting says what it was for',
    );
    return ours.reduce((sum, l) => sum + l.amount, 0);
  }
  const reported = async () => {
    const res = await report(resident, 'event.environment.exposed_garbage', home);
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as number;
  };
  const act = async (id: number, action: string, body: Record<string, unknown> = {}) => {
    const res = await worker.post(`/api/matters/${id}/${action}`, body);
    assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
  };
  const resolve = async (id: number) => {
    await act(id, 'accept');
    await act(id, 'start');
    await act(id, 'resolve', { note: '已清运' });
    await t.services.jobs.drain();
  };

  test('a resolved report earns once, even resolved again after a reopen; rejected and merged ones earn nothing', async () => {
    const first = await reported();
    await act(first, 'accept');
    await t.services.jobs.drain();
    assert.equal(await earnedForReports(), before0, 'nothing while it is only accepted');
    await act(first, 'start');
    await act(first, 'resolve', { note: '已清运' });
    await t.services.jobs.drain();
    assert.equal(await earnedForReports(), before0 + 5);

    assert.equal((await resident.post(`/api/matters/${first}/reopen`, { reason: '又堆上了' })).statusCode, 200);
    await act(first, 'accept');
    await act(first, 'start');
    await act(first, 'resolve', { note: '再次清运' });
    await t.services.jobs.drain();
    assert.equal(await earnedForReports(), before0 + 5, 'the same report does not earn twice');

    const rejected = await reported();
    await act(rejected, 'reject', { reason: '非本社区事项' });
    const merged = await reported();
    await act(merged, 'merge', { intoId: first });
    await t.services.jobs.drain();
    assert.equal(await earnedForReports(), before0 + 5, 'a rejected or merged report earns nothing');
  });

  test("the community's daily cap holds", async () => {
    // 5 a report, room for two today: the first test used one, so one more of three fits.
    for (let i = 0; i < 3; i++) await resolve(await reported());
    assert.equal(await earnedForReports(), before0 + 10);
  });
});
