import type { z } from 'zod';
import type * as S from './schema.ts';
import { BALLOT_CHANNELS, type BallotChannel, type SecondBallot } from './tables.ts';

/**
 * Counting votes. Owners' decisions follow Civil Code art. 278 (民法典第二百七十八条):
 * owners holding at least two thirds of the exclusive floor area and at least two
 * thirds by count must take part; items 6–8 of the article (raising maintenance
 * funds; rebuilding or altering buildings and their facilities; changing the use of
 * common parts) need at least three quarters of the participants by area and by
 * count to agree, other items more than half of both. 以上 includes the bound, 过半数
 * does not. Everything is compared in integers (area in hundredths of m²), so a ratio
 * sitting exactly on a bound is decided exactly.
 */

export interface Fraction {
  num: number;
  den: number;
  /** For display only; decisions use num and den. */
  value: number;
}

const fraction = (num: bigint, den: bigint): Fraction => ({
  num: Number(num),
  den: Number(den),
  value: den === 0n ? 0 : Number((num * 1_000_000n) / den) / 1_000_000,
});

export interface OptionTally {
  key: string;
  label: string;
  ballots: number;
  areaCenti: number;
}

export interface Art278Reckoning {
  rule: 'art278_ordinary' | 'art278_special';
  /** Participation: ballots cast, by count and by area, over all owners. */
  participationByCount: Fraction;
  participationByArea: Fraction;
  quorumMet: boolean;
  /** Agreement: 'agree' ballots over ballots cast, by count and by area. */
  agreementByCount: Fraction;
  agreementByArea: Fraction;
  agreementMet: boolean;
  passed: boolean;
  /** The bounds applied, as the article words them. */
  bounds: { participation: '≥ 2/3'; agreement: '> 1/2' | '≥ 3/4' };
}

export interface PluralityResult {
  rule: 'plurality';
  turnout: Fraction;
  /** The option with most ballots; null on a tie for first or when nobody voted. */
  winner: string | null;
  tie: boolean;
}

export function tallyOptions(
  options: ReadonlyArray<{ key: string; label: string }>,
  ballots: ReadonlyArray<{ choice: string; areaCenti: number }>,
): OptionTally[] {
  return options.map((o) => {
    const mine = ballots.filter((b) => b.choice === o.key);
    return { key: o.key, label: o.label, ballots: mine.length, areaCenti: mine.reduce((a, b) => a + b.areaCenti, 0) };
  });
}

export interface ChannelCount {
  ballots: number;
  areaCenti: number;
}

export interface ChannelTally extends OptionTally {
  /** The option's ballots and area by the channel they came in on (online, paper, proxy). */
  byChannel: Record<BallotChannel, ChannelCount>;
}

/**
 * The tally per option and, within it, per channel; and the totals per channel. The
 * channels only split the count: every ballot counts once whatever its channel, so the
 * per-channel figures of an option add up to its total.
 */
export function tallyByChannel(
  options: ReadonlyArray<{ key: string; label: string }>,
  ballots: ReadonlyArray<{ choice: string; areaCenti: number; channel: BallotChannel }>,
): { tallies: ChannelTally[]; channels: Record<BallotChannel, ChannelCount> } {
  const empty = (): Record<BallotChannel, ChannelCount> =>
    Object.fromEntries(BALLOT_CHANNELS.map((c) => [c, { ballots: 0, areaCenti: 0 }])) as Record<
      BallotChannel,
      ChannelCount
    >;
  const channels = empty();
  const tallies = tallyOptions(options, ballots).map((t) => ({ ...t, byChannel: empty() }));
  const byKey = new Map(tallies.map((t) => [t.key, t]));
  for (const b of ballots) {
    channels[b.channel].ballots++;
    channels[b.channel].areaCenti += b.areaCenti;
    const t = byKey.get(b.choice);
    if (!t) continue;
    t.byChannel[b.channel].ballots++;
    t.byChannel[b.channel].areaCenti += b.areaCenti;
  }
  return { tallies, channels };
}

