import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { chartsDrawn, poll } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The month before the current one in Asia/Shanghai, YYYY-MM. */
function lastMonth(): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(new Date())
    .split('-')
    .map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

interface Detail {
  score: number;
  rawPoints: number;
  workloadFactor: number;
  lines: Array<{ indicator: string; effectivePoints: number; grantedPoints: number | null }>;
}

interface Score {
  id: number;
  score: number;
  peerGroup: string;
  schemeId: number;
}

test('考核: the district sets a scheme, scores last month, sees the ranking, opens a breakdown and grants an appeal', async () => {
  const month = lastMonth();
  const { page, errors } = await newPage(browser);
  const name = `网格员月度考核 ${Date.now() % 100000}`;
  await flow(page, 'assessment', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await page.goto(`${server.baseUrl}/admin/assessment?tab=schemes`);
    await page.getByTestId('new-scheme').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('scheme-name').fill(name);
    await dialog.getByTestId('weights-sum').getByText('权重合计 100').waitFor();
    await screenshot(page, 'assessment-scheme-editor');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已保存').waitFor();
    const row = page.locator('.ant-table-tbody tr.ant-table-row', { hasText: name });
    await row.waitFor();
    assert.match(await row.innerText(), /第 1 版/);

    // Score last month from the ranking tab.
    const admin = await apiAs(browser, server.baseUrl, 'admin');
    const schemes = await admin.get<{ items: Array<{ id: number; name: string; districtName: string }> }>(
      '/api/assessment/schemes?limit=100',
    );
    const scheme = schemes.items.find((s) => s.name === name)!;
    await page.goto(`${server.baseUrl}/admin/assessment?scheme=${scheme.id}&month=${month}`);
    await page.getByTestId('run-month').click();
    await page.getByText(/已按第 1 版计算 \d+ 个对象/).waitFor();
    const ranking = page.getByTestId('ranking');
    await ranking.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
    await chartsDrawn(page);
    await screenshot(page, 'assessment-ranking');

    // A grid worker of the district appeals the visits line of their score.
    const worker = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
    const mine = (await worker.get<{ items: Score[] }>('/api/assessment/my-scores')).items.find(
      (s) => s.schemeId === scheme.id,
    );
    assert.ok(mine, `the worker is scored by the scheme of ${scheme.districtName}`);
    const filed = await worker.post<{ id: number }>(`/api/assessment/scores/${mine.id}/appeals`, {
      indicator: 'visits',
      reason: '本月入户走访已电话补录，请复核',
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));

    // The breakdown: each line with its records; matters open their page.
    await page.goto(
      `${server.baseUrl}/admin/assessment?scheme=${scheme.id}&month=${month}&peerGroup=${encodeURIComponent(mine.peerGroup)}`,
    );
    await page.getByTestId(`open-score-${mine.id}`).click();
    const breakdown = page.getByTestId('score-breakdown');
    await breakdown.waitFor();
    await breakdown.getByText('走访完成率').waitFor();
    await breakdown.getByText('待处理').waitFor();
    await screenshot(page, 'assessment-breakdown');
    await page.keyboard.press('Escape');

    // The appeal granted from the appeals tab: the score changes by the points decided.
    const before = await admin.get<Detail>(`/api/assessment/scores/${mine.id}`);
    await page.goto(`${server.baseUrl}/admin/assessment?tab=appeals`);
    await page.getByTestId(`grant-${filed.body.id}`).click();
    const decide = page.getByRole('dialog');
    await decide.getByLabel('调整后得分').fill('15');
    await decide.getByTestId('decision-reason').fill('经核实补录记录属实');
    await decide.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByText('已处理').first().waitFor();
    await screenshot(page, 'assessment-appeals');
    const granted = await poll(async () => {
      const d = await admin.get<Detail>(`/api/assessment/scores/${mine.id}`);
      return d.lines.find((l) => l.indicator === 'visits')?.grantedPoints === 15 ? d : false;
    });
    const visits = before.lines.find((l) => l.indicator === 'visits')!;
    const raw = Math.round((before.rawPoints - visits.effectivePoints + 15) * 100) / 100;
    assert.equal(granted.rawPoints, raw);
    assert.equal(granted.score, Math.round(raw * before.workloadFactor * 100) / 100);
  });
  assert.deepEqual(errors, []);
});
