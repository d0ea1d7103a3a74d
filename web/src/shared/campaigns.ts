/** API shapes of /api/campaigns (server/src/modules/campaigns/schema.ts) and its calls. */
import type { CampaignsApi, CampaignsInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type CampaignSummary = CampaignsApi['CampaignSummary'];
export type CampaignProgress = CampaignsApi['Progress'];
export type Notice = CampaignsApi['NoticeView'];
export type CampaignView = CampaignsApi['CampaignView'];
export type InspectionInput = CampaignsInput['InspectionBody'];
export type InspectionResult = CampaignsApi['InspectionResult'];

const base = '/api/campaigns';

export const campaignsKeys = { all: ['campaigns'] as const };

export const campaignsApi = {
  list: (q: { status?: 'active' | 'closed'; q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<CampaignSummary>>(base, q),
  mine: () => api.get<Page<CampaignSummary>>(base, { mine: true, status: 'active', limit: 50 }),
  get: (id: number) => api.get<CampaignView>(`${base}/${id}`),
  inspect: (id: number, targetId: number, body: InspectionInput) =>
    api.post<InspectionResult>(`${base}/${id}/targets/${targetId}/inspection`, body),
  progress: (id: number) => api.get<CampaignProgress>(`${base}/${id}/progress`),
  notices: (id: number) => api.get<{ items: Notice[] }>(`${base}/${id}/notices`),
  pdfUrl: (noticeId: number) => `${base}/notices/${noticeId}/pdf`,
};
