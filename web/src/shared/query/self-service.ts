import type { NotificationsApi } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';

/*
 * The shapes below are the server's, written inline in its routes (auth/routes-self.ts,
 * notifications/routes-messages.ts) rather than in a module schema that @gongzhi/server/api
 * could name; they are repeated here until they move there.
 */

/** A device signed in to one's account; `id` is a handle to sign it out with, not the token. */
export interface SignedInDevice {
  id: string;
  current: boolean;
  createdAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
}

/** One's own open request to delete the account. */
export interface MyDeletionRequest {
  id: number;
  status: string;
  requestedAt: string;
}

/** A request to review (注销申请), phone masked. */
export interface PendingDeletion {
  id: number;
  userId: number;
  displayName: string;
  phone: string | null;
  reason: string;
  requestedAt: string;
}

/** A message the log provider "sent" (development servers), phone masked. */
export interface OutboxMessage {
  at: string;
  channel: 'sms' | 'voice';
  phone: string;
  kind: string;
  text: string;
}

/** A page of the delivery log (发送记录), with counts per status under the same filters. */
export type DeliveryPage = NotificationsApi['DeliveryList'];
export type Delivery = NotificationsApi['DeliveryView'];
export type DeliveryStatus = Delivery['status'];

/** The delivery log's filters as the server takes them (instants, not local dates). */
export interface DeliveryFilters {
  status?: DeliveryStatus;
  kind?: string;
  channel?: 'sms' | 'voice';
  critical?: 'true';
  from?: string;
  to?: string;
  phone?: string;
  cursor?: string;
  limit: number;
}

/** One's own devices and deletion request; the console's review of requests, the outbox and the delivery log. */
export const selfServiceKeys = {
  all: ['self-service'] as const,
  devices: () => [...selfServiceKeys.all, 'devices'] as const,
  myDeletion: () => [...selfServiceKeys.all, 'my-deletion'] as const,
  pendingDeletions: () => [...selfServiceKeys.all, 'pending-deletions'] as const,
  outbox: () => [...selfServiceKeys.all, 'outbox'] as const,
  deliveries: (filters?: DeliveryFilters) => [...selfServiceKeys.all, 'deliveries', filters ?? {}] as const,
};

export const selfServiceQueries = {
  devices: () =>
    queryOptions({
      queryKey: selfServiceKeys.devices(),
      queryFn: ({ signal }) => api.get<{ items: SignedInDevice[] }>('/api/auth/sessions', undefined, signal),
    }),
  myDeletion: () =>
    queryOptions({
      queryKey: selfServiceKeys.myDeletion(),
      queryFn: ({ signal }) =>
        api.get<{ request: MyDeletionRequest | null }>('/api/auth/deletion-request', undefined, signal),
    }),
  pendingDeletions: () =>
    queryOptions({
      queryKey: selfServiceKeys.pendingDeletions(),
      queryFn: ({ signal }) => api.get<{ items: PendingDeletion[] }>('/api/auth/deletion-requests', undefined, signal),
    }),
  /** 404 when a real SMS provider is in use (it keeps nothing to show). */
  outbox: () =>
    queryOptions({
      queryKey: selfServiceKeys.outbox(),
      queryFn: ({ signal }) => api.get<{ items: OutboxMessage[] }>('/api/messages/outbox', undefined, signal),
      retry: false,
    }),
  deliveries: (filters: DeliveryFilters) =>
    queryOptions({
      queryKey: selfServiceKeys.deliveries(filters),
      queryFn: ({ signal }) => api.get<DeliveryPage>('/api/messages/deliveries', { ...filters }, signal),
    }),
};

export const selfServiceCalls = {
  /** Signs out one device by its handle, or every other one with 'others'. */
  signOut: (handle: string) => api.delete<{ ended: number }>(`/api/auth/sessions/${encodeURIComponent(handle)}`),
  requestDeletion: (reason: string) =>
    api.post<{ id: number; status: 'requested' }>('/api/auth/deletion-request', { reason }),
  withdrawDeletion: () => api.delete<{ ok: true }>('/api/auth/deletion-request'),
  /** Approve (the account is anonymised) or refuse with a note. */
  decideDeletion: (id: number, approve: boolean, note: string) =>
    api.post<{ ok: true }>(`/api/auth/deletion-requests/${id}/decide`, { approve, note }),
  /** A failed message sent again (the log says which may be: `retryable`). */
  retryDelivery: (id: number) => api.post<Delivery>(`/api/messages/deliveries/${id}/retry`),
};
