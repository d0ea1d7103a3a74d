/** API shapes of /api/jobfairs (server/src/modules/jobfairs/schema.ts) and its calls, for the console and H5. */
import type { JobfairsApi, JobfairsInput } from '@gongzhi/server/api';
import { api } from '../../shared/api.ts';
import type { Page } from '../../shared/types.ts';

export type Fair = JobfairsApi['FairView'];
export type FairDetail = JobfairsApi['FairDetail'];
export type Booth = JobfairsApi['BoothView'];
export type Signup = JobfairsApi['SignupView'];
export type MySignup = JobfairsApi['MySignup'];
export type Interview = JobfairsApi['InterviewView'];
export type FairReport = JobfairsApi['FairReport'];
export type DoorCode = JobfairsApi['DoorCodeView'];
export type FairInput = JobfairsInput['FairBody'];
export type PositionInput = JobfairsInput['PositionBody'];
export type Position = JobfairsApi['PositionView'];
export type FairStatus = Fair['status'];

const base = '/api/jobfairs';

export const jobfairsKeys = { all: ['jobfairs'] as const };

export const jobfairsApi = {
  list: (q: { status?: string; q?: string; cursor?: string; limit?: number }) =>
    api.get<Page<Fair>>(`${base}/fairs`, q),
  upcoming: (q: { near?: 'yes'; cursor?: string }) => api.get<Page<Fair>>(`${base}/upcoming`, q),
  create: (body: FairInput) => api.post<Fair>(`${base}/fairs`, body),
  get: (id: number) => api.get<FairDetail>(`${base}/fairs/${id}`),
  setStatus: (id: number, action: 'publish' | 'close') => api.post<Fair>(`${base}/fairs/${id}/${action}`),
  takeBooth: (fairId: number) => api.post<Booth>(`${base}/fairs/${fairId}/booths`),
  addPosition: (boothId: number, body: PositionInput) =>
    api.post<Position>(`${base}/booths/${boothId}/positions`, body),
  recordInterview: (fairId: number, positionId: number, signupCode: string) =>
    api.post<Interview>(`${base}/fairs/${fairId}/interviews`, { positionId, signupCode }),
  signUp: (id: number) => api.post<Signup>(`${base}/fairs/${id}/signup`),
  mySignups: () => api.get<{ items: MySignup[] }>(`${base}/signups/mine`),
  doorCode: (id: number) => api.get<DoorCode>(`${base}/fairs/${id}/door-code`),
  checkIn: (id: number, token: string) => api.post<Signup>(`${base}/fairs/${id}/checkin`, { token }),
  staffSignIn: (id: number, code: string) => api.post<Signup>(`${base}/fairs/${id}/signins`, { code }),
  signups: (id: number, q: { signedIn?: 'yes'; cursor?: string }) =>
    api.get<Page<Signup>>(`${base}/fairs/${id}/signups`, q),
  interviews: (id: number) => api.get<Page<Interview>>(`${base}/fairs/${id}/interviews`, { limit: 200 }),
  decide: (id: number, outcome: 'offer' | 'no_offer') =>
    api.post<Interview>(`${base}/interviews/${id}/outcome`, { outcome }),
  myInterviews: () => api.get<Page<Interview>>(`${base}/interviews/mine`, { limit: 100 }),
  respond: (id: number, decision: 'accept' | 'decline') =>
    api.post<Interview>(`${base}/interviews/${id}/respond`, { decision }),
  due: (fairId?: number) => api.get<Page<Interview>>(`${base}/followups/due`, { fairId, limit: 100 }),
  followUp: (id: number, employed: boolean, note = '') =>
    api.post<unknown>(`${base}/interviews/${id}/followup`, { employed, note }),
  report: (id: number) => api.get<FairReport>(`${base}/fairs/${id}/report`),
};
