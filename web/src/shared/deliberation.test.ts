import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  art278Bars,
  meetsBound,
  percent,
  slotBookable,
  slotsByDay,
  threadComments,
  type Art278Reckoning,
  type Comment,
  type Slot,
} from './deliberation.ts';

const f = (num: number, den: number) => ({ num, den, value: den ? num / den : 0 });

test('shares show one decimal, rounded down so a share just under a bound never reads as on it', () => {
  assert.equal(percent(f(2, 3)), '66.6%');
  assert.equal(percent(f(1, 2)), '50.0%');
  assert.equal(percent(f(3, 3)), '100.0%');
  assert.equal(percent(f(0, 0)), '—');
});

test('以上 includes the bound, 过半数 does not', () => {
  assert.equal(meetsBound(f(2, 3), { num: 2, den: 3 }, true), true);
  assert.equal(meetsBound(f(199, 300), { num: 2, den: 3 }, true), false);
  assert.equal(meetsBound(f(1, 2), { num: 1, den: 2 }, false), false);
  assert.equal(meetsBound(f(51, 100), { num: 1, den: 2 }, false), true);
  assert.equal(meetsBound(f(3, 4), { num: 3, den: 4 }, true), true);
});

test('the four bars of an art. 278 reckoning follow the rule: items 6–8 need three quarters, inclusive', () => {
  const reckoning = (rule: Art278Reckoning['rule'], agree: [number, number]): Art278Reckoning => ({
    rule,
    participationByCount: f(3, 4),
    participationByArea: f(20000, 30000),
    quorumMet: true,
    agreementByCount: f(...agree),
    agreementByArea: f(...agree),
    agreementMet: true,
    passed: true,
    bounds: { participation: '≥ 2/3', agreement: rule === 'art278_special' ? '≥ 3/4' : '> 1/2' },
  });
  const special = art278Bars(reckoning('art278_special', [3, 4]));
  assert.deepEqual(
    special.participation.map((b) => b.met),
    [true, true],
  );
  assert.deepEqual(
    special.agreement.map((b) => b.met),
    [true, true],
  );
  assert.deepEqual(
    art278Bars(reckoning('art278_special', [2, 3])).agreement.map((b) => b.met),
    [false, false],
  );
  assert.deepEqual(
    art278Bars(reckoning('art278_ordinary', [2, 4])).agreement.map((b) => b.met),
    [false, false],
  );
  assert.deepEqual(
    art278Bars(reckoning('art278_ordinary', [3, 5])).agreement.map((b) => b.met),
    [true, true],
  );
});

test('slots group by day in order; only free, future, not-mine slots can be booked', () => {
  const slot = (id: number, startsAt: string, extra: Partial<Slot> = {}): Slot => ({
    id,
    deskId: 1,
    startsAt,
    endsAt: startsAt,
    capacity: 2,
    booked: 0,
    cancelled: false,
    bookedByMe: false,
    ...extra,
  });
  const slots = [slot(2, '2026-11-24T06:00:00Z'), slot(1, '2026-11-23T01:00:00Z'), slot(3, '2026-11-24T01:00:00Z')];
  const days = slotsByDay(slots, (iso) => iso.slice(0, 10));
  assert.deepEqual([...days.keys()], ['2026-11-23', '2026-11-24']);
  assert.deepEqual(
    days.get('2026-11-24')!.map((s) => s.id),
    [3, 2],
  );
  const now = Date.parse('2026-11-22T00:00:00Z');
  assert.equal(slotBookable(slot(1, '2026-11-23T01:00:00Z'), now), true);
  assert.equal(slotBookable(slot(1, '2026-11-23T01:00:00Z', { booked: 2 }), now), false);
  assert.equal(slotBookable(slot(1, '2026-11-23T01:00:00Z', { bookedByMe: true }), now), false);
  assert.equal(slotBookable(slot(1, '2026-11-23T01:00:00Z', { cancelled: true }), now), false);
  assert.equal(slotBookable(slot(1, '2021-11-23T01:00:00Z'), now), false);
});

test('comments thread under their first ancestor, answers of answers too', () => {
  const c = (id: number, parentId: number | null): Comment => ({
    id,
    parentId,
    authorName: 'x',
    body: 'b',
    hidden: false,
    flags: 0,
    mine: false,
    createdAt: '',
  });
  const threads = threadComments([c(1, null), c(2, 1), c(3, null), c(4, 2), c(5, 99)]);
  assert.deepEqual(
    threads.map((th) => [th.comment.id, th.replies.map((r) => r.id)]),
    [
      [1, [2, 4]],
      [3, []],
      [5, []],
    ],
  );
});
