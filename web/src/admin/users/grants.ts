import type { TFunction } from 'i18next';
import { roleLabel } from '../../shared/labels.ts';
import { DEPARTMENTS, type Department, type GrantableRole, type GrantInput, type Role } from '../../shared/types.ts';
import type { OrgIndex } from '../org/orgIndex.ts';

/**
 * A role over a unit, as the forms hold it: the unit is one value of the picker, `d-<id>` for a
 * division and `g-<id>` for a grid, since a role is held over one or the other.
 */
export interface GrantRow {
  role?: Role;
  unit?: string;
  department?: Department;
}

export interface UnitNode {
  value: string;
  title: string;
  /** True for the divisions shown only to place the units the role is granted over: greyed, not chosen. */
  disabled: boolean;
  isLeaf?: boolean;
  children?: UnitNode[];
}

/**
 * The caller's org tree pruned to the units a role is granted over (divisions of its levels,
 * grids of its kinds), with the divisions above them to place them; only those units can be
 * chosen. Divisions shown only as ancestors (outside the caller's scope) are never units.
 */
export function unitTree(index: OrgIndex, fits: Pick<GrantableRole, 'levels' | 'gridKinds'>): UnitNode[] {
  const build = (divisionId: number): UnitNode | null => {
    const division = index.divisionById.get(divisionId);
    if (!division) return null;
    const children: UnitNode[] = (index.childrenOf.get(divisionId) ?? [])
      .map((child) => build(child.id))
      .filter((node): node is UnitNode => node !== null);
    if (fits.gridKinds.length > 0) {
      for (const grid of index.gridsOf.get(divisionId) ?? []) {
        if (fits.gridKinds.includes(grid.kind))
          children.push({ value: `g-${grid.id}`, title: grid.name, disabled: false, isLeaf: true });
      }
    }
    const own = division.inScope && fits.levels.includes(division.level);
    if (!own && children.length === 0) return null;
    return {
      value: `d-${division.id}`,
      title: division.name,
      disabled: !own,
      ...(children.length > 0 ? { children } : { isLeaf: true }),
    };
  };
  return (index.childrenOf.get(null) ?? []).map((root) => build(root.id)).filter((node): node is UnitNode => !!node);
}

/** How many units of the tree can be chosen. */
export function countUnits(nodes: readonly UnitNode[]): number {
  return nodes.reduce((n, node) => n + (node.disabled ? 0 : 1) + countUnits(node.children ?? []), 0);
}

/** A row of the form as the API takes it; undefined while the role or unit is missing. */
export function grantInput(row: GrantRow): GrantInput | undefined {
  const match = /^([dg])-(\d+)$/.exec(row.unit ?? '');
  if (!row.role || !match) return undefined;
  const id = Number(match[2]);
  return {
    role: row.role,
    ...(match[1] === 'g' ? { gridId: id } : { divisionId: id }),
    ...(row.department ? { department: row.department } : {}),
  };
}

/** A department by its name in the UI language; a code the web does not know is shown as it is. */
export function departmentName(t: TFunction, code: string): string {
  return (DEPARTMENTS as readonly string[]).includes(code) ? t(`departments.${code as Department}`) : code;
}

/** Where a role is held: 打铁关社区第一网格, or 文晖街道 · 消防救援 for department staff. */
export function grantPlace(t: TFunction, grant: { unitName: string; department: string | null }): string {
  return [grant.unitName, grant.department ? departmentName(t, grant.department) : ''].filter(Boolean).join(' · ');
}

/** 网格员 · 打铁关社区第一网格: the role and where it is held. */
export function grantText(t: TFunction, grant: { role: Role; unitName: string; department: string | null }): string {
  return [roleLabel(t, grant.role), grantPlace(t, grant)].filter(Boolean).join(' · ');
}

/**
 * Where a field error of the server belongs in the account forms: body.username is the
 * username; body.grants.0.divisionId (or gridId) is the first grant's unit picker. For the form
 * of one grant, the prefix is body alone (body.divisionId is its unit picker). Undefined for a
 * detail no field shows.
 */
export function fieldOfPath(path: string | undefined, grantsAt: 'grants' | 'root'): (string | number)[] | undefined {
  const parts =
    path
      ?.replace(/^body\.?/, '')
      .split('.')
      .filter(Boolean) ?? [];
  const grantField = (name: string | undefined) =>
    name === 'divisionId' || name === 'gridId' ? 'unit' : name === 'role' || name === 'department' ? name : undefined;
  if (grantsAt === 'root') {
    const field = grantField(parts[0]);
    return field && parts.length === 1 ? [field] : undefined;
  }
  if (parts[0] === 'grants') {
    const row = Number(parts[1]);
    const field = grantField(parts[2]);
    return Number.isInteger(row) && field ? ['grants', row, field] : undefined;
  }
  return parts.length === 1 && ['username', 'displayName', 'phone'].includes(parts[0]!) ? [parts[0]!] : undefined;
}
