import { addDays, localInstant, localParts, timeToSeconds } from '../../platform/local-time.ts';
import type { Band, BillLine } from './tables.ts';

/**
 * The bill of a charging session (实充实付: the energy the meter says was delivered).
 *
 * Units, all integers: energy in Wh; prices in 0.0001 yuan per kWh (grid prices have
 * four decimals, 0.5680); an exact amount in 10⁻⁷ yuan, since 0.0001 yuan/kWh × 1 Wh
 * = 10⁻⁷ yuan; money in fen.
 *
 * 1. The session's time is cut where a tariff version takes effect and where a
 *    time-of-use band begins or ends (in local time), so every piece lies in one band
 *    of one version.
 * 2. The energy is shared among the pieces in proportion to their time (the charger
 *    reports the meter at start and stop only), in whole Wh by largest remainder, so the
 *    lines add up to the metered energy exactly.
 * 3. Each line is priced exactly: electricity = band price × Wh, service = service
 *    price × Wh, in 10⁻⁷ yuan.
 * 4. Rounded once, to the fen, half up (0.005 yuan → 0.01): the electricity fee is the
 *    rounded sum of the lines' exact electricity, the service fee likewise; the total is
 *    the two added. No line is rounded on its own.
 */

export interface TariffVersion {
  id: number;
  effectiveFrom: Date;
  bands: Band[];
  servicePriceE4: number;
}

export interface Bill {
  energyWh: number;
  electricityFen: number;
  serviceFen: number;
  totalFen: number;
  lines: BillLine[];
}

/** 10⁻⁷ yuan in a fen. */
const E7_PER_FEN = 100_000;

/** Exact 10⁻⁷-yuan amount to fen, half up (amounts are never negative). */
export function roundHalfUpToFen(e7: number): number {
  if (!Number.isSafeInteger(e7) || e7 < 0) throw new Error(`bad amount ${e7}`);
  return Math.floor((e7 + E7_PER_FEN / 2) / E7_PER_FEN);
}

const bandSeconds = (b: Band) => ({ start: timeToSeconds(b.start), end: timeToSeconds(b.end) });

export function bandContains(b: Band, seconds: number): boolean {
  const { start, end } = bandSeconds(b);
  return start < end ? seconds >= start && seconds < end : seconds >= start || seconds < end;
}

/**
 * Whether bands cover each minute of the day exactly once (a band may pass midnight:
 * 22:00–08:00). Returns the first problem, or null.
 */
