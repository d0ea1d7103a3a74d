import { Marker, Tooltip } from 'react-leaflet';
import { pinIcon } from '../../shared/map/pin.ts';
import { STATUS_COLORS } from '../../shared/matters.ts';
import type { MatterDetail } from '../../shared/types.ts';
import { BaseMap, useDatum } from '../../shared/map/BaseMap.tsx';

/** Where the matter is, on its community's grids; the station sent to help, if any. Lazy-loaded with Leaflet. */
export default function MatterLocationMap({ matter }: { matter: MatterDetail }) {
  if (!matter.location) return null;
  return (
    <BaseMap
      center={matter.location}
      zoom={17}
      className="gz-mini-map"
      backdrop={{ communityId: matter.community?.id }}
    >
      <Markers matter={matter} />
    </BaseMap>
  );
}

function Markers({ matter }: { matter: MatterDetail }) {
  const { toView } = useDatum();
  return (
    <>
      <Marker position={toView(matter.location!)} icon={pinIcon(STATUS_COLORS[matter.status])}>
        <Tooltip direction="top" offset={[0, -28]}>
          {matter.address || matter.code}
        </Tooltip>
      </Marker>
      {matter.station && (
        <Marker position={toView(matter.station)} icon={pinIcon('#0f2747')}>
          <Tooltip direction="top" offset={[0, -28]} permanent>
            {matter.station.name}
          </Tooltip>
        </Marker>
      )}
    </>
  );
}
