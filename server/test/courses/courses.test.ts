import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import jsqrModule from 'jsqr';
import { extractImages } from 'unpdf';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addUser } from '../support/users.ts';

// jsqr is CommonJS with an ES default: depending on the loader's interop the import is the function or its module.
type ScanQr = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR: ScanQr =
  typeof jsqrModule === 'function' ? (jsqrModule as ScanQr) : (jsqrModule as unknown as { default: ScanQr }).default;

// pdf.js (through unpdf) takes images out with ArrayBuffer.transferToFixedLength, which Node 20 lacks.
const arrayBufferProto = ArrayBuffer.prototype as ArrayBuffer & { transferToFixedLength?: () => ArrayBuffer };
arrayBufferProto.transferToFixedLength ??= function (this: ArrayBuffer) {
  return this.slice(0);
};

// The harness's clock starts at 2026-11-20 10:00 in Asia/Shanghai; the demo's rule for
// course.completed pays 10 points per course with a daily cap of 20.
describe('courses: a courier completes a course, earns capped points and a verifiable certificate', () => {
  let t: TestApp;
  let staff: Client;
  let courier: Client;
  let other: Client;
  let third: Client;
  let outsider: Client;
  let datieguan: number;
  let dataDir: string;
  const MIN = 60_000;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongzhi-courses-'));
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '500', DATA_DIR: dataDir, COURSES_CODE_SECONDS: '45' });
    const admin = await t.login('admin');
    staff = await t.login('community_datieguan');
    const index = await demoIndex(admin);
    datieguan = index.division('打铁关社区').id;
    const wangma = index.division('王马社区').id;
    const grant = [{ role: 'courier' as const, divisionId: datieguan, gridId: null }];
    courier = await addUser(t, 'course_courier', grant, '郝朋朋');
    other = await addUser(t, 'course_other', grant, '李四');
    third = await addUser(t, 'course_third', grant, '王五');
    outsider = await addUser(t, 'course_wangma_admin', [{ role: 'community_admin', divisionId: wangma, gridId: null }]);
  });
  after(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const quiz = [
    { question: '电动车应在哪里充电？', options: ['楼道里', '集中充电点'], answer: 1 },
    { question: '发现电池鼓包应当？', options: ['停止使用并更换', '继续使用'], answer: 0 },
  ];
  const createCourse = async (body: Record<string, unknown>) => {
    const res = await staff.post('/api/courses', {
      communityId: datieguan,
      category: 'safety',
      title: '电动自行车消防安全',
      ...body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json();
  };
  const detail = async (c: Client, id: number) => (await c.get(`/api/courses/${id}`)).json();

  /** Plays the lesson honestly: a heartbeat every 10 s of the clock with the 10 s just played. */
  const watchHonestly = async (c: Client, id: number, seconds: number) => {
    assert.equal((await c.post(`/api/courses/${id}/lesson/start`)).statusCode, 200);
    let last: any;
    for (let at = 0; at < seconds; at += 10) {
      t.clock.advance(10_000);
      const res = await c.post(`/api/courses/${id}/lesson/progress`, { segments: [[at, at + 10]] });
      assert.equal(res.statusCode, 200, res.body);
      last = res.json();
    }
    return last;
  };

  let courseA: number;
  let sessionId: number;

  test('the catalogue by category labels every course as training, never the official qualification', async () => {
    const a = await createCourse({ lessonSeconds: 600, quiz, passPercent: 60, requiresSession: true });
    courseA = a.id;
    assert.match(a.trainingLabel, /培训结业/);
    assert.match(a.trainingLabel, /非职业资格/);
    const list = (await courier.get('/api/courses?category=safety')).json();
    assert.ok(list.items.some((c: any) => c.id === courseA));
    assert.equal(a.quiz[0].answer, undefined, 'the quiz goes out without its answers');
    assert.equal((await courier.get('/api/courses?category=law')).json().items.length, 0);
    // Staff of another community may not add a course here; a learner may not at all.
    const denied = await outsider.post('/api/courses', { communityId: datieguan, category: 'law', title: 'x' });
    assert.equal(denied.statusCode, 403);
    assert.equal(
      (await courier.post('/api/courses', { communityId: datieguan, category: 'law', title: 'x' })).statusCode,
      403,
    );
  });

  test('a session at a station: capacity holds, and check-in takes the rotating code of now or just before', async () => {
    const starts = new Date(t.clock.now().getTime() + 60 * MIN);
    const res = await staff.post(`/api/courses/${courseA}/sessions`, {
      place: '打铁关骑手驿站',
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 120 * MIN).toISOString(),
      capacity: 2,
    });
    assert.equal(res.statusCode, 201, res.body);
    sessionId = res.json().id;
    assert.equal((await courier.post(`/api/courses/sessions/${sessionId}/signup`)).statusCode, 200);
    assert.equal((await other.post(`/api/courses/sessions/${sessionId}/signup`)).statusCode, 200);
    const full = await third.post(`/api/courses/sessions/${sessionId}/signup`);
    assert.equal(full.statusCode, 409);
    assert.match(full.json().error.details[0].message, /满员/);

    // The code is for staff who manage the course only.
    assert.equal((await courier.get(`/api/courses/sessions/${sessionId}/code`)).statusCode, 403);
    assert.equal((await outsider.get(`/api/courses/sessions/${sessionId}/code`)).statusCode, 403);
    const early = (await staff.get(`/api/courses/sessions/${sessionId}/code`)).json();
    assert.equal(
      (await courier.post(`/api/courses/sessions/${sessionId}/check-in`, { code: early.code })).statusCode,
      409,
    );

    t.clock.advance(65 * MIN);
    const first = (await staff.get(`/api/courses/sessions/${sessionId}/code`)).json();
    assert.match(first.code, /^\d{6}$/);
    assert.equal(first.windowSeconds, 45);
    t.clock.set(new Date(first.expiresAt));
    const second = (await staff.get(`/api/courses/sessions/${sessionId}/code`)).json();
    assert.notEqual(second.code, first.code, 'the code changes every window');
    t.clock.advance(45_000);
    // Two windows old: refused.
    const stale = await courier.post(`/api/courses/sessions/${sessionId}/check-in`, { code: first.code });
    assert.equal(stale.statusCode, 400);
    // The previous window's code is still taken (read just before it changed).
    const ok = await courier.post(`/api/courses/sessions/${sessionId}/check-in`, { code: second.code });
    assert.equal(ok.statusCode, 200, ok.body);
    const d = await detail(courier, courseA);
    assert.equal(d.progress.attended, true);
    assert.equal(d.progress.completed, false, 'the lesson and the quiz are still to do');
    assert.equal(d.sessions[0].mine, 'checked_in');
  });

  test('seeking to the end of the lesson earns nothing and does not complete it', async () => {
    const b = await createCourse({ title: '外卖送餐快速入门', category: 'operations', lessonSeconds: 600 });
    assert.equal((await courier.post(`/api/courses/${b.id}/lesson/start`)).statusCode, 200);
    t.clock.advance(5_000);
    let d = (await courier.post(`/api/courses/${b.id}/lesson/progress`, { segments: [[0, 600]] })).json();
    assert.ok(d.progress.watchedSeconds <= 12, `credited ${d.progress.watchedSeconds} s for 5 s of wall time`);
    t.clock.advance(5_000);
    d = (await courier.post(`/api/courses/${b.id}/lesson/progress`, { segments: [[580, 600]] })).json();
    assert.ok(d.progress.watchedPercent < 10, `${d.progress.watchedPercent}%`);
    assert.equal(d.progress.completed, false);
    // A report with no heartbeat before it (no start) counts nothing.
    const fresh = await createCourse({ title: '沟通技巧', category: 'career', lessonSeconds: 60 });
    d = (await other.post(`/api/courses/${fresh.id}/lesson/progress`, { segments: [[0, 60]] })).json();
    assert.equal(d.progress.watchedSeconds, 0);
    assert.equal((await courier.get(`/api/courses/${b.id}`)).json().progress.completed, false);
  });

  test('2× speed needs at least half the length in wall time', async () => {
    const c = await createCourse({ title: '心理健康', category: 'health', lessonSeconds: 100, certificate: false });
    assert.equal((await third.post(`/api/courses/${c.id}/lesson/start`)).statusCode, 200);
    let d: any;
    for (let i = 0; i < 4; i++) {
      t.clock.advance(10_000);
      d = (await third.post(`/api/courses/${c.id}/lesson/progress`, { segments: [[i * 20, i * 20 + 20]] })).json();
    }
    assert.equal(d.progress.watchedPercent, 80, '40 s of wall time at 2× is 80 s');
    assert.equal(d.progress.completed, false);
    t.clock.advance(10_000);
    d = (await third.post(`/api/courses/${c.id}/lesson/progress`, { segments: [[80, 100]] })).json();
    assert.equal(d.progress.completed, true);
  });

  let certificateCode: string;

  test('watched in full, quiz passed, session attended: complete, 10 points and a certificate', async () => {
    const before = (await courier.get('/api/points/me')).json().balance;
    const watched = await watchHonestly(courier, courseA, 600);
    assert.equal(watched.progress.watchedPercent, 100);
    assert.equal(watched.progress.lessonDone, true);
    assert.equal(watched.progress.completed, false, 'the quiz is still to pass');
    const failed = (await courier.post(`/api/courses/${courseA}/quiz`, { answers: [0, 1] })).json();
    assert.equal(failed.progress.quizPassed, false);
    assert.equal(failed.progress.completed, false);
    const passed = (await courier.post(`/api/courses/${courseA}/quiz`, { answers: [1, 0] })).json();
    assert.equal(passed.progress.quizPassed, true);
    assert.equal(passed.progress.completed, true);
    assert.equal(passed.progress.pointsAwarded, 10);
    assert.ok(passed.progress.certificateCode);
    certificateCode = passed.progress.certificateCode;
    assert.equal((await courier.get('/api/points/me')).json().balance, before + 10);
    // The completion's event, kept with it for a server that stopped before the award, pays nothing twice.
    assert.ok((await t.services.jobs.drain()) >= 1);
    assert.equal((await courier.get('/api/points/me')).json().balance, before + 10);
    const mine = (await courier.get('/api/courses/mine')).json();
    assert.ok(mine.items.some((x: any) => x.course.id === courseA && x.progress.completed));
  });

  test('points per day are capped: a third completion the same day earns nothing, the next day pays again', async () => {
    const quizOnly = (title: string) => createCourse({ title, category: 'law', quiz: [quiz[0]], passPercent: 100 });
    const second = await quizOnly('杭州市快递条例');
    const third_ = await quizOnly('交通安全');
    const fourth = await quizOnly('反诈');
    const r2 = (await courier.post(`/api/courses/${second.id}/quiz`, { answers: [1] })).json();
    assert.equal(r2.progress.completed, true);
    assert.equal(r2.progress.pointsAwarded, 10);
    const r3 = (await courier.post(`/api/courses/${third_.id}/quiz`, { answers: [1] })).json();
    assert.equal(r3.progress.completed, true);
    assert.equal(r3.progress.pointsAwarded, 0, 'the daily cap of 20 is reached');
    t.clock.advance(24 * 60 * MIN);
    // Sessions do not outlive a day of the clock: everyone signs in again.
    courier = await t.login('course_courier');
    other = await t.login('course_other');
    staff = await t.login('community_datieguan');
    outsider = await t.login('course_wangma_admin');
    const r4 = (await courier.post(`/api/courses/${fourth.id}/quiz`, { answers: [1] })).json();
    assert.equal(r4.progress.pointsAwarded, 10);
    const stars = (await courier.get(`/api/courses/stars?communityId=${datieguan}&month=2026-11`)).json();
    assert.equal(stars.items[0].name, '郝*朋');
    assert.equal(stars.items[0].points, 30);
    assert.equal(stars.items[0].completed, 4);
  });

  test("the certificate's PDF carries a QR that opens its verification page", async () => {
    const certs = (await courier.get('/api/courses/certificates/mine')).json();
    const cert = certs.items.find((c: any) => c.code === certificateCode);
    assert.equal(cert.holderName, '郝朋朋');
    const pdf = await courier.get(`/api/courses/certificates/${certificateCode}/pdf`);
    assert.equal(pdf.statusCode, 200, pdf.body);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    // Read back with pdf.js (through unpdf) and scan the image with jsQR: other libraries than the writers.
    const images = await extractImages(new Uint8Array(pdf.rawPayload), 1);
    assert.equal(images.length, 1);
    const img = images[0]!;
    const rgba = new Uint8ClampedArray(img.width * img.height * 4);
    for (let i = 0; i < img.width * img.height; i++) {
      for (let k = 0; k < 3; k++) rgba[i * 4 + k] = img.data[i * img.channels + (img.channels >= 3 ? k : 0)]!;
      rgba[i * 4 + 3] = 255;
    }
    const scanned = jsQR(rgba, img.width, img.height);
    assert.equal(scanned?.data, cert.verifyUrl);
    const page = await t.anonymous().get(new URL(scanned!.data).pathname);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /有效/);
    assert.match(page.body, /郝\*朋/, 'the public page masks the name');
    assert.doesNotMatch(page.body, /郝朋朋/);
    // Another learner cannot fetch it; staff of another community cannot either.
    assert.equal((await other.get(`/api/courses/certificates/${certificateCode}/pdf`)).statusCode, 404);
    assert.equal((await outsider.get(`/api/courses/certificates/${certificateCode}/pdf`)).statusCode, 404);
  });

  test('the signature verifies offline with the published key; a tampered credential does not', async () => {
    const anon = t.anonymous();
    const jwk = (await anon.get('/api/courses/certificates/public-key')).json();
    assert.equal(jwk.crv, 'Ed25519');
    assert.equal(jwk.d, undefined, 'never the private part');
    const v = (await anon.get(`/api/courses/verify/${certificateCode}`)).json();
    const [h, p, s] = v.credential.split('.');
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    assert.ok(verify(null, Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')));
    assert.equal(JSON.parse(Buffer.from(h, 'base64url').toString()).alg, 'EdDSA');
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    assert.equal(payload.jti, `urn:uuid:${certificateCode}`);
    assert.deepEqual(payload.vc.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.match(payload.vc.credentialSubject.achievement.description, /培训结业/);
    const forged = Buffer.from(JSON.stringify({ ...payload, vc: { ...payload.vc, name: '职业资格证书' } })).toString(
      'base64url',
    );
    assert.ok(!verify(null, Buffer.from(`${h}.${forged}`), key, Buffer.from(s, 'base64url')));
    // Made on first use and kept in the database, so every process and every restart signs with it.
    const kept = await t.services.database.db
      .selectFrom('platform.secrets')
      .select('value')
      .where('name', '=', 'courses.certificate-signing-key')
      .executeTakeFirstOrThrow();
    assert.equal(createPublicKey(createPrivateKey(kept.value)).export({ format: 'jwk' }).x, jwk.x);
  });

  test('a revoked certificate keeps its address, which then says revoked', async () => {
    const list = (await staff.get('/api/courses/admin/certificates')).json();
    const cert = list.items.find((c: any) => c.code === certificateCode);
    assert.equal(cert.holderName, '郝*朋', 'masked for staff');
    assert.equal(
      (await outsider.post(`/api/courses/certificates/${cert.id}/revoke`, { reason: '代考' })).statusCode,
      403,
    );
    assert.equal(
      (await courier.post(`/api/courses/certificates/${cert.id}/revoke`, { reason: '代考' })).statusCode,
      403,
    );
    const res = await staff.post(`/api/courses/certificates/${cert.id}/revoke`, { reason: '代考' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().revoked, true);
    assert.equal((await staff.post(`/api/courses/certificates/${cert.id}/revoke`, { reason: '再次' })).statusCode, 409);
    const page = await t.anonymous().get(`/verify/certificates/${certificateCode}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /已撤销/);
    assert.doesNotMatch(page.body, /有效/);
    const json = (await t.anonymous().get(`/api/courses/verify/${certificateCode}`)).json();
    assert.equal(json.status, 'revoked');
    const audit = await t.services.database.db
      .selectFrom('platform.audit_log')
      .select('action')
      .where('action', '=', 'courses.certificate.revoke')
      .execute();
    assert.equal(audit.length, 1);
    assert.equal((await t.anonymous().get('/verify/certificates/not-a-code')).statusCode, 404);
  });

  test('figures of the area: courses, sessions, people who came, learners, completions, certificates', async () => {
    const f = (await staff.get('/api/courses/admin/figures')).json();
    assert.equal(f.sessions, 1);
    assert.equal(f.attendees, 1);
    assert.equal(f.completions, 5);
    assert.equal(f.certificates, 3, 'four certificate courses completed, one revoked');
    assert.equal((await courier.get('/api/courses/admin/figures')).statusCode, 403);
    assert.equal((await outsider.get('/api/courses/admin/figures')).json().courses, 0);
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    for (const p of [
      '/api/courses/{id}/lesson/progress',
      '/api/courses/certificates/public-key',
      '/verify/certificates/{code}',
    ])
      assert.ok(doc.paths[p], `${p} in the OpenAPI document`);
  });
});
