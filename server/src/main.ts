import { buildApp, createServices } from './app.ts';
import { loadConfig, type Config } from './config.ts';
import { openDatabase } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';
import { holdStartupLock } from './db/startup-lock.ts';
import { DEVICE_GATEWAY_LEASE } from './modules/devices/cluster-sync.ts';
import { Lease } from './platform/leases.ts';
import { yearsWithoutHolidays } from './modules/matters/calendar.ts';
import { systemClock } from './platform/clock.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, seedDemo } from './seed/demo.ts';
import { startupReport } from './platform/startup-report.ts';
import { VERSION } from './modules/system/routes.ts';
import { seedDemoModules } from './seed/modules.ts';

async function main() {
  const started = performance.now();
  const report = startupReport(undefined, started);
  const config = loadConfig();
  const where = database_where(config);
  report.step(`共治 Gongzhi ${VERSION} 正在启动 starting · 数据库 database: ${where}`);
  const database = await openDatabase(config);
  // Processes started together migrate and seed one after another (db/startup-lock.ts).
  const startupLock = await holdStartupLock(database);
  const applied = await migrateToLatest(database, (name, done, total) =>
    report.step(`迁移 migration ${done}/${total}: ${name}`),
  );

  const empty = (await database.db.selectFrom('org.divisions').select('id').limit(1).execute()).length === 0;
  const seed = empty && (config.SEED_DEMO === 'true' || (config.SEED_DEMO === 'auto' && database.kind === 'pglite'));
  let seeded = false;
  if (seed) {
    report.step('演示数据 demo data: 区划、网格、楼栋、人员与账号 divisions, grids, buildings, people, accounts');
    await seedDemo(database, systemClock.now());
    seeded = true;
  }

  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  const services = createServices(
    config,
    database,
    systemClock,
    (error, context) => app?.log.error({ err: error, context }, 'background job error'),
    { messageLog: { info: (obj, msg) => app?.log.info(obj, msg) } },
  );
  app = await buildApp(services);
  await services.matters.ensureCatalogue();
  await services.matters.ensureDailyFigures();
  // The queues first: the demo data publishes events (points for attending, and so on).
  await services.jobs.start({ workers: false });
  if (seeded) {
    await seedDemoModules(services, systemClock.now(), (module) => report.step(`演示数据 demo data: ${module}`));
    // What the demo's events lead to (points for resolved reports, and so on) is in place by the
    // time the server says it is ready, not a moment after.
    report.step('演示数据 demo data: 后续处理 what the events lead to');
    await services.jobs.drain();
  }
  await startupLock.release();
  await services.live.start();
  await services.signals.start();
  // The device gateway keeps its rules' state in memory, so one process at a time runs it: on
  // PostgreSQL, the holder of its lease (platform/leases.ts); the others stand by and take over
  // within seconds of the holder's end. Its timed absence check follows the lease.
  const gatewayLease = new Lease(database, {
    name: DEVICE_GATEWAY_LEASE,
    onAcquired: async () => {
      await services.jobs.setLeaseHeld(DEVICE_GATEWAY_LEASE, true);
      await takeOverGateway();
    },
    onLost: async () => {
      app?.log.warn('Device gateway: lease lost or given up; another server process takes over');
      await services.devices.standDownGateway();
      await services.jobs.setLeaseHeld(DEVICE_GATEWAY_LEASE, false);
    },
    onError: (error, context) => app?.log.error({ err: error, context }, 'device gateway lease'),
  });
  const takeOverGateway = async () => {
    if (!config.MQTT_ENABLED) return services.devices.takeOverGateway({ mqtt: false });
    try {
      await services.devices.takeOverGateway({ mqtt: true });
      app!.log.info(
        { mqtt: services.devices.gateway.mode, port: services.devices.gateway.port },
        config.MQTT_URL
          ? 'Device telemetry: subscribed to MQTT_URL'
          : `Device telemetry: embedded MQTT broker on port ${services.devices.gateway.port}`,
      );
    } catch (error) {
      // Another broker on the port (a local Mosquitto, say) must not take the console and API down with it.
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      app!.log.error(
        { err: error },
        inUse
          ? `Device telemetry over MQTT is off: port ${config.MQTT_PORT} is taken. Set MQTT_PORT to a free port, or MQTT_URL to use the broker already there.`
          : 'Device telemetry over MQTT is off: the gateway did not start',
      );
      await services.devices.takeOverGateway({ mqtt: false });
    }
  };
  services.devices.waitForGateway();
  await services.jobs.setLeaseHeld(DEVICE_GATEWAY_LEASE, false);
  await services.jobs.start({ workers: config.JOBS_ENABLED });
  await app.listen({ port: config.PORT, host: config.HOST });
  await gatewayLease.start();

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

  // Last, after the gateway's and the calendar's notices, so it is what the terminal shows.
  // Without any account, a one-time link to create the first administrator (a new one each start).
  const setupToken = seeded ? null : await services.setup.issueToken();
  report.block(readyBlock(config, where, performance.now() - started, seeded, setupToken));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app!.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    await app!.close();
    await gatewayLease.stop();
    await services.jobs.stop();
    await services.live.stop();
    await services.signals.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

function database_where(config: Config): string {
  return config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `嵌入式 embedded PGlite in ${config.DATA_DIR}`;
}

/** The closing block: where to go, and who can sign in. */
function readyBlock(
  config: Config,
  where: string,
  elapsedMs: number,
  seeded: boolean,
  setupToken: string | null,
): string[] {
  const base = `http://localhost:${config.PORT}`;
  const lines = [
    `共治 Gongzhi 已就绪 ready in ${(elapsedMs / 1000).toFixed(1)} s`,
    '',
    `工作台 admin console   ${base}/admin/`,
    `居民端 mobile H5       ${base}/h5/`,
    `接口文档 API docs      ${base}/api/docs`,
    `数据库 database        ${where}`,
  ];
  if (config.HOST !== '127.0.0.1' && config.HOST !== 'localhost')
    lines.push(`监听 listening on      ${config.HOST}:${config.PORT} (HOST=127.0.0.1 keeps it to this machine)`);
  lines.push('');
  if (seeded) {
    lines.push(`演示账号 demo accounts (密码 password ${DEMO_PASSWORD}):`);
    for (const a of DEMO_ACCOUNTS) lines.push(`  ${a.username.padEnd(22)}${a.displayName}`);
  } else if (setupToken) {
    lines.push('还没有任何账号 No account exists yet. 创建首位区级管理员 Create the first district administrator:');
    lines.push(`  ${base}/admin/setup#${setupToken}`);
    lines.push('  (一次有效；重启后旧链接作废 one use; a restart prints a new link and the old one stops working)');
    lines.push(
      '  或在命令行 or from a shell: npm run create-admin -- --username <名> --name <姓名> --district <区名> --code <区划代码>',
    );
  } else {
    lines.push('演示数据未重新生成 The database already had data; sign in with your accounts.');
  }
  return lines;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
