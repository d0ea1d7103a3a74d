import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { serverAndBrowser, loginToAdmin, newPage, screenshot, openNav } from './support/browser.ts';
import { chartsDrawn } from './support/wait.ts';
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

test('admin signs in and walks the org tree down to a grid, its assignments and its public board', async () => {
  const { page, errors } = await newPage(browser);
  // The sign-in page must stay light: charts and maps load only with the pages that use them.
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(`${server.baseUrl}/admin/login`);
  await page.getByRole('button', { name: /登\s*录/ }).waitFor();
  assert.deepEqual(
    scripts.filter((s) => /echarts|leaflet|Dashboard|GridMap/i.test(s)),
    [],
    `login page loaded ${scripts.join(', ')}`,
  );

  await loginToAdmin(page, server.baseUrl, 'admin');
  await openNav(page, '数据概览');
  await page.getByRole('heading', { name: '数据概览' }).waitFor();
  await page.locator('canvas').first().waitFor();
  assert.ok(
    scripts.some((s) => /echarts/.test(s)),
    'the overview brings its charts',
  );
  await chartsDrawn(page); // the charts finish their opening animation
  await screenshot(page, 'admin-dashboard', true);

  await openNav(page, '组织架构');
  const tree = page.locator('.ant-tree');
  await tree.getByText('文晖街道', { exact: true }).click();
  await tree.getByText('打铁关社区', { exact: true }).click();
  await page
    .getByRole('heading', { name: '社区网格' })
    .or(page.getByText('社区网格', { exact: true }))
    .first()
    .waitFor();
  await tree.getByText('打铁关社区第一网格', { exact: true }).click();

  assert.match(page.url(), /\/admin\/org\?node=g-\d+$/);
  const assignments = page.locator('.ant-card', { hasText: '包联责任人' });
  await assignments.getByText('李婷', { exact: true }).waitFor();
  await assignments.getByText('孟红敏', { exact: true }).waitFor();
  assert.ok(await assignments.getByText('网格员', { exact: true }).count(), 'the grid worker role is labelled');

  const board = page.getByTestId('board-preview');
  await board.getByText('李婷', { exact: true }).waitFor();
  assert.match(await board.innerText(), /三亮一做/);
  assert.match(await board.innerText(), /打铁关社区第一网格/);

  await screenshot(page, 'admin-org-grid', true);

  // The board printed for the stairwell: one A4 sheet with a QR code, without the console.
  const [sheet] = await Promise.all([page.context().waitForEvent('page'), page.getByTestId('print-board').click()]);
  const printed = sheet.getByTestId('board-print');
  await printed.getByText('李婷', { exact: true }).waitFor();
  await sheet.getByTestId('board-qr').locator('img').waitFor();
  assert.equal(await sheet.locator('.gz-sider').count(), 0, 'no console around the sheet');
  assert.match(await sheet.title(), /三亮一做/);
  await screenshot(sheet, 'admin-board-print', true);
  await sheet.close();
  assert.deepEqual(errors, []);
});
