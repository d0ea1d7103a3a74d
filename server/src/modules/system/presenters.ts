import type { Config } from '../../config.ts';
import { mapSettings } from './map-tiles.ts';
import type { ClientConfig } from './schema.ts';

/** The settings the web app needs, and nothing else of the server's configuration. */
export function presentClientConfig(config: Config, version: string): ClientConfig {
  return {
    defaultLocale: config.DEFAULT_LOCALE,
    timeZone: config.TIME_ZONE,
    map: mapSettings(config),
    version,
  };
}
