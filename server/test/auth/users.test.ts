import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Role } from '../../src/platform/access.ts';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

type Unit = { divisionId: number } | { gridId: number };

describe('user administration', () => {
  let t: TestApp;
  let admin: Client;
  let street: Client;
  let community: Client;
  let index: Awaited<ReturnType<typeof demoIndex>>;
  let seq = 0;
  const nextName = () => `u${Date.now().toString(36)}${++seq}`;

  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    admin = await t.login('admin');
    street = await t.login('street_wenhui');
    community = await t.login('community_datieguan');
    index = await demoIndex(admin);
  });
  after(() => t.close());

  /** A unit of the right kind for each role, inside 打铁关社区 / 文晖街道 / 拱墅区. */
  const unitInside = (role: Role): Unit & { department?: string } => {
    switch (role) {
      case 'grid_worker':
        return { gridId: index.grid('打铁关社区第一网格').id };
      case 'dept_staff':
        return { divisionId: index.division('文晖街道').id, department: 'urban_management' };
      case 'street_admin':
        return { divisionId: index.division('文晖街道').id };
      case 'district_admin':
        return { divisionId: index.division('拱墅区').id };
      default:
        return { divisionId: index.division('打铁关社区').id };
    }
  };

  /** The same kind of unit, outside 文晖街道 (so outside every granter of the matrix but the district's). */
  const unitOutside = (role: Role): Unit & { department?: string } => {
    const wenhui = index.division('文晖街道').id;
    const divisions = index.tree.divisions;
    const otherStreet = divisions.find((d) => d.level === 'street' && d.id !== wenhui)!;
    const otherCommunity = divisions.find((d) => d.level === 'community' && d.parentId === otherStreet.id)!;
    switch (role) {
      case 'grid_worker':
        return { gridId: index.tree.grids.find((g) => g.communityId === otherCommunity.id)!.id };
      case 'dept_staff':
        return { divisionId: otherStreet.id, department: 'urban_management' };
      case 'street_admin':
        return { divisionId: otherStreet.id };
      case 'district_admin':
        return { divisionId: index.division('拱墅区').id };
      default:
        return { divisionId: otherCommunity.id };
    }
  };

  const ROLES: Role[] = [
    'resident',
    'courier',
    'merchant',
    'grid_worker',
    'mediator',
    'dept_staff',
    'community_admin',
    'street_admin',
    'district_admin',
  ];

  test('every granter and every role: inside the area and at most their own rank, never outside or above', async () => {
    const mayInside: Record<string, Role[]> = {
      community_datieguan: ['resident', 'courier', 'merchant', 'grid_worker', 'mediator', 'community_admin'],
      street_wenhui: ROLES.filter((r) => r !== 'district_admin'),
      admin: ROLES,
    };
    const granters: Record<string, Client> = {
      community_datieguan: community,
      street_wenhui: street,
      admin,
      grid_datieguan_01: await t.login('grid_datieguan_01'),
      mediator_demo: await t.login('mediator_demo'),
      resident_demo: await t.login('resident_demo'),
    };
    const usersBefore = await t.services.database.db
      .selectFrom('auth.users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    let created = 0;
    for (const [granterName, granter] of Object.entries(granters)) {
      for (const role of ROLES) {
        for (const [where, unit] of [
          ['inside', unitInside(role)],
          ['outside', unitOutside(role)],
        ] as const) {
          const res = await granter.post('/api/auth/users', {
            username: nextName(),
            displayName: '测试',
            grants: [{ role, ...unit }],
          });
          // The district admin's area is the whole district: "outside" of the street is inside it.
          const allowed =
            (mayInside[granterName] ?? []).includes(role) && (where === 'inside' || granterName === 'admin');
          assert.equal(
            res.statusCode,
            allowed ? 200 : 403,
            `${granterName} granting ${role} ${where}: ${res.statusCode} ${res.body.slice(0, 200)}`,
          );
          if (allowed) created++;
        }
      }
    }
    const usersAfter = await t.services.database.db
      .selectFrom('auth.users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(Number(usersAfter.n) - Number(usersBefore.n), created, 'a refused request creates nobody');
  });

  test('a role over the wrong kind of unit, or a department missing, is a 400 naming the field', async () => {
    const gridWorkerOnDivision = await community.post('/api/auth/users', {
      username: nextName(),
      displayName: '测试',
      grants: [{ role: 'grid_worker', divisionId: index.division('打铁关社区').id }],
    });
    assert.equal(gridWorkerOnDivision.statusCode, 400);
    assert.equal(gridWorkerOnDivision.json().error.details[0].path, 'body.grants.0.divisionId');
    const noDepartment = await street.post('/api/auth/users', {
      username: nextName(),
      displayName: '测试',
      grants: [{ role: 'dept_staff', divisionId: index.division('文晖街道').id }],
    });
    assert.equal(noDepartment.statusCode, 400);
    assert.equal(noDepartment.json().error.details[0].path, 'body.grants.0.department');
    const taken = await community.post('/api/auth/users', {
      username: 'grid_datieguan_01',
      displayName: '重名',
      grants: [{ role: 'grid_worker', gridId: index.grid('打铁关社区第一网格').id }],
    });
    assert.equal(taken.statusCode, 409);
    assert.equal(taken.json().error.details[0].path, 'body.username');
  });

  test('a new account signs in with the one-time password and must change it before anything else', async () => {
    const username = nextName();
    const res = await community.post('/api/auth/users', {
      username,
      displayName: '网格员 新人',
      phone: '13912345678',
      grants: [{ role: 'grid_worker', gridId: index.grid('打铁关社区第二网格').id }],
    });
    assert.equal(res.statusCode, 200);
    const { user, initialPassword } = res.json();
    assert.equal(user.phone, '139****5678', 'phone masked');
    assert.equal(user.mustChangePassword, true);
    assert.match(initialPassword, /^[A-Za-z0-9]{12}$/);

    const worker = await t.login(username, initialPassword);
    assert.equal(worker.me!.mustChangePassword, true);
    const blocked = await worker.get('/api/matters');
    assert.equal(blocked.statusCode, 403);
    assert.equal(blocked.json().error.code, 'password_change_required');
    assert.equal((await worker.get('/api/auth/me')).statusCode, 200);
    const changed = await worker.post('/api/auth/password', {
      currentPassword: initialPassword,
      newPassword: 'grid2026work',
    });
    assert.equal(changed.statusCode, 200);
    assert.equal((await worker.get('/api/matters')).statusCode, 200, 'the same session works once changed');
    assert.equal((await worker.get('/api/auth/me')).json().mustChangePassword, false);

    const audit = await admin.get(`/api/audit?entityType=user&entityId=${user.id}`);
    const actions = audit.json().items.map((e: { action: string }) => e.action);
    assert.ok(actions.includes('auth.user.create'), `audited: ${actions}`);
  });

  test('deactivation ends the sessions at once; reactivation lets the person sign in again', async () => {
    const username = nextName();
    const { user, initialPassword } = (
      await community.post('/api/auth/users', {
        username,
        displayName: '调解员 新人',
        grants: [{ role: 'mediator', divisionId: index.division('打铁关社区').id }],
      })
    ).json();
    const person = await t.login(username, initialPassword);
    await person.post('/api/auth/password', { currentPassword: initialPassword, newPassword: 'mediate2026ok' });
    assert.equal((await person.get('/api/mediation/cases')).statusCode, 200);

    const off = await community.post(`/api/auth/users/${user.id}/deactivate`);
    assert.equal(off.statusCode, 200);
    assert.equal(off.json().status, 'disabled');
    assert.equal((await person.get('/api/mediation/cases')).statusCode, 401, 'the open session is gone');
    await assert.rejects(t.login(username, 'mediate2026ok'), /401/);

    assert.equal((await community.post(`/api/auth/users/${user.id}/reactivate`)).statusCode, 200);
    const again = await t.login(username, 'mediate2026ok');
    assert.equal((await again.get('/api/mediation/cases')).statusCode, 200);
  });

  test("a reset sent by SMS goes to the account's phone, is never shown, and works once sent; none without a phone", async () => {
    const username = nextName();
    const { user } = (
      await street.post('/api/auth/users', {
        username,
        displayName: '城管 执法队员',
        phone: '13912340001',
        grants: [{ role: 'dept_staff', divisionId: index.division('文晖街道').id, department: 'urban_management' }],
      })
    ).json();
    const reset = await street.post(`/api/auth/users/${user.id}/reset-password`, { via: 'sms' });
    assert.equal(reset.statusCode, 200);
    assert.equal(reset.json().initialPassword, null, 'not shown to the administrator');
    assert.equal(reset.json().sentTo, '139****0001');
    await t.services.jobs.drain();
    const outbox = (await admin.get('/api/messages/outbox')).json().items as Array<{ phone: string; text: string }>;
    const message = outbox.find((m) => m.phone === '139****0001');
    assert.ok(message, 'a message to the phone');
    const sent = /临时密码为(\w+)，/.exec(message.text)![1]!;
    const signedIn = await t.login(username, sent);
    assert.equal(signedIn.me!.mustChangePassword, true);

    const withoutPhone = (
      await street.post('/api/auth/users', {
        username: nextName(),
        displayName: '城管 执法队员',
        grants: [{ role: 'dept_staff', divisionId: index.division('文晖街道').id, department: 'urban_management' }],
      })
    ).json();
    const refused = await street.post(`/api/auth/users/${withoutPhone.user.id}/reset-password`, { via: 'sms' });
    assert.equal(refused.statusCode, 409);
    await t.login(withoutPhone.user.username, withoutPhone.initialPassword);
  });

  test('reset gives a new one-time password and ends every session; unlock clears a lock-out', async () => {
    const username = nextName();
    const { user, initialPassword } = (
      await street.post('/api/auth/users', {
        username,
        displayName: '城管 执法队员',
        grants: [{ role: 'dept_staff', divisionId: index.division('文晖街道').id, department: 'urban_management' }],
      })
    ).json();
    const first = await t.login(username, initialPassword);
    await first.post('/api/auth/password', { currentPassword: initialPassword, newPassword: 'cityclean2026' });

    const reset = await street.post(`/api/auth/users/${user.id}/reset-password`);
    assert.equal(reset.statusCode, 200, reset.body);
    const next = reset.json().initialPassword;
    assert.notEqual(next, initialPassword);
    assert.equal((await first.get('/api/auth/me')).statusCode, 401, 'signed out everywhere');
    await assert.rejects(t.login(username, 'cityclean2026'), /401/);
    const second = await t.login(username, next);
    assert.equal(second.me!.mustChangePassword, true);

    for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'wrong-one-1' } });
    }
    const locked = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password: next },
    });
    assert.equal(locked.statusCode, 423);
    assert.equal((await street.get(`/api/auth/users/${user.id}`)).json().locked, true);
    const unlocked = await street.post(`/api/auth/users/${user.id}/unlock`);
    assert.equal(unlocked.json().locked, false);
    await t.login(username, next);
  });

  test('nobody changes an account beyond their reach: a community admin and the street admin, or themselves', async () => {
    const streetAdminId = street.me!.id;
    // Out of the community's reach, the street administrator is not even there.
    assert.equal((await community.get(`/api/auth/users/${streetAdminId}`)).statusCode, 404);
    assert.equal((await community.post(`/api/auth/users/${streetAdminId}/deactivate`)).statusCode, 404);
    // The street admin sees the community admin and may change them; the reverse is not possible.
    const communityAdminId = community.me!.id;
    const seen = await street.get(`/api/auth/users/${communityAdminId}`);
    assert.equal(seen.json().manageable, true);
    // A person with roles in two streets is changed only by someone who holds both.
    const courier = (await admin.get('/api/auth/users?q=courier_demo')).json().items[0];
    const fromStreet = await street.get(`/api/auth/users/${courier.id}`);
    assert.equal(fromStreet.statusCode, 200);
    assert.equal(fromStreet.json().manageable, true, 'both of the courier’s roles lie in 文晖街道');
    const own = await community.post(`/api/auth/users/${communityAdminId}/deactivate`);
    assert.equal(own.statusCode, 409, 'not one’s own account');
    // Granting a role to someone in reach, above one's own: refused.
    const grid = (await community.get('/api/auth/users?q=grid_datieguan_01')).json().items[0];
    const above = await community.post(`/api/auth/users/${grid.id}/grants`, {
      role: 'street_admin',
      divisionId: index.division('文晖街道').id,
    });
    assert.equal(above.statusCode, 403);
  });

  test('the list: in reach only, phones masked, filters and pages', async () => {
    const all = await community.get('/api/auth/users?limit=200&withTotal=true');
    assert.equal(all.statusCode, 200);
    const names = all.json().items.map((u: { username: string }) => u.username);
    assert.ok(names.includes('grid_datieguan_01'));
    assert.ok(!names.includes('street_wenhui'), 'the street administrator is above the community');
    assert.ok(!names.includes('admin'));
    assert.equal(all.json().total, all.json().items.length);
    for (const u of all.json().items) if (u.phone) assert.match(u.phone, /^\d{3}\*{4}\d{4}$/);

    const gridWorkers = await community.get('/api/auth/users?role=grid_worker&limit=200');
    assert.ok(gridWorkers.json().items.length >= 2);
    for (const u of gridWorkers.json().items)
      assert.ok(u.grants.some((g: { role: string }) => g.role === 'grid_worker'));

    const byPhone = await community.get('/api/auth/users?q=13800000004');
    assert.deepEqual(
      byPhone.json().items.map((u: { username: string }) => u.username),
      ['grid_datieguan_01'],
    );

    const first = await community.get('/api/auth/users?limit=2');
    const second = await community.get(`/api/auth/users?limit=2&cursor=${first.json().nextCursor}`);
    const ids = [...first.json().items, ...second.json().items].map((u: { id: number }) => u.id);
    assert.equal(new Set(ids).size, ids.length, 'pages do not overlap');

    assert.equal((await (await t.login('grid_datieguan_01')).get('/api/auth/users')).statusCode, 403);
  });
});

