import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import { setTimeZone } from './time.ts';
import type { ClientConfig } from './types.ts';

/** The server's settings for the web app, fetched once a session; also sets the display time zone. */
export const clientConfigQuery = queryOptions({
  queryKey: ['config'] as const,
  queryFn: ({ signal }) =>
    api.get<ClientConfig>('/api/config', undefined, signal).then((config) => {
      setTimeZone(config.timeZone);
      return config;
    }),
  staleTime: Number.POSITIVE_INFINITY,
});

export function useClientConfig() {
  return useQuery(clientConfigQuery);
}
