import type { MattersApi, MattersInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';

/** A period someone is on duty at a service station (驿站值班). */
export type StationDuty = MattersApi['StationDutyView'];
export type StationDutyInput = MattersInput['StationDutyBody'];

/** Duty rosters of service stations: who is on duty when, so a help call there reaches a person. */
export const stationDutyKeys = {
  all: ['station-duty'] as const,
  station: (stationId: number, from: string, to: string) => [...stationDutyKeys.all, stationId, from, to] as const,
};

export const stationDutyQueries = {
  /** The periods of a station that overlap [from, to), ISO times. */
  station: (stationId: number, from: string, to: string) =>
    queryOptions({
      queryKey: stationDutyKeys.station(stationId, from, to),
      queryFn: ({ signal }) =>
        api.get<{ items: StationDuty[] }>(`/api/matters/stations/${stationId}/duty`, { from, to }, signal),
    }),
};

/** Changes to rosters; callers invalidate stationDutyKeys.all after each. */
export const stationDutyCalls = {
  add: (stationId: number, body: StationDutyInput) =>
    api.post<StationDuty>(`/api/matters/stations/${stationId}/duty`, body),
  remove: (dutyId: number) => api.delete<{ ok: true }>(`/api/matters/station-duty/${dutyId}`),
};
