import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { XMLBuilder } from 'fast-xml-parser';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { translate } from '../../platform/i18n.ts';
import { localDateTime } from '../../platform/local-time.ts';
import { normalizePhone } from '../../platform/personal-data.ts';
import { DEPARTMENTS } from './catalogue.ts';
import type { MattersService } from './service.ts';
import type { CategoryField } from './tables.ts';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): other systems — a city
 * hotline, a partner app — read the catalogue and file and follow service requests.
 * Every resource answers in JSON or XML by its extension. Only public fields are ever
 * given out: no reporter, no internal note. Reads are open to all, as the standard
 * intends, but only for public report categories (help requests, suggestions, disputes,
 * security, alarms and care checks concern someone's person and are left out); filing a request needs an api_key issued
 * by an admin, and is accepted only inside that client's division.
 */

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

type Format = 'json' | 'xml';

const xml = new XMLBuilder({ format: true, ignoreAttributes: true, suppressEmptyNode: false, processEntities: true });

/** W3C date-time in local time with its offset, as the spec's examples give them (2010-04-14T06:37:38-08:00). */
function w3c(date: Date | null, timeZone: string): string | null {
  return date ? localDateTime(date, timeZone) : null;
}

function send(reply: FastifyReply, format: Format, root: string, item: string, items: unknown[], status = 200) {
  reply.code(status);
  if (format === 'json') return reply.type('application/json; charset=utf-8').serializer(JSON.stringify).send(items);
  const body = `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({ [root]: { [item]: items.map(nullsToEmpty) } })}`;
  return reply
    .type('text/xml; charset=utf-8')
    .serializer((v: unknown) => String(v))
    .send(body);
}

function nullsToEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(nullsToEmpty);
  if (typeof value === 'object')
    return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, nullsToEmpty(v)]));
  return value;
}

function sendErrors(reply: FastifyReply, format: Format, status: number, description: string) {
  return send(reply, format, 'errors', 'error', [{ code: status, description }], status);
}

const STATUS_CLOSED = new Set(['resolved', 'closed', 'rejected', 'duplicate']);
const openStatus = (status: string) => (STATUS_CLOSED.has(status) ? 'closed' : 'open');

function datatype(field: CategoryField) {
  switch (field.type) {
    case 'number':
      return 'number';
    case 'select':
      return 'singlevaluelist';
    case 'boolean':
      return 'singlevaluelist';
    default:
      return 'string';
  }
}

const fileParam = z.object({
  file: z
    .string()
    .regex(/^.+\.(json|xml)$/)
    .describe('{id}.json or {id}.xml'),
});
const splitFile = (file: string): { id: string; format: Format } => {
  const dot = file.lastIndexOf('.');
  return { id: file.slice(0, dot), format: file.slice(dot + 1) as Format };
};

const PostFields = z
  .object({
    api_key: z.string().optional(),
    jurisdiction_id: z.string().optional(),
    service_code: z.string().optional(),
    // Checked in the handler, so a bad value is answered in GeoReport's error shape.
    lat: z.union([z.string(), z.number()]).optional(),
    long: z.union([z.string(), z.number()]).optional(),
    address_string: z.string().max(200).optional(),
    address_id: z.string().optional(),
    email: z.string().optional(),
    device_id: z.string().optional(),
    account_id: z.string().optional(),
    first_name: z.string().max(40).optional(),
    last_name: z.string().max(40).optional(),
    phone: z.string().max(20).optional(),
    description: z.string().max(4000).optional(),
    media_url: z.string().max(1000).optional(),
  })
  .catchall(z.unknown())
  .describe("GeoReport v2 fields, form-encoded (or JSON); attribute[code]=value for the service's attributes");

const RequestsQuery = z.object({
  jurisdiction_id: z.string().optional(),
  service_request_id: z.string().max(2000).optional().describe('Comma-separated ids; other filters are then ignored'),
  service_code: z.string().max(2000).optional().describe('Comma-separated codes'),
  start_date: z.string().datetime({ offset: true }).optional(),
  end_date: z.string().datetime({ offset: true }).optional(),
  status: z
    .string()
    .regex(/^(open|closed)(,(open|closed))?$/)
    .optional(),
});

