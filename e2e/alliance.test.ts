import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { DESKTOP, flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
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

test('系列活动 with its preview, and a 联建单位 claiming a micro-wish', async () => {
  const { page: desk, errors } = await newPage(browser, { viewport: DESKTOP });
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const board = await staff.get<{ items: Array<{ id: number; name: string }> }>('/api/volunteer/teams?q=暖宝');
  assert.ok(board.items.length > 0);
  const teamName = board.items[0]!.name;
  const wishes = await staff.get<{ items: Array<{ communityId: number }> }>('/api/volunteer/wishes?limit=1');
  const communityId = wishes.items[0]?.communityId;
  assert.ok(communityId);
  const wish = await staff.post<{ id: number }>('/api/volunteer/wishes', {
    communityId,
    beneficiaryLabel: '独居老人李爷爷',
    title: '一台取暖器',
  });
  assert.equal(wish.status, 201, JSON.stringify(wish.body));

  await flow(desk, 'alliance-series', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '志愿活动');
    await desk.getByRole('button', { name: '新建系列活动' }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.locator('#teamId').click();
    await desk.locator('.ant-select-dropdown:visible').getByText(teamName, { exact: true }).click();
    await dialog.locator('#title').fill('小区服务日');
    await dialog.locator('#place').fill('打铁关社区服务站');
    // Every Tuesday (the default) at 09:00: the preview lists Tuesdays.
    const preview = dialog.getByTestId('series-preview');
    await preview.locator('.ant-tag').first().waitFor();
    assert.equal(await dialog.getByTestId('series-rrule').textContent(), 'FREQ=WEEKLY;BYDAY=TU');
    const tags = await preview.locator('.ant-tag').allTextContents();
    assert.ok(tags.length >= 3 && tags.every((x) => x.includes('09:00') && x.endsWith('二')), tags.join(' | '));
    await screenshot(desk, 'alliance-series-preview');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const drawer = desk.locator('.ant-drawer-content-wrapper:visible');
    await drawer.getByText('FREQ=WEEKLY;BYDAY=TU').first().waitFor();
    const skipped = desk.waitForResponse((r) => r.url().includes('/occurrences/'));
    await drawer
      .getByRole('button', { name: /跳\s*过/ })
      .first()
      .click();
    const res = await skipped;
    assert.equal(res.status(), 200, await res.text());
    await drawer.getByText(/已跳过/).waitFor();
    await screenshot(desk, 'alliance-series-drawer');

    // Edit what the series makes: the place of the activities no one signed up for changes with it.
    await drawer.getByTestId('series-edit').click();
    const edit = desk.getByRole('dialog', { name: '编辑系列活动' });
    await edit.locator('#place').fill('打铁关社区文化家园');
    await edit.getByRole('button', { name: /保\s*存/ }).click();
    await edit.waitFor({ state: 'hidden' });
    await drawer.getByRole('cell', { name: '打铁关社区文化家园' }).first().waitFor();

    // Move one activity to another place (改期).
    await drawer.locator('[data-testid^="occurrence-move-"]').first().click();
    const move = desk.getByRole('dialog', { name: /改期/ });
    await move.locator('#place').fill('打铁关社区广场');
    await move.locator('#reason').fill('文化家园装修');
    await move.getByRole('button', { name: /保\s*存/ }).click();
    await move.waitFor({ state: 'hidden' });
    await drawer.getByRole('cell', { name: '打铁关社区广场' }).waitFor();
    await screenshot(desk, 'alliance-series-moved');
    await desk.keyboard.press('Escape');
  });

  await flow(desk, 'alliance-unit', async () => {
    await openNav(desk, '联建单位');
    await desk.getByRole('button', { name: '登记单位' }).click();
    const dialog = desk.getByRole('dialog');
    await dialog.locator('#name').fill('红色蜂巢·某物业公司');
    await dialog.locator('#creditCode').fill('91350100M000100Y43');
    await dialog.locator('#tagText').fill('红色蜂巢');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const drawer = desk.locator('.ant-drawer-content-wrapper:visible');
    await drawer.getByText('91350100M000100Y43').waitFor();
    await drawer.getByLabel('选择待认领的微心愿').click();
    await desk.locator('.ant-select-dropdown:visible').getByText('独居老人李爷爷：一台取暖器').click();
    await drawer.getByRole('button', { name: '认领微心愿' }).click();
    await drawer.locator('.ant-list-item', { hasText: '一台取暖器' }).waitFor();
    await screenshot(desk, 'alliance-unit');
  });
  const claimed = await staff.get<{ items: Array<{ id: number; claimedByUnit: string | null }> }>(
    '/api/volunteer/wishes?limit=50',
  );
  assert.equal(claimed.items.find((w) => w.id === wish.body.id)?.claimedByUnit, '红色蜂巢·某物业公司');
  assert.deepEqual(errors, []);
});
