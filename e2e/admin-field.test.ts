import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
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

interface Building {
  id: number;
  name: string;
  lat: number;
  lng: number;
  communityId: number;
  gridId: number | null;
}
interface Patrol {
  id: number;
  userName: string;
  startedAt: string;
  distanceMeters: number;
}

/** The local date (the demo's Asia/Shanghai) of an instant. */
const localDate = (iso: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(iso));

test("the admin console's field pages: a day's trails on the grid map, the work log, visits and their rules", async () => {
  // The scene, through the API: a grid worker of 打铁关 walks onto 打铁关小区1幢, checks in, stops; and visits someone due.
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const { items } = await admin.get<{ items: Building[] }>(
    `/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`,
  );
  const building = items.find((b) => b.name === '打铁关小区1幢');
  assert.ok(building, '打铁关小区1幢 is in the demo data');
  const worker = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  const started = await worker.post<Patrol>('/api/field/patrols');
  assert.equal(started.status, 201, JSON.stringify(started.body));
  const patrol = started.body;
  const t0 = Date.parse(patrol.startedAt);
  const samples = [3, 2, 1, 0].map((north, i) => ({
    lat: building.lat + north * 0.00025,
    lng: building.lng + north * 0.0001,
    accuracy: 8,
    at: new Date(t0 + (i + 1) * 1000).toISOString(),
  }));
  assert.equal((await worker.post(`/api/field/patrols/${patrol.id}/samples`, { samples })).status, 200);
  assert.equal(
    (await worker.post(`/api/field/patrols/${patrol.id}/check-ins`, { buildingId: building.id })).status,
    200,
  );
  const stopped = await worker.post<Patrol>(`/api/field/patrols/${patrol.id}/stop`);
  assert.equal(stopped.status, 200);
  assert.ok(stopped.body.distanceMeters > 50, `the trail has a length (${stopped.body.distanceMeters} m)`);
  const due = await worker.get<{ items: { personId: number; name: string }[] }>('/api/field/visits/due?limit=5');
  const visited = due.items[0];
  assert.ok(visited, 'someone of the grid is due a visit in the demo data');
  const visit = await worker.post('/api/field/visits', {
    personId: visited.personId,
    method: 'home',
    notes: '身体不错',
  });
  assert.equal(visit.status, 201, JSON.stringify(visit.body));
  const day = localDate(patrol.startedAt);
  const workerName = patrol.userName;

  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-field-trails', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    // The map of the community, with the layer for the patrol's day (the date picker keeps it in reach of any day).
    await page.goto(`${server.baseUrl}/admin/map?area=${building.communityId}&trails=${day}`);
    const trail = page.locator(`[data-testid="patrol-trail"][data-worker="${workerName}"]`);
    await trail.waitFor({ state: 'attached' });
    const legend = page.getByTestId('patrol-legend-row').filter({ hasText: workerName });
    await legend.waitFor();
    assert.match(await legend.innerText(), /\d{2}:\d{2}–\d{2}:\d{2}[\s\S]*公里/);
    assert.ok((await page.locator('path.gz-patrol-check-in').count()) >= 1, 'the check-in is marked');
    // Per grid: the building reached, out of the grid's buildings.
    const gridRow = page.getByTestId('patrol-grid-row').first();
    assert.match(await gridRow.innerText(), /已到 1 \/ \d+ 栋/);
    await gridRow.click();
    await page.getByTestId('patrol-day-panel').locator('.ant-tag', { hasText: '打铁关小区1幢' }).waitFor();
    assert.equal(await page.getByTestId('patrol-trail-date').inputValue(), day);
    await settled(page);
    await screenshot(page, 'admin-field-trails', true);

    // Another day has none of them; the layer off draws nothing.
    await page.getByTestId('patrol-trail-date').click();
    await page.getByTestId('patrol-trail-date').fill('2020-01-01');
    await page.keyboard.press('Enter');
    await page.getByText('当天没有巡查').waitFor();
    assert.equal(await trail.count(), 0);
    await page.getByTestId('patrol-trail-toggle').click();
    await page.getByTestId('patrol-legend').waitFor({ state: 'detached' });
  });

  await flow(page, 'admin-field-work-log', async () => {
    await openNav(page, '工作日志');
    await page.getByRole('heading', { name: '工作日志' }).waitFor();
    // The patrol's month, whatever month it is now.
    await page.goto(`${server.baseUrl}/admin/field/work-log?month=${day.slice(0, 7)}`);
    const row = page.locator('.ant-table-row', { hasText: workerName });
    await row.waitFor();
    assert.match(await row.innerText(), /公里/);
    await row.click();
    const month = page.getByTestId('work-log-worker');
    await month.getByText(`${workerName} · ${day.slice(0, 7)}`).waitFor();
    await month.locator('.ant-table-row', { hasText: day }).waitFor();
    await chartsDrawn(page, month);
    // CSV of the month: the worker with their figures.
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 CSV/ }).click();
    const csv = await readFile((await (await download).path())!, 'utf8');
    assert.match(csv, new RegExp(`"${day.slice(0, 7)}","${workerName}"`));
    await screenshot(page, 'admin-field-work-log', true);
  });

  await flow(page, 'admin-field-visits', async () => {
    await openNav(page, '走访');
    await page.getByRole('heading', { name: '走访' }).waitFor();
    const visitRow = page.locator('.ant-table-row', { hasText: visited.name }).filter({ hasText: workerName });
    await visitRow.first().waitFor();
    await page.getByPlaceholder('搜索姓名').fill(visited.name);
    await page.getByPlaceholder('搜索姓名').press('Enter');
    await page.waitForURL(/q=/);
    await visitRow.first().waitFor();
    await screenshot(page, 'admin-field-visits');

    await page.getByRole('tab', { name: '应访人员' }).click();
    await page.locator('.ant-table-thead').getByText('应访日期').waitFor();
    await settled(page);
    await screenshot(page, 'admin-field-due');

    // The community's rules: 独居老人 every 7 days by default; set to 5 and saved.
    await page.goto(`${server.baseUrl}/admin/field/visits?tab=rules&communityId=${building.communityId}`);
    const rules = page.getByTestId('visit-rules');
    await rules.getByText('独居老人').first().waitFor();
    const days = rules.getByLabel('走访周期').first();
    assert.equal(await days.inputValue(), '7');
    await days.fill('5');
    await rules.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('走访频次已保存').waitFor();
    const saved = await admin.get<{ rules: { tag: string; everyDays: number; isDefault: boolean }[] }>(
      `/api/field/visit-rules/${building.communityId}`,
    );
    assert.deepEqual(
      saved.rules.find((r) => r.tag === 'elderly_alone'),
      { tag: 'elderly_alone', everyDays: 5, isDefault: false },
    );
    await screenshot(page, 'admin-field-rules');
  });
  assert.deepEqual(errors, []);
});
