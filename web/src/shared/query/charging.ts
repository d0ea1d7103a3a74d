import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { ReceiptView, SessionView, StationListItem, StationView, StatsView } from '../iot.ts';
import type { Page } from '../types.ts';

/** EV charging (充电): query keys and queries. Every key starts with chargingKeys.all. */
export const chargingKeys = {
  all: ['charging'] as const,
  stations: (query: Query) => [...chargingKeys.all, 'stations', query] as const,
  station: (id: number) => [...chargingKeys.all, 'station', id] as const,
  sessions: (query: Query) => [...chargingKeys.all, 'sessions', query] as const,
  session: (id: number) => [...chargingKeys.all, 'session', id] as const,
  receipt: (sessionId: number) => [...chargingKeys.all, 'receipt', sessionId] as const,
  stats: (query: Query) => [...chargingKeys.all, 'stats', query] as const,
};

export const chargingQueries = {
  stations: (query: Query) =>
    queryOptions({
      queryKey: chargingKeys.stations(query),
      queryFn: ({ signal }) => api.get<Page<StationListItem>>('/api/charging/stations', query, signal),
    }),
  /** A station with its ports and tariffs. */
  station: (id: number) =>
    queryOptions({
      queryKey: chargingKeys.station(id),
      queryFn: ({ signal }) => api.get<StationView>(`/api/charging/stations/${id}`, undefined, signal),
    }),
  sessions: (query: Query) =>
    queryOptions({
      queryKey: chargingKeys.sessions(query),
      queryFn: ({ signal }) => api.get<Page<SessionView>>('/api/charging/sessions', query, signal),
    }),
  session: (id: number) =>
    queryOptions({
      queryKey: chargingKeys.session(id),
      queryFn: ({ signal }) => api.get<SessionView>(`/api/charging/sessions/${id}`, undefined, signal),
    }),
  /** The receipt of a completed session. */
  receipt: (sessionId: number) =>
    queryOptions({
      queryKey: chargingKeys.receipt(sessionId),
      queryFn: ({ signal }) => api.get<ReceiptView>(`/api/charging/sessions/${sessionId}/receipt`, undefined, signal),
    }),
  /** Monthly figures per station, from and to a month (YYYY-MM). */
  stats: (query: Query) =>
    queryOptions({
      queryKey: chargingKeys.stats(query),
      queryFn: ({ signal }) => api.get<StatsView>('/api/charging/stats', query, signal),
    }),
};

/** The printable receipt (a page of its own, opened in a new tab). */
export function receiptPrintUrl(sessionId: number): string {
  return `/api/charging/sessions/${sessionId}/receipt.html`;
}
