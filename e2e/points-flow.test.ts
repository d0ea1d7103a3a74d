import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flow, serverAndBrowser, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
import { poll, settled } from './support/wait.ts';
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

/** A call to the API in the page's session (its cookie, and the CSRF token of /api/auth/me). */
async function apiAs<T>(page: Page, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const me = await page.request.get(`${server.baseUrl}/api/auth/me`);
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const response = await page.request.fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'x-csrf-token': csrfToken },
    ...(body !== undefined ? { data: body } : {}),
  });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The rotating code on the leader's screen, as it is now. */
async function leaderCode(leader: Page): Promise<string> {
  const code = leader.getByTestId('checkin-code');
  await leader.waitForFunction(() =>
    /^\d{6}$/.test(document.querySelector('[data-testid=checkin-code]')?.getAttribute('data-code') ?? ''),
  );
  return (await code.getAttribute('data-code'))!;
}

/** Waits for any toast to go, so the next screenshot shows the screen itself. */
async function toastGone(page: Page) {
  await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
}

test('a volunteer earns points for approved hours, exchanges them for a voucher, and the merchant redeems it once', async () => {
  const volunteer = await newPage(browser, { viewport: PHONE, mobile: true });
  const leader = await newPage(browser, { viewport: PHONE, mobile: true });
  const merchant = await newPage(browser, { viewport: PHONE, mobile: true });
  const title = `楼道清理 e2e ${Date.now() % 100000}`;
  let activityId = 0;
  let startBalance = 0;
  let voucherCode = '';

  await flow(leader.page, 'points-flow-leader-setup', async () => {
    // The leader of 暖宝 announces an activity that began a little while ago.
    await loginToH5(leader.page, server.baseUrl, 'grid_datieguan_01');
    const teams = await apiAs<{ items: { id: number; name: string }[] }>(leader.page, 'GET', '/api/volunteer/teams');
    const team = teams.items.find((t) => t.name === '暖宝');
    assert.ok(team, '暖宝 is in the demo data');
    const now = Date.now();
    const activity = await apiAs<{ id: number }>(leader.page, 'POST', '/api/volunteer/activities', {
      teamId: team.id,
      title,
      description: '清理 1 幢楼道堆放的杂物，保持消防通道畅通。',
      place: '打铁关小区 1 幢',
      startsAt: new Date(now - 15 * 60_000).toISOString(),
      endsAt: new Date(now + 3 * 3_600_000).toISOString(),
      capacity: 8,
    });
    activityId = activity.id;
  });

  await flow(volunteer.page, 'points-flow-signup', async () => {
    const page = volunteer.page;
    await loginToH5(page, server.baseUrl, 'resident_demo');
    // The 积分 tab: balance, the ways to spend and earn.
    await page.locator('.h5-tabbar').getByText('积分', { exact: true }).click();
    await page.waitForURL(/\/h5\/points$/);
    await page.waitForFunction(() =>
      /^\d+$/.test(document.querySelector('[data-testid=points-balance]')?.textContent?.trim() ?? ''),
    );
    startBalance = Number(await page.getByTestId('points-balance').innerText());
    assert.ok(startBalance >= 100, `the demo resident has points to spend (${startBalance})`);
    await page.locator('.h5-mini-activity').first().waitFor();
    await screenshot(page, 'h5-points-home');

    // 志愿活动 → the new activity → sign up.
    await page.getByTestId('points-entry-activities').click();
    await page.waitForURL(/\/h5\/volunteer$/);
    const card = page.getByTestId(`activity-${activityId}`);
    await card.waitFor();
    assert.match(await card.innerText(), new RegExp(title));
    await screenshot(page, 'h5-volunteer-activities');
    await card.click();
    await page.getByTestId('activity').waitFor();
    await page.getByRole('button', { name: '我要报名' }).click();
    await page.locator('[data-testid=activity][data-signup=signed_up]').waitFor();
    await toastGone(page);
    await screenshot(page, 'h5-activity-signed-up');
  });

  await flow(leader.page, 'points-flow-leader-code', async () => {
    const page = leader.page;
    await page.goto(`${server.baseUrl}/h5/volunteer/activities/${activityId}`);
    await page.getByTestId('checkin-code-card').waitFor();
    await leaderCode(page);
    // The sign-up shows up on the leader's page by itself (it looks again every few seconds).
    await page.getByTestId('signup-居民 陈建华').waitFor({ timeout: 15_000 });
    await screenshot(page, 'h5-leader-code', true);
  });

  await flow(volunteer.page, 'points-flow-check-in-out', async () => {
    const page = volunteer.page;
    for (const [button, status] of [
      ['签到', 'checked_in'],
      ['签退', 'checked_out'],
    ] as const) {
      await page.getByTestId('my-part').getByRole('button', { name: button, exact: true }).click();
      const sheet = page.getByTestId('check-sheet');
      await sheet.waitFor();
      await sheet.getByRole('textbox', { name: '签到码' }).fill(await leaderCode(leader.page));
      if (status === 'checked_in') await screenshot(page, 'h5-check-in-sheet');
      await page.getByTestId('check-submit').click();
      await page.locator(`[data-testid=activity][data-signup=${status}]`).waitFor();
      await sheet.waitFor({ state: 'detached' });
    }
    await toastGone(page);
    assert.match(await page.getByTestId('my-part').innerText(), /已签退[\s\S]*等待领队认定时长/);
    await screenshot(page, 'h5-activity-checked-out');
  });

  await flow(leader.page, 'points-flow-approve', async () => {
    const page = leader.page;
    const row = page.locator('[data-testid="signup-居民 陈建华"][data-status=checked_out]');
    await row.waitFor({ timeout: 15_000 });
    await row.getByRole('button', { name: '认定时长' }).click();
    const sheet = page.getByTestId('decide-sheet');
    await sheet.waitFor();
    // Prefilled with the measured time (under a minute here); the leader credits an hour.
    assert.equal(await sheet.locator('.adm-stepper input').inputValue(), '0');
    await sheet.locator('.adm-stepper input').fill('60');
    await sheet.locator('.adm-stepper input').blur();
    assert.match(await sheet.innerText(), /1 小时/);
    await screenshot(page, 'h5-leader-approve');
    await page.getByTestId('approve-hours').click();
    await page.locator('[data-testid="signup-居民 陈建华"][data-status=approved]').waitFor();
    await sheet.waitFor({ state: 'detached' });
    await toastGone(page);
    assert.match(await page.getByTestId('signup-居民 陈建华').innerText(), /认定 1 小时/);
    await screenshot(page, 'h5-leader-approved', true);
  });

  await flow(volunteer.page, 'points-flow-points-arrive', async () => {
    const page = volunteer.page;
    // Approved hours become points through a background event: 1 hour at 10 points an hour.
    const expected = String(startBalance + 10);
    await poll(
      async () => (await apiAs<{ balance: number }>(page, 'GET', '/api/points/me')).balance === startBalance + 10,
      {
        timeout: 20_000,
        message: `the balance becomes ${expected}`,
      },
    );
    await page.goto(`${server.baseUrl}/h5/points/statement`);
    await page.getByTestId('statement-balance').waitFor();
    await page.waitForFunction(() =>
      /^\d+$/.test(document.querySelector('[data-testid=statement-balance]')?.textContent?.trim() ?? ''),
    );
    assert.equal(await page.getByTestId('statement-balance').innerText(), expected);
    const first = page.getByTestId('statement-line').first();
    assert.match(await first.innerText(), new RegExp(`${title}（60 分钟）[\\s\\S]*\\+10[\\s\\S]*余额 ${expected}`));
    await screenshot(page, 'h5-points-statement');
  });

  await flow(volunteer.page, 'points-flow-exchange', async () => {
    const page = volunteer.page;
    await page.goto(`${server.baseUrl}/h5/points/mall`);
    const item = page.getByTestId('item-10 元代金券');
    await item.waitFor();
    await page.waitForFunction(() =>
      /^\d+$/.test(document.querySelector('[data-testid=mall-balance]')?.textContent?.trim() ?? ''),
    );
    await screenshot(page, 'h5-points-mall');
    await item.getByRole('button', { name: '兑换' }).click();
    const sheet = page.getByTestId('exchange-sheet');
    await sheet.waitFor();
    assert.match(
      await sheet.innerText(),
      new RegExp(`10 元代金券[\\s\\S]*100 积分[\\s\\S]*${startBalance + 10 - 100}`),
    );
    await settled(page, sheet); // the sheet slides up
    await screenshot(page, 'h5-exchange-confirm');
    // A double tap spends once: the button is busy after the first, and both carry one key.
    await page.getByTestId('exchange-confirm').dblclick();
    await page.waitForURL(/\/h5\/points\/vouchers\/\d+$/);
    const voucher = page.getByTestId('voucher');
    await voucher.waitFor();
    assert.equal(await voucher.getAttribute('data-status'), 'held');
    await page.getByTestId('voucher-qr').locator('img').waitFor();
    voucherCode = (await page.getByTestId('voucher-code').getAttribute('data-code'))!;
    assert.match(voucherCode, /^[2-9A-HJKMNP-Z]{8}$/);
    assert.match(
      await page.getByTestId('voucher-code').innerText(),
      new RegExp(`${voucherCode.slice(0, 4)} ${voucherCode.slice(4)}`),
    );
    await toastGone(page);
    await screenshot(page, 'h5-voucher', true);

    const account = await apiAs<{ balance: number; held: number }>(page, 'GET', '/api/points/me');
    assert.deepEqual(
      { balance: account.balance, held: account.held },
      { balance: startBalance + 10 - 100, held: 100 },
      'spent once, held until redeemed',
    );
    const vouchers = await apiAs<{ items: unknown[] }>(page, 'GET', '/api/points/vouchers');
    assert.equal(vouchers.items.length, 1, 'one voucher for the double tap');
  });

  await flow(merchant.page, 'points-flow-redeem', async () => {
    const page = merchant.page;
    // A merchant signs in to their work: redemption.
    await loginToH5(page, server.baseUrl, 'merchant_demo', '[data-testid=redeem-submit]');
    await page.waitForURL(/\/h5\/merchant$/);
    await page.getByLabel('核销代金券').fill(voucherCode.toLowerCase()); // typed as it comes
    await page.getByTestId('redeem-submit').click();
    const success = page.getByTestId('redeem-success');
    await success.waitFor();
    assert.match(await success.innerText(), /核销成功[\s\S]*10 元代金券[\s\S]*¥10\.00[\s\S]*100 积分/);
    await page.getByTestId('settle-count').filter({ hasText: '1' }).waitFor();
    await screenshot(page, 'h5-merchant-redeemed', true);

    // The same code a second time is refused, in words.
    await page.getByLabel('核销代金券').fill(voucherCode);
    await page.getByTestId('redeem-submit').click();
    const refused = page.getByTestId('redeem-refused');
    await refused.waitFor();
    assert.match(await refused.innerText(), /核销失败[\s\S]*该代金券已核销，不能重复使用/);
    assert.doesNotMatch(await refused.innerText(), /redeemed/, 'no internal reason code on screen');
    assert.equal(await page.getByTestId('redeem-success').count(), 0);
    await screenshot(page, 'h5-merchant-refused');
  });

  await flow(volunteer.page, 'points-flow-voucher-used', async () => {
    // The holder's voucher page shows the redemption by itself.
    const page = volunteer.page;
    await page.locator('[data-testid=voucher][data-status=redeemed]').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('voucher-status').innerText(), /已核销/);
    await screenshot(page, 'h5-voucher-redeemed');
    const account = await apiAs<{ balance: number; held: number }>(page, 'GET', '/api/points/me');
    assert.equal(account.held, 0, 'the held points went to the merchant');
  });

  assert.deepEqual(volunteer.errors, []);
  assert.deepEqual(leader.errors, []);
  assert.deepEqual(merchant.errors, []);
});
