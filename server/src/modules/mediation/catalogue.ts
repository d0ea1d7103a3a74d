import type { CaseCategory, CaseStatus, PartyRole, Referral, StudioKind, TaskForceRole } from './tables.ts';

type Label = { zh: string; en: string };

/**
 * Dispute categories as the people's-mediation statistics count them (人民调解案件统计:
 * 婚姻家庭, 邻里, 房屋宅基地, 合同, 生产经营, 损害赔偿, 劳动争议, 消费, 医疗, 道路交通事故,
 * 物业, 征地拆迁, 环境污染, 其他). Codes are stable; labels may be reworded.
 */
export const CATEGORY_LABELS: Record<CaseCategory, Label> = {
  marriage_family: { zh: '婚姻家庭纠纷', en: 'Marriage and family' },
  neighbour: { zh: '邻里纠纷', en: 'Neighbours' },
  housing_land: { zh: '房屋宅基地纠纷', en: 'Housing and homestead land' },
  contract: { zh: '合同纠纷', en: 'Contracts' },
  business: { zh: '生产经营纠纷', en: 'Production and business' },
  damages: { zh: '损害赔偿纠纷', en: 'Compensation for damage' },
  labour: { zh: '劳动争议纠纷', en: 'Labour disputes' },
  consumer: { zh: '消费纠纷', en: 'Consumer disputes' },
  medical: { zh: '医疗纠纷', en: 'Medical disputes' },
  traffic: { zh: '道路交通事故纠纷', en: 'Road traffic accidents' },
  property_management: { zh: '物业纠纷', en: 'Property management' },
  land_demolition: { zh: '征地拆迁纠纷', en: 'Land acquisition and demolition' },
  environment: { zh: '环境污染纠纷', en: 'Environmental pollution' },
  other: { zh: '其他纠纷', en: 'Other' },
};

export const STATUS_LABELS: Record<CaseStatus, Label> = {
  accepted: { zh: '已受理', en: 'Accepted' },
  investigating: { zh: '查明事实', en: 'Establishing the facts' },
  mediating: { zh: '调解中', en: 'Mediating' },
  agreed: { zh: '已达成协议', en: 'Agreed' },
  performing: { zh: '履行中', en: 'Being performed' },
  closed: { zh: '已回访结案', en: 'Closed after follow-up' },
  failed: { zh: '调解不成', en: 'Failed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

export const PARTY_ROLE_LABELS: Record<PartyRole, Label> = {
  applicant: { zh: '申请人', en: 'Applicant' },
  respondent: { zh: '被申请人', en: 'Respondent' },
  third_party: { zh: '第三人', en: 'Third party' },
};

export const TASK_FORCE_ROLE_LABELS: Record<TaskForceRole, Label> = {
  police: { zh: '社区民警', en: 'Police' },
  mediator: { zh: '调解员', en: 'Mediator' },
  property: { zh: '物业', en: 'Property management' },
  lawyer: { zh: '律师', en: 'Lawyer' },
  other: { zh: '其他', en: 'Other' },
};

export const REFERRAL_LABELS: Record<Referral, Label> = {
  court: { zh: '引导至人民法院诉讼', en: 'Referred to the court' },
  arbitration: { zh: '引导申请仲裁', en: 'Referred to arbitration' },
  legal_aid: { zh: '转法治e站法律援助', en: 'Referred to legal aid (法治e站)' },
  other: { zh: '其他途径', en: 'Other' },
};

export const STUDIO_KIND_LABELS: Record<StudioKind, Label> = {
  studio: { zh: '调解工作室', en: 'Mediation studio' },
  talk_point: { zh: '百姓说事点', en: 'Talk point' },
  committee: { zh: '人民调解委员会', en: "People's mediation committee" },
  legal_station: { zh: '法治e站', en: 'Legal service station' },
};

/** What one does to a case, for messages such as "the case is closed; mediate is not possible now". */
export const ACTION_LABELS: Record<string, Label> = {
  edit: { zh: '修改', en: 'edit' },
  party: { zh: '添加当事人', en: 'add a party' },
  take: { zh: '认领', en: 'take' },
  assign: { zh: '指派', en: 'assign' },
  extend: { zh: '延长期限', en: 'extend' },
  investigate: { zh: '查明事实', en: 'establish the facts' },
  mediate: { zh: '开始调解', en: 'mediate' },
  session: { zh: '记录调解', en: 'record a session' },
  agree: { zh: '达成协议', en: 'record the agreement' },
  pay: { zh: '登记履行', en: 'record a payment' },
  perform: { zh: '确认履行', en: 'confirm performance' },
  follow_up: { zh: '回访', en: 'follow up' },
  close: { zh: '结案', en: 'close' },
  fail: { zh: '调解不成', en: 'end as failed' },
  withdraw: { zh: '撤回', en: 'withdraw' },
  claim: { zh: '登记诉求', en: 'register a claim' },
};

export const label = (l: Label, locale: 'zh-CN' | 'en') => (locale === 'en' ? l.en : l.zh);
export const inBoth = (l: Label) => ({ 'zh-CN': l.zh, en: l.en });

/**
 * A case opened from a matter takes its category from the matter's, where they
 * correspond; the caller may always name one.
 */
export function categoryForMatter(code: string): CaseCategory {
  if (code.startsWith('community.neighbour.rent')) return 'contract';
  if (code.startsWith('community.neighbour')) return 'neighbour';
  if (code.startsWith('community.property')) return 'property_management';
  if (code.startsWith('event.environment') || code.includes('noise') || code.includes('pollution'))
    return 'environment';
  return 'other';
}
