import type { TFunction } from 'i18next';
import type { OrgIndex } from './orgIndex.ts';

export interface AreaOption {
  value: string;
  title: string;
  children?: AreaOption[];
}

/** Communities with their grids, as `c<id>` / `g<id>` values, for an area filter. */
export function areaOptions(index: OrgIndex | undefined): AreaOption[] {
  if (!index) return [];
  const communities = new Map(index.communities.map((c) => [c.id, c.name]));
  // A grid worker's community is not in scope, but its grids are: list them under it.
  for (const grid of index.tree.grids)
    if (!communities.has(grid.communityId))
      communities.set(grid.communityId, index.divisionById.get(grid.communityId)?.name ?? String(grid.communityId));
  return [...communities].map(([id, name]) => ({
    value: `c${id}`,
    title: name,
    children: (index.gridsOf.get(id) ?? []).map((g) => ({ value: `g${g.id}`, title: g.name })),
  }));
}

export function areaValue(communityId?: number, gridId?: number): string | undefined {
  return gridId ? `g${gridId}` : communityId ? `c${communityId}` : undefined;
}

export function parseArea(value: string | undefined): { communityId?: number; gridId?: number } {
  return {
    communityId: value?.startsWith('c') ? Number(value.slice(1)) : undefined,
    gridId: value?.startsWith('g') ? Number(value.slice(1)) : undefined,
  };
}

export function placeText(
  t: TFunction,
  p: { communityName: string | null; gridName: string | null; address?: string },
): string {
  return [p.communityName, p.gridName, p.address].filter(Boolean).join(' · ') || t('common.none');
}
