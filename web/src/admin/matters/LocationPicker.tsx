import { Alert, Button, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Marker, useMapEvents } from 'react-leaflet';
import { ApiError, errorMessage } from '../../shared/api.ts';
import { roundCoord } from '../../shared/geolocation.ts';
import { pinIcon } from '../../shared/map/pin.ts';
import type { LatLng, LocateResult } from '../../shared/types.ts';
import { BaseMap, FlyTo, useDatum } from '../../shared/map/BaseMap.tsx';
import { orgCalls } from '../../shared/query/org.ts';
import { NearestBuilding } from '../components/NearestBuilding.tsx';

export type Located =
  | { state: 'loading' }
  | { state: 'found'; result: LocateResult }
  | { state: 'none' }
  | { state: 'error'; message: string };

/** Which grid holds a point, for showing beside a picked location. */
export async function locate(point: LatLng): Promise<Located> {
  try {
    return {
      state: 'found',
      result: await orgCalls.locate(point.lat, point.lng),
    };
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return { state: 'none' };
    return { state: 'error', message: errorMessage(error) };
  }
}

interface LocationPickerProps {
  value: LatLng | null;
  onChange: (point: LatLng | null, located: Located | null) => void;
  located: Located | null;
  communityId?: number;
  /** Where to start when nothing is picked. */
  center?: LatLng;
  hint?: string;
}

/** Click the map to place the point; says which grid it falls in. Loads with Leaflet. */
export default function LocationPicker({ value, onChange, located, communityId, center, hint }: LocationPickerProps) {
  const { t } = useTranslation();
  return (
    <div className="gz-picker">
      <div className="gz-map-wrap">
        <BaseMap
          center={value ?? center}
          zoom={value || center ? 17 : 13}
          className="gz-picker-map"
          backdrop={{ communityId }}
          fitBackdrop={!value && !center}
        >
          <Picker value={value} onChange={onChange} />
          <FlyTo point={center && !value ? center : null} />
        </BaseMap>
      </div>
      <div className="gz-picker-status" data-testid="picked-location">
        {!value ? (
          <Typography.Text type="secondary">{hint ?? t('intake.mapHint')}</Typography.Text>
        ) : (
          <>
            <NearestBuilding point={value} />
            {located?.state === 'loading' && (
              <span>
                <Spin size="small" /> {t('intake.locating')}
              </span>
            )}
            {located?.state === 'found' && (
              <Typography.Text strong>
                {t('intake.inGrid', { grid: located.result.grid.name, community: located.result.community.name })}
              </Typography.Text>
            )}
            {located?.state === 'none' && (
              <Alert type="warning" showIcon title={t('intake.outside')} className="gz-picker-alert" />
            )}
            {located?.state === 'error' && <Typography.Text type="danger">{located.message}</Typography.Text>}
            <Button size="small" type="link" onClick={() => onChange(null, null)}>
              {t('intake.clearLocation')}
            </Button>
          </>
        )}
      </div>
    </div>
  );
}

function Picker({ value, onChange }: { value: LatLng | null; onChange: LocationPickerProps['onChange'] }) {
  const { fromView, toView } = useDatum();
  useMapEvents({
    click: (event) => {
      const point = fromView(event.latlng);
      const rounded = { lat: roundCoord(point.lat), lng: roundCoord(point.lng) };
      onChange(rounded, { state: 'loading' });
      void locate(rounded).then((found) => onChange(rounded, found));
    },
  });
  return value ? <Marker position={toView(value)} icon={pinIcon('#c8161d')} /> : null;
}
