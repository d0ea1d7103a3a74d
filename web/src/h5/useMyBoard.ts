import { api, ApiError } from '../shared/api.ts';
import type { Board } from '../shared/types.ts';
import { useAsync, type AsyncState } from '../shared/useAsync.ts';

/**
 * The public board of the caller's own home. null when the account has no home
 * on record (the API answers 404), which is a state to explain, not an error.
 */
export function useMyBoard(): AsyncState<Board | null> {
  return useAsync(
    (signal) =>
      api.get<Board>('/api/org/board', undefined, signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      }),
    [],
  );
}