export function open311Routes(app: FastifyInstance, matters: MattersService, timeZone: string, baseUrl: () => string) {
  // GeoReport v2 has its own error shape: its routes answer every refusal in it, input checks too.
  app.register(async (scope) => {
    scope.setErrorHandler((error, request, reply) => {
      const format: Format = request.url.split('?')[0]!.endsWith('.xml') ? 'xml' : 'json';
      if (error instanceof Open311Error || error instanceof AppError) return sendOpen311Error(reply, format, error);
      const issues = (error as { validation?: Array<{ instancePath?: string; message?: string }> }).validation;
      const context = (error as { validationContext?: string }).validationContext ?? 'body';
      if (issues?.length)
        return sendErrors(
          reply,
          format,
          400,
          issues
            .map((i) => `${[context, ...(i.instancePath ?? '').split('/').filter(Boolean)].join('.')}: ${i.message}`)
            .join('; '),
        );
      const status = (error as { statusCode?: number }).statusCode ?? 500;
      if (status >= 500) request.log.error({ err: error }, 'unhandled error');
      return sendErrors(reply, format, status, status >= 500 ? 'internal error' : String((error as Error).message));
    });
    defineOpen311Routes(scope, matters, timeZone, baseUrl);
  });
}

function defineOpen311Routes(app: FastifyInstance, matters: MattersService, timeZone: string, baseUrl: () => string) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['open311'];
  const any = z.any().describe('GeoReport v2 answer, JSON or XML by the extension');
  const formats: Format[] = ['json', 'xml'];

  for (const format of formats) {
    r.get(
      `/open311/v2/discovery.${format}`,
      { schema: { tags, summary: `GeoReport v2 discovery (${format})`, response: { 200: any } } },
      (_req, reply) => {
        const endpoint = {
          specification: 'http://wiki.open311.org/GeoReport_v2',
          url: `${baseUrl()}/open311/v2`,
          changeset: '2026-11-22T00:00:00+08:00',
          type: 'production',
          formats: ['text/xml', 'application/json'],
        };
        const discovery = {
          changeset: '2026-11-22T00:00:00+08:00',
          contact: 'Gongzhi 共治 — ask the street or district office that runs this server',
          key_service: 'API keys are issued by a district admin in the admin console (事项 › Open311)',
          endpoints: [endpoint],
        };
        if (format === 'json')
          return reply.type('application/json; charset=utf-8').serializer(JSON.stringify).send(discovery);
        const body = `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({
          discovery: { ...discovery, endpoints: { endpoint: { ...endpoint, formats: { format: endpoint.formats } } } },
        })}`;
        return reply
          .type('text/xml; charset=utf-8')
          .serializer((v: unknown) => String(v))
          .send(body);
      },
    );

    r.get(
      `/open311/v2/services.${format}`,
      {
        schema: {
          tags,
          summary: `Service list: the catalogue's categories (${format})`,
          querystring: z.object({ jurisdiction_id: z.string().optional() }),
          response: { 200: any },
        },
      },
      async (_req, reply) => {
        const categories = await matters.categoriesForOpen311();
        const { byId } = await matters.categoryMap();
        return send(
          reply,
          format,
          'services',
          'service',
          categories.map((c) => ({
            service_code: c.code,
            service_name: c.name_zh,
            description: `${c.name_zh} / ${c.name_en}`,
            metadata: c.fields.length > 0,
            type: 'realtime',
            keywords: c.keywords.join(','),
            group: c.parent_id ? (byId.get(c.parent_id)?.name_zh ?? '') : '',
          })),
        );
      },
    );

    r.get(
      `/open311/v2/requests.${format}`,
      {
        schema: {
          tags,
          summary: `Service requests, filtered (${format})`,
          querystring: RequestsQuery,
          response: { 200: any, 400: any },
        },
      },
      async (req, reply) => {
        const rows = await queryRequests(matters, req.query);
        return send(reply, format, 'service_requests', 'request', presentRequests(rows, timeZone));
      },
    );

    r.post(
      `/open311/v2/requests.${format}`,
      {
        schema: {
          tags,
          summary: `File a service request with an api_key (${format})`,
          consumes: ['application/x-www-form-urlencoded', 'application/json'],
          body: PostFields,
          response: { 201: any, 200: any, 400: any, 403: any },
        },
        config: { csrfExempt: true },
      },
      async (req, reply) => {
        try {
          const created = await postRequest(matters, req.body);
          return send(
            reply,
            format,
            'service_requests',
            'request',
            [
              {
                service_request_id: String(created.id),
                service_notice: '',
                account_id: null,
                token: created.open311_token,
              },
            ],
            201,
          );
        } catch (e) {
          return sendOpen311Error(reply, format, e);
        }
      },
    );
  }

  r.get(
    '/open311/v2/services/:file',
    {
      schema: {
        tags,
        summary: 'Service definition: the attributes a category asks for ({code}.json or .xml)',
        params: fileParam,
        response: { 200: any, 404: any },
      },
    },
    async (req, reply) => {
      const { id: code, format } = splitFile(req.params.file);
      const category = (await matters.categoriesForOpen311()).find((c) => c.code === code);
      if (!category) return sendErrors(reply, format, 404, `service_code ${code} not found`);
      const definition = {
        service_code: category.code,
        attributes: category.fields.map((f, i) => ({
          variable: true,
          code: f.code,
          datatype: datatype(f),
          required: f.required,
          datatype_description: f.type === 'boolean' ? 'true or false' : '',
          order: i + 1,
          description: `${f.labelZh} / ${f.labelEn}`,
          values:
            f.type === 'select'
              ? (f.options ?? []).map((o) => ({ key: o.value, name: o.labelZh }))
              : f.type === 'boolean'
                ? [
                    { key: 'true', name: '是' },
                    { key: 'false', name: '否' },
                  ]
                : [],
        })),
      };
      if (format === 'json')
        return reply.type('application/json; charset=utf-8').serializer(JSON.stringify).send(definition);
      const body = `<?xml version="1.0" encoding="utf-8"?>\n${xml.build({
        service_definition: {
          service_code: definition.service_code,
          attributes: {
            attribute: definition.attributes.map((a) => ({ ...a, values: a.values.length ? { value: a.values } : '' })),
          },
        },
      })}`;
      return reply
        .type('text/xml; charset=utf-8')
        .serializer((v: unknown) => String(v))
        .send(body);
    },
  );

  r.get(
    '/open311/v2/requests/:file',
    {
      schema: {
        tags,
        summary: 'One service request ({id}.json or .xml)',
        params: fileParam,
        response: { 200: any, 404: any },
      },
    },
    async (req, reply) => {
      const { id, format } = splitFile(req.params.file);
      if (!/^\d{1,15}$/.test(id)) return sendErrors(reply, format, 404, `service_request_id ${id} not found`);
      const found = await queryRequests(matters, { service_request_id: id });
      if (found.rows.length === 0) return sendErrors(reply, format, 404, `service_request_id ${id} not found`);
      return send(reply, format, 'service_requests', 'request', presentRequests(found, timeZone));
    },
  );

  r.get(
    '/open311/v2/tokens/:file',
    {
      schema: {
        tags,
        summary: 'The service_request_id behind a token ({token}.json or .xml)',
        params: fileParam,
        response: { 200: any, 404: any },
      },
    },
    async (req, reply) => {
      const { id: token, format } = splitFile(req.params.file);
      const id = /^[0-9a-f]{24}$/.test(token) ? await matters.requestIdForToken(token) : null;
      if (id === null) return sendErrors(reply, format, 404, `token ${token} not found`);
      return send(reply, format, 'service_requests', 'request', [{ service_request_id: String(id), token }]);
    },
  );
}

