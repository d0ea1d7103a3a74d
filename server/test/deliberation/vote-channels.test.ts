import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import * as authRepo from '../../src/modules/auth/repository.ts';
import { hashPassword } from '../../src/modules/auth/service.ts';
import * as orgRepo from '../../src/modules/org/repository.ts';
import { translate } from '../../src/platform/i18n.ts';
import { multipart } from '../support/csv.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

/** Paper and proxy ballots (纸质票, 委托): one ballot per elector whatever the channel, audited, counted by channel. */
describe('deliberation: paper and proxy ballots', () => {
  let t: TestApp;
  let staff: Client;
  let datieguan: number;
  let passwordHash: string;
  let photo: string;
  let buildings = 0;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500' });
    const admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    datieguan = (await demoIndex(admin)).division('打铁关社区').id;
    passwordHash = await hashPassword('gongzhi-demo');
    const jpeg = await sharp({ create: { width: 40, height: 60, channels: 3, background: '#fff' } })
      .jpeg()
      .toBuffer();
    const { payload, headers } = multipart('photo', 'sheet.jpg', jpeg);
    photo = (await staff.raw({ method: 'POST', url: '/api/media', payload, headers })).json().token;
  });
  after(() => t.close());

  /** A building of its own with one owner (an account) per household of the given floor areas. */
  async function owners(areas: number[]) {
    const db = t.services.database.db;
    const name = `纸质票楼${++buildings}`;
    const building = (await staff.post('/api/org/buildings', { communityId: datieguan, name })).json();
    const clients: Client[] = [];
    const households: number[] = [];
    for (const [i, area] of areas.entries()) {
      const household = await orgRepo.ensureHousehold(db, building.id, null, `${101 + i}`, area, t.clock.now());
      const personId = await orgRepo.insertPerson(db, {
        community_id: datieguan,
        created_at: t.clock.now(),
        updated_at: t.clock.now(),
        building_id: building.id,
        household_id: household,
        name: `王${'一二三四五六七八九十'[i]}明`,
        is_owner: true,
        birth_date: '1950-01-01',
      });
      const username = `paper${buildings}_owner_${i}`;
      const userId = await authRepo.insertUser(
        db,
        { username, phone: null, displayName: `业主${i}`, passwordHash, personId },
        t.clock.now(),
      );
      await authRepo.insertGrants(
        db,
        userId,
        [{ role: 'resident', divisionId: datieguan, gridId: null }],
        t.clock.now(),
      );
      clients.push(await t.login(username));
      households.push(household);
    }
    return { buildingId: building.id as number, clients, keys: households.map((h) => `h${h}`), name };
  }

  async function vote(buildingId: number, extra: Record<string, unknown> = {}) {
    const now = t.clock.now();
    const created = await staff.post('/api/deliberation/votes', {
      communityId: datieguan,
      title: '加装电梯业主表决',
      question: '是否同意本楼加装电梯？',
      electorate: 'owners',
      special: true,
      scopeKind: 'buildings',
      buildingIds: [buildingId],
      noticeAt: now.toISOString(),
      opensAt: now.toISOString(),
      closesAt: new Date(now.getTime() + 24 * 3_600_000).toISOString(),
      ...extra,
    });
    assert.equal(created.statusCode, 201, created.body);
    return created.json() as { id: number; secondBallot: string; voters: number };
  }

  /** Why a request was refused, in words (the first detail's message). */
  const why = (answer: { json: () => { error: { details: Array<{ message: string }> } } }) =>
    answer.json().error.details[0]?.message ?? '';

  const enter = (voteId: number, body: Record<string, unknown>, as: Client = staff) =>
    as.post(`/api/deliberation/votes/${voteId}/entries`, { photos: [photo], choice: 'agree', ...body });

  const audits = (voteId: number) =>
    t.services.database.db
      .selectFrom('platform.audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('entity_type', '=', 'vote')
      .where('entity_id', '=', String(voteId))
      .orderBy('id')
      .execute();

  test('first_stands (the default): one ballot per elector across channels; the refusals say why; entries are audited', async () => {
    const { buildingId, clients, keys } = await owners([90, 90, 90, 60]);
    const v = await vote(buildingId);
    assert.equal(v.secondBallot, 'first_stands', 'the default');

    // Household 0 votes on paper, then its owner tries online: refused, saying it voted on paper.
    const paper = await enter(v.id, { channel: 'paper', voterKey: keys[0] });
    assert.equal(paper.statusCode, 201, paper.body);
    assert.equal(paper.json().channel, 'paper');
    assert.equal(paper.json().people[0].name, '王*明', 'names masked');
    const online = await clients[0]!.post(`/api/deliberation/votes/${v.id}/ballot`, { choice: 'oppose' });
    assert.equal(online.statusCode, 409);
    assert.equal(why(online), translate('zh-CN', 'deliberation.voted_on_paper'));
    assert.match(why(online), /纸质票/);
    const seen = (await clients[0]!.get(`/api/deliberation/votes/${v.id}`)).json();
    assert.deepEqual([seen.myChannel, seen.myChoice, seen.secondBallot], ['paper', 'agree', 'first_stands']);

    // Household 1 votes online; then neither paper nor proxy goes in for it.
    assert.equal(
      (await clients[1]!.post(`/api/deliberation/votes/${v.id}/ballot`, { choice: 'agree' })).statusCode,
      200,
    );
    const late = await enter(v.id, { channel: 'paper', voterKey: keys[1], choice: 'oppose' });
    assert.equal(late.statusCode, 409);
    assert.equal(why(late), translate('zh-CN', 'deliberation.elector_voted_online'));
    const lateProxy = await enter(v.id, { channel: 'proxy', voterKey: keys[1], proxyName: '李四' });
    assert.equal(lateProxy.statusCode, 409);

    // Household 2 by proxy; a second proxy or paper ballot for it is refused, online too.
    const proxy = await enter(v.id, { channel: 'proxy', voterKey: keys[2], proxyName: '张小华', choice: 'oppose' });
    assert.equal(proxy.statusCode, 201, proxy.body);
    assert.equal(proxy.json().proxyName, '张*华', 'the proxy holder masked');
    assert.equal(
      why(await enter(v.id, { channel: 'paper', voterKey: keys[2] })),
      translate('zh-CN', 'deliberation.elector_voted_proxy'),
    );
    const onlineAfterProxy = await clients[2]!.post(`/api/deliberation/votes/${v.id}/ballot`, { choice: 'agree' });
    assert.equal(why(onlineAfterProxy), translate('zh-CN', 'deliberation.voted_by_proxy'));
    const reveal = await staff.post(`/api/deliberation/votes/${v.id}/entries/${proxy.json().id}/reveal`);
    assert.equal(reveal.json().proxyName, '张小华');

    const view = (await staff.get(`/api/deliberation/votes/${v.id}`)).json();
    assert.deepEqual(view.ballotsByChannel, { online: 1, paper: 1, proxy: 1 });
    assert.equal(view.ballots, 3);
    const entries = (await staff.get(`/api/deliberation/votes/${v.id}/entries`)).json().items;
    assert.deepEqual(
      entries.map((e: { channel: string; voterKey: string; enteredBy: string }) => [e.channel, e.voterKey]),
      [
        ['proxy', keys[2]],
        ['paper', keys[0]],
      ],
    );
    const roll = (await staff.get(`/api/deliberation/votes/${v.id}/electors?q=103`)).json();
    assert.deepEqual(
      roll.items.map((e: { voterKey: string; channel: string | null }) => [e.voterKey, e.channel]),
      [[keys[2], 'proxy']],
    );

    const rows = await audits(v.id);
    const staffId = staff.me!.id as number;
    const entered = rows.filter((r) => r.action.endsWith('_ballot'));
    assert.deepEqual(
      entered.map((r) => [r.action, r.actor_id, r.details.voterKey, r.details.replacedOnline]),
      [
        ['deliberation.vote.paper_ballot', staffId, keys[0], false],
        ['deliberation.vote.proxy_ballot', staffId, keys[2], false],
      ],
    );
    assert.ok(rows.some((r) => r.action === 'deliberation.vote.proxy_reveal'));
    assert.ok(
      !JSON.stringify(rows).includes('张小华') && !JSON.stringify(rows).includes('"oppose"'),
      'no proxy name and no choice in the audit',
    );
  });

  test('paper_replaces_online: a paper or proxy ballot replaces an online one on record; online after paper is still refused; online changes follow allowChange', async () => {
    const { buildingId, clients, keys } = await owners([80, 80, 80]);
    const v = await vote(buildingId, { secondBallot: 'paper_replaces_online', allowChange: true });
    assert.equal(v.secondBallot, 'paper_replaces_online');
    const ballot = (i: number, choice: string) =>
      clients[i]!.post(`/api/deliberation/votes/${v.id}/ballot`, { choice });
    assert.equal((await ballot(0, 'agree')).statusCode, 200);
    assert.equal((await ballot(0, 'oppose')).statusCode, 200, 'online → online: allowChange');
    const replaced = await enter(v.id, { channel: 'paper', voterKey: keys[0], choice: 'agree' });
    assert.equal(replaced.statusCode, 201, replaced.body);
    assert.equal(replaced.json().replacedOnline, true);
    assert.ok(replaced.json().replacedCastAt);
    const mine = (await clients[0]!.get(`/api/deliberation/votes/${v.id}`)).json();
    assert.deepEqual([mine.myChannel, mine.myChoice, mine.ballots], ['paper', 'agree', 1], 'still one ballot');
    assert.equal(why(await ballot(0, 'oppose')), translate('zh-CN', 'deliberation.voted_on_paper'));
    // A proxy replaces an online ballot too; a paper after the proxy is refused.
    assert.equal((await ballot(1, 'oppose')).statusCode, 200);
    assert.equal((await enter(v.id, { channel: 'proxy', voterKey: keys[1], proxyName: '赵六' })).statusCode, 201);
    assert.equal((await enter(v.id, { channel: 'paper', voterKey: keys[1] })).statusCode, 409);
    const rows = (await audits(v.id)).filter((r) => r.action.endsWith('_ballot'));
    assert.deepEqual(
      rows.map((r) => r.details.replacedOnline),
      [true, true],
    );
    const view = (await staff.get(`/api/deliberation/votes/${v.id}`)).json();
    assert.deepEqual(view.ballotsByChannel, { online: 0, paper: 1, proxy: 1 });
  });

  test('the result by channel, with the art. 278 reckoning over all channels (worked numbers)', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    // Ten owner households, 1,000 m² in all: 100 m² each except 101–102 (120) and 109–110 (80).
    const areas = [120, 120, 100, 100, 100, 100, 100, 100, 80, 80];
    const { buildingId, clients, keys } = await owners(areas);
    const v = await vote(buildingId);
    assert.equal(v.voters, 10);
    // Online: 0–5 (agree ×5, oppose ×1 [household 5]); paper: 6, 7 agree, 8 oppose; proxy: 9 agree.
    for (const [i, choice] of ['agree', 'agree', 'agree', 'agree', 'agree', 'oppose'].entries())
      assert.equal((await clients[i]!.post(`/api/deliberation/votes/${v.id}/ballot`, { choice })).statusCode, 200);
    for (const [i, choice] of [
      [6, 'agree'],
      [7, 'agree'],
      [8, 'oppose'],
    ] as const)
      assert.equal((await enter(v.id, { channel: 'paper', voterKey: keys[i], choice })).statusCode, 201);
    assert.equal((await enter(v.id, { channel: 'proxy', voterKey: keys[9], proxyName: '钱七' })).statusCode, 201);
    const open = (await staff.get(`/api/deliberation/votes/${v.id}`)).json();
    assert.equal(open.result, null, 'no running count while voting');

    t.clock.set(new Date(start.getTime() + 25 * 3_600_000));
    const counted = (await (await t.login('community_datieguan')).post(`/api/deliberation/votes/${v.id}/count`)).json();
    const { tallies, channels, reckoning: r } = counted.result;
    assert.deepEqual(channels, {
      online: { ballots: 6, areaM2: 640 },
      paper: { ballots: 3, areaM2: 280 },
      proxy: { ballots: 1, areaM2: 80 },
    });
    const agree = tallies.find((x: { key: string }) => x.key === 'agree');
    // agree: online 120+120+100+100+100 = 540, paper 100+100 = 200, proxy 80 → 8 ballots, 820 m².
    assert.deepEqual([agree.ballots, agree.areaM2], [8, 820]);
    assert.deepEqual(agree.byChannel, {
      online: { ballots: 5, areaM2: 540 },
      paper: { ballots: 2, areaM2: 200 },
      proxy: { ballots: 1, areaM2: 80 },
    });
    const oppose = tallies.find((x: { key: string }) => x.key === 'oppose');
    assert.deepEqual([oppose.ballots, oppose.areaM2], [2, 180]);
    // Everyone took part (10/10, 1,000/1,000 m²); agreement 8/10 by count and 820/1,000 m² ≥ 3/4 (special).
    assert.deepEqual([r.participationByCount.num, r.participationByCount.den], [10, 10]);
    assert.deepEqual([r.agreementByCount.num, r.agreementByCount.den], [8, 10]);
    assert.deepEqual([r.agreementByArea.num, r.agreementByArea.den], [82_000, 100_000]);
    assert.equal(r.rule, 'art278_special');
    assert.equal(r.passed, true);
  });

  test('bad input is refused with 4xx and changes nothing; staff of another community are refused', async () => {
    const { buildingId, clients, keys } = await owners([90, 90]);
    const v = await vote(buildingId);
    const before = (await staff.get(`/api/deliberation/votes/${v.id}`)).json().ballots;
    const cases: Array<[Record<string, unknown>, number]> = [
      [{ channel: 'paper', voterKey: keys[0], photos: [] }, 400], // no photo of the sheet
      [{ channel: 'paper', voterKey: keys[0], choice: 'maybe' }, 400], // no such option
      [{ channel: 'paper', voterKey: 'h999999' }, 400], // not on the roll
      [{ channel: 'paper', voterKey: 'x1' }, 400],
      [{ channel: 'proxy', voterKey: keys[0] }, 400], // a proxy without its holder
      [{ channel: 'paper', voterKey: keys[0], proxyName: '某人' }, 400],
      [{ channel: 'online', voterKey: keys[0] }, 400], // staff enter paper and proxy only
      [{ channel: 'paper', voterKey: keys[0], photos: ['abcdefghijklmnopqrstuv'] }, 400], // not an upload of theirs
    ];
    for (const [body, status] of cases) {
      const answer = await enter(v.id, body);
      assert.equal(answer.statusCode, status, `${JSON.stringify(body)}: ${answer.body}`);
    }
    // An owner is no staff: 403; staff of 王马社区 do not even see it: 404.
    assert.equal((await enter(v.id, { channel: 'paper', voterKey: keys[0] }, clients[1]!)).statusCode, 403);
    const ix = await demoIndex(await t.login('admin'));
    const other = await addUser(t, 'wangma_paper_staff', [
      { role: 'community_admin', divisionId: ix.division('王马社区').id, gridId: null },
    ]);
    assert.equal((await enter(v.id, { channel: 'paper', voterKey: keys[0] }, other)).statusCode, 404);
    assert.equal((await other.get(`/api/deliberation/votes/${v.id}/electors`)).statusCode, 404);
    assert.equal((await other.get(`/api/deliberation/votes/${v.id}/entries`)).statusCode, 404);
    assert.equal((await clients[0]!.get(`/api/deliberation/votes/${v.id}/electors`)).statusCode, 403);
    const afterAll = (await staff.get(`/api/deliberation/votes/${v.id}`)).json();
    assert.equal(afterAll.ballots, before, 'no ballot went in');
    assert.equal((await staff.get(`/api/deliberation/votes/${v.id}/entries`)).json().items.length, 0);
    assert.equal((await audits(v.id)).filter((r) => r.action.endsWith('_ballot')).length, 0);
    // A vote not open takes no entries.
    const now = t.clock.now();
    const later = await vote(buildingId, {
      noticeAt: now.toISOString(),
      opensAt: new Date(now.getTime() + 3_600_000).toISOString(),
    });
    assert.equal((await enter(later.id, { channel: 'paper', voterKey: keys[0] })).statusCode, 409);
  });
});
