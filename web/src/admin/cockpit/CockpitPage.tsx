import { DesktopOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import {
  COCKPIT_GROUPS,
  cockpitQueries,
  cockpitUnitFromParams,
  cockpitUnitSearch,
  type CockpitUnitQuery,
  tilesOf,
} from '../../shared/query/cockpit.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CockpitMapTile } from './CockpitMapTile.tsx';
import { TileCard } from './TileCard.tsx';
import { UnitPicker } from './UnitPicker.tsx';
import './cockpit.css';

/** The narrowest a tile is laid out before its group goes to a row of its own. */
const TILE_WIDTH = 170;

/** 数字驾驶舱: the indicators of the caller's area or a unit below it, by group; every figure opens its list. */
export default function CockpitPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const unit = cockpitUnitFromParams(params);
  const cockpit = useQuery({ ...cockpitQueries.view(unit), placeholderData: keepPreviousData });
  const view = cockpit.data;
  // Going into a unit is a step of its own in the history, so Back goes up again.
  const goTo = (next: CockpitUnitQuery) => setParams(new URLSearchParams(cockpitUnitSearch(next)));

  return (
    <div className="gz-page gz-cockpit">
      <PageHeader
        title={t('cockpit.title')}
        description={t('cockpit.subtitle')}
        extra={
          <Link to={`/cockpit/wall${cockpitUnitSearch(unit)}`} target="_blank" data-testid="cockpit-wall-link">
            <Button icon={<DesktopOutlined />}>{t('cockpit.wall')}</Button>
          </Link>
        }
      />
      <div className="gz-cockpit-bar">
        <UnitPicker unit={unit} view={view} onChange={goTo} />
        {view && (
          <Typography.Text type="secondary" className="gz-cockpit-at">
            {t('cockpit.at', { time: formatDateTime(view.at) })}
          </Typography.Text>
        )}
      </div>
      {cockpit.error && !view ? (
        <LoadError error={cockpit.error} onRetry={() => void cockpit.refetch()} />
      ) : !view ? (
        <CockpitSkeleton />
      ) : view.tiles.length === 0 ? (
        <Card>
          <Empty description={t('cockpit.empty')} />
        </Card>
      ) : (
        <div className="gz-cockpit-groups">
          {COCKPIT_GROUPS.map((group) => {
            const tiles = tilesOf(view, group);
            if (tiles.length === 0) return null;
            // Groups share a row when their tiles fit side by side, each as wide as its tiles need.
            return (
              <section
                key={group}
                className="gz-cockpit-group"
                data-testid={`cockpit-group-${group}`}
                style={{ flex: `${tiles.length} 1 ${tiles.length * TILE_WIDTH}px` }}
              >
                <h3 className="gz-cockpit-group-title">{t(`cockpit.groups.${group}`)}</h3>
                <div
                  className="gz-cockpit-tiles"
                  style={{ gridTemplateColumns: `repeat(${tiles.length}, minmax(0, 1fr))` }}
                >
                  {tiles.map((tile) => (
                    <TileCard key={tile.id} tile={tile} />
                  ))}
                </div>
              </section>
            );
          })}
          {/* The map has its own request: the cockpit's load keeps to its statements. */}
          {view.tiles.some((tile) => tile.group === 'matters') && (
            <section className="gz-cockpit-group gz-cockpit-map-section" data-testid="cockpit-group-map">
              <h3 className="gz-cockpit-group-title">
                {t('cockpit.map.title')}
                <span className="gz-cockpit-map-subtitle">{t('cockpit.map.subtitle')}</span>
              </h3>
              <CockpitMapTile unit={unit} variant="console" />
            </section>
          )}
        </div>
      )}
    </div>
  );
}

/** The shape of the first group while the figures load. */
function CockpitSkeleton() {
  return (
    <section className="gz-cockpit-group" aria-busy="true">
      <Skeleton.Input active size="small" style={{ width: 96, marginBottom: 10 }} />
      <div className="gz-cockpit-tiles" style={{ gridTemplateColumns: 'repeat(5, minmax(0, 1fr))' }}>
        {Array.from({ length: 10 }, (_, i) => (
          <Card key={i} size="small" className="gz-cockpit-tile">
            <Skeleton active paragraph={{ rows: 2 }} title={{ width: '60%' }} />
          </Card>
        ))}
      </div>
    </section>
  );
}
