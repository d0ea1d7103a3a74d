import fs from 'node:fs';
import path from 'node:path';
import { openPglite, openPostgres } from '../../src/db/connection.ts';

/**
 * The database of a stopped e2e server's data directory, for the scripts that add to the seeded
 * data between two starts: the embedded one in it, or, with several server processes
 * (e2e/support/cluster.ts), the PostgreSQL database it names in `database-url`.
 */
export function openE2eDatabase(dataDir: string) {
  const named = path.join(dataDir, 'database-url');
  return fs.existsSync(named)
    ? openPostgres(fs.readFileSync(named, 'utf8'), 2)
    : openPglite({ dataDir: path.join(dataDir, 'pglite') });
}
