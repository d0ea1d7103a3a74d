import { buildWebIfStale } from './web-build.mjs';

try {
  buildWebIfStale();
} catch (error) {
  console.error(`[web] ${error.message}`);
  process.exit(1);
}
