import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import {
  DESKTOP,
  flow,
  serverAndBrowser,
  loginToAdmin,
  navLabels,
  newPage,
  openNav,
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

const OFFICER = 'safety_datieguan_e2e';
const OFFICER_PASSWORD = 'safety2026work';

/**
 * The community administrator makes a safety officer (综治专干) account over 打铁关社区 through the
 * accounts API; the officer sets a password of their own at the first sign-in, as every new account does.
 */
async function makeSafetyOfficer(overdue: { id: number }): Promise<void> {
  const community = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const me = await community.get<{ roles: { role: string; divisionId: number | null }[] }>('/api/auth/me');
  const divisionId = me.roles.find((r) => r.role === 'community_admin')!.divisionId!;
  const made = await community.post<{ initialPassword: string }>('/api/auth/users', {
    username: OFFICER,
    displayName: '综治专干 周',
    grants: [{ role: 'safety_officer', divisionId }],
  });
  assert.equal(made.status, 200, JSON.stringify(made.body));
  const context = await browser.newContext({ baseURL: server.baseUrl });
  try {
    const login = await context.request.post('/api/auth/login', {
      data: { username: OFFICER, password: made.body.initialPassword },
    });
    assert.ok(login.ok(), await login.text());
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const changed = await context.request.post('/api/auth/password', {
      data: { currentPassword: made.body.initialPassword, newPassword: OFFICER_PASSWORD },
      headers: { 'X-CSRF-Token': csrfToken },
    });
    assert.ok(changed.ok(), await changed.text());
    // Signed in again with the new password, the officer registers someone 45 days ago, not visited since.
    const again = await context.request.post('/api/auth/login', {
      data: { username: OFFICER, password: OFFICER_PASSWORD },
    });
    const officer = (await again.json()) as { csrfToken: string; id: number };
    const categories = (await (await context.request.get('/api/special/categories')).json()) as {
      items: { id: number; code: string }[];
    };
    const entry = await context.request.post('/api/special/entries', {
      data: {
        personId: overdue.id,
        categoryId: categories.items.find((c) => c.code === 'resettlement')!.id,
        startsOn: new Date(Date.now() - 95 * 86_400_000).toISOString().slice(0, 10),
        workerId: officer.id,
      },
      headers: { 'X-CSRF-Token': officer.csrfToken },
    });
    assert.equal(entry.status(), 201, await entry.text());
  } finally {
    await context.close();
  }
}

test('重点人群: a safety officer registers a person, opens the entry (an audited read) and records a visit; the demo admin sees neither the menu entry nor the data', async () => {
  const community = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const [someone, late] = (await community.get<{ items: { id: number; name: string }[] }>('/api/org/persons?limit=2'))
    .items as [{ id: number; name: string }, { id: number; name: string }];
  assert.notEqual(someone.name, late.name);
  await makeSafetyOfficer(late);

  const { page, errors } = await newPage(browser, { viewport: DESKTOP });
  await flow(page, 'special-officer', async () => {
    // The officer's password is their own (loginToAdmin signs in with the demo one).
    await page.goto(`${server.baseUrl}/admin/`);
    await page.waitForURL(/\/admin\/login/);
    await page.getByLabel('用户名 / 手机号').fill(OFFICER);
    await page.getByLabel('密码').fill(OFFICER_PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('heading', { name: /您好/ }).waitFor();
    await openNav(page, '重点人群');
    await page.waitForURL(/\/admin\/special/);
    await page.getByTestId('special-restricted').getByText('受限名单：仅综治专干可见').waitFor();
    // Registered 95 days ago under 安置帮教 (a visit every 90 days), never visited: overdue, in red.
    await page.locator('tr', { hasText: late.name }).getByText('走访逾期', { exact: false }).waitFor();

    await page.getByTestId('special-add').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('人员').click();
    await dialog.getByLabel('人员').fill(someone.name);
    await page.locator('.ant-select-dropdown').getByText(someone.name, { exact: false }).first().click();
    await dialog.getByLabel('类别').click();
    await page.locator('.ant-select-dropdown').getByText('社区矫正', { exact: true }).click();
    // Only the fields of 社区矫正: no risk level, no guardian.
    await dialog.getByText('每 30 天走访一次').waitFor();
    assert.equal(await dialog.getByTestId('special-field-risk_level').count(), 0);
    await dialog.getByTestId('special-field-case_officer').fill('司法所 王');
    await dialog.getByTestId('special-field-supervision_end').fill('2027-12-31');
    await settled(page);
    await screenshot(page, 'special-register');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    const row = page.locator('tr', { hasText: someone.name });
    await row.getByText('社区矫正').waitFor();
    await row.getByText('尚未走访').waitFor();
    await row.getByRole('button', { name: /查\s*看/ }).click();
    const drawer = page.locator('.ant-drawer-content-wrapper:visible', { hasText: '重点人群记录' });
    await drawer.getByText('本次查看已记入审计日志').waitFor();
    await drawer.getByText('司法所 王').waitFor();
    await drawer.getByText('还没有走访记录').waitFor();
    await drawer.getByTestId('special-visit-note').fill('入户走访，情况稳定');
    await drawer.getByTestId('special-visit-save').click();
    await drawer.locator('.ant-list-item').getByText('入户走访，情况稳定').waitFor();
    await settled(page);
    await screenshot(page, 'special-entry');
    await drawer.locator('.ant-drawer-close').click();
    await row.getByText('尚未走访').waitFor({ state: 'detached' });
    await settled(page);
    await screenshot(page, 'special-list');
    await page.getByTestId('special-overdue-filter').click();
    await row.waitFor({ state: 'detached' });
    await page.locator('tr', { hasText: late.name }).waitFor();
    await settled(page);
    await screenshot(page, 'special-overdue');
    // The overdue person's term has ended: the entry is ended, kept, and leaves the overdue list.
    const lateRow = page.locator('tr', { hasText: late.name });
    await lateRow.getByRole('button', { name: /查\s*看/ }).click();
    const lateDrawer = page.locator('.ant-drawer-content-wrapper:visible', { hasText: '重点人群记录' });
    await lateDrawer.getByTestId('special-close').click();
    await page.getByTestId('special-close-save').click();
    await lateDrawer.getByTestId('special-drawer-closed').waitFor();
    await settled(page);
    await screenshot(page, 'special-closed');
    await lateDrawer.locator('.ant-drawer-close').click();
    await lateRow.waitFor({ state: 'detached' });

    // The categories are the officer's to set: 严重精神障碍 visited every 14 days from now on.
    await page.getByTestId('special-settings').click();
    const settings = page.getByRole('dialog', { name: '类别设置' });
    await settings.getByTestId('special-category-edit-severe_mental').click();
    const form = page.getByRole('dialog', { name: '修改类别' });
    await form.getByTestId('special-category-days').fill('14');
    await settled(page);
    await screenshot(page, 'special-category-form');
    await form.getByRole('button', { name: /保\s*存/ }).click();
    await form.waitFor({ state: 'hidden' });
    await settings.locator('tr', { hasText: '严重精神障碍' }).getByText('14', { exact: true }).waitFor();
    await settled(page);
    await screenshot(page, 'special-categories');
  });
  assert.deepEqual(errors, []);

  // Every read is in the audit log, naming the entry, not the person.
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const log = await admin.get<{ items: { action: string; entityId: string | null; details: unknown }[] }>(
    '/api/audit?limit=50',
  );
  const special = log.items.filter((r) => r.action.startsWith('special.'));
  assert.ok(
    special.some((r) => r.action === 'special.entry.read'),
    'the opening of the entry is audited',
  );
  assert.ok(!JSON.stringify(special).includes(someone.name), 'the log does not name the person');

  // The demo admin: no menu entry, and the page and the API show nothing.
  const { page: adminPage, errors: adminErrors } = await newPage(browser, { viewport: DESKTOP });
  await flow(adminPage, 'special-admin', async () => {
    await loginToAdmin(adminPage, server.baseUrl, 'admin');
    assert.ok(!(await navLabels(adminPage)).includes('重点人群'));
    await adminPage.goto(`${server.baseUrl}/admin/special`);
    await settled(adminPage);
    await adminPage.getByText('404', { exact: true }).waitFor();
    assert.equal(await adminPage.getByTestId('special-restricted').count(), 0);
    assert.equal(await adminPage.locator('.ant-breadcrumb').getByText('重点人群').count(), 0, 'not even named');
    assert.equal(await adminPage.getByText(someone.name).count(), 0);
    await screenshot(adminPage, 'special-admin-denied');
  });
  await assert.rejects(admin.get('/api/special/entries'), /: 404 /);
  await assert.rejects(admin.get('/api/special/categories'), /: 404 /);
  assert.deepEqual(adminErrors, []);
});
