import type { ColumnType, Generated } from 'kysely';

/**
 * Kinds of fraud as the police's anti-fraud publicity names them (公安部 common types): what a
 * lesson teaches to spot, what a fraud case in the library shows, what an alert warns of.
 */
export const FRAUD_TYPES = [
  'impersonating_officials', // 冒充公检法
  'order_brushing', // 刷单返利
  'romance_investment', // 杀猪盘（网络交友诱导投资）
  'fake_customer_service', // 冒充电商物流客服
  'fake_loan', // 虚假网络贷款
  'fake_credit', // 虚假征信
  'impersonating_acquaintance', // 冒充领导熟人
  'game_trading', // 网络游戏虚假交易
  'other',
] as const;
export type FraudType = (typeof FRAUD_TYPES)[number];

/** law: a law explained (普法); mediation_case: a settled dispute told without names; fraud_case: a fraud and how it worked. */
export const ARTICLE_KINDS = ['law', 'mediation_case', 'fraud_case'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];
export const ARTICLE_STATUSES = ['draft', 'published'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];

/** What a resident reports as suspicious: a phone number, a link, a text message, an app, or something else. */
export const REPORT_KINDS = ['phone', 'link', 'sms', 'app', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export interface ArticleTable {
  id: Generated<number>;
  /** The street or community that keeps it; published articles are read by everyone. */
  division_id: number;
  kind: ArticleKind;
  fraud_type: FraudType | null;
  title: string;
  summary: Generated<string>;
  body: string;
  /** Where it comes from: 《民法典》第一千零三十二条, a court's published case, the police station. */
  source: Generated<string>;
  status: ArticleStatus;
  /** jieba's words of the title, summary, body and source, space-separated, for the full-text index. */
  search_text: Generated<string>;
  created_by: number;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
}

export interface ReportTable {
  id: Generated<number>;
  community_id: number;
  grid_id: number | null;
  reporter_user_id: number;
  /** Their display name when they reported; shown masked. */
  reporter_name: string;
  kind: ReportKind;
  /** As the resident gave it (the suspect's number or link: not the resident's personal data). */
  target: string;
  /** The target normalised (digits of a number, host and path of a link) so repeats are counted together. */
  target_key: string;
  description: string;
  money_lost: boolean;
  amount_fen: ColumnType<number | null, number | null | undefined, number | null>;
  matter_id: number | null;
  created_at: Date;
}

export interface LegalTables {
  'legal.articles': ArticleTable;
  'legal.reports': ReportTable;
}
