import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import {
  DESKTOP,
  flow,
  serverAndBrowser,
  loginToAdmin,
  loginToH5,
  newPage,
  openNav,
  PHONE,
  screenshot,
} from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { chartsDrawn, settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('党建引领: a 流动党员 is listed in both branches; an 在职党员 reports to the community and claims a micro-wish', async () => {
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const residentApi = await apiAs(browser, server.baseUrl, 'resident_demo');
  const me = await residentApi.get<{ personId: number }>('/api/auth/me');
  const home = await residentApi.get<{ homeCommunity: { id: number; name: string } }>('/api/party/me');
  const communityId = home.homeCommunity.id;
  const org = async (body: Record<string, unknown>) => {
    const res = await staff.post<{ id: number }>('/api/party/orgs', { communityId, ...body });
    assert.equal(res.status, 201);
    return res.body.id;
  };
  const committee = await org({ kind: 'committee', name: '打铁关社区党委' });
  const first = await org({ kind: 'branch', name: '第一网格党支部', parentId: committee });
  const second = await org({ kind: 'branch', name: '第二网格党支部', parentId: committee });
  const persons = await staff.get<{ items: Array<{ id: number }> }>('/api/org/persons?limit=5');
  const floatingPerson = persons.items.find((p) => p.id !== me.personId)!;
  const floating = await staff.post<{ id: number; name: string }>('/api/party/members', {
    personId: floatingPerson.id,
    kind: 'floating',
    primaryOrgId: first,
    joinedOn: '2012-07-01',
  });
  assert.equal(floating.status, 201);
  assert.equal(
    (await staff.post(`/api/party/members/${floating.body.id}/residence`, { orgId: second })).status,
    200,
    'enrolled where they live',
  );
  const inService = await staff.post('/api/party/members', {
    personId: me.personId,
    kind: 'in_service',
    primaryOrgId: first,
    joinedOn: '2016-07-01',
  });
  assert.equal(inService.status, 201);
  const wish = await staff.post<{ id: number }>('/api/volunteer/wishes', {
    communityId,
    beneficiaryLabel: '独居老人王奶奶',
    title: '一台收音机',
  });
  assert.equal(wish.status, 201);

  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });

  await flow(desk, 'party-branches', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '党建引领');
    const tree = desk.getByTestId('party-tree');
    for (const branch of ['第二网格党支部', '第一网格党支部']) {
      await tree.getByText(new RegExp(`^${branch}`)).click();
      const row = desk.locator('tr', { hasText: floating.body.name });
      await row.getByText('流动党员').waitFor();
      await row.getByText('第二网格党支部').waitFor();
    }
    await settled(desk);
    await screenshot(desk, 'party-branches');
  });

  await flow(phone, 'party-report', async () => {
    await loginToH5(phone, server.baseUrl, 'resident_demo');
    await phone.getByTestId('feature-party').click();
    await phone.getByTestId('party-my-branches').getByText('第一网格党支部').waitFor();
    await phone.getByTestId('party-report').getByText(home.homeCommunity.name).waitFor();
    await phone.getByTestId('party-report-button').click();
    await phone.getByText('已提交报到，等待社区确认').waitFor();
    await settled(phone);
    await screenshot(phone, 'party-reported', true);
  });

  await flow(desk, 'party-confirm', async () => {
    await desk.getByRole('tab', { name: '报到确认' }).click();
    const row = desk.locator('tr', { hasText: home.homeCommunity.name });
    await row.getByRole('button', { name: /确\s*认/ }).click();
    await row.getByText('已报到').waitFor();
  });

  await flow(phone, 'party-claim', async () => {
    await phone.reload();
    const item = phone.getByTestId(`party-wish-${wish.body.id}`);
    await item.getByText('一台收音机').waitFor();
    await settled(phone);
    await screenshot(phone, 'party-tasks', true);
    await item.getByRole('button', { name: '认领' }).click();
    await item.waitFor({ state: 'detached' });
    const wishes = await residentApi.get<{ items: Array<{ id: number; status: string }> }>(
      '/api/volunteer/wishes?status=claimed',
    );
    assert.equal(wishes.items.find((w) => w.id === wish.body.id)?.status, 'claimed');
  });

  await flow(desk, 'party-stats', async () => {
    await desk.getByRole('tab', { name: '支部统计' }).click();
    const row = desk.getByRole('tabpanel').locator('tr', { hasText: '第一网格党支部' });
    // members 2, reported 1, claimed 1, done 0
    await row.locator('td').nth(3).getByText('1', { exact: true }).waitFor();
    await chartsDrawn(desk);
    await screenshot(desk, 'party-stats');
  });

  // The member signs up for a volunteer activity from the party page; it counts in the branch's figures.
  const leader = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  const nuanbao = (await leader.get<{ items: { id: number }[] }>('/api/volunteer/teams?q=暖宝')).items[0]!;
  const activity = await leader.post<{ id: number }>('/api/volunteer/activities', {
    teamId: nuanbao.id,
    title: '党员楼道清扫',
    place: '打铁关小区1幢',
    startsAt: new Date(Date.now() + 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 90_000_000).toISOString(),
    capacity: 10,
  });
  assert.equal(activity.status, 201, JSON.stringify(activity.body));
  await flow(phone, 'party-activity', async () => {
    await phone.reload();
    const item = phone.getByTestId(`party-activity-${activity.body.id}`);
    await item.getByText('党员楼道清扫').waitFor();
    await item.getByRole('button', { name: '报名' }).click();
    await item.getByText('已报名').waitFor();
    await phone.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await settled(phone);
    await screenshot(phone, 'party-activities', true);
  });

  // Staff name a branch's secretary, remove an organisation nobody is in, and read the tasks per kind.
  const empty = await org({ kind: 'group', name: '临时党小组', parentId: committee });
  const project = await staff.post<{ id: number }>('/api/volunteer/projects', { communityId, title: '楼道灯更换' });
  assert.equal(project.status, 201);
  await flow(desk, 'party-edit', async () => {
    await desk.reload();
    await desk.getByRole('tab', { name: '组织架构' }).click();
    const tree = desk.getByTestId('party-tree');
    await tree.getByText(/^第二网格党支部/).click();
    await desk.getByTestId('party-org-edit').click();
    await desk.getByTestId('party-org-secretary').fill('周书记');
    await desk
      .getByRole('dialog')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await desk.getByTestId('party-org-title').getByText('书记：周书记').waitFor();
    await settled(desk);
    await screenshot(desk, 'party-org-edited');
    // 先锋领办: the first branch takes on the key small matter under its name.
    await tree.getByText(/^第一网格党支部/).click();
    await desk.getByTestId('party-org-projects').click();
    const projects = desk.getByTestId('party-projects');
    const projectRow = projects.locator('tr', { hasText: '楼道灯更换' });
    await projectRow.waitFor();
    await settled(desk);
    await screenshot(desk, 'party-projects');
    await projectRow.getByRole('button', { name: /领\s*办/ }).click();
    await projectRow.waitFor({ state: 'detached' });
    await desk
      .getByRole('dialog')
      .getByRole('button', { name: /close|关闭/i })
      .click();
    await tree.getByText(/^临时党小组/).click();
    await desk.getByTestId('party-org-remove').click();
    await desk
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    await tree.getByText(/^临时党小组/).waitFor({ state: 'detached' });
    const orgs = await staff.get<{ items: Array<{ id: number }> }>('/api/party/orgs');
    assert.ok(!orgs.items.some((o) => o.id === empty));
  });

  await flow(desk, 'party-stats-tasks', async () => {
    await desk.getByRole('tab', { name: '支部统计' }).click();
    const row = desk.getByTestId('party-stats').locator('tr', { hasText: '第一网格党支部' });
    // tasks claimed: the wish, the activity and the project; per kind 1/0 each
    await row.locator('td').nth(3).getByText('3', { exact: true }).waitFor();
    for (const cell of [5, 6, 7]) await row.locator('td').nth(cell).getByText('1 / 0', { exact: true }).waitFor();
    await settled(desk);
    await screenshot(desk, 'party-stats-tasks');
  });

  assert.deepEqual([...deskErrors, ...errors], []);
});
