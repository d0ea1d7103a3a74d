import { useQuery } from '@tanstack/react-query';
import { Spin, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatCoords, placeWords } from '../../shared/map/buildings.ts';
import { orgQueries } from '../../shared/query/org.ts';
import type { LatLng } from '../../shared/types.ts';

/**
 * A point named by the nearest building of the caller's area — its name, address and how far —
 * with the raw coordinates only in a tooltip. Falls back to the coordinates when no building
 * is near or the org cannot be read.
 */
export function NearestBuilding({ point }: { point: LatLng }) {
  const { t } = useTranslation();
  const nearest = useQuery(orgQueries.nearestBuilding(point));
  const coords = formatCoords(point);
  const title = t('location.coordsTitle', { coords });
  if (nearest.isLoading) return <Spin size="small" />;
  const words = nearest.data ? placeWords(nearest.data) : { kind: 'none' as const };
  if (words.kind === 'none') {
    return (
      <span data-testid="nearest-building">
        <span className="gz-mono">{coords}</span>
        {nearest.data && <Typography.Text type="secondary"> · {t('location.noBuildingNear')}</Typography.Text>}
      </span>
    );
  }
  return (
    <Tooltip title={title}>
      <span data-testid="nearest-building" data-coords={coords}>
        <Typography.Text strong>
          {words.kind === 'at'
            ? t('location.atBuilding', { name: words.name })
            : t('location.nearBuilding', { name: words.name })}
        </Typography.Text>
        <Typography.Text type="secondary">
          {' · '}
          {[words.address, words.kind === 'near' ? t('location.distance', { meters: words.meters }) : '']
            .filter(Boolean)
            .join(' · ')}
        </Typography.Text>
      </span>
    </Tooltip>
  );
}
