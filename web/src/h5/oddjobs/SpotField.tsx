import { Button, Form, Toast } from 'antd-mobile';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentPosition, roundCoord } from '../../shared/geolocation.ts';
import type { LatLng } from '../../shared/types.ts';

/**
 * Where the phone is, taken when the form opens and again on 使用当前位置: the work site for an
 * employer, the place to search around for a seeker. Matching measures distances from it.
 */
export function useSpot() {
  const [spot, setSpot] = useState<LatLng>();
  const locate = useCallback(
    (quiet: boolean) =>
      currentPosition().then(
        (p) => setSpot({ lat: roundCoord(p.lat), lng: roundCoord(p.lng) }),
        (e: Error) => {
          if (!quiet) Toast.show({ content: e.message });
        },
      ),
    [],
  );
  useEffect(() => void locate(true), [locate]);
  return { spot, locate };
}

export function SpotField({
  label,
  spot,
  locate,
}: {
  label: string;
  spot: LatLng | undefined;
  locate: (quiet: boolean) => void;
}) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={label}
      extra={
        <Button size="mini" fill="outline" onClick={() => locate(false)} data-testid="spot-locate">
          {t('oddjobs.locate')}
        </Button>
      }
    >
      {spot ? (
        // Not through t(): `lng` is i18next's option for the language.
        <span data-testid="spot-located">
          {spot.lat.toFixed(5)}, {spot.lng.toFixed(5)}
        </span>
      ) : (
        <span className="h5-oddjobs-muted">{t('oddjobs.notLocated')}</span>
      )}
    </Form.Item>
  );
}
