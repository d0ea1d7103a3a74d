import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  DESKTOP,
  flow,
  serverAndBrowser,
  loginToAdmin,
  loginToH5,
  newPage,
  openNav,
  PHONE,
  screenshot,
} from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('商户信用: the community records an inspection, the merchant sees the same line on the phone and appeals it, the community grants it', async () => {
  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });

  await flow(desk, 'credit-admin', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '商户信用');
    const row = desk.locator('tr', { hasText: '晨光文具（打铁关店）' });
    await row.getByRole('button', { name: /明\s*细/ }).click();
    const drawer = desk.getByTestId('credit-drawer');
    await drawer.getByTestId('credit-score').getByText('80').waitFor();
    await drawer.getByTestId('credit-kind').click();
    await desk.locator('.ant-select-dropdown').getByText('检查', { exact: true }).click();
    await drawer.getByTestId('credit-points').fill('-10');
    await drawer.getByPlaceholder('说明').fill('后厨卫生不合格');
    await drawer.getByTestId('credit-add').click();
    await drawer.getByTestId('credit-score').getByText('70').waitFor();
    await drawer.getByText('后厨卫生不合格').waitFor();
    await settled(desk);
    await screenshot(desk, 'credit-admin-breakdown');
  });

  await flow(phone, 'credit-h5', async () => {
    await loginToH5(phone, server.baseUrl, 'merchant_demo', '[data-testid=redeem-submit]');
    await phone.getByTestId('my-credit-link').click();
    const mine = phone.getByTestId('my-credit');
    await mine.getByTestId('my-credit-score').getByText('70').waitFor();
    await phone.getByText('后厨卫生不合格').waitFor();
    await phone.getByRole('button', { name: '申诉' }).first().click();
    await phone.getByPlaceholder('理由').fill('检查当天正在装修，已整改');
    await phone.getByText('保存').click();
    await phone.getByText('待处理').waitFor();
    await settled(phone);
    await screenshot(phone, 'credit-h5-mine');
  });

  await flow(desk, 'credit-admin-appeal', async () => {
    await desk
      .getByRole('button', { name: 'Close' })
      .click()
      .catch(() => undefined);
    await desk.keyboard.press('Escape');
    await desk.getByRole('tab', { name: '申诉与修复' }).click();
    const row = desk.locator('tr', { hasText: '检查当天正在装修' });
    await row.getByRole('button', { name: /同\s*意/ }).click();
    await desk.getByRole('dialog').getByPlaceholder('处理意见').fill('复查属实');
    await desk
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await desk.getByRole('dialog').waitFor({ state: 'hidden' });
    await settled(desk);
    await screenshot(desk, 'credit-admin-appeals');
  });

  await phone.reload();
  await phone.getByTestId('my-credit-score').getByText('80').waitFor();
  assert.deepEqual(errors, []);
  assert.deepEqual(deskErrors, []);
});
