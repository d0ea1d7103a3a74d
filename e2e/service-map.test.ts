import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
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

interface Coverage {
  residents: number;
  buildings: number;
  communities: { name: string; missingKinds: string[] }[];
}
interface GapPage {
  items: { name: string; residents: number }[];
}

test('服务一张图: the street sees coverage by service and community, the buildings in a gap, and what a new station would change', async () => {
  const api = await apiAs(browser, server.baseUrl, 'street_wenhui');
  const coverage = await api.get<Coverage>('/api/service-map/coverage');
  const gaps = await api.get<GapPage>('/api/service-map/gaps?kind=childcare&level=15&limit=20');
  assert.ok(coverage.buildings > 0 && gaps.items.length > 0, 'the demo street has buildings without childcare');

  const { page, errors } = await newPage(browser);
  await flow(page, 'service-map', async () => {
    await loginToAdmin(page, server.baseUrl, 'street_wenhui');
    await openNav(page, '服务一张图');
    await page.getByRole('heading', { name: '服务一张图' }).waitFor();
    // The numbers the page shows are the API's.
    await page.getByText(`已定位楼栋 ${coverage.buildings} 栋、居民 ${coverage.residents} 人`).waitFor();
    const communities = page.locator('.gz-servicemap-communities .ant-table-tbody tr.ant-table-row');
    await communities.first().waitFor();
    assert.equal(await communities.count(), Math.min(coverage.communities.length, 20));

    // The gaps of one service: the buildings without childcare within 15 minutes, most residents first.
    await page.getByTestId('servicemap-kind').click();
    await page.locator('.ant-select-dropdown').getByText('托育服务', { exact: true }).click();
    await page.getByText('缺口楼栋：托育服务，15 分钟内到不了').waitFor();
    const gapRows = page.locator('[data-testid="servicemap-gaps"] .ant-table-tbody tr.ant-table-row');
    await gapRows.first().getByText(gaps.items[0]!.name).waitFor();
    assert.equal(await gapRows.count(), gaps.items.length);
    await page.locator('.ant-select-dropdown').waitFor({ state: 'hidden' });
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'service-map');

    // What if a childcare point opened in the middle of the gap (the map is framed on it)?
    await page.getByTestId('servicemap-plan').click();
    const map = page.locator('.gz-servicemap-map');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await page.getByText('已放 1 个').waitFor();
    await page.getByRole('button', { name: '计算' }).click();
    const result = page.getByTestId('servicemap-whatif');
    await result.waitFor();
    assert.match(await result.innerText(), /受益楼栋 [1-9]\d* 栋/);
    assert.match(await result.innerText(), /托育服务/);
    await screenshot(page, 'service-map-what-if');
  });
  assert.deepEqual(errors, []);
});
