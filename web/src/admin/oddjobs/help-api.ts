/** API shapes and calls of the odd-job help queue (重点帮扶) and monthly figures (server/src/modules/oddjobs/help.ts). */
import { queryOptions } from '@tanstack/react-query';
import type { OddjobsApi, OddjobsInput } from '@gongzhi/server/api';
import { api, type Query } from '../../shared/api.ts';
import { oddjobsKeys } from '../../shared/oddjobs.ts';
import type { Page } from '../../shared/types.ts';

export type HelpQueueItem = OddjobsApi['HelpQueueItem'];
export type HelpQueuePage = OddjobsApi['HelpQueue'];
export type HelpAction = OddjobsApi['HelpActionView'];
export type HelpActionInput = OddjobsInput['HelpActionBody'];
export type HelpFlagsInput = OddjobsInput['HelpFlagsBody'];
export type HelpFlags = OddjobsApi['HelpFlagsView'];
export type SeekerContact = OddjobsApi['SeekerContact'];
export type Figures = OddjobsApi['FiguresView'];
export type MonthFigures = OddjobsApi['MonthFigures'];
export type HelpReason = HelpQueueItem['reasons'][number];
export type HelpKind = HelpAction['kind'];

export const HELP_REASONS: readonly HelpReason[] = ['waiting', 'older', 'disabled', 'low_income'];
export const HELP_KINDS: readonly HelpKind[] = ['call', 'referral', 'training', 'note'];

const base = '/api/oddjobs';

export const helpKeys = {
  all: [...oddjobsKeys.all, 'help'] as const,
  queue: (q: Query) => [...helpKeys.all, 'queue', q] as const,
  actions: (seekerId: number) => [...helpKeys.all, 'actions', seekerId] as const,
  figures: (q: Query) => [...oddjobsKeys.all, 'figures', q] as const,
};

export const helpQueries = {
  queue: (q: Query) =>
    queryOptions({
      queryKey: helpKeys.queue(q),
      queryFn: ({ signal }) =>
        api.get<Page<HelpQueueItem> & Pick<HelpQueuePage, 'waitAfterDays'>>(`${base}/help/queue`, q, signal),
    }),
  actions: (seekerId: number) =>
    queryOptions({
      queryKey: helpKeys.actions(seekerId),
      queryFn: ({ signal }) => api.get<{ items: HelpAction[] }>(`${base}/help/seekers/${seekerId}/actions`, {}, signal),
    }),
  figures: (q: Query) =>
    queryOptions({
      queryKey: helpKeys.figures(q),
      queryFn: ({ signal }) => api.get<Figures>(`${base}/figures`, q, signal),
    }),
};

export const helpApi = {
  act: (seekerId: number, body: HelpActionInput) =>
    api.post<HelpAction>(`${base}/help/seekers/${seekerId}/actions`, body),
  flag: (seekerId: number, body: HelpFlagsInput) => api.post<HelpFlags>(`${base}/help/seekers/${seekerId}/flags`, body),
  contact: (seekerId: number) => api.get<SeekerContact>(`${base}/help/seekers/${seekerId}/contact`),
};
