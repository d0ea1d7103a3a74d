import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { ErrorBody, errorResponses } from '../../platform/http.ts';
import { PageQuery } from '../../platform/pagination.ts';
import type { ImportService } from './import.ts';
import * as S from './schema.ts';
import type { OrgService } from './service.ts';

const tags = ['org'];
const Ok = z.object({ ok: z.literal(true) });

export function orgRoutes(app: FastifyInstance, org: OrgService, imports: ImportService) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  // ----- divisions and the tree -----
  r.get(
    '/api/org/tree',
    {
      schema: {
        tags,
        summary: 'Divisions and grids the caller can see, as a flat tree',
        response: { 200: S.OrgTree, ...errorResponses },
      },
    },
    (req) => org.tree(req.ctx),
  );

  r.get(
    '/api/org/stats',
    {
      schema: {
        tags,
        summary: "Counts of people, buildings, households and grids per community and grid of the caller's area",
        response: { 200: S.OrgStats, ...errorResponses },
      },
    },
    (req) => org.stats(req.ctx),
  );

  r.get(
    '/api/org/divisions/:id',
    {
      schema: {
        tags,
        summary: 'One division',
        params: S.IdParams,
        response: { 200: S.DivisionView, ...errorResponses },
      },
    },
    (req) => org.getDivision(req.ctx, req.params.id),
  );

  r.post(
    '/api/org/divisions',
    {
      schema: {
        tags,
        summary: 'Add a street or community',
        body: S.CreateDivisionBody,
        response: { 201: S.DivisionView, 409: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await org.createDivision(req.ctx, req.body)),
  );

  r.patch(
    '/api/org/divisions/:id',
    {
      schema: {
        tags,
        summary: 'Rename or move the centre of a division',
        params: S.IdParams,
        body: S.UpdateDivisionBody,
        response: { 200: S.DivisionView, ...errorResponses },
      },
    },
    (req) => org.updateDivision(req.ctx, req.params.id, req.body),
  );

  // ----- grids -----
  r.get(
    '/api/org/grids',
    {
      schema: {
        tags,
        summary: 'Grids, with search and filters',
        querystring: S.GridListQuery,
        response: { 200: S.GridList, ...errorResponses },
      },
    },
    (req) => org.listGrids(req.ctx, req.query),
  );

  r.get(
    '/api/org/grids/geojson',
    {
      schema: {
        tags,
        summary: 'Grid boundaries as a GeoJSON FeatureCollection, for maps',
        querystring: S.GridGeoJsonQuery,
        response: { 200: S.GridFeatureCollection, ...errorResponses },
      },
    },
    (req) => org.gridsGeoJson(req.ctx, req.query),
  );

  r.get(
    '/api/org/grids/:id',
    {
      schema: {
        tags,
        summary: 'One grid with its boundary',
        params: S.IdParams,
        response: { 200: S.GridView, ...errorResponses },
      },
    },
    (req) => org.getGrid(req.ctx, req.params.id),
  );

  r.post(
    '/api/org/grids',
    {
      schema: {
        tags,
        summary: 'Add a grid',
        body: S.CreateGridBody,
        response: { 201: S.GridView, 409: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await org.createGrid(req.ctx, req.body)),
  );

  r.patch(
    '/api/org/grids/:id',
    {
      schema: {
        tags,
        summary: 'Change a grid',
        params: S.IdParams,
        body: S.UpdateGridBody,
        response: { 200: S.GridView, ...errorResponses },
      },
    },
    (req) => org.updateGrid(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/org/locate',
    {
      schema: {
        tags,
        summary: 'Which grid (and community, street, district) holds a point',
        querystring: S.LocateQuery,
        response: { 200: S.LocateResult, ...errorResponses },
      },
    },
    (req) => org.locate(req.ctx, req.query.lat, req.query.lng),
  );

  // ----- buildings and households -----
  r.get(
    '/api/org/buildings',
    {
      schema: {
        tags,
        summary: 'Buildings, with search and filters',
        querystring: S.BuildingListQuery,
        response: { 200: S.BuildingList, ...errorResponses },
      },
    },
    (req) => org.listBuildings(req.ctx, req.query),
  );

  r.get(
    '/api/org/buildings/points',
    {
      schema: {
        tags,
        summary: "Buildings with a position inside a box of the map, in the caller's area, as GeoJSON points",
        querystring: S.BuildingPointsQuery,
        response: { 200: S.BuildingFeatureCollection, ...errorResponses },
      },
    },
    (req) => org.buildingPoints(req.ctx, req.query),
  );

  r.get(
    '/api/org/buildings/nearest',
    {
      schema: {
        tags,
        summary: "The building of the caller's area nearest to a point (its name and address), within a radius",
        querystring: S.NearestBuildingQuery,
        response: { 200: S.NearestBuildingResult, ...errorResponses },
      },
    },
    (req) => org.nearestBuilding(req.ctx, req.query),
  );

  r.get(
    '/api/org/buildings/:id',
    {
      schema: {
        tags,
        summary: 'One building',
        params: S.IdParams,
        response: { 200: S.BuildingView, ...errorResponses },
      },
    },
    (req) => org.getBuilding(req.ctx, req.params.id),
  );

  r.post(
    '/api/org/buildings',
    {
      schema: {
        tags,
        summary: 'Add a building',
        body: S.CreateBuildingBody,
        response: { 201: S.BuildingView, 409: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await org.createBuilding(req.ctx, req.body)),
  );

  r.patch(
    '/api/org/buildings/:id',
    {
      schema: {
        tags,
        summary: 'Change a building',
        params: S.IdParams,
        body: S.UpdateBuildingBody,
        response: { 200: S.BuildingView, 409: ErrorBody, ...errorResponses },
      },
    },
    (req) => org.updateBuilding(req.ctx, req.params.id, req.body),
  );

  r.get(
    '/api/org/buildings/:id/households',
    {
      schema: {
        tags,
        summary: 'Households of a building',
        params: S.IdParams,
        response: { 200: z.object({ items: z.array(S.HouseholdView) }), ...errorResponses },
      },
    },
    (req) => org.listHouseholds(req.ctx, req.params.id),
  );

  r.post(
    '/api/org/buildings/:id/households',
    {
      schema: {
        tags,
        summary: 'Add a household (unit and room) to a building',
        params: S.IdParams,
        body: S.CreateHouseholdBody,
        response: { 201: S.HouseholdView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await org.createHousehold(req.ctx, req.params.id, req.body)),
  );

  // ----- people -----
  r.get(
    '/api/org/persons',
    {
      schema: {
        tags,
        summary: 'People, personal numbers masked; search, filters and tags',
        querystring: S.PersonListQuery,
        response: { 200: S.PersonList, ...errorResponses },
      },
    },
    (req) => org.listPersons(req.ctx, req.query),
  );

  r.get(
    '/api/org/persons/tags',
    {
      schema: {
        tags,
        summary: 'Tags in use among the people the caller can see, with counts',
        response: { 200: S.TagList, ...errorResponses },
      },
    },
    (req) => org.tags(req.ctx),
  );

  r.get(
    '/api/org/persons/:id',
    {
      schema: {
        tags,
        summary: 'One person, numbers masked',
        params: S.IdParams,
        response: { 200: S.PersonView, ...errorResponses },
      },
    },
    (req) => org.getPerson(req.ctx, req.params.id),
  );

  r.post(
    '/api/org/persons/:id/reveal',
    {
      schema: {
        tags,
        summary: 'The whole ID and phone numbers of a person; audited',
        params: S.IdParams,
        response: { 200: S.PersonSecrets, ...errorResponses },
      },
    },
    (req) => org.revealPerson(req.ctx, req.params.id),
  );

  r.post(
    '/api/org/persons',
    {
      schema: {
        tags,
        summary: 'Register a person',
        body: S.CreatePersonBody,
        response: { 201: S.PersonView, 409: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await org.createPerson(req.ctx, req.body)),
  );

  r.patch(
    '/api/org/persons/:id',
    {
      schema: {
        tags,
        summary: 'Change a person',
        params: S.IdParams,
        body: S.UpdatePersonBody,
        response: { 200: S.PersonView, 409: ErrorBody, ...errorResponses },
      },
    },
    (req) => org.updatePerson(req.ctx, req.params.id, req.body),
  );

  r.delete(
    '/api/org/persons/:id',
    {
      schema: { tags, summary: 'Remove a person', params: S.IdParams, response: { 200: Ok, ...errorResponses } },
    },
    async (req) => {
      await org.deletePerson(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  // ----- assignments and the public board -----
  r.get(
    '/api/org/assignments',
    {
      schema: {
        tags,
        summary: 'Who answers for a grid, a building or a community (包联)',
        querystring: S.AssignmentListQuery,
        response: { 200: S.AssignmentList, ...errorResponses },
      },
    },
    (req) => org.listAssignments(req.ctx, req.query),
  );

  r.post(
    '/api/org/assignments',
    {
      schema: {
        tags,
        summary: 'Make someone responsible for a grid or building',
        body: S.CreateAssignmentBody,
        response: { 201: S.AssignmentView, ...errorResponses },
      },
    },
    async (req, reply) => reply.code(201).send(await org.createAssignment(req.ctx, req.body)),
  );

  r.delete(
    '/api/org/assignments/:id',
    {
      schema: { tags, summary: 'End an assignment', params: S.IdParams, response: { 200: Ok, ...errorResponses } },
    },
    async (req) => {
      await org.deleteAssignment(req.ctx, req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/org/board',
    {
      schema: {
        tags,
        summary: "The public board (三亮一做) of a building, grid or community; with no filter, the caller's own home",
        querystring: S.BoardQuery,
        response: { 200: S.BoardView, ...errorResponses },
      },
    },
    (req) => org.board(req.ctx, req.query),
  );

  // ----- CSV import -----
  r.get(
    '/api/org/imports/templates/:kind',
    {
      schema: {
        tags,
        summary: 'A CSV template with the accepted columns',
        params: S.ImportTemplateParams,
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV, UTF-8 with BOM'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const csv = await imports.template(req.ctx, req.params.kind);
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${req.params.kind}-template.csv"`)
        .serializer((v: unknown) => String(v));
      return csv;
    },
  );

  r.get(
    '/api/org/imports/templates/:kind/xlsx',
    {
      schema: {
        tags,
        summary:
          'The template as an Excel workbook (.xlsx), every column formatted as text so ID numbers keep their digits',
        params: S.ImportTemplateParams,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        response: { 200: z.any().describe('.xlsx workbook'), ...errorResponses },
      },
    },
    async (req, reply) => {
      const workbook = await imports.templateXlsx(req.ctx, req.params.kind);
      // A Buffer is sent as it is, past the response schema's serializer.
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${req.params.kind}-template.xlsx"`)
        .send(workbook);
    },
  );

  r.post(
    '/api/org/imports',
    {
      schema: {
        tags,
        summary:
          'Upload a CSV or an Excel workbook (.xlsx, its first sheet) of people or buildings (multipart: kind, file). Rows are checked, then all written or none',
        consumes: ['multipart/form-data'],
        response: { 202: S.ImportJobView, 413: ErrorBody, 415: ErrorBody, ...errorResponses },
      },
    },
    async (req, reply) => {
      if (!req.isMultipart()) throw new AppError('unsupported_media_type');
      let kind: string | undefined;
      let file: { name: string; bytes: Buffer } | undefined;
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'file' || file) {
            part.file.resume();
            continue;
          }
          file = { name: part.filename || 'upload.csv', bytes: await part.toBuffer() };
        } else if (part.fieldname === 'kind') {
          kind = String(part.value);
        }
      }
      const parsedKind = S.ImportKind.safeParse(kind);
      if (!parsedKind.success) throw new AppError('validation_failed', {}, [{ path: 'body.kind', key: 'import.kind' }]);
      if (!file || file.bytes.byteLength === 0)
        throw new AppError('validation_failed', {}, [{ path: 'body.file', key: 'import.file_required' }]);
      return reply.code(202).send(await imports.start(req.ctx, parsedKind.data, file.name, file.bytes));
    },
  );

  r.get(
    '/api/org/imports',
    {
      schema: {
        tags,
        summary: "The caller's imports, newest first",
        querystring: PageQuery,
        response: { 200: S.ImportJobList, ...errorResponses },
      },
    },
    (req) => imports.list(req.ctx, req.query.cursor, req.query.limit),
  );

  r.get(
    '/api/org/imports/:id',
    {
      schema: {
        tags,
        summary: 'Progress and row errors of an import',
        params: S.IdParams,
        response: { 200: S.ImportJobView, ...errorResponses },
      },
    },
    (req) => imports.get(req.ctx, req.params.id),
  );
}
