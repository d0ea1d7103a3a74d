import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
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

const RAW_ACTION = /\b(auth|org|matters|mediation|deliberation|points|volunteer|devices|care|charging|media)\.[a-z_]+/;

test('the audit log names every action and object in words, with details as fields, not keys and JSON', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-audit', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/admin/audit`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    assert.ok((await rows.count()) >= 10, 'the demo leaves a log to read');
    const actions = await page.locator('.ant-table-tbody .ant-tag').allInnerTexts();
    assert.deepEqual(
      actions.filter((a) => RAW_ACTION.test(a)),
      [],
      'every action by its name',
    );
    const text = await page.locator('.ant-table-tbody').innerText();
    assert.doesNotMatch(text, /\{"|":/, 'no raw JSON');
    assert.doesNotMatch(text, /charging_session|care_target|care_check|\tsystem\t/);
    assert.match(text, /充电记录 #\d+/);
    await screenshot(page, 'admin-audit');

    // The mediation records, by the module's name.
    await page.getByLabel('操作').click();
    await page.keyboard.type('矛盾调解');
    // The unfiltered rows stay on screen until the filtered list has come: wait for that list
    // (on a busy machine the old rows were read instead), then for its rows to be drawn.
    const filtered = page.waitForResponse((response) => {
      const url = new URL(response.url());
      return url.pathname === '/api/audit' && Boolean(url.searchParams.get('action'));
    });
    await page.getByTitle('矛盾调解（全部）').click();
    assert.ok((await filtered).ok());
    await page
      .locator('.ant-table-tbody a', { hasText: /调解案件 #\d+/ })
      .first()
      .waitFor();
    const mediation = await page.locator('.ant-table-tbody').innerText();
    assert.match(mediation, /调解案件 #\d+/);
    const mediationActions = await page.locator('.ant-table-tbody .ant-tag').allInnerTexts();
    assert.deepEqual(
      mediationActions.filter((a) => RAW_ACTION.test(a)),
      [],
    );
    const caseLink = page.locator('.ant-table-tbody a', { hasText: /调解案件 #\d+/ }).first();
    assert.match((await caseLink.getAttribute('href')) ?? '', /\/admin\/mediation\/cases\/\d+$/);
    await page.locator('.ant-table-row-expand-icon').first().click();
    await page.locator('.gz-audit-details .ant-descriptions').first().waitFor();
    await screenshot(page, 'admin-audit-mediation');
  });
  assert.deepEqual(errors, []);
});
