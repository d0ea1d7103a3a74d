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

/** A demo user signed in over HTTP, for setting up what the flow needs (a course and its session). */
async function apiAs(username: string) {
  const res = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('gz_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    assert.ok(r.ok, `${path}: ${r.status}`);
    return (await r.json()) as Record<string, any>;
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body: unknown) => call('POST', path, body) };
}

test('骑士学院: a courier signs up, checks in with the code on the staff screen, watches the lesson, passes the quiz, and gets a certificate whose page later says revoked', async () => {
  // The community sets up a course: a 20-second lesson read for its length, one question, a session now.
  const staffApi = await apiAs('community_datieguan');
  const tree = await staffApi.get('/api/org/tree');
  const datieguan = tree.divisions.find((d: { name: string }) => d.name === '打铁关社区').id;
  const course = await staffApi.post('/api/courses', {
    communityId: datieguan,
    category: 'safety',
    title: '电动自行车消防安全',
    summary: '充电、停放与电池鼓包的处置',
    lessonSeconds: 20,
    lessonText: '一、电动自行车应在集中充电点充电，不要在楼道、室内充电。\n二、电池鼓包、发烫时立即停止使用。',
    quiz: [{ question: '电动车应在哪里充电？', options: ['楼道里', '集中充电点'], answer: 1 }],
    passPercent: 100,
    requiresSession: true,
  });
  const now = Date.now();
  const session = await staffApi.post(`/api/courses/${course.id}/sessions`, {
    place: '打铁关骑手驿站',
    startsAt: new Date(now - 10 * 60_000).toISOString(),
    endsAt: new Date(now + 2 * 3_600_000).toISOString(),
    capacity: 20,
  });

  const { page: phone, errors } = await newPage(browser, { viewport: PHONE, mobile: true });
  const { page: desk } = await newPage(browser, { viewport: DESKTOP });
  await flow(phone, 'courses', async () => {
    await loginToH5(phone, server.baseUrl, 'courier_demo');
    await phone.getByTestId('feature-courses').click();
    await phone.getByTestId(`course-${course.id}`).waitFor();
    await settled(phone);
    await screenshot(phone, 'courses-catalogue', true);
    await phone.getByTestId(`course-${course.id}`).click();

    // Sign up, then check in with the code shown on the staff screen.
    await phone.getByTestId('session-signup').click();
    await phone.getByTestId(`session-${session.id}`).getByText('已报名').waitFor();
    await loginToAdmin(desk, server.baseUrl, 'community_datieguan');
    await openNav(desk, '课程管理');
    await desk.getByTestId(`show-code-${session.id}`).click();
    const display = desk.getByTestId('checkin-code-display');
    await display.getByText(/^\d{6}$/).waitFor();
    await settled(desk);
    await screenshot(desk, 'courses-checkin-code');
    const code = (await display.innerText()).trim();
    await phone.getByTestId('checkin-code').locator('input').fill(code);
    await phone.getByTestId('checkin-submit').click();
    await phone.getByTestId(`session-${session.id}`).getByText('已签到').waitFor();

    // The lesson: played in real time; only what was played counts.
    await phone.getByTestId('lesson-play').click();
    await phone
      .getByTestId('lesson-watched')
      .getByText(/有效观看 (9\d|100)%/)
      .waitFor({ timeout: 60_000 });
    await settled(phone);
    await screenshot(phone, 'courses-lesson', true);

    // The quiz, and the course is complete with points and a certificate.
    await phone.getByTestId('quiz-0-1').click();
    await phone.getByTestId('quiz-submit').click();
    await phone.getByTestId('course-completed').waitFor();
    await phone
      .getByTestId('course-completed')
      .getByText(/获得 \d+ 积分/)
      .waitFor();
    await settled(phone);
    await screenshot(phone, 'courses-completed', true);
    await phone.getByTestId('course-completed').getByRole('button').click();
    await phone.getByTestId('certificate-qr').waitFor();
    await settled(phone);
    await screenshot(phone, 'courses-certificate', true);
    const verifyUrl = await phone.getByTestId('certificate-verify').getAttribute('href');
    assert.ok(verifyUrl);
    const verifyPath = new URL(verifyUrl).pathname;
    await phone.goto(`${server.baseUrl}${verifyPath}`);
    await phone.getByRole('heading', { name: /有效/ }).waitFor();
    await screenshot(phone, 'courses-verify-valid', true);

    // Staff revoke it; the same address now says so.
    await desk.keyboard.press('Escape');
    await display.waitFor({ state: 'hidden' });
    await openNav(desk, '培训证书');
    const code8 = verifyPath.split('/').at(-1)!;
    const row = desk.locator('tr', { hasText: '电动自行车消防安全' }).first();
    await row.getByRole('button', { name: /撤\s*销/ }).click();
    await desk.getByTestId('revoke-reason').fill('信息有误，重新颁发');
    await desk.locator('#revoke-confirm').click();
    await row.getByText('已撤销').waitFor();
    await desk.getByTestId('revoke-reason').waitFor({ state: 'hidden' });
    await settled(desk);
    await screenshot(desk, 'courses-certificates-admin');
    await phone.goto(`${server.baseUrl}/verify/certificates/${code8}`);
    await phone.getByRole('heading', { name: /已撤销/ }).waitFor();
    await screenshot(phone, 'courses-verify-revoked', true);
  });
  assert.deepEqual(errors, []);
});
