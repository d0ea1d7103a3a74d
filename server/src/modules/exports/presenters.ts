import type { ExportJobRow } from './repository.ts';
import type { ExportView } from './schema.ts';

export function presentExport(r: ExportJobRow): ExportView {
  return {
    id: r.id,
    kind: r.kind,
    filters: (r.filters ?? {}) as Record<string, unknown>,
    status: r.status,
    rowsWritten: r.rows_written,
    rowsTotal: r.rows_total,
    fileName: r.file_name,
    fileBytes: r.file_bytes,
    failure: r.failure,
    createdAt: r.created_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    expiresAt: r.expires_at?.toISOString() ?? null,
  };
}
