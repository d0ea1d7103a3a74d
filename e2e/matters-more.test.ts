import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  flow,
  serverAndBrowser,
  loginToAdmin,
  loginToH5,
  newPage,
  PHONE,
  screenshot,
  openNav,
} from './support/browser.ts';
import { apiAs } from './support/api.ts';
import { settled } from './support/wait.ts';
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

/** Beside 打铁关小区1幢, a few dozen metres from the community's warm station. */
const NEAR_HOME = { latitude: 30.2864, longitude: 120.171717 };

test('one-tap help on the phone finds the nearest open station and the grid worker', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: NEAR_HOME });
  await flow(page, 'h5-help', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await screenshot(page, 'h5-home');
    await page.getByTestId('entry-help').click();
    await page.getByTestId('help-button').waitFor();
    await page.getByLabel('补充说明（选填）').fill('家里老人摔倒了，需要帮忙扶一下');
    await screenshot(page, 'h5-help-ready');
    await page.getByTestId('help-button').click();
    // A confirmation first: help is not sent by a stray tap.
    await page.getByRole('dialog').getByText('确认发出求助？').waitFor();
    await page.getByRole('dialog').getByRole('button', { name: '发出求助' }).click();
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    const result = page.getByTestId('help-result');
    await result.waitFor();
    const text = await result.innerText();
    assert.match(text, /求助已发出/);
    assert.match(text, /最近的服务站[\s\S]*打铁关社区暖心驿站/, 'the 24-hour warm station next door');
    assert.match(text, /距您 \d+ 米/);
    assert.match(text, /已通知网格员[\s\S]*李婷/);
    assert.match((await result.locator('a[href^="tel:"]').first().getAttribute('href')) ?? '', /^tel:\d+$/);
    await screenshot(page, 'h5-help-sent');

    // 附近服务站 lists stations by distance with their facilities.
    await page.goto(`${server.baseUrl}/h5/stations`);
    const stations = page.getByTestId('stations-list');
    await stations.waitFor();
    assert.match(await stations.locator('li').first().innerText(), /暖心驿站[\s\S]*开放中/);
    await screenshot(page, 'h5-stations');

    // By the service of the life circle (服务一张图): only the stations that offer it.
    await page.getByTestId('service-filter').getByText('调解与法律', { exact: true }).click();
    await stations.locator('li', { hasText: '暖心驿站' }).first().waitFor({ state: 'detached' });
    await stations.locator('li', { hasText: '调解与法律' }).first().waitFor();
    const offering = await stations.locator('li').allInnerTexts();
    assert.ok(offering.length > 0 && offering.every((text) => text.includes('调解与法律')), offering.join(' | '));
    await screenshot(page, 'h5-stations-service');
  });
  assert.deepEqual(errors, []);
});

test('a courier at the same spot follows the open report instead of filing it again', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: NEAR_HOME });
  await flow(page, 'h5-follow', async () => {
    await loginToH5(page, server.baseUrl, 'courier_demo');
    await page.getByTestId('entry-snap').click();
    const description = page.getByLabel('问题描述');
    await description.fill('小区消防通道被私家车堵住了');
    await description.blur();
    await page.getByTestId('category-suggestions').getByRole('button', { name: '消防通道堵塞' }).click();
    await page.getByTestId('location-field').getByText('打铁关社区第一网格 · 打铁关社区').waitFor();
    await page.getByRole('button', { name: '提交' }).click();

    const nearby = page.getByTestId('nearby-matters');
    await nearby.waitFor();
    await nearby.locator('li').first().getByRole('button', { name: '关注这个事项' }).click();
    await page.waitForURL(/\/h5\/matters\/\d+$/);
    // Now a follower: may stop following, but not rate or write on it.
    const actions = page.getByTestId('h5-actions');
    await actions.getByRole('button', { name: '取消关注' }).waitFor();
    assert.equal(await actions.getByRole('button', { name: '评价' }).count(), 0);
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'h5-following');
  });
  assert.deepEqual(errors, []);
});

