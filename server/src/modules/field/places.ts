import { type Actor, type OrgPlace, ROLE_PERMISSIONS } from '../../platform/access.ts';
import type { Permission } from '../../platform/roles.ts';
import type { OrgService } from '../org/service.ts';

/**
 * The places where an actor holds a permission, as whole places (a grid with its community),
 * so an administrator's scope over the community covers a grid worker's grid.
 */
export async function placesWith(org: OrgService, actor: Actor, permission: Permission): Promise<OrgPlace[]> {
  const places: OrgPlace[] = [];
  for (const g of actor.grants) {
    if (!ROLE_PERMISSIONS[g.role].includes(permission)) continue;
    if (g.gridId !== null) places.push((await org.placeOfGrid(g.gridId)) ?? { divisionId: null, gridId: g.gridId });
    else if (g.divisionId !== null) places.push({ divisionId: g.divisionId, gridId: null });
  }
  return places;
}
