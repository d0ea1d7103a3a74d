import { DeviceListQuery } from '../devices/schema.ts';
import type { DevicesService } from '../devices/service.ts';
import { MatterListQuery } from '../matters/schema.ts';
import type { MattersService } from '../matters/service.ts';
import { CaseListQuery } from '../mediation/schema.ts';
import type { MediationService } from '../mediation/service.ts';
import { BuildingListQuery, GridListQuery, PersonListQuery } from '../org/schema.ts';
import type { OrgService } from '../org/service.ts';
import { hasPermission, requireActor, type Permission } from '../../platform/access.ts';
import { AppError } from '../../platform/errors.ts';
import type { RequestContext } from '../../platform/context.ts';
import type { SearchHit, SearchKind, SearchResult } from './schema.ts';

/** One page of a list as hits of a kind, and whether the list has more. */
function hitsOf<T>(
  page: { items: T[]; nextCursor: string | null },
  toHit: (item: T) => Omit<SearchHit, 'kind'>,
): { hits: Omit<SearchHit, 'kind'>[]; more: boolean } {
  return { hits: page.items.map(toHit), more: Boolean(page.nextCursor) };
}

interface Source {
  kind: SearchKind;
  permission: Permission;
  /** One page of the kind's own list, searched and scoped as that list is. */
  find: (ctx: RequestContext, q: string, limit: number) => Promise<{ hits: Omit<SearchHit, 'kind'>[]; more: boolean }>;
}

/**
 * 全局搜索: one box finds people, matters, cases, buildings, grids and devices. It owns no
 * tables: each kind is asked through its module's own list, so the caller's area, the masking
 * of personal data and the permissions are exactly the lists' (a kind the caller may not list
 * is not searched at all). Queries go through the lists' own schemas, so defaults match the HTTP lists.
 */
export class SearchService {
  private readonly sources: Source[];

  constructor(org: OrgService, matters: MattersService, mediation: MediationService, devices: DevicesService) {
    this.sources = [
      {
        kind: 'person',
        permission: 'org.person.read',
        find: async (ctx, q, limit) =>
          hitsOf(await org.listPersons(ctx, PersonListQuery.parse({ q, limit })), (p) => ({
            id: p.id,
            title: p.name,
            subtitle: [p.communityName, p.address, p.phone].filter(Boolean).join(' · '),
            code: null,
          })),
      },
      {
        kind: 'matter',
        permission: 'matters.read',
        find: async (ctx, q, limit) =>
          hitsOf(await matters.list(ctx, MatterListQuery.parse({ q, limit })), (m) => ({
            id: m.id,
            title: `${m.category.name}：${m.description}`,
            subtitle: m.address,
            code: m.code,
          })),
      },
      {
        kind: 'case',
        permission: 'mediation.read',
        find: async (ctx, q, limit) =>
          hitsOf(await mediation.list(ctx, CaseListQuery.parse({ q, limit })), (c) => ({
            id: c.id,
            title: `${c.category.name}：${c.summary}`,
            subtitle: `${c.statusName} · ${c.community.name}`,
            code: c.code,
          })),
      },
      {
        kind: 'building',
        permission: 'org.read',
        find: async (ctx, q, limit) =>
          hitsOf(await org.listBuildings(ctx, BuildingListQuery.parse({ q, limit })), (b) => ({
            id: b.id,
            title: b.name,
            subtitle: [b.communityName, b.address].filter(Boolean).join(' · '),
            code: b.code,
          })),
      },
      {
        kind: 'grid',
        permission: 'org.read',
        find: async (ctx, q, limit) =>
          hitsOf(await org.listGrids(ctx, GridListQuery.parse({ q, limit })), (g) => ({
            id: g.id,
            title: g.name,
            subtitle: g.communityName,
            code: g.code,
          })),
      },
      {
        kind: 'device',
        permission: 'devices.read',
        find: async (ctx, q, limit) =>
          hitsOf(await devices.listDevices(ctx, DeviceListQuery.parse({ q, limit })), (d) => ({
            id: d.id,
            title: d.name,
            subtitle: [d.communityName, d.address].filter(Boolean).join(' · '),
            code: d.code,
          })),
      },
    ];
  }

  async search(ctx: RequestContext, q: string, limit: number): Promise<SearchResult> {
    requireActor(ctx.actor);
    const allowed = this.sources.filter((source) => hasPermission(ctx.actor, source.permission));
    // The console's search: a caller who may list none of the kinds is refused, not answered empty.
    if (allowed.length === 0) throw new AppError('forbidden');
    const found = await Promise.all(allowed.map((source) => source.find(ctx, q, limit)));
    const groups = allowed
      .map((source, i) => ({
        kind: source.kind,
        hits: found[i]!.hits.map((hit) => ({ kind: source.kind, ...hit })),
        more: found[i]!.more,
      }))
      .filter((group) => group.hits.length > 0);
    // The kind that answers the words best comes first: a code typed whole, then a name that
    // begins with them (打铁关 is a grid and buildings before the matters that mention it).
    const best = (group: (typeof groups)[number]) => Math.min(...group.hits.map((hit) => matchRank(hit, q)));
    return { q, groups: groups.sort((a, b) => best(a) - best(b)) };
  }
}

function matchRank(hit: SearchHit, q: string): number {
  const words = q.toLowerCase();
  if (hit.code?.toLowerCase() === words) return 0;
  if (hit.title.toLowerCase().startsWith(words)) return 1;
  if (hit.title.toLowerCase().includes(words)) return 2;
  return 3;
}
