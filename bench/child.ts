/**
 * A server for the benchmarks, in its own process: the whole API ("api"), or a
 * bare Fastify route sending a fixed JSON body of the same size ("bare").
 */
import fs from 'node:fs';
import Fastify from 'fastify';
import { buildApp, createServices } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/connection.ts';

const mode = process.argv[2];
const port = Number(process.env.PORT);

if (mode === 'bare') {
  const payload = JSON.parse(fs.readFileSync(process.env.BARE_PAYLOAD_FILE!, 'utf8'));
  const app = Fastify({ logger: false });
  app.get('/bare', async () => payload);
  app.post('/bare', async () => payload);
  app.get('/ready', async () => ({ ok: true }));
  await app.listen({ port, host: '127.0.0.1' });
} else {
  const config = loadConfig();
  const database = await openDatabase(config);
  const services = createServices(config, database);
  const app = await buildApp(services, { logger: false });
  app.get('/ready', { schema: { hide: true } }, async () => ({ ok: true }));
  await services.jobs.start({ workers: config.JOBS_ENABLED });
  await app.listen({ port, host: '127.0.0.1' });
  process.on('SIGTERM', async () => {
    await app.close();
    await services.jobs.stop();
    await database.close();
    process.exit(0);
  });
}
