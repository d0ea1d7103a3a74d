import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc.js';
import type { Browser, Page } from 'playwright-core';
import { apiAs, type ApiClient } from './support/api.ts';
import {
  flow,
  serverAndBrowser,
  loginToAdmin,
  loginToH5,
  newPage,
  PHONE,
  screenshot,
  openNav,
} from './support/browser.ts';
import { poll, settled } from './support/wait.ts';
import { repoRoot, startServer, type TestServer } from './support/server.ts';

dayjs.extend(utc);
/** Now on the clock of the place (Asia/Shanghai), as the pickers read what is typed. */
const local = () => dayjs().utcOffset(480);

let server: TestServer;
let browser: Browser;
/** Accounts given to the adult residents of 打铁关小区1幢 before the server's second start. */
let neighbours: { username: string; owner: boolean; householdId: number | null }[] = [];

before(async () => {
  [server, browser] = await serverAndBrowser(
    startServer({
      beforeStart: async (dataDir) => {
        const out = execFileSync(
          process.execPath,
          ['--import', 'tsx', 'server/test/support/e2e-neighbours.ts', dataDir],
          { cwd: repoRoot },
        );
        neighbours = JSON.parse(out.toString()) as typeof neighbours;
      },
    }),
  );
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** Picks an option of the open antd Select dropdown by its text. */
/** Picks an option once its dropdown has stopped moving (a click during the zoom-in can be lost). */
async function pickOption(page: Page, text: string | RegExp) {
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();
  await settled(page, option);
  await option.click();
}

test('a resident books a 协商铃 slot and sees it under my bookings', async () => {
  const { page, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(page, 'deliberation-consult', async () => {
    await loginToH5(page, server.baseUrl, 'resident_demo');
    await page.getByTestId('feature-consult').click();
    await page.getByTestId('desks').waitFor();
    const slot = page.locator('[data-testid^="slot-"]:not([disabled])').first();
    await slot.waitFor();
    await screenshot(page, 'h5-consult-slots');
    await slot.click();
    await page.getByTestId('booking-sheet').waitFor();
    await page.getByPlaceholder('简要说明想商量的事情').fill('想商量楼道堆物清理的事');
    await settled(page, page.getByTestId('booking-sheet')); // the sheet slides up
    await screenshot(page, 'h5-consult-book');
    await page.getByTestId('confirm-booking').click();
    const mine = page.getByTestId('my-bookings');
    await mine.waitFor();
    assert.match(await mine.innerText(), /想商量楼道堆物清理的事[\s\S]*/);
    assert.match(await mine.innerText(), /已预约/);
    await screenshot(page, 'h5-consult-mine');
  });
  assert.deepEqual(errors, []);
});

test("a topic passes its support threshold, is debated with minutes, goes to an owners' vote, and the art. 278 result is published", async () => {
  const base = server.baseUrl;
  assert.ok(neighbours.length >= 5, `enough neighbours with accounts (${neighbours.length})`);

  // A neighbour raises the topic; four more support it through the API (the threshold is 5).
  const author = await apiAs(browser, base, neighbours[0]!.username);
  const raised = await author.post<{ id: number; threshold: number }>('/api/deliberation/topics', {
    title: '1 幢楼道加装扶手',
    body: '1 幢老人多，楼梯没有扶手，上下楼不安全。建议每层加装不锈钢扶手，费用从维修资金列支。',
    scopeKind: 'community',
  });
  assert.equal(raised.status, 201);
  const topicId = raised.body.id;
  assert.equal(raised.body.threshold, 5);
  for (const n of neighbours.slice(1, 5)) {
    const supporter = await apiAs(browser, base, n.username);
    assert.equal((await supporter.post(`/api/deliberation/topics/${topicId}/support`)).status, 200);
  }

  // The demo resident gives the fifth support in the browser: the topic goes onto the agenda.
  const resident = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(resident.page, 'deliberation-support', async () => {
    const page = resident.page;
    await loginToH5(page, base, 'resident_demo');
    await page.getByTestId('feature-vote').click();
    await page.getByTestId(`topic-${topicId}`).click();
    assert.match(await page.getByTestId('support-count').innerText(), /4\s*\/\s*5/);
    await screenshot(page, 'h5-topic-support-before');
    await page.getByTestId('support-button').click();
    await page.getByTestId('topic-status').getByText('已上议程').waitFor();
    assert.match(await page.getByTestId('support-count').innerText(), /5\s*\/\s*5/);
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'h5-topic-on-agenda');
  });

  // Staff hold a meeting on it (it started an hour ago) and record the minutes with a decision.
  const staff = await newPage(browser);
  await flow(staff.page, 'deliberation-meeting', async () => {
    const page = staff.page;
    await loginToAdmin(page, base, 'community_datieguan');
    await openNav(page, '议事会');
    await page.getByRole('button', { name: '新建议事会' }).click();
    const modal = page.locator('.ant-modal:visible');
    await modal.getByLabel('标题').fill('楼道扶手红茶议事会');
    await modal.getByLabel('地点').fill('社区议事厅');
    const start = local().subtract(1, 'hour').format('YYYY-MM-DD HH:mm');
    const end = local().add(1, 'hour').format('YYYY-MM-DD HH:mm');
    const range = modal.locator('.ant-picker-range input');
    await range.first().click();
    await range.first().fill(start);
    await range.first().press('Enter');
    await range.nth(1).fill(end);
    await range.nth(1).press('Enter');
    await modal.getByLabel('议题').click();
    await pickOption(page, '1 幢楼道加装扶手');
    await modal.getByLabel('标题').click(); // close the dropdown
    await modal.locator('.ant-select-selection-item', { hasText: '1 幢楼道加装扶手' }).waitFor();
    await screenshot(page, 'admin-meeting-new');
    await modal.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByTestId('meeting-status').waitFor();
    await page
      .getByLabel('会议纪要')
      .fill('居民代表、物业、业委会到会。大家同意加装扶手，费用从维修资金列支，需业主表决。');
    await page.getByLabel(/议题结论：1 幢楼道加装扶手/).fill('同意加装，提交 1 幢业主表决');
    await screenshot(page, 'admin-meeting-minutes', true);
    await page.getByRole('button', { name: '保存纪要' }).click();
    await page.getByTestId('minutes').waitFor();
    assert.equal(await page.getByTestId('meeting-status').innerText(), '已召开');
    await screenshot(page, 'admin-meeting-held', true);
  });

  // The owners who will vote through the API sign in first, so that their ballots take little time.
  const owners: { username: string; api: ApiClient }[] = [];
  for (const n of neighbours.filter((x) => x.owner))
    owners.push({ username: n.username, api: await apiAs(browser, base, n.username) });

  // Staff put it to the owners of building 1: open now, closing shortly after the ballots below.
  // The vote closes by the server's clock once its end has passed. The console's picker takes
  // whole minutes, so the test sets the end it sends to VOTING_MS from now, rather than waiting
  // a minute or two of real time.
  const VOTING_MS = 30_000;
  let voteId = 0;
  await flow(staff.page, 'deliberation-vote-create', async () => {
    const page = staff.page;
    await page.route('**/api/deliberation/votes', async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      const body = route.request().postDataJSON() as Record<string, unknown>;
      await route.continue({
        postData: JSON.stringify({ ...body, closesAt: new Date(Date.now() + VOTING_MS).toISOString() }),
      });
    });
    await page.goto(`${base}/admin/deliberation/votes/new?topicId=${topicId}`);
    await page.getByLabel('标题').fill('1 幢楼道加装扶手业主表决');
    await page
      .getByLabel('表决事项')
      .fill('是否同意在 1 幢楼道加装扶手，费用从维修资金列支（筹集、使用维修资金，适用第二百七十八条第一款第六项）？');
    await page.getByLabel('部分楼栋').check();
    const buildings = page.getByRole('combobox', { name: '楼栋' });
    await buildings.click();
    await buildings.fill('打铁关小区1幢');
    await pickOption(page, /^打铁关小区1幢$/);
    await page.getByLabel('第六至八项事项').check();
    const closes = local().add(2, 'minute').format('YYYY-MM-DD HH:mm');
    await page.getByLabel('投票截止').click();
    await page.getByLabel('投票截止').fill(closes);
    await screenshot(page, 'admin-vote-new', true);
    // Enter takes the typed time and submits the form.
    await page.getByLabel('投票截止').press('Enter');
    await page
      .waitForURL(/\/admin\/deliberation\/votes\/\d+$/, { timeout: 3_000 })
      .catch(() => page.getByRole('button', { name: '发起表决' }).last().click());
    await page.waitForURL(/\/admin\/deliberation\/votes\/\d+$/);
    voteId = Number(page.url().split('/').pop());
    await page.unroute('**/api/deliberation/votes');
    assert.equal(await page.getByTestId('vote-phase').innerText(), '投票中');
  });

  // The owners vote through the API, one per household (a second owner of a household is refused).
  const staffApi = await apiAs(browser, base, 'community_datieguan');
  const vote = await staffApi.get<{ voters: number; result: unknown }>(`/api/deliberation/votes/${voteId}`);
  let cast = 0;
  for (const owner of owners) {
    const answer = await owner.api.post(`/api/deliberation/votes/${voteId}/ballot`, { choice: 'agree' });
    assert.ok([200, 409].includes(answer.status), `ballot of ${owner.username}: ${answer.status}`);
    if (answer.status === 200) cast++;
  }
  assert.ok(cast >= 1, 'some owners voted');

  // The demo resident votes in the browser.
  await flow(resident.page, 'deliberation-ballot', async () => {
    const page = resident.page;
    await page.goto(`${base}/h5/deliberation/votes/${voteId}`);
    await page.getByTestId('ballot-card').waitFor();
    await page.getByText('同意', { exact: true }).click();
    await screenshot(page, 'h5-vote-ballot');
    await page.getByTestId('cast-ballot').click();
    await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
    await page.getByTestId('my-choice').waitFor();
    assert.match(await page.getByTestId('my-choice').innerText(), /同意/);
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    await screenshot(page, 'h5-vote-cast');
  });
  assert.ok(cast + 1 <= vote.voters);

  // Its end passes: the vote closes (its phase is read from the server's clock).
  await poll(
    async () =>
      ['closed', 'counted'].includes(
        (await staffApi.get<{ phase: string }>(`/api/deliberation/votes/${voteId}`)).phase,
      ),
    {
      timeout: VOTING_MS + 30_000,
      interval: 500,
      message: 'the vote closes',
    },
  );

  // After closing, staff count and publish (unless the scheduler was first).
  await flow(staff.page, 'deliberation-vote-count', async () => {
    const page = staff.page;
    await page.goto(`${base}/admin/deliberation/votes/${voteId}`);
    const phase = await page.getByTestId('vote-phase').innerText();
    assert.ok(phase === '已截止' || phase === '已公布', `closed, not ${phase}`);
    if (phase === '已截止') await page.getByTestId('count-vote').click();
    const verdict = page.getByTestId('art278-verdict');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /通过/);
    assert.match(await verdict.innerText(), /第六至八项/);
    assert.equal(await page.getByTestId('art278').getByTestId('ratio').count(), 4);
    await settled(page, page.getByTestId('art278')); // the bars grow
    await screenshot(page, 'admin-vote-result', true);
  });

  await flow(resident.page, 'deliberation-result-h5', async () => {
    const page = resident.page;
    await page.goto(`${base}/h5/deliberation/votes/${voteId}`);
    const verdict = page.getByTestId('art278-verdict');
    await verdict.waitFor();
    assert.match(await verdict.innerText(), /通过/);
    await screenshot(page, 'h5-vote-result', true);
    await page.goto(`${base}/h5/deliberation/topics/${topicId}`);
    await page.getByTestId('topic-status').getByText('已决定').waitFor();
    await screenshot(page, 'h5-topic-decided', true);
  });
  assert.deepEqual(resident.errors, []);
  assert.deepEqual(staff.errors, []);
});
