/**
 * API shapes and calls of /api/alliance (联建单位) and of recurring activities (/api/volunteer/series):
 * server/src/modules/alliance/schema.ts and volunteer/schema.ts.
 */
import type { AllianceApi, AllianceInput, VolunteerApi, VolunteerInput } from '@gongzhi/server/api';
import { api, type Query } from './api.ts';
import type { Page } from './types.ts';

export type UnitSummary = AllianceApi['UnitSummary'];
export type Unit = AllianceApi['UnitView'];
export type UnitKind = Unit['kind'];
export type UnitInput = AllianceInput['UnitBody'];
export type MemberInput = AllianceInput['MemberBody'];
export const UNIT_KINDS: readonly UnitKind[] = [
  'party_partner',
  'company',
  'public_institution',
  'social_organisation',
  'merchant',
  'gig_alliance',
];

export type Series = VolunteerApi['SeriesView'];
export type SeriesSummary = VolunteerApi['SeriesList']['items'][number];
export type SeriesInput = VolunteerInput['SeriesBody'];
export type SeriesPatch = VolunteerInput['SeriesPatch'];
export type OccurrenceChange = VolunteerInput['OccurrenceBody'];
export type Occurrence = VolunteerApi['Occurrence'];

export const allianceKeys = {
  all: ['alliance'] as const,
  units: (query: Query) => [...allianceKeys.all, 'units', query] as const,
  unit: (id: number) => [...allianceKeys.all, 'units', 'one', id] as const,
};
export const seriesKeys = {
  all: ['volunteer', 'series'] as const,
  list: (query: Query) => [...seriesKeys.all, query] as const,
  one: (id: number) => [...seriesKeys.all, 'one', id] as const,
};

const units = '/api/alliance/units';
export const allianceCalls = {
  units: (query: Query, signal?: AbortSignal) => api.get<Page<UnitSummary>>(units, query, signal),
  unit: (id: number, signal?: AbortSignal) => api.get<Unit>(`${units}/${id}`, undefined, signal),
  create: (body: UnitInput) => api.post<Unit>(units, body),
  update: (id: number, body: Partial<UnitInput> & { active?: boolean }) => api.patch<Unit>(`${units}/${id}`, body),
  addMember: (id: number, body: MemberInput) => api.post<Unit>(`${units}/${id}/members`, body),
  removeMember: (id: number, memberId: number) => api.delete<Unit>(`${units}/${id}/members/${memberId}`),
  revealPhone: (id: number, memberId: number) =>
    api.get<{ phone: string | null }>(`${units}/${id}/members/${memberId}/phone`),
  claim: (id: number, body: { kind: 'wish' | 'project'; id: number }) => api.post<Unit>(`${units}/${id}/claims`, body),
};

const series = '/api/volunteer/series';
export const seriesCalls = {
  list: (query: Query, signal?: AbortSignal) => api.get<Page<SeriesSummary>>(series, query, signal),
  one: (id: number, signal?: AbortSignal) => api.get<Series>(`${series}/${id}`, undefined, signal),
  preview: (body: { rrule: string; startDate: string; startTime: string; durationMinutes: number; limit?: number }) =>
    api.post<{ items: Occurrence[] }>(`${series}/preview`, body),
  create: (body: SeriesInput) => api.post<Series>(series, body),
  update: (id: number, body: SeriesPatch) => api.patch<Series>(`${series}/${id}`, body),
  occurrence: (id: number, date: string, body: OccurrenceChange) =>
    api.post<Series>(`${series}/${id}/occurrences/${date}`, body),
  stop: (id: number) => api.post<Series>(`${series}/${id}/stop`),
};

/** The simple rule builder's choices, composed into an RFC 5545 RRULE value. */
export interface RuleChoice {
  freq: 'weekly' | 'monthly_day' | 'monthly_nth';
  weekdays: string[]; // MO..SU
  monthDay: number;
  nth: number; // 1..4, or -1 for the last
  nthWeekday: string;
  interval: number;
  end: 'never' | 'until' | 'count';
  until?: string; // YYYY-MM-DD
  count?: number;
}

export function composeRule(c: RuleChoice): string {
  const parts: string[] = [];
  if (c.freq === 'weekly') parts.push('FREQ=WEEKLY', `BYDAY=${(c.weekdays.length ? c.weekdays : ['TU']).join(',')}`);
  else if (c.freq === 'monthly_day') parts.push('FREQ=MONTHLY', `BYMONTHDAY=${c.monthDay}`);
  else parts.push('FREQ=MONTHLY', `BYDAY=${c.nthWeekday}`, `BYSETPOS=${c.nth}`);
  if (c.interval > 1) parts.push(`INTERVAL=${c.interval}`);
  if (c.end === 'until' && c.until) parts.push(`UNTIL=${c.until.replaceAll('-', '')}T235959`);
  if (c.end === 'count' && c.count) parts.push(`COUNT=${c.count}`);
  return parts.join(';');
}
