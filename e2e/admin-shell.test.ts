import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, launchBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('a grid worker, whose scope is his grid and not a division, sees his grid on the 网格地图', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-grid-worker-map', async () => {
    await loginToAdmin(page, server.baseUrl, 'grid_datieguan_01');
    await page.goto(`${server.baseUrl}/admin/map`);
    const legend = page.locator('.gz-map-legend');
    await legend.waitFor();
    await page.waitForFunction(
      () => document.querySelectorAll('.leaflet-overlay-pane svg path.leaflet-interactive').length > 0,
      undefined,
      { timeout: 15_000 },
    );
    assert.match(await legend.innerText(), /居民网格\s*\(1\)/);
    await screenshot(page, 'admin-grid-worker-map');
  });
  assert.deepEqual(errors, []);
});

test('the tab’s title names the page, so tabs and history can be told apart', async () => {
  const { page, errors } = await newPage(browser);
  await loginToAdmin(page, server.baseUrl, 'admin');
  await page.waitForFunction(() => document.title === '工作台 · 共治');
  await page.getByRole('menuitem', { name: '事项办理' }).click();
  await page.waitForFunction(() => document.title === '事项办理 · 共治');
  await page.getByText('English', { exact: true }).click();
  await page.waitForFunction(() => document.title === 'Work queue · Gongzhi');
  assert.deepEqual(errors, []);
});
