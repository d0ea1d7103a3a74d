import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { chartsDrawn } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('督办: the street supervises a matter from its page (挂牌), finds it on the listed tab with a green card, reminds, and sees the counts per unit', async () => {
  const street = await apiAs(browser, server.baseUrl, 'street_wenhui');
  const open = await street.get<{ items: Array<{ id: number; code: string; status: string }> }>(
    '/api/matters?queue=all&limit=50',
  );
  const matter = open.items.find((m) => ['reported', 'accepted', 'dispatched', 'in_progress'].includes(m.status));
  assert.ok(matter, 'the demo has an open matter in the street');

  const { page, errors } = await newPage(browser);
  await flow(page, 'supervision', async () => {
    await loginToAdmin(page, server.baseUrl, 'street_wenhui');
    await page.goto(`${server.baseUrl}/admin/matters/${matter.id}`);
    await page.getByTestId('supervise-matter').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('督办内容').fill('三天内清理完毕并反馈');
    await dialog.getByLabel('挂牌督办').click();
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已下达督办').waitFor();

    await page.goto(`${server.baseUrl}/admin/supervision?tab=listed`);
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: matter.code });
    await row.waitFor();
    await row.getByTestId('card-green').waitFor();
    assert.match(await row.innerText(), /挂牌/);
    await screenshot(page, 'supervision-listed');

    await row.getByRole('button', { name: '催办' }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await page.getByText(/已催办 \d+ 人/).waitFor();
    await row.getByText('1', { exact: true }).waitFor();

    await page.goto(`${server.baseUrl}/admin/supervision?tab=counts`);
    const counts = page.getByTestId('unit-counts');
    await counts.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await chartsDrawn(page);
    await screenshot(page, 'supervision-counts');
  });
  assert.deepEqual(errors, []);
});
