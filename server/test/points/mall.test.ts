import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

interface MallItem {
  id: number;
  merchantName: string;
  ownCommunity: boolean;
  distanceMeters: number | null;
  redeemable: boolean;
}

describe('the points mall as a resident sees it from home', () => {
  let t: TestApp;
  let resident: Client;

  before(async () => {
    t = await startTestApp();
    resident = await t.login('resident_demo'); // lives in 打铁关社区, Hangzhou
  });
  after(() => t.close());

  test('own community first, then the nearest; a merchant in another city is shown but not redeemable', async () => {
    const response = await resident.get('/api/points/items');
    assert.equal(response.statusCode, 200, response.body);
    const items: MallItem[] = response.json().items;
    assert.ok(items.length > 2);

    const hefei = items.filter((i) => i.merchantName === '瑶海文明超市');
    assert.ok(hefei.length > 0, 'the demo has a supermarket in Hefei');
    assert.ok(hefei.every((i) => !i.redeemable && (i.distanceMeters ?? 0) > 300_000));
    assert.ok(
      items.filter((i) => i.merchantName !== '瑶海文明超市').every((i) => i.redeemable),
      'every Hangzhou merchant can be redeemed',
    );

    assert.ok(items[0]!.ownCommunity, 'the own community comes first');
    const firstOther = items.findIndex((i) => !i.ownCommunity);
    assert.ok(
      items.slice(firstOther).every((i) => !i.ownCommunity),
      'own-community merchants are not split',
    );
    const redeemableDistances = items
      .slice(firstOther)
      .filter((i) => i.redeemable)
      .map((i) => i.distanceMeters ?? Number.POSITIVE_INFINITY);
    assert.deepEqual(
      redeemableDistances,
      [...redeemableDistances].sort((a, b) => a - b),
      'then nearest first',
    );
    assert.ok(items.at(-1)!.redeemable === false, 'what cannot be redeemed comes last');

    const refused = await resident.post('/api/points/vouchers', {
      itemId: hefei[0]!.id,
      idempotencyKey: 'mall-hefei-1',
    });
    assert.equal(refused.statusCode, 400, refused.body);
    assert.match(refused.body, /不在您所在的城市/);
  });
});
