/**
 * The OpenAPI document's named components: every Zod schema a module's schema.ts exports is
 * registered under its export name, so the document references `#/components/schemas/MatterDetail`
 * instead of inlining it at every route. A name two modules use is prefixed with the module
 * (`CareRuleView`, `DevicesRuleView`). Query and path parameter schemas stay inline, since
 * OpenAPI lists those as parameters, not as one schema.
 */
import { z } from 'zod';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import * as audit from './modules/audit/schema.ts';
import * as auth from './modules/auth/schema.ts';
import * as care from './modules/care/schema.ts';
import * as charging from './modules/charging/schema.ts';
import * as deliberation from './modules/deliberation/schema.ts';
import * as devices from './modules/devices/schema.ts';
import * as matters from './modules/matters/schema.ts';
import * as media from './modules/media/schema.ts';
import * as mediation from './modules/mediation/schema.ts';
import * as notifications from './modules/notifications/schema.ts';
import * as org from './modules/org/schema.ts';
import * as points from './modules/points/schema.ts';
import * as system from './modules/system/schema.ts';
import * as volunteer from './modules/volunteer/schema.ts';
import { ErrorBody } from './platform/http.ts';

const MODULE_SCHEMAS: Record<string, Record<string, unknown>> = {
  audit,
  auth,
  care,
  charging,
  deliberation,
  devices,
  matters,
  media,
  mediation,
  notifications,
  org,
  points,
  system,
  volunteer,
};

const PARAMETER_SCHEMA = /(Query|Params)$/;
/** Exported schemas used as path parameters though not named so. */
const PARAMETER_SCHEMAS = new Set(['CommentTarget']);

export function buildComponentRegistry() {
  const registry = z.registry<{ id: string }>();
  registry.add(ErrorBody, { id: 'ErrorBody' });
  const exported = Object.entries(MODULE_SCHEMAS).flatMap(([module, schemas]) =>
    Object.entries(schemas)
      .filter(
        (entry): entry is [string, z.ZodType] =>
          entry[1] instanceof z.ZodType && !PARAMETER_SCHEMA.test(entry[0]) && !PARAMETER_SCHEMAS.has(entry[0]),
      )
      .map(([name, schema]) => ({ module, name, schema })),
  );
  const modulesByName = new Map<string, Set<string>>();
  for (const { module, name } of exported) modulesByName.set(name, (modulesByName.get(name) ?? new Set()).add(module));
  for (const { module, name, schema } of exported) {
    if (registry.has(schema)) continue; // one schema exported under two names keeps its first
    const shared = (modulesByName.get(name)?.size ?? 0) > 1;
    registry.add(schema, { id: shared ? `${module[0]!.toUpperCase()}${module.slice(1)}${name}` : name });
  }
  return registry;
}

/** The transforms for @fastify/swagger that use the registry for $refs and components. */
export function openApiTransforms() {
  const schemaRegistry = buildComponentRegistry();
  return {
    transform: createJsonSchemaTransform({ schemaRegistry }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry }),
  };
}
