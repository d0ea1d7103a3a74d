import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
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
import { startServer, type TestServer } from './support/server.ts';

/**
 * 窗帘之约: the 暖宝 volunteer 陈建华 (resident_demo) taps "确认平安" for an elder on his
 * phone; the grid worker's care board shows the check done, by him. Then he records a visit
 * and the grid worker sees it on the elder's page.
 */

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

interface Mine {
  day: string;
  targets: { id: number; name: string; checks: { id: number; kind: string; status: string; opensAt: string }[] }[];
}

test('a helper confirms a check on the phone and the care board shows it done; a visit recorded on the phone shows on the target', async () => {
  // Which check to confirm: the first of today's not yet done and open, whatever the hour the test runs.
  const helperApi = await apiAs(browser, server.baseUrl, 'resident_demo');
  const mine = await helperApi.get<Mine>('/api/care/mine');
  const open = (c: Mine['targets'][number]['checks'][number]) =>
    c.status !== 'done' && Date.parse(c.opensAt) <= Date.now();
  const target = mine.targets.find((tg) => tg.checks.some(open));
  assert.ok(
    target,
    `resident_demo has a care target with a check open and not yet done today: ${JSON.stringify(mine)}`,
  );
  const check = target.checks.find(open)!;

  const worker = await newPage(browser);
  const helper = await newPage(browser, { viewport: PHONE, mobile: true });

  await flow(worker.page, 'care-flow-board', async () => {
    const page = worker.page;
    await loginToAdmin(page, server.baseUrl, 'grid_datieguan_01');
    await openNav(page, '关爱看板');
    await page.getByRole('heading', { name: '关爱看板' }).waitFor();
    const row = page.locator(`tr[data-name="${target.name}"]`);
    await row.waitFor();
    const chip = page.getByTestId(`check-${check.id}`);
    assert.notEqual(await chip.getAttribute('data-status'), 'done');
    assert.match(await row.innerText(), /陈建华[\s\S]*李婷/, 'helpers in order');
    await page.getByTestId('care-counts').waitFor();
    await screenshot(page, 'admin-care-board');
  });

  await flow(helper.page, 'care-flow-confirm', async () => {
    const page = helper.page;
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.getByTestId('feature-care').scrollIntoViewIfNeeded();
    await screenshot(page, 'h5-home-care-entry');
    await page.getByTestId('feature-care').click();
    await page.waitForURL(/\/h5\/care$/);
    const card = page.getByTestId(`care-target-${target.id}`);
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(target.name));
    // A check whose window has not opened offers no tap yet.
    for (const c of target.checks.filter((c) => c.status !== 'done' && !open(c))) {
      assert.equal(await page.getByTestId(`care-check-${c.id}`).getByRole('button').count(), 0);
      assert.match(await page.getByTestId(`care-check-${c.id}`).innerText(), /起可确认/);
    }
    await screenshot(page, 'h5-my-care', true);

    const item = page.getByTestId(`care-check-${check.id}`);
    await item.getByRole('button', { name: /确认平安/ }).click();
    await page.locator('.adm-action-sheet').getByText('看到了').click();
    await page.locator(`[data-testid=care-check-${check.id}][data-status=done]`).waitFor();
    assert.match(await item.innerText(), /已确认[\s\S]*陈建华 \d\d:\d\d 确认/);
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'h5-my-care-confirmed');
  });

  await flow(worker.page, 'care-flow-done', async () => {
    const page = worker.page;
    await page.getByRole('button', { name: /刷\s*新/ }).click();
    const chip = page.locator(`[data-testid=check-${check.id}][data-status=done]`);
    await chip.waitFor();
    assert.match(await chip.innerText(), /已确认[\s\S]*陈建华 确认 \d\d:\d\d/);
    await screenshot(page, 'admin-care-board-done');
  });

  await flow(helper.page, 'care-flow-visit', async () => {
    const page = helper.page;
    await page.getByTestId(`care-target-${target.id}`).getByRole('button', { name: '记走访' }).click();
    await page.waitForURL(new RegExp(`/h5/care/${target.id}/visit$`));
    await page.getByText('电话', { exact: true }).click();
    await page.getByPlaceholder('老人精神、身体、居家安全等情况').fill('电话问候，老人说今天精神好，中午吃了饺子。');
    await screenshot(page, 'h5-care-visit-form');
    await page.getByRole('button', { name: '提交走访记录' }).click();
    await page.waitForURL(/\/h5\/care$/);
  });

  await flow(worker.page, 'care-flow-target', async () => {
    const page = worker.page;
    await page.locator(`tr[data-name="${target.name}"]`).click();
    const drawer = page.getByTestId('care-target');
    await drawer.waitFor();
    await drawer.getByText('电话问候，老人说今天精神好').waitFor();
    assert.match(await drawer.innerText(), /陈建华[\s\S]*电话/);
    await settled(page, drawer);
    await screenshot(page, 'admin-care-target');
  });

  assert.deepEqual(worker.errors, []);
  assert.deepEqual(helper.errors, []);
});
