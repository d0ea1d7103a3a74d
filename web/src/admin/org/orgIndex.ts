import type { OrgTree, TreeDivision, TreeGrid } from '../../shared/types.ts';

/** The org tree with the look-ups pages need, built once per load. */
export interface OrgIndex {
  tree: OrgTree;
  divisionById: Map<number, TreeDivision>;
  gridById: Map<number, TreeGrid>;
  /** Child divisions by parent id; roots under null. */
  childrenOf: Map<number | null, TreeDivision[]>;
  gridsOf: Map<number, TreeGrid[]>;
  /** Communities the caller may work in, for filters. */
  communities: TreeDivision[];
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const KIND_ORDER: Record<TreeGrid['kind'], number> = { resident: 0, special: 1, mobile: 2 };

/** Residential grids first, in code order, then special and mobile ones. */
function byKindThenCode(a: TreeGrid, b: TreeGrid): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.code.localeCompare(b.code);
}

export function indexOrgTree(tree: OrgTree): OrgIndex {
  const divisionById = new Map(tree.divisions.map((d) => [d.id, d]));
  const gridById = new Map(tree.grids.map((g) => [g.id, g]));
  const childrenOf = new Map<number | null, TreeDivision[]>();
  for (const division of tree.divisions) {
    // A parent outside the answer makes the division a root.
    push(
      childrenOf,
      division.parentId !== null && divisionById.has(division.parentId) ? division.parentId : null,
      division,
    );
  }
  const gridsOf = new Map<number, TreeGrid[]>();
  for (const grid of [...tree.grids].sort(byKindThenCode)) push(gridsOf, grid.communityId, grid);
  const communities = tree.divisions.filter((d) => d.level === 'community' && d.inScope);
  return { tree, divisionById, gridById, childrenOf, gridsOf, communities };
}

/** The division and its ancestors, root first. */
export function divisionPath(index: OrgIndex, divisionId: number): TreeDivision[] {
  const path: TreeDivision[] = [];
  let current = index.divisionById.get(divisionId);
  while (current) {
    path.unshift(current);
    current = current.parentId === null ? undefined : index.divisionById.get(current.parentId);
  }
  return path;
}

/** Communities at or under a division. */
export function communitiesUnder(index: OrgIndex, divisionId: number): TreeDivision[] {
  const found: TreeDivision[] = [];
  const visit = (id: number) => {
    const division = index.divisionById.get(id);
    if (division?.level === 'community') found.push(division);
    for (const child of index.childrenOf.get(id) ?? []) visit(child.id);
  };
  visit(divisionId);
  return found;
}

export interface AreaNode {
  value: number;
  title: string;
  children: AreaNode[];
}

/**
 * The caller's own divisions as a tree, down to communities, for area pickers on maps; a grid
 * worker, whose scope is grids rather than divisions, gets the communities his grids lie in.
 */
export function areaTree(index: OrgIndex): AreaNode[] {
  const build = (id: number): AreaNode => {
    const division = index.divisionById.get(id)!;
    return {
      value: id,
      title: division.name,
      children: (index.childrenOf.get(id) ?? []).map((child) => build(child.id)),
    };
  };
  const roots = index.tree.divisions.filter(
    (d) => d.inScope && !(d.parentId !== null && index.divisionById.get(d.parentId)?.inScope),
  );
  const covered = new Set(roots.flatMap((root) => communitiesUnder(index, root.id).map((c) => c.id)));
  const gridCommunities = [...new Set(index.tree.grids.map((g) => g.communityId))]
    .filter((id) => !covered.has(id) && index.divisionById.has(id))
    .map((id) => ({ value: id, title: index.divisionById.get(id)!.name, children: [] }));
  return [...roots.map((d) => build(d.id)), ...gridCommunities];
}
