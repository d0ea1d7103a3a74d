import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, PHONE, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { poll, settled } from './support/wait.ts';

/**
 * One's own account and the console pages that serve it: a resident asks for a code on the phone
 * and the community administrator reads it in 消息发件箱; signed up, the resident sets a first
 * password (no current one asked), signs another device out under 登录设备, asks for the account
 * to be deleted, withdraws and asks again; the administrator approves it in 注销申请 and the
 * account is gone. And 驿站值班: a grid worker put on duty at a station.
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

const PHONE_NUMBER = '13700004321';
const PASSWORD = 'Linxm2026ok';

/** Nothing on the screen is wider than the phone. */
async function fits(page: Page, screen: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${screen}: ${width} px wide on a ${PHONE.width} px phone`);
}

/** Confirms the antd-mobile dialog that is open with its button of that name. */
async function confirmDialog(page: Page, button: string) {
  const dialog = page.locator('.adm-dialog-body:visible');
  await settled(page, dialog);
  await dialog.getByRole('button', { name: button }).click();
  await page.locator('.adm-dialog-body').waitFor({ state: 'hidden' });
}

async function askForCode(page: Page) {
  await page.getByRole('tab', { name: '验证码登录' }).click();
  await page.getByPlaceholder('请输入手机号').fill(PHONE_NUMBER);
  await page.getByTestId('send-code').click();
}

test('the code in the outbox, a first password, devices, a deletion approved; a station duty roster', async () => {
  const { page: phone } = await newPage(browser, { viewport: PHONE, mobile: true });
  const { page: desk } = await newPage(browser);

  await flow(phone, 'self-service-code', async () => {
    await phone.goto(`${server.baseUrl}/h5/login`);
    // The language button stays inside the phone's width.
    const language = phone.getByRole('button', { name: 'English' });
    await settled(phone, language);
    const box = (await language.boundingBox())!;
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `the language button at ${box.x}+${box.width}`);
    await fits(phone, 'login');
    await screenshot(phone, 'self-service-h5-login');
    await askForCode(phone);
    await phone
      .getByTestId('send-code')
      .getByText(/\d+ 秒后重发/)
      .waitFor();
    // Asked again too soon after a reload: the button waits as long as the server says, not a fresh
    // minute. Asked at once, not after the console's part below, which a slow machine can stretch
    // past the minute (then a second code goes out and the wait is a fresh minute after all).
    // Two seconds of the countdown gone first, so the rest the server gives is below a minute.
    await poll(async () => Number(/(\d+) 秒后重发/.exec(await phone.getByTestId('send-code').innerText())?.[1]) <= 58, {
      message: 'the countdown under 59 s',
    });
    await phone.reload();
    await askForCode(phone);
    const wait = await poll(async () => {
      const text = await phone.getByTestId('send-code').innerText();
      return /(\d+) 秒后重发/.exec(text)?.[1];
    });
    assert.ok(Number(wait) < 60, `waits ${wait} s, the rest of the minute`);
  });

  let code = '';
  await flow(desk, 'self-service-outbox', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '消息发件箱');
    await desk.getByTestId('outbox-page').waitFor();
    await desk.getByRole('tab', { name: '开发环境预览' }).click();
    await desk.getByPlaceholder('手机号后四位或内容').fill('4321');
    await desk.getByPlaceholder('手机号后四位或内容').press('Enter');
    const row = desk.locator('.ant-table-row', { hasText: '137****4321' });
    await row.waitFor();
    assert.equal(await desk.locator('.ant-table-row').count(), 1, 'only the message to that number');
    code = /验证码为(\d{6})/.exec(await row.innerText())![1]!;
    assert.match(desk.url(), /q=4321/, 'the search is in the address');
    await screenshot(desk, 'self-service-outbox');
    // 发送记录 keeps every message's status. A sign-in code has no place, so a community's log leaves
    // it out; a temporary password sent by SMS to one of the community's accounts is in it, sent.
    const community = await apiAs(browser, server.baseUrl, 'community_datieguan');
    const worker = (await community.get<{ items: { id: number }[] }>('/api/auth/users?q=grid_datieguan_01')).items[0]!;
    const reset = await community.post(`/api/auth/users/${worker.id}/reset-password`, { via: 'sms' });
    assert.equal(reset.status, 200);
    await desk.getByRole('tab', { name: '发送记录' }).click();
    const log = desk.getByTestId('delivery-log');
    const sent = log.locator('.ant-table-row', { hasText: '临时密码' });
    // Sent by a background task: refreshed until the provider has taken it.
    await poll(
      async () => {
        if ((await sent.getByText('已发送').count()) > 0) return true;
        await log.getByRole('button', { name: /刷\s*新/ }).click();
        return false;
      },
      { interval: 500, message: 'the temporary password sent' },
    );
    assert.match(await sent.innerText(), /138\*{4}0004/);
    assert.equal(await log.locator('.ant-table-row', { hasText: '验证码' }).count(), 0, 'no sign-in code');
    await screenshot(desk, 'self-service-delivery-log');
  });

  await flow(phone, 'self-service-signup', async () => {
    await phone.getByPlaceholder('6 位数字').fill(code);
    await phone
      .getByRole('button', { name: /^登\s*录$/ })
      .last()
      .click();
    const step = phone.getByTestId('community-step');
    await phone.getByPlaceholder('搜索社区名称').fill('打铁关');
    await step.locator('.adm-check-list-item', { hasText: '打铁关社区' }).click();
    await phone.getByRole('button', { name: '确认并登录' }).click();
    await phone.getByTestId('signup-welcome').waitFor();
  });

  await flow(phone, 'self-service-password', async () => {
    await phone.goto(`${server.baseUrl}/h5/me`);
    await phone.getByText('设置密码', { exact: true }).click();
    await phone.waitForURL(/\/h5\/me\/password$/);
    assert.equal(await phone.getByText('当前密码').count(), 0, 'no current password to give');
    await phone.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await fits(phone, 'set password');
    await screenshot(phone, 'self-service-h5-set-password');
    const [password, confirm] = await phone.locator('input[autocomplete="new-password"]').all();
    await password!.fill(PASSWORD);
    await confirm!.fill(PASSWORD);
    await phone.getByRole('button', { name: '设置密码' }).click();
    await phone.waitForURL(/\/h5\/me$/);
    await phone.getByText('修改密码', { exact: true }).waitFor();
  });

  // The same account signed in on another device, with the password just set.
  const laptop = await browser.newContext({
    baseURL: server.baseUrl,
    userAgent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0',
  });
  const signedIn = await laptop.request.post('/api/auth/login', {
    data: { username: PHONE_NUMBER, password: PASSWORD },
  });
  assert.equal(signedIn.status(), 200, await signedIn.text());

  await flow(phone, 'self-service-devices', async () => {
    await phone.getByText('登录设备', { exact: true }).click();
    const devices = phone.getByTestId('device');
    await poll(async () => (await devices.count()) === 2, { message: 'two devices' });
    await devices.first().getByText('本机').waitFor();
    await devices.nth(1).getByText('Windows · Edge').waitFor();
    await phone.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await fits(phone, 'devices');
    await screenshot(phone, 'self-service-h5-devices');
    await devices.nth(1).getByRole('button', { name: '退出' }).click();
    await confirmDialog(phone, '退出');
    await poll(async () => (await devices.count()) === 1, { message: 'one device left' });
    assert.equal((await laptop.request.get('/api/auth/me')).status(), 401, 'the other device is signed out');
  });
  await laptop.close();

  await flow(phone, 'self-service-deletion', async () => {
    await phone.goto(`${server.baseUrl}/h5/me/delete`);
    const pageText = await phone.getByTestId('delete-account-page').innerText();
    assert.match(pageText, /工作人员审核/);
    assert.match(pageText, /已注销用户/);
    const submit = async (reason: string) => {
      await phone.getByPlaceholder('例如：搬离本社区').fill(reason);
      await phone.getByRole('button', { name: '申请注销' }).click();
      await confirmDialog(phone, '申请注销');
      await phone.getByTestId('deletion-pending').waitFor();
    };
    await fits(phone, 'deletion');
    await screenshot(phone, 'self-service-h5-deletion-form');
    await submit('试一试');
    await phone.getByRole('button', { name: '撤回申请' }).click();
    await confirmDialog(phone, '撤回申请');
    await phone.getByRole('button', { name: '申请注销' }).waitFor();
    await submit('搬离本社区');
    await phone.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(phone, 'self-service-h5-deletion-pending');
  });

  await flow(desk, 'self-service-approve', async () => {
    await openNav(desk, '注销申请');
    const row = desk.locator('.ant-table-row', { hasText: '137****4321' });
    await row.getByText('搬离本社区').waitFor();
    assert.equal(await desk.locator('.ant-table-row', { hasText: '试一试' }).count(), 0, 'the withdrawn one is gone');
    await row.getByRole('button', { name: '批准并匿名化' }).click();
    const dialog = desk.locator('.ant-modal-confirm:visible');
    await settled(desk, dialog);
    assert.match(await dialog.innerText(), /匿名化[\s\S]*不可撤销/, 'the dialog says what approving does');
    await screenshot(desk, 'self-service-approve-dialog');
    await dialog.getByRole('button', { name: '批准并匿名化' }).click();
    await row.waitFor({ state: 'detached' });
  });

  await flow(phone, 'self-service-anonymised', async () => {
    // Signed out at once, and the number and password open nothing.
    await phone.reload();
    await phone.waitForURL(/\/h5\/login/);
    const again = await phone.request.post(`${server.baseUrl}/api/auth/login`, {
      data: { username: PHONE_NUMBER, password: PASSWORD },
    });
    assert.equal(again.status(), 401);
  });

  await flow(desk, 'self-service-duty', async () => {
    await openNav(desk, '服务站点');
    const station = desk.locator('.ant-table-row', { hasText: '打铁关社区暖心驿站' });
    await station.getByRole('button', { name: '值班' }).click();
    const drawer = desk.getByTestId('station-duty');
    await drawer.getByText('还没有排班').waitFor();
    await drawer.getByTestId('duty-staff').click();
    await desk.keyboard.type('李婷');
    const option = desk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '网格员 李婷' });
    await settled(desk, option);
    await option.click();
    // Tomorrow, 09:00 to 17:00 local time.
    const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
    const [from, to] = await drawer.locator('.ant-picker-range input').all();
    const ok = desk.locator('.ant-picker-dropdown:visible .ant-picker-ok button');
    await from!.click();
    await from!.fill(`${tomorrow} 09:00`);
    await ok.click();
    await to!.fill(`${tomorrow} 17:00`);
    await ok.click();
    // On a slow machine the second OK can land while the panel still shows the start (seen once in CI),
    // or the end typed while the panel moved to it is lost (seen under load): the panel then stays open
    // over the form, so type the end again where it is empty and confirm until it closes.
    const panel = desk.locator('.ant-picker-dropdown:visible');
    for (let attempt = 0; attempt < 3 && (await panel.count()) > 0; attempt++) {
      if ((await to!.inputValue()) !== `${tomorrow} 17:00`) {
        await to!.click({ timeout: 2_000 }).catch(() => undefined);
        await to!.fill(`${tomorrow} 17:00`, { timeout: 2_000 }).catch(() => undefined);
      }
      await ok.click({ timeout: 2_000 }).catch(() => undefined);
      await panel.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
    }
    await panel.waitFor({ state: 'hidden' });
    await drawer.getByRole('button', { name: '添加排班' }).click();
    const entry = drawer.locator('.ant-table-row', { hasText: '网格员 李婷' });
    await entry.getByText(`${tomorrow} 09:00 – ${tomorrow} 17:00`).waitFor();
    await settled(desk, drawer);
    await screenshot(desk, 'self-service-duty');
  });
});
