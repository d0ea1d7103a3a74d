import { queryOptions } from '@tanstack/react-query';
import { api, type Query } from '../api.ts';
import type {
  CreateUserInput,
  Grantable,
  GrantInput,
  Page,
  UpdateUserInput,
  UserAccount,
  PasswordReset,
  UserWithPassword,
} from '../types.ts';

/** Staff accounts (用户管理) of the caller's area: who signs in, with which roles over which units. */
export const usersKeys = {
  all: ['users'] as const,
  lists: () => [...usersKeys.all, 'list'] as const,
  list: (query: Query) => [...usersKeys.lists(), query] as const,
  user: (id: number) => [...usersKeys.all, 'user', id] as const,
  grantable: () => [...usersKeys.all, 'grantable'] as const,
};

export const usersQueries = {
  list: (query: Query) =>
    queryOptions({
      queryKey: usersKeys.list(query),
      queryFn: ({ signal }) => api.get<Page<UserAccount>>('/api/auth/users', query, signal),
    }),
  user: (id: number) =>
    queryOptions({
      queryKey: usersKeys.user(id),
      queryFn: ({ signal }) => api.get<UserAccount>(`/api/auth/users/${id}`, undefined, signal),
    }),
  /** The roles the caller may grant, with the kinds of unit each is granted over. */
  grantable: () =>
    queryOptions({
      queryKey: usersKeys.grantable(),
      queryFn: ({ signal }) => api.get<Grantable>('/api/auth/users/grantable', undefined, signal),
      staleTime: 5 * 60_000,
    }),
};

/** Changes to accounts; callers invalidate usersKeys.all after each. */
export const usersCalls = {
  /** Answers the one-time password once. */
  create: (body: CreateUserInput) => api.post<UserWithPassword>('/api/auth/users', body),
  update: (id: number, body: UpdateUserInput) => api.patch<UserAccount>(`/api/auth/users/${id}`, body),
  addGrant: (id: number, body: GrantInput) => api.post<UserAccount>(`/api/auth/users/${id}/grants`, body),
  removeGrant: (id: number, grantId: number) => api.delete<UserAccount>(`/api/auth/users/${id}/grants/${grantId}`),
  deactivate: (id: number) => api.post<UserAccount>(`/api/auth/users/${id}/deactivate`),
  reactivate: (id: number) => api.post<UserAccount>(`/api/auth/users/${id}/reactivate`),
  unlock: (id: number) => api.post<UserAccount>(`/api/auth/users/${id}/unlock`),
  /** A new one-time password, answered once or sent to the account's phone; the account's sessions end. */
  resetPassword: (id: number, via: 'screen' | 'sms') =>
    api.post<PasswordReset>(`/api/auth/users/${id}/reset-password`, { via }),
};
