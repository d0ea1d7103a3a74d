import type { z } from 'zod';
import type { ReportRow } from './repository.ts';
import type * as S from './schema.ts';

type View<T extends z.ZodTypeAny> = z.infer<T>;

export function presentReport(r: ReportRow, canGenerate: boolean): View<typeof S.ReportView> {
  const figures = r.figures as { headline?: View<typeof S.HeadlineFigure>[] } | null;
  return {
    id: r.id,
    unitKind: r.unit_kind,
    divisionId: r.division_id,
    unitName: r.unit_name,
    month: r.month,
    version: r.version,
    status: r.status,
    trigger: r.trigger,
    requestedByName: r.requested_by_name,
    headline: figures?.headline ?? null,
    htmlBytes: r.html_bytes,
    pdfBytes: r.pdf_bytes,
    pdfNote: r.pdf_note,
    failure: r.failure,
    durationMs: r.duration_ms,
    createdAt: r.created_at.toISOString(),
    startedAt: r.started_at?.toISOString() ?? null,
    finishedAt: r.finished_at?.toISOString() ?? null,
    supersededAt: r.superseded_at?.toISOString() ?? null,
    canGenerate,
  };
}
