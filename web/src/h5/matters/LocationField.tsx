import { Button, SpinLoading } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentPosition, roundCoord } from '../../shared/geolocation.ts';
import { useHomePlace } from '../useHomePlace.ts';
import { locate, type Place } from './location.ts';

const MapPicker = lazy(() => import('./MapPicker.tsx'));

interface LocationFieldProps {
  value: Place | null;
  onChange: (place: Place | null) => void;
  /** Ask the device where it is as soon as the field shows. */
  autoLocate?: boolean;
}

/** Where it is: the device's position (asked at once), or a place picked on the map; with its grid. */
export function LocationField({ value, onChange, autoLocate = true }: LocationFieldProps) {
  const { t } = useTranslation();
  const home = useHomePlace();
  const [locating, setLocating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);

  const locateDevice = useCallback(async () => {
    setLocating(true);
    setFailure(null);
    try {
      const position = await currentPosition();
      const point = { lat: roundCoord(position.lat), lng: roundCoord(position.lng) };
      onChange({ point, located: null });
      onChange({ point, located: await locate(point) });
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setLocating(false);
    }
  }, [onChange]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only when the field first shows
  useEffect(() => {
    if (autoLocate && !value) void locateDevice();
  }, []);

  const located = value?.located;
  return (
    <div className="h5-location" data-testid="location-field">
      <div className="h5-location-main">
        <EnvironmentOutline className="h5-location-icon" />
        <div className="h5-location-text">
          {locating ? (
            <span>
              <SpinLoading style={{ '--size': '14px' }} /> {t('location.locating')}
            </span>
          ) : value ? (
            <>
              {located?.state === 'found' ? (
                <strong>
                  {t('location.grid', { grid: located.result.grid.name, community: located.result.community.name })}
                </strong>
              ) : located?.state === 'none' ? (
                <span className="h5-warning">{t('location.outside')}</span>
              ) : located?.state === 'error' ? (
                <span className="h5-warning">{located.message}</span>
              ) : (
                <span>{t('location.locating')}</span>
              )}
              {/* The building beside the point names it; the coordinates only when no building is near. */}
              <div
                className="h5-muted h5-small"
                data-testid="location-place"
                title={t('location.coords', {
                  latitude: value.point.lat.toFixed(5),
                  longitude: value.point.lng.toFixed(5),
                })}
              >
                {located?.state === 'found' && located.result.nearestBuilding
                  ? `${t('location.nearBuilding', { name: located.result.nearestBuilding.name })} · ${t('location.distance', { meters: located.result.nearestBuilding.distanceMeters })}`
                  : t('location.coords', {
                      latitude: value.point.lat.toFixed(5),
                      longitude: value.point.lng.toFixed(5),
                    })}
              </div>
            </>
          ) : failure ? (
            <span className="h5-warning">{failure}</span>
          ) : (
            <span className="h5-muted">{t('location.none')}</span>
          )}
        </div>
      </div>
      <div className="h5-location-actions">
        <Button size="small" shape="rounded" onClick={() => void locateDevice()} disabled={locating}>
          {t('location.useCurrent')}
        </Button>
        <Button size="small" shape="rounded" color="primary" fill="outline" onClick={() => setPicking(true)}>
          {t('location.pickOnMap')}
        </Button>
      </div>
      {picking && (
        <Suspense fallback={null}>
          <MapPicker
            visible={picking}
            initial={value?.point ?? home.center}
            stations={home.stations}
            onClose={() => setPicking(false)}
            onPick={(place) => {
              setPicking(false);
              setFailure(null);
              onChange(place);
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
