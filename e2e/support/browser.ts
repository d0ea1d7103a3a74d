import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { repoRoot, type TestServer } from './server.ts';

export const DEMO_PASSWORD = 'gongzhi-demo';
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** Debian's Chromium; never a downloaded browser. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A test file's server and browser, started side by side. When one of them fails to start, the other
 * is stopped before the error is thrown: a browser or server left running keeps the file's process
 * alive, and the whole run then waits for it forever instead of failing.
 */
export async function serverAndBrowser(starting: Promise<TestServer>): Promise<[TestServer, Browser]> {
  const [server, browser] = await Promise.allSettled([starting, launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled') return [server.value, browser.value];
  if (server.status === 'fulfilled') await server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
}

export interface PageOptions {
  viewport?: { width: number; height: number };
  mobile?: boolean;
  /** Where the device says it is (navigator.geolocation), with the permission granted. */
  geolocation?: { latitude: number; longitude: number };
}

/** A fresh context (no cookies, no stored language) that fails the test on page errors. */
export async function newPage(browser: Browser, options: PageOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? DESKTOP,
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    ...(options.geolocation ? { geolocation: options.geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => {
    errors.push(error.message);
    if (process.env.E2E_STACKS) console.error(error.stack);
  });
  return { page, errors };
}

/** Saves e2e/screenshots/<name>.png for a person to look at. */
export async function screenshot(page: Page, name: string, fullPage = false) {
  const dir = path.join(repoRoot, 'e2e', 'screenshots');
  await fs.mkdir(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage });
}

/** Signs in to the admin console through its form. */
export async function loginToAdmin(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/admin/`);
  await page.waitForURL(/\/admin\/login/);
  await page.getByLabel('用户名 / 手机号').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('heading', { name: /您好/ }).waitFor();
}

/** The sidebar's entries in order, each group unfolded in turn (one group opens at a time). */
export async function navLabels(page: Page): Promise<string[]> {
  const sider = page.locator('.gz-sider');
  const labels: string[] = [];
  for (const entry of await sider.locator('.ant-menu-root > li').all()) {
    const cls = (await entry.getAttribute('class')) ?? '';
    if (!cls.includes('ant-menu-submenu')) {
      labels.push((await entry.innerText()).trim());
      continue;
    }
    const title = entry.locator('> .ant-menu-submenu-title');
    labels.push((await title.innerText()).trim());
    if (!cls.includes('ant-menu-submenu-open')) await title.click();
    const items = entry.locator('.ant-menu-sub .ant-menu-item');
    await items.first().waitFor();
    labels.push(...(await items.allInnerTexts()).map((l) => l.trim()));
  }
  return labels;
}

/** Opens a console page from the sidebar, unfolding the group that holds it if it is folded. */
export async function openNav(page: Page, name: string) {
  const item = page.locator('.gz-sider').getByRole('menuitem', { name });
  const shown = () =>
    item
      .waitFor({ state: 'visible', timeout: 1_000 })
      .then(() => true)
      .catch(() => false);
  if (!(await item.isVisible())) {
    for (const group of await page.locator('.gz-sider .ant-menu-submenu').all()) {
      if ((await group.getAttribute('class'))?.includes('ant-menu-submenu-open')) continue;
      await group.locator('> .ant-menu-submenu-title').click();
      if (await shown()) break;
    }
  }
  await item.click();
}

/** Signs in to the phone app through its form and waits for where the account lands (the home page). */
export async function loginToH5(page: Page, baseUrl: string, username: string, landing = '.h5-home-greeting') {
  await page.goto(`${baseUrl}/h5/`);
  await page.waitForURL(/\/h5\/login/);
  await page.getByPlaceholder('请输入用户名或手机号').fill(username);
  await page.getByPlaceholder('请输入密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.locator(landing).waitFor();
}

/** Runs a flow; when it fails, saves e2e/screenshots/<name>-failed.png to show where it stopped. */
export async function flow(page: Page, name: string, steps: () => Promise<void>) {
  try {
    await steps();
  } catch (error) {
    await screenshot(page, `${name}-failed`).catch(() => undefined);
    throw error;
  }
}
