import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withIdCheckDigit } from '../../src/platform/personal-data.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

describe('org', () => {
  let t: TestApp;
  let admin: Client;
  let ix: Awaited<ReturnType<typeof demoIndex>>;

  before(async () => {
    t = await startTestApp();
    admin = await t.login('admin');
    ix = await demoIndex(admin);
  });
  after(() => t.close());

  const countRows = async (table: 'org.persons' | 'org.grids' | 'org.buildings' | 'platform.audit_log') => {
    const row = await t.services.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  describe('point in polygon', () => {
    test('a point in a grid finds the grid, its community, street and district', async () => {
      const grid = (await admin.get(`/api/org/grids/${ix.grid('王马社区第一网格').id}`)).json();
      const res = await admin.get(`/api/org/locate?lat=${grid.center.lat}&lng=${grid.center.lng}`);
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.equal(body.grid.name, '王马社区第一网格');
      assert.equal(body.community.name, '王马社区');
      assert.equal(body.street.name, '长庆街道');
      assert.equal(body.district.name, '拱墅区');
    });

    test('a special grid inside a resident grid wins, and the resident grid is listed too', async () => {
      const special = (await admin.get(`/api/org/grids/${ix.grid('欧美金融城专属网格').id}`)).json();
      const body = (await admin.get(`/api/org/locate?lat=${special.center.lat}&lng=${special.center.lng}`)).json();
      assert.equal(body.grid.kind, 'special');
      assert.equal(body.grid.name, '欧美金融城专属网格');
      assert.ok(body.otherGrids.some((g: { kind: string }) => g.kind === 'resident'));
    });

    test('a point just outside every grid is 404; outside China is 400', async () => {
      assert.equal((await admin.get('/api/org/locate?lat=30.30&lng=120.30')).statusCode, 404);
      const swapped = await admin.get('/api/org/locate?lat=120.17&lng=30.28');
      assert.equal(swapped.statusCode, 400);
    });

    test('the polygon edge decides, not its bounding box', async () => {
      // The last grid of a community has a bent east side: a point just past the straight
      // line but inside the bend belongs to it; a point in the box corner does not.
      const g = (await admin.get(`/api/org/grids/${ix.grid('王马社区第二网格').id}`)).json();
      const ring: number[][] = g.polygon.coordinates[0];
      const east = ring[1]![0]!;
      const south = ring[1]![1]!;
      const bendX = ring[2]![0]!;
      const midLat = ring[2]![1]!;
      const inBend = await admin.get(`/api/org/locate?lat=${midLat}&lng=${east + (bendX - east) / 2}`);
      assert.equal(inBend.json().grid?.name, '王马社区第二网格');
      const corner = await admin.get(`/api/org/locate?lat=${south + 0.00001}&lng=${east + (bendX - east) * 0.9}`);
      assert.equal(corner.statusCode, 404);
    });
  });

  describe('grids', () => {
    test('a grid with a broken boundary is refused and nothing is stored', async () => {
      const before = await countRows('org.grids');
      const community = ix.division('打铁关社区');
      const open = await admin.post('/api/org/grids', {
        communityId: community.id,
        code: 'T-OPEN',
        name: '未闭合网格',
        kind: 'resident',
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [120.17, 30.28],
              [120.18, 30.28],
              [120.18, 30.29],
            ],
          ],
        },
      });
      assert.equal(open.statusCode, 400);
      const noPolygon = await admin.post('/api/org/grids', {
        communityId: community.id,
        code: 'T-NONE',
        name: '无边界',
        kind: 'resident',
      });
      assert.equal(noPolygon.statusCode, 400);
      const outside = await admin.post('/api/org/grids', {
        communityId: community.id,
        code: 'T-OUT',
        name: '境外',
        kind: 'special',
        polygon: {
          type: 'Polygon',
          coordinates: [
            [
              [2, 48],
              [3, 48],
              [3, 49],
              [2, 48],
            ],
          ],
        },
      });
      assert.equal(outside.statusCode, 400);
      assert.equal(await countRows('org.grids'), before);
    });

    test('a new grid can be found by point at once, and its code is unique', async () => {
      const community = ix.division('京都苑社区');
      const polygon = {
        type: 'Polygon',
        coordinates: [
          [
            [120.1736, 30.2965],
            [120.1742, 30.2965],
            [120.1742, 30.297],
            [120.1736, 30.297],
            [120.1736, 30.2965],
          ],
        ],
      };
      const created = await admin.post('/api/org/grids', {
        communityId: community.id,
        code: 'T-PARK',
        name: '京都苑小公园专属网格',
        kind: 'special',
        polygon,
      });
      assert.equal(created.statusCode, 201);
      const found = (await admin.get('/api/org/locate?lat=30.2967&lng=120.1739')).json();
      assert.equal(found.grid.name, '京都苑小公园专属网格');
      const again = await admin.post('/api/org/grids', {
        communityId: community.id,
        code: 'T-PARK',
        name: '重复',
        kind: 'special',
        polygon,
      });
      assert.equal(again.statusCode, 409);
    });

    test('a boundary reaching into another community is refused, and cannot capture its reports', async () => {
      const community = await t.login('community_datieguan');
      const hengtong = (await admin.get(`/api/org/grids/${ix.grid('恒通社区第一网格').id}`)).json();
      const ring: number[][] = hengtong.polygon.coordinates[0];
      const capture = await community.post('/api/org/grids', {
        communityId: ix.division('打铁关社区').id,
        code: 'T-HIJACK',
        name: '劫持网格',
        kind: 'special',
        polygon: { type: 'Polygon', coordinates: [ring.map(([x, y]) => [x! + 0.0001, y! + 0.0001])] },
      });
      assert.equal(capture.statusCode, 400);
      assert.match(capture.json().error.details[0].message, /恒通社区/);
      const at = (await admin.get(`/api/org/locate?lat=${hengtong.center.lat}&lng=${hengtong.center.lng}`)).json();
      assert.equal(at.community.name, '恒通社区');
    });

    test("geojson lists the boundaries of the caller's grids", async () => {
      const worker = await t.login('grid_datieguan_01');
      const fc = (await worker.get('/api/org/grids/geojson')).json();
      assert.equal(fc.type, 'FeatureCollection');
      assert.deepEqual(
        fc.features.map((f: { properties: { name: string } }) => f.properties.name),
        ['打铁关社区第一网格'],
      );
      const all = (await admin.get('/api/org/grids/geojson')).json();
      assert.ok(all.features.length > 30);
      assert.ok(all.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'Polygon'));
    });
  });

  describe('people', () => {
    test('numbers are masked in lists and details; reveal gives them whole and is audited', async () => {
      const list = (await admin.get(`/api/org/persons?limit=5&gridId=${ix.grid('打铁关社区第一网格').id}`)).json();
      const person = list.items.find((p: { phone: string | null }) => p.phone);
      assert.match(person.phone, /^1\d{2}\*{4}\d{4}$/);
      assert.match(person.idNumber, /^\d{3}\*{14}[\dX]$/);
      const auditBefore = await countRows('platform.audit_log');
      const revealed = (await admin.post(`/api/org/persons/${person.id}/reveal`)).json();
      assert.match(revealed.phone, /^1\d{10}$/);
      assert.match(revealed.idNumber, /^\d{17}[\dX]$/);
      assert.equal(revealed.phone.slice(-4), person.phone.slice(-4));
      assert.equal(
        revealed.idNumber.slice(0, 3) + revealed.idNumber.slice(-1),
        person.idNumber.slice(0, 3) + person.idNumber.slice(-1),
      );
      assert.equal(await countRows('platform.audit_log'), auditBefore + 1);
      const records = (await admin.get(`/api/audit?action=org.person.reveal&entityId=${person.id}`)).json().items;
      assert.equal(records.length, 1);
      assert.equal(records[0].actorName, 'admin');
    });

    test('registering a person checks the ID number, phone and links; bad input stores nothing', async () => {
      const community = ix.division('打铁关社区');
      const before = await countRows('org.persons');
      const bad = await admin.post('/api/org/persons', {
        communityId: community.id,
        name: '测试',
        idNumber: '330105199001011235',
        phone: '12345',
        gridId: ix.grid('王马社区第一网格').id,
      });
      assert.equal(bad.statusCode, 400);
      const paths = bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort();
      assert.deepEqual(paths, ['body.gridId', 'body.idNumber', 'body.phone']);
      const badTag = await admin.post('/api/org/persons', {
        communityId: community.id,
        name: '测试',
        tags: ['has space'],
      });
      assert.equal(badTag.statusCode, 400);
      assert.equal(await countRows('org.persons'), before);

      const idNumber = withIdCheckDigit('33010519450703002');
      const ok = await admin.post('/api/org/persons', {
        communityId: community.id,
        name: '孙秀英',
        idNumber,
        phone: '138 1234 5678',
        buildingId: (await ix.firstPerson(`gridId=${ix.grid('打铁关社区第二网格').id}`)).buildingId,
        tags: ['elderly_alone', 'elderly'],
      });
      assert.equal(ok.statusCode, 201);
      const p = ok.json();
      assert.equal(p.birthDate, '1945-07-03', 'birth date taken from the ID number');
      assert.equal(p.gender, 'female');
      assert.equal(p.gridId, ix.grid('打铁关社区第二网格').id, 'grid taken from the building');
      assert.equal(p.phone, '138****5678');
      assert.equal(p.age, 81);
      const dup = await admin.post('/api/org/persons', { communityId: community.id, name: '重复', idNumber });
      assert.equal(dup.statusCode, 409);
    });

    test('search by name, by whole phone, by tags; cursor pages do not repeat or skip', async () => {
      const tagged = (await admin.get('/api/org/persons?tag=elderly_alone&withTotal=true&limit=200')).json();
      assert.ok(tagged.total > 0);
      assert.ok(tagged.items.every((p: { tags: string[] }) => p.tags.includes('elderly_alone')));
      const both = (await admin.get('/api/org/persons?tag=elderly_alone,party_member&limit=200')).json();
      assert.ok(
        both.items.every(
          (p: { tags: string[] }) => p.tags.includes('elderly_alone') && p.tags.includes('party_member'),
        ),
      );

      const somebody = tagged.items[0];
      const byName = (await admin.get(`/api/org/persons?q=${encodeURIComponent(somebody.name)}`)).json();
      assert.ok(byName.items.some((p: { id: number }) => p.id === somebody.id));
      const whole = (await admin.post(`/api/org/persons/${somebody.id}/reveal`)).json();
      if (whole.phone) {
        const byPhone = (await admin.get(`/api/org/persons?q=${whole.phone}`)).json();
        assert.deepEqual(
          byPhone.items.map((p: { id: number }) => p.id),
          [somebody.id],
        );
      }

      const community = ix.division('打铁关社区').id;
      const total = (await admin.get(`/api/org/persons?communityId=${community}&withTotal=true&limit=1`)).json().total;
      const ids: number[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Array<{ id: number }>; nextCursor: string | null } = (
          await admin.get(`/api/org/persons?communityId=${community}&limit=37${cursor ? `&cursor=${cursor}` : ''}`)
        ).json();
        ids.push(...page.items.map((p: { id: number }) => p.id));
        cursor = page.nextCursor;
      } while (cursor);
      assert.equal(ids.length, total);
      assert.equal(new Set(ids).size, total);
      assert.equal((await admin.get('/api/org/persons?cursor=not-a-cursor')).statusCode, 400);
    });

    test('ids beyond 32 bits, and dates of birth in the future, are refused as bad input', async () => {
      assert.equal((await admin.get('/api/org/persons/99999999999')).statusCode, 400);
      const community = ix.division('打铁关社区');
      const future = await admin.post('/api/org/persons', {
        communityId: community.id,
        name: '未来人',
        idNumber: withIdCheckDigit('33010520900101001'),
      });
      assert.equal(future.statusCode, 400);
    });

    test('"today" is the date in China: a baby born today is accepted at 01:00 Shanghai time', async () => {
      const saved = t.clock.now();
      t.clock.set(new Date('2026-11-20T17:00:00Z')); // 2026-11-21 01:00 in Shanghai
      const res = await (await t.login('admin')).post('/api/org/persons', {
        communityId: ix.division('打铁关社区').id,
        name: '新生儿',
        birthDate: '2026-11-21',
      });
      t.clock.set(saved);
      assert.equal(res.statusCode, 201, res.body);
    });

    test("tag counts follow the caller's scope", async () => {
      const all = (await admin.get('/api/org/persons/tags')).json().items;
      const worker = (await (await t.login('grid_datieguan_01')).get('/api/org/persons/tags')).json().items;
      const count = (items: Array<{ tag: string; count: number }>, tag: string) =>
        items.find((i) => i.tag === tag)?.count ?? 0;
      assert.ok(count(all, 'migrant') > count(worker, 'migrant'));
    });

    test('a PATCH changes only the fields it names', async () => {
      const tagged = (await admin.get('/api/org/persons?tag=elderly_alone&limit=1')).json().items[0];
      await admin.patch(`/api/org/persons/${tagged.id}`, { isOwner: true });
      const res = await admin.patch(`/api/org/persons/${tagged.id}`, { note: '每周二上门' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json().tags, tagged.tags);
      assert.equal(res.json().isOwner, true);
      assert.equal(res.json().note, '每周二上门');
      const building = (await admin.get('/api/org/buildings?limit=1')).json().items[0];
      const renamed = (await admin.patch(`/api/org/buildings/${building.id}`, { floors: 7 })).json();
      assert.equal(renamed.address, building.address);
      assert.equal(renamed.kind, building.kind);
      const grid = (await admin.get(`/api/org/grids/${ix.grid('康运社区第一网格').id}`)).json();
      const regrid = (await admin.patch(`/api/org/grids/${grid.id}`, { name: '康运社区一网格' })).json();
      assert.equal(regrid.description, grid.description);
    });

    test('deleting a person removes them and leaves an audit record', async () => {
      const p = await ix.firstPerson(`communityId=${ix.division('康运社区').id}`);
      assert.equal((await admin.delete(`/api/org/persons/${p.id}`)).statusCode, 200);
      assert.equal((await admin.get(`/api/org/persons/${p.id}`)).statusCode, 404);
      const records = (await admin.get(`/api/audit?action=org.person.delete&entityId=${p.id}`)).json().items;
      assert.equal(records.length, 1);
    });
  });

  describe('buildings, households and the board', () => {
    test('a new building with a location lands in the grid that holds it', async () => {
      const grid = (await admin.get(`/api/org/grids/${ix.grid('康运社区第二网格').id}`)).json();
      const res = await admin.post('/api/org/buildings', {
        communityId: ix.division('康运社区').id,
        name: '康运家园99幢',
        lat: grid.center.lat,
        lng: grid.center.lng,
        floors: 11,
      });
      assert.equal(res.statusCode, 201);
      assert.equal(res.json().gridName, '康运社区第二网格');
      const hh = await admin.post(`/api/org/buildings/${res.json().id}/households`, {
        unitName: '1单元',
        room: '1101',
        floorAreaM2: 98.5,
      });
      assert.equal(hh.statusCode, 201);
      const list = (await admin.get(`/api/org/buildings/${res.json().id}/households`)).json().items;
      assert.deepEqual(
        list.map((h: { room: string; floorAreaM2: number }) => [h.room, h.floorAreaM2]),
        [['1101', 98.5]],
      );
      const dup = await admin.post('/api/org/buildings', {
        communityId: ix.division('康运社区').id,
        name: '康运家园99幢',
      });
      assert.equal(dup.statusCode, 409);
    });

    test("the board of a building shows its own people first, then its grid's", async () => {
      const person = await ix.firstPerson(`gridId=${ix.grid('打铁关社区第一网格').id}`);
      const board = (await admin.get(`/api/org/board?buildingId=${person.buildingId}`)).json();
      assert.equal(board.grid.name, '打铁关社区第一网格');
      const kinds = board.entries.map((e: { kind: string; scope: string }) => `${e.scope}:${e.kind}`);
      assert.deepEqual(kinds.slice(0, 2).sort(), ['building:building_leader', 'building:party_member']);
      assert.ok(kinds.includes('grid:grid_worker'));
      const worker = board.entries.find((e: { kind: string }) => e.kind === 'grid_worker');
      assert.equal(worker.name, '李婷');
      assert.match(worker.contactPhone, /^1\d{10}$/, 'work phones on the board are shown whole');
      assert.equal(worker.phonePublished, true);
    });

    test("a resident's phone on the board is masked unless they chose to publish it; staff lists mask it too", async () => {
      const resident = await t.login('resident_demo');
      const person = await ix.firstPerson(`gridId=${ix.grid('打铁关社区第一网格').id}`);
      const board = (await resident.get(`/api/org/board?buildingId=${person.buildingId}`)).json();
      for (const e of board.entries.filter((x: { scope: string }) => x.scope === 'building')) {
        assert.match(e.contactPhone, /^\d{3}\*{4}\d{4}$/, `${e.kind} masked`);
        assert.equal(e.phonePublished, false);
      }
      const community = await t.login('community_datieguan');
      const grid = ix.grid('打铁关社区第三网格');
      const add = (name: string, contactPhone: string, publishPhone: boolean) =>
        community.post('/api/org/assignments', {
          kind: 'alley_steward',
          gridId: grid.id,
          name,
          contactPhone,
          publishPhone,
        });
      const consented = await add('公开者', '13912340001', true);
      const privateOne = await add('不公开者', '13912340002', false);
      assert.equal(consented.json().contactPhone, '13912340001');
      assert.equal(privateOne.json().contactPhone, '139****0002');
      const entries = (await resident.get(`/api/org/board?gridId=${grid.id}`)).json().entries;
      const byName = (name: string) => entries.find((e: { name: string }) => e.name === name);
      assert.equal(byName('公开者').contactPhone, '13912340001');
      assert.equal(byName('不公开者').contactPhone, '139****0002');
      const staffList = (await community.get(`/api/org/assignments?gridId=${grid.id}`)).json().items;
      assert.equal(staffList.find((e: { name: string }) => e.name === '不公开者').contactPhone, '139****0002');
      const consent = await t.services.database.db
        .selectFrom('org.assignments')
        .select(['phone_consent_at', 'phone_consent_by'])
        .where('id', '=', consented.json().id)
        .executeTakeFirstOrThrow();
      assert.deepEqual(consent, { phone_consent_at: t.clock.now(), phone_consent_by: community.me!.id });
    });

    test('assignments can be added and removed by those who run the community', async () => {
      const community = await t.login('community_datieguan');
      const grid = ix.grid('打铁关社区第三网格');
      const created = await community.post('/api/org/assignments', {
        kind: 'alley_steward',
        gridId: grid.id,
        name: '任大伯',
        contactPhone: '13912345678',
        pledge: '每日巡、经常访',
      });
      assert.equal(created.statusCode, 201);
      const both = await community.post('/api/org/assignments', {
        kind: 'alley_steward',
        gridId: grid.id,
        buildingId: 1,
        name: 'x',
      });
      assert.equal(both.statusCode, 400);
      const board = (await community.get(`/api/org/board?gridId=${grid.id}`)).json();
      assert.ok(board.entries.some((e: { name: string }) => e.name === '任大伯'));
      assert.equal((await community.delete(`/api/org/assignments/${created.json().id}`)).statusCode, 200);
      const worker = await t.login('grid_datieguan_01');
      const denied = await worker.post('/api/org/assignments', {
        kind: 'alley_steward',
        gridId: ix.grid('打铁关社区第一网格').id,
        name: '某人',
      });
      assert.equal(denied.statusCode, 403);
    });
  });

  describe('counts and messages', () => {
    test('stats count people, buildings, households and grids per community, within scope', async () => {
      const all = (await admin.get('/api/org/stats')).json();
      const datieguan = all.byCommunity.find((c: { name: string }) => c.name === '打铁关社区');
      const persons = (await admin.get(`/api/org/persons?communityId=${datieguan.id}&withTotal=true&limit=1`)).json()
        .total;
      const buildings = (
        await admin.get(`/api/org/buildings?communityId=${datieguan.id}&withTotal=true&limit=1`)
      ).json().total;
      assert.equal(datieguan.persons, persons);
      assert.equal(datieguan.buildings, buildings);
      assert.ok(datieguan.households > datieguan.buildings);
      assert.equal(
        all.totals.persons,
        all.byCommunity.reduce((a: number, c: { persons: number }) => a + c.persons, 0),
      );
      const worker = (await (await t.login('grid_datieguan_01')).get('/api/org/stats')).json();
      assert.deepEqual(
        worker.byGrid.map((g: { name: string }) => g.name),
        ['打铁关社区第一网格'],
      );
      assert.equal(worker.totals.persons, worker.byGrid[0].persons);
    });

    test('assignments of a grid can include those of its buildings', async () => {
      const grid = ix.grid('打铁关社区第一网格');
      const own = (await admin.get(`/api/org/assignments?gridId=${grid.id}`)).json().items;
      const all = (await admin.get(`/api/org/assignments?gridId=${grid.id}&includeBuildings=true`)).json().items;
      assert.ok(own.every((a: { buildingId: number | null }) => a.buildingId === null));
      assert.ok(all.some((a: { kind: string }) => a.kind === 'building_leader'));
      assert.ok(all.length > own.length);
    });

    test("field messages come in the caller's language", async () => {
      const community = ix.division('打铁关社区');
      const zh = await admin.post('/api/org/persons', { communityId: community.id, name: '甲', phone: '123' });
      assert.deepEqual(zh.json().error.details, [{ path: 'body.phone', message: '电话号码无效' }]);
      const en = await admin.post(
        '/api/org/persons',
        { communityId: community.id, name: '甲', phone: '123' },
        { 'accept-language': 'en' },
      );
      assert.deepEqual(en.json().error.details, [{ path: 'body.phone', message: 'Not a valid phone number' }]);
    });

    test('someone with no home on record is told so by the board', async () => {
      const merchant = await t.login('merchant_demo');
      const res = await merchant.get('/api/org/board');
      assert.equal(res.statusCode, 200, "a merchant's board is their community's");
      const { hashPassword } = await import('../../src/modules/auth/service.ts');
      const authRepo = await import('../../src/modules/auth/repository.ts');
      await authRepo.insertUser(
        t.services.database.db,
        {
          username: 'homeless',
          phone: null,
          displayName: '无住址',
          passwordHash: await hashPassword('gongzhi-demo'),
          personId: null,
        },
        t.clock.now(),
      );
      const none = await (await t.login('homeless')).get('/api/org/board');
      assert.equal(none.statusCode, 404);
      assert.match(none.json().error.details[0].message, /尚未登记住址/);
    });
  });

  describe('tree', () => {
    test("a grid worker's tree shows the path down to their grid only", async () => {
      const worker = await t.login('grid_datieguan_01');
      const tree = (await worker.get('/api/org/tree')).json();
      assert.deepEqual(
        tree.grids.map((g: { name: string }) => g.name),
        ['打铁关社区第一网格'],
      );
      const names = tree.divisions.map((d: { name: string }) => d.name);
      assert.deepEqual(names, ['浙江省', '杭州市', '拱墅区', '文晖街道', '打铁关社区']);
      assert.ok(tree.divisions.every((d: { inScope: boolean }) => !d.inScope));
    });

    test("the admin's tree holds every demo place", async () => {
      for (const name of [
        '打铁关社区',
        '王马社区',
        '浙大御跸社区',
        '吴家墩社区',
        '康运社区',
        '葛巷社区',
        '万和社区',
        '创景社区',
        '恒通社区',
        '元一社区',
        '凤阳一村社区',
      ]) {
        assert.ok(ix.division(name));
      }
      assert.ok(ix.tree.grids.some((g) => g.name === '文晖骑手流动网格'));
      const codes = ix.tree.divisions
        .filter((d) => d.level === 'district')
        .map((d) => d.code)
        .sort();
      assert.deepEqual(codes, ['330105', '330110', '340102']);
    });
  });
});
