import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  admitBallot,
  areaToCenti,
  reckonArt278,
  reckonPlurality,
  tallyByChannel,
  tallyOptions,
} from '../../src/modules/deliberation/tally.ts';

/** n ballots of a choice, each of the given area (hundredths of m²). */
const ballots = (choice: string, n: number, areaCenti = 10_000) =>
  Array.from({ length: n }, () => ({ choice, areaCenti }));

describe('Civil Code art. 278 reckoning', () => {
  test('exactly two thirds taking part, by count and by area, is enough (以上 includes the bound)', () => {
    const r = reckonArt278({
      special: false,
      owners: 9,
      totalAreaCenti: 90_000,
      ballots: [...ballots('agree', 4), ...ballots('oppose', 2)],
    });
    assert.equal(r.participationByCount.num, 6);
    assert.equal(r.participationByCount.den, 9);
    assert.equal(r.quorumMet, true);
    assert.equal(r.agreementMet, true);
    assert.equal(r.passed, true);
  });

  test('one short of two thirds by count fails, however many agree', () => {
    const r = reckonArt278({
      special: false,
      owners: 10,
      totalAreaCenti: 100_000,
      ballots: ballots('agree', 6, 15_000),
    });
    assert.equal(r.participationByCount.value, 0.6);
    assert.equal(r.participationByArea.value, 0.9);
    assert.equal(r.quorumMet, false, '6/10 < 2/3 by count although 90 % by area');
    assert.equal(r.passed, false);
  });

  test('area short of two thirds fails though the count is there', () => {
    // 9 owners; the 6 who take part are two thirds by count but hold only half the area.
    const r = reckonArt278({
      special: false,
      owners: 9,
      totalAreaCenti: 6 * 10_000 + 3 * 20_000,
      ballots: ballots('agree', 6),
    });
    assert.equal(r.participationByArea.num, 60_000);
    assert.equal(r.participationByArea.den, 120_000);
    assert.equal(r.quorumMet, false);
  });

  test('an even split is not a majority (过半数 excludes the bound)', () => {
    const r = reckonArt278({
      special: false,
      owners: 6,
      totalAreaCenti: 60_000,
      ballots: [...ballots('agree', 3), ...ballots('oppose', 3)],
    });
    assert.equal(r.quorumMet, true);
    assert.equal(r.agreementByCount.value, 0.5);
    assert.equal(r.agreementMet, false);
    assert.equal(r.passed, false);
  });

  test('count and area disagreeing: a majority of heads with a minority of area fails, and the other way round', () => {
    const heads = reckonArt278({
      special: false,
      owners: 5,
      totalAreaCenti: 5_000 + 5_000 + 5_000 + 30_000 + 30_000,
      ballots: [...ballots('agree', 3, 5_000), ...ballots('oppose', 2, 30_000)],
    });
    assert.equal(heads.agreementByCount.value, 0.6);
    assert.ok(heads.agreementByArea.value < 0.5);
    assert.equal(heads.passed, false);
    const area = reckonArt278({
      special: false,
      owners: 5,
      totalAreaCenti: 75_000,
      ballots: [...ballots('agree', 2, 30_000), ...ballots('oppose', 3, 5_000)],
    });
    assert.ok(area.agreementByArea.value > 0.5);
    assert.equal(area.agreementByCount.value, 0.4);
    assert.equal(area.passed, false);
  });

  test('items 6–8 need three quarters of both: exactly 3/4 passes, just under fails', () => {
    const exactly = reckonArt278({
      special: true,
      owners: 8,
      totalAreaCenti: 80_000,
      ballots: [...ballots('agree', 6), ...ballots('oppose', 2)],
    });
    assert.equal(exactly.rule, 'art278_special');
    assert.equal(exactly.agreementByCount.value, 0.75);
    assert.equal(exactly.passed, true);
    const under = reckonArt278({
      special: true,
      owners: 8,
      totalAreaCenti: 80_000,
      ballots: [...ballots('agree', 6, 9_999), ...ballots('oppose', 2, 10_003)],
    });
    assert.equal(under.agreementMet, false, '3/4 by count but a hair under by area');
  });

  test('abstentions take part but do not agree', () => {
    const r = reckonArt278({
      special: false,
      owners: 3,
      totalAreaCenti: 30_000,
      ballots: [...ballots('agree', 1), ...ballots('abstain', 2)],
    });
    assert.equal(r.quorumMet, true);
    assert.equal(r.passed, false);
  });

  test('nobody voting, or nobody to vote, never passes', () => {
    assert.equal(reckonArt278({ special: false, owners: 10, totalAreaCenti: 1000, ballots: [] }).passed, false);
    assert.equal(reckonArt278({ special: false, owners: 0, totalAreaCenti: 0, ballots: [] }).passed, false);
  });
});

