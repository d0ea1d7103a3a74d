import type { FastifySchema, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler as zodValidatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorDetail } from './errors.ts';

/**
 * The input rules every route shares, in one place: what no text may hold, and what an id is.
 * Routes declare the rest of each field's domain in their schemas.
 */

/** The largest id: ids are PostgreSQL `integer` columns. */
export const MAX_ID = 2_147_483_647;

const decimalId = /^[1-9][0-9]{0,9}$/;

/**
 * A record id: a positive 32-bit integer. In a path or a query string it is text, and only
 * decimal digits are read as a number — `0x10`, `1e3`, `+5` or ` 7` are refused, not read as
 * 16, 1000, 5 or 7 — so that a client's mistake never names another record.
 */
export const id = z.union([
  z.number().int().positive().max(MAX_ID),
  z.string().regex(decimalId).transform(Number).pipe(z.number().int().positive().max(MAX_ID)),
]);

/** A list's area filter: a district, street or community, for the records of the communities under it. */
export const areaId = id
  .optional()
  .describe('A district, street or community: the records of the communities under it (the cockpit drills with it)');

/**
 * Text PostgreSQL cannot store, or that no client means to send: a NUL character, and half of
 * a UTF-16 surrogate pair (not a character, and not encodable as UTF-8).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnstorableText(text: string) {
  return UNSTORABLE.test(text);
}

/** Paths (body.a.0.b) of the strings and keys in a value that hold unstorable text. */
function unstorablePaths(value: unknown, path: string, found: ErrorDetail[]) {
  if (found.length >= 20) return;
  if (typeof value === 'string') {
    if (UNSTORABLE.test(value)) found.push({ path, key: 'input.bad_text' });
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      unstorablePaths(item, `${path}.${i}`, found);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (UNSTORABLE.test(key)) found.push({ path, key: 'input.bad_text' });
      else unstorablePaths(item, `${path}.${key}`, found);
    }
  }
}

const PART_NAMES: Record<string, string> = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' };

/**
 * The validator of every route: the text rule over everything the request carries (body,
 * query, path), then the route's Zod schema. A refusal is 400 with each offending field's path.
 */
export const validatorCompiler: FastifySchemaCompiler<FastifySchema> = (route) => {
  const validate = zodValidatorCompiler(route as Parameters<typeof zodValidatorCompiler>[0]);
  const part = PART_NAMES[route.httpPart ?? 'body'] ?? 'body';
  return (data: unknown) => {
    if (part !== 'headers') {
      const found: ErrorDetail[] = [];
      unstorablePaths(data, part, found);
      if (found.length > 0) return { error: new AppError('validation_failed', {}, found) };
    }
    return validate(data);
  };
};
