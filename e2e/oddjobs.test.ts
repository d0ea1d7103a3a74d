import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
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
import { settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Tomorrow in China time, 'YYYY-MM-DD', from the real clock: the test does not depend on the day. */
function tomorrow(): string {
  return new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
}

/** A call of the signed-in page's own session (the CSRF token from /api/auth/me). */
async function call(page: Page, method: 'GET' | 'POST', path: string, body?: unknown) {
  const me = (await (await page.request.get(`${server.baseUrl}/api/auth/me`)).json()) as { csrfToken: string };
  const res = await page.request.fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'x-csrf-token': me.csrfToken, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { data: JSON.stringify(body) }),
  });
  return { status: res.status(), json: (await res.json()) as any };
}

async function fillPosting(page: Page, title: string, wage: string) {
  await page.getByTestId('posting-title').locator('input').fill(title);
  await page.getByTestId('posting-description').locator('input').fill('仓库卸货搬运，包午餐，当天结清');
  await page.getByTestId('posting-wage').locator('input').fill(wage);
  await page.getByTestId('posting-skills').locator('input').fill('搬运');
  await page.getByTestId('posting-place').locator('input').fill('打铁关物流仓');
  await page.getByTestId('posting-starts').locator('input').fill(`${tomorrow()}T08:00`);
  await page.getByTestId('posting-ends').locator('input').fill(`${tomorrow()}T17:00`);
  // The work site is where the employer's phone is.
  await page.getByTestId('spot-located').waitFor();
  await page.getByTestId('posting-publish').click();
}

