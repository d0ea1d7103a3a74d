import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, flow, launchBrowser, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const fontSize = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('长辈模式: switched on from 我的, the type is large, the home has only the essentials, nothing is wider than the phone; and back', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-elder', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    const standardSize = await fontSize(page, '.h5-entry-text span');
    await page.locator('.h5-tabbar').getByText('我的', { exact: true }).click();
    await page.getByTestId('elder-switch').click();
    await screenshot(page, 'h5-elder-me');
    assert.ok((await fontSize(page, '.adm-list-item-content-main')) >= 18, 'list text at least 18 px');

    await page.locator('.h5-tabbar').getByText('首页', { exact: true }).click();
    const home = page.getByTestId('elder-home');
    await home.waitFor();
    assert.ok(standardSize < 18, 'the standard home uses small hints');
    assert.ok((await fontSize(page, '.h5-elder-button')) >= 20, 'buttons read at 20 px and more');
    assert.equal(await page.locator('.h5-services').count(), 0, 'no grid of more services');
    assert.ok((await home.locator('.h5-elder-button').count()) <= 6, 'a handful of large buttons');
    await home.getByTestId('elder-call').waitFor();
    assert.equal(await overflow(page), 0);
    await screenshot(page, 'h5-elder-home', true);

    // The choice is the phone's: it survives a reload.
    await page.reload();
    await page.getByTestId('elder-home').waitFor();
    for (const screen of [
      '/h5/matters',
      '/h5/points',
      '/h5/community',
      '/h5/notifications',
      '/h5/report',
      '/h5/help',
    ]) {
      await page.goto(`${server.baseUrl}${screen}`);
      await page.waitForFunction(() => document.querySelectorAll('.adm-skeleton, .adm-spin-loading').length === 0);
      assert.equal(await overflow(page), 0, `${screen} fits the phone in elder mode`);
    }

    await page.goto(`${server.baseUrl}/h5/me`);
    await page.getByTestId('elder-switch').click();
    await page.locator('.h5-tabbar').getByText('首页', { exact: true }).click();
    await page.locator('.h5-services').waitFor();
  });
  assert.deepEqual(errors, []);
});

test('inside WeChat the page draws no header of its own, and the title names the screen', async () => {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN',
  });
  const login = await context.request.post('/api/auth/login', {
    data: { username: 'resident_demo', password: DEMO_PASSWORD },
  });
  assert.ok(login.ok());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  for (const [screen, title] of [
    ['/h5/', '首页 · 共治'],
    ['/h5/me', '我的 · 共治'],
    ['/h5/points/mall', '积分商城 · 共治'],
    ['/h5/stations', '附近服务站 · 共治'],
  ] as const) {
    await page.goto(`${server.baseUrl}${screen}`);
    await page
      .waitForFunction((want) => document.title === want, title, { timeout: 10_000 })
      .catch(async () => {
        assert.fail(`${screen}: title is "${await page.title()}", not "${title}"`);
      });
    assert.equal(await page.locator('.adm-nav-bar:visible').count(), 0, `${screen} has no NavBar of its own`);
  }
  await screenshot(page, 'h5-wechat-mall');
  await context.close();
  assert.deepEqual(errors, []);
});
