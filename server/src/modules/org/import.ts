import { parse } from 'csv-parse';
import type { Insertable, Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Executor } from '../../db/connection.ts';
import { covers, requirePermission, type Actor, type OrgPlace, type Scope } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { translate, type Locale } from '../../platform/i18n.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import {
  birthDateFromIdNumber,
  genderFromIdNumber,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  normalizePhone,
} from '../../platform/personal-data.ts';
import type { AuditService } from '../audit/service.ts';
import { assertOwnImport } from './access.ts';
import { checkDivisions } from './import-divisions.ts';
import { isXlsx, xlsxTemplate, xlsxToCsv } from './import-xlsx.ts';
import { containsPoint, withinChina } from './geo.ts';
import {
  decodeCsv,
  firstLine,
  GENDERS,
  headerIndex,
  importTemplate,
  KIND_WORDS,
  NO,
  parseHeader,
  RowErrors,
  YES,
  type ImportKind,
  type ParsedRow,
} from './import-csv.ts';
import { presentImportJob } from './presenters.ts';
import * as repo from './repository.ts';
import type { BuildingTable, GridGeometry, PersonTable } from './tables.ts';
import { parseTagList } from './tags.ts';

export const IMPORT_TASK = 'org.import';
const PROGRESS_EVERY = 2000;
/** How long a worker holds an import before another may take it over; renewed with progress. */
const LEASE_MS = 10 * 60_000;

type ClaimedJob = NonNullable<Awaited<ReturnType<typeof repo.importJobById>>>;

