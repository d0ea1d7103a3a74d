import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot, openNav } from './support/browser.ts';
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
  await openNav(page, '事项办理');
  await page.waitForFunction(() => document.title === '事项办理 · 共治');
  await page.getByText('English', { exact: true }).click();
  await page.waitForFunction(() => document.title === 'Work queue · Gongzhi');
  assert.deepEqual(errors, []);
});

test("the sidebar folds into groups that fit a 768 px screen, the role's own work first and open", async () => {
  const { page, errors } = await newPage(browser, { viewport: { width: 1366, height: 768 } });
  await flow(page, 'admin-sidebar', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    const sider = page.locator('.gz-sider .ant-layout-sider-children');
    const groups = page.locator('.gz-sider .ant-menu-submenu-title');
    await groups.first().waitFor();
    assert.deepEqual(
      (await groups.allInnerTexts()).map((g) => g.trim()),
      ['事项', '统计考核', '协商议事', '矛盾调解', '积分志愿', '智慧安全与关爱', '基础数据', '系统管理'],
    );
    const fits = () => sider.evaluate((el) => el.scrollHeight <= el.clientHeight);
    assert.ok(await fits(), 'every group is in view without scrolling');

    // One group open at a time, and it still fits; the page's group stays open after a reload.
    await openNav(page, '人员管理');
    await page.getByRole('heading', { name: '人员管理' }).waitFor();
    assert.equal(await page.locator('.gz-sider .ant-menu-submenu-open').count(), 1);
    await page.reload();
    await page.locator('.gz-sider').getByRole('menuitem', { name: '人员管理' }).waitFor();
    await page.getByRole('heading', { name: '人员管理' }).waitFor();
    assert.ok(await fits(), 'with a group open, every entry is still in view');
    await screenshot(page, 'admin-sidebar');
  });

  // A grid worker's matters come first after the workbench, unfolded.
  const worker = await newPage(browser, { viewport: { width: 1366, height: 768 } });
  await flow(worker.page, 'admin-sidebar-grid-worker', async () => {
    await loginToAdmin(worker.page, server.baseUrl, 'grid_datieguan_01');
    const entries = worker.page.locator('.gz-sider').getByRole('menuitem');
    await worker.page.locator('.gz-sider').getByRole('menuitem', { name: '事项办理' }).waitFor();
    const labels = (await entries.allInnerTexts()).map((l) => l.trim());
    assert.deepEqual(labels.slice(0, 4), ['工作台', '数据概览', '驾驶舱', '事项']);
    await screenshot(worker.page, 'admin-sidebar-grid-worker');
  });
  assert.deepEqual([...errors, ...worker.errors], []);
});
