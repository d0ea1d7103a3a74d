import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
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

test('催票: staff see who has not voted and remind them; the resident finds the reminder on the phone and votes', async () => {
  const staffApi = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const residentApi = await apiAs(browser, server.baseUrl, 'resident_demo');
  const me = await residentApi.get<{ personId: number }>('/api/auth/me');
  const person = await staffApi.get<{ buildingId: number; communityId: number }>(`/api/org/persons/${me.personId}`);
  const now = Date.now();
  const created = await staffApi.post<{ id: number }>('/api/deliberation/votes', {
    communityId: person.communityId,
    title: '单元门禁更换',
    question: '是否同意更换单元门禁？',
    electorate: 'residents',
    scopeKind: 'buildings',
    buildingIds: [person.buildingId],
    ballotUnit: 'person',
    options: [
      { key: 'yes', label: '同意' },
      { key: 'no', label: '不同意' },
    ],
    noticeAt: new Date(now).toISOString(),
    opensAt: new Date(now).toISOString(),
    closesAt: new Date(now + 2 * 86_400_000).toISOString(),
  });
  assert.equal(created.status, 201);
  const voteId = created.body.id;

  const staff = await newPage(browser);
  await flow(staff.page, 'deliberation-remind', async () => {
    const page = staff.page;
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await page.goto(`${server.baseUrl}/admin/deliberation/votes/${voteId}`);
    const card = page.getByTestId('non-voters');
    await card.getByText('陈建华').waitFor();
    await card.getByText('尚未投票').waitFor();
    await card.getByTestId('remind').click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await confirm.waitFor();
    await settled(page, confirm); // a pop-up still zooming in may not take the click
    await confirm.getByRole('button', { name: '提醒未投票居民' }).click();
    await page.getByText(/已提醒 \d+ 人/).waitFor();
    await card.getByTestId('reminded-at').waitFor();
    assert.ok(await card.getByTestId('remind').isDisabled(), 'not again straight away');
    await screenshot(page, 'admin-vote-non-voters');
  });

  const resident = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(resident.page, 'deliberation-remind-h5', async () => {
    const page = resident.page;
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.goto(`${server.baseUrl}/h5/notifications`);
    const reminder = page.getByText('「单元门禁更换」正在投票，您还没有投票');
    await reminder.waitFor();
    await screenshot(page, 'h5-vote-reminder');
    await reminder.click();
    await page.waitForURL(new RegExp(`/h5/deliberation/votes/${voteId}$`));
  });

  // Once the resident has voted, they are off the list.
  const cast = await residentApi.post(`/api/deliberation/votes/${voteId}/ballot`, { choice: 'yes' });
  assert.ok(cast.status < 300);
  await staff.page.reload();
  const card = staff.page.getByTestId('non-voters');
  await card.locator('.ant-table-row').first().waitFor();
  assert.equal(await card.getByText('陈建华').count(), 0);
  assert.deepEqual([...staff.errors, ...resident.errors], []);
});