async function queryRequests(matters: MattersService, q: z.infer<typeof RequestsQuery>) {
  const ids = q.service_request_id
    ?.split(',')
    .map((s) => Number(s.trim()))
    .filter((n) => Number.isInteger(n) && n > 0 && n < 2 ** 31);
  if (ids) return matters.publicRequests({ ids });
  const statuses = q.status?.split(',');
  const open = statuses && statuses.length === 1 ? statuses[0] === 'open' : undefined;
  // Without a start date the service gives the last 90 days; at most 1000 requests.
  return matters.publicRequests({
    ...(q.service_code ? { codes: q.service_code.split(',').map((s) => s.trim()) } : {}),
    ...(open !== undefined ? { open } : {}),
    ...(q.start_date ? { from: new Date(q.start_date) } : {}),
    ...(q.end_date ? { to: new Date(q.end_date) } : {}),
  });
}

function presentRequests({ rows, notes }: Awaited<ReturnType<MattersService['publicRequests']>>, timeZone: string) {
  return rows.map((r) => {
    const department = r.department ?? r.category_department;
    const mediaUrl = r.attributes._media_url;
    return {
      service_request_id: String(r.id),
      status: openStatus(r.status),
      status_notes: r.reply ?? notes.get(r.id) ?? null,
      service_name: r.service_name,
      service_code: r.service_code,
      description: r.description,
      agency_responsible: DEPARTMENTS[department]?.zh ?? department,
      service_notice: null,
      requested_datetime: w3c(r.created_at, timeZone),
      updated_datetime: w3c(r.updated_at, timeZone),
      expected_datetime: STATUS_CLOSED.has(r.status) ? null : w3c(r.resolve_due_at, timeZone),
      address: r.address || null,
      address_id: null,
      zipcode: null,
      lat: r.lat,
      long: r.lng,
      media_url: typeof mediaUrl === 'string' ? mediaUrl : null,
    };
  });
}

