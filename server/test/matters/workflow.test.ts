import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { addGridWorker, buildingPoint, countMatters, report } from '../support/matters.ts';

describe('matters workflow', () => {
  let t: TestApp;
  let admin: Client;
  let resident: Client;
  let worker1: Client;
  let worker2: Client;
  let community: Client;
  let ix: Awaited<ReturnType<typeof demoIndex>>;
  let home: { lat: number; lng: number; address: string };

  before(async () => {
    // The deadline tests move the clock days ahead, past session expiry, and sign in again after each jump.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '200' });
    admin = await t.login('admin');
    resident = await t.login('resident_demo');
    worker1 = await t.login('grid_datieguan_01');
    worker2 = await t.login('grid_datieguan_02');
    community = await t.login('community_datieguan');
    ix = await demoIndex(admin);
    home = await buildingPoint(admin, '打铁关小区1幢');
  });
  after(() => t.close());

  const timelineActions = (m: { timeline: Array<{ action: string }> }) => m.timeline.map((e) => e.action);

  test('a report is routed by its location to the grid and its grid worker, with deadlines', async () => {
    const res = await report(resident, 'community.fire_safety.blocked_lane', home);
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    assert.equal(m.grid.name, '打铁关社区第一网格');
    assert.equal(m.community.name, '打铁关社区');
    assert.equal(m.assignee.name, '网格员 李婷');
    assert.equal(m.status, 'reported');
    assert.equal(m.level, 'grid');
    assert.match(m.code, /^GZ\d{14}$/);
    assert.ok(m.secondsLeft > 0);
    assert.equal(m.viewer, 'reporter');
    assert.deepEqual(m.allowedActions.sort(), ['note']);
    const mine = (await worker1.get('/api/matters?queue=mine')).json().items;
    assert.ok(mine.some((x: { id: number }) => x.id === m.id));
  });

  test('a queue puts the most urgent first, then the soonest deadline, across pages', async () => {
    const made: Array<{ id: number; urgency: string }> = [];
    for (const urgency of ['normal', 'critical', 'urgent', 'critical', 'normal']) {
      const res = await report(resident, 'community.fire_safety.blocked_lane', home, { urgency });
      assert.equal(res.statusCode, 201, res.body);
      made.push({ id: res.json().id, urgency });
    }
    const ids = new Set(made.map((m) => m.id));
    const seen: Array<{ id: number; urgency: string; secondsLeft: number | null }> = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof seen; nextCursor: string | null } = (
        await worker1.get(`/api/matters?queue=mine&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      ).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const rank = { critical: 0, urgent: 1, normal: 2 } as Record<string, number>;
    const ranks = seen.map((m) => rank[m.urgency]!);
    assert.deepEqual(
      ranks,
      [...ranks].sort((a, b) => a - b),
      'critical, then urgent, then normal',
    );
    assert.equal(new Set(seen.map((m) => m.id)).size, seen.length, 'no matter twice across pages');
    const ours = seen.filter((m) => ids.has(m.id)).map((m) => m.urgency);
    assert.deepEqual(ours, ['critical', 'critical', 'urgent', 'normal', 'normal']);
  });

  test('the whole way: accept, start, resolve with a photo, rate; each step on the timeline', async () => {
    const m = (await report(resident, 'event.environment.exposed_garbage', home)).json();
    for (const [action, body] of [
      ['accept', {}],
      ['start', { note: '已通知保洁' }],
    ] as const) {
      const res = await worker1.post(`/api/matters/${m.id}/${action}`, body);
      assert.equal(res.statusCode, 200, `${action}: ${res.body}`);
    }
    const internal = await worker1.post(`/api/matters/${m.id}/notes`, {
      note: '住户老王多次乱倒，已约谈',
      internal: true,
    });
    assert.equal(internal.statusCode, 200);
    const resolved = await worker1.post(`/api/matters/${m.id}/resolve`, { note: '已清运完毕' });
    assert.equal(resolved.json().status, 'resolved');
    const seenByReporter = (await resident.get(`/api/matters/${m.id}`)).json();
    assert.ok(
      !seenByReporter.timeline.some((e: { note: string }) => e.note.includes('老王')),
      'internal notes are hidden from the reporter',
    );
    assert.deepEqual(seenByReporter.allowedActions.sort(), ['note', 'rate', 'reopen']);
    const rated = await resident.post(`/api/matters/${m.id}/rate`, { rating: 4, comment: '还不错' });
    assert.equal(rated.statusCode, 200);
    assert.equal(rated.json().status, 'closed');
    assert.equal(rated.json().rating, 4);
    const staffView = (await worker1.get(`/api/matters/${m.id}`)).json();
    assert.deepEqual(timelineActions(staffView), ['report', 'accept', 'start', 'note', 'resolve', 'rate']);
    assert.ok(
      staffView.timeline.some((e: { note: string; internal: boolean }) => e.internal && e.note.includes('老王')),
    );
  });

  test('illegal transitions are refused with 409; rights are checked too', async () => {
    const m = (await report(resident, 'part.public.street_light', home)).json();
    assert.equal(
      (await worker1.post(`/api/matters/${m.id}/resolve`, { note: '修好了' })).statusCode,
      409,
      'cannot resolve before starting',
    );
    assert.equal((await resident.post(`/api/matters/${m.id}/accept`, {})).statusCode, 403, 'a reporter cannot accept');
    assert.equal((await worker1.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    const twice = await worker1.post(`/api/matters/${m.id}/accept`, {});
    assert.equal(twice.statusCode, 409, 'not twice');
    assert.equal(twice.json().error.message, '操作冲突：事项当前状态为“已受理”，不能执行“受理”', 'in words, not codes');
    const inEnglish = await worker1.post(`/api/matters/${m.id}/accept`, {}, { 'accept-language': 'en' });
    assert.equal(inEnglish.json().error.details[0].message, 'The matter is "accepted"; "accept" is not possible now');
    assert.equal((await worker1.post(`/api/matters/${m.id}/rate`, { rating: 5 })).statusCode, 409);
    assert.equal((await resident.post(`/api/matters/${m.id}/reject`, { reason: '不想要了' })).statusCode, 403);
    assert.equal((await worker1.post(`/api/matters/${m.id}/reject`, { reason: '重复' })).statusCode, 200);
    assert.equal((await worker1.post(`/api/matters/${m.id}/start`, {})).statusCode, 409, 'rejected is final');
  });

  test("a grid worker cannot see or act on another grid's matters; the community admin sees both", async () => {
    const m = (await report(resident, 'part.public.manhole', home)).json();
    assert.equal((await worker2.get(`/api/matters/${m.id}`)).statusCode, 404);
    assert.equal((await worker2.post(`/api/matters/${m.id}/accept`, {})).statusCode, 404);
    const grid2 = (await worker2.get('/api/matters?queue=grid&limit=200')).json().items;
    assert.ok(grid2.every((x: { grid: { name: string } }) => x.grid.name === '打铁关社区第二网格'));
    assert.equal((await community.get(`/api/matters/${m.id}`)).statusCode, 200);
    assert.equal((await t.anonymous().get(`/api/matters/${m.id}`)).statusCode, 401);
    const outsider = await t.login('street_wenhui');
    assert.equal((await outsider.get(`/api/matters/${m.id}`)).statusCode, 200, 'the street above sees it');
    const otherStreet = await addAdmin(t, 'changqing_admin', 'street_admin', ix.division('长庆街道').id);
    assert.equal((await otherStreet.get(`/api/matters/${m.id}`)).statusCode, 404);
  });

  test('two workers accepting the same matter at once: exactly one wins', async () => {
    const second = await addGridWorker(t, 'grid_datieguan_01b', ix.grid('打铁关社区第一网格').id);
    for (let round = 0; round < 3; round++) {
      const m = (await report(resident, 'event.street_order.piling', home)).json();
      const results = await Promise.all([
        worker1.post(`/api/matters/${m.id}/accept`, {}),
        second.post(`/api/matters/${m.id}/accept`, {}),
      ]);
      const codes = results.map((r) => r.statusCode).sort();
      assert.deepEqual(codes, [200, 409], `round ${round}: ${results.map((r) => r.body).join(' | ')}`);
      const after = (await admin.get(`/api/matters/${m.id}`)).json();
      assert.equal(after.timeline.filter((e: { action: string }) => e.action === 'accept').length, 1);
    }
  });

  test('whoever acts is not told of their own action; the reporter is', async () => {
    const m = (await report(resident, 'event.street_order.piling', home)).json();
    assert.equal((await worker1.post(`/api/matters/${m.id}/accept`, {})).statusCode, 200);
    const own = (await worker1.get('/api/notifications?limit=100'))
      .json()
      .items.filter(
        (n: { entityId: string; kind: string }) => n.entityId === String(m.id) && n.kind === 'matter.accepted',
      );
    assert.deepEqual(own, [], 'the worker who accepted hears nothing of it');
    const reporter = (await resident.get('/api/notifications?limit=100')).json().items;
    assert.ok(
      reporter.some(
        (n: { entityId: string; kind: string }) => n.entityId === String(m.id) && n.kind === 'matter.accepted',
      ),
      'the reporter hears of it',
    );
    // A worker who logs a matter already handled on the spot (随手做) is not told of it either.
    const onTheSpot = await report(worker1, 'event.street_order.piling', home, {
      resolvedOnSpot: true,
      note: '楼道杂物已当场清理',
    });
    assert.equal(onTheSpot.statusCode, 201, onTheSpot.body);
    const mine = (await worker1.get('/api/notifications?limit=100'))
      .json()
      .items.filter((n: { entityId: string }) => n.entityId === String(onTheSpot.json().id));
    assert.deepEqual(mine, []);
  });

  test('dispatch goes to someone who can handle it, and tells them', async () => {
    const m = (await report(resident, 'community.property.facilities', home)).json();
    assert.equal(
      (await community.post(`/api/matters/${m.id}/dispatch`, { assigneeUserId: worker1.me!.id })).statusCode,
      409,
      'accept first',
    );
    await community.post(`/api/matters/${m.id}/accept`, {});
    const candidates = (await community.get(`/api/matters/${m.id}/assignees`)).json().items;
    assert.equal(candidates[0].name, '网格员 李婷', "the grid's own worker first");
    assert.ok(
      !candidates.some((c: { userId: number }) => c.userId === worker2.me!.id),
      'not the worker of another grid',
    );
    assert.equal((await worker1.get(`/api/matters/${m.id}/assignees`)).statusCode, 403);
    const wrong = await community.post(`/api/matters/${m.id}/dispatch`, { assigneeUserId: worker2.me!.id });
    assert.equal(wrong.statusCode, 400, "grid 02's worker does not reach grid 01");
    const ok = await community.post(`/api/matters/${m.id}/dispatch`, {
      assigneeUserId: worker1.me!.id,
      note: '请尽快处理',
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, 'dispatched');
    assert.equal(ok.json().assignee.id, worker1.me!.id);
    const notes = (await worker1.get('/api/notifications?limit=50')).json();
    assert.ok(
      notes.items.some(
        (n: { kind: string; entityId: string }) => n.kind === 'matter.dispatched' && n.entityId === String(m.id),
      ),
    );
    assert.equal(
      (await worker1.post(`/api/matters/${m.id}/dispatch`, { assigneeUserId: worker1.me!.id })).statusCode,
      403,
      'a grid worker does not dispatch',
    );
  });

  test('escalation by hand: grid → community → street → department', async () => {
    const m = (await report(resident, 'event.street_order.hawkers', home)).json();
    const up1 = await worker1.post(`/api/matters/${m.id}/escalate`, { reason: '网格内无法处理' });
    assert.equal(up1.json().status, 'escalated');
    assert.equal(up1.json().level, 'community');
    assert.equal(up1.json().assignee, null);
    assert.equal(
      (await worker1.post(`/api/matters/${m.id}/accept`, {})).statusCode,
      403,
      'the grid worker no longer handles it',
    );
    const communityNote = (await community.get('/api/notifications?limit=50')).json().items;
    assert.ok(communityNote.some((n: { entityId: string }) => n.entityId === String(m.id)));
    const up2 = await community.post(`/api/matters/${m.id}/escalate`, { reason: '需要街道协调' });
    assert.equal(up2.json().level, 'street');
    const street = await t.login('street_wenhui');
    const up3 = await street.post(`/api/matters/${m.id}/escalate`, { reason: '转城管', department: 'nonsense' });
    assert.equal(up3.statusCode, 400);
    const up4 = await street.post(`/api/matters/${m.id}/escalate`, {
      reason: '转城管',
      department: 'urban_management',
    });
    assert.equal(up4.json().level, 'department');
    assert.equal(up4.json().department, 'urban_management');
    assert.ok(!up4.json().allowedActions.includes('escalate'), 'nowhere higher to go');
  });

  test('deadlines: a warning before, an automatic escalation after (controllable clock)', async (ctx) => {
    ctx.after(() => t.clock.set(new Date('2026-11-20T02:00:00Z')));
    t.clock.set(new Date('2026-11-23T01:00:00Z')); // Monday 09:00 in Shanghai
    const fresh = await t.login('resident_demo');
    const worker = await t.login('grid_datieguan_01');
    const m = (await report(fresh, 'event.environment.dirty_road', home)).json();
    // 2 working hours to accept: by 11:00. Nothing happens at 10:00.
    t.clock.set(new Date('2026-11-23T02:00:00Z'));
    await t.services.matters.runDeadlines(t.clock.now());
    assert.equal(
      (await (await t.login('community_datieguan')).get(`/api/matters/${m.id}`)).json().status,
      'reported',
      'not yet at 10:00',
    );
    // Four fifths of the time to accept used (10:36): its holder is warned, once, on the record.
    t.clock.set(new Date('2026-11-23T02:40:00Z'));
    assert.ok((await t.services.matters.runDeadlines(t.clock.now())).warned >= 1);
    await t.services.matters.runDeadlines(t.clock.now());
    const acceptWarnings = (await worker.get('/api/notifications?limit=100'))
      .json()
      .items.filter(
        (n: { kind: string; entityId: string }) => n.kind === 'matter.deadline_warning' && n.entityId === String(m.id),
      );
    assert.equal(acceptWarnings.length, 1);
    assert.match(acceptWarnings[0].title, /受理时限/);
    const audit = (
      await (
        await t.login('admin')
      ).get(`/api/audit?entityType=matter&entityId=${m.id}&action=matters.deadline_warning`)
    ).json().items;
    assert.equal(audit.length, 1);
    assert.equal(audit[0].actorId, null, 'the system did it');
    t.clock.set(new Date('2026-11-23T03:01:00Z'));
    const run = await t.services.matters.runDeadlines(t.clock.now());
    assert.ok(run.escalated >= 1);
    const after = (await (await t.login('community_datieguan')).get(`/api/matters/${m.id}`)).json();
    assert.equal(after.status, 'escalated');
    assert.equal(after.level, 'community');
    assert.equal(after.overdue, true);
    assert.ok(
      after.timeline.some((e: { action: string; note: string }) => e.action === 'escalate' && e.note.includes('自动')),
    );
    assert.equal((await worker.get(`/api/matters/${m.id}`)).json().allowedActions.includes('accept'), false);
    assert.equal(
      (
        await (await t.login('admin')).get(`/api/audit?entityType=matter&entityId=${m.id}&action=matters.escalate`)
      ).json().items.length,
      1,
    );

    // Accepted in time but slow to resolve: warned at four fifths of the 3 working days.
    t.clock.set(new Date('2026-11-23T01:00:00Z'));
    const m2 = (await report(await t.login('resident_demo'), 'event.environment.dirty_road', home)).json();
    await (await t.login('grid_datieguan_01')).post(`/api/matters/${m2.id}/accept`, {});
    // Due Thursday 17:30 (three working days after Monday); four fifths of the way is Thursday 01:24.
    t.clock.set(new Date('2026-11-26T02:00:00Z'));
    const warned = await t.services.matters.runDeadlines(t.clock.now());
    assert.ok(warned.warned >= 1);
    const notes = (await (await t.login('grid_datieguan_01')).get('/api/notifications?limit=100')).json().items;
    assert.ok(
      notes.some(
        (n: { kind: string; entityId: string; title: string }) =>
          n.kind === 'matter.deadline_warning' && n.entityId === String(m2.id) && n.title.includes('办结时限'),
      ),
    );
    // The escalated one has no holder: those who take matters at its level are warned instead.
    const communityNotes = (await (await t.login('community_datieguan')).get('/api/notifications?limit=100')).json()
      .items;
    assert.ok(
      communityNotes.some(
        (n: { kind: string; entityId: string }) => n.kind === 'matter.deadline_warning' && n.entityId === String(m.id),
      ),
    );
  });

  test('reopen within seven days; unrated matters close themselves after seven', async (ctx) => {
    const start = t.clock.now();
    ctx.after(() => t.clock.set(start));
    const fresh = await t.login('resident_demo');
    const worker = await t.login('grid_datieguan_01');
    const m = (await report(fresh, 'part.sanitation.bin', home)).json();
    for (const a of ['accept', 'start']) await worker.post(`/api/matters/${m.id}/${a}`, {});
    await worker.post(`/api/matters/${m.id}/resolve`, { note: '已更换' });
    const reopened = await fresh.post(`/api/matters/${m.id}/reopen`, { reason: '还是坏的' });
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().status, 'reopened');
    assert.equal(reopened.json().reopenCount, 1);
    await worker.post(`/api/matters/${m.id}/start`, {});
    await worker.post(`/api/matters/${m.id}/resolve`, { note: '这次真修好了' });
    t.clock.advance(8 * 86_400_000);
    const late = await (await t.login('resident_demo')).post(`/api/matters/${m.id}/reopen`, { reason: '又坏了' });
    assert.equal(late.statusCode, 403, 'too late to reopen');
    const closed = await t.services.matters.autoClose(t.clock.now());
    assert.ok(closed >= 1);
    assert.equal((await (await t.login('resident_demo')).get(`/api/matters/${m.id}`)).json().status, 'closed');
    assert.equal(
      (
        await (await t.login('admin')).get(`/api/audit?entityType=matter&entityId=${m.id}&action=matters.auto_close`)
      ).json().items.length,
      1,
    );
    assert.equal(await t.services.matters.autoClose(t.clock.now()), 0, 'nothing left to close');
  });

  test('随手做: a grid worker logs something fixed on the spot; a resident cannot', async () => {
    const fixed = await report(worker1, 'event.street_order.piling', home, {
      resolvedOnSpot: true,
      note: '已当场清理',
    });
    assert.equal(fixed.statusCode, 201, fixed.body);
    assert.equal(fixed.json().status, 'closed');
    assert.deepEqual(timelineActions(fixed.json()), ['report', 'resolve_on_spot', 'close']);
    const before = await countMatters(t);
    assert.equal((await report(resident, 'event.street_order.piling', home, { resolvedOnSpot: true })).statusCode, 403);
    assert.equal(await countMatters(t), before);
  });

  test("logged on someone's behalf: the caller's phone is masked, and revealed only by audited request", async () => {
    const res = await report(community, 'community.neighbour.noise', home, {
      onBehalf: { name: '王阿姨', phone: '13912345678', channel: 'phone' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const m = res.json();
    assert.equal(m.source, 'phone');
    assert.equal(m.reporter.name, '王阿姨');
    assert.equal(m.reporterPhone, '139****5678');
    const contact = await worker1.post(`/api/matters/${m.id}/reveal-contact`);
    assert.deepEqual(contact.json(), { name: '王阿姨', phone: '13912345678' });
    const audit = (
      await (await t.login('admin')).get(`/api/audit?action=matters.reveal_contact&entityId=${m.id}`)
    ).json().items;
    assert.equal(audit.length, 1);
    assert.equal(
      (
        await resident.post('/api/matters', {
          categoryId: m.category.id,
          description: '代报测试',
          ...home,
          onBehalf: { name: 'x', channel: 'phone' },
        })
      ).statusCode,
      403,
    );
  });
});

async function addAdmin(t: TestApp, username: string, role: 'street_admin' | 'community_admin', divisionId: number) {
  const { hashPassword } = await import('../../src/modules/auth/service.ts');
  const authRepo = await import('../../src/modules/auth/repository.ts');
  const db = t.services.database.db;
  const userId = await authRepo.insertUser(
    db,
    { username, phone: null, displayName: username, passwordHash: await hashPassword('gongzhi-demo'), personId: null },
    t.clock.now(),
  );
  await authRepo.insertGrants(db, userId, [{ role, divisionId, gridId: null }], t.clock.now());
  return t.login(username);
}
