import type { InvitationsApi, InvitationsInput } from '@gongzhi/server/api';
import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type { Page } from '../types.ts';

/** An invitation code as staff see it (code itself not kept: shown once when issued). */
export type Invitation = InvitationsApi['InvitationView'];
export type IssuedInvitation = InvitationsApi['IssuedInvitationView'];
export type IssueInvitationInput = InvitationsInput['IssueInvitationBody'];
export type RedeemedInvitation = InvitationsApi['RedeemedInvitationView'];
export type InvitationKind = Invitation['kind'];
export type InvitationStatus = Invitation['status'];

export const INVITATION_KINDS = ['person', 'mobile_grid', 'merchant'] as const satisfies readonly InvitationKind[];
export const INVITATION_STATUSES = [
  'open',
  'used',
  'expired',
  'revoked',
] as const satisfies readonly InvitationStatus[];

/** Invitation codes (代办注册, 骑手入网码, 商户绑定码): issued by staff, redeemed by a signed-in account. */
export const invitationKeys = {
  all: ['invitations'] as const,
  list: (query: Query) => [...invitationKeys.all, 'list', query] as const,
};

export const invitationQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: invitationKeys.list(query),
      queryFn: ({ signal }) => api.get<Page<Invitation>>('/api/auth/invitations', query, signal),
    }),
};

/** Issue and revoke (callers invalidate invitationKeys.all), and redeem from the H5 app. */
export const invitationCalls = {
  /** Answers the code once, with the /h5/join link for its QR. */
  issue: (body: IssueInvitationInput) => api.post<IssuedInvitation>('/api/auth/invitations', body),
  revoke: (id: number) => api.post<Invitation>(`/api/auth/invitations/${id}/revoke`),
  redeem: (code: string) => api.post<RedeemedInvitation>('/api/auth/invitations/redeem', { code }),
};

/** The join link as a whole URL for the QR (the server answers a path when PUBLIC_URL is not set). */
export function absoluteJoinUrl(joinUrl: string): string {
  return new URL(joinUrl, window.location.origin).toString();
}
