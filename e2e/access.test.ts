import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { apiAs } from './support/api.ts';
import {
  DESKTOP,
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
import { chartsDrawn, settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('智慧平安小区: a resident makes a visitor pass with its QR; staff see the entries per gate and hour', async () => {
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const gate = (await staff.get<{ items: Array<{ id: number; buildingId: number }> }>('/api/devices?q=gate-demo-001'))
    .items[0]!;
  const me = await resident.get<{ personId: number | null; roles: Array<{ divisionId: number }> }>('/api/auth/me');
  assert.ok(me.personId, 'the demo resident is bound to a person');
  const person = await staff.get<{ communityId: number }>(`/api/org/persons/${me.personId}`);
  const compound = await staff.post<{ id: number }>('/api/compounds', {
    communityId: person.communityId,
    name: '东门小区',
    kind: 'old',
    buildingIds: [gate.buildingId],
  });
  assert.equal(compound.status, 201, JSON.stringify(compound.body));
  const reg = await staff.post(`/api/access/compounds/${compound.body.id}/people`, {
    personId: me.personId,
    kind: 'resident',
    cardNumber: '12345678',
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  // The gate sends a few entries over HTTP (as on MQTT).
  const now = Date.now();
  const ingest = await fetch(`${server.baseUrl}/api/ingest/readings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer gate-demo-001:gongzhi-demo-device' },
    body: JSON.stringify({
      readings: [0, 1, 2, 3].map((i) => ({
        ts: new Date(now - i * 40 * 60_000).toISOString(),
        event: 'entry',
        data: { method: 'card', credential: i === 3 ? '99999999' : '12345678' },
      })),
    }),
  });
  assert.equal(ingest.status, 200, await ingest.text());

  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(phone, 'access-h5', async () => {
    await loginToH5(phone, server.baseUrl, 'resident_demo');
    await phone.goto(`${server.baseUrl}/h5/access/pass`);
    await phone.getByTestId('visitor-name').locator('input').fill('张三');
    await phone.getByTestId('visitor-pass-create').click();
    await phone.getByTestId('visitor-pass-qr').waitFor();
    await settled(phone);
    await screenshot(phone, 'access-h5-pass');
  });
  assert.deepEqual(errors, []);

  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  await flow(desk, 'access-admin', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '智慧平安小区');
    await desk.getByText('****5678').first().waitFor();
    await screenshot(desk, 'access-admin-registry');
    await desk.getByRole('tab', { name: '访客通行证' }).click();
    await desk.getByRole('button', { name: /作\s*废/ }).waitFor();
    await desk.getByRole('tab', { name: '通行记录' }).click();
    await desk
      .getByText(/未登记的卡/)
      .first()
      .waitFor();
    await chartsDrawn(desk);
    await settled(desk);
    await screenshot(desk, 'access-admin-entries');
  });
  assert.deepEqual(deskErrors, []);
});
