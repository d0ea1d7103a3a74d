import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
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

test('普法反诈: the community publishes a fraud case, a resident finds it by Chinese words, reports the number that called them, and the community sees the report with its matter', async () => {
  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });

  await flow(desk, 'legal-admin-article', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '普法反诈');
    await desk.getByTestId('article-add').click();
    const dialog = desk.getByRole('dialog');
    await dialog.getByLabel('所属单位').click();
    await desk.locator('.ant-select-dropdown').getByText('打铁关社区', { exact: true }).click();
    await dialog.getByLabel('类型').click();
    await desk.locator('.ant-select-dropdown').getByText('反诈案例', { exact: true }).click();
    // A fraud case without its kind of fraud is not saved.
    await dialog.getByTestId('article-title').fill('“民警”来电说您涉嫌洗钱');
    await dialog
      .getByTestId('article-body')
      .fill(
        '骗子冒充公安局民警，称老人银行卡涉嫌洗钱，要求把存款转入“安全账户”。公安机关不会电话办案，更没有安全账户。',
      );
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.locator('.ant-form-item-explain-error').first().waitFor();
    await dialog.getByLabel('诈骗类型').click();
    await desk.locator('.ant-select-dropdown').getByText('冒充公检法', { exact: true }).click();
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = desk.locator('tr', { hasText: '“民警”来电说您涉嫌洗钱' });
    await row.getByText('冒充公检法').waitFor();
    await row.getByText('已发布').waitFor();
    await settled(desk);
    await screenshot(desk, 'legal-admin-articles');
  });

  await flow(phone, 'legal-h5', async () => {
    await loginToH5(phone, server.baseUrl, 'resident_demo');
    await phone.getByTestId('feature-legal').click();
    await phone.getByTestId('legal-hotline').getByRole('link', { name: '拨打 96110' }).waitFor();
    const search = phone.getByTestId('legal-search').locator('input');
    await search.fill('安全账户 民警');
    await search.press('Enter');
    const item = phone.locator('[data-testid^="legal-item-"]', { hasText: '“民警”来电说您涉嫌洗钱' });
    await item.waitFor();
    assert.equal(await phone.locator('[data-testid^="legal-item-"]').count(), 1, 'only the matching article');
    await settled(phone);
    await screenshot(phone, 'legal-h5-search', true);
    await item.click();
    await phone.getByTestId('legal-article').getByText('公安机关不会电话办案', { exact: false }).waitFor();
    await settled(phone);
    await screenshot(phone, 'legal-h5-article');
    await phone.getByTestId('legal-article').getByRole('button', { name: '关闭' }).click();

    await phone.getByRole('tab', { name: '举报可疑' }).click();
    await phone.getByTestId('legal-target').locator('input').fill('+86 171 2345 6789');
    await phone.getByTestId('legal-description').locator('textarea').fill('自称民警，说我涉嫌洗钱，让我转账到安全账户');
    await phone.getByTestId('legal-submit').click();
    const receipt = phone.getByTestId('legal-receipt');
    await receipt.getByText('已提交，社区和派出所反诈民警会跟进').waitFor();
    await receipt.getByText('拨打 96110 反诈专线咨询', { exact: false }).waitFor();
    await settled(phone);
    await screenshot(phone, 'legal-h5-receipt');
    await receipt.getByRole('button', { name: '关闭' }).click();
    await phone.getByRole('tab', { name: '我的举报' }).click();
    await phone.getByTestId('legal-my-report').first().getByText('+86 171 2345 6789').waitFor();
  });

  await flow(desk, 'legal-admin-reports', async () => {
    await desk.getByRole('tab', { name: '可疑举报' }).click();
    const row = desk.locator('tr', { hasText: '+86 171 2345 6789' });
    await row.getByText('打铁关社区').waitFor();
    assert.equal(await row.getByText('陈建华').count(), 0, 'the reporter’s name is masked');
    await chartsDrawn(desk);
    await settled(desk);
    await screenshot(desk, 'legal-admin-reports');
    await row.getByText('查看事项').click();
    await desk.getByText('可疑电话', { exact: false }).first().waitFor();
  });

  assert.deepEqual([...deskErrors, ...errors], []);
});
