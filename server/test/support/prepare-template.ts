/**
 * Builds the test database template once per change of migrations or seed:
 * migrated, with pg-boss's tables and the demo data. Every test then starts from a
 * copy — a PGlite data directory loaded from a dump, or CREATE DATABASE … TEMPLATE
 * on PostgreSQL — instead of migrating and seeding again.
 */
import fs from 'node:fs';
import { createServices } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { openPglite, openPostgres, type Database } from '../../src/db/connection.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import { seedDemoModules } from '../../src/seed/modules.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import {
  adminQuery,
  cacheDir,
  pgTemplateName,
  pgliteTemplatePath,
  templateKey,
  TEST_START,
  withDatabase,
} from './template.ts';

/** PostgreSQL templates kept, the one built now included (PGlite's are per checkout, in .cache). */
const TEMPLATES_KEPT = 4;

async function fill(database: Database) {
  await migrateToLatest(database);
  const clock = new ManualClock(TEST_START);
  const services = createServices(loadConfig({ ...process.env, DATABASE_URL: undefined }), database, clock);
  await services.jobs.start({ workers: false });
  await services.jobs.stop();
  await services.matters.ensureCatalogue();
  await services.matters.ensureDailyFigures();
  await seedDemo(database, TEST_START);
  await seedDemoModules(services, TEST_START);
}

async function main() {
  const key = templateKey();
  const started = performance.now();
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = pgTemplateName(key);
    const exists = await adminQuery(url, `select 1 from pg_database where datname = '${name}'`);
    if (exists.length === 0) {
      // Old templates of earlier keys are dropped so they do not pile up; the newest few stay,
      // for checkouts of other migrations (worktrees) testing on the same server at the same time.
      const old = await adminQuery<{ datname: string }>(
        url,
        `select datname from pg_database where datname like 'gongzhi_template_%' and datname not like '%_building'
          order by oid desc offset ${TEMPLATES_KEPT - 1}`,
      );
      for (const { datname } of old) {
        await adminQuery(url, `update pg_database set datistemplate = false where datname = '${datname}'`);
        await adminQuery(url, `drop database if exists "${datname}" with (force)`);
      }
      const building = `${name}_building`;
      await adminQuery(url, `drop database if exists "${building}" with (force)`);
      await adminQuery(url, `create database "${building}"`);
      const database = await openPostgres(withDatabase(url, building), 4);
      await fill(database);
      await database.close();
      await adminQuery(url, `alter database "${building}" rename to "${name}"`);
      await adminQuery(url, `update pg_database set datistemplate = true where datname = '${name}'`);
      console.log(`test template ${name} built in ${Math.round(performance.now() - started)} ms`);
    }
  } else {
    const file = pgliteTemplatePath(key);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(cacheDir, { recursive: true });
      for (const old of fs.readdirSync(cacheDir).filter((f) => f.startsWith('pglite-template-')))
        fs.rmSync(`${cacheDir}/${old}`);
      const database = await openPglite({});
      await fill(database);
      const dump = await database.pglite!.dumpDataDir('gzip');
      await database.close();
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
      fs.renameSync(tmp, file);
      console.log(`test template ${file} built in ${Math.round(performance.now() - started)} ms`);
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
