import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { errorResponses } from '../../platform/http.ts';
import * as S from './schema.ts';
import type { ServiceMapService } from './service.ts';

const tags = ['service-map'];

export function serviceMapRoutes(app: FastifyInstance, serviceMap: ServiceMapService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/service-map';

  r.get(
    `${base}/coverage`,
    {
      schema: {
        tags,
        summary:
          'The 15-minute life circle (15分钟生活圈) of an area: per service and 5/10/15-minute walk, residents and buildings within reach, overall and per community, with the kinds each community lacks',
        querystring: S.CoverageQuery,
        response: { 200: S.CoverageView, ...errorResponses },
      },
    },
    (req) => serviceMap.coverage(req.ctx, req.query),
  );
  r.get(
    `${base}/gaps`,
    {
      schema: {
        tags,
        summary:
          'Buildings without a service within a walk (服务盲区), most residents first, each with its nearest station of the kind',
        querystring: S.GapsQuery,
        response: { 200: S.GapList, ...errorResponses },
      },
    },
    (req) => serviceMap.gaps(req.ctx, req.query),
  );
  r.get(
    `${base}/nearby`,
    {
      schema: {
        tags,
        summary:
          'Services near me (附近服务), for anyone signed in: stations are public places. From a point, or the caller’s home building; each of the nine services’ nearest station and the stations within a 15-minute walk',
        querystring: S.NearbyQuery,
        response: { 200: S.NearbyView, ...errorResponses },
      },
    },
    (req) => serviceMap.nearby(req.ctx, req.query),
  );
  r.get(
    `${base}/buildings/:id`,
    {
      schema: {
        tags,
        summary: 'One building’s walk to the nearest station of each service',
        params: S.IdParams,
        response: { 200: S.BuildingReach, ...errorResponses },
      },
    },
    (req) => serviceMap.building(req.ctx, req.params.id),
  );
  r.post(
    `${base}/what-if`,
    {
      schema: {
        tags,
        summary:
          'What if stations were added here (选址模拟): coverage before and after, the change, and the buildings newly within reach. Nothing is saved',
        body: S.WhatIfBody,
        response: { 200: S.WhatIfView, ...errorResponses },
      },
    },
    (req) => serviceMap.whatIf(req.ctx, req.body),
  );
}
