import type { Browser } from 'playwright-core';
import { DEMO_PASSWORD } from './browser.ts';

export interface ApiClient {
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body?: unknown) => Promise<{ status: number; body: T }>;
}

/** A signed-in API client of its own (cookie jar and CSRF token), for setting the scene around a browser test. */
export async function apiAs(browser: Browser, baseUrl: string, username: string): Promise<ApiClient> {
  const context = await browser.newContext({ baseURL: baseUrl });
  const login = await context.request.post('/api/auth/login', { data: { username, password: DEMO_PASSWORD } });
  if (!login.ok()) throw new Error(`login ${username}: ${login.status()} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    get: async <T>(path: string) => {
      const response = await context.request.get(path);
      if (!response.ok()) throw new Error(`GET ${path}: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
    post: async <T>(path: string, body: unknown = {}) => {
      const response = await context.request.post(path, { data: body, headers: { 'X-CSRF-Token': csrfToken } });
      return { status: response.status(), body: (await response.json().catch(() => null)) as T };
    },
  };
}
