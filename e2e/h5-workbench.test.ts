import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
import { makePng } from './support/files.ts';
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

async function toastGone(page: Page) {
  await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
}

/** Nothing wider than the phone, and no string shown by its key. */
async function fitsAndReads(page: Page, screen: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${screen}: ${width} px wide on a ${PHONE.width} px phone`);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /workbench\.[a-z]+|matters\.[a-z]+\.|h5\.[a-z]+\.|common\./, `${screen}: a raw i18n key`);
}

interface Detail {
  id: number;
  code: string;
  status: string;
  timeline: { action: string; note: string; photos: unknown[] }[];
}

test('a grid worker takes a reported matter from the workbench to 办结 on the phone, and a note taken offline lands once', async () => {
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const worker = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  const { items: buildings } = await worker.get<{ items: { name: string; lat: number; lng: number }[] }>(
    `/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`,
  );
  const building = buildings.find((b) => b.name === '打铁关小区1幢');
  assert.ok(building, '打铁关小区1幢 is in the demo data');
  const { items: categories } = await resident.get<{ items: { id: number; code: string; kind: string }[] }>(
    '/api/matters/categories?kind=report',
  );
  const category = categories.find((c) => c.code === 'event.street_order.hawkers') ?? categories[0];
  assert.ok(category, 'an event category');

  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-workbench', async () => {
    await loginToH5(page, server.baseUrl, 'grid_datieguan_01');
    // 我的 → 工作台
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByTestId('entry-workbench').click();
    await page.getByTestId('workbench').waitFor();
    await settled(page);

    // A resident reports at 打铁关小区1幢; it arrives on the open workbench by itself.
    const description = `楼下占道摆摊，影响通行 ${Date.now()}`;
    const reported = await resident.post<Detail>('/api/matters', {
      categoryId: category.id,
      description,
      lat: building.lat,
      lng: building.lng,
      address: '打铁关小区1幢',
    });
    assert.equal(reported.status, 201, JSON.stringify(reported.body));
    const matter = reported.body;
    const row = page.getByTestId('workbench-matter').filter({ hasText: matter.code });
    await row.waitFor();
    await fitsAndReads(page, 'workbench');
    await screenshot(page, 'h5-workbench', true);

    await row.click();
    await page.getByTestId('staff-actions').waitFor();
    const mapLink = await page.getByTestId('open-in-map').getAttribute('href');
    assert.match(mapLink ?? '', /^https:\/\/uri\.amap\.com\/marker\?position=\d+\.\d+,\d+\.\d+&name=/);
    const [lng, lat] = /position=([\d.]+),([\d.]+)/.exec(mapLink!)!.slice(1).map(Number) as [number, number];
    // GCJ-02 in China is a few hundred metres off WGS-84, not equal to it.
    assert.ok(Math.abs(lng - building.lng) > 0.001 && Math.abs(lng - building.lng) < 0.01, `lng ${lng}`);
    assert.ok(Math.abs(lat - building.lat) > 0.0005 && Math.abs(lat - building.lat) < 0.01, `lat ${lat}`);

    const status = (s: string) =>
      poll(async () => (await page.getByTestId('h5-matter').getAttribute('data-status')) === s, {
        message: `the matter is ${s}`,
      });

    // 受理, 开始处置
    await page.getByTestId('staff-accept').click();
    await page.getByTestId('action-submit').click();
    await page.getByTestId('staff-start').waitFor();
    await toastGone(page);
    await page.getByTestId('staff-start').click();
    await page.getByTestId('action-submit').click();
    await page.getByTestId('staff-resolve').waitFor();
    await toastGone(page);

    // 办结 with a photo from the camera.
    await page.getByTestId('staff-resolve').click();
    await page.getByTestId('action-text').locator('textarea').fill('已劝离摊贩，路面已清理');
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('take-photo').click();
    await (await chooser).setFiles({ name: 'after.png', mimeType: 'image/png', buffer: makePng() });
    await page.getByTestId('camera-photo').waitFor();
    await fitsAndReads(page, 'resolve with a photo');
    await screenshot(page, 'h5-workbench-resolve');
    await page.getByTestId('action-submit').click();
    await status('resolved');
    await toastGone(page);
    const resolved = await worker.get<Detail>(`/api/matters/${matter.id}`);
    const resolveEntry = resolved.timeline.find((e) => e.action === 'resolve');
    assert.ok(resolveEntry, 'resolved on the timeline');
    assert.equal(resolveEntry.photos.length, 1, 'with its photo');

    // No network: a 备注 waits on the phone, then lands once when the network returns.
    await page.context().setOffline(true);
    await page.getByTestId('staff-note').click();
    const note = `复查：路面保持整洁 ${Date.now()}`;
    await page.getByTestId('action-text').locator('textarea').fill(note);
    await page.getByTestId('action-submit').click();
    const bar = page.getByTestId('outbox-bar');
    await bar.getByText('待发送 1 项', { exact: false }).waitFor();
    await toastGone(page);
    await screenshot(page, 'h5-workbench-offline');
    const before = await worker.get<Detail>(`/api/matters/${matter.id}`);
    assert.equal(before.timeline.filter((e) => e.note === note).length, 0, 'not sent while offline');
    await page.context().setOffline(false);
    await bar.waitFor({ state: 'hidden' });
    await page.getByTestId('progress-step').filter({ hasText: note }).waitFor();
    const after = await worker.get<Detail>(`/api/matters/${matter.id}`);
    assert.equal(after.timeline.filter((e) => e.note === note).length, 1, 'the note is on the timeline once');

    // In English the workbench has no Chinese headings and no raw keys.
    await page.goto(`${server.baseUrl}/h5/me`);
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('entry-workbench').getByText('Workbench').waitFor();
    await page.getByTestId('entry-workbench').click();
    await page.getByTestId('workbench').waitFor();
    await settled(page);
    await fitsAndReads(page, 'workbench, English');
    const headings = await page
      .locator('.adm-nav-bar-title, .adm-list-header, [data-testid^="workbench-count-"]')
      .allInnerTexts();
    assert.ok(headings.length >= 5, `headings: ${headings.join(' | ')}`);
    for (const heading of headings) assert.doesNotMatch(heading, /[\u4e00-\u9fff]/, `Chinese heading: ${heading}`);
    await screenshot(page, 'h5-workbench-en', true);
  });
  assert.deepEqual(errors, []);
});
