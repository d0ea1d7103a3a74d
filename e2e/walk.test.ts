import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, serverAndBrowser } from './support/browser.ts';
import { startServer, type TestServer } from './support/server.ts';

/**
 * The walk: every console page and every H5 screen, as every demo role, in both languages,
 * read for what should never reach a person — an i18n key, raw JSON, English inside the
 * Chinese interface (codes and names aside) — and for a page wider than its screen.
 */

let server: TestServer;
let browser: Browser;

before(async () => {
  [server, browser] = await serverAndBrowser(startServer());
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

const CONSOLE_PAGES = [
  '/',
  '/overview',
  '/matters',
  '/matters/map',
  '/matters/new',
  '/stations',
  '/matters/categories',
  '/matters/open311',
  '/deliberation/topics',
  '/deliberation/meetings',
  '/deliberation/votes',
  '/deliberation/decisions',
  '/deliberation/desks',
  '/deliberation/moderation',
  '/mediation/cases',
  '/mediation/cases/new',
  '/mediation/studios',
  '/mediation/stats',
  '/points',
  '/points/rules',
  '/points/merchants',
  '/points/accounts',
  '/points/honours',
  '/volunteer/teams',
  '/volunteer/activities',
  '/volunteer/good-deeds',
  '/volunteer/wishes',
  '/volunteer/projects',
  '/alarms',
  '/devices',
  '/care',
  '/charging',
  '/rights/cases',
  '/courses',
  '/courses/certificates',
  '/oddjobs',
  '/jobfairs',
  '/welfare',
  '/party',
  '/compounds',
  '/campaigns',
  '/org',
  '/map',
  '/persons',
  '/buildings',
  '/imports',
  '/users',
  '/audit',
  // Outside the console, without a session: on a set-up install it says so and points to sign-in.
  '/setup',
];

const H5_SCREENS = [
  '/',
  '/matters',
  '/points',
  '/community',
  '/me',
  '/me/password',
  '/report',
  '/help',
  '/suggest',
  '/stations',
  '/notifications',
  '/points/statement',
  '/points/mall',
  '/points/vouchers',
  '/points/leaderboard',
  '/volunteer',
  '/volunteer/good-deeds',
  '/volunteer/wishes',
  '/deliberation',
  '/consult',
  '/mediation/mine',
  '/care',
  '/merchant',
  '/assessment',
  '/nearby',
  '/me/charging',
  '/rights',
  '/rights/mine',
  '/courses',
  '/courses/certificates',
  '/oddjobs',
  '/oddjobs/employer',
  '/jobfairs',
  '/welfare',
  '/party',
  '/campaigns',
];

const CONSOLE_ROLES = ['admin', 'street_wenhui', 'community_datieguan', 'grid_datieguan_01', 'mediator_demo'];
const H5_ROLES = ['resident_demo', 'courier_demo', 'merchant_demo', 'grid_datieguan_01'];
const LANGUAGES = ['zh-CN', 'en'] as const;

/** Latin words that belong in a Chinese page: units, standards, brands and formats. */
const LATIN_ALLOWED = new Set(
  [
    'Gongzhi',
    'Wi',
    'Fi',
    'Open311',
    'GeoReport',
    'API',
    'ID',
    'MQTT',
    'QR',
    'CSV',
    'Excel',
    'xlsx',
    'H5',
    'kWh',
    'km',
    'kW',
    'PM',
    'AM',
    'Leaflet',
    'OpenStreetMap',
    'GB',
    'MB',
    'KB',
    'IoT',
    'AED',
    'ECharts',
    'CO',
    'LPG',
    'kg',
    'Wh',
    'v2',
    // 语言 / Language: the way back for someone who cannot read the current language.
    'Language',
    // CALL Me米: the name of Hangzhou's volunteer points scheme.
    'CALL',
    'Me',
  ].map((w) => w.toLowerCase()),
);

interface Finding {
  where: string;
  what: string;
}

/** Reads the page as a person would see it; runs in the page. */
function readPage(zh: boolean) {
  const found: string[] = [];
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth > width + 1)
    found.push(`overflow: ${document.documentElement.scrollWidth} px wide on a ${width} px screen`);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts: string[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !node.textContent?.trim()) continue;
    // Codes (matter numbers, device codes, accounts) are shown as they are, and a language's
    // own name (English) is written in that language.
    if (parent.closest('.gz-mono, code, kbd, script, style, [translate=no], [lang=en], .leaflet-control-attribution'))
      continue;
    if (parent.getClientRects().length === 0) continue;
    texts.push(node.textContent.trim());
  }
  for (const text of texts) {
    if (/^[a-z][a-zA-Z]+(\.[a-z][a-zA-Z0-9_]*)+$/.test(text) || /\b[a-z]+\.[a-z]+[A-Z][a-zA-Z]*\b/.test(text))
      found.push(`raw key: ${text.slice(0, 80)}`);
    if (/[{[]\s*"[^"]+"\s*:/.test(text)) found.push(`raw JSON: ${text.slice(0, 80)}`);
    if (zh) {
      const words = text
        // Addresses on the web, codes and numbers with units are not words.
        .replace(/https?:\/\/\S+|[\w.+-]+@[\w.-]+|\b[A-Z]{2,}\d[\w-]*|\b[\w]+(?:-[\w]+)*-\d+\b/g, ' ')
        .match(/[A-Za-z][A-Za-z0-9]*/g)
        ?.filter((w) => /[A-Za-z].*[A-Za-z0-9]/.test(w));
      // Short capitals (ID, A4 paper, B2) are codes and sizes, not words.
      const foreign = (words ?? []).filter(
        (w) => !/^[A-Z]{1,3}\d*$/.test(w) && !window.__latinAllowed.has(w.toLowerCase()),
      );
      if (foreign.length > 0) found.push(`English in Chinese: "${text.slice(0, 80)}"`);
    }
  }
  return [...new Set(found)];
}

declare global {
  interface Window {
    __latinAllowed: Set<string>;
  }
}

/** Waits until the page has stopped loading: no spinner, no skeleton, two quiet frames. */
async function settle(page: Page) {
  await page
    .waitForFunction(
      () =>
        document.querySelectorAll('.ant-spin-spinning, .ant-skeleton-active, .adm-skeleton, .adm-spin-loading')
          .length === 0,
      undefined,
      { timeout: 10_000 },
    )
    .catch(() => undefined); // a page that never settles is still read, and its spinner found
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function signedIn(username: string, language: string, mobile: boolean): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport: mobile ? { width: 390, height: 844 } : { width: 1440, height: 900 },
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const login = await context.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  assert.ok(login.ok(), `login ${username}`);
  // tsx wraps named functions in __name(), which exists only in Node (see support/wait.ts).
  await context.addInitScript('globalThis.__name ??= (fn) => fn');
  await context.addInitScript(
    ({ language, allowed }) => {
      localStorage.setItem('gongzhi.locale', language);
      window.__latinAllowed = new Set(allowed);
    },
    { language, allowed: [...LATIN_ALLOWED] },
  );
  return context;
}

/** Pages the walk reached at their own address (not sent elsewhere), to know it really moved. */
const reached = new Set<string>();

async function walk(base: string, pages: string[], roles: string[], mobile: boolean): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const role of roles) {
    for (const language of LANGUAGES) {
      const context = await signedIn(role, language, mobile);
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${base}/`);
      for (const path of pages) {
        // Moved within the app, as a click on a link does (a full load of each page would triple the walk).
        await page.evaluate((url) => {
          history.pushState(null, '', url);
          dispatchEvent(new PopStateEvent('popstate'));
        }, `${base}${path}`);
        await settle(page);
        const where = `${role} ${language} ${base}${path}`;
        if (new URL(page.url()).pathname === `${base}${path}`.replace(/\/$/, '/')) reached.add(`${base}${path}`);
        for (const what of await page.evaluate(readPage, language === 'zh-CN')) findings.push({ where, what });
        for (const error of errors.splice(0)) findings.push({ where, what: `script error: ${error}` });
      }
      await context.close();
    }
  }
  return findings;
}

const report = (findings: Finding[]) => findings.map((f) => `${f.where}: ${f.what}`).join('\n');

test('every console page, for every staff role, in both languages, reads clean', async () => {
  const findings = await walk('/admin', CONSOLE_PAGES, CONSOLE_ROLES, false);
  assert.equal(findings.length, 0, `\n${report(findings)}`);
  // The district admin may open every page: the walk stood on each one.
  assert.deepEqual(
    CONSOLE_PAGES.filter((path) => !reached.has(`/admin${path}`)),
    [],
  );
});

test('every H5 screen, for every role that uses the phone, in both languages, reads clean and fits 390 px', async () => {
  const findings = await walk('/h5', H5_SCREENS, H5_ROLES, true);
  assert.equal(findings.length, 0, `\n${report(findings)}`);
});
