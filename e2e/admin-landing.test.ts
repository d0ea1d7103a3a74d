import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

/** The workbench's tiles, by test id, once every count has loaded. */
async function tiles(page: Page): Promise<Map<string, string>> {
  const board = page.getByTestId('todo-tiles');
  await board.waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=todo-tiles] .ant-skeleton').length === 0);
  const found = new Map<string, string>();
  for (const tile of await board.locator('a[data-testid^=todo-]').all()) {
    const id = (await tile.getAttribute('data-testid'))!.replace(/^todo-/, '');
    found.set(id, (await tile.locator('.ant-statistic-content').innerText()).trim());
  }
  return found;
}

test("a grid worker lands on today's matters; the count he sees opens exactly the list it counts", async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-landing-grid-worker', async () => {
    await loginToAdmin(page, server.baseUrl, 'grid_datieguan_01');
    const found = await tiles(page);
    assert.deepEqual([...found.keys()].sort(), ['alarms', 'matters-mine', 'matters-overdue']);
    const mine = Number(found.get('matters-mine'));
    assert.ok(mine > 0, 'the demo grid worker holds matters');
    const list = page.getByTestId('my-matters');
    await list.locator('.ant-list-item').first().waitFor();
    assert.equal(await list.locator('.ant-list-item').count(), Math.min(mine, 8));
    await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning').length === 0);
    await screenshot(page, 'admin-landing-grid-worker');

    await page.getByTestId('todo-matters-mine').click();
    await page.waitForURL(/\/admin\/matters\?queue=mine/);
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await page.locator('.gz-pager').getByText(`共 ${mine} 条`).waitFor();
  });
  assert.deepEqual(errors, []);
});

test('a mediator lands on his cases', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-landing-mediator', async () => {
    await loginToAdmin(page, server.baseUrl, 'mediator_demo');
    const found = await tiles(page);
    assert.deepEqual([...found.keys()], ['cases-mine']);
    const cases = page.getByTestId('my-cases');
    await cases.locator('.ant-list-item').first().waitFor();
    assert.doesNotMatch(await cases.innerText(), /已回访结案|调解不成|已撤回/, 'only cases still being worked on');
    assert.equal(await page.getByTestId('my-matters').count(), 0, 'a mediator handles no matters');
    await screenshot(page, 'admin-landing-mediator');

    await page.getByTestId('todo-cases-mine').click();
    await page.waitForURL(/\/admin\/mediation\/cases\?queue=mine/);
    await page.getByRole('tab', { name: '我的', selected: true }).waitFor();
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    assert.equal(
      await page.locator('.ant-table-tbody tr.ant-table-row').count(),
      Number(found.get('cases-mine')),
      'the list holds exactly the cases counted',
    );
  });
  assert.deepEqual(errors, []);
});

test('a community admin lands on what is waiting in the community; the population charts are one click away', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-landing-community', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    const found = await tiles(page);
    for (const key of ['matters-overdue', 'matters-unassigned', 'alarms', 'good-deeds', 'corrections', 'comments']) {
      assert.ok(found.has(key), `${key} waits on the community admin's workbench`);
    }
    assert.equal(await page.locator('canvas').count(), 0, 'no population charts on the landing page');
    assert.equal(
      await page.getByTestId('my-matters').count(),
      0,
      'an administrator oversees: no empty list of his own',
    );
    await screenshot(page, 'admin-landing-community');

    await page
      .getByRole('link', { name: /数据概览/ })
      .first()
      .click();
    await page.getByRole('heading', { name: '数据概览' }).waitFor();
    await page.locator('canvas').first().waitFor();
  });
  assert.deepEqual(errors, []);
});
