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

test('问卷调查: staff publish a survey in the console, a resident answers on the phone, staff see the results chart', async () => {
  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  const staff = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const board = await resident.get<{ community: { id: number } }>('/api/org/board');

  const created = await staff.post<{ id: number }>('/api/surveys', {
    communityId: board.community.id,
    title: '打铁关居民满意度调查',
    anonymous: true,
    opensAt: new Date(Date.now() - 60_000).toISOString(),
    closesAt: new Date(Date.now() + 3_600_000).toISOString(),
    questions: [
      {
        id: 'q1',
        type: 'single',
        title: '您对小区环境是否满意？',
        required: true,
        options: ['满意', '一般', '不满意'],
      },
      { id: 'q2', type: 'rating', title: '请为物业服务打分', required: true },
      { id: 'q3', type: 'text', title: '其他建议' },
    ],
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;

  await flow(desk, 'surveys-publish', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '问卷调查');
    await desk.locator('tr', { hasText: '打铁关居民满意度调查' }).click();
    await desk.getByTestId('survey-publish').click();
    await desk
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    await desk.getByTestId('survey-phase').getByText('进行中').waitFor();
    await settled(desk);
    await screenshot(desk, 'surveys-published');
  });

  await flow(phone, 'surveys-answer', async () => {
    await loginToH5(phone, server.baseUrl, 'resident_demo');
    await phone.getByTestId('feature-surveys').click();
    await phone.getByTestId(`survey-${id}`).click();
    await phone.getByTestId('answer-q1-0').click();
    await phone.locator('.adm-rate-star').nth(3).tap(); // a finger: the Rate listens to touch on phones
    await phone.getByTestId('answer-q3').locator('input').fill('希望增加路灯');
    await settled(phone);
    await screenshot(phone, 'surveys-answer', true);
    await phone.getByTestId('survey-submit').click();
    await phone.waitForURL(/\/surveys$/);
    // Back in the list, the survey says it is answered.
    await phone.getByTestId(`survey-${id}`).getByText('已填写').waitFor();
    await screenshot(phone, 'surveys-list-answered');
  });

  await flow(desk, 'surveys-results', async () => {
    await desk.reload();
    await desk.getByTestId('survey-responses').getByText('1').waitFor();
    await desk.getByTestId('result-q1').getByText('1 人作答').waitFor();
    await desk.getByText('希望增加路灯').waitFor();
    await chartsDrawn(desk);
    await settled(desk);
    await screenshot(desk, 'surveys-results');
  });

  assert.deepEqual([...deskErrors, ...errors], []);
});
