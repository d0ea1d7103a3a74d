import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createServices } from './app.ts';
import { systemClock } from './platform/clock.ts';
import { DEMO_PASSWORD, seedDemo } from './seed/demo.ts';
import { seedDemoModules } from './seed/modules.ts';

const usage = `Usage:
  npm run migrate            apply database migrations
  npm run seed -- --demo     put the demo data into an empty database (also one given by DATABASE_URL)`;

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  if (command !== 'migrate' && command !== 'seed') {
    console.log(usage);
    process.exit(command ? 2 : 0);
  }
  if (command === 'seed' && !args.includes('--demo')) {
    console.error(`Only demo data can be seeded; say so with --demo.\n${usage}`);
    process.exit(2);
  }
  const database = await openDatabase(config);
  try {
    const applied = await migrateToLatest(database);
    console.log(`Migrations applied: ${applied.length ? applied.join(', ') : 'none (up to date)'}`);
    if (command === 'migrate') await createServices(config, database).matters.ensureCatalogue();
    if (command === 'seed') {
      const summary = await seedDemo(database, systemClock.now());
      const services = createServices(config, database);
      await services.matters.ensureCatalogue();
      // The queues, without workers: the demo data publishes events for the server to handle.
      await services.jobs.start({ workers: false });
      const { matters } = await seedDemoModules(services, services.clock.now());
      await services.jobs.stop();
      console.log(
        `Demo data seeded: ${JSON.stringify({ ...summary, matters })}. Password of every demo account: ${DEMO_PASSWORD}`,
      );
    }
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
