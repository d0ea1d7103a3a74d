import type { EvidenceKind, Grade } from './tables.ts';

/**
 * The merchant credit score (商户信用分), a pure function of (evidence, as-of date):
 *
 *   contribution = round(points × 100 × 0.5 ^ (ageDays / halfLifeDays)) / 100   (to the fen-like hundredth)
 *   raw          = base + Σ contributions                                        (exact, in hundredths)
 *   score        = clamp(round(raw), 0, 100)                                     (rounded once, half up)
 *
 * ageDays counts local days from the evidence's date to the as-of date. Evidence dated after the
 * as-of date, voided evidence, and evidence older than MAX_AGE_DAYS (24 months) contributes 0.
 * Points are bounded per kind (BOUNDS) when recorded. Grades follow the regulator's risk sense
 * (A = lowest risk) with the 2011 量化分级 draft thresholds: A ≥ 90, B ≥ 75, C ≥ 60, D below.
 */
export const BOUNDS: Record<EvidenceKind, { min: number; max: number; halfLifeDays: number }> = {
  inspection: { min: -20, max: 5, halfLifeDays: 365 },
  complaint: { min: -10, max: 0, halfLifeDays: 180 },
  alarm: { min: -10, max: 0, halfLifeDays: 180 },
  voucher: { min: -5, max: 3, halfLifeDays: 180 },
  fix: { min: 0, max: 10, halfLifeDays: 365 },
  civic: { min: 0, max: 5, halfLifeDays: 365 },
  repair: { min: 0, max: 20, halfLifeDays: 365 },
};
export const MAX_AGE_DAYS = 730;
export const GRADE_THRESHOLDS: ReadonlyArray<[Grade, number]> = [
  ['A', 90],
  ['B', 75],
  ['C', 60],
  ['D', 0],
];

export interface EvidenceInput {
  id: number;
  kind: EvidenceKind;
  occurredOn: string;
  points: number;
  voided: boolean;
}

export interface Line {
  evidenceId: number;
  ageDays: number;
  /** The decayed contribution in hundredths of a point. */
  hundredths: number;
  /** Why it counts nothing, when it does not. */
  excluded: 'voided' | 'future' | 'expired' | null;
}

export interface Result {
  asOf: string;
  baseHundredths: number;
  lines: Line[];
  rawHundredths: number;
  score: number;
  grade: Grade;
  clamped: boolean;
}

const DAY = 86_400_000;
/** Whole days between two local dates (YYYY-MM-DD), b − a. */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY);
}

export function gradeOf(score: number): Grade {
  return GRADE_THRESHOLDS.find(([, min]) => score >= min)![0];
}

export function lineFor(e: EvidenceInput, asOf: string): Line {
  const ageDays = daysBetween(e.occurredOn, asOf);
  const excluded = e.voided ? 'voided' : ageDays < 0 ? 'future' : ageDays > MAX_AGE_DAYS ? 'expired' : null;
  const hundredths =
    excluded === null ? Math.round(e.points * 100 * 0.5 ** (ageDays / BOUNDS[e.kind].halfLifeDays)) : 0;
  // Math.round(-0) is -0: keep lines printable as 0.
  return { evidenceId: e.id, ageDays, hundredths: hundredths === 0 ? 0 : hundredths, excluded };
}

export function computeScore(base: number, evidence: readonly EvidenceInput[], asOf: string): Result {
  const ordered = [...evidence].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id - b.id);
  const lines = ordered.map((e) => lineFor(e, asOf));
  const baseHundredths = Math.round(base * 100);
  const rawHundredths = baseHundredths + lines.reduce((s, l) => s + l.hundredths, 0);
  const rounded = Math.floor((rawHundredths + 50) / 100);
  const score = Math.min(100, Math.max(0, rounded));
  return { asOf, baseHundredths, lines, rawHundredths, score, grade: gradeOf(score), clamped: score !== rounded };
}
