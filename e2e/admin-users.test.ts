import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, PHONE, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { poll, settled } from './support/wait.ts';

/**
 * 用户管理: a community administrator opens an account for a grid worker and hands over the
 * one-time password; the worker changes it before anything else and lands in the console; the
 * administrator deactivates the account and its session ends. And the first start: the setup
 * link makes the district and its first administrator.
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

const WORKER = {
  name: '王小网',
  username: 'wang.xiaowang',
  phone: '13900001234',
  password: 'Wangxw2026ok',
  password2: 'Wangxw2026again',
};
let oneTimePassword = '';

/** Picks an option once its dropdown has stopped moving (a click during the zoom-in can be lost). */
async function pickOption(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await settled(page, option);
  await option.click();
}

/** Clicks the confirming button of the pop-up confirmation that is open. */
async function confirmPopup(page: Page, button: RegExp) {
  const confirm = page.locator('.ant-popconfirm:visible');
  await confirm.waitFor();
  await settled(page, confirm);
  await confirm.getByRole('button', { name: button }).click();
}

async function closeDrawer(page: Page) {
  await page.locator('.ant-drawer-content-wrapper:visible .ant-drawer-close').click();
  await page.locator('.ant-drawer-content-wrapper:visible').waitFor({ state: 'hidden' });
}

async function signOut(page: Page) {
  await page.getByLabel('用户菜单').click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL(/\/admin\/login/);
}

async function signIn(page: Page, username: string, password: string) {
  await page.getByLabel('用户名 / 手机号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

test('a community admin opens an account for a grid worker, who changes the one-time password first', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-users', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await openNav(page, '用户管理');
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    const table = page.getByTestId('users-page').locator('.ant-table');
    // The community's own grid worker is listed, with the grid she works.
    const li = table.locator('tr', { hasText: 'grid_datieguan_01' });
    await li.waitFor();
    assert.match(await li.innerText(), /网格员/);
    assert.match(await li.innerText(), /打铁关社区第一网格/);
    await page.getByText(/共 \d+ 条/).waitFor();
    await settled(page);
    await screenshot(page, 'admin-users-list');

    // A new account: name, username, phone, and a grid worker's role over the first grid.
    await page.getByRole('button', { name: '新建账号' }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper:visible', { hasText: '角色与管辖范围' });
    await settled(page, drawer);
    await drawer.getByLabel('姓名').fill(WORKER.name);
    await drawer.getByLabel('用户名').fill('grid_datieguan_01'); // taken: the server says so under the field
    await drawer.getByLabel('手机号').fill(WORKER.phone);
    await drawer.getByLabel('角色', { exact: true }).click();
    await pickOption(page, /^网格员$/);
    await drawer.getByLabel('管辖范围').click();
    const grid = page.locator('.ant-select-dropdown:visible .ant-select-tree-title', {
      hasText: /^打铁关社区第一网格$/,
    });
    await settled(page, grid);
    await grid.click();
    await drawer.getByRole('button', { name: '创建账号' }).click();
    const taken = drawer.locator('.ant-form-item', { hasText: '用户名' }).getByText('该用户名已被使用');
    await taken.waitFor();
    await drawer.getByLabel('用户名').fill(WORKER.username);
    await taken.waitFor({ state: 'hidden' });
    await settled(page, drawer);
    await screenshot(page, 'admin-users-create');
    await drawer.getByRole('button', { name: '创建账号' }).click();

    // The one-time password, shown once.
    const modal = page.getByTestId('initial-password-modal');
    await modal.waitFor();
    await settled(page, modal);
    oneTimePassword = await page.getByTestId('initial-password').inputValue();
    assert.match(oneTimePassword, /^[A-Za-z0-9]{12}$/);
    assert.match(await modal.innerText(), /只显示这一次/);
    await screenshot(page, 'admin-users-password');
    await page.getByRole('button', { name: '我已记下' }).click();

    // The new account's drawer: its role, and a password still to change.
    const detail = page.getByTestId('user-drawer');
    await detail.waitFor();
    assert.match(await detail.innerText(), /打铁关社区第一网格/);
    await detail.getByText('待改密').waitFor();
    assert.match(await detail.innerText(), /139\*\*\*\*1234/, 'the phone is masked');
    await closeDrawer(page);
    await signOut(page);

    // The grid worker signs in with the one-time password: nothing but the change of it.
    await page.goto(`${server.baseUrl}/admin/login`);
    await signIn(page, WORKER.username, oneTimePassword);
    const change = page.getByTestId('first-password');
    await change.getByText('请先修改密码').waitFor();
    assert.equal(await page.locator('.gz-sider').count(), 0, 'no console before the password is changed');
    await screenshot(page, 'admin-first-password');
    await change.getByLabel('初始密码').fill(oneTimePassword);
    await change.getByLabel('新密码', { exact: true }).fill(WORKER.password);
    await change.getByLabel('确认新密码').fill(WORKER.password);
    await change.getByRole('button', { name: '修改并继续' }).click();
    await page.getByRole('heading', { name: /您好/ }).waitFor();
    await page.locator('.gz-sider').waitFor();
    assert.match(await page.getByLabel('用户菜单').innerText(), /王小网[\s\S]*网格员/);
  });
  assert.deepEqual(errors, []);
});

