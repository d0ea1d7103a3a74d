import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * Scope, role by role: reads outside the caller's area answer 404 (as if missing),
 * writes 403, anonymous calls 401.
 */
describe('scope by role', () => {
  let t: TestApp;
  let admin: Client;
  let ix: Awaited<ReturnType<typeof demoIndex>>;
  let datieguanGrid1: { id: number };
  let datieguanGrid2: { id: number };
  let personGrid1: { id: number };
  let personGrid2: { id: number };
  let personWangma: { id: number }; // 王马社区, 长庆街道
  let personLiushui: { id: number }; // 流水东苑社区, 文晖街道
  let personHefei: { id: number }; // 恒通社区, 瑶海区

  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    ix = await demoIndex(admin);
    datieguanGrid1 = ix.grid('打铁关社区第一网格');
    datieguanGrid2 = ix.grid('打铁关社区第二网格');
    personGrid1 = await ix.firstPerson(`gridId=${datieguanGrid1.id}`);
    personGrid2 = await ix.firstPerson(`gridId=${datieguanGrid2.id}`);
    personWangma = await ix.firstPerson(`communityId=${ix.division('王马社区').id}`);
    personLiushui = await ix.firstPerson(`communityId=${ix.division('流水东苑社区').id}`);
    personHefei = await ix.firstPerson(`communityId=${ix.division('恒通社区').id}`);
  });
  after(() => t.close());

  const readStatus = async (c: Client, id: number) => (await c.get(`/api/org/persons/${id}`)).statusCode;
  const writeStatus = async (c: Client, id: number) =>
    (await c.patch(`/api/org/persons/${id}`, { note: 'checked' })).statusCode;

  test('district admin reaches all three districts', async () => {
    for (const p of [personGrid1, personWangma, personHefei]) {
      assert.equal(await readStatus(admin, p.id), 200);
      assert.equal(await writeStatus(admin, p.id), 200);
    }
  });

  test('street admin: own street yes, another street 404 to read and 403 to write', async () => {
    const street = await t.login('street_wenhui');
    assert.equal(await readStatus(street, personGrid1.id), 200);
    assert.equal(await readStatus(street, personLiushui.id), 200);
    assert.equal(await readStatus(street, personWangma.id), 404);
    assert.equal(await writeStatus(street, personWangma.id), 403);
    assert.equal(await readStatus(street, personHefei.id), 404);
  });

  test('community admin: own community only', async () => {
    const community = await t.login('community_datieguan');
    assert.equal(await readStatus(community, personGrid2.id), 200);
    assert.equal(await writeStatus(community, personGrid2.id), 200);
    assert.equal(await readStatus(community, personLiushui.id), 404);
    assert.equal(await writeStatus(community, personLiushui.id), 403);
    const grids = (await community.get('/api/org/grids?limit=200')).json().items;
    assert.ok(grids.length >= 3);
    assert.ok(grids.every((g: { communityName: string }) => g.communityName === '打铁关社区'));
  });

  test("a grid worker sees only their grid's people", async () => {
    const worker = await t.login('grid_datieguan_01');
    let cursor: string | null = null;
    const seen: Array<{ gridId: number }> = [];
    do {
      const res = await worker.get(`/api/org/persons?limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200);
      seen.push(...res.json().items);
      cursor = res.json().nextCursor;
    } while (cursor);
    assert.ok(seen.length > 10);
    assert.ok(
      seen.every((p) => p.gridId === datieguanGrid1.id),
      'every person is in grid 01',
    );
    const adminCount = (await admin.get(`/api/org/persons?gridId=${datieguanGrid1.id}&withTotal=true&limit=1`)).json()
      .total;
    assert.equal(seen.length, adminCount, 'and all of them');

    assert.equal(await readStatus(worker, personGrid1.id), 200);
    assert.equal(await readStatus(worker, personGrid2.id), 404);
    assert.equal(await writeStatus(worker, personGrid2.id), 403);
    assert.equal((await worker.post(`/api/org/persons/${personGrid2.id}/reveal`)).statusCode, 404);
    assert.equal((await worker.post(`/api/org/persons/${personGrid1.id}/reveal`)).statusCode, 200);
    // Filtering by another grid does not widen the scope.
    const other = (await worker.get(`/api/org/persons?gridId=${datieguanGrid2.id}`)).json();
    assert.equal(other.items.length, 0);
    assert.equal((await worker.get(`/api/org/grids/${datieguanGrid2.id}`)).statusCode, 404);
    assert.equal((await worker.patch(`/api/org/grids/${datieguanGrid1.id}`, { name: 'x' })).statusCode, 403);
  });

  test('a grid worker cannot register someone into another grid', async () => {
    const worker = await t.login('grid_datieguan_01');
    const community = ix.division('打铁关社区');
    const into2 = await worker.post('/api/org/persons', {
      communityId: community.id,
      gridId: datieguanGrid2.id,
      name: '王小明',
    });
    assert.equal(into2.statusCode, 403);
    const into1 = await worker.post('/api/org/persons', {
      communityId: community.id,
      gridId: datieguanGrid1.id,
      name: '王小明',
    });
    assert.equal(into1.statusCode, 201);
    const moveAway = await worker.patch(`/api/org/persons/${into1.json().id}`, { gridId: datieguanGrid2.id });
    assert.equal(moveAway.statusCode, 403);
  });

  test('mediator reads people of the community masked, but cannot reveal or write', async () => {
    const mediator = await t.login('mediator_demo');
    const res = await mediator.get(`/api/org/persons/${personGrid1.id}`);
    assert.equal(res.statusCode, 200);
    const phone = res.json().phone as string | null;
    assert.ok(phone === null || /^\d{3}\*{4}\d{4}$/.test(phone), phone ?? 'null');
    assert.equal((await mediator.post(`/api/org/persons/${personGrid1.id}/reveal`)).statusCode, 403);
    assert.equal(await writeStatus(mediator, personGrid1.id), 403);
    assert.equal(await readStatus(mediator, personLiushui.id), 404);
  });

  test('looking people up by a whole number needs the right to see numbers, and is audited', async () => {
    const mediator = await t.login('mediator_demo');
    assert.equal((await mediator.get('/api/org/persons?q=13800000008')).statusCode, 403);
    const worker = await t.login('grid_datieguan_01');
    const found = await worker.get('/api/org/persons?q=13800000008');
    assert.equal(found.statusCode, 200);
    assert.equal(found.json().items[0]?.name, '陈建华');
    const records = (await admin.get('/api/audit?action=org.person.search_number')).json().items;
    assert.ok(
      records.some(
        (r: { actorName: string; details: { number: string } }) =>
          r.actorName === 'grid_datieguan_01' && r.details.number === '138****0008',
      ),
    );
  });

  test('resident, merchant and courier see no personal records, only the public board', async () => {
    for (const username of ['resident_demo', 'merchant_demo', 'courier_demo']) {
      const c = await t.login(username);
      assert.equal(await readStatus(c, personGrid1.id), 404, username);
      assert.equal((await c.get('/api/org/persons')).statusCode, 403, username);
      assert.equal(await writeStatus(c, personGrid1.id), 403, username);
      assert.equal((await c.get('/api/audit')).statusCode, 403, username);
    }
    const resident = await t.login('resident_demo');
    const board = await resident.get('/api/org/board');
    assert.equal(board.statusCode, 200);
    assert.equal(board.json().community.name, '打铁关社区');
    assert.equal((await resident.get(`/api/org/board?communityId=${ix.division('王马社区').id}`)).statusCode, 404);
  });

  test('audit log: an admin of one district sees nothing of another district, sign-ins included', async () => {
    const { hashPassword } = await import('../../src/modules/auth/service.ts');
    const authRepo = await import('../../src/modules/auth/repository.ts');
    const db = t.services.database.db;
    const userId = await authRepo.insertUser(
      db,
      {
        username: 'yaohai_admin',
        phone: null,
        displayName: '瑶海区管理员',
        passwordHash: await hashPassword('gongzhi-demo'),
        personId: null,
      },
      t.clock.now(),
    );
    await authRepo.insertGrants(
      db,
      userId,
      [{ role: 'district_admin', divisionId: ix.division('瑶海区').id, gridId: null }],
      t.clock.now(),
    );
    await admin.patch(`/api/org/persons/${personWangma.id}`, { note: 'seen in Hangzhou' });
    await t.login('street_wenhui');
    const yaohai = await t.login('yaohai_admin');
    assert.equal(await readStatus(yaohai, personWangma.id), 404);
    assert.equal(await readStatus(yaohai, personHefei.id), 200);
    const items = (await yaohai.get('/api/audit?limit=200')).json().items as Array<{
      entityId: string;
      actorName: string;
      divisionId: number | null;
    }>;
    assert.ok(items.length > 0);
    assert.ok(!items.some((i) => i.entityId === String(personWangma.id)), 'no record of a Hangzhou person');
    assert.ok(!items.some((i) => i.actorName === 'street_wenhui'), 'no Hangzhou sign-ins');
    assert.ok(
      items.some((i) => i.actorName === 'yaohai_admin'),
      'their own sign-in is there',
    );
  });

  test('audit log: a community admin sees records of their community only', async () => {
    const community = await t.login('community_datieguan');
    await community.patch(`/api/org/persons/${personGrid1.id}`, { note: 'visited' });
    await admin.patch(`/api/org/persons/${personWangma.id}`, { note: 'visited' });
    const items = (await community.get('/api/audit?action=org.person&limit=200')).json().items as Array<{
      entityId: string;
      divisionId: number;
    }>;
    assert.ok(items.some((i) => i.entityId === String(personGrid1.id)));
    assert.ok(!items.some((i) => i.entityId === String(personWangma.id)));
    assert.ok(items.every((i) => i.divisionId === ix.division('打铁关社区').id));
  });
});
