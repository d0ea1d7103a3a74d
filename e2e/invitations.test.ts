import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { type ApiClient, apiAs } from './support/api.ts';
import { DESKTOP, flow, serverAndBrowser, loginToAdmin, newPage, PHONE, screenshot } from './support/browser.ts';
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

/** A resident identity number with its GB 11643 check character (ISO 7064 MOD 11-2). */
function withIdCheckDigit(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((total, digit, i) => total + Number(digit) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}

/** The newest code the log provider "sent" to a phone, read on the administrators' outbox. */
function codeSentTo(admin: ApiClient, phone: string): Promise<string> {
  const masked = `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return poll(
    async () => {
      const { items } = await admin.get<{ items: { phone: string; text: string }[] }>('/api/messages/outbox');
      return items
        .filter((m) => m.phone === masked)
        .map((m) => /验证码为(\d{6})/.exec(m.text)?.[1])
        .find(Boolean);
    },
    { message: `a code sent to ${masked}` },
  );
}

/** Nothing on the screen is wider than the phone, and no string is shown by its key. */
async function fitsAndReads(page: Page, screen: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${screen}: ${width} px wide on a ${PHONE.width} px phone`);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /invitations\.|phoneAccount\.|common\./, `${screen}: a raw i18n key`);
}

test('staff register a resident on the spot and print the invitation; the resident signs up by phone from its link and is bound', async () => {
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const community = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const { items: communities } = await community.get<{ items: { id: number; name: string }[] }>(
    `/api/auth/communities?q=${encodeURIComponent('打铁关')}`,
  );
  const datieguan = communities.find((c) => c.name === '打铁关社区')!;
  const name = '郑雅琴';
  const registered = await community.post<{ id: number }>('/api/org/persons', {
    communityId: datieguan.id,
    name,
    idNumber: withIdCheckDigit('33010519620304008'),
  });
  assert.equal(registered.status, 201, JSON.stringify(registered.body));

  // The community's staff, at the desk: the person's drawer, 发放邀请码, the card and its print.
  const { page: desk } = await newPage(browser, { viewport: DESKTOP });
  let code = '';
  await flow(desk, 'invitation-issue', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await desk.goto(`${server.baseUrl}/admin/persons?q=${encodeURIComponent(name)}`);
    await desk.locator('.ant-table-row').first().locator('td').first().locator('a').click();
    const drawer = desk.getByRole('dialog');
    await drawer.getByTestId('issue-invitation-person').click();
    const modal = desk.locator('.ant-modal').filter({ hasText: '发放邀请码（代办注册）' });
    await modal.getByText(/重新生成会使之前未使用的邀请码失效/).waitFor();
    await modal.getByTestId('generate-invitation').click();
    const card = desk.getByTestId('invitation-card');
    await card.waitFor();
    await card.getByTestId('invitation-qr').locator('img').waitFor();
    code = (await card.getByTestId('invitation-code').innerText()).replace(/\s/g, '');
    assert.match(code, /^[A-HJ-NP-Z2-9]{8}$/);
    const text = await card.innerText();
    assert.match(text, /共治居民邀请函/);
    assert.match(text, /打铁关社区/);
    assert.match(text, /郑\*琴/, 'the name masked on paper');
    assert.doesNotMatch(text, /郑雅琴/);
    assert.match(text, /有效期至/);
    assert.match(text, /输入邀请码，完成实名绑定/);
    await settled(desk, desk.getByRole('dialog', { name: '邀请码已生成' }));
    await screenshot(desk, 'invitation-issued');

    // On paper: only the card.
    await desk.emulateMedia({ media: 'print' });
    assert.ok(!(await desk.getByRole('dialog', { name: '邀请码已生成' }).isVisible()), 'the console does not print');
    const printed = desk.getByTestId('invitation-print');
    assert.ok(await printed.isVisible());
    assert.equal((await printed.getByTestId('invitation-code').innerText()).replace(/\s/g, ''), code);
    await screenshot(desk, 'invitation-print');
    await desk.emulateMedia({ media: 'screen' });
    await desk.getByRole('button', { name: /^完\s*成$/ }).click();

    // The list of codes: this one is open.
    await desk.goto(`${server.baseUrl}/admin/invitations`);
    const row = desk.locator('.ant-table-row').filter({ hasText: '郑*琴' });
    await row.getByText('可使用').waitFor();
    await settled(desk);
    await screenshot(desk, 'invitations-list');
  });

  // The resident, at home with the printed card: the QR's link on a phone new to the app.
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  const phone = '13700007788';
  await flow(page, 'invitation-join', async () => {
    await page.goto(`${server.baseUrl}/h5/join?code=${code}`);
    await page.waitForURL(/\/h5\/login\?next=/);
    await page.getByRole('tab', { name: '验证码登录' }).click();
    await page.getByPlaceholder('请输入手机号').fill(phone);
    await page.getByTestId('send-code').click();
    await page.getByPlaceholder('6 位数字').fill(await codeSentTo(admin, phone));
    await page
      .getByRole('button', { name: /^登\s*录$/ })
      .last()
      .click();

    // A new number chooses where it lives; the invitation will move it to the person's community.
    const step = page.getByTestId('community-step');
    await step.waitFor();
    await page.getByPlaceholder('搜索社区名称').fill('京都苑');
    await step.locator('.adm-check-list-item').filter({ hasText: '京都苑社区' }).click();
    await page.getByRole('button', { name: '确认并登录' }).click();
    await page.getByTestId('signup-welcome').waitFor();
    await page.getByTestId('continue-join').click();

    await page.waitForURL(/\/h5\/join\?code=/);
    const join = page.getByTestId('join-page');
    await join.waitFor();
    assert.equal(await page.getByTestId('join-code').locator('input').inputValue(), code, 'the code from the link');
    await fitsAndReads(page, 'join');
    await screenshot(page, 'h5-join');

    // The same page from 实名认证's 「我有邀请码」, typing the code off the card.
    await page.goto(`${server.baseUrl}/h5/me/verify`);
    const entry = page.getByTestId('invitation-entry');
    await entry.waitFor();
    await fitsAndReads(page, 'verify with the entry');
    await screenshot(page, 'h5-verify-invitation-entry', true);
    await entry.getByRole('button', { name: '我有邀请码' }).click();
    await page.waitForURL(/\/h5\/join$/);
    await page
      .getByTestId('join-code')
      .locator('input')
      .fill(`${code.slice(0, 4).toLowerCase()} ${code.slice(4)}`);
    await page.getByRole('button', { name: '确认使用' }).click();

    const done = page.getByTestId('join-done');
    await done.getByText('已绑定为打铁关社区居民').waitFor();
    assert.match(await done.innerText(), /郑雅琴/);
    await fitsAndReads(page, 'joined');
    await screenshot(page, 'h5-join-done');

    const me = await page.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
    assert.equal(me.personId, registered.body.id, 'bound to the registered person');
    assert.deepEqual(
      me.roles.map((r: { role: string; divisionId: number }) => [r.role, r.divisionId]),
      [['resident', datieguan.id]],
      'a resident of 打铁关 now',
    );
    assert.equal(me.displayName, name);

    // 实名认证 says so.
    await page.goto(`${server.baseUrl}/h5/me/verify`);
    await page.getByTestId('verified').waitFor();
  });
  assert.deepEqual(errors, []);

  // The code is spent.
  const { items } = await community.get<{ items: { targetId: number; status: string }[] }>(
    `/api/auth/invitations?kind=person&targetId=${registered.body.id}`,
  );
  assert.deepEqual(
    items.map((i) => i.status),
    ['used'],
  );
});

