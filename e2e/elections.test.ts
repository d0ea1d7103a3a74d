import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
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
import { repoRoot, startServer, type TestServer } from './support/server.ts';
import { chartsDrawn, settled } from './support/wait.ts';

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

const until = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));

test('业委会选举: staff open an election of building 1 with candidates, owners vote on the H5, staff count and see the result', async () => {
  const base = server.baseUrl;
  const staff = await apiAs(browser, base, 'community_datieguan');
  const buildings = await staff.get<{ items: Array<{ id: number; name: string; communityId: number }> }>(
    '/api/org/buildings?q=打铁关小区1幢',
  );
  const building = buildings.items.find((x) => x.name === '打铁关小区1幢')!;
  // One owner per household, in the order of the roll.
  const seen = new Set<number | null>();
  const owners = neighbours.filter((n) => n.owner && !seen.has(n.householdId) && seen.add(n.householdId));
  assert.ok(owners.length >= 3, `owner households with accounts (${owners.length})`);

  // The server runs on the real clock: nominations are a few seconds, voting a short window.
  const t0 = Date.now();
  const votingOpensAt = t0 + 5_000;
  const votingClosesAt = t0 + 40_000;
  const created = await staff.post<{ id: number; electors: number }>('/api/elections', {
    communityId: building.communityId,
    buildingIds: [building.id],
    title: '1 幢业主委员会选举',
    seats: 2,
    tieRule: 'area',
    nominationsOpenAt: new Date(t0 - 1_000).toISOString(),
    nominationsCloseAt: new Date(t0 + 4_000).toISOString(),
    votingOpensAt: new Date(votingOpensAt).toISOString(),
    votingClosesAt: new Date(votingClosesAt).toISOString(),
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  const roll = await staff.get<{ items: Array<{ owners: Array<{ personId: number }> }> }>(
    `/api/elections/${id}/owners?limit=200`,
  );
  const statements = [
    '退休教师，在小区住了二十年，愿意把物业账目公开透明。',
    '做过工程监理，想盯紧电梯和外墙维修的质量。',
    '年轻上班族，会把业委会的事情放到网上方便大家查看。',
  ];
  for (const [i, statement] of statements.entries()) {
    const res = await staff.post(`/api/elections/${id}/candidates`, {
      personId: roll.items[i]!.owners[0]!.personId,
      statement,
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
  }
  const election = await staff.get<{ items: Array<{ id: number; name: string }> }>(`/api/elections/${id}`);
  const [a, b, c] = election.items;
  // The other owners sign in now, so their ballots take little time later.
  const apiOwners = await Promise.all(owners.slice(2).map((o) => apiAs(browser, base, o.username)));
  await until(votingOpensAt);

  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(phone, 'elections-vote', async () => {
    await loginToH5(phone, base, owners[0]!.username);
    await phone.getByTestId('feature-elections').click();
    await phone.getByTestId(`election-${id}`).click();
    await phone.getByTestId('election-meter').getByText('最多选 2 人', { exact: false }).waitFor();
    await phone.getByTestId(`election-pick-${a!.id}`).click();
    await phone.getByTestId(`election-pick-${b!.id}`).click();
    await phone.getByTestId('election-meter').getByText('已选 2 / 2 人').waitFor();
    assert.ok(
      await phone.getByTestId(`election-pick-${c!.id}`).locator('input').isDisabled(),
      'a third mark is refused',
    );
    await settled(phone);
    await screenshot(phone, 'elections-ballot', true);
    await phone.getByTestId('election-cast').click();
    await phone.getByText('每户只能投一次', { exact: false }).waitFor();
    await settled(phone);
    await screenshot(phone, 'elections-confirm', true);
    await phone.getByRole('button', { name: '确认提交' }).click();
    await phone.getByText('本户已投票', { exact: false }).waitFor();
  });
  const { page: phone2, errors: errors2 } = await newPage(browser, { viewport: PHONE, mobile: true });
  await flow(phone2, 'elections-vote-2', async () => {
    await loginToH5(phone2, base, owners[1]!.username);
    await phone2.getByTestId('feature-elections').click();
    await phone2.getByTestId(`election-${id}`).click();
    await phone2.getByTestId(`election-pick-${a!.id}`).click();
    await phone2.getByTestId('election-cast').click();
    await phone2.getByRole('button', { name: '确认提交' }).click();
    await phone2.getByText('本户已投票', { exact: false }).waitFor();
  });
  // The rest of the owner households vote for the same two through the API.
  for (const api of apiOwners) {
    const res = await api.post(`/api/elections/${id}/ballot`, { candidateIds: [a!.id, b!.id] });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  // Households without an account voted on paper: staff enter those ballots.
  const left = await staff.get<{ items: Array<{ householdId: number; voted: boolean }>; total: number }>(
    `/api/elections/${id}/owners?limit=200`,
  );
  for (const h of left.items.filter((x) => !x.voted)) {
    const res = await staff.post(`/api/elections/${id}/paper-ballots`, {
      householdId: h.householdId,
      candidateIds: [a!.id, b!.id],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }

  const { page: desk, errors: deskErrors } = await newPage(browser, { viewport: DESKTOP });
  await flow(desk, 'elections-count', async () => {
    await loginToAdmin(desk, base, 'community_datieguan');
    await openNav(desk, '业委会选举');
    await desk.locator('tr', { hasText: '1 幢业主委员会选举' }).click();
    await desk.getByTestId('election-ballots').getByText(String(left.total)).waitFor();
    await until(votingClosesAt + 500);
    await desk.reload();
    await desk.getByTestId('election-count').click();
    await desk
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /OK|确\s*定/ })
      .click();
    await desk.getByTestId('election-phase').getByText('已公布').waitFor();
    await desk.getByTestId('election-elected').getByText(`当选：${a!.name}、${b!.name}`).waitFor();
    await chartsDrawn(desk);
    await settled(desk);
    await screenshot(desk, 'elections-counted', true);
  });

  await flow(phone, 'elections-result', async () => {
    await phone.reload();
    await phone.getByTestId('election-result').waitFor();
    await settled(phone);
    await screenshot(phone, 'elections-result', true);
  });
  assert.deepEqual([...errors, ...errors2, ...deskErrors], []);
});
