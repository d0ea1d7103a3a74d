import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

interface Nearby {
  origin: { from: string; name: string } | null;
  kinds: { kind: string; nearest: { minutes: number } | null }[];
  stations: { id: number; name: string; minutes: number }[];
}

/** What the server answers the page's signed-in resident. */
async function nearbyOf(page: Page, query = ''): Promise<Nearby> {
  const response = await page.request.get(`${server.baseUrl}/api/service-map/nearby${query}`);
  assert.equal(response.status(), 200, await response.text());
  return (await response.json()) as Nearby;
}

test('附近服务: a resident opens the services near home on a map with a list, and narrows to one service', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-nearby', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.getByTestId('feature-nearby').click();
    await page.getByTestId('nearby-services').waitFor();
    const expected = await nearbyOf(page);
    assert.equal(expected.origin?.from, 'home', 'the demo resident lives in a located building');
    assert.ok(expected.stations.length > 0, 'stations within 15 minutes of the demo home');
    await page.getByTestId('nearby-from').getByText(expected.origin!.name).waitFor();
    // The list is the server's, nearest first, with walking minutes.
    await poll(async () => (await page.getByTestId('nearby-station').count()) === expected.stations.length, {
      message: `${expected.stations.length} stations listed`,
    });
    const first = expected.stations[0]!;
    const firstItem = page.getByTestId('nearby-station').first();
    await firstItem.getByText(first.name).waitFor();
    await firstItem.getByText(`步行约 ${Math.max(1, Math.round(first.minutes))} 分钟`).waitFor();
    // The map shows a pin per station, and the nine services each say how far the nearest is.
    await poll(async () => (await page.locator('.h5-nearby-map .gz-pin').count()) === expected.stations.length, {
      message: 'a pin per station',
    });
    for (const { kind, nearest } of expected.kinds) {
      const chip = page.getByTestId(`nearby-kind-${kind}`);
      if (nearest) await chip.getByText(`${Math.max(1, Math.round(nearest.minutes))} 分钟`).waitFor();
      else await chip.getByText('15 分钟内没有').waitFor();
    }
    assert.doesNotMatch(await page.getByTestId('nearby-services').innerText(), /[A-Za-z]{3,}/);
    await settled(page);
    await page.screenshot({ path: '/tmp/h5-nearby.png' });
    await screenshot(page, 'h5-nearby', true);

    // One service: the chip of the nearest kind narrows the list to the stations offering it.
    const reached = expected.kinds.find((k) => k.nearest !== null);
    assert.ok(reached, 'some service is within 15 minutes');
    const narrowed = await nearbyOf(page, `?kind=${reached.kind}`);
    await page.getByTestId(`nearby-kind-${reached.kind}`).click();
    await poll(async () => (await page.getByTestId('nearby-station').count()) === narrowed.stations.length, {
      message: `${narrowed.stations.length} stations of ${reached.kind}`,
    });
    await page.getByTestId('nearby-station').first().getByText(narrowed.stations[0]!.name).waitFor();
    await settled(page);
    await screenshot(page, 'h5-nearby-kind', true);

    // From the community board too.
    await page.goto(`${server.baseUrl}/h5/community`);
    await page.getByTestId('community-nearby').click();
    await page.getByTestId('nearby-services').waitFor();
  });
  assert.deepEqual(errors, []);
});
