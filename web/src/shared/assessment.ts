import type { TFunction } from 'i18next';

/** A peer group in words, for the console and the phone: resident:small → 居民网格·小; department → 职能部门. */
export function peerGroupName(t: TFunction, group: string): string {
  const [kind = group, band] = group.split(':');
  const kindName = t(`assessment.peer.${kind}`, { defaultValue: kind });
  return band ? `${kindName}·${t(`assessment.peer.${band}`, { defaultValue: band })}` : kindName;
}
