/** API shapes of /api/access (server/src/modules/access/schema.ts, 智慧平安小区) and its calls. */
import type { AccessApi, AccessInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type AccessPerson = AccessApi['PersonView'];
export type AccessVehicle = AccessApi['VehicleView'];
export type VisitorPass = AccessApi['PassView'];
export type IssuedPass = AccessApi['IssuedPass'];
export type AccessEntry = AccessApi['EntryView'];
export type HourlyEntries = AccessApi['Hourly'];
export type WatchEntry = AccessApi['WatchView'];
export type AccessAlarm = AccessApi['AlarmView'];
export type PersonKind = AccessPerson['kind'];
export type EntryMethod = AccessEntry['method'];
export type PassInput = AccessInput['PassBody'];
export type WatchInput = AccessInput['WatchBody'];

export const PERSON_KINDS: readonly PersonKind[] = ['resident', 'tenant', 'worker', 'property_staff', 'other'];
export const ENTRY_METHODS: readonly EntryMethod[] = ['card', 'qr', 'plate', 'face'];

const base = '/api/access';
export const accessKeys = { all: ['access'] as const };

type PageQ = { limit?: number; cursor?: string };
export type EntrySearch = {
  compoundId?: number;
  method?: EntryMethod;
  plate?: string;
  allowed?: 'true' | 'false';
  from: string;
  to: string;
};

export const accessApi = {
  people: (compoundId: number, q: PageQ) => api.get<Page<AccessPerson>>(`${base}/compounds/${compoundId}/people`, q),
  addPerson: (compoundId: number, body: AccessInput['PersonBody']) =>
    api.post<AccessPerson>(`${base}/compounds/${compoundId}/people`, body),
  vehicles: (compoundId: number, q: PageQ) =>
    api.get<Page<AccessVehicle>>(`${base}/compounds/${compoundId}/vehicles`, q),
  addVehicle: (compoundId: number, body: AccessInput['VehicleBody']) =>
    api.post<AccessVehicle>(`${base}/compounds/${compoundId}/vehicles`, body),
  passes: (q: PageQ & { compoundId?: number }) => api.get<Page<VisitorPass>>(`${base}/passes`, q),
  issuePass: (body: PassInput) => api.post<IssuedPass>(`${base}/passes`, body),
  revokePass: (id: number) => api.post<VisitorPass>(`${base}/passes/${id}/revoke`),
  entries: (q: EntrySearch & PageQ) => api.get<Page<AccessEntry>>(`${base}/entries`, q),
  hourly: (q: { compoundId?: number; from: string; to: string }) => api.get<HourlyEntries>(`${base}/entries/hourly`, q),
  watch: (q: PageQ & { status?: 'active' | 'closed' }) => api.get<Page<WatchEntry>>(`${base}/watch`, q),
  addWatch: (body: WatchInput) => api.post<WatchEntry>(`${base}/watch`, body),
  closeWatch: (id: number) => api.post<WatchEntry>(`${base}/watch/${id}/close`),
  alarms: (q: PageQ) => api.get<Page<AccessAlarm>>(`${base}/alarms`, q),
};

export const myPassCompounds = () => api.get<AccessApi['MyCompounds']>(`${base}/passes/compounds`);
