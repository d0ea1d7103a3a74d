import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { ClientConfig, MediaUpload, MeView, SetupInput } from '../types.ts';

/** Signing in and out, one's own account, the server's settings for the web, and uploads. */
export const accountCalls = {
  me: () => api.get<MeView>('/api/auth/me'),
  login: (username: string, password: string) => api.post<MeView>('/api/auth/login', { username, password }),
  logout: () => api.post('/api/auth/logout'),
  /** The current password is left out only when setting the first (me.hasPassword false). */
  changePassword: (body: { currentPassword?: string; newPassword: string }) => api.post('/api/auth/password', body),
  config: (signal?: AbortSignal) => api.get<ClientConfig>('/api/config', undefined, signal),
  uploadPhoto: (form: FormData) => api.upload<MediaUpload>('/api/media', form),
  /** Whether the first administrator is still to be created (a fresh install). */
  setupState: (signal?: AbortSignal) => api.get<{ needed: boolean }>('/api/setup', undefined, signal),
  /** Creates the district and its first administrator with the setup link's one-time token. */
  setup: (body: SetupInput) => api.post<{ ok: true }>('/api/setup', body),
};

/** The live event stream (server-sent events). */
export const LIVE_STREAM_URL = '/api/live';

/** Whether a fresh install still waits for its first administrator (public, asked before signing in). */
export const setupQuery = () =>
  queryOptions({
    queryKey: ['setup'] as const,
    queryFn: ({ signal }) => accountCalls.setupState(signal),
    staleTime: 0,
  });
