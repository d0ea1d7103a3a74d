import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
export const serverRoot = path.resolve(here, '../..');
export const cacheDir = path.join(serverRoot, '.cache');

/**
 * The instant every test starts at, and the demo data in the template was made at: fixed, so no
 * test depends on the machine's date. CI runs the suite once with the machine's clock years away
 * (faketime), so a rule that mixes this clock with the database's now() fails at once.
 */
export const TEST_START = new Date('2026-11-20T02:00:00Z');

/**
 * A key for the migrated and seeded test database: it changes when a migration,
 * the demo seed or pg-boss changes, and then the template is built anew.
 */
export function templateKey(): string {
  const hash = createHash('sha256');
  const inputs = [
    ...fs
      .readdirSync(path.join(serverRoot, 'src/db/migrations'))
      .sort()
      .map((f) => path.join('src/db/migrations', f)),
    ...fs
      .readdirSync(path.join(serverRoot, 'src/seed'))
      .sort()
      .map((f) => path.join('src/seed', f)),
    'src/modules/matters/catalogue.ts',
    'src/modules/matters/catalogue-community.ts',
    'test/support/prepare-template.ts',
  ];
  hash.update(
    JSON.parse(fs.readFileSync(path.join(serverRoot, '../node_modules/pg-boss/package.json'), 'utf8')).version,
  );
  for (const file of inputs) {
    hash.update(file);
    hash.update(fs.readFileSync(path.join(serverRoot, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

export const pgliteTemplatePath = (key: string) => path.join(cacheDir, `pglite-template-${key}.tar.gz`);
export const pgTemplateName = (key: string) => `gongzhi_template_${key}`;

/** A URL to the same server as base but another database. */
export function withDatabase(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery<T extends pg.QueryResultRow = pg.QueryResultRow>(
  baseUrl: string,
  text: string,
): Promise<T[]> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}
