// Builds the web app when its output is missing or older than its sources.
// Shared by `npm start` (start.mjs) and `npm run test:e2e` (build-web-if-stale.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(repoRoot, 'web');
const dist = path.join(web, 'dist');
const stamp = path.join(dist, '.build-stamp');
const sources = ['src', 'admin', 'h5', 'vite.config.ts', 'package.json'].map((p) => path.join(web, p));
const outputs = ['admin/index.html', 'h5/index.html'].map((p) => path.join(dist, p));

/** The newest modification time under a file or folder, in ms (0 when absent). */
function newestMtime(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file shows only as a newer folder
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Why the web app needs building, or null when the build is current. */
export function staleReason() {
  if (!outputs.every((file) => fs.existsSync(file))) return 'web/dist is missing';
  if (!fs.existsSync(stamp)) return 'web/dist has no build stamp';
  const builtAt = fs.statSync(stamp).mtimeMs;
  const changed = sources.find((source) => newestMtime(source) > builtAt);
  return changed ? `${path.relative(repoRoot, changed)} changed since the last build` : null;
}

/** Builds web/ if stale; throws when the build fails. */
export function buildWebIfStale({ log = console.log } = {}) {
  const reason = staleReason();
  if (!reason) {
    log('[web] build is up to date');
    return false;
  }
  log(`[web] building: ${reason}`);
  // The stamp takes the time the build started, so an edit made during the build still counts as newer.
  const startedAt = new Date();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['run', 'build', '-w', 'web'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`web build failed (exit ${result.status ?? result.signal})`);
  fs.writeFileSync(stamp, `${startedAt.toISOString()}\n`);
  fs.utimesSync(stamp, startedAt, startedAt);
  return true;
}
