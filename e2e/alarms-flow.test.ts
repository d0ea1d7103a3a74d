import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import mqtt, { type MqttClient } from 'mqtt';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot, openNav } from './support/browser.ts';
import { settled } from './support/wait.ts';
import { makePng } from './support/files.ts';
import { freePort, startServer, type TestServer } from './support/server.ts';

/**
 * Done-when 2 of issue 6: a smoke reading over the threshold, published with a real MQTT
 * client to the server's embedded broker, appears live on the grid worker's alarm board;
 * she acknowledges it, opens the fire-safety matter it raised and resolves it, and the
 * alarm shows cleared.
 */

const DEVICE = 'smoke-demo-001';
const SECRET = 'gongzhi-demo-device'; // demo data only, as the README says

let server: TestServer;
let browser: Browser;
let device: MqttClient;
let mqttPort: number;

before(async () => {
  // A port of its own, not the 1883 of a Mosquitto that may run on this machine.
  mqttPort = await freePort();
  [server, browser] = await serverAndBrowser(
    startServer({ env: { MQTT_PORT: String(mqttPort), MQTT_HOST: '127.0.0.1' } }),
  );
});

after(async () => {
  await device?.endAsync().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

test('a smoke reading over MQTT appears live on the alarm board; the grid worker acknowledges it, resolves its matter, and the alarm clears', async () => {
  const worker = await newPage(browser);
  const page = worker.page;
  await loginToAdmin(page, server.baseUrl, 'grid_datieguan_01');

  await flow(page, 'alarms-flow-board', async () => {
    await openNav(page, '告警中心');
    await page.getByRole('heading', { name: '告警中心' }).waitFor();
    await page.getByTestId('alarm-board').waitFor();
    // Nothing active yet in the demo data.
    await page.getByText('当前没有未解除的告警，一切正常').waitFor();
    assert.equal(await page.locator(`[data-device="${DEVICE}"]`).count(), 0);
    await page.locator('[data-testid=alarm-map] .leaflet-container').waitFor();
    // The grid backdrop is drawn.
    await page.locator('[data-testid=alarm-map] .leaflet-overlay-pane path').first().waitFor();
    await settled(page, page.getByTestId('alarm-map'));
    await screenshot(page, 'admin-alarm-board-empty');
    // A mark that a reload would wipe: the alarm must arrive without one.
    await page.evaluate(() => Object.assign(window, { boardNotReloaded: true }));
  });

  // The smoke detector speaks MQTT to the server's own broker.
  device = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, {
    clientId: DEVICE,
    username: DEVICE,
    password: SECRET,
    reconnectPeriod: 0,
  });
  const publish = (metrics: Record<string, number>) =>
    device.publishAsync(
      `gongzhi/devices/${DEVICE}/telemetry`,
      JSON.stringify({ ts: new Date().toISOString(), metrics }),
      { qos: 1 },
    );

  let matterCode = '';
  await flow(page, 'alarms-flow-live', async () => {
    const sent = Date.now();
    await publish({ smoke: 0.32, temp: 31.5 });
    const row = page.locator(`.gz-alarm-row[data-device="${DEVICE}"]`);
    await row.waitFor({ timeout: 10_000 });
    const seenAfterMs = Date.now() - sent;
    assert.equal(
      await page.evaluate(() => (window as unknown as { boardNotReloaded?: boolean }).boardNotReloaded),
      true,
      'the page was not reloaded',
    );
    assert.equal(await row.getAttribute('data-status'), 'active_unack');
    assert.match((await row.getAttribute('class')) ?? '', /gz-row-new/, 'highlighted as new');
    assert.match(
      await row.innerText(),
      /紧急[\s\S]*烟雾火警[\s\S]*0\.32[\s\S]*smoke-demo-001[\s\S]*打铁关社区[\s\S]*未确认/,
    );
    // A pop-up tells of it, and the map has its marker.
    const popup = page.locator('.ant-notification-notice').filter({ hasText: '新告警：烟雾火警' });
    await popup.waitFor();
    assert.match(await popup.innerText(), /smoke-demo-001 · 紧急/);
    await page.locator('[data-testid=alarm-map] .leaflet-marker-icon').first().waitFor();
    assert.match(await page.getByTestId('alarm-counts').innerText(), /1\s*未解除[\s\S]*1\s*待确认[\s\S]*1\s*紧急/);
    console.log(`alarm on the board ${seenAfterMs} ms after the MQTT publish`);
    await screenshot(page, 'admin-alarm-board-live');

    // A repeat updates the same alarm: one row, counted twice.
    await publish({ smoke: 0.41 });
    await page.locator(`.gz-alarm-row[data-device="${DEVICE}"]`).getByText('× 2').waitFor({ timeout: 10_000 });
    assert.equal(await page.locator(`.gz-alarm-row[data-device="${DEVICE}"]`).count(), 1);
  });

  await flow(page, 'alarms-flow-ack', async () => {
    const row = page.locator(`.gz-alarm-row[data-device="${DEVICE}"]`);
    await page
      .locator('.ant-notification-notice-close')
      .first()
      .click()
      .catch(() => undefined);
    await row.getByRole('button', { name: /确\s*认/ }).click();
    await page.locator(`.gz-alarm-row[data-device="${DEVICE}"][data-status=active_ack]`).waitFor();
    assert.match(await row.innerText(), /已确认/);
    assert.equal(await row.getByRole('button', { name: /确\s*认/ }).count(), 0, 'no second acknowledgement');
    // The detail drawer from the row.
    await row.getByText(DEVICE).click();
    const detail = page.getByTestId('alarm-detail');
    await detail.waitFor();
    assert.equal(await detail.getAttribute('data-status'), 'active_ack');
    assert.match(await detail.innerText(), /烟雾火警[\s\S]*打铁关社区[\s\S]*首次读数\s*0\.32[\s\S]*最新读数\s*0\.41/);
    await settled(page, detail);
    await screenshot(page, 'admin-alarm-detail');
  });

  await flow(page, 'alarms-flow-matter', async () => {
    // Its matter, from the alarm: a fire-safety matter (智能烟感/热成像告警) dispatched to 李婷.
    await page.getByTestId('alarm-detail').getByRole('button', { name: '查看事项' }).click();
    const detail = page.getByTestId('matter-detail');
    await detail.waitFor();
    assert.match(
      await detail.innerText(),
      /智能烟感\/热成像告警[\s\S]*网格员 李婷[\s\S]*烟雾火警：.*smoke-demo-001.*烟雾浓度 0\.32 dB\/m ≥ 0\.1/,
    );
    assert.equal(await detail.getAttribute('data-status'), 'dispatched');
    matterCode = (await detail.innerText()).match(/GZ\d+/)?.[0] ?? '';
    assert.ok(matterCode, 'the matter has a code');
    await screenshot(page, 'admin-alarm-matter');

    const act = async (label: RegExp, fill?: () => Promise<void>) => {
      await page.getByTestId('matter-actions').getByRole('button', { name: label }).click();
      const modal = page.locator('.ant-modal').filter({ hasText: matterCode });
      await modal.waitFor();
      // A modal still zooming in may not take a click yet.
      await settled(page, modal);
      await fill?.();
      await modal.locator('.ant-modal-footer').getByRole('button', { name: label }).click();
      await modal.waitFor({ state: 'hidden' });
    };
    await act(/^开始处置$/);
    await page.locator('[data-testid=matter-detail][data-status=in_progress]').waitFor();
    await act(/^办结反馈$/, async () => {
      const modal = page.locator('.ant-modal').filter({ hasText: matterCode });
      await modal.getByLabel('办理结果').fill('到场核实：楼道有人焚烧纸钱，已扑灭并通风，烟感恢复正常');
      await modal
        .locator('input[type=file]')
        .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: makePng(64, 48, [60, 160, 80]) });
      await page.waitForFunction(() => !document.querySelector('.ant-modal .ant-upload-list-item-uploading'));
      await modal.locator('.ant-upload-list-item').first().waitFor();
    });
    await page.locator('[data-testid=matter-detail][data-status=resolved]').waitFor();
    await settled(page, page.getByTestId('matter-detail'));
    await screenshot(page, 'admin-alarm-matter-resolved');
    await page
      .locator('.ant-drawer')
      .filter({ has: page.getByTestId('matter-detail') })
      .locator('.ant-drawer-close')
      .click();
  });

  await flow(page, 'alarms-flow-cleared', async () => {
    // Resolving the matter cleared the alarm: it leaves the active board live...
    await page.locator(`.gz-alarm-row[data-device="${DEVICE}"]`).waitFor({ state: 'detached', timeout: 10_000 });
    await page.getByText('当前没有未解除的告警，一切正常').waitFor();
    // ...and shows cleared among all alarms.
    await page.getByRole('switch', { name: '只看未解除' }).click();
    const row = page.locator(`.gz-alarm-row[data-device="${DEVICE}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'cleared_ack');
    assert.match(await row.innerText(), /已解除/);
    assert.equal(await row.getByRole('button', { name: /解\s*除/ }).count(), 0);
    await row.getByText(DEVICE).click();
    const detail = page.getByTestId('alarm-detail');
    await detail.waitFor();
    await detail.getByText('事项已办结').waitFor();
    assert.match(await detail.innerText(), /解除原因\s*事项已办结/);
    await settled(page, detail);
    await screenshot(page, 'admin-alarm-cleared');
  });

  assert.deepEqual(worker.errors, []);
});
