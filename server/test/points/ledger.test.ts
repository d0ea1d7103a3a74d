import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, describe, test } from 'node:test';
import { ledgerProblems } from '../../src/modules/points/ledger.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

describe('points ledger and vouchers', () => {
  let t: TestApp;
  let admin: Client;
  let merchant: Client;
  let ix: Awaited<ReturnType<typeof demoIndex>>;
  let datieguan: number;
  let voucherItem: { id: number; pricePoints: number; cashValueFen: number };
  let users = 0;

  before(async () => {
    // Balances are set up by corrections; their approval rule is tested in corrections.test.ts.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', POINTS_CORRECTION_APPROVAL_ABOVE: '1000000' });
    admin = await t.login('admin');
    merchant = await t.login('merchant_demo');
    ix = await demoIndex(admin);
    datieguan = ix.division('打铁关社区').id;
    const mine = (await merchant.get('/api/points/merchants/mine')).json();
    voucherItem = (await merchant.get(`/api/points/items?merchantId=${mine.id}`))
      .json()
      .items.find((i: { name: string }) => i.name === '10 元代金券');
  });
  afterEach(async () => assert.deepEqual(await ledgerProblems(t.services.database.db), []));
  after(() => t.close());

  /** A resident of 打铁关 given this many points by a staff correction. */
  const residentWith = async (balance: number) => {
    const client = await addUser(
      t,
      `points_resident_${++users}`,
      [{ role: 'resident', divisionId: datieguan, gridId: null }],
      `居民${users}`,
    );
    if (balance > 0) {
      const res = await admin.post('/api/points/corrections', {
        communityId: datieguan,
        userId: client.me!.id,
        amount: balance,
        reason: '测试发放',
        idempotencyKey: randomUUID(),
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    return client;
  };
  const exchange = (client: Client, key = randomUUID(), itemId = voucherItem.id) =>
    client.post('/api/points/vouchers', { itemId, idempotencyKey: key });
  const balanceOf = async (client: Client) =>
    (await client.get('/api/points/me')).json() as { balance: number; held: number };
  const postings = async () =>
    Number(
      (
        await t.services.database.db
          .selectFrom('points.postings')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  test('200 exchanges at once against a balance for 10: exactly 10 vouchers, nothing left, nothing overdrawn', async () => {
    const resident = await residentWith(voucherItem.pricePoints * 10);
    const results = await Promise.all(Array.from({ length: 200 }, () => exchange(resident)));
    const codes = results.map((r) => r.statusCode);
    assert.equal(
      codes.filter((c) => c === 201).length,
      10,
      results.find((r) => r.statusCode !== 201 && r.statusCode !== 409)?.body,
    );
    assert.equal(codes.filter((c) => c === 409).length, 190);
    assert.match(results.find((r) => r.statusCode === 409)!.json().error.details[0].message, /积分不足/);
    assert.deepEqual(await balanceOf(resident), {
      ...(await balanceOf(resident)),
      balance: 0,
      held: voucherItem.pricePoints * 10,
    });
    const vouchers = (await resident.get('/api/points/vouchers?limit=100')).json().items;
    assert.equal(vouchers.length, 10);
    assert.equal(new Set(vouchers.map((v: { code: string }) => v.code)).size, 10, 'every voucher its own code');
  });

  test('a retried request with its key returns the first voucher and posts nothing; a key reused for another thing is refused', async () => {
    const resident = await residentWith(voucherItem.pricePoints * 3);
    const key = randomUUID();
    const first = await exchange(resident, key);
    assert.equal(first.statusCode, 201, first.body);
    const before = { postings: await postings(), balance: await balanceOf(resident) };
    const replays = await Promise.all([exchange(resident, key), exchange(resident, key), exchange(resident, key)]);
    for (const r of replays) {
      assert.equal(r.statusCode, 201, r.body);
      assert.equal(r.json().id, first.json().id);
      assert.equal(r.json().code, first.json().code);
    }
    assert.equal(await postings(), before.postings);
    assert.deepEqual(await balanceOf(resident), before.balance);
    const other = (await merchant.get('/api/points/items'))
      .json()
      .items.find((i: { name: string; pricePoints: number }) => i.name === '中性笔一盒');
    const reused = await exchange(resident, key, other.id);
    assert.equal(reused.statusCode, 409);
    assert.equal(await postings(), before.postings);
    // Corrections are idempotent the same way.
    const correction = {
      communityId: datieguan,
      userId: resident.me!.id,
      amount: 7,
      reason: '补发',
      idempotencyKey: randomUUID(),
    };
    const c1 = await admin.post('/api/points/corrections', correction);
    const c2 = await admin.post('/api/points/corrections', correction);
    assert.equal(c1.json().postingId, c2.json().postingId);
    assert.equal(c2.json().replayed, true);
    assert.equal((await balanceOf(resident)).balance, before.balance.balance + 7);
  });

  test('the merchant redeems a voucher exactly once; another shop cannot; the holder sees it spent', async () => {
    const resident = await residentWith(voucherItem.pricePoints);
    const voucher = (await exchange(resident)).json();
    assert.match(voucher.code, /^[2-9A-HJKMNP-Z]{8}$/);
    assert.ok(voucher.qrToken);
    const otherShop = await addUser(t, `other_shop_${users}`, [
      { role: 'merchant', divisionId: datieguan, gridId: null },
    ]);
    await admin.post('/api/points/merchants', { communityId: datieguan, userId: otherShop.me!.id, name: '别家小店' });
    assert.equal(
      (await otherShop.post('/api/points/vouchers/redeem', { code: voucher.code })).statusCode,
      404,
      'not its voucher',
    );
    assert.equal(
      (await resident.post('/api/points/vouchers/redeem', { code: voucher.code })).statusCode,
      403,
      'a resident is no merchant',
    );

    const both = await Promise.all([
      merchant.post('/api/points/vouchers/redeem', { code: voucher.code.toLowerCase() }),
      merchant.post('/api/points/vouchers/redeem', { code: voucher.qrToken }),
    ]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 409], both.map((r) => r.body).join(' | '));
    const redeemed = both.find((r) => r.statusCode === 200)!.json();
    assert.equal(redeemed.status, 'redeemed');
    assert.ok(!redeemed.code.includes(voucher.code.slice(2, 6)), 'the merchant sees the code masked');
    const again = await merchant.post('/api/points/vouchers/redeem', { code: voucher.code });
    assert.equal(again.statusCode, 409);
    assert.match(again.json().error.details[0].message, /已核销/);
    assert.deepEqual(await balanceOf(resident), { ...(await balanceOf(resident)), balance: 0, held: 0 });
    const mine = (await merchant.get('/api/points/merchants/mine')).json();
    const from = new Date(t.clock.now().getTime() - 86_400_000).toISOString();
    const to = new Date(t.clock.now().getTime() + 86_400_000).toISOString();
    const settlement = (await merchant.get(`/api/points/merchants/${mine.id}/settlement?from=${from}&to=${to}`)).json();
    assert.ok(settlement.totals.count >= 1);
    assert.equal(
      settlement.totals.cashFen,
      settlement.days.reduce((a: number, d: { cashFen: number }) => a + d.cashFen, 0),
    );
  });

  test('a voucher given back, or left to lapse, returns its points; a lapsed one cannot be redeemed', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const resident = await residentWith(voucherItem.pricePoints * 2);
    const a = (await exchange(resident)).json();
    const b = (await exchange(resident)).json();
    const cancelled = await resident.post(`/api/points/vouchers/${a.id}/cancel`);
    assert.equal(cancelled.json().status, 'released');
    assert.equal((await balanceOf(resident)).balance, voucherItem.pricePoints);
    assert.equal((await resident.post(`/api/points/vouchers/${a.id}/cancel`)).statusCode, 409);
    assert.equal((await merchant.post('/api/points/vouchers/redeem', { code: a.code })).statusCode, 409);

    t.clock.set(new Date(start.getTime() + (t.config.POINTS_VOUCHER_DAYS + 1) * 86_400_000));
    assert.equal(
      (await (await t.login('merchant_demo')).post('/api/points/vouchers/redeem', { code: b.code })).statusCode,
      409,
      'past its date',
    );
    assert.ok((await t.services.points.expireVouchers(t.clock.now())) >= 1);
    assert.equal(await t.services.points.expireVouchers(t.clock.now()), 0, 'once');
    const after = await balanceOf(await t.login(resident.me!.username));
    assert.deepEqual({ balance: after.balance, held: after.held }, { balance: voucherItem.pricePoints * 2, held: 0 });
  });

  test('a statement shows each posting with the balance it left, page after page', async () => {
    const resident = await residentWith(300);
    for (let i = 0; i < 2; i++) await exchange(resident);
    await admin.post('/api/points/corrections', {
      communityId: datieguan,
      userId: resident.me!.id,
      amount: -50,
      reason: '误发扣回',
      idempotencyKey: randomUUID(),
    });
    const lines: Array<{ amount: number; balanceAfter: number; kind: string }> = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof lines; nextCursor: string | null } = (
        await resident.get(`/api/points/me/statement?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json();
      lines.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      lines.map((l) => l.amount),
      [-50, -100, -100, 300],
    );
    assert.deepEqual(
      lines.map((l) => l.balanceAfter),
      [50, 100, 200, 300],
    );
    const other = await residentWith(0);
    const account = (await resident.get('/api/points/me')).json().id;
    assert.equal(
      (await other.get(`/api/points/accounts/${account}/statement`)).statusCode,
      404,
      "another resident's statement is not theirs to read",
    );
    assert.equal(
      (await (await t.login('community_datieguan')).get(`/api/points/accounts/${account}/statement`)).statusCode,
      200,
      'staff of the community read it',
    );
  });

  test('bad input is refused with 4xx and posts nothing', async () => {
    const resident = await residentWith(100);
    const before = await postings();
    const cases: Array<[Client, string, unknown, number]> = [
      [resident, '/api/points/vouchers', { itemId: voucherItem.id, idempotencyKey: 'short' }, 400],
      [resident, '/api/points/vouchers', { itemId: 999999, idempotencyKey: randomUUID() }, 400],
      [resident, '/api/points/vouchers', { itemId: -1, idempotencyKey: randomUUID() }, 400],
      [
        resident,
        '/api/points/corrections',
        {
          communityId: datieguan,
          userId: resident.me!.id,
          amount: 1000,
          reason: '自己给自己',
          idempotencyKey: randomUUID(),
        },
        403,
      ],
      [
        admin,
        '/api/points/corrections',
        { communityId: datieguan, userId: resident.me!.id, amount: 0, reason: '零', idempotencyKey: randomUUID() },
        400,
      ],
      [
        admin,
        '/api/points/corrections',
        {
          communityId: datieguan,
          userId: resident.me!.id,
          amount: -101,
          reason: '扣过头',
          idempotencyKey: randomUUID(),
        },
        409,
      ],
      [
        await t.login('community_datieguan'),
        '/api/points/corrections',
        {
          communityId: ix.division('王马社区').id,
          userId: resident.me!.id,
          amount: 5,
          reason: '别的社区',
          idempotencyKey: randomUUID(),
        },
        403,
      ],
    ];
    for (const [client, url, body, status] of cases) {
      const res = await client.post(url, body);
      assert.equal(res.statusCode, status, `${url} ${JSON.stringify(body)}: ${res.body}`);
    }
    assert.equal(await postings(), before);
    assert.equal((await balanceOf(resident)).balance, 100);
  });

  test('a price changed by another server since this one read it: the exchange is refused, then goes through at the new price', async () => {
    const shop = (await merchant.get('/api/points/merchants/mine')).json();
    const item = (
      await merchant.post(`/api/points/merchants/${shop.id}/items`, {
        name: '茶叶蛋',
        pricePoints: 5,
        cashValueFen: 50,
      })
    ).json();
    const resident = await residentWith(20);
    assert.equal((await exchange(resident, randomUUID(), item.id)).statusCode, 201);
    // As another process would: straight to the table, past this server's memory of the item.
    const { updateItem } = await import('../../src/modules/points/repository.ts');
    await updateItem(t.services.database.db, item.id, { price_points: 8 });
    const stale = await exchange(resident, randomUUID(), item.id);
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().error.details[0].message, /价格/);
    const fresh = await exchange(resident, randomUUID(), item.id);
    assert.equal(fresh.statusCode, 201, fresh.body);
    assert.equal(fresh.json().points, 8);
    assert.equal((await balanceOf(resident)).balance, 20 - 5 - 8);
  });

  test('out of stock: the last one goes to one person only, and a given-back one comes back to stock', async () => {
    const shop = (await merchant.get('/api/points/merchants/mine')).json();
    const item = (
      await merchant.post(`/api/points/merchants/${shop.id}/items`, {
        name: '限量帆布袋',
        pricePoints: 10,
        cashValueFen: 100,
        stock: 1,
      })
    ).json();
    const [x, y] = [await residentWith(10), await residentWith(10)];
    const results = await Promise.all([exchange(x, randomUUID(), item.id), exchange(y, randomUUID(), item.id)]);
    assert.deepEqual(results.map((r) => r.statusCode).sort(), [201, 409]);
    const winner = results[0]!.statusCode === 201 ? x : y;
    const loser = winner === x ? y : x;
    assert.equal((await balanceOf(loser)).balance, 10, 'the one who missed out keeps the points');
    const voucher = (await winner.get('/api/points/vouchers')).json().items[0];
    await winner.post(`/api/points/vouchers/${voucher.id}/cancel`);
    assert.equal((await exchange(loser, randomUUID(), item.id)).statusCode, 201);
  });
});
