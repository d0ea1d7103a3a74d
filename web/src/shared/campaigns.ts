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
export type CampaignInput = CampaignsInput['CampaignBody'];
export type CampaignUpdateInput = CampaignsInput['CampaignUpdateBody'];
export type TargetInput = CampaignsInput['TargetBody'];
export type RecheckInput = CampaignsInput['RecheckBody'];
export type StaffMember = CampaignsApi['StaffList']['items'][number];
export type NoticeStatus = Notice['status'];
export interface NoticeQuery {
  campaignId?: number | undefined;
  status?: NoticeStatus | undefined;
  open?: boolean | undefined;
  overdue?: boolean | undefined;
  mine?: boolean | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit?: number | undefined;
}

const base = '/api/campaigns';

export const campaignsKeys = { all: ['campaigns'] as const };

const flag = (v: boolean | undefined) => (v ? 'true' : undefined);

export const campaignsApi = {
  list: (q: { status?: 'active' | 'closed'; q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<CampaignSummary>>(base, q),
  mine: () => api.get<Page<CampaignSummary>>(base, { mine: true, status: 'active', limit: 50 }),
  get: (id: number) => api.get<CampaignView>(`${base}/${id}`),
  create: (body: CampaignInput) => api.post<CampaignView>(base, body),
  update: (id: number, body: CampaignUpdateInput) => api.patch<CampaignView>(`${base}/${id}`, body),
  staff: (divisionId: number, q?: string) => api.get<{ items: StaffMember[] }>(`${base}/staff`, { divisionId, q }),
  inspect: (id: number, targetId: number, body: InspectionInput) =>
    api.post<InspectionResult>(`${base}/${id}/targets/${targetId}/inspection`, body),
  progress: (id: number) => api.get<CampaignProgress>(`${base}/${id}/progress`),
  notices: (id: number) => api.get<{ items: Notice[] }>(`${base}/${id}/notices`),
  noticePage: (q: NoticeQuery) =>
    api.get<Page<Notice>>(`${base}/notices`, {
      ...q,
      open: flag(q.open),
      overdue: flag(q.overdue),
      mine: flag(q.mine),
    }),
  recheck: (noticeId: number, body: RecheckInput) => api.post<Notice>(`${base}/notices/${noticeId}/recheck`, body),
  pdfUrl: (noticeId: number) => `${base}/notices/${noticeId}/pdf`,
};
