import type { SupervisionApi, SupervisionInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';

export type SupervisionOrder = SupervisionApi['OrderView'];
export type SupervisionOrderDetail = SupervisionApi['OrderDetail'];
export type SupervisionCounts = SupervisionApi['CountsView'];
export type SupervisionCard = SupervisionOrder['card'];

export const supervisionKeys = { all: ['supervision'] as const };

/** Supervision (督办) reads: orders, one order, counts per unit. */
export const supervisionQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: [...supervisionKeys.all, 'list', query] as const,
      queryFn: ({ signal }) => api.get<SupervisionApi['OrderList']>('/api/supervision/orders', query, signal),
    }),
  order: (id: number) =>
    queryOptions({
      queryKey: [...supervisionKeys.all, 'order', id] as const,
      queryFn: ({ signal }) => api.get<SupervisionOrderDetail>(`/api/supervision/orders/${id}`, undefined, signal),
    }),
  counts: (query: { from: string; to: string }) =>
    queryOptions({
      queryKey: [...supervisionKeys.all, 'counts', query] as const,
      queryFn: ({ signal }) => api.get<SupervisionCounts>('/api/supervision/counts', query, signal),
    }),
};

export const supervisionCalls = {
  create: (body: SupervisionInput['CreateOrderBody']) => api.post<SupervisionOrder>('/api/supervision/orders', body),
  update: (id: number, body: SupervisionInput['UpdateOrderBody']) =>
    api.patch<SupervisionOrderDetail>(`/api/supervision/orders/${id}`, body),
  remind: (id: number, message: string) =>
    api.post<SupervisionApi['RemindResult']>(`/api/supervision/orders/${id}/remind`, { message }),
  close: (id: number, note: string) =>
    api.post<SupervisionOrderDetail>(`/api/supervision/orders/${id}/close`, { note }),
};
