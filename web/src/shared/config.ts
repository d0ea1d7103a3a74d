import { api } from './api.ts';
import { setTimeZone } from './time.ts';
import type { ClientConfig } from './types.ts';

let loading: Promise<ClientConfig> | null = null;

/** The server's settings for the web app, fetched once; also sets the display time zone. */
export function loadClientConfig(): Promise<ClientConfig> {
  loading ??= api.get<ClientConfig>('/api/config').then((config) => {
    setTimeZone(config.timeZone);
    return config;
  });
  loading.catch(() => {
    loading = null; // try again next time
  });
  return loading;
}
