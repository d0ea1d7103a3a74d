import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, launchBrowser, loginToAdmin, newPage, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

interface Cockpit {
  area: { id: number | null; name: string };
  children: { id: number; name: string }[];
  tiles: { id: string; value: number | null; drill: { path: string; query: Record<string, string> } | null }[];
}

/** The tiles of other modules than matters whose lists the console opens in a table. */
const LIST_TILES = ['alarms.active', 'warnings.open', 'care.targets', 'mediation.open'];

test('驾驶舱: a district opens a street’s alarms, warnings, care or mediation list narrowed to the street', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'cockpit-area-drill', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    const read = async (query: string) => {
      const res = await page.request.get(`${server.baseUrl}/api/cockpit${query}`);
      assert.equal(res.status(), 200, await res.text());
      return (await res.json()) as Cockpit;
    };
    // The demo admin runs two districts: a street of the first with records in another module.
    const district = await read(`?areaId=${(await read('')).children[0]!.id}`);
    let found: { street: Cockpit; tile: Cockpit['tiles'][number] } | undefined;
    for (const child of district.children) {
      const street = await read(`?areaId=${child.id}`);
      const tile = street.tiles.find((t) => LIST_TILES.includes(t.id) && (t.value ?? 0) > 0 && t.drill);
      if (tile) {
        found = { street, tile };
        break;
      }
    }
    assert.ok(found, 'a street of the demo district has alarms, warnings, people under care or cases');
    const { street, tile } = found;
    assert.equal(tile.drill!.query.areaId, String(street.area.id));

    await page.goto(`${server.baseUrl}/admin/cockpit?areaId=${street.area.id}`);
    await page.getByTestId(`cockpit-value-${tile.id}`).click();
    await page.waitForURL(new RegExp(`areaId=${street.area.id}`));
    await page.getByTestId('area-drill').getByText(street.area.name).waitFor();
    // One page of rows holds them all: the list shows exactly what the tile counts.
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await rows.first().waitFor();
    await settled(page);
    assert.equal(await rows.count(), tile.value, `${tile.id} of ${street.area.name}`);
    await screenshot(page, 'cockpit-area-drill');

    // Cleared, the list is the whole area's again.
    await page.getByTestId('area-drill').getByRole('button').click();
    await page.getByTestId('area-drill').waitFor({ state: 'detached' });
    assert.doesNotMatch(page.url(), /areaId=/);
  });
  assert.deepEqual(errors, []);
});
