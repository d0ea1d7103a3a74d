import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { requireActor, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import type { RequestContext } from '../../platform/context.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { loadExcelJS } from '../../platform/exceljs.ts';
import { translate } from '../../platform/i18n.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import { presentExport } from './presenters.ts';
import * as repo from './repository.ts';
import { cellFormat, PAGING_KEYS, type ExportSource } from './source.ts';

export const EXPORT_TASK = 'exports.write';
/** Rows fetched from the list per page while writing. */
const PAGE_ROWS = 500;
/** Progress (and the worker's lease) is written every so many rows. */
export const PROGRESS_EVERY = 2000;
/** How long a worker holds an export before another may take it over; renewed with progress. */
const LEASE_MS = 10 * 60_000;

export interface ExportOptions {
  /** DATA_DIR: files go under its exports/ folder. */
  dataDir: string;
  maxRows: number;
  ttlHours: number;
  timeZone: string;
}

/**
 * Exports (导出): a list with its filters, written to an .xlsx file in the background.
 *
 * Accepting checks the kind, the filters (the list's own query schema) and the caller's right
 * to read the list (by asking it for its total), then queues a task in the same transaction as
 * the job's row and the audit record, so an accepted export is never lost. The task pages
 * through the list as the caller (their current grants), streaming rows into the workbook
 * without holding them, and writes its progress every few thousand rows.
 */
export class ExportsService {
  // biome-ignore lint/suspicious/noExplicitAny: each source names its own filters and items
  private readonly sources = new Map<string, ExportSource<any, any>>();

  constructor(
    private readonly db: Kysely<DB>,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly jobs: Jobs,
    private readonly options: ExportOptions,
    /** The asking user as an actor now (null once disabled): exports run with their current rights. */
    private readonly actorOf: (userId: number) => Promise<Actor | null>,
  ) {}

  /** A module makes one of its lists exportable. */
  register<F, I>(source: ExportSource<F, I>) {
    if (this.sources.has(source.kind)) throw new Error(`export source ${source.kind} registered twice`);
    this.sources.set(source.kind, source);
  }

  kinds(ctx: RequestContext) {
    requireActor(ctx.actor);
    return {
      items: [...this.sources.values()].map((s) => ({
        kind: s.kind,
        title: s.title[ctx.locale],
        columns: s.columns.map((c) => c.header[ctx.locale]),
      })),
    };
  }

  async start(ctx: RequestContext, body: { kind: string; filters: Record<string, unknown> }) {
    const actor = requireActor(ctx.actor);
    const source = this.sources.get(body.kind);
    if (!source) throw invalid('body.kind', 'export.unknown_kind', { value: body.kind.slice(0, 40) });
    const filters = parseFilters(source, body.filters);
    // The list answers as it would to the caller: a 403 for one who may not read it.
    const first = await source.page(ctx, filters, { cursor: undefined, limit: 1, withTotal: true });
    const total = first.total ?? null;
    if (total !== null && total > this.options.maxRows)
      throw invalid('body.filters', 'export.too_many_rows', { total, limit: this.options.maxRows });
    const now = this.clock.now();
    const local = localParts(now, this.options.timeZone);
    const fileName = `${source.title[ctx.locale]}_${local.date.replaceAll('-', '')}-${local.time.replace(':', '')}.xlsx`;
    const id = await this.db.transaction().execute(async (trx) => {
      const jobId = await repo.insertJob(trx, {
        user_id: actor.userId,
        kind: source.kind,
        filters: JSON.stringify(body.filters),
        locale: ctx.locale,
        status: 'queued',
        rows_total: total,
        file_name: fileName,
        created_at: now,
      });
      await this.jobs.enqueue(EXPORT_TASK, { jobId }, trx);
      await this.audit.record(trx, ctx, {
        action: 'export.create',
        entityType: 'export',
        entityId: jobId,
        details: { kind: source.kind, filters: body.filters, rowsTotal: total },
      });
      return jobId;
    });
    this.jobs.wake(EXPORT_TASK);
    return presentExport((await repo.jobById(this.db, id))!);
  }

  async list(ctx: RequestContext, cursor: string | undefined, limit: number) {
    const actor = requireActor(ctx.actor);
    const rows = await repo.jobsOf(this.db, actor.userId, decodeCursor(cursor), limit);
    return toPage(rows, limit, presentExport, (r) => ({ sort: null, id: r.id }));
  }

  /** One's own export; anyone else's is not found. */
  async get(ctx: RequestContext, id: number) {
    return presentExport(await this.own(ctx, id));
  }

  /** The finished file to download, with the download audited. */
  async file(ctx: RequestContext, id: number) {
    const job = await this.own(ctx, id);
    if (job.status !== 'done' || !job.file_path) throw new AppError('conflict', {}, [{ key: 'export.not_ready' }]);
    const file = path.join(this.options.dataDir, job.file_path);
    if (!fs.existsSync(file)) throw new AppError('not_found');
    await this.audit.record(this.db, ctx, {
      action: 'export.download',
      entityType: 'export',
      entityId: job.id,
      details: { kind: job.kind, rows: job.rows_written },
    });
    return { fileName: job.file_name, bytes: job.file_bytes, stream: fs.createReadStream(file) };
  }

  private async own(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const job = await repo.jobById(this.db, id);
    if (!job || job.user_id !== actor.userId) throw new AppError('not_found');
    return job;
  }

  /**
   * Writes an accepted export. Claimed with a lease first, so a second delivery of the same
   * task cannot write alongside; a run cut short (the server stopped) is started again from
   * the first row once its lease has passed. Failures end the job with the reason in words.
   */
  async process(jobId: number): Promise<void> {
    const now = this.clock.now();
    const claimed = await repo.claimJob(this.db, jobId, now, new Date(now.getTime() + LEASE_MS));
    if (claimed === 'done') return;
    if (claimed === 'busy') throw new Error(`export ${jobId} is being written by another worker`);
    const job = claimed;
    const relative = path.join('exports', `${job.id}-${job.created_at.getTime()}.xlsx`);
    const file = path.join(this.options.dataDir, relative);
    const partial = `${file}.part`;
    try {
      const actor = await this.actorOf(job.user_id);
      if (!actor) throw new AppError('forbidden', {}, [{ key: 'export.user_gone' }]);
      const ctx: RequestContext = { actor, locale: job.locale, ip: null, userAgent: 'export', requestId: null };
      const source = this.sources.get(job.kind);
      if (!source) throw invalid('kind', 'export.unknown_kind', { value: job.kind });
      const filters = parseFilters(source, job.filters as Record<string, unknown>);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      const rows = await this.write(job.id, source, ctx, filters, partial);
      await fs.promises.rename(partial, file);
      const bytes = (await fs.promises.stat(file)).size;
      const finished = this.clock.now();
      await this.db.transaction().execute(async (trx) => {
        await repo.updateJob(trx, job.id, {
          status: 'done',
          rows_written: rows,
          file_path: relative,
          file_bytes: bytes,
          lease_until: null,
          finished_at: finished,
          expires_at: new Date(finished.getTime() + this.options.ttlHours * 3_600_000),
        });
        await this.audit.record(trx, ctx, {
          action: 'export.done',
          entityType: 'export',
          entityId: job.id,
          details: { kind: job.kind, filters: job.filters, rows },
        });
      });
    } catch (error) {
      await fs.promises.rm(partial, { force: true });
      const reason =
        error instanceof AppError
          ? error.details[0]?.key
            ? translate(job.locale, error.details[0].key, error.details[0].params)
            : translate(job.locale, error.code, error.params)
          : translate(job.locale, 'export.write_failed');
      await repo.updateJob(this.db, job.id, {
        status: 'failed',
        failure: reason,
        lease_until: null,
        finished_at: this.clock.now(),
      });
    }
  }

  /** Streams the list's rows into the workbook: each row is written out as it comes. */
  private async write<F, I>(
    jobId: number,
    source: ExportSource<F, I>,
    ctx: RequestContext,
    filters: F,
    file: string,
  ): Promise<number> {
    const ExcelJS = await loadExcelJS();
    const output = fs.createWriteStream(file);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output,
      useSharedStrings: false,
      useStyles: true,
    });
    workbook.creator = 'Gongzhi 共治';
    workbook.created = this.clock.now();
    const sheet = workbook.addWorksheet(source.title[ctx.locale].slice(0, 31), {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    sheet.columns = source.columns.map((c) => ({ header: c.header[ctx.locale], key: c.key, width: c.width ?? 16 }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    const format = cellFormat(ctx.locale, this.options.timeZone);
    let written = 0;
    let cursor: string | undefined;
    do {
      const page = await source.page(ctx, filters, { cursor, limit: PAGE_ROWS, withTotal: false });
      for (const item of page.items) {
        if (written >= this.options.maxRows) break;
        sheet.addRow(source.columns.map((c) => c.value(item, format) ?? null)).commit();
        written += 1;
        if (written % PROGRESS_EVERY === 0) {
          await repo.updateJob(this.db, jobId, {
            rows_written: written,
            lease_until: new Date(this.clock.now().getTime() + LEASE_MS),
          });
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && written < this.options.maxRows);
    sheet.commit();
    const closed = once(output, 'close');
    await workbook.commit();
    await closed;
    return written;
  }

  /**
   * Timed upkeep: files past their time are removed (the job stays as the record), and
   * exports whose worker stopped mid-way are queued again.
   */
  async upkeep(now: Date) {
    for (const job of await repo.expiredJobs(this.db, now)) {
      if (job.file_path) await fs.promises.rm(path.join(this.options.dataDir, job.file_path), { force: true });
      await repo.updateJob(this.db, job.id, { status: 'expired', file_path: null });
    }
    const abandoned = await repo.abandonedJobs(this.db, now);
    for (const job of abandoned) await this.jobs.enqueue(EXPORT_TASK, { jobId: job.id });
    if (abandoned.length) this.jobs.wake(EXPORT_TASK);
  }
}

/**
 * The filters as the list's query schema reads them. Paging is the export's own; a key the
 * list does not know is refused rather than ignored, so a misspelt filter cannot widen an export.
 */
function parseFilters<F>(source: ExportSource<F, unknown>, filters: Record<string, unknown>): F {
  const known = (source.filters as unknown as { shape?: Record<string, unknown> }).shape;
  for (const key of Object.keys(filters)) {
    if ((PAGING_KEYS as readonly string[]).includes(key) || (known && !(key in known)))
      throw invalid(`body.filters.${key}`, 'export.unknown_filter', { value: key });
  }
  const parsed = source.filters.safeParse(filters);
  if (!parsed.success) {
    throw new AppError(
      'validation_failed',
      {},
      parsed.error.issues.map((issue) => ({
        path: ['body', 'filters', ...issue.path.map(String)].join('.'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}