test('a reset sends the worker back to a one-time password on the phone; deactivation ends the session', async () => {
  assert.ok(oneTimePassword, 'runs after the account was made');
  // The worker is signed in on a phone.
  const worker = await newPage(browser, { viewport: PHONE, mobile: true });
  const signInOnPhone = async (password: string) => {
    await worker.page.getByPlaceholder('请输入用户名或手机号').fill(WORKER.username);
    await worker.page.getByPlaceholder('请输入密码').fill(password);
    await worker.page.getByRole('button', { name: /登\s*录/ }).click();
  };
  await worker.page.goto(`${server.baseUrl}/h5/login`);
  await signInOnPhone(WORKER.password);
  await worker.page.locator('.h5-home-greeting').waitFor();

  const { page, errors } = await newPage(browser);
  const row = page.locator('.ant-table-row', { hasText: WORKER.username });
  const detail = page.getByTestId('user-drawer');
  await flow(page, 'admin-users-reset', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await page.goto(`${server.baseUrl}/admin/users`);
    const search = page.getByLabel('姓名、用户名或完整手机号');
    await search.fill(WORKER.name);
    await search.press('Enter');
    await page.waitForURL(/q=/);
    await row.waitFor();
    // Signed in now, with the password changed.
    assert.doesNotMatch(await row.innerText(), /待改密|从未登录/);
    await row.getByText(WORKER.name).click();
    await detail.waitFor();
    await settled(page, detail);
    await screenshot(page, 'admin-users-detail');
    await detail.getByRole('button', { name: '重置密码' }).click();
    await confirmPopup(page, /^重置密码$/);
    await page.locator('.ant-modal:visible', { hasText: '密码已重置' }).getByTestId('initial-password').waitFor();
    oneTimePassword = await page.getByTestId('initial-password').inputValue();
    await page.getByRole('button', { name: '我已记下' }).click();
    await detail.getByText('待改密').waitFor();
  });

  // The reset ended the phone's session; the one-time password leads to its change and nothing else.
  await flow(worker.page, 'h5-first-password', async () => {
    await worker.page.reload();
    await worker.page.waitForURL(/\/h5\/login/);
    await signInOnPhone(oneTimePassword);
    await worker.page.getByText('您的密码由管理员设置').waitFor();
    assert.equal(await worker.page.locator('.h5-home-greeting').count(), 0, 'no home before the change');
    await settled(worker.page);
    await screenshot(worker.page, 'h5-first-password');
    await worker.page.getByLabel('初始密码').fill(oneTimePassword);
    await worker.page.getByRole('textbox', { name: '新密码 *', exact: true }).fill(WORKER.password2); // with its required mark
    await worker.page.getByLabel('确认新密码').fill(WORKER.password2);
    await worker.page.getByRole('button', { name: '修改并继续' }).click();
    await worker.page.locator('.h5-home-greeting').waitFor();
  });

  await flow(page, 'admin-users-deactivate', async () => {
    await detail.getByRole('button', { name: '停用' }).click();
    await confirmPopup(page, /^停\s*用$/); // antd spaces out a button's two characters
    await detail.getByTestId('user-status').getByText('已停用').waitFor();
    await row.getByText('已停用').waitFor();
    // And the deactivated are listed under 已停用.
    await closeDrawer(page);
    await page.getByLabel('全部状态').click();
    await pickOption(page, /^已停用$/);
    await page.waitForURL(/status=disabled/);
    await row.waitFor();
  });
  assert.deepEqual(errors, []);

  // The worker's session has ended: the next screen asks to sign in, and signing in fails.
  await worker.page.reload();
  await worker.page.waitForURL(/\/h5\/login/);
  await signInOnPhone(WORKER.password2);
  await worker.page.getByRole('alert').waitFor();
  assert.deepEqual(worker.errors, []);
});

test('the first start: the setup link makes the district and its administrator, who then signs in', async () => {
  const empty = await startServer({ env: { SEED_DEMO: 'false' } });
  try {
    const link = await poll(() => Promise.resolve(/\/admin\/setup#([\w-]+)/.exec(empty.output())?.[1]), {
      message: 'the setup link printed',
      timeout: 30_000,
    });
    const { page, errors } = await newPage(browser);
    await flow(page, 'admin-setup', async () => {
      // Without a session and before any account, the sign-in page points to the link.
      await page.goto(`${empty.baseUrl}/admin/`);
      await page.waitForURL(/\/admin\/login/);
      await page.getByText('平台尚未初始化').waitFor();

      await page.goto(`${empty.baseUrl}/admin/setup#${link}`);
      const setup = page.getByTestId('setup');
      await setup.getByText('初始化共治平台').waitFor();
      await setup.getByLabel('区（县）名称').fill('示范区');
      await setup.getByLabel('区划代码').fill('330199');
      await setup.getByLabel('姓名').fill('赵首任');
      await setup.getByLabel('用户名').fill('first.admin');
      await setup.getByLabel('密码', { exact: true }).fill('Shifan2026go');
      await setup.getByLabel('确认密码').fill('Shifan2026go');
      await settled(page);
      await screenshot(page, 'admin-setup');
      await setup.getByRole('button', { name: '完成初始化' }).click();

      // On to sign-in, told so, the username filled in.
      await page.waitForURL(/\/admin\/login/);
      await page.getByText('初始化完成').waitFor();
      assert.equal(await page.getByLabel('用户名 / 手机号').inputValue(), 'first.admin');
      await page.getByLabel('密码', { exact: true }).fill('Shifan2026go');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('heading', { name: /您好/ }).waitFor();
      await openNav(page, '用户管理');
      await page.getByRole('heading', { name: '用户管理' }).waitFor();
      await page.locator('.ant-table-row', { hasText: 'first.admin' }).waitFor();

      // The link works once: afterwards the page says setup is done.
      await page.goto(`${empty.baseUrl}/admin/setup#${link}`);
      await page.getByText('平台已完成初始化').waitFor();
    });
    assert.deepEqual(errors, []);
  } finally {
    await empty.stop();
  }
});
