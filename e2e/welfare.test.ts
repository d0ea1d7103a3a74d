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

test('骑手福利: the community adds a canteen offer, a courier shows its pass once a day, and the keeper on duty at a station confirms its facilities for couriers to see', async () => {
  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const here = { latitude: 30.2905, longitude: 120.1745 };
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: here });

  await flow(desk, 'welfare-admin', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '骑手福利');
    await desk.getByText('还没有优惠，点“新增优惠”添加合作商家的优惠').waitFor();
    await desk.getByTestId('offer-add').click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByLabel('社区').click();
    await desk.locator('.ant-select-dropdown').getByText('打铁关社区', { exact: true }).click();
    await dialog.getByTestId('offer-partner').fill('康运大运河食堂');
    await dialog.getByTestId('offer-title').fill('骑手午餐');
    await dialog.getByTestId('offer-price').fill('30');
    // Saving without a place on the map is refused, and says where.
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.getByText('请在地图上点选商家位置').waitFor();
    const map = dialog.locator('.gz-picker-map');
    const box = (await map.boundingBox())!;
    await map.click({ position: { x: box.width / 2, y: box.height / 2 } });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = desk.locator('tr', { hasText: '康运大运河食堂' });
    await row.getByText('3折').waitFor();
    await row.getByText('进行中').waitFor();
    await settled(desk);
    await screenshot(desk, 'welfare-admin');
  });

  const offers = await (await apiAs(browser, server.baseUrl, 'courier_demo')).get<{
    items: Array<{ id: number; partnerName: string }>;
  }>('/api/welfare/offers?q=%E5%BA%B7%E8%BF%90');
  const offer = offers.items.find((o) => o.partnerName === '康运大运河食堂')!;
  assert.ok(offer, 'the courier sees the new offer');

  await flow(phone, 'welfare-h5', async () => {
    await loginToH5(phone, server.baseUrl, 'courier_demo');
    await phone.getByTestId('feature-welfare').click();
    const card = phone.getByTestId(`welfare-offer-${offer.id}`);
    await card.getByText('3折').waitFor();
    await settled(phone);
    await screenshot(phone, 'welfare-offers', true);
    await phone.getByTestId(`welfare-use-${offer.id}`).click();
    const pass = phone.getByTestId('welfare-pass');
    await pass.getByText('康运大运河食堂').waitFor();
    await pass.getByText('今日已用 1/1').waitFor();
    // The clock on the pass runs, so a screenshot of yesterday's pass is told apart.
    const clock = phone.getByTestId('welfare-pass-clock');
    const first = await clock.innerText();
    await phone.waitForFunction(
      (shown) => document.querySelector('[data-testid="welfare-pass-clock"]')?.textContent !== shown,
      first,
    );
    await settled(phone);
    await screenshot(phone, 'welfare-pass');
    await pass.getByRole('button', { name: '关闭' }).click();
    await phone.getByTestId(`welfare-use-${offer.id}`).getByText('今日已用完').waitFor();
    assert.equal(await phone.getByTestId(`welfare-use-${offer.id}`).isDisabled(), true);
    await phone.getByRole('tab', { name: '使用记录' }).click();
    await phone.getByTestId('welfare-use').first().getByText('康运大运河食堂').waitFor();
  });

  // The street puts a grid worker on duty at the station nearest the courier.
  const street = await apiAs(browser, server.baseUrl, 'street_wenhui');
  const station = (
    await street.get<{ items: Array<{ id: number; name: string }> }>(
      `/api/stations/nearest?lat=${here.latitude}&lng=${here.longitude}&limit=1&openNow=false`,
    )
  ).items[0]!;
  const keeperApi = await apiAs(browser, server.baseUrl, 'grid_datieguan_02');
  const keeper = await keeperApi.get<{ id: number }>('/api/auth/me');
  const now = Date.now();
  const duty = await street.post(`/api/matters/stations/${station.id}/duty`, {
    userId: keeper.id,
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 3_600_000).toISOString(),
  });
  assert.equal(duty.status, 201);

  const { page: keeperPhone, errors: keeperErrors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(keeperPhone, 'welfare-duty', async () => {
    await loginToH5(keeperPhone, server.baseUrl, 'grid_datieguan_02');
    await keeperPhone.goto(`${server.baseUrl}/h5/workbench`);
    const card = keeperPhone.getByTestId(`duty-station-${station.id}`);
    await card.getByText(station.name).waitFor();
    await card.getByText('尚未核对').waitFor();
    const microwave = card.getByTestId('duty-facility-microwave');
    const hadMicrowave = (await microwave.getAttribute('class'))?.includes('adm-checkbox-checked') ?? false;
    await microwave.click();
    await card.getByTestId(`duty-confirm-${station.id}`).click();
    await card.getByText(/上次核对/).waitFor();
    await settled(keeperPhone);
    await screenshot(keeperPhone, 'welfare-duty-station', true);
    const after = await street.get<{ items: Array<{ id: number; facilities: string[] }> }>(
      `/api/stations/nearest?lat=${here.latitude}&lng=${here.longitude}&limit=1&openNow=false`,
    );
    assert.equal(after.items[0]!.facilities.includes('microwave'), !hadMicrowave);
  });

  await flow(phone, 'welfare-stations', async () => {
    await phone.goto(`${server.baseUrl}/h5/stations`);
    await phone
      .getByTestId('station-checked')
      .first()
      .getByText(/设施核对于/)
      .waitFor();
    await settled(phone);
    await screenshot(phone, 'welfare-station-checked');
  });

  await flow(desk, 'welfare-figures', async () => {
    await desk.getByRole('tab', { name: '使用统计' }).click();
    await desk.getByRole('tabpanel').getByText('各优惠使用').waitFor();
    await desk.locator('tr', { hasText: '骑手午餐' }).getByText('1', { exact: true }).first().waitFor();
    await chartsDrawn(desk);
    await screenshot(desk, 'welfare-figures');
  });

  assert.deepEqual([...deskErrors, ...errors, ...keeperErrors], []);
});
