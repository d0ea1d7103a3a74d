import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import {
  DESKTOP,
  flow,
  serverAndBrowser,
  loginToAdmin,
  loginToH5,
  newPage,
  openNav,
  PHONE,
  screenshot,
} from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { chartsDrawn, settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const until = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

test('微实事: residents propose, the community reviews, a resident votes within the budget, the community counts and the funded projects show', async () => {
  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const board = await resident.get<{ community: { id: number } }>('/api/org/board');

  // The server runs on the real clock: proposals close in a few seconds, voting is a short window.
  const t0 = Date.now();
  const proposalsCloseAt = t0 + 6_000;
  const votingOpensAt = t0 + 40_000;
  const votingClosesAt = t0 + 70_000;
  const created = await staff.post<{ id: number }>('/api/budgets/rounds', {
    communityId: board.community.id,
    kind: 'micro_matters',
    title: '打铁关微实事',
    budgetYuan: 50_000,
    proposalsCloseAt: new Date(proposalsCloseAt).toISOString(),
    votingOpensAt: new Date(votingOpensAt).toISOString(),
    votingClosesAt: new Date(votingClosesAt).toISOString(),
  });
  assert.equal(created.status, 201);
  const id = created.body.id;
  for (const [title, costYuan] of [
    ['楼道声控灯', 20_000],
    ['口袋公园座椅', 30_000],
    ['加装电梯', 45_000],
  ] as const) {
    const res = await resident.post(`/api/budgets/rounds/${id}/proposals`, { title, costYuan });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  await until(proposalsCloseAt);

  await flow(desk, 'budgets-review', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '微实事');
    await desk.locator('tr', { hasText: '打铁关微实事' }).click();
    const row = (title: string) => desk.locator('tr', { hasText: title });
    await row('加装电梯')
      .getByRole('button', { name: /审\s*核/ })
      .click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByTestId('review-feasible').click();
    await desk.locator('.ant-select-dropdown').getByText('不可行', { exact: true }).click();
    await dialog.getByRole('button', { name: /OK|确\s*定/ }).click();
    await dialog.getByText('判为不可行时请写明理由').waitFor();
    await dialog.getByLabel('理由').fill('加装电梯须经业主表决，不属微实事');
    await dialog.getByRole('button', { name: /OK|确\s*定/ }).click();
    await row('加装电梯').getByText('不可行').waitFor();
    for (const title of ['楼道声控灯', '口袋公园座椅']) {
      await row(title)
        .getByRole('button', { name: /审\s*核/ })
        .click();
      await desk
        .getByRole('dialog')
        .getByRole('button', { name: /OK|确\s*定/ })
        .click();
      await row(title).getByText('可行', { exact: true }).waitFor();
    }
    await settled(desk);
    await screenshot(desk, 'budgets-review');
  });
  await until(votingOpensAt);

  await flow(phone, 'budgets-vote', async () => {
    await loginToH5(phone, server.baseUrl, 'resident_demo');
    await phone.getByTestId('feature-budgets').click();
    await phone.getByTestId(`budget-round-${id}`).click();
    await phone.getByTestId('budget-meter').waitFor();
    assert.equal(await phone.getByText('加装电梯').count(), 0, 'only feasible projects are on the ballot');
    await phone.getByText('楼道声控灯').click();
    await phone.getByText('口袋公园座椅').click();
    await phone.getByTestId('budget-meter').getByText(/已选/).waitFor();
    await settled(phone);
    await screenshot(phone, 'budgets-ballot', true);
    await phone.getByTestId('budget-cast').click();
    await phone.getByText('我已投票').waitFor();
  });
  await until(votingClosesAt + 500);

  await flow(desk, 'budgets-count', async () => {
    await desk.reload();
    await desk.getByTestId('round-count').click();
    await desk
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    await desk
      .getByTestId('round-result')
      .getByText(/立项 2 个/)
      .waitFor();
    await chartsDrawn(desk);
    await settled(desk);
    await screenshot(desk, 'budgets-counted');
  });

  await flow(phone, 'budgets-result', async () => {
    await phone.reload();
    await phone.getByText(/结果：立项 2 个/).waitFor();
    await settled(phone);
    await screenshot(phone, 'budgets-result', true);
  });

  assert.deepEqual([...deskErrors, ...errors], []);
});
