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
import { settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('维权: a worker fills the guided intake, sees each deadline with its rule, and where the case went', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'rights-intake', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.getByTestId('feature-rights').click();

    // 1. What happened: unpaid wages, as an employee, a migrant worker (the default).
    await page.getByTestId('rights-kind').getByText('工资被拖欠').click();
    await page.getByText('干了活没拿到工钱').click();
    await page.getByTestId('rights-relationship').getByText('我是员工（有劳动关系）').click();
    await settled(page);
    await screenshot(page, 'rights-intake-question', true);
    await page.getByTestId('rights-next').click();

    // 2. The job ended on 31 Oct 2026; 8,600 yuan owed.
    await page.getByTestId('rights-ongoing').getByText('已经不干了').click();
    await page.getByTestId('rights-ended-on').fill('2026-10-31');
    await page.getByTestId('rights-day').fill('2026-10-15');
    await page.getByTestId('rights-amount').locator('input').fill('8600');
    await page.getByTestId('rights-employer').locator('input').fill('杭州某快递站点');
    await page.getByTestId('rights-summary').locator('textarea').fill('在站点分拣两个月，离职后工资一直没结');
    await settled(page);
    await screenshot(page, 'rights-intake-facts', true);
    await page.getByTestId('rights-next').click();

    // 3. The deadline, its rule and how it was counted: one year from the end of the job,
    // 31 Oct 2027 being a Sunday, the next working day.
    const arrears = page.getByTestId('deadline-arbitration_wage_arrears');
    await arrears.getByTestId('deadline-date').getByText('2027-11-01').waitFor();
    await arrears.getByText('第二十七条第四款', { exact: false }).waitFor();
    await arrears.getByText('劳动关系于 2026-10-31 终止', { exact: false }).waitFor();
    await page.getByTestId('final-award').getByText('对用人单位终局').waitFor();
    await page.getByTestId('means-test').getByText('不受经济困难条件的限制', { exact: false }).waitFor();
    // Recommended once the job has ended: people's mediation.
    await page.getByTestId('rights-route').getByText('推荐').waitFor();
    await settled(page);
    await screenshot(page, 'rights-intake-deadlines', true);
    await page.getByTestId('rights-submit').click();

    // 我的维权: where it went (the mediation case's code) and the deadlines with their rules.
    await page.waitForURL(/\/h5\/rights\/mine/);
    const routed = page.getByTestId('rights-routed').first();
    await routed.getByText('人民调解（劳动争议）').waitFor();
    await routed.getByText(/调解案件 TJ\d{14}/).waitFor();
    await page.getByTestId('deadline-rule').first().getByText('劳动争议调解仲裁法', { exact: false }).waitFor();
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await settled(page);
    await screenshot(page, 'rights-intake-mine', true);

    // The server agrees: a mediation case of the labour category, the worker its applicant.
    const mine = (await (await page.request.get(`${server.baseUrl}/api/rights/cases/mine`)).json()) as {
      items: Array<{ route: { code: string }; routeRef: { mediationCaseId?: number } }>;
    };
    assert.equal(mine.items[0]?.route.code, 'mediation');
    const mediationId = mine.items[0]?.routeRef.mediationCaseId;
    const mediation = (await (await page.request.get(`${server.baseUrl}/api/mediation/cases/mine`)).json()) as {
      items: Array<{ id: number; category: { code: string } }>;
    };
    assert.equal(mediation.items.find((c) => c.id === mediationId)?.category.code, 'labour');

    // 我的 leads to the same list.
    await page.goto(`${server.baseUrl}/h5/me`);
    await page.getByTestId('entry-rights').click();
    await page.getByTestId('rights-routed').first().waitFor();
  });
  assert.deepEqual(errors, []);
});

test('维权案件: the community staff find the case in their queue, masked, and reveal the worker (audited)', async () => {
  const { page, errors } = await newPage(browser, { viewport: DESKTOP });
  await flow(page, 'rights-queue', async () => {
    await loginToAdmin(page, server.baseUrl, 'community_datieguan');
    await openNav(page, '维权案件');
    await page.getByRole('combobox', { name: '去向' }).click();
    await page.locator('.ant-select-dropdown').getByText('人民调解').click();
    const row = page.locator('[data-testid^="rights-row-WQ"]').first();
    await row.waitFor();
    await row.click();
    const drawer = page.locator('.ant-drawer');
    await drawer.getByText('第二十七条第四款', { exact: false }).first().waitFor();
    await drawer.getByText(/调解案件 TJ\d{14}/).waitFor();
    await drawer.getByTestId('rights-reveal').click();
    await drawer.getByText('已查看（已记录审计）').waitFor();
    await settled(page);
    await screenshot(page, 'rights-queue', false);
  });
  assert.deepEqual(errors, []);
});
