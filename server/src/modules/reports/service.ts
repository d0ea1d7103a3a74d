import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../../db/schema.ts';
import { requireActor, requirePermission, type Actor } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { systemContext, type RequestContext } from '../../platform/context.ts';
import { AppError, invalid, isUniqueViolation } from '../../platform/errors.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { localParts } from '../../platform/local-time.ts';
import { decodeCursor, toPage } from '../../platform/pagination.ts';
import type { AuditService } from '../audit/service.ts';
import type { MattersService } from '../matters/service.ts';
import type { MediationService } from '../mediation/service.ts';
import type { OrgService } from '../org/service.ts';
import { mayGenerate, readableUnits, readGrantDivisions } from './access.ts';
import { areaChart, categoryChart, trendChart } from './charts.ts';
import { collectFigures } from './figures.ts';
import { renderHtml, reportTitle, type ReportMeta } from './html.ts';
import { monthEnded, monthOf, previousMonth } from './month.ts';
import { loadFont, renderPdf, type ReportFont } from './pdf.ts';
import { presentReport } from './presenters.ts';
import * as repo from './repository.ts';
import type * as S from './schema.ts';
import type { ReportUnitKind } from './tables.ts';

export const REPORT_TASK = 'reports.generate';
/** How long a worker holds a generation before another delivery may take it over. */
const LEASE_MS = 10 * 60_000;

export interface ReportsDeps {
  db: Kysely<DB>;
  clock: Clock;
  audit: AuditService;
  jobs: Jobs;
  org: OrgService;
  matters: MattersService;
  mediation: MediationService;
  options: {
    timeZone: string;
    /** REPORT_FONT_PATH, REPORT_FONT_NAME */
    font: ReportFont;
  };
}

interface Unit {
  id: number;
  name: string;
  kind: ReportUnitKind;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Monthly reports (月度通报) of a street or district: the month's figures from the modules'
 * own statistics (matters, mediation) with 环比, charts drawn on the server (ECharts SSR), a
 * printable HTML document and a PDF, kept in the database. A job makes last month's for every
 * street and district early on the first of the month; staff may generate one again, which
 * adds a version and keeps the earlier one (a 通报 once circulated is not silently changed).
 */
export class ReportsService {
  constructor(private readonly deps: ReportsDeps) {}

  // ----- reading -----

  /** The units (streets and districts) whose reports the caller reads, and where they may generate. */
  private async readable(actor: Actor): Promise<number[]> {
    const scope = requirePermission(actor, 'reports.read');
    const granted = readGrantDivisions(actor);
    const [streets, districts] = await Promise.all([
      this.deps.org.enclosingAt(granted, 'street'),
      this.deps.org.enclosingAt(granted, 'district'),
    ]);
    return readableUnits(
      scope,
      [...streets.values(), ...districts.values()].map((u) => u.id),
    );
  }

