import { ApiError } from '../shared/api.ts';
import type { Board } from '../shared/types.ts';
import { useQuery } from '@tanstack/react-query';
import { orgKeys } from '../shared/query/org.ts';
import { orgCalls } from '../shared/query/org.ts';

export interface MyBoard {
  /** null when the account has no home on record (the API answers 404). */
  board: Board | null;
  /** The server's reason for that 404 (details[0].message), to show as it is. */
  reason: string | null;
}

/** The public board of the caller's own home; no home is a state to explain, not an error. */
export function useMyBoard() {
  return useQuery({
    queryKey: orgKeys.board({ mine: true }),
    queryFn: ({ signal }): Promise<MyBoard> =>
      orgCalls.myBoard(signal).then(
        (board) => ({ board, reason: null }),
        (error: unknown) => {
          if (error instanceof ApiError && error.status === 404)
            return { board: null, reason: error.details[0]?.message ?? null };
          throw error;
        },
      ),
  });
}
