import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { withIdCheckDigit } from '../server/src/platform/personal-data.ts';
import { flow, serverAndBrowser, newPage, openNav, PHONE, screenshot } from './support/browser.ts';
import { makePng } from './support/files.ts';
import { startServer, type TestServer } from './support/server.ts';
import { poll, settled } from './support/wait.ts';

/**
 * The first run, from an empty database to a matter on a department's desk: the setup link
 * makes 拱墅区 and its first administrator; she imports a street and a community from the
 * statistical division codes, draws a grid, opens accounts for a grid worker and for 城管,
 * registers a resident; the resident signs up on the phone by SMS code, binds to the register
 * and reports by 随手拍; the grid worker finds it in their queue and escalates it, the
 * administrator escalates it on to 城管, and 城管 finds it in theirs.
 */

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer({ env: { SEED_DEMO: 'false' } }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const ADMIN = { name: '林首任', username: 'gongshu.admin', password: 'Gongshu2026ok' };
const WORKER = { name: '王网格', username: 'wang.wangge', phone: '13900005678', password: 'Wangwg2026ok' };
const CITY = { name: '赵城管', username: 'zhao.chengguan', password: 'Zhaocg2026ok' };
const RESIDENT = { name: '周文静', idNumber: withIdCheckDigit('33010519870612004'), phone: '13700005678' };
const GRID = '大兜路社区第一网格';
/** A small square by 大兜路, WGS-84; the resident stands inside it. */
const CENTRE = { lat: 30.285, lng: 120.161 };
const SQUARE = [
  [CENTRE.lng - 0.003, CENTRE.lat - 0.003],
  [CENTRE.lng + 0.003, CENTRE.lat - 0.003],
  [CENTRE.lng + 0.003, CENTRE.lat + 0.003],
  [CENTRE.lng - 0.003, CENTRE.lat + 0.003],
  [CENTRE.lng - 0.003, CENTRE.lat - 0.003],
];

/** The API as the signed-in page (its cookies, and the CSRF token its session hands out). */
function sessionApi(page: Page) {
  let csrf = '';
  const url = (path: string) => `${server.baseUrl}${path}`;
  return {
    get: async <T>(path: string): Promise<T> => {
      const response = await page.request.get(url(path));
      if (!response.ok()) throw new Error(`GET ${path}: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
    post: async <T>(path: string, body: unknown): Promise<T> => {
      if (!csrf)
        csrf = ((await (await page.request.get(url('/api/auth/me'))).json()) as { csrfToken: string }).csrfToken;
      const response = await page.request.post(url(path), { data: body, headers: { 'X-CSRF-Token': csrf } });
      if (!response.ok()) throw new Error(`POST ${path}: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
}

/** Picks an option once its dropdown has stopped moving (a click during the zoom-in can be lost). */
async function pickOption(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await settled(page, option);
  await option.click();
}

async function pickTreeNode(page: Page, title: string) {
  const node = page.locator('.ant-select-dropdown:visible .ant-select-tree-title', {
    hasText: new RegExp(`^${title}$`),
  });
  await settled(page, node);
  await node.click();
}

/** Opens an account through 新建账号 and returns its one-time password. */
async function createAccount(
  page: Page,
  account: { name: string; username: string; phone?: string },
  role: string,
  unit: string,
  department?: string,
): Promise<string> {
  await page.getByRole('button', { name: '新建账号' }).click();
  const drawer = page.locator('.ant-drawer-content-wrapper:visible', { hasText: '角色与管辖范围' });
  await settled(page, drawer);
  await drawer.getByLabel('姓名').fill(account.name);
  await drawer.getByLabel('用户名').fill(account.username);
  if (account.phone) await drawer.getByLabel('手机号').fill(account.phone);
  await drawer.getByLabel('角色', { exact: true }).click();
  await pickOption(page, new RegExp(`^${role}$`));
  await drawer.getByLabel('管辖范围').click();
  await pickTreeNode(page, unit);
  if (department) {
    await drawer.getByLabel('所属部门').click();
    await pickOption(page, department);
  }
  await settled(page, drawer);
  await drawer.getByRole('button', { name: '创建账号' }).click();
  const modal = page.getByTestId('initial-password-modal');
  await modal.waitFor();
  await settled(page, modal);
  const password = await page.getByTestId('initial-password').inputValue();
  assert.match(password, /^[A-Za-z0-9]{12}$/);
  await page.getByRole('button', { name: '我已记下' }).click();
  const detail = page.getByTestId('user-drawer');
  await detail.getByText('待改密').waitFor();
  await page.locator('.ant-drawer-content-wrapper:visible .ant-drawer-close').click();
  await page.locator('.ant-drawer-content-wrapper:visible').waitFor({ state: 'hidden' });
  return password;
}

/** Signs in with a one-time password, which the console has changed before anything else. */
async function firstSignIn(page: Page, account: { username: string; password: string }, oneTime: string) {
  await page.goto(`${server.baseUrl}/admin/login`);
  await page.getByLabel('用户名 / 手机号').fill(account.username);
  await page.getByLabel('密码', { exact: true }).fill(oneTime);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  const change = page.getByTestId('first-password');
  await change.getByText('请先修改密码').waitFor();
  await change.getByLabel('初始密码').fill(oneTime);
  await change.getByLabel('新密码', { exact: true }).fill(account.password);
  await change.getByLabel('确认新密码').fill(account.password);
  await change.getByRole('button', { name: '修改并继续' }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
  await page.locator('.gz-sider').waitFor();
}

/** Opens a matter of the queue shown and takes an action through its modal. */
async function act(page: Page, code: string, label: RegExp, fill?: () => Promise<void>) {
  await page.getByTestId('matter-actions').getByRole('button', { name: label }).click();
  const modal = page.locator('.ant-modal').filter({ hasText: code });
  await modal.waitFor();
  await settled(page, modal);
  await fill?.();
  await modal.locator('.ant-modal-footer').getByRole('button', { name: label }).click();
  await modal.waitFor({ state: 'hidden' });
}

async function escalate(page: Page, code: string, to: string, reason: string, department?: string) {
  await act(page, code, /^上报上级$/, async () => {
    const modal = page.locator('.ant-modal').filter({ hasText: code });
    await modal.getByText(`将上报至：${to}`).waitFor();
    if (department) {
      await modal.getByLabel('职能部门').click();
      await pickOption(page, department);
    }
    await modal.getByLabel('理由').fill(reason);
  });
}

/** The newest code the log provider "sent" to a phone, read on the administrators' outbox. */
function codeSentTo(admin: ReturnType<typeof sessionApi>, phone: string): Promise<string> {
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

test('from an empty database: setup, the area, the accounts, a resident’s report, and on to 城管', async () => {
  const link = await poll(() => Promise.resolve(/\/admin\/setup#([\w-]+)/.exec(server.output())?.[1]), {
    message: 'the setup link printed',
    timeout: 30_000,
  });
  const admin = await newPage(browser);
  const page = admin.page;
  const api = sessionApi(page);
  let community = { id: 0, name: '' };
  let street = { id: 0, name: '' };

  await flow(page, 'first-run-setup', async () => {
    await page.goto(`${server.baseUrl}/admin/setup#${link}`);
    const setup = page.getByTestId('setup');
    await setup.getByText('初始化共治平台').waitFor();
    await setup.getByLabel('区（县）名称').fill('拱墅区');
    await setup.getByLabel('区划代码').fill('330105');
    await setup.getByLabel('姓名').fill(ADMIN.name);
    await setup.getByLabel('用户名').fill(ADMIN.username);
    await setup.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await setup.getByLabel('确认密码').fill(ADMIN.password);
    await settled(page);
    await screenshot(page, 'first-run-setup');
    await setup.getByRole('button', { name: '完成初始化' }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.getByText('初始化完成').waitFor();
    assert.equal(await page.getByLabel('用户名 / 手机号').inputValue(), ADMIN.username);
    await page.getByLabel('密码', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('heading', { name: /您好/ }).waitFor();
    assert.match(await page.getByLabel('用户菜单').innerText(), /林首任[\s\S]*区级管理员/);
  });

  await flow(page, 'first-run-area', async () => {
    // The street and the community from the statistical division codes, through 数据导入.
    await openNav(page, '数据导入');
    await page.locator('.gz-kind-choice').getByText('街道与社区', { exact: true }).click();
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByRole('columnheader', { name: '统计用区划代码' }).waitFor();
    await page.getByRole('button', { name: '已准备好文件' }).click();
    const csv = ['统计用区划代码,名称', '330105012000,米市巷街道办事处', '330105012001,大兜路社区居委会'].join('\n');
    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '拱墅区街道社区.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.getByText('导入成功', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByText('共 2 行：新增 2 条，更新 0 条').waitFor();
    await settled(page);
    await screenshot(page, 'first-run-import');

    // A session's reach is looked up again after a few seconds (SESSION_CACHE_SECONDS): the new
    // divisions are in it then.
    type Division = { id: number; parentId: number | null; level: string; code: string; name: string };
    const divisions = await poll(
      async () => {
        const { divisions } = await api.get<{ divisions: Division[] }>('/api/org/tree');
        return divisions.length === 3 && divisions;
      },
      { message: 'the street and the community in the tree' },
    );
    const streetRow = divisions.find((d) => d.code === '330105012000');
    const communityRow = divisions.find((d) => d.code === '330105012001');
    assert.ok(streetRow && communityRow, JSON.stringify(divisions));
    assert.equal(streetRow.level, 'street');
    assert.equal(communityRow.level, 'community');
    assert.equal(communityRow.parentId, streetRow.id);
    assert.equal(communityRow.name, '大兜路社区', '居委会 is dropped');
    street = streetRow;
    community = communityRow;

    // The grid with its boundary, and a building in it: no form for these in the console.
    const grid = await api.post<{ id: number }>('/api/org/grids', {
      communityId: community.id,
      code: '330105012001-01',
      name: GRID,
      kind: 'resident',
      polygon: { type: 'Polygon', coordinates: [SQUARE] },
    });
    await api.post('/api/org/buildings', {
      communityId: community.id,
      gridId: grid.id,
      name: '大兜路小区1幢',
      lat: CENTRE.lat,
      lng: CENTRE.lng,
      floors: 6,
    });

    // The console's tree was read when the import finished, before the session's reach took in
    // the new divisions, and the grid came by the API: read it all again.
    await page.reload();
    await page.getByRole('heading', { name: '数据导入' }).waitFor();
    await openNav(page, '组织架构');
    const treePanel = page.locator('.ant-tree');
    await page.getByPlaceholder('搜索区划、网格名称或编码').fill(community.name);
    await page.getByPlaceholder('搜索区划、网格名称或编码').press('Enter');
    await treePanel.getByRole('treeitem', { name: new RegExp(`${community.name} 社区$`) }).click();
    await page.getByRole('cell', { name: GRID }).waitFor();
    await settled(page);
    await screenshot(page, 'first-run-org');
  });

  let workerPassword = '';
  let cityPassword = '';
  await flow(page, 'first-run-users', async () => {
    await openNav(page, '用户管理');
    await page.getByRole('heading', { name: '用户管理' }).waitFor();
    workerPassword = await createAccount(page, WORKER, '网格员', GRID);
    cityPassword = await createAccount(page, CITY, '职能部门', street.name, '综合行政执法（城管）');
    const table = page.getByTestId('users-page').locator('.ant-table');
    const workerRow = table.locator('tr', { hasText: WORKER.username });
    const cityRow = table.locator('tr', { hasText: CITY.username });
    await workerRow.waitFor();
    await cityRow.waitFor();
    assert.match(await workerRow.innerText(), new RegExp(`网格员[\\s\\S]*${GRID}`));
    assert.match(await cityRow.innerText(), new RegExp(`职能部门[\\s\\S]*${street.name}[\\s\\S]*综合行政执法（城管）`));
    await settled(page);
    await screenshot(page, 'first-run-users');
  });

  await flow(page, 'first-run-person', async () => {
    await openNav(page, '人员管理');
    await page.getByRole('button', { name: '登记人员' }).click();
    const modal = page.locator('.ant-modal:visible', { hasText: '登记人员' });
    await settled(page, modal);
    await modal.getByLabel('姓名').fill(RESIDENT.name);
    await modal.getByLabel('身份证号').fill(RESIDENT.idNumber);
    await modal.getByLabel('身份证号').blur();
    // The only community is chosen already; the birth date is read from the number.
    await modal.locator('.ant-select', { hasText: community.name }).waitFor();
    assert.equal(await modal.getByLabel('出生日期').inputValue(), '1987-06-12');
    await settled(page, modal);
    await screenshot(page, 'first-run-person');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(`已登记 ${RESIDENT.name}`).waitFor();
    await modal.waitFor({ state: 'hidden' });
    // The new person's drawer opens; the list has them too.
    const drawer = page.locator('.ant-drawer-content-wrapper:visible', { hasText: '证件与联系方式' });
    await settled(page, drawer);
    await drawer.locator('.ant-drawer-close').click();
    await drawer.waitFor({ state: 'hidden' });
    await page.locator('.ant-table-row', { hasText: RESIDENT.name }).waitFor();
  });

  // The resident, on a phone, standing in the grid.
  const resident = await newPage(browser, {
    viewport: PHONE,
    mobile: true,
    geolocation: { latitude: CENTRE.lat + 0.0004, longitude: CENTRE.lng + 0.0003 },
  });
  const phone = resident.page;
  let code = '';
  await flow(phone, 'first-run-h5-signup', async () => {
    await phone.goto(`${server.baseUrl}/h5/`);
    await phone.waitForURL(/\/h5\/login/);
    await phone.getByRole('tab', { name: '验证码登录' }).click();
    const phoneField = phone.getByPlaceholder('请输入手机号');
    await phoneField.waitFor();
    await settled(phone, phone.locator('.adm-tabs-tab-line'));
    await phoneField.fill(RESIDENT.phone);
    await phone.getByTestId('send-code').click();
    await phone
      .getByTestId('send-code')
      .getByText(/\d+ 秒后重发/)
      .waitFor();
    await phone.getByPlaceholder('6 位数字').fill(await codeSentTo(api, RESIDENT.phone));
    await phone
      .getByRole('button', { name: /^登\s*录$/ })
      .last()
      .click();

    const step = phone.getByTestId('community-step');
    await step.getByText('选择您所在的社区').waitFor();
    await phone.getByPlaceholder('搜索社区名称').fill('大兜路');
    await step.locator('.h5-signup-communities[aria-busy=false]:not(.h5-signup-stale)').waitFor();
    const choice = step.locator('.adm-check-list-item').filter({ hasText: community.name });
    await choice.click();
    await step.locator('.adm-check-list-item-active').filter({ hasText: community.name }).waitFor();
    await settled(phone, phone.getByRole('button', { name: '确认并登录' }));
    await screenshot(phone, 'first-run-h5-community');
    await phone.getByRole('button', { name: '确认并登录' }).click();
    const welcome = phone.getByTestId('signup-welcome');
    await welcome.getByText('注册成功').waitFor();
    assert.match(await welcome.innerText(), new RegExp(`欢迎加入${community.name}`));
    await phone.getByRole('button', { name: '现在去实名认证' }).click();

    // 我的 → 实名认证: bound to the person the administrator registered.
    await phone.waitForURL(/\/h5\/me\/verify$/);
    await phone.getByTestId('verify-page').waitFor();
    await phone.getByLabel('姓名').fill(RESIDENT.name);
    await phone.getByLabel('身份证号').fill(RESIDENT.idNumber);
    await phone.getByRole('button', { name: '提交认证' }).click();
    await phone.getByTestId('verified').getByText('已认证').waitFor();
    await phone.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(phone, 'first-run-h5-verified');
    const me = await phone.evaluate(() => fetch('/api/auth/me').then((r) => r.json()));
    const { items: persons } = await api.get<{ items: { id: number; name: string }[] }>(
      `/api/org/persons?q=${encodeURIComponent(RESIDENT.name)}`,
    );
    assert.equal(me.personId, persons.find((p) => p.name === RESIDENT.name)?.id, 'bound to the registered person');
  });

  await flow(phone, 'first-run-h5-report', async () => {
    await phone.goto(`${server.baseUrl}/h5/`);
    await phone.getByTestId('entry-snap').click();
    await phone.getByRole('navigation').or(phone.locator('.adm-nav-bar')).getByText('随手拍').waitFor();
    await phone
      .locator('.adm-image-uploader input[type=file]')
      .setInputFiles({ name: 'rubbish.png', mimeType: 'image/png', buffer: makePng() });
    await phone.locator('.adm-image-uploader-cell img').first().waitFor();
    await phone.waitForFunction(() => !document.querySelector('.adm-image-uploader-cell-loading'));
    const description = phone.getByLabel('问题描述');
    await description.fill('路边有一堆垃圾没人清理，已经发臭了');
    await description.blur();
    await phone.getByTestId('category-suggestions').getByRole('button', { name: '暴露垃圾' }).click();
    // Placed in the new grid by where the phone is.
    await phone.getByTestId('location-field').getByText(`${GRID} · ${community.name}`).waitFor();
    await phone.getByLabel('详细地址').fill('大兜路小区1幢东侧');
    await settled(phone);
    await screenshot(phone, 'first-run-h5-report', true);
    await phone.getByRole('button', { name: '提交' }).click();
    await phone.waitForURL(/\/h5\/matters\/\d+$/);
    const matter = phone.getByTestId('h5-matter');
    await matter.waitFor();
    assert.equal(await matter.getAttribute('data-status'), 'reported');
    code = (await phone.locator('.h5-matter-head-top .h5-muted').innerText()).trim();
    assert.match(code, /^GZ\d+$/);
    await phone.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(phone, 'first-run-h5-reported');
  });

  // The grid worker: the one-time password changed first, then the report in 我的待办.
  const worker = await newPage(browser);
  await flow(worker.page, 'first-run-worker', async () => {
    const w = worker.page;
    await firstSignIn(w, WORKER, workerPassword);
    await openNav(w, '事项办理');
    await w.getByRole('heading', { name: '事项办理' }).waitFor();
    assert.equal(await w.getByRole('tab', { name: /我的待办/ }).getAttribute('aria-selected'), 'true');
    const row = w.getByTestId(`matter-row-${code}`);
    await row.waitFor();
    assert.match(await row.innerText(), /暴露垃圾/);
    await settled(w);
    await screenshot(w, 'first-run-worker-queue');

    // Not the grid's to fix: up to the community.
    await row.click();
    await w.getByTestId('matter-detail').waitFor();
    await escalate(w, code, '社区', '垃圾堆放点属于沿街商铺，需执法部门处理');
    await w.locator('[data-testid=matter-detail][data-status=escalated]').waitFor();
    await w.locator('.gz-matter-head .ant-tag', { hasText: /^社区$/ }).waitFor();
    await settled(w);
    await screenshot(w, 'first-run-worker-escalated');
  });

  // The administrator sends it on: community → street → 城管.
  await flow(page, 'first-run-escalate', async () => {
    await openNav(page, '事项办理');
    await page.getByRole('tab', { name: /辖区待办/ }).click();
    const row = page.getByTestId(`matter-row-${code}`);
    await row.waitFor();
    await row.click();
    const detail = page.getByTestId('matter-detail');
    await detail.waitFor();
    const level = (name: string) => detail.locator('.gz-matter-head .ant-tag', { hasText: new RegExp(`^${name}$`) });
    await level('社区').waitFor();
    await escalate(page, code, '街道', '社区无执法权，上报街道');
    await level('街道').waitFor();
    await escalate(page, code, '职能部门', '沿街商铺乱堆垃圾，请城管执法', '综合行政执法（城管）');
    await level('职能部门').waitFor();
    await page.locator('[data-testid=matter-detail][data-status=escalated]').waitFor();
    assert.match(await detail.innerText(), /综合行政执法（城管）/);
    await settled(page);
    await screenshot(page, 'first-run-escalated');

    // The administrator still sees it, under 职能部门办理 with the department named.
    await page.locator('.ant-drawer-content-wrapper:visible .ant-drawer-close').click();
    await page.getByRole('tab', { name: /职能部门办理/ }).click();
    await page.getByRole('tab', { name: /职能部门办理/, selected: true }).waitFor();
    await settled(page);
    assert.match(await row.innerText(), /职能部门[\s\S]*综合行政执法（城管）/);
    await screenshot(page, 'first-run-departments-queue');
  });

  // 城管: the one-time password changed first, then the matter on the department's desk:
  // the workbench lists the department's queue (not an empty 我的待办), the header names the
  // department, and 事项办理 opens on 部门待办 (the street's queues are not theirs).
  const city = await newPage(browser);
  await flow(city.page, 'first-run-city', async () => {
    const c = city.page;
    await firstSignIn(c, CITY, cityPassword);
    await c.locator('.gz-user').getByText('职能部门 · 综合行政执法（城管）').waitFor();
    const desk = c.getByTestId('department-matters');
    await desk.locator('.ant-list-item', { hasText: '暴露垃圾' }).waitFor();
    assert.equal(await desk.locator('.ant-list-item').count(), 1);
    await c.getByTestId('todo-matters-department').getByText('1', { exact: true }).waitFor();
    await settled(c);
    await screenshot(c, 'first-run-city-workbench');

    await openNav(c, '事项办理');
    await c.getByRole('heading', { name: '事项办理' }).waitFor();
    assert.equal(await c.getByRole('tab', { name: /部门待办/ }).getAttribute('aria-selected'), 'true');
    assert.equal(
      await c.getByRole('tab', { name: /辖区待办|未分派/ }).count(),
      0,
      "the street's queues are not theirs",
    );
    const row = c.getByTestId(`matter-row-${code}`);
    await row.waitFor();
    assert.match(await row.innerText(), /暴露垃圾[\s\S]*已上报[\s\S]*职能部门[\s\S]*综合行政执法（城管）/);
    await settled(c);
    await screenshot(c, 'first-run-city-queue');

    // Theirs to take: accepted, it is in 我的待办.
    await row.click();
    await c.getByTestId('matter-detail').waitFor();
    await act(c, code, /^受\s*理$/);
    await c.locator('[data-testid=matter-detail][data-status=accepted]').waitFor();
    // The pointer off the 受理 message first: antd keeps a message while it is hovered, and this
    // one can sit over the drawer's close button.
    await c.mouse.move(0, 0);
    await c.locator('.ant-message-notice').waitFor({ state: 'detached' });
    await c.locator('.ant-drawer-content-wrapper:visible .ant-drawer-close').click();
    await c.getByRole('tab', { name: /我的待办/ }).click();
    await c.getByTestId(`matter-row-${code}`).waitFor();
    await settled(c);
    await screenshot(c, 'first-run-city-mine');
  });

  assert.deepEqual(admin.errors, []);
  assert.deepEqual(resident.errors, []);
  assert.deepEqual(worker.errors, []);
  assert.deepEqual(city.errors, []);
});
