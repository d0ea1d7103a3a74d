import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot, openNav } from './support/browser.ts';
import { chartsDrawn, settled } from './support/wait.ts';
import { startServer, type TestServer } from './support/server.ts';

/**
 * The device register (filters, a device's detail with its rules, a new secret shown once,
 * registering a device) and EV charging (a station's ports and tariff, a session's receipt
 * with electricity and service apart, the monthly chart).
 */

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('community staff find a smoke detector, see its rules, rotate its secret (shown once) and register a new device', async () => {
  const staff = await newPage(browser);
  const page = staff.page;
  await loginToAdmin(page, server.baseUrl, 'community_datieguan');

  await flow(page, 'devices-list', async () => {
    await openNav(page, '物联设备');
    await page.getByRole('heading', { name: '物联设备' }).waitFor();
    await page.getByTestId('device-row-smoke-demo-001').waitFor();
    assert.ok(await page.getByTestId('device-row-meter-demo-001').isVisible());
    await page.getByRole('combobox', { name: '设备类型' }).click();
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: /^烟感$/ })
      .click();
    await page.getByTestId('device-row-meter-demo-001').waitFor({ state: 'detached' });
    assert.equal(await page.locator('[data-testid^=device-row-]').count(), 3, 'the three demo smoke detectors');
    await screenshot(page, 'admin-devices');
  });

  await flow(page, 'devices-detail', async () => {
    // The detector reports a few readings (timed by the server), for the chart.
    for (const smoke of [0.01, 0.02, 0.015]) {
      const sent = await page.request.post(`${server.baseUrl}/api/ingest/readings`, {
        data: { readings: [{ metrics: { smoke } }] },
        headers: { authorization: 'Bearer smoke-demo-001:gongzhi-demo-device' },
      });
      assert.ok(sent.ok(), await sent.text());
    }
    await page.getByTestId('device-row-smoke-demo-001').click();
    const detail = page.getByTestId('device-detail');
    await detail.waitFor();
    await detail.getByText('烟雾浓度超限（火警）').waitFor();
    assert.match(await detail.innerText(), /gongzhi\/devices\/smoke-demo-001\/telemetry/);
    // The readings as a chart, over a day and then a week.
    const chart = detail.getByTestId('readings-chart');
    await chartsDrawn(page, chart);
    assert.match(await chart.innerText(), /共 \d+ 条读数/);
    await chart.getByText('近一周').click();
    await chartsDrawn(page, chart);
    await settled(page, detail);
    await screenshot(page, 'admin-device-detail');

    await page.getByRole('button', { name: '更换密钥' }).click();
    await page
      .locator('.ant-modal-confirm')
      .getByRole('button', { name: /确\s*定|OK/ })
      .click();
    const secret = page.getByTestId('device-secret');
    await secret.waitFor();
    await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
    await settled(page, secret);
    const value = await page.getByTestId('device-secret-value').inputValue();
    assert.ok(value.length >= 24 && value !== 'gongzhi-demo-device', 'a new secret');
    await screenshot(page, 'admin-device-secret');
    await page.getByRole('button', { name: '我已保存' }).click();
    await secret.waitFor({ state: 'detached' });
    await page.locator('.ant-drawer-close').click();
  });

  await flow(page, 'devices-register', async () => {
    await page.getByRole('button', { name: '登记设备' }).click();
    const modal = page.locator('.ant-modal').filter({ hasText: '登记设备' });
    await modal.waitFor();
    // A modal still zooming in may not take a click yet.
    await settled(page, modal);
    await modal.getByLabel('设备编号').fill('smoke-e2e-001');
    await modal.getByLabel('名称').fill('打铁关小区1幢 2单元楼道烟感');
    await modal.getByRole('combobox', { name: '楼栋' }).fill('打铁关小区1幢');
    await page.locator('.ant-select-item-option').filter({ hasText: '打铁关小区1幢' }).first().click();
    await screenshot(page, 'admin-device-register');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('device-secret').waitFor();
    await page.getByRole('button', { name: '我已保存' }).click();
    const detail = page.getByTestId('device-detail');
    await detail.waitFor();
    assert.match(await detail.innerText(), /smoke-e2e-001[\s\S]*烟感[\s\S]*未上线/);
    await page.locator('.ant-drawer-close').click();
  });

  await flow(page, 'devices-english', async () => {
    // The same screens in English.
    await page.locator('.gz-header').getByText('English', { exact: true }).click();
    await page.getByRole('heading', { name: 'Devices' }).waitFor();
    await openNav(page, 'Alarms');
    await page.getByRole('heading', { name: 'Alarms' }).waitFor();
    await page.getByText('No active alarms — all quiet').waitFor();
    await openNav(page, 'Care board');
    await page.getByRole('heading', { name: 'Care board' }).waitFor();
    await page.locator('.gz-care-check').first().waitFor();
    assert.match(await page.getByTestId('care-page').innerText(), /Curtain opened/);
    await screenshot(page, 'admin-care-board-en');
    await page.locator('.gz-header').getByText('中文', { exact: true }).click();
  });

  assert.deepEqual(staff.errors, []);
});

test('the district sees a charging station with its ports and tariff, a receipt with electricity and service fee apart, and the monthly chart', async () => {
  const admin = await newPage(browser);
  const page = admin.page;
  await loginToAdmin(page, server.baseUrl, 'admin');

  await flow(page, 'charging-station', async () => {
    await openNav(page, '充电管理');
    await page.getByRole('heading', { name: '充电管理' }).waitFor();
    await page.getByText('流水北苑地下室电动自行车充电点').click();
    const detail = page.getByTestId('station-detail');
    await detail.waitFor();
    const text = await detail.innerText();
    assert.match(text, /A-01[\s\S]*A-02[\s\S]*A-03[\s\S]*A-04/);
    assert.match(text, /执行中[\s\S]*峰[\s\S]*08:00–22:00[\s\S]*0\.5680[\s\S]*谷[\s\S]*22:00–08:00[\s\S]*0\.2880/);
    await settled(page, detail);
    await screenshot(page, 'admin-charging-station');
    await page.locator('.ant-drawer-close').click();
  });

  await flow(page, 'charging-receipt', async () => {
    await page.getByRole('tab', { name: '充电记录' }).click();
    const first = page.locator('[data-testid^=session-row-]').first();
    await first.waitFor();
    await first.click();
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    const text = await receipt.innerText();
    const fee = (label: string) => Number(text.match(new RegExp(`${label}\\s*¥(\\d+\\.\\d\\d)`))?.[1]);
    assert.ok(fee('电费') > 0 && fee('服务费') > 0);
    assert.equal(
      Math.round((fee('电费') + fee('服务费')) * 100),
      Math.round(fee('合计') * 100),
      'the total is the two fees',
    );
    await settled(page, receipt);
    await screenshot(page, 'admin-charging-receipt');
    await page
      .locator('.ant-modal-footer')
      .getByRole('button', { name: /关\s*闭/ })
      .click();
  });

  await flow(page, 'charging-stats', async () => {
    await page.getByRole('tab', { name: '月度统计' }).click();
    const stats = page.getByTestId('charging-stats');
    await stats.locator('canvas').first().waitFor();
    assert.match(await stats.innerText(), /流水北苑地下室电动自行车充电点/);
    await chartsDrawn(page, stats); // the bars grow in
    await screenshot(page, 'admin-charging-stats');
  });

  assert.deepEqual(admin.errors, []);
});
