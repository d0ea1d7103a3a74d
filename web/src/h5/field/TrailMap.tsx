import { CircleMarker, Polyline } from 'react-leaflet';
import { BaseMap, FlyTo, useDatum } from '../../shared/map/BaseMap.tsx';
import type { LatLng } from '../../shared/types.ts';

/** The patrol's trail (server's, WGS-84 [lng, lat]), its check-ins and where the phone is now. */
export function TrailMap({
  trail,
  checkIns,
  here,
}: {
  trail: [number, number][];
  checkIns: LatLng[];
  here: LatLng | undefined;
}) {
  const start = here ?? (trail[0] ? { lat: trail[0][1], lng: trail[0][0] } : undefined);
  return (
    <BaseMap center={start} zoom={17} className="h5-field-map" backdrop={{}}>
      <FlyTo point={here} />
      <Layers trail={trail} checkIns={checkIns} here={here} />
    </BaseMap>
  );
}

function Layers({
  trail,
  checkIns,
  here,
}: {
  trail: [number, number][];
  checkIns: LatLng[];
  here: LatLng | undefined;
}) {
  const { toView } = useDatum();
  return (
    <>
      {trail.length > 1 && (
        <Polyline
          positions={trail.map(([lng, lat]) => toView({ lat, lng }))}
          pathOptions={{ color: '#c8161d', weight: 4 }}
        />
      )}
      {checkIns.map((p, i) => (
        <CircleMarker
          key={`${p.lat},${p.lng},${i}`}
          center={toView(p)}
          radius={7}
          pathOptions={{ color: '#389e0d', fillColor: '#52c41a', fillOpacity: 0.9 }}
        />
      ))}
      {here && (
        <CircleMarker
          center={toView(here)}
          radius={8}
          pathOptions={{ color: '#fff', weight: 3, fillColor: '#1677ff', fillOpacity: 1 }}
        />
      )}
    </>
  );
}
