import { cellsAround } from '../../platform/geo.ts';

/**
 * Matching helpers, pure: the H3 cells to search, and the "why this job" line. The scoring itself
 * runs in SQL (repository.matchesFor) so that only the best rows leave the database.
 */
export const MATCH_RES = 7;
/** Centre-to-centre distance of neighbouring r7 cells is about 2.1 km; the ring must cover the radius. */
const R7_SPACING_M = 2100;

export function ringFor(radiusM: number): number {
  return Math.ceil(radiusM / R7_SPACING_M) + 1;
}

export function cellsWithin(lat: number, lng: number, radiusM: number): string[] {
  return cellsAround(lat, lng, MATCH_RES, ringFor(radiusM));
}

export function weekdayMask(days: readonly number[]): number {
  return days.reduce((mask, d) => mask | (1 << (d - 1)), 0);
}

export function weekdaysOf(mask: number): number[] {
  return [1, 2, 3, 4, 5, 6, 7].filter((d) => mask & (1 << (d - 1)));
}

const WEEKDAY_ZH = ['一', '二', '三', '四', '五', '六', '日'];
const WEEKDAY_EN = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const yuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));

/** Seekers' ratings of an employer count once this many have rated them. */
export const MIN_EMPLOYER_RATINGS = 3;
/** The weight of the employer's rating in the match score (skills 0.4, distance 0.3, pay 0.2, day 0.1). */
export const EMPLOYER_RATING_WEIGHT = 0.1;

/**
 * What an employer's ratings add to a match score: 0 with fewer than MIN_EMPLOYER_RATINGS, else
 * the weight times how far the average lies from the middle (3 stars), −0.1 … +0.1.
 * repository.matchQuery computes the same in SQL, so that the best rows are chosen in the database.
 */
export function employerRatingTerm(count: number, sum: number): number {
  if (count < MIN_EMPLOYER_RATINGS) return 0;
  return (EMPLOYER_RATING_WEIGHT * (sum / count - 3)) / 2;
}

export interface WhyFacts {
  overlap: readonly string[];
  skillsAsked: number;
  distanceM: number;
  hourlyFen: number;
  expectedHourlyFen: number;
  weekday: number;
  available: boolean;
  /** The seekers' ratings of the employer: counted and summed stars. */
  employerRatings?: { count: number; sum: number };
}

/** One line saying why a job suits the seeker, in their language. */
export function whyLine(f: WhyFacts, locale: 'zh-CN' | 'en'): string {
  const km = (f.distanceM / 1000).toFixed(1);
  const en = locale === 'en';
  const parts: string[] = [];
  if (f.overlap.length) parts.push(en ? `Your skills: ${f.overlap.join(', ')}` : `技能对口：${f.overlap.join('、')}`);
  else if (f.skillsAsked === 0) parts.push(en ? 'No special skill needed' : '无需特殊技能');
  parts.push(en ? `${km} km from you` : `距您 ${km} 公里`);
  if (f.expectedHourlyFen > 0)
    parts.push(
      en
        ? `${yuan(f.hourlyFen)} yuan an hour, your ask ${yuan(f.expectedHourlyFen)}`
        : `时薪 ${yuan(f.hourlyFen)} 元，不低于您期望的 ${yuan(f.expectedHourlyFen)} 元`,
    );
  else parts.push(en ? `${yuan(f.hourlyFen)} yuan an hour` : `时薪 ${yuan(f.hourlyFen)} 元`);
  const day = en ? WEEKDAY_EN[f.weekday - 1] : `周${WEEKDAY_ZH[f.weekday - 1]}`;
  parts.push(en ? (f.available ? `${day}, when you are free` : `${day}`) : f.available ? `${day}，您有空` : `${day}`);
  const r = f.employerRatings;
  if (r && r.count >= MIN_EMPLOYER_RATINGS) {
    const stars = (r.sum / r.count).toFixed(1);
    parts.push(en ? `employer rated ${stars} by ${r.count} workers` : `用工单位评分 ${stars}（${r.count} 人评价）`);
  }
  return parts.join(en ? ' · ' : ' · ');
}
