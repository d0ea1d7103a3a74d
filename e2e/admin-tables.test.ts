import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
const OFFICE_SCREEN = { width: 1366, height: 768 };

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Headers cut off at the right edge, and cells whose content reaches into the next column. */
async function brokenColumns(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const th of Array.from(document.querySelectorAll<HTMLElement>('.ant-table-thead th'))) {
      const rect = th.getBoundingClientRect();
      if (th.innerText.trim() && rect.right > window.innerWidth) found.push(`header ${th.innerText.trim()} off screen`);
    }
    for (const td of Array.from(document.querySelectorAll<HTMLElement>('.ant-table-tbody td'))) {
      const cell = td.getBoundingClientRect();
      for (const child of Array.from(td.querySelectorAll<HTMLElement>('span, div, strong'))) {
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

test('事项办理 keeps 承办人 and shows the part of an address that matters on a 1366×768 office screen', async () => {
  const { page, errors } = await newPage(browser, { viewport: OFFICE_SCREEN });
  await flow(page, 'admin-tables-matters', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/admin/matters?queue=all`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    assert.deepEqual(await brokenColumns(page), []);
    const assignee = page.getByRole('columnheader', { name: '承办人' });
    const box = (await assignee.boundingBox())!;
    assert.ok(box.x + box.width <= OFFICE_SCREEN.width, '承办人 is on screen');
    const addresses = await page.locator('.ant-table-tbody td:nth-child(3)').allInnerTexts();
    assert.ok(
      addresses.some((a) => /小区|幢/.test(a)),
      'the 小区 and 幢 are what shows',
    );
    assert.ok(
      addresses.every((a) => !a.startsWith('杭州市')),
      'not the head every row shares',
    );
    await screenshot(page, 'admin-tables-matters');
  });
  assert.deepEqual(errors, []);
});

test('服务站点 keeps 服务设施 and 操作 beside its map on a 1366×768 office screen', async () => {
  const { page, errors } = await newPage(browser, { viewport: OFFICE_SCREEN });
  await flow(page, 'admin-tables-stations', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/admin/stations`);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    assert.deepEqual(await brokenColumns(page), []);
    for (const name of ['服务设施', '操作']) {
      const header = page.getByRole('columnheader', { name });
      const box = (await header.boundingBox())!;
      const card = (await page.locator('.ant-card').filter({ has: header }).boundingBox())!;
      assert.ok(box.x + box.width <= card.x + card.width, `${name} is inside the table's card, not scrolled away`);
    }
    await screenshot(page, 'admin-tables-stations');
    // A new station without a point on the map is refused by the form, in words, and sends nothing.
    await page.getByRole('button', { name: '新增服务站点' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: /确\s*定|保\s*存/ }).click();
    await dialog.getByText('请在地图上点选位置').waitFor();
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
  });
  assert.deepEqual(errors, []);
});
