import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { createServices } from './app.ts';
import { SetupBody } from './modules/auth/schema.ts';
import { systemClock } from './platform/clock.ts';
import { DEMO_PASSWORD, seedDemo } from './seed/demo.ts';
import { seedDemoModules } from './seed/modules.ts';

const usage = `Usage:
  npm run migrate            apply database migrations
  npm run seed -- --demo     put the demo data into an empty database (also one given by DATABASE_URL)
  npm run create-admin -- --username <name> --name <姓名> --district <区名> --code <区划代码> [--phone <手机号>]
                             create the district and its first administrator on a database without accounts;
                             prints a one-time password, changed at the first sign-in`;

async function main() {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  if (command !== 'migrate' && command !== 'seed' && command !== 'create-admin') {
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
    if (command === 'migrate') {
      const { matters } = createServices(config, database);
      await matters.ensureCatalogue();
      await matters.ensureDailyFigures();
    }
    if (command === 'create-admin') await createAdmin(config, database, args);
    if (command === 'seed') {
      const summary = await seedDemo(database, systemClock.now());
      const services = createServices(config, database);
      await services.matters.ensureCatalogue();
      await services.matters.ensureDailyFigures();
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

async function createAdmin(
  config: ReturnType<typeof loadConfig>,
  database: Awaited<ReturnType<typeof openDatabase>>,
  args: string[],
) {
  const { values } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      district: { type: 'string' },
      code: { type: 'string' },
      phone: { type: 'string' },
    },
  });
  // The same checks as the setup page's (CreateUserBody, SetupBody).
  const parsed = SetupBody.omit({ token: true, password: true }).safeParse({
    username: values.username,
    displayName: values.name,
    phone: values.phone,
    district: { name: values.district, code: values.code },
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`  --${optionOf(issue.path)}: ${issue.message}`);
    console.error(usage);
    process.exit(2);
  }
  const services = createServices(config, database);
  if (!(await services.setup.needed())) {
    console.error(
      'Accounts exist already: the first administrator is created once. Administrators add others under 用户管理 in the console.',
    );
    process.exit(1);
  }
  const created = await services.setup.createFromShell(parsed.data);
  console.log(
    `First administrator created: ${parsed.data.username} (${parsed.data.displayName}), district administrator of ${parsed.data.district.name}.\n` +
      `One-time password (shown once; changed at the first sign-in): ${created.password}`,
  );
}

function optionOf(path: PropertyKey[]): string {
  const names: Record<string, string> = { displayName: 'name', username: 'username', phone: 'phone' };
  if (path[0] === 'district') return path[1] === 'code' ? 'code' : 'district';
  return names[String(path[0])] ?? String(path[0]);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
