import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

interface Hit {
  kind: string;
  id: number;
  title: string;
  subtitle: string;
  code: string | null;
}
interface Result {
  q: string;
  groups: { kind: string; hits: Hit[]; more: boolean }[];
}

const search = async (c: Client, q: string) => {
  const res = await c.get(`/api/search?q=${encodeURIComponent(q)}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Result;
};
const hitsOf = (r: Result, kind: string) => r.groups.find((g) => g.kind === kind)?.hits ?? [];

describe('search everywhere (/api/search)', () => {
  let t: TestApp;
  let admin: Client;
  let hefeiPerson: { id: number; name: string };
  let hefeiPhone: string;

  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    const ix = await demoIndex(admin);
    hefeiPerson = await ix.firstPerson(`communityId=${ix.division('恒通社区').id}`);
    const revealed = await admin.post(`/api/org/persons/${hefeiPerson.id}/reveal`);
    hefeiPhone = (revealed.json() as { phone: string }).phone;
  });
  after(() => t.close());

  test('a whole phone number finds the person, shown masked', async () => {
    const r = await search(admin, hefeiPhone);
    const people = hitsOf(r, 'person');
    assert.deepEqual(
      people.map((p) => p.id),
      [hefeiPerson.id],
    );
    assert.ok(!people[0]!.subtitle.includes(hefeiPhone), 'the phone is masked in the hit');
    assert.match(people[0]!.subtitle, /\*{4}/);
  });

  test("a person outside the caller's area is not found", async () => {
    const street = await t.login('street_wenhui'); // 文晖街道, 杭州
    const r = await search(street, hefeiPhone);
    assert.deepEqual(hitsOf(r, 'person'), []);
    const byName = await search(street, hefeiPerson.name);
    assert.ok(!hitsOf(byName, 'person').some((p) => p.id === hefeiPerson.id));
  });

  test('matters, cases and devices by their codes; buildings and grids by name', async () => {
    const matter = (await admin.get('/api/matters?limit=1&queue=all')).json().items[0] as { id: number; code: string };
    assert.deepEqual(
      hitsOf(await search(admin, matter.code), 'matter').map((m) => m.id),
      [matter.id],
    );
    const kase = (await admin.get('/api/mediation/cases?limit=1')).json().items[0] as { id: number; code: string };
    assert.ok(hitsOf(await search(admin, kase.code), 'case').some((c) => c.id === kase.id));
    const devices = hitsOf(await search(admin, 'smoke-demo-001'), 'device');
    assert.deepEqual(
      devices.map((d) => d.code),
      ['smoke-demo-001'],
    );
    const places = await search(admin, '打铁关');
    assert.ok(hitsOf(places, 'grid').some((g) => g.title === '打铁关社区第一网格'));
    assert.ok(hitsOf(places, 'building').length > 0);
    assert.ok(
      places.groups.every((g) => g.hits.length <= 5),
      'five hits per kind by default',
    );
    assert.ok(
      places.groups.some((g) => g.more),
      'says when there is more to see in the list',
    );
    const order = places.groups.map((g) => g.kind);
    const matterAt = order.indexOf('matter');
    assert.ok(
      ['grid', 'building'].includes(order[0]!) && (matterAt === -1 || matterAt > order.indexOf('grid')),
      `what is named 打铁关 comes before what mentions it: ${order.join(', ')}`,
    );
    assert.equal((await search(admin, matter.code)).groups[0]?.kind, 'matter', 'a whole code first');
  });

  test('each role searches only the kinds it may list', async () => {
    const mediator = await t.login('mediator_demo');
    const r = await search(mediator, 'smoke-demo-001');
    assert.deepEqual(hitsOf(r, 'device'), [], 'a mediator lists no devices');
    const grid = await t.login('grid_datieguan_01');
    assert.ok(hitsOf(await search(grid, 'smoke-demo-001'), 'device').length > 0);
    const kase = (await admin.get('/api/mediation/cases?limit=1')).json().items[0] as { code: string };
    assert.deepEqual(hitsOf(await search(grid, kase.code), 'case'), [], 'a grid worker lists no cases');
  });

  test('residents, strangers and bad words are refused', async () => {
    const resident = await t.login('resident_demo');
    assert.equal((await resident.get('/api/search?q=打铁关')).statusCode, 403);
    assert.equal((await t.anonymous().get('/api/search?q=打铁关')).statusCode, 401);
    assert.equal((await admin.get('/api/search?q=')).statusCode, 400);
    assert.equal((await admin.get(`/api/search?q=${'长'.repeat(61)}`)).statusCode, 400);
    assert.equal((await admin.get('/api/search?q=a&limit=21')).statusCode, 400);
  });
});
