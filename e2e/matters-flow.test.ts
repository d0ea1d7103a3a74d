import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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
import { settled } from './support/wait.ts';
import { makePng } from './support/files.ts';
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

/** Where 打铁关小区1幢 is, as the org API has it. */
async function buildingOne(staff: Page): Promise<{ latitude: number; longitude: number }> {
  const response = await staff.request.get(`${server.baseUrl}/api/org/buildings`, { params: { q: '打铁关小区1幢' } });
  const { items } = (await response.json()) as { items: { name: string; lat: number; lng: number }[] };
  const building = items.find((b) => b.name === '打铁关小区1幢');
  assert.ok(building, '打铁关小区1幢 is in the demo data');
  return { latitude: building.lat, longitude: building.lng };
}

test('a resident reports a blocked fire lane with a photo; the grid worker sees it arrive live, handles it, and the resident rates it', async () => {
  // The grid worker has the work queue open on a desktop.
  const worker = await newPage(browser);
  await loginToAdmin(worker.page, server.baseUrl, 'grid_datieguan_01');
  const home = await buildingOne(worker.page);

  // The resident stands at building 1 with a phone.
  const resident = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: home });
  let code = '';

  await flow(worker.page, 'matters-flow-worker-queue', async () => {
    await openNav(worker.page, '事项办理');
    await worker.page.getByRole('heading', { name: '事项办理' }).waitFor();
    await worker.page.getByRole('tab', { name: /我的待办/ }).waitFor();
    assert.equal(
      await worker.page.getByRole('tab', { name: /我的待办/ }).getAttribute('aria-selected'),
      'true',
      'the queue opens on 我的待办',
    );
    await worker.page.locator('.gz-matter-row').first().waitFor();
    // A mark that a reload would wipe: the new matter must arrive without one.
    await worker.page.evaluate(() => Object.assign(window, { queueNotReloaded: true }));
  });

  await flow(resident.page, 'matters-flow-report', async () => {
    const page = resident.page;
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.getByTestId('entry-snap').click();
    await page.getByRole('navigation').or(page.locator('.adm-nav-bar')).getByText('随手拍').waitFor();

    // A photo, made here and picked through the uploader's file input.
    await page
      .locator('.adm-image-uploader input[type=file]')
      .setInputFiles({ name: 'lane.png', mimeType: 'image/png', buffer: makePng() });
    await page.locator('.adm-image-uploader-cell img').first().waitFor();
    await page.waitForFunction(() => !document.querySelector('.adm-image-uploader-cell-loading'));

    // The description suggests the category; picking the chip chooses it.
    const description = page.getByLabel('问题描述');
    await description.fill('楼下消防通道被几辆私家车堵住了，消防车开不进来');
    await description.blur();
    const chip = page.getByTestId('category-suggestions').getByRole('button', { name: '消防通道堵塞' });
    await chip.click();
    assert.match(await page.getByTestId('category-picker').innerText(), /消防安全 \/ 消防通道堵塞/);

    // The phone's position is taken at once and placed in its grid.
    await page.getByTestId('location-field').getByText('打铁关社区第一网格 · 打铁关社区').waitFor();
    // Named by the building beside it, not by its coordinates.
    assert.match(await page.getByTestId('location-place').innerText(), /幢附近 · 约 \d+ 米/);
    await page.getByLabel('详细地址').fill('打铁关小区1幢东侧消防通道');
    await screenshot(page, 'h5-report', true);

    // The same problem is open nearby (from the demo data): offered to follow, but filed anyway.
    await page.getByRole('button', { name: '提交' }).click();
    const nearby = page.getByTestId('nearby-matters');
    await nearby.waitFor();
    assert.match(await page.locator('.h5-sheet').innerText(), /附近已有相同事项/);
    assert.ok((await nearby.locator('li').count()) >= 1);
    await settled(page, page.locator('.h5-sheet')); // the sheet slides up
    await screenshot(page, 'h5-report-nearby');
    await page.getByRole('button', { name: '仍然提交' }).click();

    await page.waitForURL(/\/h5\/matters\/\d+$/);
    const matter = page.getByTestId('h5-matter');
    await matter.waitFor();
    assert.equal(await matter.getAttribute('data-status'), 'reported');
    code = (await page.locator('.h5-matter-head-top .h5-muted').innerText()).trim();
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    assert.match(code, /^GZ\d+$/);
    await page.locator('.h5-photos img').first().waitFor();
    await screenshot(page, 'h5-matter-reported');
  });

  await flow(worker.page, 'matters-flow-handle', async () => {
    const page = worker.page;
    // It appears in 我的待办 by itself, highlighted as new.
    const row = page.getByTestId(`matter-row-${code}`);
    await row.waitFor({ timeout: 20_000 });
    assert.equal(
      await page.evaluate(() => (window as unknown as { queueNotReloaded?: boolean }).queueNotReloaded),
      true,
      'the page was not reloaded',
    );
    assert.match((await row.getAttribute('class')) ?? '', /gz-row-new/);
    assert.match(await row.innerText(), /消防通道堵塞[\s\S]*待受理[\s\S]*剩余/);
    await screenshot(page, 'admin-queue-live');

    // Open it, accept, start, resolve with a photo.
    await row.click();
    const detail = page.getByTestId('matter-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), new RegExp(code));
    await page.locator('.gz-mini-map .leaflet-marker-icon').first().waitFor();
    await screenshot(page, 'admin-matter-detail');

    const act = async (label: RegExp, fill?: () => Promise<void>) => {
      await page.getByTestId('matter-actions').getByRole('button', { name: label }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: code });
      await modal.waitFor();
      // A modal still zooming in may not take a click yet.
      await settled(page, modal);
      await fill?.();
      await modal.locator('.ant-modal-footer').getByRole('button', { name: label }).click();
      await modal.waitFor({ state: 'hidden' });
    };
    await act(/^受\s*理$/);
    await page.locator('[data-testid=matter-detail][data-status=accepted]').waitFor();
    await act(/^开始处置$/);
    await page.locator('[data-testid=matter-detail][data-status=in_progress]').waitFor();
    await act(/^办结反馈$/, async () => {
      const modal = page.locator('.ant-modal').filter({ hasText: code });
      await modal.getByLabel('办理结果').fill('已联系车主挪车，消防通道恢复畅通');
      await modal
        .locator('input[type=file]')
        .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: makePng(64, 48, [60, 160, 80]) });
      await modal
        .locator('.ant-upload-list-item-done, .ant-upload-list-item:not(.ant-upload-list-item-uploading)')
        .first()
        .waitFor();
      await page.waitForFunction(() => !document.querySelector('.ant-modal .ant-upload-list-item-uploading'));
      await screenshot(page, 'admin-matter-resolve-form');
    });
    await page.locator('[data-testid=matter-detail][data-status=resolved]').waitFor();
    const timeline = await page.getByTestId('timeline-entry').allInnerTexts();
    assert.ok(
      timeline.some((entry) => /办结反馈[\s\S]*已联系车主挪车/.test(entry)),
      'the resolution is on the timeline',
    );
    await settled(page, page.getByTestId('matter-detail'));
    await screenshot(page, 'admin-matter-resolved');
  });

  await flow(resident.page, 'matters-flow-rate', async () => {
    const page = resident.page;
    // The resident's page follows along live; no reload.
    await page.locator('[data-testid=h5-matter][data-status=resolved]').waitFor({ timeout: 20_000 });
    await page.locator('.h5-matter-head').getByText('已办结', { exact: true }).waitFor();
    assert.match(await page.locator('.h5-progress').innerText(), /办结反馈[\s\S]*已联系车主挪车/);
    await screenshot(page, 'h5-matter-resolved');

    await page.getByTestId('h5-actions').getByRole('button', { name: '评价' }).click();
    await page.getByTestId('rate-stars').waitFor();
    await page.getByTestId('rate-stars').locator('.adm-rate-star').nth(4).tap(); // a finger, as the Rate listens to touch on phones
    await page.getByPlaceholder('说说您的感受（选填）').fill('处理很快，谢谢网格员！');
    await screenshot(page, 'h5-matter-rate');
    await page.locator('.h5-sheet').getByRole('button', { name: '提交' }).click();

    await page.locator('[data-testid=h5-matter][data-status=closed]').waitFor();
    await page.locator('.h5-matter-head').getByText('已结案', { exact: true }).waitFor();
    await page.locator('.h5-sheet').waitFor({ state: 'detached' });
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    assert.match(await page.locator('.h5-card', { hasText: '我的评价' }).innerText(), /处理很快/);
    await screenshot(page, 'h5-matter-closed', true);

    // It is in 我的事项 as closed.
    await page.goto(`${server.baseUrl}/h5/matters`);
    const card = page.getByTestId(`my-matter-${code}`);
    await card.waitFor();
    assert.match(await card.innerText(), /已结案/);
    await screenshot(page, 'h5-my-matters');
  });

  await flow(worker.page, 'matters-flow-closed', async () => {
    // The worker's drawer follows the rating too.
    await worker.page.locator('[data-testid=matter-detail][data-status=closed]').waitFor({ timeout: 20_000 });
    assert.match(await worker.page.getByTestId('matter-detail').innerText(), /评价/);
  });

  assert.deepEqual(worker.errors, []);
  assert.deepEqual(resident.errors, []);
});
