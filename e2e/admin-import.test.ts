import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { flow, serverAndBrowser, loginToAdmin, newPage, screenshot, openNav } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const HEADER = '姓名,社区编码,性别,出生日期,身份证号,手机号,网格编码,楼栋,单元,房号,房屋面积,标签,是否业主,地址,备注';

const GOOD_CSV = [
  HEADER,
  '导入测试甲,330105901001,男,1950-01-02,,13700000001,330105901001-01,打铁关小区1幢,1单元,101,88.5,独居老人;党员,是,,e2e',
  '导入测试乙,330105901001,女,1986-05-06,,,330105901001-02,金都华庭2幢,2单元,302,,志愿者,否,,e2e',
].join('\n');

const BAD_CSV = [
  HEADER,
  '导入测试丙,330105901001,女,1990-01-01,,13700000003,,,,,,,,,这一行本身没有问题',
  '导入测试丁,330105901001,男,,,12345,,,,,,,,,手机号不对',
  ',330105901001,男,,,,,,,,,,,,缺姓名',
  '导入测试戊,999999999999,女,,,,,,,,,,,,社区编码不存在',
].join('\n');

async function importCsv(page: Page, fileName: string, content: string) {
  await page.getByRole('button', { name: /下一步/ }).click();
  await page.getByRole('columnheader', { name: '姓名' }).waitFor();
  await page.getByRole('button', { name: '已准备好文件' }).click();
  await page
    .locator('input[type=file]')
    .setInputFiles({ name: fileName, mimeType: 'text/csv', buffer: Buffer.from(content, 'utf8') });
}

async function countPeopleNamed(page: Page, name: string): Promise<number> {
  const response = await page.request.get(
    `${server.baseUrl}/api/org/persons?q=${encodeURIComponent(name)}&withTotal=true`,
  );
  return ((await response.json()) as { total: number }).total;
}

test('community admin imports people through the wizard, then sees why a bad file is refused', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-import', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await openNav(page, '数据导入');

    await importCsv(page, '新增居民.csv', GOOD_CSV);
    await page.getByText('导入成功', { exact: true }).first().waitFor({ timeout: 30_000 });
    await page.getByText('共 2 行：新增 2 条，更新 0 条').waitFor();
    assert.equal(await countPeopleNamed(page, '导入测试甲'), 1);
    await screenshot(page, 'admin-import-success');

    await page.getByRole('button', { name: '继续导入' }).click();
    await importCsv(page, '有错误的名单.csv', BAD_CSV);
    const failed = page.getByTestId('import-failed');
    await failed.waitFor({ timeout: 30_000 });
    assert.match(await failed.innerText(), /文件中有 \d+ 处错误/);
    assert.match(await failed.innerText(), /没有导入任何数据/);
    const errorRows = failed.locator('.ant-table-tbody tr.ant-table-row');
    assert.ok((await errorRows.count()) >= 3, 'each bad row is listed');
    const rowNumbers = (await errorRows.locator('td:first-child').allInnerTexts()).map(Number);
    assert.ok(
      rowNumbers.includes(3) && rowNumbers.includes(4) && rowNumbers.includes(5),
      `rows 3-5 are named: ${rowNumbers.join(',')}`,
    );
    assert.ok(!rowNumbers.includes(2), 'the good row is not blamed');
    assert.equal(await countPeopleNamed(page, '导入测试丙'), 0, 'nothing from the bad file was written');
    await screenshot(page, 'admin-import-errors', true);

    const history = page.locator('.ant-card', { hasText: '导入记录' });
    await history.getByText('有错误的名单.csv').waitFor();
    await history.getByText('新增居民.csv').waitFor();
  });
  assert.deepEqual(errors, []);
});

test('the same wizard takes an Excel workbook, with an Excel template beside the CSV one', async () => {
  const { page, errors } = await newPage(browser);
  await flow(page, 'admin-import-xlsx', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await openNav(page, '数据导入');
    await page.getByRole('button', { name: /下一步/ }).click();
    await page.getByTestId('template-xlsx').waitFor();
    const template = await page.request.get(`${server.baseUrl}/api/org/imports/templates/persons/xlsx`);
    assert.match(template.headers()['content-type'] ?? '', /spreadsheetml/);

    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('人员');
    sheet.addRow(HEADER.split(','));
    // As people type it in Excel: the phone a number, the birth date a date.
    sheet.addRow([
      '导入测试己',
      '330105901001',
      '女',
      new Date(Date.UTC(1948, 6, 9)),
      '',
      13700000009,
      '',
      '打铁关小区1幢',
      '1单元',
      '202',
    ]);
    await page.getByRole('button', { name: '已准备好文件' }).click();
    await page.locator('input[type=file]').setInputFiles({
      name: '新增居民.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    // This import's own result (the history below already lists the earlier one as 导入成功).
    await page.getByText('共 1 行：新增 1 条，更新 0 条').waitFor({ timeout: 30_000 });
    assert.equal(await countPeopleNamed(page, '导入测试己'), 1);
    assert.equal(await countPeopleNamed(page, '13700000009'), 1, 'the phone kept every digit');
    await screenshot(page, 'admin-import-xlsx');
  });
  assert.deepEqual(errors, []);
});
