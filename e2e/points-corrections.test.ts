import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { poll, settled } from './support/wait.ts';
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

test('a large points correction waits for a second member of staff, who approves it; then it is posted', async () => {
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const balance = async () => (await resident.get<{ balance: number }>('/api/points/me')).balance;
  const before = await balance();
  const reason = `补录敬老活动积分 e2e ${Date.now() % 100000}`;

  const { page, errors } = await newPage(browser);
  await flow(page, 'points-correction-request', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await page.goto(`${server.baseUrl}/admin/points/accounts`);
    await page.getByPlaceholder('输入姓名搜索').fill('陈建华');
    await page.getByPlaceholder('输入姓名搜索').press('Enter');
    await page.locator('tr', { hasText: '陈建华' }).first().click();
    const drawer = page.getByTestId('statement-drawer');
    await drawer.waitFor();
    await page.getByRole('button', { name: '积分调整' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '调整积分' });
    await modal.waitFor();
    await settled(page, modal);
    await modal.getByLabel('调整积分').fill('1000');
    await modal.getByLabel('调整原因').fill(reason);
    await modal
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /提\s*交/ })
      .click();
    await page.getByText('调整数额较大，已提交，待另一位工作人员审批后入账').waitFor();
    await page.locator('.ant-drawer-close').click();
    const pending = page.getByTestId('pending-corrections').locator('tr', { hasText: reason });
    await pending.getByText('待他人审批').waitFor();
    await settled(page);
    await screenshot(page, 'admin-points-correction-pending');
  });
  assert.equal(await balance(), before, 'nothing is posted while it waits');

  const { page: second, errors: secondErrors } = await newPage(browser);
  await flow(second, 'points-correction-approve', async () => {
    await loginToAdmin(second, server.baseUrl, 'admin');
    await second.goto(`${server.baseUrl}/admin/points/accounts`);
    const row = second.getByTestId('pending-corrections').locator('tr', { hasText: reason });
    await row.waitFor();
    await row.getByRole('button', { name: /批\s*准/ }).click();
    await second.getByText('已审批，积分已入账').waitFor();
    await row.waitFor({ state: 'detached' });
  });
  await poll(async () => (await balance()) === before + 1000, { message: 'the approved correction is posted' });
  assert.deepEqual([...errors, ...secondErrors], []);
});
