import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './connection.ts';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Migrations are files named by timestamp; each exports up() in raw SQL. */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(migrationsDir)).filter((f) => /^\d{8}_\d{4}_.+\.ts$/.test(f)).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.replace(/\.ts$/, '')] = await import(pathToFileURL(path.join(migrationsDir, file)).href);
    }
    return migrations;
  }
}

/** Names of the migration files, for keying caches of a migrated database. */
export async function migrationNames(): Promise<string[]> {
  return Object.keys(await new FolderMigrationProvider().getMigrations());
}

export async function migrateToLatest(
  database: Database,
  /** Told after each migration applied, for the first start's progress lines. */
  onApplied?: (name: string, done: number, total: number) => void,
): Promise<string[]> {
  const migrator = new Migrator({ db: database.db, provider: new FolderMigrationProvider() });
  const pending = (await migrator.getMigrations()).filter((m) => !m.executedAt).length;
  const applied: string[] = [];
  // One step at a time, so progress is reported as each migration lands.
  for (let i = 0; i < pending; i++) {
    const { error, results } = await migrator.migrateUp();
    if (error) {
      const failed = results?.find((r) => r.status === 'Error');
      throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`, {
        cause: error,
      });
    }
    for (const r of results ?? []) {
      if (r.status !== 'Success') continue;
      applied.push(r.migrationName);
      onApplied?.(r.migrationName, applied.length, pending);
    }
  }
  return applied;
}
