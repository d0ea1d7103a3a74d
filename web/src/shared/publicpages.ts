/** API shapes of /api/public (server/src/modules/publicpages/schema.ts): public pages, no session. */
import type { PublicPagesApi } from '@gongzhi/server/api';
import { api } from './api.ts';

export type PublicIndex = PublicPagesApi['PublicIndex'];
export type PublicCommunityPage = PublicPagesApi['PublicCommunityPage'];
export type PublicVote = PublicPagesApi['PublicVote'];
export type PublicReport = PublicPagesApi['PublicReport'];

export const publicPagesApi = {
  index: () => api.get<PublicIndex>('/api/public/communities'),
  community: (id: number) => api.get<PublicCommunityPage>(`/api/public/communities/${id}`),
};

/** The short link a poster prints: /p/{id} redirects to the phone app's public page. */
export function publicPageUrl(communityId: number) {
  return `${window.location.origin}/p/${communityId}`;
}
