import { EnvironmentOutline, PhoneFill } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';

/** Opens the phone's map app at the station (高德's URI works in browsers and hands off to the app). */
export function navigationUrl(station: { lat: number; lng: number; name: string }): string {
  const query = new URLSearchParams({
    position: `${station.lng},${station.lat}`,
    name: station.name,
    src: 'gongzhi',
    callnative: '1',
  });
  return `https://uri.amap.com/marker?${query.toString()}`;
}

/** A station card's 导航 and 拨打 links. */
export function StationActions({
  station,
}: {
  station: { lat: number; lng: number; name: string; phone?: string | null };
}) {
  const { t } = useTranslation();
  return (
    <span className="h5-station-actions">
      <a className="h5-call" href={navigationUrl(station)} target="_blank" rel="noreferrer">
        <EnvironmentOutline /> {t('h5.stations.navigate')}
      </a>
      {station.phone && (
        <a className="h5-call" href={`tel:${station.phone}`}>
          <PhoneFill /> {t('h5.stations.call')}
        </a>
      )}
    </span>
  );
}
