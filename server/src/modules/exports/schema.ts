import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { id } from '../../platform/input.ts';
import { EXPORT_STATUSES } from './tables.ts';

export const CreateExportBody = z.object({
  kind: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .describe('Which list: matters, persons, audit, users, … (GET /api/exports/kinds)'),
  filters: z
    .record(z.string(), z.unknown())
    .default({})
    .describe("The list's query filters as its endpoint takes them, without cursor, limit and withTotal"),
});

export const ExportIdParams = z.object({ id });

export const ExportView = z.object({
  id: z.number(),
  kind: z.string(),
  filters: z.record(z.string(), z.unknown()),
  status: z.enum(EXPORT_STATUSES).describe('queued → running → done (or failed); done files expire after a while'),
  rowsWritten: z.number().int(),
  rowsTotal: z.number().int().nullable().describe("The list's total when the export was accepted"),
  fileName: z.string(),
  fileBytes: z.number().int().nullable(),
  failure: z.string().nullable().describe('Why it failed, in the language of the caller who asked'),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable().describe('When the file is removed'),
});
export type ExportView = z.infer<typeof ExportView>;

export const ExportPage = pageOf(ExportView);
export const ExportListQuery = PageQuery;

export const ExportKindView = z.object({
  kind: z.string(),
  title: z.string(),
  columns: z.array(z.string()).describe("The spreadsheet's column headers, in the caller's language"),
});
export const ExportKinds = z.object({ items: z.array(ExportKindView) });
