import { queryOptions, useQuery } from '@tanstack/react-query';
import { setTimeZone } from './time.ts';
import { accountCalls } from './query/account.ts';

/** The server's settings for the web app, fetched once a session; also sets the display time zone. */
export const clientConfigQuery = queryOptions({
  queryKey: ['config'] as const,
  queryFn: ({ signal }) =>
    accountCalls.config(signal).then((config) => {
      setTimeZone(config.timeZone);
      return config;
    }),
  staleTime: Number.POSITIVE_INFINITY,
});

export function useClientConfig() {
  return useQuery(clientConfigQuery);
}
