import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { apiAs } from './support/api.ts';
import { flow, serverAndBrowser, loginToAdmin, loginToH5, newPage, PHONE, screenshot } from './support/browser.ts';
import { makePng } from './support/files.ts';
import { poll, settled } from './support/wait.ts';
import { repoRoot, startServer, type TestServer } from './support/server.ts';

let server: TestServer;
let browser: Browser;
/** 加梯试点楼: ten owner households (1,000 m²), one owner each with an account. */
let lift: { buildingId: number; owners: { username: string; room: string }[] };

before(async () => {
  [server, browser] = await serverAndBrowser(
    startServer({
      beforeStart: async (dataDir) => {
        const out = execFileSync(process.execPath, ['--import', 'tsx', 'server/test/support/e2e-owners.ts', dataDir], {
          cwd: repoRoot,
        });
        lift = JSON.parse(out.toString()) as typeof lift;
      },
    }),
  );
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

/** 录入纸质票 / 登记委托 in the console: the elector found by room, the choice, the photo (and the proxy holder). */
async function enterInConsole(page: Page, channel: 'paper' | 'proxy', room: string, choice: string, proxy?: string) {
  await page.getByTestId(channel === 'paper' ? 'enter-paper' : 'enter-proxy').click();
  const modal = page.locator('.ant-modal:visible');
  await modal.waitFor();
  const elector = modal.getByRole('combobox', { name: '投票户（人）' });
  await elector.click();
  await elector.fill(room);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', {
    hasText: `加梯试点楼 ${room}`,
  });
  await settled(page, option.first());
  await option.first().click();
  await modal.getByLabel(choice).check();
  if (proxy) await modal.getByLabel('受托人姓名').fill(proxy);
  await modal
    .locator('input[type=file]')
    .setInputFiles({ name: 'sheet.png', mimeType: 'image/png', buffer: makePng() });
  await page.waitForFunction(() => !document.querySelector('.ant-modal .ant-upload-list-item-uploading'));
  await modal.locator('.ant-upload-list-item').first().waitFor();
  return modal;
}

