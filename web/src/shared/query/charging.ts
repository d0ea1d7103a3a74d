import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type {
  ChargePortView,
  ChargingStatementView,
  MySessionView,
  ReceiptView,
  SessionView,
  StationListItem,
  StationView,
  StatsView,
  WalletView,
} from '../iot.ts';
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
  // A payer's own: the scanned port, sessions, balance, statement (a payment moves them all).
  mine: () => [...chargingKeys.all, 'me'] as const,
  port: (code: string) => [...chargingKeys.all, 'me', 'port', code] as const,
  mySession: (id: number) => [...chargingKeys.all, 'me', 'session', id] as const,
  mySessions: () => [...chargingKeys.all, 'me', 'sessions'] as const,
  wallet: () => [...chargingKeys.all, 'me', 'wallet'] as const,
  statement: (month: string | null) => [...chargingKeys.all, 'me', 'statement', month] as const,
};

/** While a session charges, its live figures are asked for this often. */
const LIVE_MS = 5_000;

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
  /** The port behind a QR code, with my session on it; polled while that session charges. */
  port: (code: string) =>
    queryOptions({
      queryKey: chargingKeys.port(code),
      queryFn: ({ signal }) => api.get<ChargePortView>(`/api/charging/ports/by-code/${code}`, undefined, signal),
      refetchInterval: (q) => (q.state.data?.mine?.status === 'charging' ? LIVE_MS : false),
    }),
  mySession: (id: number) =>
    queryOptions({
      queryKey: chargingKeys.mySession(id),
      queryFn: ({ signal }) => api.get<MySessionView>(`/api/charging/me/sessions/${id}`, undefined, signal),
    }),
  mySessions: () =>
    queryOptions({
      queryKey: chargingKeys.mySessions(),
      queryFn: ({ signal }) => api.get<Page<MySessionView>>('/api/charging/me/sessions', { limit: 50 }, signal),
    }),
  wallet: () =>
    queryOptions({
      queryKey: chargingKeys.wallet(),
      queryFn: ({ signal }) => api.get<WalletView>('/api/charging/me/wallet', undefined, signal),
    }),
  /** My month (YYYY-MM, local); null for this month by the server's clock. */
  statement: (month: string | null) =>
    queryOptions({
      queryKey: chargingKeys.statement(month),
      queryFn: ({ signal }) =>
        api.get<ChargingStatementView>('/api/charging/me/statement', month ? { month } : undefined, signal),
    }),
};

/** What a payer does: start on a scanned port, stop, pay, top up, take the rest back. */
export const chargingActions = {
  start: (portCode: string) => api.post<MySessionView>('/api/charging/me/sessions', { portCode }),
  stop: (id: number) => api.post<MySessionView>(`/api/charging/me/sessions/${id}/stop`),
  pay: (id: number) => api.post<MySessionView>(`/api/charging/me/sessions/${id}/pay`),
  topUp: (amountFen: number) => api.post<WalletView>('/api/charging/me/wallet/top-ups', { amountFen }),
  refund: () => api.post<WalletView>('/api/charging/me/wallet/refund'),
};

/** The printable receipt (a page of its own, opened in a new tab). */
export function receiptPrintUrl(sessionId: number): string {
  return `/api/charging/sessions/${sessionId}/receipt.html`;
}
