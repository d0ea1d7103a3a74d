import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
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
import { chartsDrawn, poll, settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

interface Tile {
  id: string;
  value: number | null;
  rag: string | null;
}
interface Cockpit {
  area: { name: string };
  children: { id: number; name: string }[];
  tiles: Tile[];
}

/** The cockpit as the page's signed-in user reads it. */
async function cockpitOf(page: Page): Promise<Cockpit> {
  const response = await page.request.get(`${server.baseUrl}/api/cockpit`);
  assert.equal(response.status(), 200, await response.text());
  return (await response.json()) as Cockpit;
}

function figureOf(cockpit: Cockpit, id: string): number {
  const tile = cockpit.tiles.find((t) => t.id === id);
  assert.ok(tile && tile.value !== null, `${id} has a figure`);
  return tile.value;
}

const shown = (page: Page, id: string) => page.getByTestId(`cockpit-value-${id}`).innerText();

test('驾驶舱: a street sees its figures, opens a figure’s list, sees a new matter counted live, and on a wall screen and a phone', async () => {
  const { page, errors } = await newPage(browser, { viewport: { width: 1440, height: 900 } });
  await flow(page, 'cockpit', async () => {
    await loginToAdmin(page, server.baseUrl, 'street_wenhui');
    await openNav(page, '驾驶舱');
    await page.getByRole('heading', { name: '数字驾驶舱' }).waitFor();

    // The figures the page shows are the API's.
    const before = await cockpitOf(page);
    const today = figureOf(before, 'matters.today');
    const inHand = figureOf(before, 'matters.inHand');
    assert.ok(inHand > 0, 'the demo street has matters in hand');
    await page.getByTestId('cockpit-value-matters.today').waitFor();
    assert.equal(await shown(page, 'matters.today'), today.toLocaleString('zh-CN'));
    assert.equal(await shown(page, 'matters.inHand'), inHand.toLocaleString('zh-CN'));
    for (const group of ['matters', 'safety', 'care', 'participation'])
      await page.getByTestId(`cockpit-group-${group}`).waitFor();
    await page.getByTestId('cockpit-unit').getByText(before.area.name).waitFor();
    // zh-CN throughout: no English tile names, units or severities.
    assert.doesNotMatch(await page.locator('.gz-cockpit').innerText(), /[A-Za-z]{2,}/);
    await chartsDrawn(page, page.locator('.gz-cockpit'));
    await settled(page);
    await page.screenshot({ path: '/tmp/cockpit.png' });
    await screenshot(page, 'cockpit');

    // A new matter in the street: 今日事项 counts it within two seconds, without a reload.
    const me = (await (await page.request.get(`${server.baseUrl}/api/auth/me`)).json()) as { csrfToken: string };
    const headers = { 'x-csrf-token': me.csrfToken };
    const buildings = (await (
      await page.request.get(`${server.baseUrl}/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`)
    ).json()) as { items: { name: string; lat: number; lng: number }[] };
    const building = buildings.items.find((b) => b.name === '打铁关小区1幢');
    assert.ok(building, '打铁关小区1幢 is in the demo data');
    const categories = (await (await page.request.get(`${server.baseUrl}/api/matters/categories`)).json()) as {
      items: { id: number; code: string }[];
    };
    const category = categories.items.find((c) => c.code === 'event.street_order.hawkers');
    assert.ok(category, 'the hawkers category');
    const created = await page.request.post(`${server.baseUrl}/api/matters`, {
      headers,
      data: { categoryId: category.id, description: '桥头占道经营，影响通行', lat: building.lat, lng: building.lng },
    });
    assert.ok(created.ok(), `${created.status()} ${await created.text()}`);
    const counted = Date.now();
    await poll(async () => (await shown(page, 'matters.today')) === (today + 1).toLocaleString('zh-CN'), {
      timeout: 2000,
      interval: 50,
      message: `今日事项 shows ${today + 1}`,
    });
    console.log(`今日事项 counted the new matter after ${Date.now() - counted} ms`);

    // 在办事项 opens the list of exactly the matters it counts.
    const inHandNow = figureOf(await cockpitOf(page), 'matters.inHand');
    await poll(async () => (await shown(page, 'matters.inHand')) === inHandNow.toLocaleString('zh-CN'), {
      message: `在办事项 shows ${inHandNow}`,
    });
    await page.getByTestId('cockpit-value-matters.inHand').click();
    await page.waitForURL(/\/admin\/matters\?/);
    await page.locator('.gz-pager', { hasText: `共 ${inHandNow} 条` }).waitFor();
    await settled(page);
    await screenshot(page, 'cockpit-in-hand');

    // Into a community and back: the unit is in the address.
    await page.goBack();
    await page.getByTestId('cockpit-value-matters.today').waitFor();
    const community = before.children[0];
    assert.ok(community, 'the street has communities');
    await page.getByTestId('cockpit-children').click();
    await page.locator('.ant-select-item-option', { hasText: community.name }).click();
    await page.waitForURL(new RegExp(`areaId=${community.id}`));
    await page.getByTestId('cockpit-unit').locator('strong', { hasText: community.name }).waitFor();
  });

  // The wall screen: the same figures on a 1920×1080 canvas, scaled to fit any window.
  await flow(page, 'cockpit-wall', async () => {
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${server.baseUrl}/admin/cockpit/wall`);
    const expected = await cockpitOf(page);
    const wall = page.getByTestId('cockpit-wall');
    await page
      .getByTestId('wall-value-matters.today')
      .getByText(figureOf(expected, 'matters.today').toLocaleString('zh-CN'), { exact: true })
      .waitFor();
    assert.equal(
      await page.getByTestId('wall-value-matters.inHand').innerText(),
      figureOf(expected, 'matters.inHand').toLocaleString('zh-CN'),
    );
    await page.locator('.gz-wall-area', { hasText: expected.area.name }).waitFor();
    assert.equal(await page.locator('.gz-sider').count(), 0, 'no console around the wall');
    assert.deepEqual(await wall.boundingBox(), { x: 0, y: 0, width: 1920, height: 1080 });
    await chartsDrawn(page, wall);
    await settled(page);
    await page.screenshot({ path: '/tmp/cockpit-wall.png' });
    await screenshot(page, 'cockpit-wall');

    // Its other pages, by their dots: safety and care, then participation.
    await page.getByRole('button', { name: '第 2 页' }).click();
    await page.getByTestId('wall-tile-alarms.active').waitFor();
    await chartsDrawn(page, wall);
    await screenshot(page, 'cockpit-wall-2');
    await page.getByRole('button', { name: '第 3 页' }).click();
    await page.getByTestId('wall-tile-points.earnedMonth').waitFor();
    await settled(page);
    await screenshot(page, 'cockpit-wall-3');

    // A 4K wall fills the screen; a window of another shape is letterboxed.
    await page.setViewportSize({ width: 3840, height: 2160 });
    await poll(async () => (await wall.boundingBox())?.width === 3840, { message: 'the canvas scaled to 4K' });
    await page.setViewportSize({ width: 1440, height: 1000 });
    await poll(
      async () => {
        const box = await wall.boundingBox();
        return box?.width === 1440 && box.height === 810 && box.y === 95;
      },
      { message: 'the canvas letterboxed in 1440×1000' },
    );
  });
  assert.deepEqual(errors, []);

  // 掌上驾驶舱: the leader's phone, from the workbench.
  const phone = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(phone.page, 'cockpit-phone', async () => {
    const p = phone.page;
    await loginToH5(p, server.baseUrl, 'street_wenhui');
    await p.getByText('我的', { exact: true }).last().click();
    await p.getByTestId('entry-workbench').click();
    await p.getByTestId('workbench-cockpit').click();
    await p.getByTestId('cockpit-phone').waitFor();
    const expected = await cockpitOf(p);
    await p
      .getByTestId('cockpit-phone-tile-matters.today')
      .getByText(figureOf(expected, 'matters.today').toLocaleString('zh-CN'), { exact: true })
      .waitFor();
    await p.getByTestId('cockpit-phone-area').getByText(expected.area.name).waitFor();
    const rated = expected.tiles.filter((t) => t.rag !== null);
    assert.ok(rated.length > 0, 'some indicators have a RAG');
    for (const tile of rated)
      await p.locator(`[data-testid="cockpit-phone-tile-${tile.id}"].h5-cockpit-rag-${tile.rag}`).waitFor();
    assert.doesNotMatch(await p.getByTestId('cockpit-phone').innerText(), /[A-Za-z]{2,}/);
    await settled(p);
    await p.screenshot({ path: '/tmp/cockpit-phone.png', fullPage: true });
    await screenshot(p, 'cockpit-phone', true);
  });
  assert.deepEqual(phone.errors, []);
});

interface StreetCockpit {
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
      return (await res.json()) as StreetCockpit;
    };
    // The demo admin runs two districts: a street of the first with records in another module.
    const district = await read(`?areaId=${(await read('')).children[0]!.id}`);
    let found: { street: StreetCockpit; tile: StreetCockpit['tiles'][number] } | undefined;
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
