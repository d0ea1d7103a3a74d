import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, openNav, screenshot } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';
import { chartsDrawn, settled } from './support/wait.ts';

/**
 * A device's readings as a chart in its drawer (issue 12): a smoke detector that has reported
 * for a month, drawn over the last day, week and month from the server's buckets, with its
 * alarm threshold; a time without readings as a gap, a metric without readings as an empty state.
 */

const DEVICE = 'smoke-demo-001';
const SECRET = 'gongzhi-demo-device'; // demo data only, as the README says
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/**
 * Every two hours for a week, half an hour off the hour, so none sits near the edge of a day or a
 * week as the page asks for them; none for a day three days back; and five twenty days back.
 * Below the detector's threshold (0.1), so no alarm is raised.
 */
function readingsOfAMonth(now: number) {
  const readings: Array<{ ts: number; metrics: { smoke: number } }> = [];
  for (let k = 0; k < 84; k++) {
    if (k >= 36 && k < 48) continue;
    readings.push({ ts: now - k * 2 * HOUR - HOUR / 2, metrics: { smoke: 0.02 + 0.02 * Math.sin(k / 3) ** 2 } });
  }
  for (let i = 0; i < 5; i++) readings.push({ ts: now - 20 * DAY - i * HOUR, metrics: { smoke: 0.03 } });
  return readings;
}

/** The readings the page asks for next (the one span it switches to), with their answer. */
function nextReadings(page: Page, bucket: string) {
  return page.waitForResponse(
    (r) => r.url().includes(`/api/devices/`) && r.url().includes('/readings?') && r.url().includes(`bucket=${bucket}`),
  );
}

test('a smoke detector that reported for a month: its readings over a day, a week and a month, from buckets, with the alarm threshold', async () => {
  const now = Date.now();
  const readings = readingsOfAMonth(now);
  const inLast = (ms: number) => readings.filter((r) => r.ts > now - ms).length;
  const [dayCount, weekCount, monthCount] = [inLast(DAY), inLast(7 * DAY), inLast(30 * DAY)];
  assert.deepEqual([dayCount, weekCount, monthCount], [12, 72, 77], 'the scene as described');

  const staff = await newPage(browser);
  const page = staff.page;
  const sent = await page.request.post(`${server.baseUrl}/api/ingest/readings`, {
    data: { readings },
    headers: { authorization: `Bearer ${DEVICE}:${SECRET}` },
  });
  assert.ok(sent.ok(), await sent.text());
  assert.equal(((await sent.json()) as { accepted: number }).accepted, readings.length, await sent.text());

  await loginToAdmin(page, server.baseUrl, 'community_datieguan');
  const detail = page.getByTestId('device-detail');
  const chart = detail.getByTestId('readings-chart');

  await flow(page, 'device-readings-day', async () => {
    await openNav(page, '物联设备');
    const day = nextReadings(page, '5m');
    await page.getByTestId(`device-row-${DEVICE}`).click();
    await detail.waitFor();
    // The day in 5-minute buckets: one bucket per reading here, each with its count.
    const answer = (await (await day).json()) as { items: Array<{ count: number }> };
    assert.equal(answer.items.length, dayCount);
    await chartsDrawn(page, chart);
    await chart.getByText(`共 ${dayCount} 条读数`, { exact: false }).waitFor();
    // The metric by its name and unit, not its code.
    assert.match(await chart.innerText(), /烟雾浓度 \(dB\/m\)/);
  });

  await flow(page, 'device-readings-week', async () => {
    const week = nextReadings(page, '1h');
    await chart.getByText('近一周').click();
    const answer = (await (await week).json()) as { bucket: string; items: Array<{ count: number }> };
    assert.equal(answer.bucket, '1h');
    assert.equal(answer.items.length, weekCount, 'a bucket for each hour with a reading, none for the rest');
    await chart.getByText(`共 ${weekCount} 条读数`, { exact: false }).waitFor();
    await chartsDrawn(page, chart);
    await settled(page, detail);
    await screenshot(page, 'admin-device-readings-week');
  });

  await flow(page, 'device-readings-month', async () => {
    // While the month's buckets are on their way, the chart says it is loading.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const hold = async (route: Route) => {
      await held;
      await route.continue();
    };
    await page.route('**/api/devices/*/readings?*bucket=1d*', hold);
    const month = nextReadings(page, '1d');
    await chart.getByText('近一月').click();
    await chart.locator('.ant-skeleton').waitFor();
    release();
    const answer = (await (await month).json()) as { items: Array<{ count: number }> };
    await page.unroute('**/api/devices/*/readings?*bucket=1d*', hold);
    assert.ok(answer.items.length <= 31, `a month is at most 31 daily buckets, not ${answer.items.length}`);
    assert.equal(
      answer.items.reduce((n, b) => n + b.count, 0),
      monthCount,
    );
    await chart.getByText(`共 ${monthCount} 条读数`, { exact: false }).waitFor();
    await chartsDrawn(page, chart);
    await settled(page, detail);
    await screenshot(page, 'admin-device-readings-month');
  });

  await flow(page, 'device-readings-empty', async () => {
    // The detector's temperature is watched by a rule but has not been reported.
    await chart.getByRole('combobox', { name: '指标' }).click();
    await page.locator('.ant-select-item-option').filter({ hasText: /^温度/ }).click();
    await chart.getByText('这段时间没有读数').waitFor();
    assert.equal(await chart.locator('canvas').count(), 0, 'no chart without readings');
  });

  assert.deepEqual(staff.errors, []);
});