test('零工市场: verified employer posts a day job; the matched seeker is told, hired, scans in and out, is paid; a low wage is refused; unpaid → rights in one tap', async () => {
  const employer = await newPage(browser, {
    viewport: PHONE,
    mobile: true,
    // At the warehouse: the seekers' home street is near it.
    geolocation: { latitude: 30.2741, longitude: 120.1551 },
  });
  const seeker = await newPage(browser, {
    viewport: PHONE,
    mobile: true,
    geolocation: { latitude: 30.2741, longitude: 120.1551 },
  });
  const staff = await newPage(browser, { viewport: DESKTOP });
  const e = employer.page;
  const s = seeker.page;
  await flow(e, 'oddjobs', async () => {
    // The employer registers with a credit code; the seeker fills in a profile.
    await loginToH5(e, server.baseUrl, 'resident_demo');
    await e.goto(`${server.baseUrl}/h5/oddjobs/employer`);
    await e.getByTestId('employer-name').locator('input').fill('杭州打铁关物流有限公司');
    await e.getByTestId('employer-code').locator('input').fill('91350100M000100Y43');
    await e.getByTestId('employer-contact').locator('input').fill('陈建华');
    await e.getByTestId('employer-phone').locator('input').fill('13800000008');
    await e.getByTestId('employer-register').click();
    await e.getByTestId('employer-status').getByText('待社区审核').waitFor();
    await settled(e);
    await screenshot(e, 'oddjobs-employer-pending', true);

    await loginToH5(s, server.baseUrl, 'courier_demo');
    await s.goto(`${server.baseUrl}/h5/oddjobs`);
    await s.getByTestId('seeker-skills').locator('input').fill('搬运, 保洁');
    await s.getByTestId('seeker-expected').locator('input').fill('25');
    await s.getByTestId('spot-located').waitFor();
    await s.getByTestId('seeker-save').click();
    await s.getByText('附近暂时没有合适的活').waitFor();

    // Staff approve the employer in the console.
    await loginToAdmin(staff.page, server.baseUrl, 'community_datieguan');
    await staff.page.goto(`${server.baseUrl}/admin/oddjobs`);
    const approve = staff.page.locator('[data-testid^="approve-"]');
    await approve.click();
    await staff.page.locator('[data-testid^="employer-status-"]').getByText('已审核通过').waitFor();
    await settled(staff.page);
    await screenshot(staff.page, 'oddjobs-admin-approved');

    // A day job at 300 yuan a day; the seeker nearby with the skill is told at once.
    await e.reload();
    await e.getByTestId('employer-status').getByText('已审核通过').waitFor();
    await fillPosting(e, '仓库搬运（日结）', '300');
    await e.getByText('已发布，已通知 1 位合适的求职者').waitFor();
    const told = await call(s, 'GET', '/api/notifications');
    assert.match(JSON.stringify(told.json), /附近有适合您的零工：仓库搬运（日结）/);

    // The seeker sees why it suits them, and applies.
    await s.reload();
    const why = s.getByTestId('oddjob-why').first();
    await why.getByText('技能对口：搬运', { exact: false }).waitFor();
    await settled(s);
    await screenshot(s, 'oddjobs-seeker-matches', true);
    await s.locator('[data-testid^="apply-"]').first().click();
    await s.getByTestId('application-status').getByText('已报名').waitFor();

    // The employer hires, and shows the check-in code at the site; the seeker scans it.
    await e.reload();
    await e.locator('[data-testid^="hire-"]').first().click();
    await e.getByText('已录用 1/1').waitFor();
    await e.getByTestId('show-in').first().click();
    await e.getByTestId('oddjob-qr').waitFor();
    await settled(e);
    await screenshot(e, 'oddjobs-employer-qr', true);
    const inCode = await e.getByTestId('oddjob-qr-token').getAttribute('data-token');
    await s.reload();
    await s.getByTestId('scan-code').locator('input').fill(inCode!);
    await s.getByTestId('check-in').click();
    await s.getByTestId('application-status').getByText('已签到').waitFor();
    await e.getByTestId('show-out').first().click();
    await e.waitForFunction(
      (old) => document.querySelector('[data-testid="oddjob-qr-token"]')?.getAttribute('data-token') !== old,
      inCode,
    );
    const outCode = await e.getByTestId('oddjob-qr-token').getAttribute('data-token');
    await s.getByTestId('scan-code').locator('input').fill(outCode!);
    await s.getByTestId('check-out').click();
    await s.getByText('应得 300 元').waitFor();

    // Both confirm the pay: settled.
    await e.reload();
    await e.locator('[data-testid^="employer-pay-"]').first().click();
    await e.locator('[data-testid^="employer-pay-"]').waitFor({ state: 'detached' });
    await s.reload();
    await s.getByTestId('confirm-pay').click();
    await s.getByTestId('application-status').getByText('工钱已结清').waitFor();
    await settled(s);
    await screenshot(s, 'oddjobs-seeker-paid', true);

    // A second posting at 100 yuan a day is below 杭州's minimum: refused with the reason.
    await e.reload();
    await fillPosting(e, '临时搬运', '100');
    await e.getByText('低于杭州市最低工资标准', { exact: false }).waitFor();
    await settled(e);
    await screenshot(e, 'oddjobs-employer-below-minimum');

    // Another job the seeker is not paid for: one tap opens a rights case, prefilled.
    await e.reload();
    await fillPosting(e, '仓库夜班搬运', '320');
    await e.getByText('已发布，已通知 1 位合适的求职者').waitFor();
    await s.reload();
    await s.locator('[data-testid^="apply-"]').first().click();
    await s.getByTestId('application-status').getByText('已报名').first().waitFor();
    const mine = (await call(s, 'GET', '/api/oddjobs/applications/mine')).json.items as Array<{
      id: number;
      posting: { id: number };
    }>;
    const job = mine[0]!;
    assert.equal((await call(e, 'POST', `/api/oddjobs/applications/${job.id}/decide`, { action: 'hire' })).status, 200);
    const qrIn = (await call(e, 'GET', `/api/oddjobs/postings/${job.posting.id}/qr?purpose=in`)).json.token;
    await s.reload();
    const card = s.getByTestId(`oddjob-application-${job.id}`);
    await card.getByTestId('scan-code').locator('input').fill(qrIn);
    await card.getByTestId('check-in').click();
    await card.getByTestId('application-status').getByText('已签到').waitFor();
    await card.getByTestId('unpaid').click();
    await s.waitForURL(/\/h5\/rights\/mine/);
    await s.getByTestId('rights-routed').first().waitFor();
    await s.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await settled(s);
    await screenshot(s, 'oddjobs-unpaid-rights', true);
    const cases = (await call(s, 'GET', '/api/rights/cases/mine')).json.items as Array<any>;
    assert.equal(cases[0].source, 'odd_job');
    assert.equal(cases[0].employerName, '杭州打铁关物流有限公司');
    assert.equal(cases[0].claimFen, 32_000);
    assert.equal(cases[0].sourceRef.postingId, job.posting.id);
    assert.match(cases[0].summary, /仓库夜班搬运.*扫码签到.*应得 320 元，未拿到工钱/);
  });
  assert.deepEqual(employer.errors, []);
  assert.deepEqual(seeker.errors, []);
  assert.deepEqual(staff.errors, []);
});