export function bandProblem(bands: Band[]): string | null {
  const minutes = new Array<number>(1440).fill(0);
  for (const b of bands) {
    const start = timeToSeconds(b.start) / 60;
    const end = timeToSeconds(b.end) / 60;
    if (start === end) return `band ${b.start}–${b.end} is empty`;
    for (let m = start; m !== end; m = (m + 1) % 1440) {
      minutes[m]! += 1;
      if (end === 1440 && m === 1439) break;
    }
  }
  const overlap = minutes.findIndex((n) => n > 1);
  if (overlap >= 0) return `bands overlap at ${hhmm(overlap)}`;
  const gap = minutes.indexOf(0);
  if (gap >= 0) return `no band covers ${hhmm(gap)}`;
  return null;
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

export function priceSession(input: {
  startedAt: Date;
  stoppedAt: Date;
  energyWh: number;
  tariffs: TariffVersion[];
  timeZone: string;
}): Bill {
  const { startedAt, stoppedAt, energyWh, timeZone } = input;
  if (!Number.isSafeInteger(energyWh) || energyWh < 0) throw new Error('energy must be whole Wh, not negative');
  const t0 = startedAt.getTime();
  const t1 = Math.max(stoppedAt.getTime(), t0);
  const tariffs = [...input.tariffs].sort((a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime());
  const tariffAt = (t: number) => {
    let found: TariffVersion | undefined;
    for (const v of tariffs) if (v.effectiveFrom.getTime() <= t) found = v;
    if (!found) throw new NoTariffError(new Date(t));
    return found;
  };

  // 1. Cut points: tariff changes and band edges inside the session.
  const cuts = new Set<number>([t0, t1]);
  for (const v of tariffs) {
    const t = v.effectiveFrom.getTime();
    if (t > t0 && t < t1) cuts.add(t);
  }
  const firstDay = addDays(localParts(new Date(t0), timeZone).date, -1);
  const lastDay = addDays(localParts(new Date(t1), timeZone).date, 1);
  const edges = new Set<number>();
  for (const v of tariffs)
    for (const b of v.bands) for (const s of Object.values(bandSeconds(b))) edges.add(s % 86_400);
  for (let day = firstDay; day <= lastDay; day = addDays(day, 1)) {
    for (const s of edges) {
      const t = localInstant(day, s, timeZone).getTime();
      if (t > t0 && t < t1) cuts.add(t);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);

  // Pieces, merged by (tariff, band) in order of first appearance.
  interface Slot {
    tariff: TariffVersion;
    band: Band;
    ms: number;
  }
  const slots = new Map<string, Slot>();
  const add = (at: number, ms: number) => {
    const tariff = tariffAt(at);
    const local = localParts(new Date(at), timeZone).seconds;
    const band = tariff.bands.find((b) => bandContains(b, local));
    if (!band) throw new Error(`tariff ${tariff.id} has no band at ${local}s`);
    const key = `${tariff.id}|${tariff.bands.indexOf(band)}`;
    const slot = slots.get(key) ?? { tariff, band, ms: 0 };
    slot.ms += ms;
    slots.set(key, slot);
  };
  if (t1 === t0) add(t0, 0);
  for (let i = 0; i + 1 < points.length; i++) add(points[i]!, points[i + 1]! - points[i]!);
  const list = [...slots.values()];

  // 2. Energy by time, in whole Wh, largest remainder first (ties: the earlier piece).
  const total = BigInt(t1 - t0);
  const energy = BigInt(energyWh);
  const shares = list.map((s, i) => {
    if (total === 0n) return { i, wh: i === 0 ? energy : 0n, rest: 0n };
    const exact = energy * BigInt(s.ms);
    return { i, wh: exact / total, rest: exact % total };
  });
  let left = energy - shares.reduce((sum, s) => sum + s.wh, 0n);
  for (const s of [...shares].sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.i - b.i))) {
    if (left === 0n) break;
    s.wh += 1n;
    left -= 1n;
  }

  // 3. Exact amounts per line.
  const lines: BillLine[] = list.map((s, i) => {
    const wh = Number(shares[i]!.wh);
    return {
      tariffId: s.tariff.id,
      band: s.band.kind,
      start: s.band.start,
      end: s.band.end,
      seconds: Math.round(s.ms / 1000),
      energyWh: wh,
      priceE4: s.band.priceE4,
      servicePriceE4: s.tariff.servicePriceE4,
      electricityE7: s.band.priceE4 * wh,
      serviceE7: s.tariff.servicePriceE4 * wh,
    };
  });

  // 4. One rounding per fee.
  const electricityFen = roundHalfUpToFen(lines.reduce((sum, l) => sum + l.electricityE7, 0));
  const serviceFen = roundHalfUpToFen(lines.reduce((sum, l) => sum + l.serviceE7, 0));
  return { energyWh, electricityFen, serviceFen, totalFen: electricityFen + serviceFen, lines };
}

export class NoTariffError extends Error {
  constructor(readonly at: Date) {
    super(`no tariff in force at ${at.toISOString()}`);
  }
}

/** 10⁻⁷ yuan as a yuan string with as many decimals as it needs (at least two): 70119600 → "7.01196". */
export function e7ToYuan(e7: number): string {
  const whole = Math.floor(e7 / 10_000_000);
  const frac = String(e7 % 10_000_000)
    .padStart(7, '0')
    .replace(/0+$/, '');
  return `${whole}.${frac.padEnd(2, '0')}`;
}

export const fenToYuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
export const priceE4ToYuan = (p: number) => `${Math.floor(p / 10_000)}.${String(p % 10_000).padStart(4, '0')}`;
export const whToKwh = (wh: number) => `${Math.floor(wh / 1000)}.${String(wh % 1000).padStart(3, '0')}`;
