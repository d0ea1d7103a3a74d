import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page, Route } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
import { makePng } from './support/files.ts';
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

async function toastGone(page: Page) {
  await page.locator('.adm-toast-mask').waitFor({ state: 'hidden' });
}

/** Nothing wider than the phone, and no string shown by its key. */
async function fitsAndReads(page: Page, screen: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `${screen}: ${width} px wide on a ${PHONE.width} px phone`);
  const text = await page.locator('body').innerText();
  assert.doesNotMatch(text, /(field|workbench|h5)\.[a-z]+\.?[a-zA-Z]*|common\./, `${screen}: a raw i18n key`);
}

/** Picks a report category in the two-level sheet (CategoryPicker). */
async function pickCategory(page: Page, scope: Page | ReturnType<Page['locator']>, group: string, name: string) {
  const picker = scope.getByTestId('category-picker');
  await picker.click();
  const sheet = page.locator('.adm-cascader');
  const option = sheet.getByText(name, { exact: true });
  // A tap while the sheet is still sliding up can be lost (seen once in CI): tap the group until its options show.
  for (let attempt = 0; attempt < 3 && !(await option.isVisible()); attempt++) {
    await sheet.getByText(group, { exact: true }).click();
    await option.waitFor({ timeout: 3_000 }).catch(() => undefined);
  }
  // The group stays chosen while the page draws itself again: the patrol's clock ticks each
  // second, and each tick used to reset the sheet to its first level (lost picks in CI).
  const elapsed = page.getByTestId('patrol-elapsed');
  if ((await elapsed.count()) > 0) {
    const shown = await elapsed.innerText();
    await poll(async () => (await elapsed.innerText()) !== shown, { message: "a tick of the patrol's clock" });
    assert.ok(await option.isVisible(), `${group} still open after a tick of the patrol's clock`);
  }
  await option.click();
  await sheet.locator('.adm-cascader-header-button').filter({ hasText: '确定' }).click();
  await sheet.waitFor({ state: 'hidden' });
  await picker.getByText(name).waitFor();
}

interface PatrolView {
  id: number;
  sampleCount: number;
  checkIns: { buildingName: string; at: string }[];
  findings: { matterId: number }[];
  endedAt: string | null;
}
interface VisitList {
  items: { id: number; notes: string; photos: unknown[]; visitedAt: string }[];
}
interface MatterList {
  items: { id: number; description: string; status: string }[];
}

