import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
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

interface Warning {
  id: number;
  method: 'rise' | 'cluster' | 'hotspot' | 'coincidence';
  observed: number;
  verdict: string | null;
  summary: string;
  matterId: number | null;
  grid: { name: string } | null;
}
interface Evaluation {
  raised: number;
  judged: number;
}
interface RunOutcome {
  signals: number;
  raised: number;
}

test('预警研判: a burst of reports at one building warns; the street judges it 属实 in the console and opens its matter', async () => {
  const street = await apiAs(browser, server.baseUrl, 'street_wenhui');
  const { items: buildings } = await street.get<{ items: { name: string; lat: number; lng: number }[] }>(
    `/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`,
  );
  const home = buildings.find((b) => b.name === '打铁关小区1幢');
  assert.ok(home, '打铁关小区1幢 is in the demo data');
  const { items: categories } = await street.get<{ items: { id: number; code: string }[] }>(
    '/api/matters/categories?kind=report',
  );
  const category =
    categories.find((c) => c.code === 'community.neighbour.noise') ??
    categories.find((c) => c.code === 'event.street_order.hawkers');
  assert.ok(category, 'a report category');

  // Twenty reports of the same trouble at one building within minutes: far above what the grid
  // usually sees, at any hour of the day (the rise is judged against the share of a day gone by).
  const BURST = 20;
  const { lat, lng } = home;
  const categoryId = category.id;
  const burst = new Set<number>();
  for (let i = 0; i < BURST; i++) {
    const res = await street.post<{ id: number }>('/api/matters', {
      categoryId,
      description: `打铁关小区1幢楼下夜间噪声扰民，第 ${i + 1} 次反映`,
      lat: lat + i * 0.00001,
      lng,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    burst.add(res.body.id);
  }
  const run = await street.post<Record<'rise' | 'cluster' | 'coincidence', RunOutcome>>('/api/warnings/run');
  assert.equal(run.status, 200, JSON.stringify(run.body));
  assert.ok(run.body.rise.raised + run.body.cluster.raised >= 1, `the burst warns: ${JSON.stringify(run.body)}`);

  // The warning of this burst: the one whose cases are its reports (earlier tests' matters may
  // have raised others on the shared server).
  const { items } = await street.get<{ items: Warning[] }>('/api/warnings?limit=50');
  let warning: Warning | undefined;
  for (const w of items.filter((x) => (x.method === 'rise' || x.method === 'cluster') && x.verdict === null)) {
    const detail = await street.get<{ sampleCases: { id: number }[] }>(`/api/warnings/${w.id}`);
    if (detail.sampleCases.some((c) => burst.has(c.id))) {
      warning = w;
      break;
    }
  }
  assert.ok(warning, 'a rise or a cluster of the burst, not judged yet');
  assert.ok(warning.observed >= BURST, `it counts the burst: ${warning.observed}`);
  assert.ok(warning.matterId !== null, 'it was routed as a matter');
  const evaluation = await street.get<Evaluation>('/api/warnings/evaluation');
  const matter = await street.get<{ code: string }>(`/api/matters/${warning.matterId}`);

  const { page, errors } = await newPage(browser);
  await flow(page, 'warnings', async () => {
    await loginToAdmin(page, server.baseUrl, 'street_wenhui');
    await page.goto(`${server.baseUrl}/admin/warnings`);
    await page.getByRole('heading', { name: '预警研判' }).waitFor();

    // The list shows the warning with the API's figures.
    const row = page
      .locator('.ant-table-tbody tr.ant-table-row')
      .filter({ has: page.getByTestId(`verdict-${warning.id}`) });
    await row.waitFor();
    assert.match(await row.getByTestId('warning-observed').innerText(), new RegExp(`^${warning.observed} / `));
    assert.match(await row.innerText(), warning.method === 'rise' ? /异常上升/ : /时空聚集/);
    assert.equal((await row.getByTestId(`verdict-${warning.id}`).innerText()).trim(), '未研判');
    const judged = page.getByTestId('warnings-evaluation').getByTestId('evaluation-judged');
    await judged.getByText(String(evaluation.judged), { exact: true }).waitFor();
    await page.getByTestId('warnings-evaluation').getByText(String(evaluation.raised), { exact: true }).waitFor();
    await chartsDrawn(page);
    assert.doesNotMatch(await page.locator('body').innerText(), /warnings\.[a-z]/, 'no string shown by its key');
    await page.screenshot({ path: '/tmp/warnings.png' });
    await screenshot(page, 'warnings');

    // 立即研判 again: the same burst raises nothing new, and says so.
    await page.getByTestId('warnings-run').click();
    const result = page.getByTestId('warnings-run-result');
    await result.waitFor({ timeout: 60_000 });
    assert.match(await result.innerText(), /异常上升：信号 \d+，新发 0/);
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /知\s*道\s*了|OK/ })
      .click();
    await result.waitFor({ state: 'hidden' });

    // The drawer: the explanation, its cases, and the verdict.
    await row.click();
    const drawer = page.getByTestId('warning-drawer');
    // The figures of a running warning move with each run; what it is and where stay.
    const head = warning.summary.slice(0, warning.summary.indexOf('：'));
    await drawer.getByTestId('warning-summary').getByText(head, { exact: false }).waitFor();
    await drawer.getByTestId('warning-cases').locator('a').first().waitFor();
    assert.ok((await drawer.getByTestId('warning-figures').innerText()).length > 0, 'the figures are shown');
    await settled(page, drawer);
    await page.screenshot({ path: '/tmp/warnings-drawer.png' });
    await drawer.getByLabel('研判说明（选填）').fill('夜间施工噪声，已联系物业');
    await drawer.getByTestId('judge-confirmed').click();
    await page.getByText('已记录研判结论').waitFor();
    await drawer.getByTestId('drawer-verdict').getByText('属实').waitFor();
    await row.getByTestId(`verdict-${warning.id}`).getByText('属实').waitFor();
    await judged.getByText(String(evaluation.judged + 1), { exact: true }).waitFor();
    await drawer.getByTestId('warning-judge').scrollIntoViewIfNeeded();
    await settled(page);
    await page.screenshot({ path: '/tmp/warnings-judged.png' });
    const judgedNow = await street.get<{ verdict: string; verdictNote: string }>(`/api/warnings/${warning.id}`);
    assert.deepEqual([judgedNow.verdict, judgedNow.verdictNote], ['confirmed', '夜间施工噪声，已联系物业']);

    // The filters and the open warning live in the URL: a link brings back the same view.
    await page.goto(`${server.baseUrl}/admin/warnings?verdict=none`);
    await page
      .locator('.gz-pager')
      .getByText(/共 \d+ 条/)
      .waitFor();
    assert.equal(await page.getByTestId(`verdict-${warning.id}`).count(), 0, 'a judged warning is not among 未研判');
    await page.goto(`${server.baseUrl}/admin/warnings?verdict=confirmed&warning=${warning.id}`);
    await drawer.getByTestId('drawer-verdict').getByText('属实').waitFor();
    await page.getByTestId(`verdict-${warning.id}`).waitFor();

    // Its own matter opens in the console.
    await drawer.getByTestId('warning-matter').click();
    await page.waitForURL(new RegExp(`/admin/matters/${warning.matterId}$`));
    await page.getByText(matter.code).first().waitFor();
    await page.screenshot({ path: '/tmp/warnings-matter.png' });
  });
  assert.deepEqual(errors, []);
});
