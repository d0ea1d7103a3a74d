import type { z } from 'zod';
import { word, yesNo, yuan, type Words } from '../exports/cell-words.ts';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { MediationService } from './service.ts';

type Item = z.infer<typeof S.CaseListItem>;

const RISK: Words = {
  low: { 'zh-CN': '低风险', en: 'Low risk' },
  medium: { 'zh-CN': '中风险', en: 'Medium risk' },
  high: { 'zh-CN': '高风险', en: 'High risk' },
};
const OUTCOME: Words = {
  agreed: { 'zh-CN': '达成协议', en: 'Agreed' },
  failed: { 'zh-CN': '调解不成', en: 'Failed' },
  withdrawn: { 'zh-CN': '撤回', en: 'Withdrawn' },
};
const PARTY_ROLE: Words = {
  applicant: { 'zh-CN': '申请人', en: 'Applicant' },
  respondent: { 'zh-CN': '被申请人', en: 'Respondent' },
  third_party: { 'zh-CN': '第三人', en: 'Third party' },
};

/**
 * Dispute cases (GET /api/mediation/cases, 调解案件) as an export: the list's queue, filters and
 * area. Parties are written by name with their role, as the list shows them; ID numbers and
 * phones are not in the list and so not in the file.
 */
export function mediationCaseExportSource(mediation: MediationService) {
  return exportSource<z.infer<typeof S.CaseListQuery>, Item>({
    kind: 'mediation-cases',
    title: { 'zh-CN': '调解案件', en: 'Mediation cases' },
    filters: S.CaseListQuery,
    page: (ctx, filters, page) => mediation.list(ctx, { ...filters, ...page }),
    columns: [
      { key: 'code', header: { 'zh-CN': '案件编号', en: 'Number' }, width: 20, value: (c) => c.code },
      { key: 'category', header: { 'zh-CN': '纠纷类别', en: 'Category' }, width: 14, value: (c) => c.category.name },
      { key: 'status', header: { 'zh-CN': '状态', en: 'Status' }, width: 10, value: (c) => c.statusName },
      {
        key: 'risk',
        header: { 'zh-CN': '风险等级', en: 'Risk' },
        width: 10,
        value: (c, f) => word(RISK, c.risk, f.locale),
      },
      { key: 'summary', header: { 'zh-CN': '纠纷概要', en: 'Summary' }, width: 40, value: (c) => c.summary },
      {
        key: 'parties',
        header: { 'zh-CN': '当事人', en: 'Parties' },
        width: 30,
        value: (c, f) => joined(c.parties.map((p) => `${p.name}（${word(PARTY_ROLE, p.role, f.locale)}）`)),
      },
      {
        key: 'amount',
        header: { 'zh-CN': '涉及金额（元）', en: 'Amount (yuan)' },
        width: 12,
        value: (c) => yuan(c.amountFen),
      },
      { key: 'peopleCount', header: { 'zh-CN': '涉及人数', en: 'People' }, width: 8, value: (c) => c.peopleCount },
      {
        key: 'groupDispute',
        header: { 'zh-CN': '群体性纠纷', en: 'Group dispute' },
        width: 8,
        value: (c, f) => yesNo(c.groupDispute, f.locale),
      },
      { key: 'community', header: { 'zh-CN': '社区', en: 'Community' }, value: (c) => c.community.name },
      { key: 'studio', header: { 'zh-CN': '调解组织', en: 'Studio' }, width: 18, value: (c) => c.studio?.name ?? null },
      { key: 'mediator', header: { 'zh-CN': '调解员', en: 'Mediator' }, value: (c) => c.mediator?.name ?? null },
      { key: 'acceptedAt', header: { 'zh-CN': '受理时间', en: 'Accepted' }, value: (c, f) => f.time(c.acceptedAt) },
      { key: 'dueAt', header: { 'zh-CN': '调解期限', en: 'Due' }, value: (c, f) => f.time(c.dueAt) },
      {
        key: 'overdue',
        header: { 'zh-CN': '超期', en: 'Overdue' },
        width: 6,
        value: (c, f) => yesNo(c.overdue, f.locale),
      },
      { key: 'agreedAt', header: { 'zh-CN': '达成协议时间', en: 'Agreed' }, value: (c, f) => f.time(c.agreedAt) },
      { key: 'endedAt', header: { 'zh-CN': '结案时间', en: 'Ended' }, value: (c, f) => f.time(c.endedAt) },
      {
        key: 'outcome',
        header: { 'zh-CN': '结果', en: 'Outcome' },
        width: 10,
        value: (c, f) => word(OUTCOME, c.outcome, f.locale),
      },
    ],
  });
}