test('the matters map draws server clusters and single matters when zoomed in', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-matters-map', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    const mapCalls: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/api/matters/map?')) mapCalls.push(request.url());
    });
    await openNav(page, '事项地图');
    const clusters = page.locator('.gz-cluster:not(.gz-cluster-sample)');
    await clusters.first().waitFor();
    assert.ok((await clusters.count()) >= 1, 'clusters are drawn');
    assert.equal(await page.locator('.leaflet-tile-pane img').count(), 0, 'no map tiles are fetched');
    assert.ok(
      mapCalls.every((url) => /south=.*west=.*north=.*east=.*zoom=\d+/.test(url)),
      'every ask names the view, never all matters',
    );
    await page.getByTestId('matters-map-legend').getByText('区域聚合').waitFor();
    await screenshot(page, 'admin-matters-map');

    // Clicking the biggest cluster zooms in, until single matters show.
    const zoomOf = (url: string) => Number(new URL(url).searchParams.get('zoom'));
    for (let i = 0; i < 8 && (await page.locator('.leaflet-marker-pane .gz-pin').count()) === 0; i++) {
      const counts = await clusters.allInnerTexts();
      const biggest = counts.map(Number).reduce((best, n, j, all) => (n > all[best]! ? j : best), 0);
      // The map flies in, settles, and asks again for the closer view; its answer is drawn.
      const zoom = Math.max(...mapCalls.map(zoomOf));
      const closer = page.waitForResponse(
        (response) => response.url().includes('/api/matters/map?') && zoomOf(response.url()) > zoom,
      );
      await clusters.nth(biggest).click();
      await (await closer).finished();
      await page.locator('.gz-map-busy').waitFor({ state: 'detached' });
    }
    await page.locator('.leaflet-marker-pane .gz-pin').first().waitFor();
    assert.ok(
      mapCalls.some((url) => /zoom=(1[7-9])/.test(url)),
      'points come from a close-in ask',
    );
    await screenshot(page, 'admin-matters-map-points');

    // A point opens the matter beside the map.
    await page.locator('.leaflet-marker-pane .leaflet-marker-icon:has(.gz-pin)').first().click({ force: true });
    await page.getByTestId('matter-detail').waitFor();
  });
  assert.deepEqual(errors, []);
});

test('a district admin changes a category deadline and it stays changed', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-categories', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await openNav(page, '类别与时限');
    const search = page.getByPlaceholder('搜索类别名称或编码');
    const row = page.locator('tr', { has: page.getByTestId('category-community.fire_safety.blocked_lane') });
    await search.fill('消防通道');
    await search.press('Enter');
    await row.waitFor();
    assert.equal((await row.getByTestId('resolve-within').innerText()).trim(), '1 个工作日');

    await row.getByRole('button', { name: /编\s*辑/ }).click();
    const drawer = page.locator('.ant-drawer').filter({ hasText: '编辑类别' });
    await drawer.getByLabel('办结时限 · 时长').fill('2');
    await drawer.getByLabel('受理时限 · 时长').fill('20');
    await screenshot(page, 'admin-category-edit');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('已保存 消防通道堵塞').waitFor();
    await row.getByTestId('resolve-within').getByText('2 个工作日').waitFor();

    // Still so after a reload: the server kept it.
    await page.reload();
    await search.fill('消防通道');
    await search.press('Enter');
    await row.waitFor();
    assert.equal((await row.getByTestId('resolve-within').innerText()).trim(), '2 个工作日');
    assert.equal((await row.getByTestId('accept-within').innerText()).trim(), '20 分钟');
    await screenshot(page, 'admin-categories');
  });
  assert.deepEqual(errors, []);
});

test('the work queue in English', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-queue-english', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await page.locator('.gz-header').getByText('English', { exact: true }).click();
    await openNav(page, 'Work queue');
    await page.getByRole('heading', { name: 'Work queue' }).waitFor();
    const tabs = (await page.getByRole('tab').allInnerTexts()).map((tab) => tab.replace(/\d+/g, '').trim());
    assert.deepEqual(tabs, ['My queue', 'My area', 'With departments', 'Overdue', 'Unassigned', 'All', 'Follow-ups']);
    await page.getByRole('tab', { name: /All/ }).click();
    await page.locator('.gz-matter-row').first().waitFor();
    const headers = (await page.locator('.ant-table-thead th').allInnerTexts()).map((h) => h.trim()).filter(Boolean);
    assert.deepEqual(headers, [
      'Number',
      'Category / Description',
      'Address',
      'Status',
      'Level',
      'Time left',
      'Handler',
    ]);
    const body = await page.locator('.ant-table-tbody').innerText();
    assert.match(body, /Reported|Accepted|In progress/);
    assert.match(body, /\d+ (d|h|min)[^\n]* left|Overdue by/);
    assert.doesNotMatch(
      body,
      /待受理|已受理|剩余|网格(?!员)/,
      'no Chinese labels from the UI (names from the data may stay)',
    );
    await screenshot(page, 'admin-queue-english');

    // The matter drawer too.
    await page.locator('.gz-matter-row').first().click();
    const detail = page.getByTestId('matter-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), /Timeline[\s\S]*Reported/);
    await settled(page, detail);
    await screenshot(page, 'admin-matter-english');
  });
  assert.deepEqual(errors, []);
});

