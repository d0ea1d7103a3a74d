import type { z } from 'zod';
import { exportSource } from '../exports/source.ts';
import { AuditQuery, type AuditRecord } from './schema.ts';
import type { AuditService } from './service.ts';

/** The audit log (GET /api/audit) as an export, with its filters and the caller's area. */
export function auditExportSource(audit: AuditService) {
  return exportSource<z.infer<typeof AuditQuery>, AuditRecord>({
    kind: 'audit',
    title: { 'zh-CN': '审计日志', en: 'Audit log' },
    filters: AuditQuery,
    page: (ctx, { cursor: _cursor, limit: _limit, ...filter }, page) =>
      audit.list(ctx, filter, page.cursor, page.limit),
    columns: [
      { key: 'at', header: { 'zh-CN': '时间', en: 'Time' }, value: (r, f) => f.time(r.at) },
      { key: 'actorName', header: { 'zh-CN': '账号', en: 'Account' }, value: (r) => r.actorName },
      { key: 'actorDisplayName', header: { 'zh-CN': '姓名', en: 'Name' }, value: (r) => r.actorDisplayName },
      { key: 'action', header: { 'zh-CN': '操作', en: 'Action' }, width: 24, value: (r) => r.action },
      { key: 'entityType', header: { 'zh-CN': '对象类型', en: 'Entity type' }, value: (r) => r.entityType },
      { key: 'entityId', header: { 'zh-CN': '对象编号', en: 'Entity id' }, width: 10, value: (r) => r.entityId },
      { key: 'ip', header: { 'zh-CN': 'IP 地址', en: 'IP address' }, value: (r) => r.ip },
      {
        key: 'details',
        header: { 'zh-CN': '详情', en: 'Details' },
        width: 50,
        value: (r) => JSON.stringify(r.details),
      },
    ],
  });
}
