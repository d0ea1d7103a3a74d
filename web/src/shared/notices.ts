/** API shapes of /api/notices (server/src/modules/notices/schema.ts) and its calls. */
import type { NoticesApi, NoticesInput } from '@gongzhi/server/api';
import { api } from './api.ts';
import type { Page } from './types.ts';

export type NoticeView = NoticesApi['NoticeView'];
export type MyNotice = NoticesApi['MyNoticeView'];
export type Recipient = NoticesApi['RecipientView'];
export type VisitTask = NoticesApi['TaskView'];
export type PublishInput = NoticesInput['PublishBody'];
export type Topic = NoticeView['topic'];
export type FraudType = NonNullable<NoticeView['fraudType']>;

export const TOPICS: Topic[] = ['anti_fraud', 'legal_education', 'safety', 'weather', 'health', 'community', 'other'];
export const FRAUD_TYPES: FraudType[] = [
  'impersonating_police',
  'order_brushing',
  'pig_butchering',
  'fake_customer_service',
  'online_loan',
  'other',
];
export const CATEGORIES: NoticeView['category'][] = [
  'geo',
  'met',
  'safety',
  'security',
  'rescue',
  'fire',
  'health',
  'env',
  'transport',
  'infra',
  'cbrne',
  'other',
];
export const URGENCIES: NoticeView['urgency'][] = ['immediate', 'expected', 'future', 'past', 'unknown'];
export const SEVERITIES: NoticeView['severity'][] = ['extreme', 'severe', 'moderate', 'minor', 'unknown'];
export const CERTAINTIES: NoticeView['certainty'][] = ['observed', 'likely', 'possible', 'unlikely', 'unknown'];

const base = '/api/notices';
export const noticesKeys = { all: ['notices'] as const };

export const noticesApi = {
  list: (q: { topic?: Topic; current?: 'true' | 'false'; q?: string; limit?: number; cursor?: string }) =>
    api.get<Page<NoticeView>>(`${base}/manage`, q),
  publish: (body: PublishInput) => api.post<NoticeView>(`${base}/manage`, body),
  get: (id: number) => api.get<NoticeView>(`${base}/manage/${id}`),
  recipients: (id: number, q: { state?: 'acknowledged' | 'unacknowledged'; limit?: number; cursor?: string }) =>
    api.get<Page<Recipient>>(`${base}/manage/${id}/recipients`, q),
  recordAck: (id: number, recipientId: number, body: { method: 'phoned' | 'visited'; note: string }) =>
    api.post<{ ok: boolean }>(`${base}/manage/${id}/recipients/${recipientId}/ack`, body),
  resend: (id: number) => api.post<{ resent: number }>(`${base}/manage/${id}/resend`),
  posterUrl: (id: number) => `${base}/manage/${id}/poster`,
  tasks: (q: { status?: 'open' | 'done' | 'cancelled'; limit?: number; cursor?: string }) =>
    api.get<Page<VisitTask>>(`${base}/tasks`, q),
  closeTask: (id: number, body: { method: 'visited' | 'phoned'; note: string }) =>
    api.post<VisitTask>(`${base}/tasks/${id}/close`, body),
  mine: (q: { limit?: number; cursor?: string }) => api.get<Page<MyNotice>>(`${base}/mine`, q),
  openMine: (id: number) => api.get<MyNotice>(`${base}/mine/${id}`),
  acknowledge: (id: number) => api.post<MyNotice>(`${base}/mine/${id}/ack`),
};
