import type { z } from 'zod';
import { exportSource, type ExportColumn } from '../exports/source.ts';
import type { Locale } from '../../platform/i18n.ts';
import * as S from './schema.ts';
import type { MattersService } from './service.ts';

type Item = z.infer<typeof S.MatterListItem>;

/** Words for the list's codes in the spreadsheet (the console has the same in its own strings). */
const STATUS: Record<string, Record<Locale, string>> = {
  reported: { 'zh-CN': '待受理', en: 'Reported' },
  accepted: { 'zh-CN': '已受理', en: 'Accepted' },
  dispatched: { 'zh-CN': '已派遣', en: 'Dispatched' },
  in_progress: { 'zh-CN': '处置中', en: 'In progress' },
  resolved: { 'zh-CN': '已办结', en: 'Resolved' },
  closed: { 'zh-CN': '已结案', en: 'Closed' },
  rejected: { 'zh-CN': '不予受理', en: 'Rejected' },
  duplicate: { 'zh-CN': '已合并', en: 'Merged' },
  escalated: { 'zh-CN': '已上报', en: 'Escalated' },
  reopened: { 'zh-CN': '已重新打开', en: 'Reopened' },
  returned: { 'zh-CN': '退回', en: 'Returned' },
};
const KIND: Record<string, Record<Locale, string>> = {
  report: { 'zh-CN': '问题上报', en: 'Report' },
  help: { 'zh-CN': '求助', en: 'Help' },
  suggestion: { 'zh-CN': '建议', en: 'Suggestion' },
  alarm: { 'zh-CN': '告警', en: 'Alarm' },
  care: { 'zh-CN': '关爱', en: 'Care' },
};
const URGENCY: Record<string, Record<Locale, string>> = {
  normal: { 'zh-CN': '一般', en: 'Normal' },
  urgent: { 'zh-CN': '紧急', en: 'Urgent' },
  critical: { 'zh-CN': '特急', en: 'Critical' },
};
const LEVEL: Record<string, Record<Locale, string>> = {
  grid: { 'zh-CN': '网格', en: 'Grid' },
  community: { 'zh-CN': '社区', en: 'Community' },
  street: { 'zh-CN': '街道', en: 'Street' },
  department: { 'zh-CN': '职能部门', en: 'Department' },
};
const word = (words: Record<string, Record<Locale, string>>, code: string, locale: Locale) =>
  words[code]?.[locale] ?? code;

export const MATTER_EXPORT_COLUMNS: ExportColumn<Item>[] = [
  { key: 'code', header: { 'zh-CN': '编号', en: 'Number' }, width: 18, value: (m) => m.code },
  { key: 'category', header: { 'zh-CN': '类别', en: 'Category' }, value: (m) => m.category.name },
  { key: 'kind', header: { 'zh-CN': '类型', en: 'Kind' }, width: 10, value: (m, f) => word(KIND, m.kind, f.locale) },
  {
    key: 'status',
    header: { 'zh-CN': '状态', en: 'Status' },
    width: 10,
    value: (m, f) => word(STATUS, m.status, f.locale),
  },
  {
    key: 'level',
    header: { 'zh-CN': '层级', en: 'Level' },
    width: 10,
    value: (m, f) => word(LEVEL, m.level, f.locale),
  },
  { key: 'department', header: { 'zh-CN': '职能部门', en: 'Department' }, value: (m) => m.department },
  {
    key: 'urgency',
    header: { 'zh-CN': '紧急程度', en: 'Urgency' },
    width: 10,
    value: (m, f) => word(URGENCY, m.urgency, f.locale),
  },
  { key: 'source', header: { 'zh-CN': '来源', en: 'Source' }, width: 12, value: (m) => m.source },
  { key: 'description', header: { 'zh-CN': '描述', en: 'Description' }, width: 40, value: (m) => m.description },
  { key: 'address', header: { 'zh-CN': '地址', en: 'Address' }, width: 30, value: (m) => m.address },
  { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (m) => m.community?.name ?? null },
  { key: 'grid', header: { 'zh-CN': '网格', en: 'Grid' }, value: (m) => m.grid?.name ?? null },
  { key: 'assignee', header: { 'zh-CN': '承办人', en: 'Handler' }, value: (m) => m.assignee?.name ?? null },
  // As the list shows it: the list already hides an anonymous reporter's name.
  { key: 'reporter', header: { 'zh-CN': '上报人', en: 'Reporter' }, value: (m) => m.reporter?.name ?? null },
  { key: 'createdAt', header: { 'zh-CN': '上报时间', en: 'Reported' }, value: (m, f) => f.time(m.createdAt) },
  { key: 'acceptDueAt', header: { 'zh-CN': '受理时限', en: 'Accept by' }, value: (m, f) => f.time(m.acceptDueAt) },
  { key: 'dueAt', header: { 'zh-CN': '办结时限', en: 'Resolve by' }, value: (m, f) => f.time(m.dueAt) },
  {
    key: 'overdue',
    header: { 'zh-CN': '超期', en: 'Overdue' },
    width: 8,
    value: (m, f) => (m.overdue ? (f.locale === 'en' ? 'Yes' : '是') : f.locale === 'en' ? 'No' : '否'),
  },
  { key: 'resolvedAt', header: { 'zh-CN': '办结时间', en: 'Resolved' }, value: (m, f) => f.time(m.resolvedAt) },
  { key: 'closedAt', header: { 'zh-CN': '结案时间', en: 'Closed' }, value: (m, f) => f.time(m.closedAt) },
  { key: 'rating', header: { 'zh-CN': '评价', en: 'Rating' }, width: 8, value: (m) => m.rating },
];

/** The matters list (GET /api/matters) as an export: its queues and filters, its scope. */
export function matterExportSource(matters: MattersService) {
  return exportSource({
    kind: 'matters',
    title: { 'zh-CN': '事件列表', en: 'Matters' },
    filters: S.MatterListQuery,
    page: (ctx, filters, page) => matters.list(ctx, { ...filters, ...page }),
    columns: MATTER_EXPORT_COLUMNS,
  });
}
