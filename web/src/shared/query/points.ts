import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { AdminPointsStats, PersonAccount } from '../../admin/points/types.ts';
import { api, ApiError, type Query } from '../api.ts';
import type {
  EarningRule,
  Honour,
  Leaderboard,
  Merchant,
  Page,
  PointsAccount,
  PointsCorrection,
  Settlement,
  ShopItem,
  StatementLine,
  Voucher,
} from '../types.ts';

/**
 * Points (积分): accounts and statements, earning rules, the leaderboard and honours, merchants,
 * their goods and settlements, vouchers. Every key starts with pointsKeys.all, so a change made
 * here makes them all stale at once (a redemption moves a balance, a voucher and a settlement).
 */
export const pointsKeys = {
  all: ['points'] as const,
  me: () => [...pointsKeys.all, 'me'] as const,
  myStatement: (limit: number) => [...pointsKeys.all, 'me', 'statement', limit] as const,
  accounts: (query: Query) => [...pointsKeys.all, 'accounts', query] as const,
  statement: (accountId: number, query: Query) =>
    [...pointsKeys.all, 'accounts', accountId, 'statement', query] as const,
  rules: () => [...pointsKeys.all, 'rules'] as const,
  corrections: (query: Query) => [...pointsKeys.all, 'corrections', query] as const,
  leaderboard: (query: Query) => [...pointsKeys.all, 'leaderboard', query] as const,
  honours: (query: Query) => [...pointsKeys.all, 'honours', query] as const,
  stats: (query: Query) => [...pointsKeys.all, 'stats', query] as const,
  statsByMonth: (months: readonly { from: string; to: string }[], communityId: number | undefined) =>
    [...pointsKeys.all, 'stats', 'months', months, communityId ?? null] as const,
  merchants: (query: Query) => [...pointsKeys.all, 'merchants', query] as const,
  merchantPages: (query: Query) => [...pointsKeys.all, 'merchants', 'pages', query] as const,
  myMerchant: () => [...pointsKeys.all, 'merchants', 'mine'] as const,
  settlement: (merchantId: number, query: Query) =>
    [...pointsKeys.all, 'merchants', merchantId, 'settlement', query] as const,
  items: (query: Query) => [...pointsKeys.all, 'items', query] as const,
  vouchers: (limit: number) => [...pointsKeys.all, 'vouchers', limit] as const,
  voucher: (id: number) => [...pointsKeys.all, 'vouchers', 'one', id] as const,
};

/** The next page's cursor of a cursor-paged list, for useInfiniteQuery. */
const nextCursor = (page: Page<unknown>) => page.nextCursor ?? undefined;

