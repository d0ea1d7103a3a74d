import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { poll, settled } from './support/wait.ts';

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

/** A whole-page screenshot from the top (the sticky bar stays where it belongs). */
async function wholePage(page: Page, name: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await screenshot(page, name, true);
}

/** Nothing wider than the phone, and no string shown by its key. */
async function fitsAndReads(page: Page, screen: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${screen}: ${width} px wide on a ${PHONE.width} px phone`);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /assessment\.[a-z]+|h5\.[a-z]+\.|common\./, `${screen}: a raw i18n key`);
}

interface Line {
  indicator: string;
  weight: number;
  effectivePoints: number;
  grantedPoints: number | null;
  appeals: { id: number; status: string }[];
}

interface Detail {
  id: number;
  month: string;
  score: number;
  rank: number;
  peerSize: number;
  rawPoints: number;
  workloadFactor: number;
  lines: Line[];
}

test('我的考核: a grid worker sees last month’s score and rank on the phone, opens the breakdown, appeals a line, and sees the points granted', async () => {
  const month = lastMonth();
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const worker = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  const street = await apiAs(browser, server.baseUrl, 'street_wenhui');

  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-assessment', async () => {
    await loginToH5(page, server.baseUrl, 'grid_datieguan_01');

    // Nothing scored yet: the page says when and from what scores are made.
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByTestId('entry-assessment').waitFor();
    await fitsAndReads(page, 'me');
    await screenshot(page, 'h5-assessment-entry');
    await page.getByTestId('entry-assessment').click();
    await page.getByTestId('assessment-empty').getByText('每月 1 日', { exact: false }).waitFor();
    await fitsAndReads(page, 'my assessment, empty');
    await screenshot(page, 'h5-assessment-empty');

    // The district (拱墅区) sets a scheme from last month and scores it.
    const { divisions } = await admin.get<{ divisions: { id: number; name: string; level: string }[] }>(
      '/api/org/tree',
    );
    const district = divisions.find((d) => d.name === '拱墅区' && d.level === 'district');
    assert.ok(district, '拱墅区 is in the demo data');
    const created = await admin.post<{ id: number }>('/api/assessment/schemes', {
      districtId: district.id,
      subjectKind: 'grid_worker',
      name: `网格员月度考核 ${Date.now() % 100000}`,
      effectiveFrom: month,
      indicators: [
        { indicator: 'accepted_on_time', weight: 15, target: 0.95 },
        { indicator: 'resolved_on_time', weight: 20, target: 0.9 },
        { indicator: 'overdue', weight: 10, perItem: 2 },
        { indicator: 'supervision_cards', weight: 10, perRed: 5, perYellow: 2 },
        { indicator: 'visits', weight: 15, target: 1 },
        { indicator: 'patrol_coverage', weight: 15, target: 0.8 },
        { indicator: 'satisfaction', weight: 15, target: 0.9 },
      ],
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const run = await admin.post(`/api/assessment/schemes/${created.body.id}/runs`, { month });
    assert.equal(run.status, 200, JSON.stringify(run.body));
    const mine = (
      await worker.get<{ items: { id: number; schemeId: number }[] }>('/api/assessment/my-scores')
    ).items.find((s) => s.schemeId === created.body.id);
    assert.ok(mine, 'the worker is scored by the scheme');
    const before = await worker.get<Detail>(`/api/assessment/scores/${mine.id}`);

    // The month's score and rank in the list.
    await page.reload();
    const item = page.getByTestId(`my-score-${mine.id}`);
    await item.waitFor();
    const listed = await item.innerText();
    assert.match(listed, new RegExp(month));
    assert.match(listed, new RegExp(`组内第 ${before.rank} / ${before.peerSize} 名`));
    assert.equal((await item.getByTestId('my-score-total').innerText()).trim(), String(before.score));
    await fitsAndReads(page, 'my assessment');
    await screenshot(page, 'h5-assessment-list');

    // The breakdown: every line with value, points and records.
    await item.click();
    await page.getByTestId('score-breakdown').waitFor();
    await page.getByTestId('breakdown-total').getByText(String(before.score)).waitFor();
    for (const l of before.lines) await page.getByTestId(`line-${l.indicator}`).waitFor();
    await settled(page);
    await fitsAndReads(page, 'score breakdown');
    await wholePage(page, 'h5-assessment-breakdown');

    // Appeal a line short of its weight (visits when it is): a too-short reason is refused here.
    const appealed =
      before.lines.find((l) => l.indicator === 'visits' && l.effectivePoints < l.weight) ??
      before.lines.find((l) => l.effectivePoints < l.weight) ??
      before.lines[0]!;
    const ind = appealed.indicator;
    await page.getByTestId(`appeal-${ind}`).click();
    const sheet = page.getByTestId('appeal-sheet');
    await sheet.getByTestId('appeal-reason').locator('textarea').fill('漏记');
    await sheet.getByTestId('appeal-submit').click();
    await sheet.getByTestId('appeal-problem').getByText('至少 5 个字', { exact: false }).waitFor();
    await sheet.getByTestId('appeal-reason').locator('textarea').fill('本月有三户走访已电话补录，请复核');
    await fitsAndReads(page, 'appeal form');
    await screenshot(page, 'h5-assessment-appeal-form');
    await sheet.getByTestId('appeal-submit').click();
    const state = page.getByTestId(`appeal-state-${ind}`);
    await state.getByText('申诉中').waitFor();
    await page.getByTestId(`appeal-${ind}`).waitFor({ state: 'detached' });
    await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
    await wholePage(page, 'h5-assessment-pending');

    // The street grants it with the line's full weight; the open page follows by itself.
    const pending = await street.get<Detail>(`/api/assessment/scores/${mine.id}`);
    const appeal = pending.lines.find((l) => l.indicator === ind)!.appeals[0]!;
    assert.equal(appeal.status, 'pending');
    const decided = await street.post(`/api/assessment/appeals/${appeal.id}/decision`, {
      decision: 'grant',
      reason: '经核实补录记录属实',
      adjustedPoints: appealed.weight,
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    const after = await poll(async () => {
      const d = await worker.get<Detail>(`/api/assessment/scores/${mine.id}`);
      return d.lines.find((l) => l.indicator === ind)?.grantedPoints === appealed.weight ? d : false;
    });
    const raw = Math.round((before.rawPoints - appealed.effectivePoints + appealed.weight) * 100) / 100;
    assert.equal(after.rawPoints, raw);
    await state.getByText('申诉已同意').waitFor();
    await state.getByText(`调整为 ${appealed.weight} 分（原 ${appealed.effectivePoints} 分）`).waitFor();
    await page.getByTestId(`points-${ind}`).getByText(`${appealed.weight} 分`).waitFor();
    await page.getByTestId('breakdown-total').getByText(String(after.score), { exact: true }).waitFor();
    await page.getByTestId('breakdown-rank').getByText(`组内第 ${after.rank} / ${after.peerSize} 名`).waitFor();
    await wholePage(page, 'h5-assessment-granted');

    // Back to the list: the new total.
    await page.goBack();
    await page
      .getByTestId(`my-score-${mine.id}`)
      .getByTestId('my-score-total')
      .getByText(String(after.score))
      .waitFor();

    // In English: the entry, the list and the breakdown fit and read.
    await page.goto(`${server.baseUrl}/h5/me`);
    await page.getByText('English', { exact: true }).click();
    await page.getByTestId('entry-assessment').getByText('My assessment').waitFor();
    await page.getByTestId('entry-assessment').click();
    await page.getByTestId(`my-score-${mine.id}`).getByText(`${after.rank} of ${after.peerSize} in group`).waitFor();
    await fitsAndReads(page, 'my assessment, English');
    await page.getByTestId(`my-score-${mine.id}`).click();
    await page.getByTestId(`appeal-state-${ind}`).getByText('Appeal granted').waitFor();
    await settled(page);
    await fitsAndReads(page, 'score breakdown, English');
    const headings = await page.locator('.adm-nav-bar-title, .h5-card-title').allInnerTexts();
    for (const heading of headings) assert.doesNotMatch(heading, /[\u4e00-\u9fff]/, `Chinese heading: ${heading}`);
    await wholePage(page, 'h5-assessment-breakdown-en');
  });
  assert.deepEqual(errors, []);
});
