import type { Map as LeafletMap } from 'leaflet';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Circle, CircleMarker, Marker, Tooltip, useMap } from 'react-leaflet';
import { STATION_KIND_COLORS } from '../../shared/matters.ts';
import { BaseMap, FlyTo, useDatum } from '../../shared/map/BaseMap.tsx';
import { pinIcon } from '../../shared/map/pin.ts';
import type { Nearby, NearbyStation } from '../../shared/query/servicemap.ts';
import type { LatLng } from '../../shared/types.ts';

/** The walks drawn around the origin, as the life circles: 5, 10 and 15 minutes. */
const CIRCLES = [5, 10, 15] as const;

/**
 * The origin, its 5/10/15-minute circles (straight-line radius: minutes × speed ÷ detour) and
 * the stations. No grids behind: a resident's map shows only public places (grids are staff's).
 */
export function NearbyMap({
  origin,
  walking,
  stations,
  selected,
  onSelect,
  onMap,
}: {
  origin: LatLng;
  walking: Nearby['walking'] | undefined;
  stations: NearbyStation[];
  selected: number | null;
  onSelect: (id: number) => void;
  onMap: (map: LeafletMap) => void;
}) {
  return (
    <BaseMap center={origin} zoom={15} className="h5-nearby-map" backdrop={false}>
      <FlyTo point={origin} />
      <MapHandle onMap={onMap} />
      <Rings origin={origin} walking={walking} />
      {stations.map((s) => (
        <StationPin key={s.id} station={s} selected={s.id === selected} onSelect={onSelect} />
      ))}
    </BaseMap>
  );
}

/** Hands the Leaflet map up, so the screen can read its centre ("search here"). */
function MapHandle({ onMap }: { onMap: (map: LeafletMap) => void }) {
  const map = useMap();
  useEffect(() => onMap(map), [map, onMap]);
  return null;
}

function Rings({ origin, walking }: { origin: LatLng; walking: Nearby['walking'] | undefined }) {
  const { t } = useTranslation();
  const { toView } = useDatum();
  const at = toView(origin);
  return (
    <>
      {walking &&
        CIRCLES.map((minutes) => (
          <Circle
            key={minutes}
            center={at}
            radius={(minutes * walking.metresPerMinute) / walking.detour}
            interactive={false}
            pathOptions={{
              color: '#c8161d',
              weight: 1,
              opacity: 0.5,
              dashArray: minutes === 15 ? undefined : '4 4',
              fillOpacity: minutes === 5 ? 0.06 : 0.03,
            }}
          />
        ))}
      <CircleMarker
        center={at}
        radius={7}
        pathOptions={{ color: '#fff', weight: 3, fillColor: '#c8161d', fillOpacity: 1 }}
        className="h5-nearby-origin"
      >
        <Tooltip direction="top" offset={[0, -8]}>
          {t('nearby.subtitle')}
        </Tooltip>
      </CircleMarker>
    </>
  );
}

function StationPin({
  station,
  selected,
  onSelect,
}: {
  station: NearbyStation;
  selected: boolean;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { toView } = useDatum();
  return (
    <Marker
      position={toView(station)}
      icon={pinIcon(STATION_KIND_COLORS[station.kind], selected ? 'gz-pin-pulse' : '')}
      eventHandlers={{ click: () => onSelect(station.id) }}
      zIndexOffset={selected ? 1000 : 0}
    >
      <Tooltip direction="top" offset={[0, -28]} permanent={selected}>
        {station.name} · {t('nearby.walkShort', { minutes: Math.max(1, Math.round(station.minutes)) })}
      </Tooltip>
    </Marker>
  );
}