describe('the first administrator of an install without accounts', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
    // An install without accounts: the test database comes with the demo's, so they go.
    await t.services.database.db.deleteFrom('auth.users').execute();
  });
  after(() => t.close());

  test('the setup link works once, only the newest (and those of processes started with it), and never after an account exists', async () => {
    const anon = t.anonymous();
    assert.deepEqual((await anon.get('/api/setup')).json(), { needed: true });
    const older = await t.services.setup.issueToken();
    // A restart three minutes later: the new link supersedes the old one.
    t.clock.advance(3 * 60_000);
    const token = await t.services.setup.issueToken();
    // Another process started with it: its link works too.
    t.clock.advance(30_000);
    const sibling = await t.services.setup.issueToken();
    assert.ok(older && token && sibling);
    const body = (tk: string) => ({
      token: tk,
      username: 'wang',
      displayName: '王主任',
      password: 'district2026',
      district: { name: '上城区', code: '330102' },
    });
    assert.equal((await anon.post('/api/setup', body(older))).statusCode, 403, 'superseded');
    const weak = await anon.post('/api/setup', { ...body(token), password: 'short' });
    assert.equal(weak.statusCode, 400, 'a weak password is refused and the token kept');
    // The sibling's link works, once; then no link does.
    assert.equal((await anon.post('/api/setup', body(sibling))).statusCode, 200);
    assert.equal((await anon.post('/api/setup', body(sibling))).statusCode, 403, 'used');
    assert.equal((await anon.post('/api/setup', body(token))).statusCode, 403, 'an account exists now');
    assert.equal(await t.services.setup.issueToken(), null, 'no new link once an account exists');

    const wang = await t.login('wang', 'district2026');
    assert.equal(wang.me!.mustChangePassword, false, 'the password was their own');
    assert.deepEqual(
      wang.me!.roles.map((r: { role: string }) => r.role),
      ['district_admin'],
    );
    // The new administrator builds the area and adds people.
    const districtId = wang.me!.roles[0].divisionId;
    const streetRes = await wang.post('/api/org/divisions', {
      parentId: districtId,
      level: 'street',
      name: '湖滨街道',
      code: '330102001',
    });
    assert.equal(streetRes.statusCode, 201, streetRes.body);
    const created = await wang.post('/api/auth/users', {
      username: 'hubin_admin',
      displayName: '湖滨街道管理员',
      grants: [{ role: 'street_admin', divisionId: streetRes.json().id }],
    });
    assert.equal(created.statusCode, 200, created.body);
    assert.deepEqual((await anon.get('/api/setup')).json(), { needed: false });
  });
});
