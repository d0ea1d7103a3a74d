// Type-checks the server, the web app, the browser tests and the benchmarks. tsc uses one core, so
// the projects run side by side, as many at a time as there are cores; each one's output is printed
// when it ends, and the run fails if any project fails.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
// The longest first, so the short ones fill in beside them.
const projects = [
  'web/tsconfig.json',
  'server/tsconfig.json',
  'e2e/tsconfig.json',
  'bench/tsconfig.json',
  'scripts/cluster/tsconfig.json',
];

function check(project) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: repoRoot });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      process.stdout.write(
        `tsc -p ${project}: ${code === 0 ? 'ok' : `failed (exit ${code})`}, ${seconds} s\n${output}`,
      );
      resolve(code === 0);
    });
  });
}

const queue = [...projects];
let failed = false;
const lane = async () => {
  for (let project = queue.shift(); project; project = queue.shift()) if (!(await check(project))) failed = true;
};
await Promise.all(Array.from({ length: Math.min(os.availableParallelism(), projects.length) }, lane));
process.exit(failed ? 1 : 0);
