import { Button, ErrorBlock, Selector, Skeleton, Switch, Tag } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import { lazy, Suspense, useCallback, useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { formatDateTime } from '../../shared/time.ts';
import { currentPosition } from '../../shared/geolocation.ts';
import { describeOpeningHours, formatDistance, STATION_KIND_COLORS } from '../../shared/matters.ts';
import { FACILITIES, type Facility, type LatLng, SERVICE_KINDS, type ServiceKind } from '../../shared/types.ts';
import { FacilityIcon } from '../matters/FacilityIcon.tsx';
import { useHomePlace } from '../useHomePlace.ts';
import type { Place } from './location.ts';
import { mattersQueries } from '../../shared/query/matters.ts';
import { useQuery } from '@tanstack/react-query';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { StationActions } from '../components/StationActions.tsx';

const MapPicker = lazy(() => import('./MapPicker.tsx'));

type From =
  | { state: 'locating' }
  | { state: 'device'; point: LatLng }
  | { state: 'picked'; point: LatLng }
  | { state: 'none' };

/** 附近服务站: the nearest stations, with what they offer and whether they are open now. */
export default function StationsPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const home = useHomePlace();
  const [from, setFrom] = useState<From>({ state: 'locating' });
  const [facility, setFacility] = useState<Facility | undefined>();
  const [service, setService] = useState<ServiceKind | undefined>();
  const [openOnly, setOpenOnly] = useState(false);
  const [picking, setPicking] = useState(false);

  const locateDevice = useCallback(() => {
    setFrom({ state: 'locating' });
    currentPosition(8000).then(
      (point) => setFrom({ state: 'device', point }),
      () => setFrom({ state: 'none' }),
    );
  }, []);
  useEffect(locateDevice, [locateDevice]);
  // Without the device's position, measure from a place the user picked, else the home community.
  const point =
    from.state === 'device' || from.state === 'picked'
      ? from.point
      : from.state === 'none' && home.center
        ? home.center
        : undefined;
  const fallback = from.state === 'none' && point !== undefined;
  // Neither the device nor the account can say where the user is: say so instead of waiting forever.
  const nowhere = from.state === 'none' && point === undefined && home.settled;

  const stations = useQuery({
    ...mattersQueries.nearestStations({
      lat: point?.lat.toFixed(6),
      lng: point?.lng.toFixed(6),
      facility,
      service,
      openNow: openOnly ? 'true' : 'false',
      limit: 20,
    }),
    enabled: point !== undefined,
  });

  let content: ReactNode;
  if (stations.error) {
    content = (
      <ErrorBlock status="disconnected" title={t('common.loadFailed')} description={errorMessage(stations.error)}>
        <Button size="small" color="primary" onClick={() => void stations.refetch()}>
          {t('common.retry')}
        </Button>
      </ErrorBlock>
    );
  } else if (nowhere) {
    content = (
      <div className="h5-section" data-testid="stations-nowhere">
        <ErrorBlock status="empty" title={t('h5.stations.nowhereTitle')} description={t('h5.stations.nowhereWhy')}>
          <div className="h5-stations-choices">
            <Button size="small" color="primary" onClick={locateDevice}>
              {t('h5.stations.locateAgain')}
            </Button>
            <Button size="small" color="primary" fill="outline" onClick={() => setPicking(true)}>
              {t('h5.stations.pickPlace')}
            </Button>
          </div>
        </ErrorBlock>
      </div>
    );
  } else if (!stations.data) {
    content = (
      <div className="h5-section">
        <div className="h5-muted h5-small">{from.state === 'locating' ? t('h5.stations.locating') : ''}</div>
        <Skeleton.Paragraph lineCount={8} animated />
      </div>
    );
  } else if (stations.data.length === 0) {
    content = <ErrorBlock status="empty" title={t('h5.stations.empty')} description="" />;
  } else {
    content = (
      <ul className="h5-stations" data-testid="stations-list">
        {stations.data.map((s) => (
          <li key={s.id} className="h5-station">
            <div className="h5-station-top">
              <div className="h5-station-name">{s.name}</div>
              {s.distanceMeters !== undefined && (
                <span className="h5-station-distance">{formatDistance(t, s.distanceMeters)}</span>
              )}
            </div>
            <div className="h5-station-tags">
              <Tag color={STATION_KIND_COLORS[s.kind]} fill="outline">
                {t(`stations.kinds.${s.kind}`)}
              </Tag>
              <Tag color={s.openNow ? 'success' : 'default'}>
                {s.openNow ? t('stations.openNow') : t('stations.closedNow')}
              </Tag>
              {s.services.map((k) => (
                <Tag key={k} color="primary" fill="outline" className="h5-station-service">
                  {t(`stations.services.${k}`)}
                </Tag>
              ))}
            </div>
            <div className="h5-muted h5-small">{describeOpeningHours(t, s.openingHours)}</div>
            {s.facilities.length > 0 && (
              <div className="h5-facilities">
                {s.facilities.map((f) => (
                  <FacilityIcon key={f} facility={f} />
                ))}
              </div>
            )}
            {s.facilitiesCheckedAt && (
              <div className="h5-muted h5-small" data-testid="station-checked">
                {t('welfare.stationCheckedAt', { at: formatDateTime(s.facilitiesCheckedAt) })}
              </div>
            )}
            <div className="h5-station-foot">
              <span className="h5-muted h5-small">
                <EnvironmentOutline /> {s.address}
              </span>
              <StationActions station={s} />
            </div>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <div className="h5-page">
      <PageNavBar title={t('h5.stations.title')} onBack={() => navigate(-1)} />
      <div className="h5-stations-filters">
        {/* The services of the 15-minute life circle (服务一张图): what is near, by what it offers. */}
        <div className="h5-service-filter" data-testid="service-filter">
          <Selector
            value={service ? [service] : []}
            onChange={(picked) => setService(picked[0])}
            options={SERVICE_KINDS.map((k) => ({ value: k, label: t(`stations.services.${k}`) }))}
          />
        </div>
        <Selector
          className="h5-facility-filter"
          columns={5}
          value={facility ? [facility] : []}
          onChange={(picked) => setFacility(picked[0])}
          options={FACILITIES.filter((f) => ['water', 'charger', 'toilet', 'microwave', 'first_aid'].includes(f)).map(
            (f) => ({ value: f, label: t(`stations.facilities.${f}`) }),
          )}
        />
        <label className="h5-switch-inline">
          <Switch checked={openOnly} onChange={setOpenOnly} style={{ '--height': '22px', '--width': '38px' }} />
          <span>{t('h5.stations.openOnly')}</span>
        </label>
        {fallback && <div className="h5-muted h5-small">{t('h5.stations.fallback')}</div>}
        {from.state === 'picked' && (
          <div className="h5-muted h5-small">
            {t('h5.stations.fromPicked')} <a onClick={() => setPicking(true)}>{t('h5.stations.pickAgain')}</a>
          </div>
        )}
      </div>
      {content}
      {picking && (
        <Suspense fallback={null}>
          <MapPicker
            visible={picking}
            initial={point}
            stations={home.stations}
            onClose={() => setPicking(false)}
            onPick={(place: Place) => {
              setPicking(false);
              setFrom({ state: 'picked', point: place.point });
            }}
          />
        </Suspense>
      )}
    </div>
  );
}
