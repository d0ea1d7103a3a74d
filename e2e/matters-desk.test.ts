import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
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

/** Calls the API as the page's signed-in user (session cookie and CSRF token). */
async function api(page: Page, method: 'GET' | 'POST', path: string, body?: unknown) {
  const me = (await (await page.request.get(`${server.baseUrl}/api/auth/me`)).json()) as { csrfToken: string };
  const response = await page.request.fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { 'x-csrf-token': me.csrfToken },
    ...(body === undefined ? {} : { data: body }),
  });
  assert.ok(response.ok(), `${method} ${path}: ${response.status()} ${await response.text()}`);
  return response.json();
}

test('at the desk: a matter with 城管 gets an assisting unit and is returned (退单) to the street that escalated it', async () => {
  // The street escalates a hawkers report up to 城管 (through the API: the setup, not the subject).
  const street = await newPage(browser);
  await loginToAdmin(street.page, server.baseUrl, 'street_wenhui');
  const { items: buildings } = await api(street.page, 'GET', '/api/org/buildings?q=打铁关小区1幢');
  const home = buildings.find((b: { name: string }) => b.name === '打铁关小区1幢');
  const { items: categories } = await api(street.page, 'GET', '/api/matters/categories');
  const category = categories.find((c: { code: string }) => c.code === 'event.street_order.hawkers');
  const matter = await api(street.page, 'POST', '/api/matters', {
    categoryId: category.id,
    description: '桥头占道经营，影响通行',
    lat: home.lat,
    lng: home.lng,
  });
  for (const reason of ['网格无法处理', '社区无执法权'])
    await api(street.page, 'POST', `/api/matters/${matter.id}/escalate`, { reason });
  await api(street.page, 'POST', `/api/matters/${matter.id}/escalate`, {
    reason: '请城管处置',
    department: 'urban_management',
  });

  // The district administrator handles it at the department's level in the console.
  const desk = await newPage(browser);
  const page = desk.page;
  await loginToAdmin(page, server.baseUrl, 'admin');
  await flow(page, 'matters-desk-assist', async () => {
    await page.goto(`${server.baseUrl}/admin/matters/${matter.id}`);
    await page.getByRole('button', { name: '添加协办单位' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('协办单位').click();
    await page.keyboard.press('Enter');
    await dialog.getByLabel('协办任务').fill('核查消防通道占用情况');
    await dialog.getByRole('button', { name: '添加协办单位' }).click();
    await page.getByTestId('matter-assists').getByText('待回复').waitFor();
    await page.getByTestId('matter-assists').getByText('核查消防通道占用情况').waitFor();
  });
  await flow(page, 'matters-desk-return', async () => {
    await page.getByRole('button', { name: /^退\s*单$/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('理由').fill('不属于城管职责，请街道另行处置');
    await dialog.getByRole('button', { name: /退\s*单/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.gz-timeline').getByText('不属于城管职责，请街道另行处置').waitFor();
    await page.getByText('退回').first().waitFor();
  });
  await screenshot(page, 'matters-desk-returned', true);
  const after = await api(street.page, 'GET', `/api/matters/${matter.id}`);
  assert.equal(after.status, 'returned');
  assert.equal(after.level, 'street');
  assert.deepEqual(desk.errors, [], 'no errors in the console');
});
