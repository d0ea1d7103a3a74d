import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flow, serverAndBrowser, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
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

/** The screens a resident reaches from the tab bar and the home page's tiles. */
const RESIDENT_SCREENS = [
  '/h5/',
  '/h5/matters',
  '/h5/points',
  '/h5/community',
  '/h5/me',
  '/h5/volunteer',
  '/h5/volunteer?tab=mine',
  '/h5/volunteer/wishes',
  '/h5/volunteer/good-deeds',
  '/h5/points/mall',
  '/h5/points/statement',
  '/h5/points/vouchers',
  '/h5/points/leaderboard',
  '/h5/deliberation',
  '/h5/consult',
  '/h5/mediation/mine',
  '/h5/report',
  '/h5/help',
  '/h5/suggest',
  '/h5/stations',
];

/** How far the page reaches past the phone's width (a mobile viewport widens to fit, so the
 *  phone's own width is the measure, not innerWidth). */
async function overflow(page: Page): Promise<number> {
  const widest = await page.evaluate(() => document.documentElement.scrollWidth);
  return widest - PHONE.width;
}

test('no H5 screen is wider than a 390 px phone, so none wobbles sideways', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  const wide: string[] = [];
  await flow(page, 'h5-overflow', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    for (const path of RESIDENT_SCREENS) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.waitForLoadState('networkidle');
      await page
        .locator('.adm-skeleton')
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 })
        .catch(() => {});
      const extra = await overflow(page);
      if (extra > 0) wide.push(`${path}: ${extra} px too wide`);
    }
  });
  assert.deepEqual(wide, []);
  assert.deepEqual(errors, []);
});

test('a courier with no location and no home community is told why and can locate again or pick a place', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-stations-nowhere', async () => {
    await loginToH5(page, server.baseUrl, 'courier_demo');
    await page.goto(`${server.baseUrl}/h5/stations`);
    const nowhere = page.getByTestId('stations-nowhere');
    await nowhere.waitFor({ timeout: 20_000 });
    assert.match(await nowhere.innerText(), /没有允许定位/);
    assert.equal(
      await page.locator('.adm-skeleton').count(),
      0,
      'no skeleton once the page knows it cannot place the user',
    );
    await screenshot(page, 'h5-stations-nowhere');

    await page.getByRole('button', { name: '在地图上选择地点' }).click();
    await page.locator('.leaflet-container').first().waitFor();
  });
  assert.deepEqual(errors, []);
});

test('each station offers directions in the phone’s map app beside the call button', async () => {
  const { page, errors } = await newPage(browser, {
    viewport: PHONE,
    mobile: true,
    geolocation: { latitude: 30.2863, longitude: 120.1718 },
  });
  await flow(page, 'h5-stations-navigate', async () => {
    await loginToH5(page, server.baseUrl, 'courier_demo');
    await page.goto(`${server.baseUrl}/h5/stations`);
    const first = page.getByTestId('stations-list').locator('li').first();
    await first.waitFor();
    const directions = first.getByRole('link', { name: /导航/ });
    const href = await directions.getAttribute('href');
    assert.match(href ?? '', /^https:\/\/uri\.amap\.com\/marker\?position=120\.\d+%2C30\.\d+&name=/);
    await screenshot(page, 'h5-stations-navigate');
  });
  assert.deepEqual(errors, []);
});

test('the points mall shows a Hangzhou resident his own community first and a Hefei shop as not redeemable here', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-mall-reach', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.goto(`${server.baseUrl}/h5/points/mall`);
    const merchants = page.locator('.h5-merchant');
    await merchants.first().waitFor();
    assert.match(await merchants.first().locator('.h5-merchant-name').innerText(), /本社区/);
    const hefei = merchants.filter({ hasText: '瑶海文明超市' });
    assert.match(await hefei.innerText(), /不在您所在的城市/);
    assert.ok(await hefei.getByRole('button', { name: '异地商户' }).first().isDisabled());
    await screenshot(page, 'h5-mall-reach', true);
  });
  assert.deepEqual(errors, []);
});

test('messages on the phone: the bell opens the list, reading one marks it read and opens its matter', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-notifications', async () => {
    await loginToH5(page, server.baseUrl, 'grid_datieguan_01');
    const bell = page.getByTestId('home-bell');
    const count = Number((await bell.locator('.adm-badge-content').innerText()).replace('+', ''));
    assert.ok(count > 0, 'the demo grid worker has unread messages');
    await bell.click();
    await page.waitForURL(/\/h5\/notifications$/);
    const unread = page.locator('.h5-notification-unread');
    await unread.first().waitFor();
    assert.equal(await page.locator('.adm-skeleton').count(), 0);
    await screenshot(page, 'h5-notifications');

    const matterMessage = unread.filter({ hasText: /事项|GZ/ }).first();
    await matterMessage.click();
    await page.waitForURL(/\/h5\/matters\/\d+$/);
    await page.goBack();
    await page.getByRole('button', { name: '全部已读' }).click();
    await page.locator('.h5-notification-unread').first().waitFor({ state: 'detached' });
    await page.getByText('未读 0').waitFor();
  });
  assert.deepEqual(errors, []);
});
