import { csvBlob } from '../../shared/csv.ts';
import type { ImportJob, ImportStatus } from '../../shared/types.ts';

export function isFinished(status: ImportStatus): boolean {
  return status === 'succeeded' || status === 'failed';
}

/** antd Badge status for an import status. */
export const STATUS_BADGE: Record<ImportStatus, 'default' | 'processing' | 'success' | 'error'> = {
  queued: 'default',
  validating: 'processing',
  writing: 'processing',
  succeeded: 'success',
  failed: 'error',
};

/** Checking is most of the work; writing is shown as the last stretch. */
export function progressPercent(job: ImportJob): number {
  if (job.status === 'succeeded') return 100;
  if (job.status === 'queued' || job.totalRows === 0) return 0;
  const checked = Math.floor((job.processedRows / job.totalRows) * 100);
  return job.status === 'writing' ? Math.max(checked, 99) : Math.min(checked, 99);
}

/** The row errors as a CSV (with BOM, for Excel), so they can be fixed beside the file. */
export function errorsCsv(job: ImportJob, header: [string, string, string]): Blob {
  return csvBlob([header, ...job.errors.map((e) => [e.row, e.field ?? '', e.message])]);
}