export class ImportService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly limits: { maxBytes: number; maxRows: number; timeZone: string },
    /** Told when an import added divisions (the org's structure changed). */
    private readonly onDivisionsAdded: () => void = () => {},
  ) {}

  /** Accepts a file: checks its header now, queues the rows for checking and writing. */
  async start(ctx: RequestContext, kind: ImportKind, fileName: string, bytes: Uint8Array) {
    // Streets and communities are made only by those who may make divisions.
    const scope = requirePermission(ctx.actor, kind === 'divisions' ? 'org.division.write' : 'org.import');
    if (bytes.byteLength > this.limits.maxBytes)
      throw new AppError('payload_too_large', { limit: `${Math.round(this.limits.maxBytes / 1048576)} MB` });
    // An Excel workbook is read into the CSV text the rest of the import works on.
    const xlsx = isXlsx(bytes);
    if (!xlsx && bytes.includes(0)) throw new AppError('unsupported_media_type');
    const text = xlsx ? await xlsxToCsv(bytes) : decodeCsv(bytes);
    const header = await parseHeader(firstLine(text));
    const { missing } = headerIndex(kind, header);
    if (missing.length) {
      throw new AppError('validation_failed', {}, [
        { path: 'file', key: 'import.missing_columns', params: { columns: missing.join(', ') } },
      ]);
    }
    const actor = ctx.actor!;
    const id = await this.db.transaction().execute(async (trx) => {
      const jobId = await repo.insertImportJob(trx, {
        kind,
        file_name: fileName.slice(0, 200),
        content: text,
        scope: JSON.stringify({ divisionIds: scope.divisionIds, gridIds: scope.gridIds, home: actor.home ?? null }),
        created_by: actor.userId,
        created_by_name: actor.username,
        locale: ctx.locale,
        row_errors: '[]',
        created_at: this.clock.now(),
      });
      await this.jobs.enqueue(IMPORT_TASK, { jobId }, trx);
      await this.audit.record(trx, ctx, {
        action: 'org.import.create',
        entityType: 'import',
        entityId: jobId,
        details: { kind, fileName, bytes: bytes.byteLength },
      });
      return jobId;
    });
    this.jobs.wake(IMPORT_TASK);
    return this.get(ctx, id);
  }

  /** The template, its example row filled with a real community and building of the caller's. */
  async template(ctx: RequestContext, kind: ImportKind) {
    const scope = requirePermission(ctx.actor, 'org.import');
    const example = await repo.exampleCommunityAndBuilding(this.db, scope.divisionIds);
    return importTemplate(kind, {
      communityCode: example?.code ?? '330105901001',
      buildingName: example?.building_name ?? '1幢',
      countyCode: (await repo.firstCountyCode(this.db, scope.divisionIds)) ?? '330105',
    });
  }

  /** The template as an Excel workbook, its columns formatted as text. */
  async templateXlsx(ctx: RequestContext, kind: ImportKind) {
    return xlsxTemplate(
      await this.template(ctx, kind),
      { persons: '人员', buildings: '楼栋', divisions: '区划' }[kind],
    );
  }

  async get(ctx: RequestContext, id: number) {
    requirePermission(ctx.actor, 'org.import');
    const job = await repo.importJobById(this.db, id);
    assertOwnImport(ctx.actor!, job);
    return presentImportJob(job!);
  }

  async list(ctx: RequestContext, cursor: string | undefined, limit: number) {
    requirePermission(ctx.actor, 'org.import');
    const rows = await repo.listImportJobs(this.db, ctx.actor!.userId, decodeCursor(cursor), limit);
    return toPage(rows, limit, presentImportJob, (r) => ({ sort: null, id: r.id }));
  }

  /**
   * Runs an accepted import: check every row, then write all of them in one transaction
   * or none. The job is claimed with a lease first, so a second delivery of the same job
   * (a retry after a crash, an expired queue entry) cannot run it alongside; and its end
   * state is written in the same transaction as its rows, so it is never applied twice.
   */
  async process(jobId: number): Promise<void> {
    const now = this.clock.now();
    const claimed = await repo.claimImportJob(this.db, jobId, now, new Date(now.getTime() + LEASE_MS));
    if (claimed === 'done') return;
    if (claimed === 'busy') throw new Error(`import ${jobId} is being run by another worker`);
    const job = claimed;
    const locale = job.locale;
    const errors = new RowErrors(locale);
    try {
      const rows = await this.readRows(job, errors);
      if (errors.count === 0) {
        const plan =
          job.kind === 'persons'
            ? await this.checkPersons(job, rows, errors)
            : job.kind === 'divisions'
              ? await checkDivisions(this.db, job.scope as Scope, rows, errors, this.clock.now())
              : await this.checkBuildings(job, rows, errors);
        if (errors.count === 0) {
          await repo.updateImportJob(this.db, jobId, { status: 'writing', processed_rows: rows.length });
          await this.db.transaction().execute(async (trx) => {
            const counts = await plan(trx);
            await this.audit.record(trx, importContext(job), {
              action: 'org.import.apply',
              entityType: 'import',
              entityId: jobId,
              details: { kind: job.kind, fileName: job.file_name, ...counts },
            });
            await repo.updateImportJob(trx, jobId, {
              status: 'succeeded',
              inserted_rows: counts.inserted,
              updated_rows: counts.updated,
              content: null,
              finished_at: this.clock.now(),
            });
          });
          if (job.kind === 'divisions') this.onDivisionsAdded();
          return;
        }
      }
      await repo.updateImportJob(this.db, jobId, {
        status: 'failed',
        row_errors: errors.list.sort((a, b) => a.row - b.row),
        error_count: errors.count,
        failure: null,
        content: null,
        finished_at: this.clock.now(),
      });
    } catch (error) {
      // The file is dropped on failure too: it holds personal data nobody will use now.
      await repo.updateImportJob(this.db, jobId, {
        status: 'failed',
        failure:
          error instanceof AppError
            ? translate(locale, error.code, error.params)
            : translate(locale, 'import.write_failed'),
        content: null,
        finished_at: this.clock.now(),
      });
    }
  }

  private async readRows(job: ClaimedJob, errors: RowErrors): Promise<ParsedRow[]> {
    const parser = parse(job.content!, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      max_record_size: 64_000,
    });
    const rows: ParsedRow[] = [];
    let index: Map<string, number> | null = null;
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
        if (!index) {
          const h = headerIndex(job.kind, record);
          if (h.missing.length) {
            errors.add(1, undefined, 'import.missing_columns', { columns: h.missing.join(', ') });
            return [];
          }
          index = h.index;
          continue;
        }
        if (record.every((v) => v === '')) continue;
        const values = new Map<string, string>();
        for (const [key, at] of index) values.set(key, record[at] ?? '');
        rows.push({ line: info.lines, values });
        if (rows.length > this.limits.maxRows) {
          errors.add(info.lines, undefined, 'import.too_many_rows', { limit: this.limits.maxRows });
          return [];
        }
      }
    } catch (e) {
      errors.add((e as { lines?: number }).lines ?? 0, undefined, 'import.unparsable', {
        reason: (e as Error).message,
      });
      return [];
    }
    if (rows.length === 0) errors.add(2, undefined, 'import.empty');
    await repo.updateImportJob(this.db, job.id, { total_rows: rows.length });
    return rows;
  }

  private async progress(jobId: number, done: number) {
    // Checking rows is CPU work; let requests (the progress polls among them) in now and then.
    if (done % 500 === 0) await new Promise((resolve) => setImmediate(resolve));
    if (done % PROGRESS_EVERY === 0) {
      await repo.updateImportJob(this.db, jobId, {
        processed_rows: done,
        lease_until: new Date(this.clock.now().getTime() + LEASE_MS),
      });
    }
  }

  private async lookups(rows: ParsedRow[]) {
    const communityCodes = [...new Set(rows.map((r) => r.values.get('community_code')!).filter(Boolean))];
    const communities = new Map(
      (await repo.divisionsByCodes(this.db, communityCodes))
        .filter((d) => d.level === 'community')
        .map((d) => [d.code, d]),
    );
    const gridCodes = [...new Set(rows.map((r) => r.values.get('grid_code') ?? '').filter(Boolean))];
    const grids = new Map((await repo.gridsByCodes(this.db, gridCodes)).map((g) => [g.code, g]));
    const buildings = await repo.buildingsOfCommunities(
      this.db,
      [...communities.values()].map((c) => c.id),
    );
    const buildingByName = new Map(buildings.map((b) => [`${b.community_id}|${b.name}`, b]));
    return { communities, grids, buildingByName, buildings };
  }

  private async checkPersons(
    job: ClaimedJob,
    rows: ParsedRow[],
    errors: RowErrors,
  ): Promise<(trx: Executor) => Promise<{ inserted: number; updated: number }>> {
    const scope = job.scope as Scope;
    const { communities, grids, buildingByName } = await this.lookups(rows);
    const today = localParts(this.clock.now(), this.limits.timeZone).date;
    const idNumbers = rows
      .map((r) => normalizeIdNumber(r.values.get('id_number') ?? '', today))
      .filter((v): v is string => v !== null);
    const existing = new Map((await repo.personsByIdNumbers(this.db, idNumbers)).map((p) => [p.id_number!, p]));
    const seenIdNumber = new Map<string, number>();

    type Planned = {
      line: number;
      existingId: number | null;
      person: Omit<Insertable<PersonTable>, 'household_id' | 'created_at' | 'updated_at'>;
      patch: repo.PersonImportPatch;
      household: { buildingId: number; unitName: string | null; room: string; floorArea: number | null } | null;
    };
    const planned: Planned[] = [];

    for (const [i, row] of rows.entries()) {
      const v = (key: string) => row.values.get(key) ?? '';
      const line = row.line;
      const before = errors.count;
      const name = v('name');
      if (!name) errors.add(line, '姓名', 'field.required');
      else if (name.length > 60) errors.add(line, '姓名', 'field.invalid');

      const community = communities.get(v('community_code'));
      if (!v('community_code')) errors.add(line, '社区编码', 'field.required');
      else if (!community) errors.add(line, '社区编码', 'import.unknown_community', { value: v('community_code') });

      let gridId: number | null = null;
      if (v('grid_code')) {
        const grid = grids.get(v('grid_code'));
        if (!grid || (community && grid.community_id !== community.id))
          errors.add(line, '网格编码', 'import.unknown_grid', { value: v('grid_code') });
        else gridId = grid.id;
      }

      let buildingId: number | null = null;
      if (v('building') && community) {
        const building = buildingByName.get(`${community.id}|${v('building')}`);
        if (!building) errors.add(line, '楼栋', 'import.unknown_building', { value: v('building') });
        else {
          buildingId = building.id;
          gridId ??= building.grid_id;
        }
      }
      if (community && !covers(scope, { divisionId: community.id, gridId })) {
        errors.add(line, '社区编码', 'import.out_of_scope', { value: community.name });
      }

      let idNumber: string | null = null;
      if (v('id_number')) {
        idNumber = normalizeIdNumber(v('id_number'), today);
        if (!idNumber) errors.add(line, '身份证号', 'import.bad_id_number', { value: maskIdNumber(v('id_number'))! });
        else {
          const other = seenIdNumber.get(idNumber);
          if (other !== undefined)
            errors.add(line, '身份证号', 'import.duplicate_in_file', { other, field: '身份证号' });
          else seenIdNumber.set(idNumber, line);
          const found = existing.get(idNumber);
          if (found && !covers(scope, { divisionId: found.community_id, gridId: found.grid_id })) {
            errors.add(line, '身份证号', 'import.id_number_taken');
          }
        }
      }
      let phone: string | null = null;
      if (v('phone')) {
        phone = normalizePhone(v('phone'));
        if (!phone) errors.add(line, '手机号', 'import.bad_phone', { value: maskPhone(v('phone'))! });
      }
      let gender: 'male' | 'female' | 'unknown' = idNumber ? genderFromIdNumber(idNumber) : 'unknown';
      if (v('gender')) {
        const g = GENDERS[v('gender').toLowerCase()];
        if (!g) errors.add(line, '性别', 'import.bad_gender', { value: v('gender') });
        else gender = g;
      }
      let birthDate: string | null = idNumber ? birthDateFromIdNumber(idNumber) : null;
      if (v('birth_date')) {
        const d = v('birth_date')
          .replace(/[/.]/g, '-')
          .replace(/^(\d{4})-(\d)-/, '$1-0$2-')
          .replace(/-(\d)$/, '-0$1');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d)) || d > today)
          errors.add(line, '出生日期', 'import.bad_date', { value: v('birth_date') });
        else birthDate = d;
      }
      let isOwner = false;
      const owner = v('is_owner').toLowerCase();
      if (YES.has(owner)) isOwner = true;
      else if (!NO.has(owner)) errors.add(line, '是否业主', 'field.invalid');
      let floorArea: number | null = null;
      if (v('floor_area')) {
        floorArea = Number(v('floor_area'));
        if (!Number.isFinite(floorArea) || floorArea <= 0 || floorArea > 100_000)
          errors.add(line, '房屋面积', 'import.bad_number', { value: v('floor_area') });
      }
      if (v('room') && !buildingId && !v('building')) errors.add(line, '楼栋', 'field.required');

      if (errors.count === before && community) {
        const existingId = idNumber ? (existing.get(idNumber)?.id ?? null) : null;
        const given = (key: string) => v(key) !== '';
        planned.push({
          line,
          existingId,
          person: {
            community_id: community.id,
            grid_id: gridId,
            building_id: buildingId,
            name,
            gender,
            birth_date: birthDate,
            id_number: idNumber,
            phone,
            tags: parseTagList(v('tags')),
            is_owner: isOwner,
            address: v('address').slice(0, 200),
            note: v('note').slice(0, 1000),
          },
          // Someone already registered keeps whatever the file leaves out or leaves empty.
          patch: {
            community_id: community.id,
            grid_id: given('grid_code') || given('building') ? gridId : null,
            building_id: given('building') ? buildingId : null,
            name,
            gender: given('gender') || idNumber ? gender : null,
            birth_date: given('birth_date') || idNumber ? birthDate : null,
            phone: given('phone') ? phone : null,
            tags: given('tags') ? parseTagList(v('tags')) : null,
            is_owner: given('is_owner') ? isOwner : null,
            address: given('address') ? v('address').slice(0, 200) : null,
            note: given('note') ? v('note').slice(0, 1000) : null,
          },
          household:
            buildingId && v('room') ? { buildingId, unitName: v('unit') || null, room: v('room'), floorArea } : null,
        });
      }
      await this.progress(job.id, i + 1);
    }

    return async (trx) => {
      const now = this.clock.now();
      const householdIds = await repo.bulkEnsureHouseholds(
        trx,
        planned.filter((p) => p.household).map((p) => p.household!),
        now,
      );
      const householdOf = (p: Planned) =>
        p.household
          ? householdIds.get(repo.householdKey(p.household.buildingId, p.household.unitName, p.household.room))!
          : null;
      await repo.setHouseholdAreas(
        trx,
        planned
          .filter((p) => p.household?.floorArea)
          .map((p) => ({ id: householdOf(p)!, area: p.household!.floorArea! })),
      );
      const inserts = planned
        .filter((p) => p.existingId === null)
        .map((p) => ({ ...p.person, household_id: householdOf(p), created_at: now, updated_at: now }));
      const updates = planned
        .filter((p) => p.existingId !== null)
        .map((p) => ({ ...p.patch, id: p.existingId!, household_id: householdOf(p) }));
      await repo.insertPersons(trx, inserts);
      await repo.patchPersonsFromImport(trx, updates, now);
      return { inserted: inserts.length, updated: updates.length };
    };
  }

  private async checkBuildings(
    job: ClaimedJob,
    rows: ParsedRow[],
    errors: RowErrors,
  ): Promise<(trx: Executor) => Promise<{ inserted: number; updated: number }>> {
    const scope = job.scope as Scope;
    const { communities, grids, buildingByName } = await this.lookups(rows);
    const communityGrids = await repo.gridShapesOfCommunities(
      this.db,
      [...communities.values()].map((c) => c.id),
    );
    const seen = new Map<string, number>();
    const inserts: Array<{ line: number; row: Omit<Insertable<BuildingTable>, 'created_at' | 'updated_at'> }> = [];
    const updates: Array<{ id: number; patch: Partial<Insertable<BuildingTable>> }> = [];
    const seenCodes = new Map<string, number>();
    for (const [i, row] of rows.entries()) {
      const v = (key: string) => row.values.get(key) ?? '';
      const line = row.line;
      const before = errors.count;
      const community = communities.get(v('community_code'));
      if (!v('community_code')) errors.add(line, '社区编码', 'field.required');
      else if (!community) errors.add(line, '社区编码', 'import.unknown_community', { value: v('community_code') });
      const name = v('name');
      if (!name) errors.add(line, '楼栋名称', 'field.required');
      else if (name.length > 60) errors.add(line, '楼栋名称', 'field.invalid');
      let gridId: number | null = null;
      if (v('grid_code')) {
        const grid = grids.get(v('grid_code'));
        if (!grid || (community && grid.community_id !== community.id))
          errors.add(line, '网格编码', 'import.unknown_grid', { value: v('grid_code') });
        else gridId = grid.id;
      }
      if (community && !covers(scope, { divisionId: community.id, gridId }))
        errors.add(line, '社区编码', 'import.out_of_scope', { value: community.name });
      const key = `${community?.id}|${name}`;
      const other = seen.get(key);
      if (community && name && other !== undefined)
        errors.add(line, '楼栋名称', 'import.duplicate_in_file', { other, field: '楼栋名称' });
      else seen.set(key, line);
      const code = v('code');
      if (code) {
        const otherCode = seenCodes.get(code);
        if (otherCode !== undefined)
          errors.add(line, '楼栋编码', 'import.duplicate_in_file', { other: otherCode, field: '楼栋编码' });
        else seenCodes.set(code, line);
      }
      let kind: 'residential' | 'commercial' | 'mixed' | 'public' | 'industrial' = 'residential';
      if (v('kind')) {
        const k = KIND_WORDS[v('kind').toLowerCase()];
        if (!k) errors.add(line, '类型', 'field.invalid');
        else kind = k;
      }
      let floors: number | null = null;
      if (v('floors')) {
        floors = Number(v('floors'));
        if (!Number.isInteger(floors) || floors < 1 || floors > 200)
          errors.add(line, '层数', 'import.bad_number', { value: v('floors') });
      }
      let lat: number | null = null;
      let lng: number | null = null;
      if (v('lat') || v('lng')) {
        lat = Number(v('lat'));
        lng = Number(v('lng'));
        if (!v('lat') || !v('lng') || !Number.isFinite(lat) || !Number.isFinite(lng) || !withinChina(lat, lng)) {
          errors.add(line, '纬度', 'import.bad_number', { value: `${v('lat')},${v('lng')}` });
        }
      }
      if (errors.count === before && community) {
        const found = buildingByName.get(key);
        // A building without a grid goes to the grid of its community that holds its location.
        if (gridId === null && lat !== null && lng !== null) {
          gridId =
            communityGrids.find(
              (g) =>
                g.community_id === community.id &&
                g.kind !== 'mobile' &&
                g.polygon &&
                containsPoint(g.polygon as GridGeometry, lat!, lng!),
            )?.id ?? null;
        }
        if (found) {
          // A building already there keeps whatever the file leaves empty.
          const patch: Partial<Insertable<BuildingTable>> = {};
          if (gridId !== null) patch.grid_id = gridId;
          if (v('address')) patch.address = v('address').slice(0, 200);
          if (v('kind')) patch.kind = kind;
          if (floors !== null) patch.floors = floors;
          if (lat !== null && lng !== null) Object.assign(patch, { lat, lng });
          updates.push({ id: found.id, patch });
        } else {
          inserts.push({
            line,
            row: {
              community_id: community.id,
              name,
              code: code || `${community.code}-${name}`,
              grid_id: gridId,
              address: v('address').slice(0, 200),
              kind,
              floors,
              lat,
              lng,
            },
          });
        }
      }
      await this.progress(job.id, i + 1);
    }
    // A new building's code must not be another building's already.
    const taken = new Set(
      (
        await repo.buildingCodesTaken(
          this.db,
          inserts.map((b) => b.row.code),
        )
      ).map((b) => b.code),
    );
    for (const b of inserts)
      if (taken.has(b.row.code)) errors.add(b.line, '楼栋编码', 'import.code_taken', { value: b.row.code });
    return async (trx) => {
      const now = this.clock.now();
      for (let i = 0; i < inserts.length; i += 1000)
        await repo.insertBuildings(
          trx,
          inserts.slice(i, i + 1000).map((b) => ({ ...b.row, created_at: now, updated_at: now })),
        );
      for (const { id, patch } of updates) await repo.updateBuilding(trx, id, patch, now);
      return { inserted: inserts.length, updated: updates.length };
    };
  }
}

function importContext(job: {
  created_by: number;
  created_by_name: string;
  locale: Locale;
  scope: { home?: OrgPlace | null };
}): RequestContext {
  const actor: Actor = {
    userId: job.created_by,
    username: job.created_by_name,
    displayName: job.created_by_name,
    locale: job.locale,
    personId: null,
    grants: [],
    home: job.scope.home ?? null,
  };
  return { actor, locale: job.locale, ip: null, userAgent: 'import', requestId: null };
}
