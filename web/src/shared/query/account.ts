import { api } from '../api.ts';
import type { ClientConfig, MediaUpload, MeView } from '../types.ts';

/** Signing in and out, one's own account, the server's settings for the web, and uploads. */
export const accountCalls = {
  me: () => api.get<MeView>('/api/auth/me'),
  login: (username: string, password: string) => api.post<MeView>('/api/auth/login', { username, password }),
  logout: () => api.post('/api/auth/logout'),
  changePassword: (body: { currentPassword: string; newPassword: string }) => api.post('/api/auth/password', body),
  config: (signal?: AbortSignal) => api.get<ClientConfig>('/api/config', undefined, signal),
  uploadPhoto: (form: FormData) => api.upload<MediaUpload>('/api/media', form),
};

/** The live event stream (server-sent events). */
export const LIVE_STREAM_URL = '/api/live';
