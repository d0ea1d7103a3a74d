/**
 * A building of ten owner households (加梯试点楼, in 打铁关社区) with one owner each, every
 * owner with an account (password gongzhi-demo), in a stopped e2e server's embedded database:
 * for the paper and proxy ballots browser test. Run between two starts of the server on the
 * same DATA_DIR: node --import tsx server/test/support/e2e-owners.ts <dataDir>
 * Prints { buildingId, owners: [{ username, room }] } as JSON.
 */
import { openE2eDatabase } from './e2e-database.ts';
import { insertGrants, insertUser } from '../../src/modules/auth/repository.ts';
import { hashPassword } from '../../src/modules/auth/service.ts';
import * as orgRepo from '../../src/modules/org/repository.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: e2e-owners.ts <dataDir>');
const database = await openE2eDatabase(dataDir);
const db = database.db;
const near = await db
  .selectFrom('org.buildings')
  .select(['community_id', 'grid_id'])
  .where('name', '=', '打铁关小区1幢')
  .executeTakeFirstOrThrow();
// A script between two runs of the server, outside any clock of its own: the machine's time.
const now = new Date();
const [building] = await orgRepo.insertBuildings(db, [
  {
    community_id: near.community_id,
    grid_id: near.grid_id,
    code: 'E2E-LIFT-01',
    name: '加梯试点楼',
    floors: 6,
    lat: null,
    lng: null,
    created_at: now,
    updated_at: now,
  },
]);
const hash = await hashPassword('gongzhi-demo');
const SURNAMES = '赵钱孙李周吴郑王冯陈';
const owners: { username: string; room: string }[] = [];
for (let i = 0; i < 10; i++) {
  const room = `${Math.floor(i / 2) + 1}0${(i % 2) + 1}`;
  // 1,000 m² in all: 120 m² on the first floor, 100 m² above, 80 m² on the top floor.
  const area = i < 2 ? 120 : i < 8 ? 100 : 80;
  const household = await orgRepo.ensureHousehold(db, building!.id, null, room, area, now);
  const personId = await orgRepo.insertPerson(db, {
    community_id: near.community_id,
    grid_id: near.grid_id,
    building_id: building!.id,
    household_id: household,
    name: `${SURNAMES[i]}老伯`,
    is_owner: true,
    birth_date: '1948-05-01',
    created_at: now,
    updated_at: now,
  });
  const username = `lift_owner_${String(i + 1).padStart(2, '0')}`;
  const userId = await insertUser(
    db,
    { username, phone: null, displayName: `业主 ${SURNAMES[i]}老伯`, passwordHash: hash, personId },
    now,
  );
  await insertGrants(db, userId, [{ role: 'resident', divisionId: near.community_id, gridId: null }], now);
  owners.push({ username, room });
}
await database.close();
process.stdout.write(JSON.stringify({ buildingId: building!.id, owners }));
