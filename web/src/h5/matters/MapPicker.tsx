import { Button, Popup, SpinLoading } from 'antd-mobile';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Marker, Tooltip, useMap, useMapEvents } from 'react-leaflet';
import { roundCoord } from '../../shared/geolocation.ts';
import { BaseMap, FlyTo, useDatum } from '../../shared/map/BaseMap.tsx';
import { pinIcon } from '../../shared/map/pin.ts';
import { STATION_KIND_COLORS } from '../../shared/matters.ts';
import type { LatLng, Station } from '../../shared/types.ts';
import { locate, type Place } from './location.ts';

interface MapPickerProps {
  visible: boolean;
  initial: LatLng | undefined;
  stations: Station[];
  onClose: () => void;
  onPick: (place: Place) => void;
}

/**
 * Pick a place by tapping a map centred on the user's community; the community's
 * service stations are the landmarks when there are no map tiles. Loads Leaflet.
 */
export default function MapPicker({ visible, initial, stations, onClose, onPick }: MapPickerProps) {
  const { t } = useTranslation();
  const [picked, setPicked] = useState<Place | null>(null);
  const [locating, setLocating] = useState(false);
  useEffect(() => {
    if (visible) setPicked(null);
  }, [visible]);

  const pick = async (point: LatLng) => {
    setPicked({ point, located: null });
    setLocating(true);
    const located = await locate(point);
    setPicked((current) => (current && current.point === point ? { point, located } : current));
    setLocating(false);
  };

  const located = picked?.located;
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="h5-picker" destroyOnClose>
      <div className="h5-picker-head">
        <strong>{t('location.pickTitle')}</strong>
        <span className="h5-muted">{t('location.pickHint')}</span>
      </div>
      <BaseMap center={initial} zoom={17} className="h5-picker-map" backdrop={false}>
        <SettleSize />
        {!picked && <FlyTo point={initial} />}
        <Landmarks stations={stations} />
        <TapToPick picked={picked?.point ?? null} onPick={(p) => void pick(p)} />
      </BaseMap>
      <div className="h5-picker-foot" data-testid="map-picker-status">
        <div className="h5-picker-place">
          {!picked ? (
            <span className="h5-muted">{t('location.none')}</span>
          ) : locating ? (
            <span>
              <SpinLoading style={{ '--size': '14px' }} /> {t('location.locating')}
            </span>
          ) : located?.state === 'found' ? (
            <strong>
              {t('location.grid', { grid: located.result.grid.name, community: located.result.community.name })}
            </strong>
          ) : located?.state === 'none' ? (
            <span className="h5-warning">{t('location.outside')}</span>
          ) : located?.state === 'error' ? (
            <span className="h5-warning">{located.message}</span>
          ) : null}
        </div>
        <Button
          block
          color="primary"
          disabled={!picked || locating}
          onClick={() => {
            if (picked) onPick(picked);
          }}
        >
          {t('location.confirm')}
        </Button>
      </div>
    </Popup>
  );
}

function Landmarks({ stations }: { stations: Station[] }) {
  const { toView } = useDatum();
  return (
    <>
      {stations.map((s) => (
        <Marker key={s.id} position={toView(s)} icon={pinIcon(STATION_KIND_COLORS[s.kind])} interactive={false}>
          <Tooltip permanent direction="top" offset={[0, -28]} className="h5-landmark">
            {s.name}
          </Tooltip>
        </Marker>
      ))}
    </>
  );
}

function TapToPick({ picked, onPick }: { picked: LatLng | null; onPick: (point: LatLng) => void }) {
  const { fromView, toView } = useDatum();
  useMapEvents({
    click: (event) => {
      const point = fromView(event.latlng);
      onPick({ lat: roundCoord(point.lat), lng: roundCoord(point.lng) });
    },
  });
  return picked ? <Marker position={toView(picked)} icon={pinIcon('#c8161d')} /> : null;
}

/** The popup slides in after the map is made; measure again once it is in place. */
function SettleSize() {
  const map = useMap();
  useEffect(() => {
    const timer = setTimeout(() => map.invalidateSize(), 350);
    return () => clearTimeout(timer);
  }, [map]);
  return null;
}
