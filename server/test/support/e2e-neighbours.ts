/**
 * Gives the adult residents of 打铁关小区1幢 in a stopped e2e server's embedded database
 * accounts of their own (password gongzhi-demo), so a browser test can have many
 * neighbours support a topic and many owners vote through the API. Run between two
 * starts of the server on the same DATA_DIR: node --import tsx server/test/support/e2e-neighbours.ts <dataDir>
 * Prints the accounts as JSON: [{ username, owner, householdId }].
 */
import { openE2eDatabase } from './e2e-database.ts';
import { insertGrants, insertUser } from '../../src/modules/auth/repository.ts';
import { hashPassword } from '../../src/modules/auth/service.ts';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: add-neighbours.ts <dataDir>');
const database = await openE2eDatabase(dataDir);
const db = database.db;
const people = await db
  .selectFrom('org.persons as p')
  .innerJoin('org.buildings as b', 'b.id', 'p.building_id')
  .leftJoin('auth.users as u', 'u.person_id', 'p.id')
  .select(['p.id', 'p.name', 'p.community_id', 'p.household_id', 'p.is_owner', 'p.birth_date'])
  .where('b.name', '=', '打铁关小区1幢')
  .where('u.id', 'is', null)
  .where('p.birth_date', '<=', '2006-01-01')
  .orderBy('p.id')
  .execute();
const hash = await hashPassword('gongzhi-demo');
// A script between two runs of the server, outside any clock of its own: the machine's time.
const now = new Date();
const accounts: { username: string; owner: boolean; householdId: number | null }[] = [];
for (const [i, p] of people.entries()) {
  const username = `neighbour_${String(i + 1).padStart(2, '0')}`;
  const userId = await insertUser(
    db,
    { username, phone: null, displayName: `居民 ${p.name}`, passwordHash: hash, personId: p.id },
    now,
  );
  await insertGrants(db, userId, [{ role: 'resident', divisionId: p.community_id, gridId: null }], now);
  accounts.push({ username, owner: Boolean(p.is_owner), householdId: p.household_id });
}
await database.close();
process.stdout.write(JSON.stringify(accounts));
