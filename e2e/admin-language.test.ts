import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  DEMO_PASSWORD,
  flow,
  serverAndBrowser,
  loginToAdmin,
  newPage,
  screenshot,
  navLabels,
} from './support/browser.ts';
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

test('switching to English relabels the console, is remembered, and server messages follow', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-language', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    const menu = page.locator('.gz-sider').getByRole('menu');
    await menu.getByText('基础数据').waitFor();

    await page.locator('.gz-header').getByText('English', { exact: true }).click();
    await menu.getByText('Base data', { exact: true }).waitFor();
    // Every entry's name, each group unfolded in turn.
    const labels = await navLabels(page);
    assert.deepEqual(
      labels.map((l) => l.trim()),
      [
        'Workbench',
        'Overview',
        'Cockpit',
        'Matters',
        'Work queue',
        'Matters map',
        'Supervision',
        'Early warnings',
        'Log a matter',
        'Service stations',
        'Service map',
        'Category setup',
        'Open311 clients',
        'Reports & assessment',
        'Statistics',
        'Monthly reports',
        'Assessment',
        'Work logs',
        'Deliberation',
        'Topics',
        'Councils',
        'Votes',
        'Follow-through',
        'Community budgets',
        'Committee elections',
        'Surveys',
        'Consultation bell',
        'Moderation',
        'Mediation',
        'Cases',
        'Accept a case',
        'Studios',
        'Statistics',
        'Rights cases',
        'Odd-job market',
        'Job fairs',
        'Points & volunteering',
        'Points overview',
        'Earning rules',
        'Merchants',
        'Points accounts',
        'Rankings & honours',
        'Volunteer teams',
        'Activities',
        'Good deeds',
        'Courses',
        'Certificates',
        'Courier welfare',
        'Merchant credit',
        'Party building',
        'Inspection campaigns',
        'Compounds',
        'Micro-wishes',
        'Key small matters',
        'Alliance units',
        'Safety & care',
        'Alarms',
        'Devices',
        'Smart safe compounds',
        'Care board',
        'Law & fraud',
        'Notices',
        'Visits',
        'EV charging',
        'Base data',
        'Organisation',
        'Grid map',
        'People',
        'Buildings',
        'Import',
        'System',
        'Users',
        'Invitation codes',
        'Deletion requests',
        'Message outbox',
        'Audit log',
      ],
    );
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await page.getByRole('heading', { name: 'Hello, 区级管理员' }).waitFor();
    await page.getByTestId('todo-tiles').getByText('Overdue matters').waitFor();
    await screenshot(page, 'admin-english');

    // Remembered across a reload.
    await page.reload();
    await menu.getByText('Audit log', { exact: true }).waitFor();

    // Sign out; the server's error for a wrong password comes back in English.
    await page.getByLabel('User menu').click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.getByLabel('Username / mobile').fill('admin');
    await page.getByLabel('Password').fill(`${DEMO_PASSWORD}-wrong`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('Wrong username or password').waitFor();
    await screenshot(page, 'admin-english-login-error');
  });
  assert.deepEqual(errors, []);
});
