import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Database } from '../../src/db/connection.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { serverSecret } from '../../src/platform/secrets.ts';
import { freshDatabase } from '../support/harness.ts';
import { TEST_START } from '../support/template.ts';

let database: Database;
let drop: () => Promise<void>;
const clock = new ManualClock(TEST_START);

before(async () => {
  ({ database, drop } = await freshDatabase());
});
after(() => drop());

test('a server secret is made once and kept: asked together, asked again, every caller gets the same', async () => {
  let made = 0;
  const make = () => `key-${++made}`;
  const together = await Promise.all([
    serverSecret(database.db, clock, 'test.together', make),
    serverSecret(database.db, clock, 'test.together', make),
    serverSecret(database.db, clock, 'test.together', make),
  ]);
  assert.equal(new Set(together).size, 1, together.join(', '));
  const again = await serverSecret(database.db, clock, 'test.together', () => 'never');
  assert.equal(again, together[0]);
  assert.notEqual(await serverSecret(database.db, clock, 'test.other', () => 'other'), again, 'one per name');
});