test("an owners' vote counts online, paper and proxy ballots once each; an owner who voted on paper is refused online; the result shows each channel and the art. 278 reckoning", async () => {
  const base = server.baseUrl;
  const staffApi = await apiAs(browser, base, 'community_datieguan');
  const building = await staffApi.get<{ communityId: number }>(`/api/org/buildings/${lift.buildingId}`);
  // Open now, closing shortly after the ballots below (the e2e server has no test clock).
  const VOTING_MS = 60_000;
  const now = Date.now();
  const created = await staffApi.post<{ id: number; voters: number; secondBallot: string }>('/api/deliberation/votes', {
    communityId: building.communityId,
    title: '加梯试点楼加装电梯业主表决',
    question: '是否同意本楼加装电梯（改建、重建建筑物及其附属设施，适用第二百七十八条第一款第七项）？',
    electorate: 'owners',
    special: true,
    scopeKind: 'buildings',
    buildingIds: [lift.buildingId],
    noticeAt: new Date(now).toISOString(),
    opensAt: new Date(now).toISOString(),
    closesAt: new Date(now + VOTING_MS).toISOString(),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const voteId = created.body.id;
  assert.equal(created.body.voters, 10);
  assert.equal(created.body.secondBallot, 'first_stands');

  // Six owners vote online through the API: five agree, one opposes.
  const [o1, o2, o3, o4, o5, o6, paperOwner, p2, p3, proxied] = lift.owners;
  const online = [o1, o2, o3, o4, o5, o6].map((o) => o!);
  await Promise.all(
    online.map(async (o, i) => {
      const api = await apiAs(browser, base, o.username);
      const answer = await api.post(`/api/deliberation/votes/${voteId}/ballot`, {
        choice: i === 5 ? 'oppose' : 'agree',
      });
      assert.equal(answer.status, 200, `${o.username}: ${JSON.stringify(answer.body)}`);
    }),
  );

  // The owner of room 401 has the ballot open on the phone…
  const resident = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(resident.page, 'vote-channels-h5-open', async () => {
    await loginToH5(resident.page, base, paperOwner!.username);
    await resident.page.goto(`${base}/h5/deliberation/votes/${voteId}`);
    await resident.page.getByTestId('cast-ballot').waitFor();
    assert.match(await resident.page.getByTestId('second-ballot').innerText(), /先投为准/);
  });

  // …while staff enter the household's signed paper ballot in the console, then two more and a proxy.
  const staff = await newPage(browser);
  await flow(staff.page, 'vote-channels-console-enter', async () => {
    const page = staff.page;
    await loginToAdmin(page, base, 'community_datieguan');
    await page.goto(`${base}/admin/deliberation/votes/${voteId}`);
    await page.getByTestId('ballot-entries').waitFor();
    const modal = await enterInConsole(page, 'paper', paperOwner!.room, '同意');
    await screenshot(page, 'admin-vote-paper-entry');
    await modal.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('ballot-entries').getByText(`加梯试点楼 ${paperOwner!.room}`).waitFor();
    for (const [o, choice] of [
      [p2!, '同意'],
      [p3!, '反对'],
    ] as const) {
      const m = await enterInConsole(page, 'paper', o.room, choice);
      await m.getByRole('button', { name: /确\s*定|OK/ }).click();
      await page.getByTestId('ballot-entries').getByText(`加梯试点楼 ${o.room}`).waitFor();
    }
    const m = await enterInConsole(page, 'proxy', proxied!.room, '同意', '陈小明');
    await m.getByRole('button', { name: /确\s*定|OK/ }).click();
    await page.getByTestId('ballot-entries').getByText('陈*明').waitFor();
    assert.match(await page.getByTestId('ballots-by-channel').innerText(), /线上 6 · 纸质 3 · 委托 1/);
    await screenshot(page, 'admin-vote-entries', true);
  });

  // The owner of 401 now tries online: refused, as the vote's rule says; the page then shows the paper ballot.
  await flow(resident.page, 'vote-channels-h5-refused', async () => {
    const page = resident.page;
    await page.getByText('反对', { exact: true }).click();
    await page.getByTestId('cast-ballot').click();
    await page.locator('.adm-dialog').getByRole('button', { name: '确定' }).click();
    const toast = page.locator('.adm-toast-main');
    await toast.waitFor();
    assert.match(await toast.innerText(), /已通过纸质票投票/);
    await screenshot(page, 'h5-vote-paper-refused');
    await page.getByTestId('voted-offline').waitFor();
    assert.match(await page.getByTestId('voted-offline').innerText(), /已通过纸质票投票/);
    await page.locator('.adm-toast-mask').waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('cast-ballot').count(), 0);
    await screenshot(page, 'h5-vote-voted-on-paper');
  });

  await poll(
    async () =>
      ['closed', 'counted'].includes(
        (await staffApi.get<{ phase: string }>(`/api/deliberation/votes/${voteId}`)).phase,
      ),
    { timeout: VOTING_MS + 30_000, interval: 500, message: 'the vote closes' },
  );

  await flow(staff.page, 'vote-channels-result', async () => {
    const page = staff.page;
    await page.goto(`${base}/admin/deliberation/votes/${voteId}`);
    const phase = await page.getByTestId('vote-phase').innerText();
    if (phase === '已截止') await page.getByTestId('count-vote').click();
    const table = page.getByTestId('channel-table');
    await table.waitFor();
    const text = await table.innerText();
    // agree: online 5 (120+120+100+100+100 = 540 m²), paper 2 (200 m²), proxy 1 (80 m²); oppose: online 1, paper 1.
    assert.match(text, /同意\s+5 票 · 540\.00 m²\s+2 票 · 200\.00 m²\s+1 票 · 80\.00 m²\s+8 票 · 820\.00 m²/);
    assert.match(text, /反对\s+1 票 · 100\.00 m²\s+1 票 · 80\.00 m²\s+0 票 · 0\.00 m²\s+2 票 · 180\.00 m²/);
    assert.match(text, /合计\s+6 票 · 640\.00 m²\s+3 票 · 280\.00 m²\s+1 票 · 80\.00 m²\s+10 票 · 1000\.00 m²/);
    const verdict = page.getByTestId('art278-verdict');
    assert.match(await verdict.innerText(), /通过/);
    assert.equal(await page.getByTestId('art278').getByTestId('ratio').count(), 4);
    await settled(page, page.getByTestId('vote-result'));
    await screenshot(page, 'admin-vote-channels-result', true);
  });
  assert.deepEqual(staff.errors, []);
  assert.deepEqual(
    resident.errors.filter((e) => !/409/.test(e)),
    [],
  );
});
