import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, flow, serverAndBrowser, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
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

const WECHAT_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN';

const fontSize = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
/** antd-mobile's main text size, the variable its components read. */
const mainFontSize = (page: Page) =>
  page.evaluate(() =>
    Number.parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--adm-font-size-main')),
  );
const tabBarHeight = (page: Page) => page.locator('.h5-tabbar').evaluate((el) => el.getBoundingClientRect().height);
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);
/** Tab labels that do not fit their tab (clipped or running into the next). */
const crampedTabs = (page: Page) =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll('.adm-tab-bar-item'))
      .filter((item) => {
        const title = item.querySelector('.adm-tab-bar-item-title');
        return title ? title.scrollWidth > item.clientWidth : false;
      })
      .map((item) => item.textContent),
  );
const settled = (page: Page) =>
  page.waitForFunction(() => document.querySelectorAll('.adm-skeleton, .adm-spin-loading').length === 0);
const titled = (page: Page, want: string) =>
  page
    .waitForFunction((title) => document.title === title, want, { timeout: 10_000 })
    .catch(async () => {
      assert.fail(`${page.url()}: title is "${await page.title()}", not "${want}"`);
    });

test('长辈模式: switched on from 我的, the type is large, the home has only the essentials, nothing is wider than the phone; and back', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-elder', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await titled(page, '首页 · 共治');
    const standard = { main: await mainFontSize(page), tabBar: await tabBarHeight(page) };
    assert.ok(standard.main < 18, 'the standard H5 keeps antd-mobile’s own sizes');

    await page.locator('.h5-tabbar').getByText('我的', { exact: true }).click();
    await titled(page, '我的 · 共治');
    assert.ok(await page.locator('.adm-nav-bar').isVisible(), 'outside WeChat the screen has its NavBar');
    await page.getByTestId('elder-switch').click();
    await page.locator('.adm-switch-checked').waitFor();
    assert.ok((await mainFontSize(page)) >= 18, 'main text at 18 px or more');
    assert.ok((await fontSize(page, '.adm-list-item-content-main')) >= 18, 'list text at 18 px or more');
    assert.ok((await fontSize(page, '.adm-tab-bar-item-title')) >= 17, 'tab labels at 17 px or more');
    assert.ok((await tabBarHeight(page)) > standard.tabBar, 'a taller tab bar');
    assert.ok(await page.evaluate(() => document.documentElement.classList.contains('h5-elder')));
    await screenshot(page, 'h5-elder-me', true);

    await page.locator('.h5-tabbar').getByText('首页', { exact: true }).click();
    const home = page.getByTestId('elder-home');
    await home.waitFor();
    // The grid worker's name arrives after the home: wait for it before reading the buttons.
    await home.getByText('打电话给网格员 李婷').waitFor();
    assert.equal(await page.locator('.h5-services').count(), 0, 'no grid of more services');
    assert.deepEqual(
      (await home.locator('.h5-elder-button > span').allInnerTexts()).map((text) => text.split('\n')[0]),
      ['一键求助', '打电话给网格员 李婷', '随手拍', '消息', '我的积分'],
      'help, the grid worker, 随手拍, messages and points — nothing else',
    );
    for (const height of await home
      .locator('.h5-elder-button')
      .evaluateAll((buttons) => buttons.map((b) => b.getBoundingClientRect().height)))
      assert.ok(height >= 60, `a large target (${height} px)`);
    assert.ok((await fontSize(page, '.h5-elder-button')) >= 20, 'buttons read at 20 px and more');
    assert.ok(await page.getByTestId('elder-leave').isVisible(), 'the way back is on the home itself');
    assert.ok((await scrollWidth(page)) <= PHONE.width);
    assert.deepEqual(await crampedTabs(page), []);
    await screenshot(page, 'h5-elder-home', true);

    // The choice is the phone's: it survives a reload.
    await page.reload();
    await page.getByTestId('elder-home').waitFor();
    for (const [screen, title] of [
      ['/h5/matters', '我的事项 · 共治'],
      ['/h5/points', '积分 · 共治'],
      ['/h5/community', '我的社区 · 共治'],
      ['/h5/me', '我的 · 共治'],
      ['/h5/notifications', '消息 · 共治'],
      ['/h5/report', '随手拍 · 共治'],
      ['/h5/help', '一键求助 · 共治'],
      ['/h5/points/mall', '积分商城 · 共治'],
      ['/h5/volunteer', '志愿服务 · 共治'],
      ['/h5/deliberation', '议事厅 · 共治'],
      ['/h5/stations', '附近服务站 · 共治'],
    ] as const) {
      await page.goto(`${server.baseUrl}${screen}`);
      await settled(page);
      await titled(page, title);
      assert.ok((await scrollWidth(page)) <= PHONE.width, `${screen} fits the phone in elder mode`);
    }

    // In English too the larger tab labels fit their tabs.
    await page.goto(`${server.baseUrl}/h5/me`);
    await page.getByText('English', { exact: true }).click();
    await page.locator('.h5-tabbar').getByText('Home', { exact: true }).click();
    await page.getByTestId('elder-home').waitFor();
    assert.deepEqual(await crampedTabs(page), []);
    assert.ok((await scrollWidth(page)) <= PHONE.width);
    await screenshot(page, 'h5-elder-home-en', true);
    await page.locator('.h5-tabbar').getByText('Me', { exact: true }).click();
    await page.getByText('中文', { exact: true }).click();
    await page.locator('.h5-tabbar').getByText('首页', { exact: true }).click();

    // 切换为标准模式, from the home itself; and it stays off.
    await page.getByTestId('elder-leave').click();
    await page.locator('.h5-services').waitFor();
    assert.equal(await mainFontSize(page), standard.main);
    await page.reload();
    await page.locator('.h5-services').waitFor();
    assert.equal(await page.getByTestId('elder-home').count(), 0);
  });
  assert.deepEqual(errors, []);
});

test('inside WeChat the page draws no header of its own, the title names the screen, and the header’s actions stay', async () => {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    userAgent: WECHAT_IPHONE,
  });
  const login = await context.request.post('/api/auth/login', {
    data: { username: 'resident_demo', password: DEMO_PASSWORD },
  });
  assert.ok(login.ok());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await flow(page, 'h5-wechat', async () => {
    for (const [screen, title] of [
      ['/h5/', '首页 · 共治'],
      ['/h5/me', '我的 · 共治'],
      ['/h5/matters', '我的事项 · 共治'],
      ['/h5/stations', '附近服务站 · 共治'],
      ['/h5/notifications', '消息 · 共治'],
      ['/h5/points/mall', '积分商城 · 共治'],
    ] as const) {
      await page.goto(`${server.baseUrl}${screen}`);
      await settled(page);
      await titled(page, title);
      assert.equal(await page.locator('.adm-nav-bar:visible').count(), 0, `${screen} has no NavBar of its own`);
      assert.ok((await scrollWidth(page)) <= PHONE.width, `${screen} fits the phone`);
    }
    await screenshot(page, 'h5-wechat-mall');

    // 我的券, on the mall's NavBar elsewhere, is still there to tap.
    await page.locator('.h5-wechat-actions').getByText('我的券', { exact: true }).click();
    await page.waitForURL(/\/h5\/points\/vouchers$/);
    await titled(page, '我的券 · 共治');

    // So is 全部已读 over the messages.
    await page.goto(`${server.baseUrl}/h5/notifications`);
    await page.locator('.h5-wechat-actions').getByText('全部已读').click();
    await page.locator('.h5-wechat-actions').getByText('全部已读').waitFor({ state: 'detached' });
  });
  await context.close();
  assert.deepEqual(errors, []);
});
