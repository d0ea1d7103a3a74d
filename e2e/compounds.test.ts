import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { DESKTOP, flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
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

test("小区档案: a compound's page shows its owners' committee, property company, a three-party meeting and its matters", async () => {
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const buildings = await staff.get<{
    items: Array<{
      id: number;
      name: string;
      address: string;
      communityId: number;
      communityName: string;
      lat: number | null;
      lng: number | null;
    }>;
  }>('/api/org/buildings?limit=50');
  const ours = buildings.items.filter((b) => b.communityName === '打铁关社区' && b.lat !== null);
  assert.ok(ours.length >= 1, '打铁关社区 has buildings');
  const communityId = ours[0]!.communityId;

  const created = await staff.post<{ id: number }>('/api/compounds', {
    communityId,
    name: '打铁关新村',
    kind: 'old',
    address: '打铁关路 1 号',
    buildingIds: [ours[0]!.id],
    committeeTermStart: '2021-05-01',
    committeeTermEnd: '2021-06-30',
    committeeElectedOn: '2021-04-20',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal(
    (await staff.post(`/api/compounds/${id}/members`, { name: '王建国', role: 'director', phone: '13812345678' }))
      .status,
    201,
  );
  assert.equal((await staff.post(`/api/compounds/${id}/members`, { name: '陈秀英', role: 'member' })).status, 201);
  const contract = await staff.post(`/api/compounds/${id}/contracts`, {
    companyName: '绿城物业服务集团',
    contact: '李经理',
    phone: '13900001111',
    startsOn: '2024-01-01',
    endsOn: '2026-12-31',
    feeFen: 150,
  });
  assert.equal(contract.status, 201, JSON.stringify(contract.body));
  const meeting = await staff.post<{ id: number }>('/api/deliberation/meetings', {
    communityId,
    kind: 'tripartite',
    title: '三方协调会：加装电梯',
    place: '打铁关社区议事厅',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 90_000_000).toISOString(),
  });
  assert.equal(meeting.status, 201, JSON.stringify(meeting.body));
  assert.equal((await staff.post(`/api/compounds/${id}/meetings`, { meetingId: meeting.body.id })).status, 201);
  const categories = await resident.get<{ items: Array<{ id: number; code: string }> }>('/api/matters/categories');
  const category = categories.items.find((c) => c.code === 'event.street_order.hawkers')!;
  const matter = await resident.post<{ code: string }>('/api/matters', {
    categoryId: category.id,
    description: '小区门口占道经营，影响通行',
    lat: ours[0]!.lat,
    lng: ours[0]!.lng,
    address: ours[0]!.address,
  });
  assert.equal(matter.status, 201, JSON.stringify(matter.body));

  const { page, errors } = await newPage(browser, { viewport: DESKTOP });
  await flow(page, 'compounds', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await openNav(page, '小区档案');
    await page.getByTestId('compound-search').locator('input').fill('打铁关新村');
    await page.getByTestId('compound-search').locator('input').press('Enter');
    await page.locator('tr', { hasText: '打铁关新村' }).getByText('老旧小区').click();
    const committee = page.getByTestId('compound-committee');
    await committee.getByText('王建国').waitFor();
    await committee.getByText('138****5678').waitFor();
    await committee.getByTestId('committee-warning').getByText('任期已届满，请尽快换届').waitFor();
    const property = page.getByTestId('compound-property');
    await property.getByText('绿城物业服务集团').waitFor();
    await property.getByText(/合同期 2024-01-01 至 2026-12-31/).waitFor();
    await page.getByTestId('compound-meetings').getByText('三方协调会：加装电梯').waitFor();
    const matters = page.getByTestId('compound-matters');
    await matters.getByText(matter.body.code).waitFor();
    await page.getByTestId('compound-buildings').getByText(ours[0]!.name).waitFor();
    await page.getByTestId('compound-votes').waitFor();
    await page.getByTestId('compound-alarms').waitFor();
    // A line of the compound's history, written on the page.
    const history = page.getByTestId('compound-history');
    await history.locator('.ant-picker input').fill('2023-06-01');
    await history.locator('.ant-picker input').press('Enter');
    await history.getByTestId('history-title').fill('首届业主委员会成立');
    await history.getByRole('button', { name: '记一笔' }).click();
    await history.locator('.ant-timeline').getByText('首届业主委员会成立').waitFor();
    // After the election, the new term is written into the file and the warning goes.
    await page.getByTestId('compound-edit').click();
    const modal = page.locator('.ant-modal');
    await modal.locator('.ant-picker input').nth(1).fill('2029-04-30');
    await modal.locator('.ant-picker input').nth(1).press('Enter');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await modal.waitFor({ state: 'hidden' });
    await committee.getByText(/至 2029-04-30/).waitFor();
    assert.equal(await committee.getByTestId('committee-warning').count(), 0);
    await settled(page);
    await screenshot(page, 'compounds-page', true);
  });
  assert.deepEqual(errors, []);
});