export function reckonArt278(input: {
  special: boolean;
  owners: number;
  totalAreaCenti: number;
  ballots: ReadonlyArray<{ choice: string; areaCenti: number }>;
  agreeKey?: string;
}): Art278Reckoning {
  const agreeKey = input.agreeKey ?? 'agree';
  const owners = BigInt(input.owners);
  const totalArea = BigInt(input.totalAreaCenti);
  const cast = BigInt(input.ballots.length);
  const castArea = input.ballots.reduce((a, b) => a + BigInt(b.areaCenti), 0n);
  const agree = input.ballots.filter((b) => b.choice === agreeKey);
  const agreeCount = BigInt(agree.length);
  const agreeArea = agree.reduce((a, b) => a + BigInt(b.areaCenti), 0n);

  // 三分之二以上: cast / owners ≥ 2/3 ⇔ 3·cast ≥ 2·owners (and someone must take part).
  const quorumMet =
    cast > 0n && owners > 0n && totalArea > 0n && 3n * cast >= 2n * owners && 3n * castArea >= 2n * totalArea;
  const agreementMet = input.special
    ? // 四分之三以上: agree / cast ≥ 3/4 ⇔ 4·agree ≥ 3·cast.
      cast > 0n && 4n * agreeCount >= 3n * cast && 4n * agreeArea >= 3n * castArea
    : // 过半数: agree / cast > 1/2 ⇔ 2·agree > cast.
      cast > 0n && 2n * agreeCount > cast && 2n * agreeArea > castArea;
  return {
    rule: input.special ? 'art278_special' : 'art278_ordinary',
    participationByCount: fraction(cast, owners),
    participationByArea: fraction(castArea, totalArea),
    quorumMet,
    agreementByCount: fraction(agreeCount, cast),
    agreementByArea: fraction(agreeArea, castArea),
    agreementMet,
    passed: quorumMet && agreementMet,
    bounds: { participation: '≥ 2/3', agreement: input.special ? '≥ 3/4' : '> 1/2' },
  };
}

export function reckonPlurality(voters: number, tallies: readonly OptionTally[]): PluralityResult {
  const cast = tallies.reduce((a, t) => a + t.ballots, 0);
  const top = Math.max(0, ...tallies.map((t) => t.ballots));
  const leaders = tallies.filter((t) => t.ballots === top);
  const tie = cast > 0 && leaders.length > 1;
  return {
    rule: 'plurality',
    turnout: fraction(BigInt(cast), BigInt(voters)),
    winner: cast > 0 && !tie ? leaders[0]!.key : null,
    tie,
  };
}

/** Floor area in m² (as the database gives it: a string or number with two decimals) in hundredths. */
export function areaToCenti(area: string | number | null): number {
  if (area === null || area === '') return 0;
  const [whole, part = ''] = String(area).split('.');
  return Number(whole) * 100 + Number(`${part}00`.slice(0, 2));
}

export type VotePhase = z.infer<typeof S.VotePhase>;

/** Where a vote stands at an instant: published and not yet open (the notice period), open, closed awaiting the count, counted, or cancelled. */
export function votePhase(v: { status: string; opens_at: Date; closes_at: Date }, now: Date): VotePhase {
  if (v.status === 'cancelled') return 'cancelled';
  if (v.status === 'counted') return 'counted';
  if (now < v.opens_at) return 'notice';
  return now < v.closes_at ? 'open' : 'closed';
}

/** What becomes of a ballot arriving for an elector: cast, an online change, a staff entry replacing an online ballot, or refused. */
export type Admission =
  | { action: 'cast' }
  | { action: 'change' }
  | { action: 'replace' }
  | { action: 'refuse'; existing: BallotChannel };

/**
 * One ballot per elector whatever the channel. Online after online follows the vote's
 * allowChange; a paper or proxy ballot entered by staff replaces an online one only where
 * the vote says paper_replaces_online; anything after a paper or proxy ballot is refused.
 */
export function admitBallot(
  rule: SecondBallot,
  allowChange: boolean,
  existing: BallotChannel | null,
  incoming: BallotChannel,
): Admission {
  if (existing === null) return { action: 'cast' };
  if (incoming === 'online')
    return existing === 'online' && allowChange ? { action: 'change' } : { action: 'refuse', existing };
  if (existing === 'online' && rule === 'paper_replaces_online') return { action: 'replace' };
  return { action: 'refuse', existing };
}