test('a mobile grid’s 骑手入网码 and a merchant’s 商户绑定码 are issued from the grid and the merchant', async () => {
  const community = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const tree = await community.get<{ grids: { id: number; name: string }[] }>('/api/org/tree');
  const grid = tree.grids.find((g) => g.name === '文晖骑手流动网格')!;
  const { items: communities } = await community.get<{ items: { id: number; name: string }[] }>(
    `/api/auth/communities?q=${encodeURIComponent('打铁关')}`,
  );
  const merchant = await community.post<{ id: number }>('/api/points/merchants', {
    communityId: communities.find((c) => c.name === '打铁关社区')!.id,
    name: '打铁关便民早餐铺',
    address: '打铁关路 22 号',
    phone: '0571-88000022',
  });
  assert.equal(merchant.status, 201, JSON.stringify(merchant.body));

  const { page, errors } = await newPage(browser, { viewport: DESKTOP });
  await flow(page, 'invitation-grid-merchant', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await page.goto(`${server.baseUrl}/admin/org?node=g-${grid.id}`);
    await page.getByTestId('issue-invitation-mobile_grid').click();
    const dialog = page.getByRole('dialog', { name: '骑手入网码' });
    await dialog.getByText('可加入人数').waitFor();
    await dialog.locator('input').fill('50');
    await dialog.getByTestId('generate-invitation').click();
    const card = page.getByTestId('invitation-card');
    await card.getByText('流动网格入网邀请').waitFor();
    assert.match(await card.innerText(), /欢迎加入文晖骑手流动网格/);
    await card.getByTestId('invitation-qr').locator('img').waitFor();
    await settled(page, page.getByRole('dialog', { name: '邀请码已生成' }));
    await screenshot(page, 'invitation-mobile-grid');
    await page.getByRole('button', { name: /^完\s*成$/ }).click();

    await page.goto(`${server.baseUrl}/admin/points/merchants`);
    const row = page.locator('.ant-table-row').filter({ hasText: '打铁关便民早餐铺' });
    await row.getByTestId('issue-invitation-merchant').click();
    await page.getByTestId('generate-invitation').click();
    await page.getByTestId('invitation-card').getByText('爱心商户绑定邀请').waitFor();
    await settled(page, page.getByRole('dialog', { name: '邀请码已生成' }));
    await screenshot(page, 'invitation-merchant');
    await page.getByRole('button', { name: /^完\s*成$/ }).click();

    await page.goto(`${server.baseUrl}/admin/invitations?kind=mobile_grid`);
    const listed = page.locator('.ant-table-row').filter({ hasText: '文晖骑手流动网格' });
    await listed.getByText('0 / 50').waitFor();
    await screenshot(page, 'invitations-list-grid');
  });
  assert.deepEqual(errors, []);
});
