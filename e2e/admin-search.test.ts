import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
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

test('one box in the header finds grids, buildings, matters and devices, and opens what is picked', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-search', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    const box = page.getByLabel('全局搜索');

    // "/" puts the cursor in the box, from anywhere on the page.
    await page.getByRole('heading', { name: /您好/ }).click();
    await page.keyboard.press('/');
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === '全局搜索');
    await page.keyboard.type('打铁关');
    const popup = page.locator('.ant-select-dropdown:visible');
    await popup.getByText('网格', { exact: true }).waitFor();
    await popup.getByText('楼栋', { exact: true }).waitFor();
    const groups = await popup.locator('.gz-search-group').allInnerTexts();
    const order = groups.map((g) => g.trim());
    assert.ok(
      ['网格', '楼栋'].includes(order[0]!),
      `the places named 打铁关 come before the matters that mention it: ${order.join(', ')}`,
    );
    await screenshot(page, 'admin-search');

    await popup.locator('[data-testid=search-hit-grid]', { hasText: '打铁关社区第一网格' }).click();
    await page.waitForURL(/\/admin\/org\?node=g-\d+/);
    await page.getByText('打铁关社区第一网格').first().waitFor();

    // A device by its code opens on the device list.
    await box.fill('smoke-demo-001');
    await popup.locator('[data-testid=search-hit-device]').first().click();
    await page.waitForURL(/\/admin\/devices\?open=\d+/);
    await page.locator('.ant-drawer-content-wrapper:visible').getByText('smoke-demo-001').first().waitFor();
  });
  assert.deepEqual(errors, []);
});

test("a grid worker's search stays in his grid and says so when nothing is there", async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-search-grid-worker', async () => {
    await loginToAdmin(page, server.baseUrl, 'grid_datieguan_01');
    await page.getByLabel('全局搜索').fill('恒通');
    const popup = page.locator('.ant-select-dropdown:visible');
    await popup.getByText('辖区内没有找到“恒通”').waitFor();
    assert.equal(await popup.locator('[data-testid^=search-hit-]').count(), 0);
  });
  assert.deepEqual(errors, []);
});