export const pointsQueries = {
  /** The signed-in person's account and balance. */
  me: () =>
    queryOptions({
      queryKey: pointsKeys.me(),
      queryFn: ({ signal }) => api.get<PointsAccount>('/api/points/me', undefined, signal),
    }),
  /** The signed-in person's statement, page after page (infinite scroll). */
  myStatement: (limit: number) =>
    infiniteQueryOptions({
      queryKey: pointsKeys.myStatement(limit),
      queryFn: ({ pageParam, signal }) =>
        api.get<Page<StatementLine>>('/api/points/me/statement', { limit, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  /** Corrections of the area, newest first (status=pending: waiting for a second member of staff). */
  corrections: (query: Query) =>
    queryOptions({
      queryKey: pointsKeys.corrections(query),
      queryFn: ({ signal }) =>
        api.get<Page<Omit<PointsCorrection, 'replayed'>>>('/api/points/corrections', query, signal),
    }),
  accounts: (query: Query) =>
    queryOptions({
      queryKey: pointsKeys.accounts(query),
      queryFn: ({ signal }) => api.get<Page<PersonAccount>>('/api/points/accounts', query, signal),
    }),
  statement: (accountId: number, query: Query) =>
    queryOptions({
      queryKey: pointsKeys.statement(accountId, query),
      queryFn: ({ signal }) =>
        api.get<Page<StatementLine>>(`/api/points/accounts/${accountId}/statement`, query, signal),
    }),
  rules: () =>
    queryOptions({
      queryKey: pointsKeys.rules(),
      queryFn: ({ signal }) => api.get<{ items: EarningRule[] }>('/api/points/rules', undefined, signal),
    }),
  leaderboard: (query: Query) =>
    queryOptions({
      queryKey: pointsKeys.leaderboard(query),
      queryFn: ({ signal }) => api.get<Leaderboard>('/api/points/leaderboard', query, signal),
    }),
  honours: (query: Query = {}) =>
    queryOptions({
      queryKey: pointsKeys.honours(query),
      queryFn: ({ signal }) => api.get<{ items: Honour[] }>('/api/points/honours', query, signal),
    }),
  stats: (query: Query) =>
    queryOptions({
      queryKey: pointsKeys.stats(query),
      queryFn: ({ signal }) => api.get<AdminPointsStats>('/api/points/stats', query, signal),
    }),
  /** The stats of each of the given months, for a chart. */
  statsByMonth: <M extends { label: string; from: string; to: string }>(
    months: readonly M[],
    communityId: number | undefined,
  ) =>
    queryOptions({
      queryKey: pointsKeys.statsByMonth(
        months.map(({ from, to }) => ({ from, to })),
        communityId,
      ),
      queryFn: ({ signal }) =>
        Promise.all(
          months.map(async (m) => ({
            label: m.label,
            stats: await api.get<AdminPointsStats>(
              '/api/points/stats',
              { from: m.from, to: m.to, communityId },
              signal,
            ),
          })),
        ),
    }),
  merchants: (query: Query) =>
    queryOptions({
      queryKey: pointsKeys.merchants(query),
      queryFn: ({ signal }) => api.get<Page<Merchant>>('/api/points/merchants', query, signal),
    }),
  /** The merchants of the area, page after page (infinite scroll). */
  merchantPages: (query: Query) =>
    infiniteQueryOptions({
      queryKey: pointsKeys.merchantPages(query),
      queryFn: ({ pageParam, signal }) =>
        api.get<Page<Merchant>>('/api/points/merchants', { ...query, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  /** The merchant the signed-in person runs, or null when they run none. */
  myMerchant: () =>
    queryOptions({
      queryKey: pointsKeys.myMerchant(),
      queryFn: ({ signal }) =>
        api.get<Merchant>('/api/points/merchants/mine', undefined, signal).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return null;
          throw error;
        }),
    }),
  settlement: (merchantId: number, query: Query) =>
    queryOptions({
      queryKey: pointsKeys.settlement(merchantId, query),
      queryFn: ({ signal }) => api.get<Settlement>(`/api/points/merchants/${merchantId}/settlement`, query, signal),
    }),
  items: (query: Query = {}) =>
    queryOptions({
      queryKey: pointsKeys.items(query),
      queryFn: ({ signal }) => api.get<{ items: ShopItem[] }>('/api/points/items', query, signal),
    }),
  /** The signed-in person's vouchers, page after page (infinite scroll). */
  vouchers: (limit: number) =>
    infiniteQueryOptions({
      queryKey: pointsKeys.vouchers(limit),
      queryFn: ({ pageParam, signal }) =>
        api.get<Page<Voucher>>('/api/points/vouchers', { limit, cursor: pageParam }, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: nextCursor,
    }),
  /** One of the signed-in person's vouchers: there is no GET of one, so it is found among theirs (newest first, so on the first page). */
  voucher: (id: number) =>
    queryOptions({
      queryKey: pointsKeys.voucher(id),
      queryFn: async ({ signal }) => {
        let cursor: string | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await api.get<Page<Voucher>>('/api/points/vouchers', { limit: 100, cursor }, signal);
          const found = page.items.find((v) => v.id === id);
          if (found) return found;
          if (!page.nextCursor) return null;
          cursor = page.nextCursor;
        }
        return null;
      },
    }),
};

export const pointsCalls = {
  correct: (body: { communityId: number; amount: number; reason: string; userId: number; idempotencyKey: string }) =>
    api.post<PointsCorrection>('/api/points/corrections', body),
  /** Approves (posts) or rejects a waiting correction; the server refuses the one who asked for it. */
  decideCorrection: (id: number, decision: 'approve' | 'reject', note = '') =>
    api.post<PointsCorrection>(`/api/points/corrections/${id}/${decision}`, { note }),
  createRule: (body: object) => api.post<EarningRule>('/api/points/rules', body),
  awardHonours: (body: {
    communityId: number | undefined;
    period: string;
    title: string;
    top: number;
    includeStaff: boolean;
  }) => api.post('/api/points/honours', body),
  createMerchant: (body: object) => api.post<Merchant>('/api/points/merchants', body),
  updateMerchant: (id: number, body: object) => api.patch<Merchant>(`/api/points/merchants/${id}`, body),
  createItem: (merchantId: number, body: object) =>
    api.post<ShopItem>(`/api/points/merchants/${merchantId}/items`, body),
  updateItem: (id: number, body: object) => api.patch<ShopItem>(`/api/points/items/${id}`, body),
  buyVoucher: (body: { itemId: number; idempotencyKey: string }) => api.post<Voucher>('/api/points/vouchers', body),
  cancelVoucher: (id: number) => api.post<Voucher>(`/api/points/vouchers/${id}/cancel`),
  redeemVoucher: (code: string) => api.post<Voucher>('/api/points/vouchers/redeem', { code }),
};
