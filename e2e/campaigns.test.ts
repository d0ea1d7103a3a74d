import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import type { Browser } from 'playwright-core';
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
import { apiAs } from './support/api.ts';
import { makePng } from './support/files.ts';
import { repoRoot, startServer, type TestServer } from './support/server.ts';
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

const TITLE = '电动自行车消防安全专项整治';
const ITEMS = [
  ['电动自行车不得在楼道、安全出口停放充电', '《高层民用建筑消防安全管理规定》第三十七条'],
  ['不得私拉电线、飞线充电', '《消防法》第二十一条'],
  ['疏散通道、安全出口保持畅通', '《消防法》第二十八条'],
  ['灭火器配置齐全有效', ''],
  ['消防设施标识清晰', ''],
] as const;

test('专项整治: the console sets up a campaign of 3 targets × 5 items; an inspector records a finding with a photo on the phone, the notice prints, a re-check closes it, and progress shows', async () => {
  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });

  await flow(desk, 'campaigns-create', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '专项整治');
    await desk.getByTestId('campaign-create').click();
    const drawer = desk.locator('.ant-drawer').filter({ has: desk.getByTestId('campaign-form') });
    await settled(desk, drawer.getByTestId('campaign-title'));
    await drawer.getByTestId('campaign-title').fill(TITLE);
    const period = drawer.locator('.ant-picker-range input');
    await period.first().click();
    await period.first().fill('2026-12-01');
    await period.nth(1).click();
    await period.nth(1).fill('2027-01-31');
    await period.nth(1).press('Enter');

    for (let n = 1; n < ITEMS.length; n++) await drawer.getByTestId('campaign-add-item').click();
    const rows = drawer.getByTestId('campaign-item-row');
    assert.equal(await rows.count(), 5);
    for (const [n, [text, basis]] of ITEMS.entries()) {
      await rows.nth(n).getByLabel('检查内容').fill(text);
      if (basis) await rows.nth(n).getByLabel('法律依据（可选）').fill(basis);
    }

    // The first target is a building of the community, picked from the register; then a shop and a garage.
    const targets = drawer.getByTestId('campaign-target-row');
    await targets.nth(0).getByTestId('campaign-target-building').click();
    const buildingOption = desk.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
    const buildingName = (await buildingOption.innerText()).trim();
    await buildingOption.click();
    await desk.waitForFunction(
      (name) =>
        (document.querySelector('[data-testid=campaign-target-row] input[aria-label="名称"]') as HTMLInputElement)
          ?.value === name,
      buildingName,
    );
    await targets.nth(0).getByLabel('责任人/单位').fill('打铁关物业');
    await drawer.getByTestId('campaign-add-target').click();
    await targets.nth(1).getByLabel('名称').fill('老王电动车行');
    await targets.nth(1).getByLabel('地址').fill('打铁关路 8 号');
    await targets.nth(1).getByLabel('责任人/单位').fill('王某某');
    await drawer.getByTestId('campaign-add-target').click();
    await targets.nth(2).getByLabel('类型').click();
    await desk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '车库' }).click();
    await targets.nth(2).getByLabel('名称').fill('打铁关地下车库');
    await targets.nth(2).getByLabel('责任人/单位').fill('打铁关物业');

    await drawer.getByTestId('campaign-members').click();
    await desk.keyboard.type('李婷');
    await desk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '网格员 李婷' }).click();
    await desk.keyboard.press('Escape');
    await settled(desk);
    await screenshot(desk, 'campaigns-admin-form');
    await drawer.getByTestId('campaign-save').click();
    await drawer.waitFor({ state: 'hidden' });
    const detail = desk.getByTestId('campaign-detail');
    await detail.getByText(TITLE).waitFor();
    await detail.getByText('网格员 李婷').waitFor();
    assert.equal(await detail.getByTestId('campaign-progress').locator('tbody tr.ant-table-row').count(), 3);
  });

  let number = '';
  await flow(phone, 'campaigns-phone-inspect', async () => {
    await loginToH5(phone, server.baseUrl, 'grid_datieguan_01');
    await phone.goto(`${server.baseUrl}/h5/campaigns`);
    await phone.getByTestId('my-campaign').filter({ hasText: TITLE }).click();
    await phone.getByTestId('campaign-target').filter({ hasText: '老王电动车行' }).click();
    const a1 = phone.getByTestId('item-A1');
    await a1.getByText('有问题').click();
    await phone.getByTestId('finding-A1').locator('textarea').fill('店内 3 辆电动车在安全出口处充电');
    await a1
      .locator('input[type=file]')
      .setInputFiles({ name: 'finding.png', mimeType: 'image/png', buffer: makePng(64, 48, [200, 60, 60]) });
    await phone.waitForFunction(() => !document.querySelector('.adm-image-uploader-cell-loading'));
    await a1.locator('.adm-image-uploader-cell img').first().waitFor();
    await phone.getByTestId('item-A5').getByText('不适用').click();
    await settled(phone);
    await screenshot(phone, 'campaigns-phone-inspection', true);
    await phone.getByTestId('inspection-submit').click();
    const toast = phone.locator('.adm-toast-main', { hasText: '已下发整改通知书' });
    await toast.waitFor();
    number = /整改〔\d{4}〕第\d{4}号/.exec(await toast.innerText())![0];
  });

  await flow(desk, 'campaigns-pdf', async () => {
    // The notice was issued on the phone: the console shows it once the page reads the list again.
    // Already on the campaigns page: a reload reads the lists again (the sidebar group unfolds by itself).
    await desk.reload();
    await desk.locator('tr', { hasText: TITLE }).first().click();
    const link = desk.getByTestId('campaign-notices').locator('tr', { hasText: number }).getByTestId('notice-pdf');
    await link.waitFor();
    const href = await link.getAttribute('href');
    const res = await desk.request.get(`${server.baseUrl}${href}`);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], 'application/pdf');
    const pdf = await res.body();
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.ok(pdf.length > 5_000, `a PDF of ${pdf.length} bytes`);
    const dir = path.join(repoRoot, 'e2e', 'screenshots');
    await fs.mkdir(dir, { recursive: true });
    const file = path.join(dir, 'campaigns-notice.pdf');
    await fs.writeFile(file, pdf);
    // The first page as a picture to look at, where poppler-utils is installed.
    await promisify(execFile)('pdftoppm', [
      '-png',
      '-r',
      '60',
      '-f',
      '1',
      '-l',
      '1',
      file,
      file.replace(/\.pdf$/, ''),
    ]).catch((e: Error) => console.log(`pdftoppm: ${e.message}`));
  });

  await flow(phone, 'campaigns-phone-recheck', async () => {
    await phone.goto(`${server.baseUrl}/h5/campaigns`);
    await phone.getByText('整改通知书', { exact: true }).click();
    const notice = phone.getByTestId('h5-notice').filter({ hasText: number });
    await notice.getByText('老王电动车行', { exact: false }).waitFor();
    await settled(phone);
    await screenshot(phone, 'campaigns-phone-notices');
    await notice.getByTestId('h5-recheck').click();
    const form = phone.getByTestId('recheck-form');
    await settled(phone, form);
    await form.getByText('已整改，销号').click();
    await form.locator('textarea').fill('电动车已移出，安全出口畅通');
    await form
      .locator('input[type=file]')
      .setInputFiles({ name: 'after.png', mimeType: 'image/png', buffer: makePng(64, 48, [60, 160, 80]) });
    await phone.waitForFunction(() => !document.querySelector('.adm-image-uploader-cell-loading'));
    await form.locator('.adm-image-uploader-cell img').first().waitFor();
    await screenshot(phone, 'campaigns-phone-recheck');
    await form.getByTestId('recheck-submit').click();
    await phone.locator('.adm-toast-main', { hasText: '已销号' }).waitFor();
    await phone.getByTestId('h5-notice').filter({ hasText: number }).waitFor({ state: 'detached' });
  });

  await flow(desk, 'campaigns-progress', async () => {
    // Already on the campaigns page: a reload reads the lists again (the sidebar group unfolds by itself).
    await desk.reload();
    await desk.locator('tr', { hasText: TITLE }).first().click();
    const detail = desk.getByTestId('campaign-detail');
    const row = detail.getByTestId('campaign-progress').locator('tr', { hasText: '老王电动车行' });
    await row.getByText('5 / 5').waitFor();
    const notices = detail.getByTestId('campaign-notices').locator('tr', { hasText: number });
    await notices.getByText('已销号').waitFor();
    await notices.getByText('电动车已移出，安全出口畅通', { exact: false }).waitFor();
    await chartsDrawn(desk, detail);
    await settled(desk);
    await screenshot(desk, 'campaigns-admin-detail', true);
  });

  await flow(desk, 'campaigns-console-recheck-edit', async () => {
    // A second finding, recorded through the API; its re-check from the console fails and escalates it.
    const inspector = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
    const mine = await inspector.get<{ items: Array<{ id: number; title: string }> }>('/api/campaigns?mine=true');
    const id = mine.items.find((c) => c.title === TITLE)!.id;
    const campaign = await inspector.get<{
      items: Array<{ id: number; code: string }>;
      targets: Array<{ id: number; name: string }>;
    }>(`/api/campaigns/${id}`);
    const garage = campaign.targets.find((x) => x.name === '打铁关地下车库')!;
    const recorded = await inspector.post<{ notice: { number: string } }>(
      `/api/campaigns/${id}/targets/${garage.id}/inspection`,
      {
        results: [{ itemId: campaign.items[2]!.id, result: 'finding', description: '车库安全出口堆放杂物' }],
        deadlineDays: 3,
      },
    );
    assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
    const second = recorded.body.notice.number;
    // Already on the campaigns page: a reload reads the lists again (the sidebar group unfolds by itself).
    await desk.reload();
    await desk.locator('tr', { hasText: TITLE }).first().click();
    const row = desk.getByTestId('campaign-notices').locator('tr', { hasText: second });
    await row.getByTestId('notice-recheck').click();
    const modal = desk.locator('.ant-modal').filter({ hasText: second });
    await settled(desk, modal);
    await modal.getByText('未整改，升级').click();
    await modal.getByLabel('复查情况').fill('杂物仍未清理');
    await modal.getByTestId('recheck-ok').click();
    await modal.waitFor({ state: 'hidden' });
    await row.getByText('已升级').waitFor();
    await row.getByText('杂物仍未清理', { exact: false }).waitFor();

    // Only open ones: the closed first notice leaves the list.
    await desk.getByTestId('notice-status-filter').click();
    await desk.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已升级' }).click();
    await desk.getByTestId('campaign-notices').locator('tr', { hasText: number }).waitFor({ state: 'detached' });
    await row.waitFor();

    // Editing adds a target; the ones recorded against stay.
    await desk.getByTestId('campaign-edit').click();
    const drawer = desk.locator('.ant-drawer').filter({ has: desk.getByTestId('campaign-form') });
    await settled(desk, drawer.getByTestId('campaign-title'));
    await drawer.getByTestId('campaign-add-target').click();
    const added = drawer.getByTestId('campaign-target-row').first();
    await added.getByLabel('名称').fill('打铁关菜场');
    await added.getByLabel('地址').fill('打铁关路 20 号');
    await drawer.getByTestId('campaign-save').click();
    await drawer.waitFor({ state: 'hidden' });
    await desk.getByTestId('campaign-progress').locator('tr', { hasText: '打铁关菜场' }).getByText('0 / 5').waitFor();
    await settled(desk);
    await screenshot(desk, 'campaigns-admin-after-recheck', true);

    // A notification's link (/admin/campaigns/:id) opens the campaign.
    await desk.goto(`${server.baseUrl}/admin/campaigns/${id}`);
    await desk.getByTestId('campaign-detail').getByText(TITLE).waitFor();
  });
  assert.deepEqual(deskErrors, []);
  assert.deepEqual(errors, []);
});