describe('plurality and tallies', () => {
  test('the option with most ballots wins; a tie for first names no winner', () => {
    const options = [
      { key: 'early', label: '19:00–20:00' },
      { key: 'late', label: '20:00–21:00' },
    ];
    const tallies = tallyOptions(options, [...ballots('early', 3), ...ballots('late', 2)]);
    assert.deepEqual(
      tallies.map((t) => t.ballots),
      [3, 2],
    );
    assert.deepEqual(reckonPlurality(10, tallies), {
      rule: 'plurality',
      turnout: { num: 5, den: 10, value: 0.5 },
      winner: 'early',
      tie: false,
    });
    const tie = reckonPlurality(10, tallyOptions(options, [...ballots('early', 2), ...ballots('late', 2)]));
    assert.equal(tie.winner, null);
    assert.equal(tie.tie, true);
  });

  test('floor areas are read to the hundredth without floating point', () => {
    assert.equal(areaToCenti('89.35'), 8935);
    assert.equal(areaToCenti('120'), 12000);
    assert.equal(areaToCenti('0.1'), 10);
    assert.equal(areaToCenti(88.07), 8807);
    assert.equal(areaToCenti(null), 0);
  });

  test('ballots by channel: each counts once; the channels split the tallies and add up to them', () => {
    const options = [
      { key: 'agree', label: '同意' },
      { key: 'oppose', label: '反对' },
    ];
    const ballots = [
      { choice: 'agree', areaCenti: 12_000, channel: 'online' as const },
      { choice: 'agree', areaCenti: 10_000, channel: 'paper' as const },
      { choice: 'oppose', areaCenti: 8_000, channel: 'paper' as const },
      { choice: 'agree', areaCenti: 8_050, channel: 'proxy' as const },
    ];
    const { tallies, channels } = tallyByChannel(options, ballots);
    assert.deepEqual(channels, {
      online: { ballots: 1, areaCenti: 12_000 },
      paper: { ballots: 2, areaCenti: 18_000 },
      proxy: { ballots: 1, areaCenti: 8_050 },
    });
    const agree = tallies[0]!;
    assert.deepEqual([agree.ballots, agree.areaCenti], [3, 30_050]);
    assert.deepEqual(agree.byChannel, {
      online: { ballots: 1, areaCenti: 12_000 },
      paper: { ballots: 1, areaCenti: 10_000 },
      proxy: { ballots: 1, areaCenti: 8_050 },
    });
    for (const t of tallies)
      assert.equal(t.ballots, t.byChannel.online.ballots + t.byChannel.paper.ballots + t.byChannel.proxy.ballots);
  });

  test('a second ballot for an elector: refused, changed online, or a staff entry replacing an online one, as the vote says', () => {
    assert.deepEqual(admitBallot('first_stands', false, null, 'paper'), { action: 'cast' });
    assert.deepEqual(admitBallot('first_stands', true, 'online', 'online'), { action: 'change' });
    assert.deepEqual(admitBallot('first_stands', false, 'online', 'online'), { action: 'refuse', existing: 'online' });
    assert.deepEqual(admitBallot('first_stands', true, 'online', 'paper'), { action: 'refuse', existing: 'online' });
    assert.deepEqual(admitBallot('first_stands', true, 'paper', 'online'), { action: 'refuse', existing: 'paper' });
    assert.deepEqual(admitBallot('paper_replaces_online', false, 'online', 'paper'), { action: 'replace' });
    assert.deepEqual(admitBallot('paper_replaces_online', false, 'online', 'proxy'), { action: 'replace' });
    assert.deepEqual(admitBallot('paper_replaces_online', true, 'paper', 'online'), {
      action: 'refuse',
      existing: 'paper',
    });
    assert.deepEqual(admitBallot('paper_replaces_online', true, 'proxy', 'paper'), {
      action: 'refuse',
      existing: 'proxy',
    });
  });
});
