import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
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

test('月度通报: the street generates last month’s report, follows it until ready, opens the printable page and downloads the PDF', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'reports', async () => {
    await loginToAdmin(page, server.baseUrl, 'street_wenhui');
    await openNav(page, '月度通报');
    await page.getByRole('heading', { name: '月度通报' }).waitFor();

    // Generate now: the form offers the street and last month.
    await page.getByTestId('generate-report').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('文晖街道').waitFor();
    await dialog.getByRole('button', { name: '立即生成' }).click();
    const progress = page.getByTestId('generation-progress');
    await progress.waitFor();
    await progress.getByText(/通报已生成/).waitFor({ timeout: 60_000 });

    // The list shows it, ready, with its headline figures.
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: '文晖街道' }).filter({
      has: page.getByTestId('report-status-done'),
    });
    await row.first().waitFor();
    assert.match(await row.first().innerText(), /\d{4}-\d{2}/);
    await screenshot(page, 'reports-list');

    // The printable page opens in a tab of its own, charts drawn on the server as SVG.
    const [tab] = await Promise.all([page.waitForEvent('popup'), row.first().getByTestId('open-report').click()]);
    await tab.getByRole('heading', { name: /文晖街道\d{4}年\d{1,2}月基层治理月度通报/ }).waitFor();
    assert.ok((await tab.locator('figure.chart svg').count()) >= 1, 'the trend chart is in the page');
    await tab.getByText('一、总体情况').waitFor();
    await screenshot(tab, 'reports-html', true);
    await tab.close();

    // The PDF downloads.
    const download = page.waitForEvent('download');
    await row.first().getByTestId('report-pdf').click();
    const file = await (await download).path();
    const bytes = await readFile(file!);
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match((await download).suggestedFilename(), /月度通报\.pdf$/);
  });
  assert.deepEqual(errors, []);
});
