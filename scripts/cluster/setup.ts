/**
 * The cluster's database before the apps start: created on the leader, migrated, the demo
 * places in, and what the load needs — owners of one block with sessions (voters, reporters
 * and exchangers at once), a vote on their roll, points and a shop, smoke detectors with the
 * default rules. Done through HAProxy with the server's own services, as the benchmarks do.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { createServices } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { openPostgres } from '../../server/src/db/connection.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import type { RequestContext } from '../../server/src/platform/context.ts';
import { seedDemo } from '../../server/src/seed/demo.ts';
import { DEFAULT_RULES } from '../../server/src/seed/demo-devices.ts';

export interface Resident {
  userId: number;
  cookie: string;
  csrf: string;
}

export interface Fixture {
  residents: Resident[];
  voteId: number;
  itemId: number;
  categoryId: number;
  lat: number;
  lng: number;
  devices: string[];
}

export async function createDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => {});
  await client.connect();
  await client.query(`drop database if exists ${name}`);
  await client.query(`create database ${name}`);
  await client.end();
}

export async function prepare(url: string, o: { residents: number; devices: number }): Promise<Fixture> {
  const database = await openPostgres(url, 5, undefined, { connectionWaitMs: 60_000, statementTimeoutMs: 0 });
  await migrateToLatest(database);
  const config = loadConfig({ ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' });
  const services = createServices(config, database);
  await services.matters.ensureCatalogue();
  await seedDemo(database, new Date());
  const { db } = database;
  const stamp = new Date();
  const community = (
    await db.selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
  ).id;
  const place = await db
    .selectFrom('org.buildings')
    .select(['lat', 'lng', 'grid_id'])
    .where('community_id', '=', community)
    .where('lat', 'is not', null)
    .where('grid_id', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const building = (
    await db
      .insertInto('org.buildings')
      .values({
        community_id: community,
        grid_id: place.grid_id,
        code: 'CLUSTER-TEST',
        name: '集群测试楼',
        address: '打铁关集群路 1 号',
        lat: place.lat,
        lng: place.lng,
        created_at: stamp,
        updated_at: stamp,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;

  // Owners, one household each, with a session made as a sign-in would make it.
  const index = Array.from({ length: o.residents }, (_, i) => i);
  const households = await db
    .insertInto('org.households')
    .values(index.map((i) => ({ building_id: building, room: String(1000 + i), floor_area_m2: 80, created_at: stamp })))
    .returning('id')
    .execute();
  const persons = await db
    .insertInto('org.persons')
    .values(
      index.map((i, k) => ({
        community_id: community,
        building_id: building,
        household_id: households[k]!.id,
        name: `集群业主${i}`,
        is_owner: true,
        birth_date: '1970-01-01',
        created_at: stamp,
        updated_at: stamp,
      })),
    )
    .returning('id')
    .execute();
  const users = await db
    .insertInto('auth.users')
    .values(
      index.map((i, k) => ({
        username: `cluster_owner_${i}`,
        phone: null,
        display_name: `集群业主${i}`,
        password_hash: 'not-a-login',
        person_id: persons[k]!.id,
        password_changed_at: stamp,
        created_at: stamp,
        updated_at: stamp,
      })),
    )
    .returning('id')
    .execute();
  await db
    .insertInto('auth.role_grants')
    .values(
      users.map((u) => ({
        user_id: u.id,
        role: 'resident' as const,
        division_id: community,
        grid_id: null,
        created_at: stamp,
      })),
    )
    .execute();
  const residents: Resident[] = [];
  const sessions = users.map((u) => ({
    userId: u.id,
    token: randomBytes(24).toString('base64url'),
    csrf: randomBytes(24).toString('base64url'),
  }));
  await db
    .insertInto('auth.sessions')
    .values(
      sessions.map((s) => ({
        token_hash: createHash('sha256').update(s.token).digest('hex'),
        user_id: s.userId,
        csrf_token: s.csrf,
        created_at: stamp,
        expires_at: new Date(Date.now() + 6 * 3_600_000),
        ip: null,
        user_agent: 'cluster-test',
      })),
    )
    .execute();
  for (const s of sessions) residents.push({ userId: s.userId, cookie: `gz_session=${s.token}`, csrf: s.csrf });

  const adminId = (
    await db.selectFrom('auth.users').select('id').where('username', '=', 'admin').executeTakeFirstOrThrow()
  ).id;
  const admin: RequestContext = {
    actor: await services.auth.actorOf(adminId),
    locale: 'zh-CN',
    ip: null,
    userAgent: 'cluster-test',
    requestId: null,
  };
  const now = Date.now();
  const vote = await services.deliberation.createVote(admin, {
    communityId: community,
    title: '集群测试楼加装电梯',
    question: '是否同意加装电梯？',
    electorate: 'owners',
    scopeKind: 'buildings',
    buildingIds: [building],
    ballotUnit: 'person',
    special: true,
    allowChange: false,
    secondBallot: 'first_stands',
    noticeAt: new Date(now - 30_000),
    opensAt: new Date(now - 30_000),
    closesAt: new Date(now + 6 * 3_600_000),
  });

  for (const r of residents)
    await services.points.correct(admin, {
      communityId: community,
      userId: r.userId,
      amount: 200,
      reason: '集群测试发放',
      idempotencyKey: randomUUID(),
    });
  const shop = await services.points.createMerchant(admin, {
    communityId: community,
    name: '集群测试小店',
    address: '',
    phone: '',
  });
  const item = await services.points.createItem(admin, shop.id, {
    name: '一分券',
    description: '',
    pricePoints: 1,
    cashValueFen: 10,
    stock: null,
  });

  const category = await db
    .selectFrom('matters.categories')
    .select('id')
    .where('code', '=', 'event.street_order.hawkers')
    .executeTakeFirstOrThrow();

  await services.devices.insertDefaultRules(DEFAULT_RULES);
  const devices = Array.from({ length: o.devices }, (_, i) => `cluster-${String(i).padStart(3, '0')}`);
  await services.devices.registerBulk(
    devices.map((code, i) => ({
      code,
      type: 'smoke' as const,
      name: `集群烟感 ${i}`,
      communityId: community,
      gridId: place.grid_id,
      buildingId: building,
      secret: `cluster-secret-${i}`,
    })),
  );
  await services.devices.maintainPartitions(new Date());

  // The failover probe writes here, straight through HAProxy.
  await database.exec(
    'create table public.cluster_probe (id bigint generated always as identity primary key, at timestamptz not null)',
  );
  await database.close();
  return {
    residents,
    voteId: vote.id,
    itemId: item.id,
    categoryId: category.id,
    lat: place.lat!,
    lng: place.lng!,
    devices,
  };
}
