import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { signAttendance, verifyAttendance } from '../../src/modules/oddjobs/attendance-code.ts';
import { creditCodeCheckChar, normalizeCreditCode } from '../../src/modules/oddjobs/credit-code.ts';
import { cellsWithin, ringFor, weekdayMask, weekdaysOf, whyLine } from '../../src/modules/oddjobs/matching.ts';
import { checkWage, dueFen, feeWordIn, hourlyFen } from '../../src/modules/oddjobs/moderation.ts';
import { distanceMeters } from '../../src/platform/geo.ts';

describe('odd-job rules (pure)', () => {
  test('unified social credit code: the GB 32100-2015 check character', () => {
    assert.equal(normalizeCreditCode('91350100M000100Y43'), '91350100M000100Y43');
    assert.equal(normalizeCreditCode(' 91110000600037341l '), '91110000600037341L');
    assert.equal(creditCodeCheckChar('91350100M000100Y4'), '3');
    assert.equal(creditCodeCheckChar('91110000600037341'), 'L');
    // One character changed, the check fails; I, O, Z, S, V are not in the set; wrong length.
    assert.equal(normalizeCreditCode('91350100M000100Y44'), null);
    assert.equal(normalizeCreditCode('91350100M000100Y53'), null);
    assert.equal(normalizeCreditCode('91350100I000100Y43'), null);
    assert.equal(normalizeCreditCode('91350100M000100Y4'), null);
    assert.equal(normalizeCreditCode(''), null);
    // A check value of 0 (31 − 0) % 31 is the character '0'.
    for (const first of ['91330100MA27XXXXX', '12100000400000624']) {
      const check = creditCodeCheckChar(first);
      assert.ok(check);
      assert.equal(normalizeCreditCode(first + check), first + check);
    }
  });

  test('fee wording: deposits and fees refused, spacing and punctuation do not hide them', () => {
    assert.equal(feeWordIn('招搬运工', '日结，需交押金200元'), '押金');
    assert.equal(feeWordIn('保 证 金 100', ''), '保证金');
    assert.equal(feeWordIn('上岗前交「培训费」'), '培训费');
    assert.equal(feeWordIn('服装费自理'), '服装费');
    assert.equal(feeWordIn('报名费全免？'), '报名费');
    assert.equal(feeWordIn('包午餐，日结，不收任何费用'), null);
  });

  test('the wage floor: hourly and piece against the hourly minimum, a day against 8 hours, a month against the monthly', () => {
    const min = { hourlyFen: 2200, monthlyFen: 249_000 };
    assert.deepEqual(checkWage(2200, 'hour', null, min), {
      ok: true,
      minimumFen: 2200,
      comparedFen: 2200,
      basis: 'hour',
    });
    assert.equal(checkWage(2199, 'hour', null, min).ok, false);
    assert.equal(checkWage(17_600, 'day', null, min).ok, true);
    assert.deepEqual(checkWage(15_000, 'day', null, min), {
      ok: false,
      minimumFen: 17_600,
      comparedFen: 15_000,
      basis: 'day',
    });
    assert.equal(checkWage(249_000, 'month', null, min).ok, true);
    assert.equal(checkWage(200_000, 'month', null, min).ok, false);
    assert.equal(checkWage(500, 'piece', 5, min).ok, true);
    assert.equal(checkWage(500, 'piece', 4, min).ok, false);
    assert.equal(hourlyFen(30_000, 'day', null), 3750);
    assert.equal(hourlyFen(348_000, 'month', null), 2000);
  });

  test('what the attendance says is owed', () => {
    const at = new Date('2026-11-21T00:00:00Z');
    const later = (h: number) => new Date(at.getTime() + h * 3_600_000);
    assert.equal(dueFen(30_000, 'day', null, at, later(8)), 30_000);
    assert.equal(dueFen(30_000, 'day', null, at, later(2)), 30_000);
    assert.equal(dueFen(30_000, 'day', null, at, later(30)), 60_000);
    assert.equal(dueFen(2500, 'hour', null, at, later(3.5)), 8750);
  });

  test('the QR code: valid, forged, altered, expired, malformed', () => {
    const key = randomBytes(32);
    const now = new Date('2026-11-21T00:00:00Z');
    const token = signAttendance(key, { postingId: 7, purpose: 'in', expiresAt: new Date(now.getTime() + 300_000) });
    const ok = verifyAttendance(key, token, now);
    assert.ok(ok.ok);
    assert.equal(ok.ok && ok.claim.postingId, 7);
    assert.equal(ok.ok && ok.claim.purpose, 'in');
    // Signed with another key.
    assert.deepEqual(verifyAttendance(randomBytes(32), token, now), { ok: false, reason: 'forged' });
    // The payload changed to another posting, the old signature kept.
    const [, sig] = token.split('.');
    const other = Buffer.from(JSON.stringify({ p: 8, k: 'in', e: now.getTime() + 300_000 })).toString('base64url');
    assert.deepEqual(verifyAttendance(key, `${other}.${sig}`, now), { ok: false, reason: 'forged' });
    assert.deepEqual(verifyAttendance(key, token, new Date(now.getTime() + 300_000)), { ok: false, reason: 'expired' });
    assert.deepEqual(verifyAttendance(key, 'not-a-token', now), { ok: false, reason: 'malformed' });
    assert.deepEqual(verifyAttendance(key, `${token}.x`, now), { ok: false, reason: 'malformed' });
  });

  test('the cells searched cover the radius; weekdays; the why line', () => {
    assert.equal(ringFor(3000), 3);
    const [lat, lng] = [30.2741, 120.1551];
    const cells = new Set(cellsWithin(lat, lng, 3000));
    // Points 3 km away in eight directions all fall in a searched cell.
    for (let i = 0; i < 8; i++) {
      const angle = (i * Math.PI) / 4;
      const pLat = lat + (3000 / 111_195) * Math.cos(angle);
      const pLng = lng + (3000 / (111_195 * Math.cos((lat * Math.PI) / 180))) * Math.sin(angle);
      assert.ok(distanceMeters(lat, lng, pLat, pLng) <= 3010);
      assert.ok(cellsWithin(pLat, pLng, 1).some((c) => cells.has(c)));
    }
    assert.equal(weekdayMask([1, 6, 7]), 0b1100001);
    assert.deepEqual(weekdaysOf(0b1100001), [1, 6, 7]);
    const facts = {
      overlap: ['搬运'],
      skillsAsked: 2,
      distanceM: 1234,
      hourlyFen: 3750,
      expectedHourlyFen: 2500,
      weekday: 6,
      available: true,
    };
    assert.equal(
      whyLine(facts, 'zh-CN'),
      '技能对口：搬运 · 距您 1.2 公里 · 时薪 37.50 元，不低于您期望的 25 元 · 周六，您有空',
    );
    assert.match(whyLine(facts, 'en'), /^Your skills: 搬运 · 1\.2 km from you · 37\.50 yuan an hour/);
  });
});