  async units(ctx: RequestContext): Promise<z.infer<typeof S.ReportUnits>> {
    const actor = requireActor(ctx.actor);
    const ids = await this.readable(actor);
    const { divisions } = await this.deps.org.grantableUnits({ divisionIds: ids });
    const items = [...divisions.values()]
      .filter((d) => d.level === 'street' || d.level === 'district')
      .map((d) => ({
        id: d.id,
        name: d.name,
        kind: d.level as ReportUnitKind,
        canGenerate: mayGenerate(actor, d.id),
      }))
      .sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'district' ? -1 : 1));
    return { items };
  }

  async list(ctx: RequestContext, q: z.infer<typeof S.ReportListQuery>) {
    const actor = requireActor(ctx.actor);
    const filter: repo.ReportFilter = {
      divisionIds: await this.readable(actor),
      divisionId: q.divisionId,
      month: q.month,
      unitKind: q.unitKind,
      status: q.status,
      allVersions: q.allVersions,
    };
    const rows = await repo.listReports(this.deps.db, filter, decodeCursor(q.cursor), q.limit);
    const page = toPage(
      rows,
      q.limit,
      (r) => presentReport(r, mayGenerate(actor, r.division_id)),
      (r) => ({ sort: r.month, id: r.id }),
    );
    return q.withTotal ? { ...page, total: await repo.countReports(this.deps.db, filter) } : page;
  }

  /** A report the caller reads; any other answers not found, as a missing one does. */
  private async visible(ctx: RequestContext, id: number) {
    const actor = requireActor(ctx.actor);
    const report = await repo.reportById(this.deps.db, id);
    if (!report || !(await this.readable(actor)).includes(report.division_id)) throw new AppError('not_found');
    return { actor, report };
  }

  async get(ctx: RequestContext, id: number) {
    const { actor, report } = await this.visible(ctx, id);
    return presentReport(report, mayGenerate(actor, report.division_id));
  }

  /** The printable HTML or the PDF, the read audited. */
  async file(ctx: RequestContext, id: number, kind: 'html' | 'pdf') {
    const { report } = await this.visible(ctx, id);
    if (report.status !== 'done') throw new AppError('conflict', {}, [{ key: 'report.not_ready' }]);
    if (kind === 'pdf' && report.pdf_bytes === null)
      throw new AppError('conflict', {}, [
        { key: 'report.no_pdf', params: { reason: report.pdf_note ?? '' }, path: 'pdf' },
      ]);
    const file = await repo.fileOf(this.deps.db, report.id, kind);
    if (!file) throw new AppError('not_found');
    await this.deps.audit.record(this.deps.db, ctx, {
      action: 'report.download',
      entityType: 'report',
      entityId: report.id,
      place: { divisionId: report.division_id, gridId: null },
      details: { format: kind, unit: report.unit_name, month: report.month, version: report.version },
    });
    const name = `${reportTitle({ unit: { id: report.division_id, name: report.unit_name, kind: report.unit_kind }, month: report.month })}${report.version > 1 ? `（第${report.version}版）` : ''}.${kind}`;
    return {
      content: file.content,
      fileName: name,
      asciiName: `report-${report.month}-${report.division_id}-v${report.version}.${kind}`,
    };
  }

  // ----- making -----

  /** A street or district by id, or a 400 naming the field. */
  private async unitOf(divisionId: number, path: string): Promise<Unit> {
    const d = (await this.deps.org.grantableUnits({ divisionIds: [divisionId] })).divisions.get(divisionId);
    if (!d) throw invalid(path, 'input.unknown_reference');
    if (d.level !== 'street' && d.level !== 'district') throw invalid(path, 'report.not_unit');
    return { id: d.id, name: d.name, kind: d.level };
  }

  /**
   * Generate (again) a unit's report of an ended month: queued as a task and answered at once
   * (202); the caller follows its status. One generation at a time per unit and month.
   */
  async generate(ctx: RequestContext, body: z.infer<typeof S.GenerateReportBody>) {
    const actor = requireActor(ctx.actor);
    requirePermission(actor, 'reports.generate');
    const unit = await this.unitOf(body.divisionId, 'body.divisionId');
    if (!(await this.readable(actor)).includes(unit.id)) throw new AppError('not_found');
    if (!mayGenerate(actor, unit.id)) throw new AppError('forbidden');
    const now = this.deps.clock.now();
    if (!monthEnded(body.month, now, this.deps.options.timeZone))
      throw invalid('body.month', 'report.month_not_over', { month: body.month });
    const row = await this.queue(unit, body.month, 'manual', ctx);
    if (!row) throw new AppError('conflict', {}, [{ key: 'report.in_progress' }]);
    this.deps.jobs.wake(REPORT_TASK);
    return presentReport(row, true);
  }

  /** Stores a queued report and its task (and the audit record) together; null when one is already under way. */
  private async queue(unit: Unit, month: string, trigger: 'schedule' | 'manual', ctx: RequestContext) {
    const { db, clock, audit, jobs } = this.deps;
    try {
      return await db.transaction().execute(async (trx) => {
        const row = await repo.insertReport(trx, {
          unit_kind: unit.kind,
          division_id: unit.id,
          unit_name: unit.name,
          month,
          version: await repo.nextVersion(trx, unit.id, month),
          status: 'queued',
          trigger,
          requested_by_user_id: ctx.actor?.userId ?? null,
          requested_by_name: ctx.actor?.displayName ?? null,
          figures: null,
          created_at: clock.now(),
        });
        await jobs.enqueue(REPORT_TASK, { reportId: row.id }, trx);
        await audit.record(trx, ctx, {
          action: 'report.generate',
          entityType: 'report',
          entityId: row.id,
          place: { divisionId: unit.id, gridId: null },
          details: { unit: unit.name, month, version: row.version, trigger },
        });
        return row;
      });
    } catch (error) {
      // Another generation of the unit's month is queued or running (reports_one_pending), or
      // two raced for the same version number.
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /**
   * The task: claims the report with a lease, reads the figures, draws the charts, writes the
   * HTML and (with a CJK font) the PDF, and stores them with the report in one transaction,
   * superseding the earlier versions. A failure ends the report with its reason.
   */
  async process(reportId: number): Promise<void> {
    const { db, clock, audit, options } = this.deps;
    const started = clock.now();
    const claimed = await repo.claimReport(db, reportId, started, new Date(started.getTime() + LEASE_MS));
    if (claimed === 'done') return;
    if (claimed === 'busy') throw new Error(`report ${reportId} is being generated by another worker`);
    const report = claimed;
    const t0 = performance.now();
    try {
      const unit = { id: report.division_id, name: report.unit_name, kind: report.unit_kind };
      const data = await collectFigures(
        { matters: this.deps.matters, mediation: this.deps.mediation, org: this.deps.org, timeZone: options.timeZone },
        unit,
        report.month,
      );
      const local = localParts(started, options.timeZone);
      const meta: ReportMeta = {
        generatedAt: `${local.date} ${local.time}`,
        version: report.version,
        timeZone: options.timeZone,
        charts: {
          trend: await trendChart(data),
          area: await areaChart(data.areaLevel === 'community' ? '各社区受理与办结' : '各街道受理与办结', data.byArea),
          category: await categoryChart(data.byCategory),
        },
      };
      const html = Buffer.from(renderHtml(data, meta), 'utf8');
      const font = await loadFont(options.font);
      const pdf = 'bytes' in font ? await renderPdf(data, meta, options.font, font.bytes, started) : null;
      const pdfNote =
        'problem' in font
          ? `${font.problem}；未生成 PDF。请安装 fonts-noto-cjk 或设置 REPORT_FONT_PATH 后重新生成。`
          : null;
      const finished = clock.now();
      const durationMs = Math.round(performance.now() - t0);
      await db.transaction().execute(async (trx) => {
        await repo.insertFiles(trx, report.id, [
          { kind: 'html', content: html, sha256: sha256(html) },
          ...(pdf ? [{ kind: 'pdf' as const, content: pdf, sha256: sha256(pdf) }] : []),
        ]);
        await repo.updateReport(trx, report.id, {
          status: 'done',
          figures: JSON.stringify({ headline: data.headline, total: data.total, previous: data.previous }),
          html_bytes: html.length,
          pdf_bytes: pdf?.length ?? null,
          pdf_note: pdfNote,
          duration_ms: durationMs,
          lease_until: null,
          finished_at: finished,
        });
        await repo.supersedeEarlier(trx, report, finished);
        await audit.record(trx, systemContext(), {
          action: 'report.done',
          entityType: 'report',
          entityId: report.id,
          place: { divisionId: report.division_id, gridId: null },
          details: { unit: report.unit_name, month: report.month, version: report.version, durationMs, pdf: !!pdf },
        });
      });
    } catch (error) {
      await repo.updateReport(db, report.id, {
        status: 'failed',
        failure: error instanceof AppError ? error.code : String((error as Error)?.message ?? error).slice(0, 500),
        lease_until: null,
        duration_ms: Math.round(performance.now() - t0),
        finished_at: clock.now(),
      });
    }
  }

  /**
   * The scheduled job (daily, early morning local time): last month's report for every street
   * and district that has none yet. On the first of the month this makes them all; on a later
   * day it makes only what was missed (the server was down, a street was added), so running it
   * twice makes nothing twice. Reports whose worker stopped are queued again.
   */
  async runMonthly(now: Date): Promise<{ queued: number }> {
    const { db, org, jobs, options } = this.deps;
    const month = previousMonth(monthOf(now, options.timeZone));
    const units = await org.divisionsAtLevels(['street', 'district']);
    const done = await repo.unitsWithReport(
      db,
      units.map((u) => u.id),
      month,
    );
    let queued = 0;
    for (const u of units) {
      if (done.has(u.id)) continue;
      const row = await this.queue({ id: u.id, name: u.name, kind: u.level }, month, 'schedule', systemContext());
      if (row) queued++;
    }
    for (const r of await repo.abandonedReports(db, now, new Date(now.getTime() - LEASE_MS)))
      await jobs.enqueue(REPORT_TASK, { reportId: r.id });
    if (queued) jobs.wake(REPORT_TASK);
    return { queued };
  }
}
