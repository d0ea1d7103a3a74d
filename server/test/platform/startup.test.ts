import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server on an empty data directory, asks it one thing once it is ready, stops
 * it, and returns what it printed.
 */
async function firstStart(env: Record<string, string>): Promise<{ output: string; port: number }> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongzhi-start-'));
  const [port, mqttPort] = [await freePort(), await freePort()];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      DATABASE_URL: '',
      DATA_DIR: dataDir,
      PORT: String(port),
      MQTT_PORT: String(mqttPort),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  try {
    const deadline = Date.now() + 90_000;
    while (!output.includes('已就绪 ready')) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`not ready:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 300)); // the block is written whole
    const health = await fetch(`http://127.0.0.1:${port}/api/health`);
    assert.equal(health.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    return { output, port };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

describe('the first start says what it is doing', { timeout: 180_000 }, () => {
  const runs = {
    demo: firstStart({ SEED_DEMO: 'auto' }),
    bare: firstStart({ SEED_DEMO: 'false' }),
  };
  after(async () => {
    await Promise.allSettled(Object.values(runs));
  });

  test('migrations one by one, the demo data module by module, then one block with the addresses and the accounts, last', async () => {
    const { output, port } = await runs.demo;
    const migrations = [...output.matchAll(/迁移 migration (\d+)\/(\d+): \d{8}_\d{4}_\w+/g)];
    assert.ok(migrations.length > 10, 'a line per migration');
    assert.equal(migrations.at(-1)![1], migrations.at(-1)![2], 'counting up to all of them');
    for (const module of ['事项 matters', '积分与志愿', '协商议事', '矛盾调解', '设备与告警', '关爱 care'])
      assert.match(output, new RegExp(`演示数据 demo data: ${module}`));
    const block = output.slice(output.lastIndexOf('已就绪 ready'));
    assert.match(block, new RegExp(`http://localhost:${port}/admin/`));
    assert.match(block, new RegExp(`http://localhost:${port}/h5/`));
    assert.match(block, /admin\s+区级管理员/);
    assert.match(block, /resident_demo\s+居民 陈建华/);
    assert.match(block, /gongzhi-demo/);
    assert.doesNotMatch(block, /^\{"level"/m, `nothing logged after the block:\n${block}`);
  });

  test('without demo data it says that there is no account yet and prints the one-time setup link; requests are not logged line by line', async () => {
    const { output, port } = await runs.bare;
    assert.doesNotMatch(output, /演示数据 demo data/);
    assert.match(output, /No account exists yet/);
    assert.match(output, new RegExp(`http://localhost:${port}/admin/setup#[A-Za-z0-9_-]{30,}`));
    assert.match(output, /npm run create-admin/);
    assert.doesNotMatch(output, /incoming request|request completed/, 'no per-request lines (LOG_REQUESTS=false)');
  });
});
