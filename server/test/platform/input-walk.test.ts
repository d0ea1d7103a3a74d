import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import randexp from 'randexp';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { factories } from '../support/factories.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

/**
 * Walks the OpenAPI document: every route gets malformed input of each class a careless
 * client or an attacker sends — ids in other notations or past the 32-bit range, NUL and
 * half surrogate pairs in any text or search parameter, numbers that are not finite or far out
 * of any domain, unknown fields, empty and wrong-typed bodies — on top of an otherwise valid
 * request made from the route's own schema. No answer may be a 5xx; the classes that can
 * never be valid must be refused with a 4xx in the one error shape, and a refused request
 * must change nothing. A new route is walked by itself.
 */

// randexp is CommonJS whose typings declare an ES default export: at run time the import is the class.
const RandExp = randexp as unknown as typeof randexp.default;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = Record<string, any>;

interface Operation {
  method: string;
  path: string;
  parameters: Array<{ in: string; name: string; required?: boolean; schema: Schema }>;
  body: Schema | null;
  bodyType: string | null;
}

interface Probe {
  label: string;
  url: string;
  /** Raw JSON text, so that 1e400 arrives as the number a parser makes of it. */
  payload?: string;
  /** The class can never be valid: a 4xx is required, not only the absence of a 5xx. */
  mustRefuse: boolean;
}

/** Routes whose valid call ends the caller's session; they are walked with bad input only. */
const ENDS_SESSION = new Set(['POST /api/auth/logout', 'POST /api/auth/password']);
/**
 * Routes whose refusal is itself recorded: a failed sign-in counts towards the account's lock, a
 * failed binding or invitation code towards its tries.
 */
const COUNTS_REFUSALS = new Set([
  'POST /api/auth/login',
  'POST /api/auth/password',
  'POST /api/auth/bind',
  'POST /api/auth/invitations/redeem',
]);
/** Routes that answer without a session (devices bring a token of their own). */
const PUBLIC = new Set([
  'GET /api/health',
  'GET /api/health/gateway',
  'GET /api/config',
  'POST /api/auth/login',
  'POST /api/auth/logout',
  'GET /api/setup',
  'POST /api/auth/phone-code',
  'POST /api/auth/phone-login',
  'GET /api/auth/communities',
  'POST /api/setup',
  'POST /api/ingest/readings',
  // A training certificate is checked by whoever holds it, with no account: its key and its page.
  'GET /api/courses/certificates/public-key',
  'GET /api/access/public-key',
  'GET /api/courses/verify/{code}',
  'GET /verify/certificates/{code}',
  // A shop's credit card (商户信用公示) is read by whoever scans its QR code.
  // Public pages (公示, 办件公开): the index of communities and a community's page.
  'GET /api/public/communities',
  'GET /api/public/communities/{communityId}',
  'GET /api/credit/cards/{token}',
  'GET /api/credit/cards/{token}/pdf',
  'GET /credit/card/{token}',
]);
/** Streams that never end (server-sent events). */
const STREAMS = new Set(['GET /api/live']);

const BAD_IDS = ['0x10', '1e3', '2147483648', '99999999999', '-1', '0', '1.5', 'abc', '%00'];
const BAD_TEXTS = ['a\u0000b', '\uD800', 'x\uDC00y'];
const BAD_NUMBERS = ['1e400', '-1e400', '1e15', '-1e15'];

function resolver(doc: Schema) {
  return function resolve(schema: Schema | undefined): Schema {
    let s = schema ?? {};
    while (s.$ref) s = doc.components.schemas[String(s.$ref).replace('#/components/schemas/', '')] ?? {};
    return s;
  };
}

