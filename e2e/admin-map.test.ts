import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot, openNav } from './support/browser.ts';
import { settled } from './support/wait.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the grid map draws grid boundaries without a tile server and tells which grid holds a point', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-map', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await openNav(page, '网格地图');

    // The whole district first: every residential and special grid is an SVG path.
    // Grid boundaries, not the buildings' points drawn closer in.
    const paths = page.locator('.leaflet-overlay-pane svg path.leaflet-interactive:not(.gz-building-point)');
    await paths.first().waitFor();
    const district = await paths.count();
    assert.ok(district >= 10, `the district's grids are drawn (${district})`);
    assert.equal(await page.locator('.leaflet-tile-pane img').count(), 0, 'no map tiles are fetched');

    // Narrow to one community.
    await page.getByLabel('选择区域（区、街道或社区）').click();
    await page.locator('.ant-select-tree-title', { hasText: /^打铁关社区$/ }).click();
    await page.waitForURL(/area=\d+/);
    await page.waitForFunction(
      (before) =>
        document.querySelectorAll('.leaflet-overlay-pane svg path.leaflet-interactive:not(.gz-building-point)').length <
        before,
      district,
    );
    const community = await paths.count();
    assert.ok(community >= 3 && community < district, `only the community's grids are drawn (${community})`);
    await page.locator('.gz-map-legend').getByText('居民网格').waitFor();

    // Click inside the first grid: the point is located and the grid's details open.
    const box = (await paths.first().boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height * 0.75);
    const located = page.getByTestId('locate-result');
    await located.waitFor();
    // The grid's name is a link rendered (and measured) a moment after the popup itself.
    await located.getByText(/^打铁关社区第.网格$/).waitFor();
    assert.match(await located.innerText(), /该位置属于[\s\S]*网格[\s\S]*打铁关社区/);
    await page.getByRole('dialog').getByText('网格编码').waitFor();
    await settled(page, page.getByRole('dialog').filter({ hasText: '网格编码' })); // the drawer slides in
    await screenshot(page, 'admin-map');
  });
  assert.deepEqual(errors, []);
});