test('with no network a grid worker checks in, files a finding, records a visit with a photo and logs 随手做; each lands once when the network returns', async () => {
  const admin = await apiAs(browser, server.baseUrl, 'admin');
  const { items: buildings } = await admin.get<{ items: { name: string; lat: number; lng: number }[] }>(
    `/api/org/buildings?q=${encodeURIComponent('打铁关小区1幢')}`,
  );
  const building = buildings.find((b) => b.name === '打铁关小区1幢');
  assert.ok(building, '打铁关小区1幢 is in the demo data');
  // ~28 m a step north of the building (each step is kept: 20 m or more).
  const at = (north: number) => ({ latitude: building.lat + north * 0.00025, longitude: building.lng });
  const worker = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  const stamp = Date.now();
  const findingText = `弱网巡查发现：路口占道摆摊 ${stamp}`;
  const visitNotes = `弱网入户：老人身体尚好 ${stamp}`;
  const onSpotText = `弱网随手做：扶正倒地的共享单车 ${stamp}`;
  const mattersLike = async (q: string) =>
    (await worker.get<MatterList>(`/api/matters?limit=50&q=${encodeURIComponent(q)}`)).items.filter((m) =>
      m.description.includes(q),
    );

  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true, geolocation: at(2) });
  // What the phone sends, to see each action leave once and a replay answered as one.
  const uploads: string[] = [];
  const replayed: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'POST' && r.url().endsWith('/api/media')) uploads.push(r.url());
  });
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && r.headers()['idempotent-replayed'] === 'true')
      replayed.push(new URL(r.url()).pathname);
  });

  await flow(page, 'h5-field-offline', async () => {
    await loginToH5(page, server.baseUrl, 'grid_datieguan_01');

    // Online first: 走访 and a person's visit form are opened once (their code and the list
    // are then on the phone), and a patrol is started.
    await page.getByText('我的', { exact: true }).last().click();
    await page.getByTestId('entry-visits').click();
    const due = page.getByTestId('due-list');
    await due.waitFor();
    const first = due.locator('.adm-list-item').first();
    const name = (await first.locator('.adm-list-item-content-main').innerText()).split('\n')[0]!.trim();
    await first.click();
    await page.getByText(`走访记录 · ${name}`).waitFor();
    const personId = Number(/\/field\/visits\/(\d+)/.exec(page.url())?.[1]);
    assert.ok(personId > 0, page.url());
    const visitsBefore = (await worker.get<VisitList>(`/api/field/visits?personId=${personId}&limit=100`)).items.length;
    await page.locator('.adm-nav-bar-back').click();
    await due.waitFor();
    await page.locator('.adm-nav-bar-back').click();
    await page.getByTestId('entry-patrol').click();
    await page.getByRole('button', { name: '开始巡查' }).click();
    await page.getByTestId('patrol-running').waitFor();
    const { patrol: started } = await worker.get<{ patrol: PatrolView }>('/api/field/patrols/current');
    // The buildings around are kept on the phone for a check-in with no network.
    await page.waitForFunction(() => localStorage.getItem('gongzhi.field.buildings') !== null);
    await toastGone(page);

    // ---- No network ----
    await page.context().setOffline(true);
    const samplesBefore = Number(await page.getByTestId('patrol-samples').innerText());
    await page.context().setGeolocation(at(1));
    await poll(async () => Number(await page.getByTestId('patrol-samples').innerText()) === samplesBefore + 1);
    await page.context().setGeolocation(at(0));
    await poll(async () => Number(await page.getByTestId('patrol-samples').innerText()) === samplesBefore + 2);
    await page.getByTestId('trail-waiting').waitFor();

    // 楼栋打卡 at the nearest building, found on the phone.
    await page.getByRole('button', { name: '楼栋打卡' }).click();
    const dialog = page.locator('.adm-dialog');
    await dialog.getByText('在「打铁关小区1幢」打卡').waitFor();
    await dialog.getByText('楼栋打卡', { exact: true }).click();
    await page.getByText('没有网络：已保存在手机上，恢复后自动发送').waitFor();
    await page.getByTestId('check-in-waiting').filter({ hasText: '打铁关小区1幢' }).waitFor();
    await toastGone(page);

    // 随手报 where the worker stands.
    await page.getByRole('button', { name: '随手报' }).click();
    const sheet = page.locator('.h5-field-sheet');
    await sheet.waitFor();
    await pickCategory(page, sheet, '街面秩序', '无照经营游商');
    await sheet.getByPlaceholder('发现了什么问题？（至少 4 个字）').fill(findingText);
    await sheet.getByRole('button', { name: '上报' }).click();
    await page.getByTestId('findings-waiting').filter({ hasText: '1 件随手报待发送' }).waitFor();
    await toastGone(page);
    const bar = page.getByTestId('outbox-bar');
    await bar.getByText(/待发送 3 项/).waitFor();
    await settled(page);
    await fitsAndReads(page, 'patrol, offline');
    await screenshot(page, 'h5-field-offline-patrol', true);

    // 走访 with a photo chosen from the album.
    await page.locator('.adm-nav-bar-back').click();
    await page.getByTestId('entry-visits').click();
    await due.waitFor();
    await due.locator('.adm-list-item').filter({ hasText: name }).first().click();
    await page.getByText(`走访记录 · ${name}`).waitFor();
    await page.getByPlaceholder('见到了谁、身体和生活情况、有什么需要').fill(visitNotes);
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('pick-photo').click();
    await (await chooser).setFiles({ name: 'visit.png', mimeType: 'image/png', buffer: makePng() });
    await page.getByTestId('picked-photo').waitFor();
    await page.getByRole('button', { name: '保存走访' }).click();
    await page.getByText('没有网络：已保存在手机上，恢复后自动发送').waitFor();
    await due.waitFor();
    await due.locator('.adm-list-item').filter({ hasText: name }).getByTestId('visit-waiting').waitFor();
    await bar.getByText(/待发送 4 项/).waitFor();
    await toastGone(page);
    await page.getByTestId('outbox-show').click();
    const list = page.getByTestId('outbox-item');
    await poll(async () => (await list.count()) === 4, { message: 'four items listed' });
    const listed = (await list.allInnerTexts()).join('\n');
    for (const expected of [
      /巡查轨迹 · \d+ 个定位点/,
      /楼栋打卡 · 打铁关小区1幢/,
      /随手报 · 弱网巡查发现/,
      /走访记录 · /,
      /1 张照片/,
    ])
      assert.match(listed, expected);
    await settled(page, page.locator('.adm-popup-body'));
    await fitsAndReads(page, 'visits, offline, waiting list');
    await screenshot(page, 'h5-field-offline-waiting');
    await page.locator('.adm-mask').last().click();
    await page.locator('.adm-popup-body').waitFor({ state: 'hidden' });

    // Nothing has reached the server.
    const held = await worker.get<PatrolView>(`/api/field/patrols/${started.id}`);
    assert.equal(held.checkIns.length, 0);
    assert.equal(held.findings.length, 0);
    assert.equal(
      (await worker.get<VisitList>(`/api/field/visits?personId=${personId}&limit=100`)).items.length,
      visitsBefore,
    );
    assert.equal((await mattersLike(findingText)).length, 0);
    assert.equal(uploads.length, 0, 'no photo upload while offline');

    // ---- The network returns; the visit's answer is held, and the page reloaded while it is on its way ----
    let visitPosts = 0;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let landed!: () => void;
    const firstLanded = new Promise<void>((resolve) => {
      landed = resolve;
    });
    const holdFirst = async (route: Route) => {
      if (route.request().method() !== 'POST' || ++visitPosts > 1) return route.continue();
      const response = await route.fetch(); // the server has done it…
      landed();
      await released;
      await route.fulfill({ response }).catch(() => undefined); // …but the page that asked is gone
    };
    await page.route('**/api/field/visits', holdFirst);
    await page.context().setOffline(false);
    await firstLanded;
    await page.reload();
    release();
    await page.getByTestId('due-list').waitFor();
    await page.getByTestId('outbox-bar').waitFor({ state: 'hidden' });
    await page.unroute('**/api/field/visits', holdFirst);
    assert.equal(visitPosts, 2, 'the visit was sent again after the reload');
    assert.ok(replayed.includes('/api/field/visits'), `the resend was replayed: ${replayed.join(', ')}`);

    // Each arrived once.
    const landedPatrol = await worker.get<PatrolView>(`/api/field/patrols/${started.id}`);
    assert.deepEqual(
      landedPatrol.checkIns.map((c) => c.buildingName),
      ['打铁关小区1幢'],
    );
    assert.equal(landedPatrol.findings.length, 1);
    assert.ok(landedPatrol.sampleCount >= samplesBefore + 2, `samples: ${landedPatrol.sampleCount}`);
    const findings = await mattersLike(findingText);
    assert.equal(findings.length, 1, 'one matter from the finding');
    assert.equal(findings[0]!.id, landedPatrol.findings[0]!.matterId);
    const visits = (await worker.get<VisitList>(`/api/field/visits?personId=${personId}&limit=100`)).items;
    assert.equal(visits.length, visitsBefore + 1, 'one visit');
    const visit = visits.find((v) => v.notes === visitNotes);
    assert.ok(visit, 'the visit with its notes');
    assert.equal(visit.photos.length, 1, 'with its photo');
    assert.equal(uploads.length, 1, 'the photo was uploaded once');
    assert.equal(await due.locator('.adm-list-item').filter({ hasText: name }).getByTestId('visit-waiting').count(), 0);

    // A second flush (the patrol page's own, and its stop) adds nothing.
    await page.goto(`${server.baseUrl}/h5/field/patrol`);
    await page.getByTestId('patrol-running').waitFor();
    await page.getByTestId('check-ins').getByText('打铁关小区1幢').waitFor();
    assert.equal(await page.getByTestId('check-in-waiting').count(), 0);
    await page.getByRole('button', { name: '结束巡查' }).click();
    await page.locator('.adm-dialog').getByText('结束巡查', { exact: true }).click();
    await page.getByTestId('patrol-summary').waitFor();
    const ended = await worker.get<PatrolView>(`/api/field/patrols/${started.id}`);
    assert.ok(ended.endedAt);
    assert.equal(ended.checkIns.length, 1);
    assert.equal(ended.findings.length, 1);
    assert.equal((await mattersLike(findingText)).length, 1);
    assert.equal(
      (await worker.get<VisitList>(`/api/field/visits?personId=${personId}&limit=100`)).items.length,
      visitsBefore + 1,
    );
    await toastGone(page);

    // 随手做 from the workbench with no network: kept, then logged as resolved once.
    await page.goto(`${server.baseUrl}/h5/workbench`);
    await page.getByTestId('workbench-on-spot').click();
    await page.getByTestId('location-field').getByText('打铁关社区第一网格 · 打铁关社区').waitFor();
    await page.context().setOffline(true);
    await page.getByLabel('问题描述').fill(onSpotText);
    await pickCategory(page, page, '街面秩序', '无照经营游商');
    await page.getByRole('button', { name: '记为已办结' }).click();
    await page.getByText('没有网络：已保存在手机上，恢复后自动发送').waitFor();
    await page.getByTestId('workbench').waitFor();
    await page
      .getByTestId('outbox-bar')
      .getByText(/待发送 1 项/)
      .waitFor();
    await toastGone(page);
    await screenshot(page, 'h5-field-offline-on-spot');
    assert.equal((await mattersLike(onSpotText)).length, 0);
    await page.context().setOffline(false);
    await page.getByTestId('outbox-bar').waitFor({ state: 'hidden' });
    const onSpot = await mattersLike(onSpotText);
    assert.equal(onSpot.length, 1, 'one matter');
    assert.equal(onSpot[0]!.status, 'closed', 'done on the spot: closed at once');
  });
  assert.deepEqual(errors, []);
});