function sampler(resolve: (s: Schema) => Schema, now: Date, hints: Record<string, Json>) {
  const text = (s: Schema): string => {
    if (s.enum) return s.enum[0];
    if (s.format === 'date-time') return new Date(now.getTime() + 3_600_000).toISOString();
    if (s.format === 'date') return now.toISOString().slice(0, 10);
    if (s.pattern) {
      const generator = new RandExp(new RegExp(s.pattern, 'u'));
      // The shortest, first choices: deterministic.
      generator.randInt = (from: number) => from;
      const value = generator.gen();
      if (new RegExp(s.pattern, 'u').test(value)) return value;
    }
    const min = Math.max(s.minLength ?? 0, 2);
    return '测试内容'.repeat(Math.ceil(min / 4) + 1).slice(0, Math.max(min, Math.min(s.maxLength ?? 8, 8)));
  };
  const sample = (schema: Schema, depth = 0): Json => {
    const s = resolve(schema);
    // A boolean schema (a tuple's `items: false`) allows nothing more or anything: nothing to sample.
    if (depth > 8 || typeof s !== 'object') return null;
    if ('const' in s) return s.const;
    if (s.default !== undefined) return s.default;
    if (s.enum) return s.enum[0];
    const options = s.anyOf ?? s.oneOf;
    if (options) {
      const chosen = options.map(resolve).find((o: Schema) => o.type !== 'null') ?? options[0];
      return sample(chosen, depth + 1);
    }
    if (s.allOf) return sample(s.allOf[0], depth + 1);
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
    switch (type) {
      case 'object': {
        const out: Record<string, Json> = {};
        for (const name of s.required ?? [])
          out[name] = name in hints ? hints[name]! : sample(s.properties?.[name] ?? {}, depth + 1);
        return out;
      }
      case 'array':
        if (Array.isArray(s.prefixItems)) return s.prefixItems.map((item: Schema) => sample(item, depth + 1));
        return Array.from({ length: Math.max(s.minItems ?? 0, 1) }, () => sample(s.items ?? {}, depth + 1));
      case 'string':
        return text(s);
      case 'integer':
      case 'number': {
        if (s.exclusiveMinimum !== undefined) return Math.floor(s.exclusiveMinimum) + 1;
        if (s.minimum !== undefined) return Math.max(s.minimum, Math.min(1, s.maximum ?? 1));
        return 1;
      }
      case 'boolean':
        return true;
      default:
        return null;
    }
  };
  return sample;
}

/** Every leaf of a body as [path, schema], the optional fields too (each gets a sample of its own). */
function leaves(
  resolve: (s: Schema) => Schema,
  schema: Schema,
  path: string[] = [],
  depth = 0,
): Array<[string[], Schema]> {
  const s = resolve(schema);
  if (depth > 6) return [];
  const options = s.anyOf ?? s.oneOf;
  if (options) {
    const chosen = options.map(resolve).find((o: Schema) => o.type !== 'null');
    return chosen ? leaves(resolve, chosen, path, depth + 1) : [];
  }
  const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
  if (type === 'object' && s.properties)
    return Object.entries(s.properties).flatMap(([name, p]) =>
      leaves(resolve, p as Schema, [...path, name], depth + 1),
    );
  if (type === 'array' && s.items) return leaves(resolve, s.items, [...path, '0'], depth + 1);
  return [[path, s]];
}

function withValue(body: Json, path: string[], value: Json, sample: (s: Schema) => Json, schemaAt: Schema[]): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(body) || head === '0') {
    const list = Array.isArray(body) ? [...body] : [];
    list[0] = withValue(list[0] ?? sample(schemaAt[0] ?? {}), rest, value, sample, schemaAt.slice(1));
    return list;
  }
  const object = body && typeof body === 'object' ? { ...(body as Record<string, Json>) } : {};
  object[head] = withValue(object[head] ?? sample(schemaAt[0] ?? {}), rest, value, sample, schemaAt.slice(1));
  return object;
}

function operations(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries<Schema>(doc.paths)) {
    for (const [method, op] of Object.entries<Schema>(methods)) {
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0] ?? null;
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: op.parameters ?? [],
        body: bodyType ? content[bodyType].schema : null,
        bodyType,
      });
    }
  }
  return ops;
}

