import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
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

interface Port {
  id: number;
  label: string;
  code: string;
}
interface Bill {
  id: number;
  status: string;
  energyKwh: string;
  electricityFen: number;
  serviceFen: number;
  totalFen: number;
  paidAt: string | null;
}

const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

test('扫码充电: a courier opens a port’s code, starts, stops, pays the itemised bill, and finds the receipt in 我的', async () => {
  // The demo station's port A-02 as staff see it (the code its QR sticker carries).
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const stations = await admin.get<{ items: { id: number; name: string }[] }>('/api/charging/stations?q=流水北苑');
  const station = await admin.get<{ ports: Port[] }>(`/api/charging/stations/${stations.items[0]!.id}`);
  const port = station.ports.find((p) => p.label === 'A-02')!;
  // The charger reports its meter on that plug (HTTP ingest, as a real charger would over MQTT).
  const meter = async (meterKwh: number) => {
    const sent = await fetch(`${server.baseUrl}/api/ingest/readings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer ev-liushui-001:gongzhi-demo-device' },
      body: JSON.stringify({ readings: [{ event: 'charge_meter', data: { port: 2, meterKwh } }] }),
    });
    assert.ok(sent.ok, await sent.text());
  };
  await meter(900);

  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'h5-charging', async () => {
    await loginToH5(page, server.baseUrl, 'courier_demo');
    await page.goto(`${server.baseUrl}/h5/charge/${port.code}`);
    await page.getByTestId('charge-port-name').getByText('A-02').waitFor();
    await page.getByText('峰 08:00–22:00').waitFor();
    // Top up 20 yuan (log provider), then start.
    await page.getByTestId('charge-topup-2000').click();
    await page.getByTestId('charge-balance').getByText('20.00 元').waitFor();
    await page.getByTestId('charge-start').click();
    await page.getByTestId('charge-live').waitFor();

    // The charger's meter moves on 1.250 kWh: the page polls and shows it.
    await meter(901.25);
    await page.getByTestId('charge-live-energy').getByText('1.250 kWh').waitFor({ timeout: 20_000 });
    await settled(page);
    await screenshot(page, 'h5-charging-live', true);

    await page.getByTestId('charge-stop').click();
    await page.locator('.adm-dialog').getByRole('button', { name: /确定/ }).click();
    await page.getByTestId('charge-bill').waitFor();
    const mine = await page.request.get(`${server.baseUrl}/api/charging/me/sessions`);
    const bill = ((await mine.json()) as { items: Bill[] }).items[0]!;
    assert.equal(bill.status, 'completed');
    assert.equal(bill.energyKwh, '1.250');
    assert.equal(bill.totalFen, bill.electricityFen + bill.serviceFen);
    await page
      .getByTestId('charge-total')
      .getByText(`${yuan(bill.totalFen)} 元`)
      .waitFor();
    await settled(page);
    await screenshot(page, 'h5-charging-bill', true);

    // Pay from the balance: the receipt opens, paid, the total to the fen.
    await page.getByTestId('charge-pay').click();
    await page.getByTestId('charge-receipt').waitFor();
    await page.getByTestId('charge-receipt-paid').getByText('已支付').waitFor();
    await page
      .getByTestId('charge-receipt-total')
      .getByText(`${yuan(bill.totalFen)} 元`)
      .waitFor();

    // 我的 → 我的充电: the balance less the bill, the session paid, the month's statement.
    await page.goto(`${server.baseUrl}/h5/me`);
    await page.getByTestId('entry-charging').click();
    await page
      .getByTestId('my-charging-balance')
      .getByText(`${yuan(2000 - bill.totalFen)} 元`)
      .waitFor();
    await poll(async () => (await page.getByTestId('charge-session').count()) >= 1, { message: 'my session listed' });
    const first = page.getByTestId('charge-session').first();
    await first.getByText('已支付').waitFor();
    await page.getByTestId('charge-statement-total').waitFor();
    await settled(page);
    await page.screenshot({ path: '/tmp/h5-charging.png', fullPage: true });
    await screenshot(page, 'h5-charging-mine', true);
    await first.click();
    await page
      .getByTestId('charge-receipt-total')
      .getByText(`${yuan(bill.totalFen)} 元`)
      .waitFor();
    const paid = (await (
      await page.request.get(`${server.baseUrl}/api/charging/me/sessions/${bill.id}`)
    ).json()) as Bill;
    assert.ok(paid.paidAt, 'paid on the server');
  });
  assert.deepEqual(errors, []);
});

test("the console shows a port's QR code for staff to print, pointing at its scan-to-charge page", async () => {
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const stations = await admin.get<{ items: { id: number }[] }>('/api/charging/stations?q=流水北苑');
  const station = await admin.get<{ ports: Port[] }>(`/api/charging/stations/${stations.items[0]!.id}`);
  const port = station.ports.find((p) => p.label === 'A-01')!;
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-charging-qr', async () => {
    await loginToAdmin(page, server.baseUrl, 'admin');
    await openNav(page, '充电管理');
    await page.getByText('流水北苑地下室电动自行车充电点').click();
    await page.getByTestId('station-detail').waitFor();
    await page.getByTestId('port-qr-A-01').click();
    const modal = page.getByTestId('port-qr');
    await modal.getByTestId('port-qr-code').locator('img').waitFor();
    assert.equal(
      (await modal.getByTestId('port-qr-url').innerText()).trim(),
      `${server.baseUrl}/h5/charge/${port.code}`,
    );
    await settled(page);
    await screenshot(page, 'admin-charging-qr');
    // Printed, the sticker alone: the console behind the dialog is hidden.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await page.getByRole('heading', { name: '充电管理' }).isHidden(), 'the console is not printed');
    assert.ok(await modal.getByTestId('port-qr-code').isVisible(), 'the QR code is printed');
    await screenshot(page, 'admin-charging-qr-print');
  });
  assert.deepEqual(errors, []);
});
