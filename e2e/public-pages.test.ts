import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, loginToAdmin, newPage, PHONE, screenshot, serverAndBrowser } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  // Pages kept one second, so the page opened after the scene is set shows all of it.
  [server, browser] = await serverAndBrowser(startServer({ env: { PUBLIC_PAGES_CACHE_SECONDS: '1' } }));
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const until = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

test('公示: without signing in, a phone opens a community from the index and sees a notice, a vote result and a resolved report', async () => {
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const grid = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  const board = await resident.get<{ community: { id: number } }>('/api/org/board');
  const communityId = board.community.id;

  const notice = await staff.post('/api/notices/manage', {
    senderId: communityId,
    topic: 'community',
    category: 'other',
    urgency: 'expected',
    severity: 'minor',
    certainty: 'likely',
    headline: '周六上午二次供水检修停水',
    description: '9:00—12:00 二次供水设施检修，请提前储水。',
    instruction: '',
    areaIds: [communityId],
    audienceRoles: ['resident'],
    expires: new Date(Date.now() + 24 * 3_600_000).toISOString(),
  });
  assert.equal(notice.status, 201, JSON.stringify(notice.body));

  // A vote on the real clock: open in a second, closed five seconds later, then counted.
  const t0 = Date.now();
  const vote = await staff.post<{ id: number }>('/api/deliberation/votes', {
    communityId,
    title: '快递柜选址',
    question: '新快递柜放在哪里？',
    electorate: 'residents',
    scopeKind: 'community',
    options: [
      { key: 'gate', label: '东门岗亭旁' },
      { key: 'garden', label: '中心花园北侧' },
    ],
    noticeAt: new Date(t0).toISOString(),
    opensAt: new Date(t0 + 1_000).toISOString(),
    closesAt: new Date(t0 + 6_000).toISOString(),
  });
  assert.equal(vote.status, 201, JSON.stringify(vote.body));

  // A report resolved with a public answer.
  const buildings = await staff.get<{ items: Array<{ name: string; lat: number; lng: number }> }>(
    `/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`,
  );
  const b = buildings.items.find((x) => x.name === '打铁关小区1幢')!;
  const categories = await resident.get<{ items: Array<{ id: number; code: string }> }>('/api/matters/categories');
  const reported = await resident.post<{ id: number }>('/api/matters', {
    categoryId: categories.items.find((c) => c.code === 'event.construction.noise')!.id,
    description: '工地夜间施工噪音很大',
    lat: b.lat,
    lng: b.lng,
  });
  assert.equal(reported.status, 201, JSON.stringify(reported.body));
  const m = reported.body.id;
  for (const [step, body] of [
    ['accept', {}],
    ['start', {}],
    ['resolve', { note: '已联系施工方，夜间停工' }],
  ] as const) {
    const res = await grid.post(`/api/matters/${m}/${step}`, body);
    assert.equal(res.status, 200, `${step}: ${JSON.stringify(res.body)}`);
  }

  await until(t0 + 1_200);
  assert.equal(
    (await resident.post(`/api/deliberation/votes/${vote.body.id}/ballot`, { choice: 'garden' })).status,
    200,
  );
  await until(t0 + 6_500);
  const counted = await staff.post(`/api/deliberation/votes/${vote.body.id}/count`);
  assert.equal(counted.status, 200, JSON.stringify(counted.body));
  await new Promise((resolve) => setTimeout(resolve, 1_100));

  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'public-pages', async () => {
    await page.goto(`${server.baseUrl}/p`);
    await page.waitForURL(/\/h5\/p$/);
    await page.getByTestId(`public-community-${communityId}`).click();
    await page.waitForURL(new RegExp(`/h5/p/${communityId}$`));
    await page.getByTestId('public-notices').getByText('周六上午二次供水检修停水').waitFor();
    const result = page.getByTestId(`public-vote-result-${vote.body.id}`);
    await result.getByText('多数选项：中心花园北侧').waitFor();
    const reports = page.getByTestId('public-reports');
    await reports.getByText('答复：已联系施工方，夜间停工').first().waitFor();
    await reports.locator('.leaflet-interactive').first().waitFor();
    assert.ok(!page.url().includes('/login'), 'no sign-in asked');
    await screenshot(page, 'public-community-phone');
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'public-community-vote-phone');
    await reports.scrollIntoViewIfNeeded();
    await screenshot(page, 'public-community-reports-phone');
  });
  assert.deepEqual(errors, []);
});

test('公示 in the console: a community shows its public link and QR code, and prints a poster of it', async () => {
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const communityId = (await resident.get<{ community: { id: number } }>('/api/org/board')).community.id;
  const { page, errors } = await newPage(browser);
  await flow(page, 'public-poster', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await page.goto(`${server.baseUrl}/admin/org?node=d-${communityId}`);
    const card = page.getByTestId('public-page-card');
    await card.getByText(`${server.baseUrl}/p/${communityId}`).waitFor();
    await card.getByTestId('public-page-qr').locator('img').waitFor();
    assert.equal(
      await card.getByTestId('public-poster-link').getAttribute('href'),
      `/admin/public-poster?communityId=${communityId}`,
    );
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-public-page-card');
    await page.goto(`${server.baseUrl}/admin/public-poster?communityId=${communityId}`);
    const poster = page.getByTestId('public-poster');
    await poster.getByRole('heading', { name: '打铁关社区 公示' }).waitFor();
    await poster.getByTestId('public-poster-qr').locator('img').waitFor();
    await poster.getByText(`${server.baseUrl}/p/${communityId}`).waitFor();
    await screenshot(page, 'admin-public-poster', true);
  });
  assert.deepEqual(errors, []);
});
