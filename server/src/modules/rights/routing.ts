import type { Bilingual, RightsKind } from './deadlines.ts';

/**
 * Where a rights case goes (分流). Pure: the intake and the staff's re-routing both ask here.
 * - mediation: a people's-mediation case of the labour (or traffic) category, opened through MediationService;
 * - legal_aid: a referral to legal aid (法律援助, the 司法所 and 12348);
 * - inspection: a referral to the labour inspectors (劳动保障监察), who can order unpaid wages paid;
 * - booking: a consultation with the counsellor or lawyer on duty at the desk (协商铃).
 */
export const ROUTES = ['mediation', 'legal_aid', 'inspection', 'booking'] as const;
export type Route = (typeof ROUTES)[number];

/** Which routes fit a kind; the first is the recommendation unless the facts say otherwise. */
const ROUTES_OF: Record<RightsKind, readonly Route[]> = {
  // Inspectors handle wage arrears directly (《保障农民工工资支付条例》, 《劳动保障监察条例》第十一条).
  wage: ['inspection', 'mediation', 'legal_aid', 'booking'],
  contract: ['mediation', 'legal_aid', 'booking'],
  // Work-injury compensation is a legal-aid matter since the Legal Aid Law (2022).
  injury: ['legal_aid', 'booking'],
  traffic: ['mediation', 'legal_aid', 'booking'],
};

export function routesFor(kind: RightsKind): readonly Route[] {
  return ROUTES_OF[kind];
}

export interface RoutingFacts {
  kind: RightsKind;
  migrantWorker: boolean;
  employmentOngoing?: boolean;
  /** Some deadline is already past: a lawyer should look before anything is filed. */
  anyDeadlinePast: boolean;
}

/** The route the intake takes when the worker does not choose one. */
export function recommendedRoute(f: RoutingFacts): Route {
  if (f.anyDeadlinePast) return 'booking';
  // Wages owed after the job ended are a dispute over a sum: mediation first, arbitration after.
  if (f.kind === 'wage' && f.employmentOngoing === false) return 'mediation';
  return ROUTES_OF[f.kind][0]!;
}

/**
 * Legal aid without the means test (免予经济困难审查): migrant workers claiming pay or
 * work-injury compensation (《法律援助法》第三十二条第五项 and the Ministry of Justice's
 * rules naming them; see docs and the research notes).
 */
export function meansTestWaived(kind: RightsKind, migrantWorker: boolean): boolean {
  return migrantWorker && (kind === 'wage' || kind === 'injury');
}

export const MEANS_TEST_RULE: Bilingual = {
  zh: '农民工请求支付劳动报酬或者工伤赔偿申请法律援助的，不受经济困难条件的限制（《法律援助法》第三十二条第五项、司法部相关规定）。',
  en: 'Migrant workers asking for pay or work-injury compensation get legal aid without the means test (Legal Aid Law art. 32(5) and the Ministry of Justice’s rules).',
};

export const ROUTE_LABELS: Record<Route, Bilingual> = {
  mediation: { zh: '人民调解（劳动争议）', en: 'People’s mediation (labour disputes)' },
  legal_aid: { zh: '法律援助（司法所 / 12348）', en: 'Legal aid (justice office / 12348)' },
  inspection: { zh: '劳动保障监察', en: 'Labour inspectors' },
  booking: { zh: '预约值班律师 / 咨询师（协商铃）', en: 'Appointment with the lawyer or counsellor on duty' },
};

/** The people's-mediation category a routed case opens in. */
export function mediationCategory(kind: RightsKind): 'labour' | 'traffic' {
  return kind === 'traffic' ? 'traffic' : 'labour';
}
