import { z } from 'zod';
import { PageQuery, pageOf } from '../../platform/pagination.ts';
import { id } from '../../platform/input.ts';

export const AuditQuery = PageQuery.extend({
  actorId: id.optional(),
  action: z.string().trim().max(80).optional().describe('Action or its prefix, e.g. org.person'),
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(40).optional(),
  from: z.coerce.date().optional().describe('ISO time, inclusive'),
  to: z.coerce.date().optional().describe('ISO time, exclusive'),
});

export const AuditRecord = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.number().nullable(),
  actorName: z.string().nullable().describe('The account (username) that acted, or system'),
  actorDisplayName: z.string().nullable().describe('The name they went by when they acted (null in older records)'),
  action: z.string(),
  entityType: z.string().nullable(),
  entityId: z.string().nullable(),
  divisionId: z.number().nullable(),
  gridId: z.number().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditRecord = z.infer<typeof AuditRecord>;
export const AuditPage = pageOf(AuditRecord);
