import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { chartsDrawn, poll, settled as motionless } from './support/wait.ts';
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

/** Waits until no table or card is loading and drawers and dialogs have finished moving, for a screenshot. */
async function settled(page: Page) {
  await page.waitForFunction(() => document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active').length === 0);
  const moving = page.locator('.ant-drawer-content-wrapper:visible, .ant-modal:visible');
  if ((await moving.count()) > 0) await motionless(page, moving.last());
  else await motionless(page);
}

interface StatementLine {
  memo: string;
  amount: number;
  balanceAfter: number;
}

test("staff verify a good deed and the resident's statement shows the reward; a new rule version; the overview draws its charts", async () => {
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const residentId = (await resident.get<{ id: number }>('/api/auth/me')).id;
  const title = `扶摔倒老人就医 e2e ${Date.now() % 100000}`;
  const reported = await resident.post<{ id: number }>('/api/volunteer/good-deeds', {
    doerName: '陈建华',
    doerUserId: residentId,
    title,
    description: '在运河边扶起摔倒的老人，并陪同去社区卫生服务站。',
    occurredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
  });
  assert.equal(reported.status, 201, JSON.stringify(reported.body));

  const { page, errors } = await newPage(browser);
  await flow(page, 'points-admin-good-deed', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    // The menu has the 积分志愿 group.
    await page.locator('.ant-layout-sider').getByText('积分志愿').waitFor();
    await page.goto(`${server.baseUrl}/admin/volunteer/good-deeds`);
    const row = page.locator('tr', { hasText: title });
    await row.waitFor();
    await settled(page);
    await screenshot(page, 'admin-good-deeds-queue');
    await row.getByRole('button', { name: /^核\s*实$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('按本社区“好人好事”规则：20 积分').waitFor();
    await dialog.getByLabel('核实说明').fill('已电话回访老人家属，情况属实。');
    await dialog.getByRole('button', { name: /^核\s*实$/ }).click();
    await page.getByText('已核实，积分已发放给当事人').waitFor();
    await row.waitFor({ state: 'detached' });
  });

  // The reward is posted by the subscriber to the verification: wait for it on the resident's own statement.
  const line = await poll(
    async () =>
      (await resident.get<{ items: StatementLine[] }>('/api/points/me/statement?limit=5')).items.find((l) =>
        l.memo.includes(title),
      ),
    { timeout: 15_000, interval: 250, message: 'the reward is posted' },
  );
  assert.equal(line.amount, 20);

  await flow(page, 'points-admin-statement', async () => {
    await page.goto(`${server.baseUrl}/admin/points/accounts`);
    await page.getByPlaceholder('输入姓名搜索').fill('陈建华');
    await page.getByPlaceholder('输入姓名搜索').press('Enter');
    await page.locator('tr', { hasText: '陈建华' }).getByRole('button', { name: '积分流水' }).click();
    const drawer = page.getByTestId('statement-drawer');
    const rewardRow = drawer.locator('tr', { hasText: title });
    await rewardRow.waitFor();
    assert.match(await rewardRow.innerText(), /\+20/);
    assert.match(await rewardRow.innerText(), new RegExp(`\\b${line!.balanceAfter}\\b`));
    await settled(page);
    await screenshot(page, 'admin-points-statement');
    await drawer.getByRole('button', { name: 'Close' }).or(page.locator('.ant-drawer-close')).first().click();
  });

  await flow(page, 'points-admin-rule', async () => {
    await page.goto(`${server.baseUrl}/admin/points/rules`);
    await page.getByTestId('rules-table').locator('tbody tr').first().waitFor();
    await page.getByRole('button', { name: '新增规则版本' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.locator('#communityId').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '打铁关社区' }).click();
    await dialog.locator('#eventType').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '好人好事' }).click();
    await dialog.locator('#pointsPerUnit').fill('30');
    await dialog.locator('#monthlyCap').fill('150');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/规则已保存，\d{4}-\d{2}-\d{2} 起生效/).waitFor();
    // The dialog closes after saving; wait until it has gone, or the screenshot catches it half-way.
    await dialog.waitFor({ state: 'hidden' });
    const upcoming = page
      .getByTestId('rules-table')
      .locator('tr', { hasText: '待生效' })
      .filter({ hasText: '好人好事' });
    await upcoming.waitFor();
    assert.match(await upcoming.innerText(), /30 \/ 每次/);
    assert.match(await upcoming.innerText(), /150/);
    await settled(page);
    await screenshot(page, 'admin-points-rules');
  });

  // An activity of 暖宝 under way: 陈建华 signs up, checks in and out with the leader's code; staff approve an hour.
  const leader = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  const nuanbao = (await leader.get<{ items: { id: number; name: string }[] }>('/api/volunteer/teams?q=暖宝'))
    .items[0]!;
  const activityTitle = `陪老人散步 e2e ${Date.now() % 100000}`;
  const created = await leader.post<{ id: number }>('/api/volunteer/activities', {
    teamId: nuanbao.id,
    title: activityTitle,
    place: '运河边',
    startsAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    endsAt: new Date(Date.now() + 90 * 60_000).toISOString(),
    capacity: 5,
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const activityId = created.body.id;
  assert.equal((await resident.post(`/api/volunteer/activities/${activityId}/signup`)).status, 200);
  for (const step of ['checkin', 'checkout']) {
    const { code } = await leader.get<{ code: string }>(`/api/volunteer/activities/${activityId}/code`);
    const r = await resident.post(`/api/volunteer/activities/${activityId}/${step}`, { code });
    assert.equal(r.status, 200, JSON.stringify(r.body));
  }

  await flow(page, 'points-admin-hours', async () => {
    await page.goto(`${server.baseUrl}/admin/volunteer/activities`);
    await page.getByPlaceholder('搜索活动').fill(activityTitle);
    await page.getByPlaceholder('搜索活动').press('Enter');
    await page.locator('tr', { hasText: activityTitle }).click();
    await page.waitForURL(new RegExp(`/admin/volunteer/activities/${activityId}$`));
    const signup = page.getByTestId('signups').locator('tr', { hasText: '陈建华' });
    await signup.getByText('已签退').waitFor();
    await settled(page);
    await screenshot(page, 'admin-volunteer-activity');
    await signup.getByRole('button', { name: '认定时长' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('认定时长（分钟）').fill('60');
    await dialog.getByRole('button', { name: '认定时长' }).click();
    await page.getByText('已认定 1 小时，积分将自动发放').waitFor();
    await signup.getByText('时长已认定').waitFor();
  });

  await flow(page, 'points-admin-overview', async () => {
    await page.goto(`${server.baseUrl}/admin/points`);
    const overview = page.getByTestId('points-overview');
    await overview.getByText('发放积分').waitFor();
    // Both charts draw on a canvas.
    await page.locator('[role=img][aria-label="按月发放与核销"] canvas').waitFor();
    await page.locator('[role=img][aria-label="各队志愿时长（小时）"] canvas').waitFor();
    await overview.getByText('1 小时').first().waitFor();
    await chartsDrawn(page, overview);
    await settled(page);
    await screenshot(page, 'admin-points-overview', true);
  });

  await flow(page, 'points-admin-more', async () => {
    await page.goto(`${server.baseUrl}/admin/points/merchants`);
    await page
      .locator('tr', { hasText: '晨光文具' })
      .getByRole('button', { name: /^查\s*看$/ })
      .click();
    await page.getByTestId('merchant-drawer').getByText('¥10.00').first().waitFor();
    await settled(page);
    await screenshot(page, 'admin-points-merchant');
    await page.goto(`${server.baseUrl}/admin/points/honours`);
    await page.getByText('积分排行').first().waitFor();
    await page.locator('tr', { hasText: '陈建华' }).first().waitFor();
    await settled(page);
    await screenshot(page, 'admin-points-honours');
    await page.goto(`${server.baseUrl}/admin/volunteer/projects`);
    await page.locator('tr', { hasText: '老旧小区加装电梯协调' }).waitFor();
    await settled(page);
    await screenshot(page, 'admin-volunteer-projects');
  });
  assert.deepEqual(errors, []);
});
