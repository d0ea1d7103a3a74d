/** API shapes of /api/rights (server/src/modules/rights/schema.ts) and helpers. */
import type { RightsApi, RightsInput } from '@gongzhi/server/api';

export type RightsKind = RightsApi['Kind'];
export type RightsRoute = RightsApi['Route'];
export type RightsStatus = RightsApi['Status'];
export type Relationship = RightsApi['Relationship'];
export type ClaimKind = RightsApi['ClaimBody']['kind'];
export type Assessment = RightsApi['AssessmentView'];
export type DeadlineView = RightsApi['DeadlineView'];
export type RightsCase = RightsApi['CaseView'];
export type RightsCaseDetail = RightsApi['CaseDetail'];
export type RightsCatalogue = RightsApi['CatalogueView'];
export type DutySlot = RightsApi['SlotsView']['items'][number];
export type RightsFactsInput = RightsInput['FactsBody'];
export type RightsCaseInput = RightsInput['CaseBody'];

export const RIGHTS_KINDS = ['wage', 'contract', 'injury', 'traffic'] as const satisfies readonly RightsKind[];
export const RIGHTS_ROUTES = [
  'mediation',
  'legal_aid',
  'inspection',
  'booking',
] as const satisfies readonly RightsRoute[];

/** The sub-question's answers offered for each kind (the server keeps the answer as `problem`). */
export const PROBLEMS: Record<RightsKind, readonly string[]> = {
  wage: ['unpaid', 'below_minimum', 'overtime'],
  contract: ['dismissed', 'no_contract', 'social_insurance'],
  injury: ['accident', 'disease', 'delivery'],
  traffic: ['delivery', 'other'],
};

export const ROUTE_COLORS: Record<RightsRoute, string> = {
  mediation: '#13a8a8',
  legal_aid: '#1677ff',
  inspection: '#d46b08',
  booking: '#722ed1',
};

/** Yuan as typed (up to two decimals) to fen; null when it is not an amount. */
export function yuanToFen(text: string): number | null {
  const t = text.trim();
  if (!/^\d{1,11}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, part = ''] = t.split('.');
  return Number(whole) * 100 + Number(part.padEnd(2, '0'));
}

export function fenToYuan(fen: number): string {
  return (fen / 100).toFixed(2);
}
