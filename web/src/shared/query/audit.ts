import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { AuditEntry, Page } from '../types.ts';

/** The audit log (操作日志) of the caller's area. */
export const auditKeys = {
  all: ['audit'] as const,
  list: (query: Query) => [...auditKeys.all, 'list', query] as const,
};

export const auditQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: auditKeys.list(query),
      queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/api/audit', query, signal),
    }),
};
