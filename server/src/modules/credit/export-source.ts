import type { z } from 'zod';
import { exportSource } from '../exports/source.ts';
import * as S from './schema.ts';
import type { CreditService } from './service.ts';

type Row = z.infer<typeof S.MerchantRow>;

/** The inspection-priority list (GET /api/credit/priority) as an export, in its order and with its filters. */
export function creditPriorityExportSource(credit: CreditService) {
  return exportSource<z.infer<typeof S.MerchantQuery>, Row>({
    kind: 'credit-priority',
    title: { 'zh-CN': '检查优先名单', en: 'Inspection priority' },
    filters: S.MerchantQuery,
    page: (ctx, filters, page) => credit.list(ctx, { ...filters, ...page }, 'priority'),
    columns: [
      { key: 'name', header: { 'zh-CN': '商户', en: 'Merchant' }, width: 24, value: (m) => m.name },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (m) => m.community.name },
      { key: 'grade', header: { 'zh-CN': '信用等级', en: 'Grade' }, width: 8, value: (m) => m.grade },
      { key: 'score', header: { 'zh-CN': '信用分', en: 'Score' }, width: 8, value: (m) => m.score },
      { key: 'asOf', header: { 'zh-CN': '截至', en: 'As of' }, width: 12, value: (m) => m.asOf ?? '' },
      {
        key: 'official',
        header: { 'zh-CN': '监管量化分级', en: "Regulator's grade" },
        width: 12,
        value: (m) => (m.officialGrade ? `${m.officialGrade.grade} ${m.officialGrade.gradedOn}` : ''),
      },
      {
        key: 'lastInspection',
        header: { 'zh-CN': '上次检查', en: 'Last inspection' },
        width: 12,
        value: (m) => m.lastInspectionOn ?? '',
      },
      {
        key: 'pendingAppeals',
        header: { 'zh-CN': '待处理申诉', en: 'Pending appeals' },
        width: 10,
        value: (m) => m.pendingAppeals,
      },
    ],
  });
}
