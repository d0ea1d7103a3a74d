import type { Grant } from '../../src/platform/access.ts';
import type { Client, TestApp } from './harness.ts';

/** A user made for a test, with the given grants, signed in. */
export async function addUser(t: TestApp, username: string, grants: Grant[], displayName = username): Promise<Client> {
  const { hashPassword } = await import('../../src/modules/auth/service.ts');
  const authRepo = await import('../../src/modules/auth/repository.ts');
  const db = t.services.database.db;
  const userId = await authRepo.insertUser(
    db,
    { username, phone: null, displayName, passwordHash: await hashPassword('gongzhi-demo'), personId: null },
    t.clock.now(),
  );
  await authRepo.insertGrants(db, userId, grants, t.clock.now());
  return t.login(username);
}

/**
 * A resident bound to a person registered in the community (as real-name binding or an
 * invitation leaves them), signed in: bound accounts are the ones that vote and earn points.
 */
export async function addResident(t: TestApp, username: string, communityId: number, displayName = username) {
  const { insertPerson } = await import('../../src/modules/org/repository-persons.ts');
  const now = t.clock.now();
  const personId = await insertPerson(t.services.database.db, {
    community_id: communityId,
    name: displayName,
    created_at: now,
    updated_at: now,
  });
  const { hashPassword } = await import('../../src/modules/auth/service.ts');
  const authRepo = await import('../../src/modules/auth/repository.ts');
  const db = t.services.database.db;
  const userId = await authRepo.insertUser(
    db,
    { username, phone: null, displayName, passwordHash: await hashPassword('gongzhi-demo'), personId },
    now,
  );
  await authRepo.insertGrants(db, userId, [{ role: 'resident', divisionId: communityId, gridId: null }], now);
  return t.login(username);
}
