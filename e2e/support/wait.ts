import type { Locator, Page } from 'playwright-core';

/**
 * Conditions a browser test waits for, instead of a fixed time: the page has stopped moving, the
 * charts have finished drawing, the server has reached a state. Each gives up with a message
 * after its deadline.
 */

/**
 * Asks `check` again and again until it answers a value other than undefined, null or false,
 * and returns it; fails with `message` after `timeout` ms. For a state reached in the background
 * (an event handled by a subscriber, a vote whose time has run out).
 */
export async function poll<T>(
  check: () => Promise<T | undefined | null | false>,
  {
    timeout = 15_000,
    interval = 200,
    message = 'condition',
  }: { timeout?: number; interval?: number; message?: string } = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`gave up waiting after ${timeout} ms: ${message}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * The functions below run in the page; tsx keeps function names by wrapping them in a __name()
 * call that exists only in Node, so the page gets a harmless one first.
 */
async function nameShim(page: Page) {
  await page.evaluate('globalThis.__name ??= (fn) => fn');
}

/**
 * Waits until the page's finite CSS animations and transitions have finished (a modal zooming
 * in, a drawer's mask fading) and, when an element is given, until it has stayed in the same
 * place, size and opacity for a few frames (an antd-mobile sheet slides up by script, not CSS).
 * Endless animations (a spinner, a pulsing pin) are not waited for.
 */
export async function settled(page: Page, element?: Locator, { frames = 5, timeout = 10_000 } = {}) {
  await nameShim(page);
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout, polling: 'raf' },
  );
  if (!element) return;
  await element.waitFor({ timeout });
  await element.evaluate(
    (el, { frames, timeout }) =>
      new Promise<void>((resolve, reject) => {
        const started = performance.now();
        let last = '';
        let same = 0;
        const tick = () => {
          const box = el.getBoundingClientRect();
          const now = `${box.x},${box.y},${box.width},${box.height},${getComputedStyle(el).opacity}`;
          same = now === last ? same + 1 : 0;
          last = now;
          if (same >= frames) return resolve();
          if (performance.now() - started > timeout) return reject(new Error(`still moving after ${timeout} ms`));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { frames, timeout },
  );
}

/**
 * Waits until every chart canvas in `scope` (the whole page by default) has been drawn and has
 * stopped changing for a few frames: ECharts animates bars and slices in by script after the
 * canvas appears.
 */
export async function chartsDrawn(page: Page, scope?: Locator, { frames = 8, timeout = 15_000 } = {}) {
  const root = scope ?? page.locator('body');
  await nameShim(page);
  await root.locator('canvas').first().waitFor({ timeout });
  await root.evaluate(
    (el, { frames, timeout }) =>
      new Promise<void>((resolve, reject) => {
        const started = performance.now();
        // A cheap fingerprint of every canvas (a sample of its pixels), and whether every chart
        // (ECharts marks its container) has painted something yet.
        const sample = (canvas: HTMLCanvasElement) => {
          if (canvas.width === 0 || canvas.height === 0) return { key: 'zero', painted: false };
          const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
          if (!data) return { key: 'none', painted: false };
          let hash = 0;
          let painted = false;
          for (let i = 0; i < data.length; i += 4 * 7) {
            hash = (hash * 31 + data[i]! + data[i + 1]! * 3 + data[i + 2]! * 7 + data[i + 3]! * 11) | 0;
            if (data[i + 3]! > 0) painted = true;
          }
          return { key: `${canvas.width}x${canvas.height}:${hash}`, painted };
        };
        const fingerprint = () => {
          const charts = el.matches('[_echarts_instance_]')
            ? [el]
            : Array.from(el.querySelectorAll('[_echarts_instance_]'));
          const seen = charts.map((chart) => Array.from(chart.querySelectorAll('canvas')).map(sample));
          const all = Array.from(el.querySelectorAll('canvas')).map(sample);
          const ready = seen.every((canvases) => canvases.some((c) => c.painted));
          return ready ? all.map((c) => c.key).join('|') : 'empty';
        };
        let last = '';
        let same = 0;
        const tick = () => {
          const now = fingerprint();
          same = now === last && now !== 'empty' ? same + 1 : 0;
          last = now;
          if (same >= frames) return resolve();
          if (performance.now() - started > timeout)
            return reject(new Error(`charts still changing after ${timeout} ms`));
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    { frames, timeout },
  );
}
