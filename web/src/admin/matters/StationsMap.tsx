import { latLngBounds } from 'leaflet';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Marker, Tooltip, useMap } from 'react-leaflet';
import { pinIcon } from '../../shared/map/pin.ts';
import { STATION_KIND_COLORS } from '../../shared/matters.ts';
import type { Station } from '../../shared/types.ts';
import { BaseMap, useDatum } from '../../shared/map/BaseMap.tsx';

/** The stations of the listed page, framed; the selected one named. Loads with Leaflet. */
export default function StationsMap({
  stations,
  selectedId,
  onSelect,
}: {
  stations: Station[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  return (
    <BaseMap className="gz-stations-map" zoom={14}>
      <Stations stations={stations} selectedId={selectedId} onSelect={onSelect} />
    </BaseMap>
  );
}

function Stations({
  stations,
  selectedId,
  onSelect,
}: {
  stations: Station[];
  selectedId: number | null;
  onSelect: (id: number) => void;
}) {
  const { t } = useTranslation();
  const map = useMap();
  const { toView } = useDatum();
  useEffect(() => {
    if (stations.length === 0) return;
    map.fitBounds(latLngBounds(stations.map((s) => toView(s))), { padding: [32, 32], maxZoom: 16, animate: false });
  }, [stations, map, toView]);
  useEffect(() => {
    const selected = stations.find((s) => s.id === selectedId);
    if (selected) map.setView(toView(selected), Math.max(map.getZoom(), 16));
  }, [selectedId, stations, map, toView]);
  return (
    <>
      {stations.map((s) => (
        <Marker
          key={s.id}
          position={toView(s)}
          icon={pinIcon(STATION_KIND_COLORS[s.kind])}
          eventHandlers={{ click: () => onSelect(s.id) }}
          zIndexOffset={s.id === selectedId ? 1000 : 0}
        >
          <Tooltip direction="top" offset={[0, -28]} permanent={s.id === selectedId}>
            {s.name} · {t(`stations.kinds.${s.kind}`)}
          </Tooltip>
        </Marker>
      ))}
    </>
  );
}
