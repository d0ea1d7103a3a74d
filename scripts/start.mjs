// `npm start`: build the web app if it is stale, then run the server in the foreground.
import { spawn } from 'node:child_process';
import { buildWebIfStale, repoRoot } from './web-build.mjs';

try {
  buildWebIfStale();
} catch (error) {
  console.error(`[web] ${error.message}`);
  process.exit(1);
}

const server = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
  cwd: repoRoot,
  stdio: 'inherit',
  env: process.env,
});

// Pass Ctrl-C and service-manager stops on to the server and let it shut down cleanly.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.kill(signal));
}

server.on('exit', (code, signal) => {
  if (signal) {
    // End the way the server did, so callers see the signal; our own handler must not catch it.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else {
    process.exit(code ?? 0);
  }
});