test('回访: the reporter rates a closed matter on the phone, and staff record a call for another in the 待回访 queue', async () => {
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const buildings = await admin.get<{ items: Array<{ name: string; lat: number; lng: number }> }>(
    `/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`,
  );
  const b = buildings.items.find((x) => x.name === '打铁关小区1幢')!;
  const categories = await resident.get<{ items: Array<{ id: number; code: string }> }>('/api/matters/categories');
  const categoryId = categories.items.find((c) => c.code === 'event.environment.exposed_garbage')!.id;
  const closed: Array<{ id: number; code: string }> = [];
  for (const description of ['楼道口垃圾堆放三天没人清理', '单元门口废弃家具占道']) {
    const reported = await resident.post<{ id: number; code: string }>('/api/matters', {
      categoryId,
      description,
      lat: b.lat,
      lng: b.lng,
    });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));
    for (const [step, body] of [
      ['accept', { note: '' }],
      ['start', { note: '' }],
      ['resolve', { note: '已清理', photos: [] }],
      ['close', { note: '' }],
    ] as const) {
      const res = await admin.post(`/api/matters/${reported.body.id}/${step}`, body);
      assert.equal(res.status, 200, `${step}: ${JSON.stringify(res.body)}`);
    }
    closed.push(reported.body);
  }
  // The follow-ups are made when the closing's event is handled, a moment later.
  for (let tries = 0; ; tries++) {
    const queue = await admin.get<{ items: Array<{ code: string }> }>(
      `/api/matters/follow-ups?limit=50&q=${closed[1]!.code}`,
    );
    if (queue.items.length > 0) break;
    assert.ok(tries < 50, 'the follow-up was not made');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const { page: phone, errors: phoneErrors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(phone, 'h5-follow-up', async () => {
    await loginToH5(phone, server.baseUrl, 'resident_demo');
    await phone.goto(`${server.baseUrl}/h5/follow-ups/${closed[0]!.id}`);
    await phone.getByTestId('follow-up-matter').getByText('楼道口垃圾堆放三天没人清理').waitFor();
    await phone.getByTestId('follow-up-stars').locator('.adm-rate-star').nth(3).tap();
    await phone.getByTestId('follow-up-word').getByText('满意', { exact: true }).waitFor();
    await phone.getByTestId('follow-up-resolved').getByText('已解决').click();
    await phone.getByRole('textbox').fill('清理得很快，谢谢网格员');
    await settled(phone);
    await screenshot(phone, 'h5-follow-up', true);
    await phone.getByTestId('follow-up-submit').click();
    await phone.getByTestId('follow-up-done').waitFor();
    await screenshot(phone, 'h5-follow-up-done');
  });
  assert.deepEqual(phoneErrors, []);

  const { page: desk, errors } = await newPage(browser);
  await flow(desk, 'admin-follow-ups', async () => {
    await loginToAdmin(desk, server.baseUrl, 'admin');
    await openNav(desk, '事项办理');
    await desk.getByTestId('queue-follow-ups').click();
    const queue = desk.getByTestId('follow-ups-queue');
    const row = queue.getByTestId(`follow-up-row-${closed[1]!.code}`);
    await row.waitFor();
    await row.getByTestId(`follow-up-call-${closed[1]!.code}`).click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByText('已接通').click();
    await dialog.getByTestId('follow-up-call-rating').locator('.ant-rate-star').nth(2).click();
    await dialog.getByText('已解决').click();
    await dialog.locator('textarea').fill('电话回访：居民表示家具已搬走');
    await settled(desk, dialog);
    await screenshot(desk, 'admin-follow-up-call');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Done ones leave the default view (everything not done); the state filter shows them.
    await row.waitFor({ state: 'detached' });
    await settled(desk, queue);
    await screenshot(desk, 'admin-follow-ups');
  });
  const answered = await admin.get<{ items: Array<{ code: string; channel: string | null; rating: number | null }> }>(
    '/api/matters/follow-ups?state=done&limit=50',
  );
  const byCode = new Map(answered.items.map((f) => [f.code, f]));
  assert.equal(byCode.get(closed[0]!.code)?.rating, 4, 'the form answer');
  assert.equal(byCode.get(closed[1]!.code)?.rating, 3, 'the call');
  assert.deepEqual(errors, []);
});
