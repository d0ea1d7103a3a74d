import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import {
  DEMO_PASSWORD,
  DESKTOP,
  flow,
  serverAndBrowser,
  loginToAdmin,
  loginToH5,
  newPage,
  PHONE,
  screenshot,
} from './support/browser.ts';
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

test('a resident signs in on the phone app and finds the grid worker on the public board', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-board', async () => {
    await page.goto(`${server.baseUrl}/h5/`);
    await page.waitForURL(/\/h5\/login/);
    await screenshot(page, 'h5-login');
    await page.getByPlaceholder('请输入用户名或手机号').fill('resident_demo');
    await page.getByPlaceholder('请输入密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();

    await page
      .getByText(/陈建华/)
      .first()
      .waitFor();
    await page.getByText('打铁关社区 · 打铁关小区1幢').waitFor();
    await screenshot(page, 'h5-home');

    await page.getByText('我的社区', { exact: true }).last().click();
    await page.waitForURL(/\/h5\/community$/);
    const worker = page.getByTestId('board-entry').filter({ hasText: '李婷' });
    await worker.waitFor();
    assert.match(await worker.innerText(), /网格员/);
    assert.match(await worker.innerText(), /打铁关社区第一网格/);
    assert.equal(await worker.locator('a[href="tel:13800000004"]').count(), 2, 'the number is a tap-to-call link');
    assert.match(await page.locator('.h5-board-head').innerText(), /打铁关社区/);
    await screenshot(page, 'h5-community');

    await page.getByText('我的', { exact: true }).last().click();
    await page.getByText('resident_demo').waitFor();
    await screenshot(page, 'h5-me');
  });
  assert.deepEqual(errors, []);
});

test('the board of a building shows its 党员中心户 beside its party member', async () => {
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const board = await resident.get<{ community: { id: number }; building: { id: number } }>('/api/org/board');
  const households = await staff.get<{ items: Array<{ id: number }> }>(
    `/api/org/buildings/${board.building.id}/households`,
  );
  const center = await staff.post('/api/party/orgs', {
    kind: 'center_household',
    name: '1幢党员中心户',
    communityId: board.community.id,
    householdId: households.items[0]!.id,
    secretary: '王建国',
  });
  assert.equal(center.status, 201);
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-board-center-household', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.goto(`${server.baseUrl}/h5/community`);
    const card = page.getByTestId('board-center-household').filter({ hasText: '1幢党员中心户' });
    await card.waitFor();
    // Right after the building's party member (包楼党员), before the grid's people.
    const cards = await page.locator('.h5-board-card').allInnerTexts();
    const index = cards.findIndex((c) => c.includes('1幢党员中心户'));
    assert.match(cards[index - 1] ?? '', /楼栋/);
    assert.match(cards[index + 1] ?? '', /网格/);
    assert.match(await card.innerText(), /党员中心户/);
    assert.match(await card.innerText(), /王建国/);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'h5-board-center-household');
  });
  // The printed board in the console shows it too.
  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  await flow(desk, 'admin-board-center-household', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await desk.goto(`${server.baseUrl}/admin/board/print?buildingId=${board.building.id}`);
    await desk.getByTestId('board-center-household').filter({ hasText: '1幢党员中心户' }).waitFor();
    await screenshot(desk, 'admin-board-center-household', true);
  });
  assert.deepEqual([...errors, ...deskErrors], []);
});

test('a resident who opens the admin console is sent to the phone app', async () => {
  const { page } = await newPage(browser);
  await page.goto(`${server.baseUrl}/admin/login`);
  await page.getByLabel('用户名 / 手机号').fill('resident_demo');
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByText('请使用居民端').waitFor();
  assert.equal(await page.getByRole('link', { name: '前往居民端' }).getAttribute('href'), '/h5/');
  await screenshot(page, 'admin-resident-notice');
});
