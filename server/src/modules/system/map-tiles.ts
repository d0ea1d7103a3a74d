import type { Config } from '../../config.ts';

/**
 * The 审图号 (map review number) that 天地图's maps carry. It changes when 天地图's data is
 * re-approved; the current one is printed at the foot of the map on https://www.tianditu.gov.cn
 * and in the service terms at https://lbs.tianditu.gov.cn. This value could not be checked
 * against those pages when it was written: verify it there, and set MAP_ATTRIBUTION to
 * override the whole attribution without a code change.
 */
export const TIANDITU_REVIEW_NUMBER = 'GS(2024)0568号';

export const TIANDITU_ATTRIBUTION = `© <a href="https://www.tianditu.gov.cn" target="_blank" rel="noopener">天地图</a> 审图号：${TIANDITU_REVIEW_NUMBER}`;

/** The tile hosts t0…t7.tianditu.gov.cn, one origin pattern for the content security policy. */
const TIANDITU_ORIGIN = 'https://*.tianditu.gov.cn';

/** A 天地图 WMTS layer in Web Mercator ("_w"), as a Leaflet URL template with {s} for t0…t7. */
function tiandituLayer(layer: 'vec' | 'cva', key: string) {
  const params = new URLSearchParams({
    SERVICE: 'WMTS',
    REQUEST: 'GetTile',
    VERSION: '1.0.0',
    LAYER: layer,
    STYLE: 'default',
    TILEMATRIXSET: 'w',
    FORMAT: 'tiles',
    tk: key,
  });
  // Leaflet fills {z}/{y}/{x}; URLSearchParams would escape the braces, so they are appended as they are.
  return {
    url: `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?${params.toString()}&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}`,
    subdomains: '01234567',
  };
}

export interface MapSettings {
  tiles: Array<{ url: string; subdomains: string }>;
  tileCoord: 'wgs84' | 'gcj02';
  attribution: string;
}

/**
 * What the web draws under its maps: 天地图 (vector base and annotation) when a key is set, else
 * the tile server of MAP_TILE_URL, else nothing (a blank canvas with grids and buildings).
 * 天地图 is in CGCS2000, which is WGS-84 to within centimetres, so its points need no shift
 * and MAP_TILE_COORD does not apply to it.
 */
export function mapSettings(
  config: Pick<Config, 'MAP_TIANDITU_KEY' | 'MAP_TILE_URL' | 'MAP_TILE_COORD' | 'MAP_ATTRIBUTION'>,
): MapSettings {
  if (config.MAP_TIANDITU_KEY) {
    return {
      tiles: [tiandituLayer('vec', config.MAP_TIANDITU_KEY), tiandituLayer('cva', config.MAP_TIANDITU_KEY)],
      tileCoord: 'wgs84',
      attribution: config.MAP_ATTRIBUTION || TIANDITU_ATTRIBUTION,
    };
  }
  if (config.MAP_TILE_URL) {
    return {
      tiles: [{ url: config.MAP_TILE_URL, subdomains: 'abc' }],
      tileCoord: config.MAP_TILE_COORD,
      attribution: config.MAP_ATTRIBUTION,
    };
  }
  return { tiles: [], tileCoord: 'wgs84', attribution: config.MAP_ATTRIBUTION };
}

/** Origins the browser may load map tiles from, for the img-src of the content security policy. */
export function tileOrigins(config: Parameters<typeof mapSettings>[0]): string[] {
  if (config.MAP_TIANDITU_KEY) return [TIANDITU_ORIGIN];
  if (config.MAP_TILE_URL) {
    const url = config.MAP_TILE_URL.replace(/\{s\}/g, 'a').replace(/\{[^}]+\}/g, '0');
    return [new URL(url).origin];
  }
  return [];
}
