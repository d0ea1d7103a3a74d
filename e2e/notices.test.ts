import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  DEMO_PASSWORD,
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
import { startServer, type TestServer } from './support/server.ts';
import { chartsDrawn, poll, settled } from './support/wait.ts';

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const HEADLINE = '警惕冒充公检法诈骗';
/** The notice's hours before an elder who has not acknowledged is visited: 0.01 h = 36 s of the server's clock. */
const VISIT_AFTER_HOURS = '0.01';

interface Counts {
  recipients: number;
  sent: number;
  delivered: number;
  read: number;
  acknowledged: number;
}

test('反诈预警: staff publish to the elders living alone of a community; one acknowledges in the H5, one is recorded by staff; the rest become visit tasks for their grid worker after N hours', async () => {
  const staffApi = await apiAs(browser, server.baseUrl, 'community_datieguan');
  const workerApi = await apiAs(browser, server.baseUrl, 'grid_datieguan_01');
  // The scene: the demo resident 陈建华 lives alone (an elder of the community with an account).
  const resident = await apiAs(browser, server.baseUrl, 'resident_demo');
  const me = await resident.get<{ personId: number }>('/api/auth/me');
  const staffContext = await browser.newContext({ baseURL: server.baseUrl });
  const login = await staffContext.request.post('/api/auth/login', {
    data: { username: 'community_datieguan', password: DEMO_PASSWORD },
  });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const person = (await (await staffContext.request.get(`/api/org/persons/${me.personId}`)).json()) as {
    tags: string[];
  };
  const tagged = await staffContext.request.patch(`/api/org/persons/${me.personId}`, {
    data: { tags: [...person.tags, 'elderly_alone'] },
    headers: { 'X-CSRF-Token': csrfToken },
  });
  assert.ok(tagged.ok(), await tagged.text());
  await staffContext.close();

  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  let noticeId = 0;

  await flow(desk, 'notices-publish', async () => {
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '通知公告');
    await desk.getByTestId('notice-create').click();
    const drawer = desk.locator('.ant-drawer').filter({ has: desk.getByTestId('notice-form') });
    await settled(desk, drawer.getByTestId('notice-headline'));
    await drawer.getByTestId('notice-headline').fill(HEADLINE);
    await drawer
      .getByTestId('notice-description')
      .fill('近期有人冒充公安、检察院、法院来电，称您涉嫌洗钱，要求把钱转到“安全账户”。');
    await drawer.getByTestId('notice-instruction').fill('公检法不会电话办案，不转账、不透露验证码。有疑问拨打 96110。');
    await drawer
      .locator('[data-testid=notice-visit-hours] input, input[data-testid=notice-visit-hours]')
      .fill(VISIT_AFTER_HOURS);
    await screenshot(desk, 'notices-publish-form');
    await drawer.getByTestId('notice-submit').click();
    await desk.getByTestId('notice-detail').waitFor();
    await desk.getByTestId('notice-count-recipients').waitFor();
  });

  const list = await staffApi.get<{ items: { id: number; headline: string; counts: Counts }[] }>(
    '/api/notices/manage?topic=anti_fraud',
  );
  const published = list.items.find((n) => n.headline === HEADLINE);
  assert.ok(published, 'the notice is listed');
  noticeId = published.id;
  const elders = published.counts.recipients;
  assert.ok(elders >= 3, `the community's elders living alone are reached (${elders})`);
  const recipients = await staffApi.get<{ items: { id: number; tags: string[] }[] }>(
    `/api/notices/manage/${noticeId}/recipients?limit=200`,
  );
  assert.equal(recipients.items.length, elders);
  assert.ok(
    recipients.items.every((r) => r.tags.includes('elderly_alone')),
    'only elders living alone',
  );

  await flow(phone, 'notices-h5-ack', async () => {
    await loginToH5(phone, server.baseUrl, 'resident_demo');
    await phone.goto(`${server.baseUrl}/h5/notices`);
    await phone.getByTestId('my-notice').filter({ hasText: HEADLINE }).click();
    await phone.getByTestId('notice-ack').waitFor();
    await screenshot(phone, 'notices-h5-detail');
    await phone.getByTestId('notice-ack').click();
    await phone.getByTestId('notice-acked').waitFor();
    await phone.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(phone, 'notices-h5-acknowledged');
  });

  await flow(desk, 'notices-record', async () => {
    // A staff member called an elder with no account: recorded on their behalf.
    await desk.getByTestId('notice-record').first().click();
    await desk.getByTestId('notice-record-note').fill('电话告知，老人表示明白');
    await desk.getByTestId('notice-record-ok').click();
    await poll(async () => (await desk.getByTestId('notice-count-acknowledged').innerText()).includes('2'), {
      message: 'two acknowledged in the counts',
    });
    await chartsDrawn(desk, desk.getByTestId('notice-detail'));
    await screenshot(desk, 'notices-detail-counts', true);
  });
  const counted = (await staffApi.get<{ counts: Counts }>(`/api/notices/manage/${noticeId}`)).counts;
  assert.equal(counted.acknowledged, 2);
  assert.ok(counted.read >= 2);
  const acked = await staffApi.get<{ items: { ackMethod: string; ackBy: string | null }[] }>(
    `/api/notices/manage/${noticeId}/recipients?state=acknowledged`,
  );
  assert.deepEqual(acked.items.map((r) => r.ackMethod).sort(), ['app', 'phoned']);

  // N hours pass on the server's clock (36 s): the timed job makes a visit task per silent elder, once.
  const open = () =>
    staffApi.get<{ items: { id: number; notice: { id: number } }[] }>('/api/notices/tasks?status=open&limit=200');
  await poll(async () => (await open()).items.filter((x) => x.notice.id === noticeId).length > 0, {
    timeout: 150_000,
    interval: 2_000,
    message: 'visit tasks for the elders who did not acknowledge',
  });
  // One more round of the job changes nothing: once per elder and notice.
  await new Promise((resolve) => setTimeout(resolve, 61_000));
  const tasks = (await open()).items.filter((x) => x.notice.id === noticeId);
  assert.equal(tasks.length, elders - 2, 'exactly the elders who did not acknowledge');
  const mine = (
    await workerApi.get<{ items: { notice: { id: number } }[] }>('/api/notices/tasks?status=open')
  ).items.filter((x) => x.notice.id === noticeId);
  assert.ok(mine.length >= 1, "the first grid's worker has some of them");

  await flow(phone, 'notices-h5-tasks', async () => {
    await phone.context().clearCookies();
    await loginToH5(phone, server.baseUrl, 'grid_datieguan_01');
    await phone.goto(`${server.baseUrl}/h5/workbench`);
    await phone.getByTestId('workbench-notice-tasks').click();
    await phone.getByTestId('visit-tasks').waitFor();
    const cards = phone.getByTestId('visit-task').filter({ hasText: HEADLINE });
    await cards.first().waitFor();
    assert.equal(await cards.count(), mine.length);
    await screenshot(phone, 'notices-h5-visit-tasks');
    await cards.first().getByTestId('visit-task-close').click();
    await phone.getByTestId('visit-task-note').locator('textarea').fill('上门讲解冒充公检法话术，老人已知晓');
    await settled(phone, phone.getByTestId('visit-task-visited'));
    await screenshot(phone, 'notices-h5-visit-close');
    await phone.getByTestId('visit-task-visited').click();
    await poll(async () => (await cards.count()) === mine.length - 1, { message: 'the task is closed' });
  });
  const after = (await staffApi.get<{ counts: Counts }>(`/api/notices/manage/${noticeId}`)).counts;
  assert.equal(after.acknowledged, 3, 'the visit counts as the elder acknowledging');

  assert.deepEqual(deskErrors, []);
  assert.deepEqual(errors, []);
});
