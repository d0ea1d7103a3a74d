import type { z } from 'zod';
import type { Locale } from '../../platform/i18n.ts';
import { type Words, word } from '../exports/cell-words.ts';
import { exportSource, joined } from '../exports/source.ts';
import * as S from './schema.ts';
import type { AssessmentService } from './service.ts';

type Score = z.infer<typeof S.ScoreView>;

/** The parts of a peer group (grid kind, size band, or department), as the console names them. */
const PEER: Words = {
  resident: { 'zh-CN': '居民网格', en: 'Resident grid' },
  special: { 'zh-CN': '专属网格', en: 'Special grid' },
  mobile: { 'zh-CN': '流动网格', en: 'Mobile grid' },
  small: { 'zh-CN': '小', en: 'small' },
  medium: { 'zh-CN': '中', en: 'medium' },
  large: { 'zh-CN': '大', en: 'large' },
  department: { 'zh-CN': '职能部门', en: 'Departments' },
};

const FLAG: Words = {
  few_records: { 'zh-CN': '记录较少，请复核', en: 'Few records: review' },
};

/** resident:small → 居民网格·小; department → 职能部门. */
const peerGroupName = (group: string, locale: Locale) =>
  group
    .split(':')
    .map((part) => word(PEER, part, locale))
    .join('·');

/** Assessment scores (GET /api/assessment/scores, 考核得分) as an export, with its filters and area. */
export function assessmentScoreExportSource(assessment: AssessmentService) {
  return exportSource<z.infer<typeof S.ScoreListQuery>, Score>({
    kind: 'assessment-scores',
    title: { 'zh-CN': '考核得分', en: 'Assessment scores' },
    filters: S.ScoreListQuery,
    page: (ctx, filters, page) => assessment.listScores(ctx, { ...filters, ...page }),
    columns: [
      { key: 'month', header: { 'zh-CN': '月份', en: 'Month' }, width: 9, value: (s) => s.month },
      { key: 'scheme', header: { 'zh-CN': '考核方案', en: 'Scheme' }, width: 20, value: (s) => s.schemeName },
      { key: 'subject', header: { 'zh-CN': '考核对象', en: 'Subject' }, width: 16, value: (s) => s.subjectName },
      {
        key: 'area',
        header: { 'zh-CN': '所在区域', en: 'Area' },
        width: 24,
        value: (s) => (s.gridName ? `${s.divisionName} · ${s.gridName}` : s.divisionName),
      },
      {
        key: 'peerGroup',
        header: { 'zh-CN': '同类组', en: 'Peer group' },
        width: 14,
        value: (s, f) => peerGroupName(s.peerGroup, f.locale),
      },
      { key: 'score', header: { 'zh-CN': '总分', en: 'Score' }, width: 8, value: (s) => s.score },
      { key: 'rank', header: { 'zh-CN': '组内排名', en: 'Rank' }, width: 8, value: (s) => s.rank },
      {
        key: 'peerSize',
        header: { 'zh-CN': '同类组人数', en: 'Peer group size' },
        width: 10,
        value: (s) => s.peerSize,
      },
      { key: 'rawPoints', header: { 'zh-CN': '指标得分', en: 'Raw points' }, width: 9, value: (s) => s.rawPoints },
      {
        key: 'workloadFactor',
        header: { 'zh-CN': '工作量系数', en: 'Workload factor' },
        width: 10,
        value: (s) => s.workloadFactor,
      },
      { key: 'residents', header: { 'zh-CN': '居民数', en: 'Residents' }, width: 8, value: (s) => s.residents },
      {
        key: 'flags',
        header: { 'zh-CN': '复核提示', en: 'Review flags' },
        width: 18,
        value: (s, f) => joined(s.flags.map((flag) => word(FLAG, flag, f.locale))),
      },
      { key: 'computedAt', header: { 'zh-CN': '计算时间', en: 'Computed' }, value: (s, f) => f.time(s.computedAt) },
    ],
  });
}
