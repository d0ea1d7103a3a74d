import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { poll, settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('驾驶舱 map: hexagons coloured by matters in hand; a hexagon opens the list of exactly its count; and on the wall', async () => {
  const { page, errors } = await newPage(browser, { viewport: { width: 1920, height: 1080 } });
  await flow(page, 'cockpit-map', async () => {
    await loginToAdmin(page, server.baseUrl, 'street_wenhui');
    await openNav(page, '驾驶舱');
    const map = page.getByTestId('cockpit-map');
    await map.scrollIntoViewIfNeeded();
    // The street's grids are drawn, and hexagons over them once the map has framed the street.
    await map.locator('path.gz-hex').first().waitFor();
    await map.getByTestId('cockpit-map-legend').getByText('每格在办事项').waitFor();
    await settled(page);
    await page.screenshot({ path: '/tmp/cockpit-map.png' });
    await screenshot(page, 'cockpit-map');

    // The counts drawn are the API's for the same view: the legend's total is their sum.
    const counts = await map
      .locator('path.gz-hex')
      .evaluateAll((paths) => paths.map((p) => Number(p.getAttribute('data-count'))));
    assert.ok(counts.length > 1, 'several cells');
    assert.ok(
      counts.every((n) => n > 0),
      'only cells with matters in hand',
    );
    const total = counts.reduce((a, b) => a + b, 0);
    await map.getByTestId('cockpit-map-total').getByText(`地图上 ${total} 件`).waitFor();

    // The busiest hexagon opens the matter list of exactly the matters it counts.
    const most = Math.max(...counts);
    const busiest = map.locator(`path.gz-hex[data-count="${most}"]`).first();
    const cell = await busiest.getAttribute('data-cell');
    assert.ok(cell && /^[0-9a-f]{15}$/.test(cell));
    await busiest.hover();
    await page.locator('.leaflet-tooltip', { hasText: `在办事项 ${most} 件` }).waitFor();
    await busiest.click({ force: true });
    await page.waitForURL(new RegExp(`/admin/matters\\?.*h3=${cell}`));
    await page.locator('.gz-pager', { hasText: `共 ${most} 条` }).waitFor();
    await page.getByTestId('statistics-drill').getByText(cell).waitFor();
    await settled(page);
    await screenshot(page, 'cockpit-map-list');
  });

  // The wall screen's map page: the same cells on the 1920×1080 canvas.
  await flow(page, 'cockpit-map-wall', async () => {
    await page.goto(`${server.baseUrl}/admin/cockpit/wall`);
    await page.getByTestId('wall-value-matters.today').waitFor();
    await page.getByRole('button', { name: '第 4 页' }).click();
    const map = page.getByTestId('wall-map');
    await map.locator('path.gz-hex').first().waitFor();
    await poll(async () => (await page.locator('.gz-wall-page-name').innerText()) === '事项分布', {
      message: 'the map page is named',
    });
    await settled(page);
    await page.screenshot({ path: '/tmp/cockpit-map-wall.png' });
    await screenshot(page, 'cockpit-map-wall');
  });
  assert.deepEqual(errors, []);
});