describe('the OpenAPI walk: no bad input gets a 5xx, and a refused request changes nothing', () => {
  let t: TestApp;
  let admin: Client;
  let doc: Schema;
  /** Records of the walk's own, so that otherwise valid bodies name places that exist and are in reach. */
  let hints: Record<string, Json>;

  before(async () => {
    // A request that waits for the database over 2 s is refused (503): the reader beside the walk
    // below answering 200 throughout means no bad request held anyone up longer.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10000', DB_CONNECTION_WAIT_MS: '2000' });
    const f = await factories(t);
    const community = await f.community();
    const grid = await f.grid(community.id);
    const building = await f.building(community.id);
    const person = await f.person(community.id, { buildingId: building.id, gridId: grid.id });
    admin = f.admin;
    hints = {
      communityId: community.id,
      gridId: grid.id,
      buildingId: building.id,
      personId: person.id,
      userId: admin.me!.id,
      parentId: community.parentId,
    };
    doc = (await admin.get('/api/openapi.json')).json();
  });
  after(() => t.close());

  /** The next transaction id: every transaction that writes (or locks) takes one, a read does not. */
  async function writeMark() {
    const { rows } = await sql<{ xmax: string }>`select pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(
      t.services.database.db,
    );
    return rows[0]!.xmax;
  }

  /** Whether any transaction that took an id since `mark` committed (one rolled back changed nothing). */
  async function committedSince(mark: string) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from generate_series(${mark}::bigint, pg_snapshot_xmax(pg_current_snapshot())::text::bigint - 1) as x
      where pg_xact_status(x::text::xid8) = 'committed'`.execute(t.services.database.db);
    return rows[0]!.n > 0;
  }

  test('every route, every class of bad input, while another user reads', async (ctx) => {
    const reader = await t.login('community_datieguan');
    let walking = true;
    const readerAnswers: number[] = [];
    const readerLoop = (async () => {
      // Another person at work: a read every 50 ms.
      while (walking) {
        readerAnswers.push((await reader.get('/api/org/persons?limit=1')).statusCode);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const resolve = resolver(doc);
    const sample = sampler(resolve, t.clock.now(), hints);
    const failures: string[] = [];
    let probes = 0;
    let lastAccepted = false;
    // Transaction ids are per server, not per database: on a PostgreSQL server that other test
    // files use at the same time, their commits would look like ours. The check is exact on
    // PGlite (one database, one process), where it runs; the refusal paths are the same code.
    const exactWrites = t.services.database.kind === 'pglite';
    // Quiet means no write over two checks 25 ms apart: on a loaded machine (CI, the suite
    // running two files at once) work left by a request can pause longer than one interval.
    const quiet = async () => {
      let still = 0;
      let mark = await writeMark();
      for (let i = 0; i < 80 && still < 2; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        const next = await writeMark();
        still = next === mark ? still + 1 : 0;
        mark = next;
      }
    };
    const reached: string[] = [];
    const unreached: string[] = [];

    const send = async (op: Operation, probe: Probe): Promise<LightMyRequestResponse> => {
      const headers: Record<string, string> = {};
      if (probe.payload !== undefined) headers['content-type'] = 'application/json';
      const res = await admin.raw({
        method: op.method as 'GET',
        url: probe.url,
        ...(probe.payload !== undefined ? { payload: probe.payload } : {}),
        headers: {
          ...headers,
          ...(admin.csrfToken ? { 'x-csrf-token': admin.csrfToken } : {}),
        },
      });
      return res;
    };

    for (const op of operations(doc)) {
      const key = `${op.method} ${op.path}`;
      if (STREAMS.has(key)) continue;
      const pathParams = op.parameters.filter((p) => p.in === 'path');
      const queryParams = op.parameters.filter((p) => p.in === 'query');
      const validPath = (overrides: Record<string, string> = {}) =>
        op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
          if (overrides[name] !== undefined) return overrides[name]!;
          const schema = resolve(pathParams.find((p) => p.name === name)?.schema ?? {});
          return encodeURIComponent(String(sample(schema) ?? '1'));
        });
      const requiredQuery = queryParams
        .filter((p) => p.required)
        .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema)))}`);
      const url = (path: string, extra: string[] = []) =>
        [path, [...requiredQuery, ...extra].join('&')].filter(Boolean).join('?');
      const validBody = op.body && op.bodyType === 'application/json' ? sample(op.body) : undefined;
      const json = (value: Json | undefined) => (value === undefined ? undefined : JSON.stringify(value));

      const list: Probe[] = [];
      if (!ENDS_SESSION.has(key))
        list.push({ label: 'valid', url: url(validPath()), payload: json(validBody), mustRefuse: false });
      for (const p of pathParams) {
        const isId = JSON.stringify(resolve(p.schema)).includes('2147483647');
        for (const bad of isId ? BAD_IDS : ['%00']) {
          list.push({
            label: `path ${p.name}=${bad}`,
            url: url(validPath({ [p.name]: bad })),
            payload: json(validBody),
            mustRefuse: true,
          });
        }
      }
      for (const p of queryParams) {
        const s = resolve(p.schema);
        list.push({
          label: `query ${p.name}=%00`,
          url: url(validPath(), [`${p.name}=%00`]),
          payload: json(validBody),
          mustRefuse: true,
        });
        if (/integer|number/.test(JSON.stringify(s)))
          for (const bad of ['Infinity', '1e400', '0x10', 'NaN'])
            list.push({
              label: `query ${p.name}=${bad}`,
              url: url(validPath(), [`${p.name}=${bad}`]),
              payload: json(validBody),
              mustRefuse: false,
            });
      }
      if (op.body && op.bodyType === 'application/json') {
        const base = url(validPath());
        for (const [path, s] of leaves(resolve, op.body)) {
          const schemas = path.map(() => ({}) as Schema).concat([s]);
          const type = Array.isArray(s.type) ? s.type.join() : String(s.type ?? '');
          if (type.includes('string') || s.enum)
            for (const bad of BAD_TEXTS)
              list.push({
                label: `body ${path.join('.')}=${JSON.stringify(bad)}`,
                url: base,
                payload: JSON.stringify(withValue(validBody ?? {}, path, bad, sample, schemas)),
                mustRefuse: true,
              });
          if (type.includes('integer') || type.includes('number'))
            for (const bad of BAD_NUMBERS) {
              const marker = '"__number__"';
              list.push({
                label: `body ${path.join('.')}=${bad}`,
                url: base,
                payload: JSON.stringify(withValue(validBody ?? {}, path, '__number__', sample, schemas)).replace(
                  marker,
                  bad,
                ),
                mustRefuse: bad.includes('400'),
              });
            }
        }
        list.push({ label: 'body {}', url: base, payload: '{}', mustRefuse: false });
        list.push({
          label: 'body with an unknown field',
          url: base,
          payload: JSON.stringify(
            validBody && typeof validBody === 'object' && !Array.isArray(validBody)
              ? { ...validBody, zzUnknownField: 1 }
              : { zzUnknownField: 1 },
          ),
          mustRefuse: false,
        });
        for (const wrong of ['[]', '"text"', 'null', '0', '{"a":'])
          list.push({ label: `body ${wrong}`, url: base, payload: wrong, mustRefuse: wrong !== '{}' });
      }

      for (const probe of list) {
        probes++;
        // An accepted request may leave work that commits after its answer (a live notice, an
        // event's handler); the mark is taken once the database has been quiet for a moment.
        if (lastAccepted && exactWrites) await quiet();
        if (exactWrites) {
          // Device readings and counts of refused device messages are written on a timer a moment
          // after their answer; written now, before the mark, so they never land inside a later probe.
          await t.services.devices.settle();
          await t.services.devices.rejections.flush();
        }
        const before = exactWrites ? await writeMark() : '';
        const res = await send(op, probe);
        const where = `${key} ${probe.label}`;
        if (probe.label === 'valid') (res.statusCode < 300 ? reached : unreached).push(`${key} ${res.statusCode}`);
        lastAccepted = res.statusCode < 400;
        if (res.statusCode >= 500) {
          failures.push(`${where}: ${res.statusCode} ${res.body.slice(0, 160)}`);
          continue;
        }
        if (res.statusCode >= 400) {
          // Open311 answers in GeoReport v2's own error shape: [{code, description}], or <errors> in XML.
          // Pages for people outside /api (a certificate's verification page) answer with a page.
          const page = !op.path.startsWith('/api/') && String(res.headers['content-type']).startsWith('text/html');
          const shaped = page
            ? /<!doctype html>/i.test(res.body)
            : op.path.endsWith('.xml')
              ? res.body.includes('<errors>') && res.body.includes('<description>')
              : op.path.startsWith('/open311/')
                ? typeof res.json()[0]?.description === 'string'
                : typeof res.json()?.error?.code === 'string' && Array.isArray(res.json().error.details);
          if (!shaped) failures.push(`${where}: ${res.statusCode} without the error shape`);
          if (exactWrites && !COUNTS_REFUSALS.has(key) && (await committedSince(before))) {
            // Work an earlier request left may still commit inside this window. A refusal that
            // writes writes every time: sent again once the database is quiet, it shows itself.
            await quiet();
            const again = await writeMark();
            const retried = await send(op, probe);
            if (retried.statusCode >= 400 && (await committedSince(again)))
              failures.push(`${where}: refused with ${res.statusCode} but something was written`);
          }
        } else if (probe.mustRefuse) {
          failures.push(`${where}: accepted with ${res.statusCode}`);
        }
        if (res.statusCode === 401 && !ENDS_SESSION.has(key)) admin = await t.login('admin');
      }
      if (ENDS_SESSION.has(key)) admin = await t.login('admin');
    }
    walking = false;
    await readerLoop;
    ctx.diagnostic(
      `walked ${probes} probes; a valid call was accepted on ${reached.length} routes; the reader read ${readerAnswers.length} times`,
    );
    assert.ok(readerAnswers.length > 10);
    assert.deepEqual(
      readerAnswers.filter((status) => status !== 200),
      [],
      'every read beside the walk answered 200',
    );
    if (process.env.WALK_REPORT) console.log(unreached.join('\n'));
    assert.ok(probes > 2000, `walked ${probes} probes`);
    assert.deepEqual(failures, []);
  });

  test('without a session every route but the public ones answers 401, before looking at the input', async () => {
    const anonymous = t.anonymous();
    const wrong: string[] = [];
    for (const op of operations(doc)) {
      const key = `${op.method} ${op.path}`;
      if (STREAMS.has(key) || op.path.startsWith('/open311/')) continue;
      const url = op.path.replace(/\{\w+\}/g, '0x10');
      const res = await anonymous.raw({
        method: op.method as 'GET',
        url: `${url}?q=%00`,
        ...(op.method === 'GET' || op.method === 'DELETE'
          ? {}
          : { payload: '{"a":"\\u0000"}', headers: { 'content-type': 'application/json' } }),
      });
      const expected = PUBLIC.has(key) ? res.statusCode !== 401 : res.statusCode === 401;
      if (!expected) wrong.push(`${key}: ${res.statusCode}`);
    }
    assert.deepEqual(wrong, []);
  });
});
