import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signDoor, verifyDoor } from '../../src/modules/jobfairs/door-code.ts';
import { signAttendance } from '../../src/modules/oddjobs/attendance-code.ts';

const key = Buffer.alloc(32, 7);
const now = new Date('2026-11-20T02:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe('the door code', () => {
  test('a fresh code names its fair; it expires; another key, a changed payload or garbage fail', () => {
    const token = signDoor(key, { fairId: 12, expiresAt: later(2) });
    const ok = verifyDoor(key, token, now);
    assert.ok(ok.ok);
    assert.equal(ok.ok && ok.claim.fairId, 12);
    assert.deepEqual(verifyDoor(key, token, later(2)), { ok: false, reason: 'expired' });
    assert.deepEqual(verifyDoor(Buffer.alloc(32, 8), token, now), { ok: false, reason: 'forged' });
    const [, mac] = token.split('.');
    const other = Buffer.from(JSON.stringify({ f: 13, e: later(2).getTime() })).toString('base64url');
    assert.deepEqual(verifyDoor(key, `${other}.${mac}`, now), { ok: false, reason: 'forged' });
    assert.deepEqual(verifyDoor(key, 'not-a-code', now), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyDoor(key, `${token}.x`, now), { ok: false, reason: 'malformed' });
  });

  test("an odd-job site's code under the same key does not open a fair's door", () => {
    const site = signAttendance(key, { postingId: 12, purpose: 'in', expiresAt: later(2) });
    assert.deepEqual(verifyDoor(key, site, now), { ok: false, reason: 'forged' });
  });
});
