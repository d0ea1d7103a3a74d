import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { withIdCheckDigit } from '../../src/platform/personal-data.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

describe('invitation codes: staff issue them, a signed-in account redeems one', () => {
  let t: TestApp;
  let admin: Client;
  let community: Client;
  let index: Awaited<ReturnType<typeof demoIndex>>;
  let datieguan: number;
  let accounts = 0;
  let idSeq = 0;
  /** The ID numbers people were registered with, by person id. */
  const idNumbers = new Map<number, string>();

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000', BIND_ATTEMPTS_PER_HOUR: '3' });
    admin = await t.login('admin');
    community = await t.login('community_datieguan');
    index = await demoIndex(admin);
    datieguan = index.division('打铁关社区').id;
  });
  after(() => t.close());

  /** A new resident account of a community, not bound to anyone (as phone sign-up makes them). */
  const newcomer = (communityName = '京都苑社区') =>
    addUser(t, `newcomer${++accounts}`, [
      { role: 'resident', divisionId: index.division(communityName).id, gridId: null },
    ]);

  /** A person registered in a community by its administrator (or the district's). */
  const register = async (by: Client, communityId: number, name: string) => {
    const idNumber = withIdCheckDigit(`33010519850212${String(++idSeq).padStart(3, '0')}`);
    const res = await by.post('/api/org/persons', { communityId, name, idNumber });
    assert.equal(res.statusCode, 201, res.body);
    idNumbers.set(res.json().id, idNumber);
    return res.json().id as number;
  };

  const issue = async (by: Client, body: Record<string, unknown>) => {
    const res = await by.post('/api/auth/invitations', body);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as {
      code: string;
      joinUrl: string;
      invitation: { id: number; status: string; targetName: string; communityName: string; maxUses: number };
    };
  };

  const me = async (c: Client) => (await c.get('/api/auth/me')).json();

  /** The one refusal every code that does not work gets. */
  let refusal: unknown;

  test('a resident’s invitation binds the account to the person, once; the answer never says why a code fails', async () => {
    const personId = await register(community, datieguan, '林晓梅');
    const issued = await issue(community, { kind: 'person', targetId: personId });
    assert.match(issued.code, /^[A-HJ-NP-Z2-9]{8}$/, 'no 0, O, 1 or I');
    assert.ok(issued.joinUrl.endsWith(`/h5/join?code=${issued.code}`), issued.joinUrl);
    assert.equal(issued.invitation.targetName, '林*梅', 'the name masked');
    assert.equal(issued.invitation.communityName, '打铁关社区');
    assert.equal(issued.invitation.maxUses, 1);

    const resident = await newcomer();
    const typed = `${issued.code.slice(0, 4).toLowerCase()}-${issued.code.slice(4)}`;
    const redeemed = await resident.post('/api/auth/invitations/redeem', { code: typed });
    assert.equal(redeemed.statusCode, 200, redeemed.body);
    assert.deepEqual(redeemed.json(), { kind: 'person', communityName: '打铁关社区', targetName: '林晓梅' });
    const after = await me(resident);
    assert.equal(after.personId, personId);
    assert.deepEqual(
      after.roles.map((r: { role: string; divisionId: number }) => [r.role, r.divisionId]),
      [['resident', datieguan]],
      'home moves to the person’s community',
    );

    const second = await newcomer();
    const used = await second.post('/api/auth/invitations/redeem', { code: issued.code });
    assert.equal(used.statusCode, 400, 'single use');
    const wrong = await second.post('/api/auth/invitations/redeem', { code: 'ZZZZZZZZ' });
    assert.equal(wrong.statusCode, 400);
    const malformed = await second.post('/api/auth/invitations/redeem', { code: '0000' });
    assert.equal(malformed.statusCode, 400);
    assert.deepEqual(used.json().error, wrong.json().error, 'a used code reads like a wrong one');
    assert.deepEqual(malformed.json().error, wrong.json().error);
    assert.equal(wrong.json().error.details[0].path, 'body.code');
    refusal = wrong.json().error;

    const list = await community.get(`/api/auth/invitations?kind=person&targetId=${personId}`);
    assert.equal(list.statusCode, 200);
    assert.deepEqual(
      list.json().items.map((i: { status: string; uses: number }) => [i.status, i.uses]),
      [['used', 1]],
    );

    const audit = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', 'like', 'auth.invitation.%')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      [
        'auth.invitation.issue',
        'auth.invitation.redeem',
        'auth.invitation.redeem_failed',
        'auth.invitation.redeem_failed',
        'auth.invitation.redeem_failed',
      ],
    );
  });

  test('an account bound already cannot take another person’s invitation; a person with an account is refused', async () => {
    const personId = await register(community, datieguan, '周建国');
    const first = await issue(community, { kind: 'person', targetId: personId });
    const resident = await newcomer();
    assert.equal((await resident.post('/api/auth/invitations/redeem', { code: first.code })).statusCode, 200);
    const other = await register(community, datieguan, '周建军');
    const forOther = await issue(community, { kind: 'person', targetId: other });
    const again = await resident.post('/api/auth/invitations/redeem', { code: forOther.code });
    assert.equal(again.statusCode, 409, 'bound already');

    // No new invitation for a person who has an account now.
    assert.equal(
      (await community.post('/api/auth/invitations', { kind: 'person', targetId: personId })).statusCode,
      409,
    );

    // A code issued before the person bound another way: refused, and not spent.
    const bindLater = await register(community, datieguan, '周建华');
    const early = await issue(community, { kind: 'person', targetId: bindLater });
    const byIdentity = await newcomer();
    const bound = await byIdentity.post('/api/auth/bind', { name: '周建华', idNumber: idNumbers.get(bindLater) });
    assert.equal(bound.statusCode, 200, bound.body);
    const someoneElse = await newcomer();
    assert.equal((await someoneElse.post('/api/auth/invitations/redeem', { code: early.code })).statusCode, 409);
    const listed = await community.get(`/api/auth/invitations?kind=person&targetId=${bindLater}&status=open`);
    assert.equal(listed.json().items.length, 1, 'still open');
  });

  test('a new invitation for a person revokes the open one; codes expire and can be revoked', async () => {
    const personId = await register(community, datieguan, '陈美华');
    const old = await issue(community, { kind: 'person', targetId: personId });
    const fresh = await issue(community, { kind: 'person', targetId: personId });
    const resident = await newcomer();
    const stale = await resident.post('/api/auth/invitations/redeem', { code: old.code });
    assert.equal(stale.statusCode, 400);
    assert.deepEqual(stale.json().error, refusal, 'a revoked code reads like a wrong one');
    const statuses = await community.get(`/api/auth/invitations?kind=person&targetId=${personId}`);
    assert.deepEqual(
      statuses.json().items.map((i: { id: number; status: string }) => [i.id, i.status]),
      [
        [fresh.invitation.id, 'open'],
        [old.invitation.id, 'revoked'],
      ],
    );

    // INVITATION_TTL_DAYS is 30: a day past it, the code is dead (and the sessions too: sign in again).
    t.clock.advance(31 * 86_400_000);
    admin = await t.login('admin');
    community = await t.login('community_datieguan');
    const expired = await (await newcomer()).post('/api/auth/invitations/redeem', { code: fresh.code });
    assert.equal(expired.statusCode, 400);
    assert.deepEqual(expired.json().error, refusal, 'an expired code reads like a wrong one');
    const listed = await community.get(`/api/auth/invitations?status=expired&targetId=${personId}`);
    assert.deepEqual(
      listed.json().items.map((i: { id: number }) => i.id),
      [fresh.invitation.id],
    );

    const third = await issue(community, { kind: 'person', targetId: personId });
    const revoked = await community.post(`/api/auth/invitations/${third.invitation.id}/revoke`);
    assert.equal(revoked.statusCode, 200);
    assert.equal(revoked.json().status, 'revoked');
    assert.equal((await community.post(`/api/auth/invitations/${third.invitation.id}/revoke`)).statusCode, 409);
    const tooLate = await (await newcomer()).post('/api/auth/invitations/redeem', { code: third.code });
    assert.deepEqual(tooLate.json().error, refusal);
  });

  test('tries are limited per account (BIND_ATTEMPTS_PER_HOUR), even a good code after them', async () => {
    const personId = await register(community, datieguan, '吴秀英');
    const good = await issue(community, { kind: 'person', targetId: personId });
    const guesser = await newcomer();
    for (const code of ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC'])
      assert.equal((await guesser.post('/api/auth/invitations/redeem', { code })).statusCode, 400);
    const limited = await guesser.post('/api/auth/invitations/redeem', { code: good.code });
    assert.equal(limited.statusCode, 429);
    t.clock.advance(61 * 60_000);
    assert.equal((await guesser.post('/api/auth/invitations/redeem', { code: good.code })).statusCode, 200);
  });

  test('a mobile grid’s code makes couriers of as many as it allows; only for mobile grids in one’s area', async () => {
    const grid = index.grid('文晖骑手流动网格');
    assert.equal(grid.communityId, datieguan);
    const issued = await issue(community, { kind: 'mobile_grid', targetId: grid.id, maxUses: 2 });
    assert.equal(issued.invitation.targetName, '文晖骑手流动网格');
    for (let i = 0; i < 2; i++) {
      const rider = await newcomer();
      const res = await rider.post('/api/auth/invitations/redeem', { code: issued.code });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json(), { kind: 'mobile_grid', communityName: '打铁关社区', targetName: grid.name });
      const roles = (await me(rider)).roles as Array<{ role: string; gridId: number | null }>;
      assert.ok(roles.some((r) => r.role === 'courier' && r.gridId === grid.id));
      assert.equal((await me(rider)).personId, null, 'joining a grid binds no person');
      if (i === 0)
        assert.equal(
          (await rider.post('/api/auth/invitations/redeem', { code: issued.code })).statusCode,
          409,
          'in the grid already',
        );
    }
    const third = await (await newcomer()).post('/api/auth/invitations/redeem', { code: issued.code });
    assert.deepEqual(third.json().error, refusal, 'used up');

    const defaultUses = await issue(community, { kind: 'mobile_grid', targetId: grid.id });
    assert.equal(defaultUses.invitation.maxUses, 200);
    const resident = await community.post('/api/auth/invitations', {
      kind: 'mobile_grid',
      targetId: index.grid('和茶馆议事专属网格').id,
    });
    assert.equal(resident.statusCode, 400, 'not a mobile grid');
    const elsewhere = await community.post('/api/auth/invitations', {
      kind: 'mobile_grid',
      targetId: index.grid('康桥快递小哥流动网格').id,
    });
    assert.equal(elsewhere.statusCode, 403, 'outside the community');
    const gridWorker = await t.login('grid_datieguan_01');
    const byWorker = await gridWorker.post('/api/auth/invitations', { kind: 'mobile_grid', targetId: grid.id });
    assert.equal(byWorker.statusCode, 403, 'a grid worker grants no roles');
    const onePerson = await community.post('/api/auth/invitations', {
      kind: 'person',
      targetId: await register(community, datieguan, '孙丽'),
      maxUses: 5,
    });
    assert.equal(onePerson.statusCode, 400, 'a person’s code is used once');
  });

  test('a merchant’s code makes the account the merchant’s own', async () => {
    const created = await community.post('/api/points/merchants', {
      communityId: datieguan,
      name: '打铁关早餐店',
      address: '打铁关路 20 号',
      phone: '0571-88000020',
    });
    assert.equal(created.statusCode, 201, created.body);
    const merchantId = created.json().id as number;
    const issued = await issue(community, { kind: 'merchant', targetId: merchantId });
    const owner = await newcomer();
    const res = await owner.post('/api/auth/invitations/redeem', { code: issued.code });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { kind: 'merchant', communityName: '打铁关社区', targetName: '打铁关早餐店' });
    const mine = await owner.get('/api/points/merchants/mine');
    assert.equal(mine.statusCode, 200);
    assert.equal(mine.json().id, merchantId);
    const roles = (await me(owner)).roles as Array<{ role: string; divisionId: number | null }>;
    assert.ok(roles.some((r) => r.role === 'merchant' && r.divisionId === datieguan));
    const again = await (await newcomer()).post('/api/auth/invitations/redeem', { code: issued.code });
    assert.deepEqual(again.json().error, refusal, 'single use');
    assert.equal(
      (await community.post('/api/auth/invitations', { kind: 'merchant', targetId: merchantId })).statusCode,
      409,
      'the merchant has its account now',
    );

    const merchants = (await admin.get('/api/points/merchants?limit=50')).json().items as Array<{
      id: number;
      name: string;
    }>;
    const elsewhere = merchants.find((m) => m.name === '联华超市（仓前店）')!;
    const outside = await community.post('/api/auth/invitations', { kind: 'merchant', targetId: elsewhere.id });
    assert.equal(outside.statusCode, 403, 'a merchant of another community');
  });

  test('a community administrator issues, sees and revokes only inside the community', async () => {
    const away = index.division('葛巷社区').id;
    const outsider = await register(admin, away, '钱志强');
    const refused = await community.post('/api/auth/invitations', { kind: 'person', targetId: outsider });
    assert.equal(refused.statusCode, 403);
    const missing = await community.post('/api/auth/invitations', { kind: 'person', targetId: 999_999 });
    assert.equal(missing.statusCode, 404);

    const byDistrict = await issue(admin, { kind: 'person', targetId: outsider });
    const seen = (await community.get('/api/auth/invitations?limit=200')).json().items as Array<{ id: number }>;
    assert.ok(!seen.some((i) => i.id === byDistrict.invitation.id), 'not listed outside the area');
    assert.ok(seen.length > 0);
    const revoke = await community.post(`/api/auth/invitations/${byDistrict.invitation.id}/revoke`);
    assert.equal(revoke.statusCode, 404);

    const resident = await t.login('resident_demo');
    assert.equal((await resident.get('/api/auth/invitations')).statusCode, 403);
    assert.equal(
      (await resident.post('/api/auth/invitations', { kind: 'person', targetId: outsider })).statusCode,
      403,
    );
    const anonymous = t.anonymous();
    assert.equal((await anonymous.post('/api/auth/invitations/redeem', { code: byDistrict.code })).statusCode, 401);
  });

  test('an unbound account may not vote or earn points; bound by its invitation, it does both', async () => {
    const personId = await register(community, datieguan, '冯桂兰');
    const start = t.clock.now();
    const created = await community.post('/api/deliberation/votes', {
      communityId: datieguan,
      title: '楼道堆物清理日',
      question: '清理日定在周六还是周日？',
      electorate: 'residents',
      options: [
        { key: 'sat', label: '周六' },
        { key: 'sun', label: '周日' },
      ],
      noticeAt: start.toISOString(),
      opensAt: start.toISOString(),
      closesAt: new Date(start.getTime() + 24 * 3_600_000).toISOString(),
    });
    assert.equal(created.statusCode, 201, created.body);
    const voteId = created.json().id as number;
    const resident = await newcomer('打铁关社区');
    const unbound = await resident.post(`/api/deliberation/votes/${voteId}/ballot`, { choice: 'sat' });
    assert.equal(unbound.statusCode, 403, 'an account bound to no one has no ballot');
    const goodDeed = () =>
      t.services.points.award({
        userId: resident.me!.id,
        communityId: datieguan,
        eventType: 'good_deed.verified',
        units: 1,
        eventId: randomUUID(),
        at: t.clock.now(),
        memo: '好人好事',
      });
    assert.equal(await goodDeed(), 0, 'an account bound to no one earns nothing');

    const issued = await issue(community, { kind: 'person', targetId: personId });
    assert.equal((await resident.post('/api/auth/invitations/redeem', { code: issued.code })).statusCode, 200);
    const bound = await resident.post(`/api/deliberation/votes/${voteId}/ballot`, { choice: 'sat' });
    assert.equal(bound.statusCode, 200, bound.body);
    assert.ok((await goodDeed()) > 0, 'bound, it earns by the community’s rule');
  });

  test('every invitation route is in the OpenAPI document', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    assert.ok(doc.paths['/api/auth/invitations'].post);
    assert.ok(doc.paths['/api/auth/invitations'].get);
    assert.ok(doc.paths['/api/auth/invitations/{id}/revoke'].post);
    assert.ok(doc.paths['/api/auth/invitations/redeem'].post);
  });
});
