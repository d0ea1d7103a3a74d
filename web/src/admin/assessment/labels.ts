/** A line's value: a rate as a percentage, a count as it is. */
export function lineValue(kind: 'rate' | 'count', value: number | null): string {
  if (value === null) return '—';
  return kind === 'rate' ? `${(value * 100).toFixed(1)}%` : String(value);
}
