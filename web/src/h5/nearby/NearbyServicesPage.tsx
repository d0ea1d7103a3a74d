import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, CapsuleTabs, ErrorBlock, Skeleton, Tag } from 'antd-mobile';
import { EnvironmentOutline } from 'antd-mobile-icons';
import type { Map as LeafletMap } from 'leaflet';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { HANGZHOU } from '../../shared/map/BaseMap.tsx';
import { formatDistance, STATION_KIND_COLORS } from '../../shared/matters.ts';
import { type NearbyStation, type ServiceKind, serviceMapQueries } from '../../shared/query/servicemap.ts';
import { type LatLng, SERVICE_KINDS } from '../../shared/types.ts';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { StationActions } from '../components/StationActions.tsx';
import { useHomePlace } from '../useHomePlace.ts';
import { NearbyMap } from './NearbyMap.tsx';
import './nearby.css';

/** Walking minutes as shown: whole minutes, at least one. */
const wholeMinutes = (minutes: number) => Math.max(1, Math.round(minutes));

/**
 * 附近服务: the nine services within a 15-minute walk (the 15-minute life circle), from home —
 * the building the resident is registered in — or, without one, the home community or a place
 * the resident moves the map to. A map with the walks drawn, each service's nearest station,
 * and the stations in a list.
 */
export default function NearbyServicesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const home = useHomePlace();
  const [kind, setKind] = useState<ServiceKind | undefined>();
  const [picked, setPicked] = useState<LatLng | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [map, setMap] = useState<LeafletMap | null>(null);

  // The server knows the home building; without one, the community's middle or the map's.
  const fromHome = useQuery({ ...serviceMapQueries.nearby({ kind }), enabled: picked === null });
  const noHome = fromHome.data?.origin === null;
  const point =
    picked ?? (noHome && home.settled ? (home.center ?? { lat: HANGZHOU[0], lng: HANGZHOU[1] }) : undefined);
  const fromPoint = useQuery({
    ...serviceMapQueries.nearby({ lat: point?.lat.toFixed(6), lng: point?.lng.toFixed(6), kind }),
    enabled: point !== undefined,
    placeholderData: keepPreviousData,
  });
  const current = point ? fromPoint : fromHome;
  const view = current.data;
  const origin = view?.origin ?? point;

  const searchHere = useCallback(() => {
    if (!map) return;
    const c = map.getCenter();
    setSelected(null);
    setPicked({ lat: c.lat, lng: c.lng });
  }, [map]);
  const select = (station: NearbyStation) => {
    setSelected(station.id);
    map?.panTo([station.lat, station.lng], { animate: false });
  };

  const fromLabel =
    view?.origin?.from === 'home'
      ? t('nearby.fromHome', { name: view.origin.name })
      : picked
        ? t('nearby.fromPoint')
        : home.center
          ? t('nearby.fromCommunity')
          : t('nearby.nowhere');

  return (
    <div className="h5-page h5-nearby" data-testid="nearby-services">
      <PageNavBar title={t('nearby.title')} onBack={() => navigate(-1)} />
      <CapsuleTabs
        className="h5-nearby-kinds"
        activeKey={kind ?? 'all'}
        onChange={(key) => {
          setSelected(null);
          setKind(key === 'all' ? undefined : (key as ServiceKind));
        }}
      >
        <CapsuleTabs.Tab key="all" title={t('nearby.all')} />
        {SERVICE_KINDS.map((k) => (
          <CapsuleTabs.Tab key={k} title={t(`stations.services.${k}`)} />
        ))}
      </CapsuleTabs>
      {current.error ? (
        <ErrorBlock status="disconnected" title={t('common.loadFailed')} description={errorMessage(current.error)}>
          <Button size="small" color="primary" onClick={() => void current.refetch()}>
            {t('common.retry')}
          </Button>
        </ErrorBlock>
      ) : !origin ? (
        <div className="h5-section">
          <Skeleton className="h5-nearby-map-skeleton" animated />
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
      ) : (
        <>
          <div className="h5-nearby-map-wrap">
            <NearbyMap
              origin={origin}
              walking={view?.walking}
              stations={view?.stations ?? []}
              selected={selected}
              onSelect={setSelected}
              onMap={setMap}
            />
            <Button size="mini" className="h5-nearby-here" onClick={searchHere} data-testid="nearby-search-here">
              {t('nearby.searchHere')}
            </Button>
          </div>
          <div className="h5-nearby-from" data-testid="nearby-from">
            <EnvironmentOutline /> {fromLabel}
            {picked && !noHome && (
              <a className="h5-nearby-home" onClick={() => setPicked(null)}>
                {t('nearby.backHome')}
              </a>
            )}
          </div>
          {view && (
            <section className="h5-card h5-nearby-summary" data-testid="nearby-kinds">
              <div className="h5-card-title">{t('nearby.kinds')}</div>
              <ul className="h5-nearby-kind-list">
                {view.kinds.map(({ kind: k, nearest }) => (
                  <li key={k}>
                    <button
                      type="button"
                      className={`h5-nearby-kind ${nearest ? '' : 'h5-nearby-kind-none'} ${k === kind ? 'h5-nearby-kind-on' : ''}`}
                      onClick={() => setKind(k === kind ? undefined : k)}
                      data-testid={`nearby-kind-${k}`}
                    >
                      <span className="h5-nearby-kind-name">{t(`stations.services.${k}`)}</span>
                      <span className="h5-nearby-kind-walk">
                        {nearest ? t('nearby.walkShort', { minutes: wholeMinutes(nearest.minutes) }) : t('nearby.none')}
                      </span>
                    </button>
                  </li>
                ))}
              </ul>
              <div className="h5-muted h5-small">
                {t('nearby.how', { detour: view.walking.detour, speed: view.walking.metresPerMinute })}。
                {t('nearby.circles')}
              </div>
            </section>
          )}
          <div className="h5-nearby-list-title">
            {kind ? t('nearby.listOf', { kind: t(`stations.services.${kind}`) }) : t('nearby.list')}
          </div>
          {!view ? (
            <Skeleton.Paragraph lineCount={6} animated />
          ) : view.stations.length === 0 ? (
            <ErrorBlock status="empty" title={t('nearby.empty')} description="" />
          ) : (
            <ul className="h5-stations" data-testid="nearby-list">
              {view.stations.map((s) => (
                <li
                  key={s.id}
                  className={`h5-station ${s.id === selected ? 'h5-nearby-selected' : ''}`}
                  data-testid="nearby-station"
                  onClick={() => select(s)}
                >
                  <div className="h5-station-top">
                    <div className="h5-station-name">{s.name}</div>
                    <span className="h5-nearby-walk">{t('nearby.walk', { minutes: wholeMinutes(s.minutes) })}</span>
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
                  <div className="h5-station-foot">
                    <span className="h5-muted h5-small">
                      {s.distanceMeters !== undefined && `${formatDistance(t, s.distanceMeters)} · `}
                      {s.address}
                    </span>
                    <StationActions station={s} />
                  </div>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
