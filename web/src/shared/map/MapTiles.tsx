import { AttributionControl, TileLayer } from 'react-leaflet';
import type { ClientConfig } from '../types.ts';

type MapConfig = ClientConfig['map'];

/** True when the map is drawn on tiles in GCJ-02, so WGS-84 points must be shifted onto them. */
export function onGcjTiles(map: MapConfig | undefined): boolean {
  return Boolean(map && map.tiles.length > 0 && map.tileCoord === 'gcj02');
}

/**
 * The configured tile layers, bottom first (天地图's streets, then its annotations), the
 * attribution on the lowest. Nothing without tiles: the map is then a blank canvas. The map
 * itself is made with attributionControl={false}: the control comes here, once the settings are in.
 */
export function MapTiles({ map }: { map: MapConfig | undefined }) {
  if (!map) return null;
  return (
    <>
      {map.attribution && <AttributionControl position="bottomright" prefix={false} />}
      {map.tiles.map((tile, i) => (
        <TileLayer
          key={tile.url}
          url={tile.url}
          subdomains={tile.subdomains}
          maxNativeZoom={18}
          maxZoom={20}
          {...(i === 0 && map.attribution ? { attribution: map.attribution } : {})}
        />
      ))}
    </>
  );
}
