import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flow, launchBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
const OFFICE_SCREEN = { width: 1366, height: 768 };

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Headers cut off at the right edge, and cells whose content reaches into the next column. */
async function brokenColumns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const th of document.querySelectorAll<HTMLElement>('.ant-table-thead th')) {
      const rect = th.getBoundingClientRect();
      if (th.innerText.trim() && rect.right > window.innerWidth) found.push(`header ${th.innerText.trim()} off screen`);
    }
    for (const td of document.querySelectorAll<HTMLElement>('.ant-table-tbody td')) {
      const cell = td.getBoundingClientRect();
      for (const child of td.querySelectorAll<HTMLElement>('span, div, strong')) {
        const rect = child.getBoundingClientRect();
        if (rect.width > 0 && rect.right > cell.right + 1) {
          found.push(`${child.innerText.slice(0, 20)} overflows its cell`);
          break;
        }
      }
    }
    return [...new Set(found)];
  });
}

test('调解案件 keeps every column, and the summary within its own, on a 1366×768 office screen', async () => {
  const { page, errors } = await newPage(browser, { viewport: OFFICE_SCREEN });
  await flow(page, 'admin-tables-mediation', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/admin/mediation/cases`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    assert.deepEqual(await brokenColumns(page), []);
    await page.getByRole('columnheader', { name: '期限' }).waitFor();
    await screenshot(page, 'admin-tables-mediation');
  });
  assert.deepEqual(errors, []);
});
