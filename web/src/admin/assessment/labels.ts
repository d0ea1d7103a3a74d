import type { TFunction } from 'i18next';

/** resident:small → 居民网格·小; department → 职能部门. */
export function peerGroupName(t: TFunction, group: string): string {
  const [kind = group, band] = group.split(':');
  if (!band) return t(`assessment.peer.${kind}`, { defaultValue: group });
  return `${t(`assessment.peer.${kind}`, { defaultValue: kind })}·${t(`assessment.peer.${band}`, { defaultValue: band })}`;
}

/** A line's value: a rate as a percentage, a count as it is. */
export function lineValue(kind: 'rate' | 'count', value: number | null): string {
  if (value === null) return '—';
  return kind === 'rate' ? `${(value * 100).toFixed(1)}%` : String(value);
}
