import { queryOptions } from '@tanstack/react-query';
import { api } from '../api.ts';
import type { MeView } from '../types.ts';

/*
 * The shapes below are the server's, written inline in its routes (auth/routes-phone.ts,
 * notifications/routes-messages.ts) rather than in a module schema that @gongzhi/server/api
 * could name; they are repeated here until they move there.
 */

/** What a code was sent for: signing in (or up), or proving a new phone number. */
export type CodePurpose = 'login' | 'change_phone';

export interface CodeSent {
  ok: true;
  expiresInSeconds: number;
  resendAfterSeconds: number;
}

/** The signed-in account, and whether this sign-in made it (a new number signed up). */
export type PhoneSignIn = MeView & { created: boolean };

/** A community a resident may choose at sign-up. */
export interface CommunityChoice {
  id: number;
  name: string;
  streetName: string;
}

/** Channels beyond the app and quiet hours ('HH:MM', both or neither); critical alarms ignore them. */
export interface MessagePreferences {
  sms: boolean;
  voice: boolean;
  quietStart: string | null;
  quietEnd: string | null;
}

/** A resident's own account by phone: codes, sign-in and sign-up, 实名认证, change of phone, 消息设置. */
export const phoneAccountKeys = {
  all: ['phone-account'] as const,
  communities: (q: string) => [...phoneAccountKeys.all, 'communities', q] as const,
  preferences: () => [...phoneAccountKeys.all, 'message-preferences'] as const,
};

export const phoneAccountQueries = {
  /** Communities by name (public: asked before the account exists), at most 20. */
  communities: (q: string) =>
    queryOptions({
      queryKey: phoneAccountKeys.communities(q),
      queryFn: ({ signal }) =>
        api.get<{ items: CommunityChoice[] }>('/api/auth/communities', { q: q || undefined }, signal),
      staleTime: 5 * 60_000,
    }),
  preferences: () =>
    queryOptions({
      queryKey: phoneAccountKeys.preferences(),
      queryFn: ({ signal }) => api.get<MessagePreferences>('/api/messages/preferences', undefined, signal),
    }),
};

export const phoneAccountCalls = {
  /** Sends a code by SMS; 429 within a minute of the last one or past the hourly limits. */
  requestCode: (phone: string, purpose: CodePurpose) => api.post<CodeSent>('/api/auth/phone-code', { phone, purpose }),
  /** Signs in with the code; a new number without communityId answers 400 on body.communityId. */
  signIn: (body: { phone: string; code: string; communityId?: number }) =>
    api.post<PhoneSignIn>('/api/auth/phone-login', body),
  /** 实名认证: binds the account to the registered person with this name and ID number. */
  bind: (body: { name: string; idNumber: string }) => api.post<{ ok: true }>('/api/auth/bind', body),
  changePhone: (body: { phone: string; code: string }) => api.post<{ ok: true }>('/api/auth/phone', body),
  setPreferences: (body: MessagePreferences) => api.put<MessagePreferences>('/api/messages/preferences', body),
};
