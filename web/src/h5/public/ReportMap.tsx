import { CircleMarker, Tooltip } from 'react-leaflet';
import { BaseMap, useDatum } from '../../shared/map/BaseMap.tsx';
import type { PublicReport } from '../../shared/publicpages.ts';

type Located = PublicReport & { lat: number; lng: number };

/** 办件公开 on a map: one dot per resolved report, at its coarsened place (about 100 m). */
export default function ReportMap({ reports }: { reports: PublicReport[] }) {
  const located = reports.filter((r): r is Located => r.lat !== null && r.lng !== null);
  if (located.length === 0) return null;
  const center = {
    lat: located.reduce((s, r) => s + r.lat, 0) / located.length,
    lng: located.reduce((s, r) => s + r.lng, 0) / located.length,
  };
  return (
    <BaseMap center={center} zoom={15} className="h5-public-map" backdrop={false}>
      <Dots reports={located} />
    </BaseMap>
  );
}

function Dots({ reports }: { reports: Located[] }) {
  const { toView } = useDatum();
  return (
    <>
      {reports.map((r) => (
        <CircleMarker
          key={r.id}
          center={toView(r)}
          radius={8}
          pathOptions={{ color: '#237804', weight: 2, fillColor: '#52c41a', fillOpacity: 0.8 }}
        >
          <Tooltip>{r.category.zh}</Tooltip>
        </CircleMarker>
      ))}
    </>
  );
}
