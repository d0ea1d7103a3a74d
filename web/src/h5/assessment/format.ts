import { INDICATOR_CATALOGUE } from '@gongzhi/server/enums';
import type { AssessmentLine } from '../../shared/query/assessment.ts';

/** A rate as a percentage (with its records, 18/20), a count as it is; — when there was nothing to judge. */
export function lineValue(line: AssessmentLine): string {
  if (line.value === null) return '—';
  if (INDICATOR_CATALOGUE[line.indicator].kind === 'count') return String(line.value);
  const rate = `${(line.value * 100).toFixed(1)}%`;
  return line.denominator ? `${rate} (${line.numerator ?? 0}/${line.denominator})` : rate;
}

/** A rate's target as a percentage; counts have none. */
export function lineTarget(line: AssessmentLine): string | null {
  return line.target === null ? null : `${Math.round(line.target * 1000) / 10}%`;
}
