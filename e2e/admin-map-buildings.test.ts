import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
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

/** The demo's buildings are named after their estates in 打铁关社区: 打铁关小区1幢, 金都华庭2幢 … */
const DEMO_BUILDING = /^(打铁关小区|金都华庭)\d+幢$/;

/** Zooms the map in with its + button until `shown` is visible (at most `steps` times). */
async function zoomInUntil(page: Page, map: Locator, shown: Locator, steps = 5) {
  for (let i = 0; i < steps; i++) {
    if (await shown.first().isVisible()) return;
    await map.locator('.leaflet-control-zoom-in').click();
    await settled(page);
    await shown
      .first()
      .waitFor({ timeout: 2_000 })
      .catch(() => undefined);
  }
  await shown.first().waitFor({ timeout: 5_000 });
}

test('the grid map without tiles names its grids and, closer in, its buildings', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-map-buildings', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await openNav(page, '网格地图');
    const map = page.locator('.gz-map');
    await map.locator('.leaflet-overlay-pane svg path.leaflet-interactive').first().waitFor();
    assert.equal(await map.locator('.leaflet-tile-pane img').count(), 0, 'no map tiles are fetched');

    await page.getByLabel('选择区域（区、街道或社区）').click();
    await page.locator('.ant-select-tree-title', { hasText: /^打铁关社区$/ }).click();
    await page.waitForURL(/area=\d+/);

    // Grid names are written on the map.
    await map.locator('.gz-grid-label', { hasText: /^打铁关社区第一网格$/ }).waitFor();

    // Closer in, the buildings appear with their names.
    const buildingLabels = map.locator('.gz-building-label');
    await zoomInUntil(page, map, buildingLabels);
    const names = (await buildingLabels.allInnerTexts()).map((n) => n.trim());
    assert.ok(names.length >= 2, `several buildings are named (${names.join(', ')})`);
    assert.ok(
      names.every((n) => DEMO_BUILDING.test(n)),
      `the names are the demo's buildings (${names.join(', ')})`,
    );
    assert.ok(names.length === new Set(names).size, 'each building is named once');
    // The names are visible text inside the map container.
    const first = map.getByText(names[0]!, { exact: true });
    assert.ok(await first.isVisible(), `${names[0]} is visible in the map`);
    await settled(page);
    await screenshot(page, 'admin-map-buildings');

    // A click on a building: the popup names the grid and the building there.
    // A point wholly inside the map: the first in the list may sit half under the map's edge.
    const frame = (await map.boundingBox())!;
    let point: { x: number; y: number; width: number; height: number } | undefined;
    for (const candidate of await map.locator('path.gz-building-point').all()) {
      const box = await candidate.boundingBox();
      if (
        box &&
        box.x > frame.x + 20 &&
        box.y > frame.y + 20 &&
        box.x + box.width < frame.x + frame.width - 20 &&
        box.y + box.height < frame.y + frame.height - 20
      ) {
        point = box;
        break;
      }
    }
    assert.ok(point, 'a building point lies inside the map');
    await page.mouse.click(point.x + point.width / 2, point.y + point.height / 2);
    const nearest = page.getByTestId('locate-result').getByTestId('nearest-building');
    await nearest.locator('strong').waitFor();
    assert.match(await nearest.innerText(), /(打铁关小区|金都华庭)\d+幢/);
  });
  assert.deepEqual(errors, []);
});

test('a picker names the picked point by its nearest building, the coordinates in a tooltip', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-picker-nearest', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await page.goto(`${server.baseUrl}/admin/matters/new`);
    const map = page.locator('.gz-picker-map');
    // The community's buildings are the points on the blank canvas.
    const buildings = map.locator('path.gz-building-point');
    await zoomInUntil(page, map, buildings, 3);
    await settled(page);

    const box = (await buildings.first().boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);

    const nearest = page.getByTestId('picked-location').getByTestId('nearest-building');
    await nearest.locator('strong').waitFor();
    const text = await nearest.innerText();
    assert.match(text, /(打铁关小区|金都华庭)\d+幢/, text);
    assert.match(text, /杭州市/, 'with its address');
    assert.doesNotMatch(text, /\d+\.\d{5}/, 'no raw coordinates in the line');
    assert.match((await nearest.getAttribute('data-coords')) ?? '', /^30\.\d{5}, 120\.\d{5}$/);

    // The coordinates are in the tooltip.
    await nearest.hover();
    await page.locator('.ant-tooltip', { hasText: /坐标：30\.\d{5}, 120\.\d{5}/ }).waitFor();
    await settled(page);
    await screenshot(page, 'admin-picker-nearest');
  });
  assert.deepEqual(errors, []);
});
