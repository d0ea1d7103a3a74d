// Runs the browser tests (e2e/*.test.ts, or the files named on the command line), then once more
// the files of any test that failed, alone. A file that passes the second time passes the run, and
// is named as flaky at the end with its first failure above; a file that fails twice fails it.
//
// Why: on CI's two shared cores a browser test sometimes loses a wait (a tap landing while a sheet
// slides, a panel that re-renders) that no amount of careful waiting has removed for good, and one
// such loss used to fail a whole submission. A real fault fails both times.
//
// E2E_CONCURRENCY sets how many files run at once in the first pass (default 1).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const concurrency = Number(process.env.E2E_CONCURRENCY ?? 1);
const named = process.argv.slice(2);
const files = (
  named.length > 0
    ? named
    : fs
        .readdirSync(path.join(root, 'e2e'))
        .filter((name) => name.endsWith('.test.ts'))
        .map((name) => path.join('e2e', name))
).sort();

/**
 * A pass that runs longer than this is stuck (a file whose process never ends, e.g. a browser left
 * open): it is stopped and fails, well before CI's own limit would end the whole run unexplained.
 */
const PASS_LIMIT_MINUTES = 60;

/**
 * Runs node's test runner on the files; its report goes to the console as node would print it
 * (spec on a terminal, TAP otherwise), and as TAP to a file read back for the failures.
 */
function run(list, filesAtOnce) {
  const tap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-e2e-tap-')), 'report.tap');
  const args = [
    '--import',
    'tsx',
    '--test',
    `--test-concurrency=${filesAtOnce}`,
    `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
    '--test-reporter-destination=stdout',
    '--test-reporter=tap',
    `--test-reporter-destination=${tap}`,
    ...list,
  ];
  return new Promise((resolve) => {
    // In a process group of its own, so a stuck pass can be stopped with every file's processes.
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', detached: true });
    const watchdog = setTimeout(() => {
      console.log(`\nbrowser tests: this pass is still running after ${PASS_LIMIT_MINUTES} minutes; stopped`);
      process.kill(-child.pid, 'SIGKILL');
    }, PASS_LIMIT_MINUTES * 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      const report = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      fs.rmSync(path.dirname(tap), { recursive: true, force: true });
      resolve({ code: code ?? (signal ? 1 : 0), failed: failedFiles(report, list) });
    });
  });
}

/**
 * The files of the top-level tests reported `not ok`, from each one's `location` (or its name, when
 * a whole file failed to load); null when a failure cannot be placed in a file, so nothing is retried.
 */
function failedFiles(report, list) {
  const lines = report.split('\n');
  const found = new Set();
  for (let i = 0; i < lines.length; i++) {
    const failure = /^not ok \d+ - (.*)$/.exec(lines[i]);
    if (!failure) continue;
    let file = list.find((f) => failure[1].endsWith(f) || failure[1].endsWith(path.basename(f)));
    for (let j = i + 1; !file && j < lines.length && !/^(not )?ok \d+/.test(lines[j]); j++) {
      const at = /location: '(.+?):\d+:\d+'/.exec(lines[j]);
      if (at) file = list.find((f) => path.resolve(root, f) === path.resolve(at[1]));
    }
    if (!file) return null;
    found.add(file);
  }
  return [...found].sort();
}

const first = await run(files, concurrency);
if (first.code === 0) process.exit(0);
if (!first.failed || first.failed.length === 0) {
  console.log('\nbrowser tests failed, and the failure could not be placed in a file: not retried');
  process.exit(first.code);
}
console.log(`\n=== browser tests: running again, alone, the files that failed: ${first.failed.join(', ')} ===\n`);
const second = await run(first.failed, 1);
if (second.code !== 0) {
  console.log(`\nbrowser tests failed twice: ${(second.failed ?? first.failed).join(', ')}`);
  process.exit(second.code);
}
console.log(`\nFLAKY (failed once, passed alone on the second run): ${first.failed.join(', ')}`);
