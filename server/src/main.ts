import { buildApp, createServices } from './app.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { yearsWithoutHolidays } from './modules/matters/calendar.ts';
import { systemClock } from './platform/clock.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed/demo.ts';
import { seedDemoModules } from './seed/modules.ts';

async function main() {
  const started = performance.now();
  const config = loadConfig();
  const database = await openDatabase(config);
  const applied = await migrateToLatest(database);

  const empty = (await database.db.selectFrom('org.divisions').select('id').limit(1).execute()).length === 0;
  const seed = empty && (config.SEED_DEMO === 'true' || (config.SEED_DEMO === 'auto' && database.kind === 'pglite'));
  let seeded = false;
  if (seed) {
    await seedDemo(database, systemClock.now());
    seeded = true;
  }

  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const services = createServices(config, database, systemClock, (error, context) =>
    app?.log.error({ err: error, context }, 'background job error'),
  );
  app = await buildApp(services);
  await services.matters.ensureCatalogue();
  // The queues first: the demo data publishes events (points for attending, and so on).
  await services.jobs.start({ workers: false });
  if (seeded) await seedDemoModules(services, systemClock.now());
  await services.live.start();
  await services.jobs.start({ workers: config.JOBS_ENABLED });
  await app.listen({ port: config.PORT, host: config.HOST });
  if (config.MQTT_ENABLED) {
    try {
      await services.devices.startGateway();
      app.log.info(
        { mqtt: services.devices.gateway.mode, port: services.devices.gateway.port },
        config.MQTT_URL
          ? 'Device telemetry: subscribed to MQTT_URL'
          : `Device telemetry: embedded MQTT broker on port ${services.devices.gateway.port}`,
      );
    } catch (error) {
      // Another broker on the port (a local Mosquitto, say) must not take the console and API down with it.
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      app.log.error(
        { err: error },
        inUse
          ? `Device telemetry is off: port ${config.MQTT_PORT} is taken. Set MQTT_PORT to a free port, or MQTT_URL to use the broker already there.`
          : 'Device telemetry is off: the gateway did not start',
      );
    }
  }

  const where = database.kind === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL (DATABASE_URL)';
  app.log.info(
    { database: database.kind, migrations: applied.length, seeded, startupMs: Math.round(performance.now() - started) },
    `Gongzhi 共治 is listening on http://localhost:${config.PORT}/ with ${where}`,
  );
  const missingHolidays = yearsWithoutHolidays(systemClock.now(), config.TIME_ZONE);
  if (missingHolidays.length > 0) {
    app.log.warn(
      { years: missingHolidays },
      `No public-holiday schedule for ${missingHolidays.join(', ')} in chinese-days: working-day deadlines there skip weekends only. Update the package (npm update chinese-days) once the State Council notice is out.`,
    );
  }
  if (seeded) {
    app.log.info(
      `Demo data seeded. Sign in at http://localhost:${config.PORT}/admin/ as ${DEMO_ACCOUNTS.map((a) => a.username).join(', ')} — password ${DEMO_PASSWORD}`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app!.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app!.close();
    await services.jobs.stop();
    await services.live.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
