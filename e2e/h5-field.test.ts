import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { poll, settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Nothing on the screen is wider than the phone, and no string is shown by its key. */
/** Waits for a toast to have gone, so a screenshot shows the screen. */
async function toastGone(page: Page) {
  await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
}

/** Waits until an element reads exactly `text`. */
function reads(page: Page, testId: string, text: string) {
  const element = page.getByTestId(testId);
  return poll(async () => (await element.innerText()).trim() === text, { message: `${testId} reads ${text}` });
}

async function fitsAndReads(page: Page, screen: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${screen}: ${width} px wide on a ${PHONE.width} px phone`);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /field\.[a-z]+\.|h5\.[a-z]+\.|common\./, `${screen}: a raw i18n key`);
}

test('a grid worker patrols with a trail and a check-in, records a visit, and the work log counts both', async () => {
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const { items: buildings } = await admin.get<{
    items: { name: string; lat: number; lng: number; communityId: number }[];
  }>(`/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`);
  const building = buildings.find((b) => b.name === '打铁关小区1幢');
  assert.ok(building, '打铁关小区1幢 is in the demo data');
  // Walking north to south onto the building, ~28 m a step (each step is kept: 20 m or more).
  const at = (north: number) => ({ latitude: building.lat + north * 0.00025, longitude: building.lng });

  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: at(2) });
  await flow(page, 'h5-field', async () => {
    await loginToH5(page, server.baseUrl, 'grid_datieguan_01');

    // 我的 → 外勤 → 巡查
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByTestId('entry-patrol').click();
    await page.getByTestId('patrol-idle').waitFor();
    await fitsAndReads(page, 'patrol, idle');
    await page.getByRole('button', { name: '开始巡查' }).click();
    await reads(page, 'patrol-samples', '1');

    await page.context().setGeolocation(at(1));
    await reads(page, 'patrol-samples', '2');
    await page.context().setGeolocation(at(0));
    await reads(page, 'patrol-samples', '3');

    // 打卡 at the nearest building.
    await page.getByRole('button', { name: '楼栋打卡' }).click();
    const dialog = page.locator('.adm-dialog');
    await dialog.getByText('在「打铁关小区1幢」打卡').waitFor();
    await dialog.getByText('楼栋打卡', { exact: true }).click();
    await page.getByTestId('check-ins').getByText('打铁关小区1幢').waitFor();
    await toastGone(page);
    await settled(page);
    await fitsAndReads(page, 'patrol, running');
    await screenshot(page, 'h5-field-patrol', true);

    // A reload picks the open patrol up again; then stop.
    await page.reload();
    await page.getByTestId('patrol-running').waitFor();
    await page.getByTestId('check-ins').getByText('打铁关小区1幢').waitFor();
    await page.getByRole('button', { name: '结束巡查' }).click();
    await dialog.getByText('结束巡查', { exact: true }).click();
    const summary = page.getByTestId('patrol-summary');
    await summary.waitFor();
    const distance = await summary.getByTestId('summary-distance').innerText();
    const meters = Number(/(\d+)\s*米/.exec(distance)?.[1]);
    assert.ok(meters > 0, `a distance walked: ${distance}`);
    await summary.getByText('打铁关小区1幢').waitFor();
    await toastGone(page);
    await fitsAndReads(page, 'patrol, stopped');
    await screenshot(page, 'h5-field-patrol-stopped');

    // The trail walked on the phone is on the admin grid map of its day (issue 14, Done-when 1).
    const worker = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
    const { displayName } = await worker.get<{ displayName: string }>('/api/auth/me');
    // The patrol ran a moment ago: its day is today's in the demo's time zone.
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const desk = await newPage(browser);
    await loginToAdmin(desk.page, server.baseUrl, 'admin');
    await desk.page.goto(`${server.baseUrl}/admin/map?area=${building.communityId}&trails=${day}`);
    await desk.page
      .locator(`[data-testid="patrol-trail"][data-worker="${displayName}"]`)
      .waitFor({ state: 'attached' });
    await desk.page.getByTestId('patrol-legend-row').filter({ hasText: displayName }).waitFor();
    await settled(desk.page);
    await screenshot(desk.page, 'h5-field-trail-on-admin-map');
    await desk.page.close();
    assert.deepEqual(desk.errors, []);

    // 走访: the first one due, with notes.
    await page.goto(`${server.baseUrl}/h5/field/visits`);
    const due = page.getByTestId('due-list');
    await due.waitFor();
    await fitsAndReads(page, 'visits due');
    await screenshot(page, 'h5-field-due');
    const first = due.locator('.adm-list-item').first();
    const name = (await first.locator('.adm-list-item-content-main').innerText()).split('\n')[0]!.trim();
    await first.click();
    await page.getByText(`走访记录 · ${name}`).waitFor();
    await page
      .getByPlaceholder('见到了谁、身体和生活情况、有什么需要')
      .fill('老人身体尚好，家中整洁，叮嘱注意用电安全。');
    await fitsAndReads(page, 'record a visit');
    await screenshot(page, 'h5-field-visit');
    await page.getByRole('button', { name: '保存走访' }).click();
    await page.getByText('走访已记录').waitFor();

    // 我的工作日志: today's and the month's, made from both.
    await toastGone(page);
    await page.getByRole('tab', { name: '工作日志' }).click();
    for (const period of ['today', 'month']) {
      for (const figure of ['patrols', 'visits', 'buildings']) {
        await poll(async () => /^1\n/.test(await page.getByTestId(`work-log-${period}-${figure}`).innerText()), {
          message: `${period}: 1 of ${figure}`,
        });
      }
    }
    await fitsAndReads(page, 'work log');
    await screenshot(page, 'h5-field-log', true);
  });
  assert.deepEqual(errors, []);
});
