import type { ServiceMapApi, ServiceMapInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';

/** The 15-minute service map (服务一张图): coverage, gaps and what-if of GET/POST /api/service-map/…. */
export type Coverage = ServiceMapApi['CoverageView'];
export type KindCoverage = ServiceMapApi['KindCoverage'];
export type Gap = ServiceMapApi['GapView'];
export type GapPage = ServiceMapApi['GapList'];
export type WhatIf = ServiceMapApi['WhatIfView'];
export type WhatIfBody = ServiceMapInput['WhatIfBody'];
export type Nearby = ServiceMapApi['NearbyView'];
export type NearbyStation = Nearby['stations'][number];
export type ServiceKind = KindCoverage['kind'];
export type LifeCircle = 5 | 10 | 15;
export const LIFE_CIRCLES: readonly LifeCircle[] = [5, 10, 15];

export const serviceMapKeys = {
  all: ['service-map'] as const,
  coverage: (areaId: number | undefined) => [...serviceMapKeys.all, 'coverage', areaId ?? null] as const,
  gaps: (query: { areaId?: number; kind: ServiceKind; level: LifeCircle; cursor?: string; limit: number }) =>
    [...serviceMapKeys.all, 'gaps', query] as const,
  nearby: (query: NearbyQuery) => [...serviceMapKeys.all, 'nearby', query] as const,
};

/** 附近服务: from a point, or (with neither lat nor lng) from the caller's home building. */
export interface NearbyQuery {
  lat?: string;
  lng?: string;
  kind?: ServiceKind;
}

export const serviceMapQueries = {
  coverage: (areaId: number | undefined) =>
    queryOptions({
      queryKey: serviceMapKeys.coverage(areaId),
      queryFn: ({ signal }) => api.get<Coverage>('/api/service-map/coverage', { areaId }, signal),
    }),
  gaps: (query: { areaId?: number; kind: ServiceKind; level: LifeCircle; cursor?: string; limit: number }) =>
    queryOptions({
      queryKey: serviceMapKeys.gaps(query),
      queryFn: ({ signal }) =>
        api.get<GapPage>('/api/service-map/gaps', { ...query, level: String(query.level) }, signal),
    }),
  nearby: (query: NearbyQuery) =>
    queryOptions({
      queryKey: serviceMapKeys.nearby(query),
      queryFn: ({ signal }) => api.get<Nearby>('/api/service-map/nearby', { ...query }, signal),
    }),
};

export const whatIf = (body: WhatIfBody) => api.post<WhatIf>('/api/service-map/what-if', body);
