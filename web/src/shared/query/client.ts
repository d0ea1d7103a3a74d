import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api.ts';

/**
 * The one cache of server data for a tab. A refusal (4xx) is an answer, not a fault, so it is
 * never retried; a network failure or a 5xx is tried twice more. Live events invalidate what
 * they touch (LiveInvalidation), so data may be kept a while without refetching on focus.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        retry: (failures, error) =>
          !(error instanceof ApiError && error.status >= 400 && error.status < 500) && failures < 2,
      },
      mutations: { retry: false },
    },
  });
}