class Open311Error extends Error {
  constructor(
    readonly status: number,
    description: string,
  ) {
    super(description);
  }
}

async function postRequest(matters: MattersService, body: Record<string, unknown>) {
  const apiKey = typeof body.api_key === 'string' ? body.api_key : '';
  const client = apiKey ? await matters.open311ClientForKeyHash(hashApiKey(apiKey)) : undefined;
  if (!client) throw new Open311Error(403, 'api_key is missing or not valid');
  const code = typeof body.service_code === 'string' ? body.service_code : '';
  const category = (await matters.categoriesForOpen311()).find((c) => c.code === code);
  if (!category) throw new Open311Error(400, `service_code ${code || '(missing)'} not found`);
  const coordinate = (v: unknown) =>
    v === undefined || v === ''
      ? null
      : typeof v === 'number'
        ? v
        : /^-?\d+(\.\d+)?$/.test(String(v).trim())
          ? Number(v)
          : NaN;
  const lat = coordinate(body.lat);
  const lng = coordinate(body.long);
  if ((lat === null) !== (lng === null) || (lat !== null && (!Number.isFinite(lat) || !Number.isFinite(lng!)))) {
    throw new Open311Error(400, 'lat and long must be given together, as numbers');
  }
  if (lat === null)
    throw new Open311Error(400, 'lat and long are required (address_string alone cannot be placed in a grid)');
  const description = typeof body.description === 'string' ? body.description.trim() : '';
  if (description.length < 4) throw new Open311Error(400, 'description is required (at least 4 characters)');
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const m = /^attribute\[([a-z][a-z0-9_]{0,39})\]$/.exec(key);
    if (!m) continue;
    const field = category.fields.find((f) => f.code === m[1]);
    if (!field) continue;
    attributes[m[1]!] = attributeValue(field, value);
  }
  const name =
    [body.last_name, body.first_name].filter((v) => typeof v === 'string' && v).join('') || `Open311 · ${client.name}`;
  const phone = typeof body.phone === 'string' && body.phone ? normalizePhone(body.phone) : null;
  const mediaUrl = typeof body.media_url === 'string' && /^https?:\/\//.test(body.media_url) ? body.media_url : null;
  return matters.createFromOpen311(client, {
    category,
    description,
    lat,
    lng,
    address: typeof body.address_string === 'string' ? body.address_string.slice(0, 200) : '',
    mediaUrl,
    attributes,
    reporterName: name,
    reporterPhone: phone,
  });
}

function attributeValue(field: CategoryField, value: unknown) {
  const text = String(value).trim();
  if (field.type === 'number') {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Open311Error(400, `attribute[${field.code}] must be a number`);
    return Number(text);
  }
  if (field.type === 'boolean') {
    if (value === true || value === false) return value;
    if (text !== 'true' && text !== 'false')
      throw new Open311Error(400, `attribute[${field.code}] must be true or false`);
    return text === 'true';
  }
  return text;
}

function sendOpen311Error(reply: FastifyReply, format: Format, e: unknown) {
  if (e instanceof Open311Error) return sendErrors(reply, format, e.status, e.message);
  if (e instanceof AppError) {
    const description =
      e.details.map((d) => (d.key ? translate('en', d.key, d.params) : d.message)).join('; ') ||
      translate('en', e.code, e.params);
    return sendErrors(reply, format, e.status, description);
  }
  throw e;
}
