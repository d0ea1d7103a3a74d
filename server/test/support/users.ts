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
