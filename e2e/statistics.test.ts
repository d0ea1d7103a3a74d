import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { chartsDrawn, settled } from './support/wait.ts';

/** The other modules' tabs, by their English names. */
const MODULES: Record<string, string> = {
  Mediation: 'mediation',
  Points: 'points',
  Volunteering: 'volunteer',
  Charging: 'charging',
  Care: 'care',
};

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('统计分析: this month by community; a count opens exactly the matters it counts; the page in English', async () => {
  const { page, errors } = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await flow(page, 'statistics', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await openNav(page, '统计分析');
    await page.getByRole('heading', { name: '统计分析' }).waitFor();

    // This month, by community.
    await page.locator('.ant-segmented-item', { hasText: /^本月$/ }).click();
    await page.getByTestId('statistics-group-by').click();
    await page.locator('.ant-select-item-option', { hasText: /^按社区$/ }).click();
    await page.waitForURL(/groupBy=community/);
    const table = page.getByTestId('statistics-table');
    await table.locator('[data-testid="count-__total-received"]').waitFor();
    await chartsDrawn(page, page.locator('.gz-statistics'));
    await settled(page);
    await screenshot(page, 'statistics', true);

    // The first community's matters received this month: a link to the list of exactly them.
    const counts = table.locator(
      '[data-testid^="count-"][data-testid$="-received"]:not([data-testid^="count-__total"])',
    );
    assert.ok((await counts.count()) > 0, 'the demo area has communities with matters this month');
    let link = counts.first();
    for (const candidate of await counts.all())
      if (Number(await candidate.innerText()) > 0) {
        link = candidate;
        break;
      }
    const expected = Number(await link.innerText());
    assert.ok(expected > 0, 'a community received matters this month');
    const href = (await link.getAttribute('href'))!;
    assert.match(href, /queue=all&measure=received&measureFrom=.+&measureTo=.+&communityId=\d+/);

    // The list the API answers for those filters counts the same.
    const query = new URL(href, server.baseUrl).searchParams;
    query.set('withTotal', 'true');
    query.set('limit', '1');
    const answer = await page.request.get(`${server.baseUrl}/api/matters?${query}`);
    assert.equal(answer.status(), 200);
    assert.equal(((await answer.json()) as { total: number }).total, expected);

    // Grouped by street within that community, the street's row is the community's matters, and opens them.
    const communityId = query.get('communityId')!;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const byStreet = await page.request.get(`${server.baseUrl}/api/matters/statistics`, {
      params: { from: `${today.slice(0, 4)}-01-01`, to: today, groupBy: 'street', areaId: communityId },
    });
    const streets = (await byStreet.json()) as {
      total: { received: number };
      rows: { drill: Record<string, string>; figures: { received: number } }[];
    };
    assert.equal(streets.rows.length, 1);
    assert.equal(streets.rows[0]!.figures.received, streets.total.received);
    assert.equal(streets.rows[0]!.drill.areaId, communityId);

    // In the console: the list is narrowed, says so, and shows that many.
    await link.click();
    await page.waitForURL(/\/admin\/matters\?.*measure=received/);
    const banner = page.getByTestId('statistics-drill');
    await banner.waitFor();
    assert.match(await banner.innerText(), /统计钻取：受理量 · \d+月\d+日–\d+月\d+日 · .+社区/);
    await page.locator('.gz-pager', { hasText: `共 ${expected} 条` }).waitFor();
    await settled(page);
    await screenshot(page, 'statistics-drill');

    // Clearing the drill-down shows the whole queue again.
    await banner.getByRole('button', { name: /清\s*除/ }).click();
    await banner.waitFor({ state: 'detached' });
    assert.doesNotMatch(page.url(), /measure=/);

    // Back to the statistics, as they were; then in English.
    await page.goBack();
    await page.goBack();
    await page.waitForURL(/\/admin\/statistics\?.*groupBy=community/);
    await table.locator('[data-testid="count-__total-received"]').waitFor();
    await page.getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Statistics' }).waitFor();
    await page.waitForFunction(() => document.title === 'Statistics · Gongzhi');
    await page.getByTestId('tile-received').getByText('Received').waitFor();
    await page.getByRole('tab', { name: 'Matters' }).waitFor();
    await page.locator('.ant-segmented-item', { hasText: /^This month$/ }).waitFor();
    await table.getByRole('columnheader', { name: 'Resolved on time' }).waitFor();
    await table.getByText('Total', { exact: true }).waitFor();
    const text = await page.locator('.gz-statistics').innerText();
    assert.doesNotMatch(text.replace(/[^\n]*社区[^\n]*/g, ''), /[受办超满率按]/, 'no Chinese left but the place names');
    await chartsDrawn(page, page.locator('.gz-statistics'));
    await screenshot(page, 'statistics-en', true);

    // The other modules' figures, each a tab the administrator may read.
    for (const tab of Object.keys(MODULES)) {
      await page.getByRole('tab', { name: tab }).click();
      await page.getByTestId(`module-${MODULES[tab]}`).locator('.gz-statistics-tile').first().waitFor();
      await settled(page);
      await screenshot(page, `statistics-${MODULES[tab]}-en`);
    }
  });
  assert.deepEqual(errors, []);
});
