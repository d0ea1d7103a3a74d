import type { z } from 'zod';
import { word, type Words } from '../exports/cell-words.ts';
import { exportSource } from '../exports/source.ts';
import * as S from './schema.ts';
import type { DeliberationService } from './service.ts';

type Topic = z.infer<typeof S.TopicSummary>;
type Vote = z.infer<typeof S.VoteSummary>;

const TOPIC_STATUS: Words = {
  open: { 'zh-CN': '征集支持', en: 'Gathering support' },
  on_agenda: { 'zh-CN': '已上议程', en: 'On the agenda' },
  voting: { 'zh-CN': '表决中', en: 'Being voted' },
  decided: { 'zh-CN': '已决定', en: 'Decided' },
  rejected: { 'zh-CN': '未采纳', en: 'Not taken up' },
  withdrawn: { 'zh-CN': '已撤回', en: 'Withdrawn' },
};
const PARTY: Words = {
  resident: { 'zh-CN': '居民', en: 'Resident' },
  residents_committee: { 'zh-CN': '居委会', en: "Residents' committee" },
  owners_committee: { 'zh-CN': '业委会', en: "Owners' committee" },
  property: { 'zh-CN': '物业', en: 'Property company' },
};
const SCOPE: Words = {
  community: { 'zh-CN': '全社区', en: 'Whole community' },
  buildings: { 'zh-CN': '部分楼栋', en: 'Some buildings' },
  grid: { 'zh-CN': '网格', en: 'Grid' },
};
const VOTE_PHASE: Words = {
  notice: { 'zh-CN': '公示中', en: 'Public notice' },
  open: { 'zh-CN': '投票中', en: 'Open' },
  closed: { 'zh-CN': '已截止', en: 'Closed' },
  counted: { 'zh-CN': '已公布', en: 'Result out' },
  cancelled: { 'zh-CN': '已取消', en: 'Cancelled' },
};
const ELECTORATE: Words = {
  residents: { 'zh-CN': '居民表决', en: "Residents' vote" },
  owners: { 'zh-CN': '业主共同决定', en: "Owners' decision" },
};
const RULE: Words = {
  plurality: { 'zh-CN': '多数决', en: 'Plurality' },
  art278_ordinary: {
    'zh-CN': '民法典第278条 · 一般事项（过半数）',
    en: 'Civil Code art. 278 · ordinary (more than half)',
  },
  art278_special: {
    'zh-CN': '民法典第278条 · 第六至八项（四分之三以上）',
    en: 'Civil Code art. 278 · items 6–8 (three quarters)',
  },
};

/** Topics (GET /api/deliberation/topics, 议题) as an export, with its filters and community. */
export function topicExportSource(deliberation: DeliberationService) {
  return exportSource<z.infer<typeof S.TopicListQuery>, Topic>({
    kind: 'deliberation-topics',
    title: { 'zh-CN': '议题', en: 'Topics' },
    filters: S.TopicListQuery,
    page: (ctx, filters, page) => deliberation.topics(ctx, { ...filters, ...page }),
    columns: [
      { key: 'title', header: { 'zh-CN': '议题', en: 'Topic' }, width: 36, value: (t) => t.title },
      {
        key: 'party',
        header: { 'zh-CN': '提出方', en: 'Party' },
        width: 10,
        value: (t, f) => word(PARTY, t.party, f.locale),
      },
      { key: 'author', header: { 'zh-CN': '提出人', en: 'Raised by' }, width: 12, value: (t) => t.authorName },
      {
        key: 'scope',
        header: { 'zh-CN': '范围', en: 'Scope' },
        width: 10,
        value: (t, f) => word(SCOPE, t.scopeKind, f.locale),
      },
      {
        key: 'status',
        header: { 'zh-CN': '状态', en: 'Status' },
        width: 10,
        value: (t, f) => word(TOPIC_STATUS, t.status, f.locale),
      },
      { key: 'supports', header: { 'zh-CN': '支持数', en: 'Supports' }, width: 8, value: (t) => t.supports },
      { key: 'threshold', header: { 'zh-CN': '上议程所需', en: 'Needed' }, width: 10, value: (t) => t.threshold },
      { key: 'createdAt', header: { 'zh-CN': '提出时间', en: 'Raised' }, value: (t, f) => f.time(t.createdAt) },
    ],
  });
}

/** Votes (GET /api/deliberation/votes, 御事厅表决) as an export, with its filters and community. */
export function voteExportSource(deliberation: DeliberationService) {
  return exportSource<z.infer<typeof S.VoteListQuery>, Vote>({
    kind: 'deliberation-votes',
    title: { 'zh-CN': '表决', en: 'Votes' },
    filters: S.VoteListQuery,
    page: (ctx, filters, page) => deliberation.votes(ctx, { ...filters, ...page }),
    columns: [
      { key: 'title', header: { 'zh-CN': '表决事项', en: 'Vote' }, width: 36, value: (v) => v.title },
      {
        key: 'electorate',
        header: { 'zh-CN': '表决范围', en: 'Electorate' },
        width: 14,
        value: (v, f) => word(ELECTORATE, v.electorate, f.locale),
      },
      {
        key: 'rule',
        header: { 'zh-CN': '表决规则', en: 'Rule' },
        width: 30,
        value: (v, f) => word(RULE, v.rule, f.locale),
      },
      {
        key: 'phase',
        header: { 'zh-CN': '阶段', en: 'Phase' },
        width: 8,
        value: (v, f) => word(VOTE_PHASE, v.phase, f.locale),
      },
      { key: 'opensAt', header: { 'zh-CN': '开始时间', en: 'Opens' }, value: (v, f) => f.time(v.opensAt) },
      { key: 'closesAt', header: { 'zh-CN': '截止时间', en: 'Closes' }, value: (v, f) => f.time(v.closesAt) },
      { key: 'voters', header: { 'zh-CN': '应投人数', en: 'Electors' }, width: 8, value: (v) => v.voters },
      { key: 'ballots', header: { 'zh-CN': '已投票数', en: 'Ballots' }, width: 8, value: (v) => v.ballots },
    ],
  });
}
