import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Grid, Picker, PullToRefresh, Skeleton } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import {
  COCKPIT_GROUPS,
  cockpitQueries,
  cockpitUnitFromParams,
  cockpitUnitSearch,
  describeMove,
  formatFigure,
  tileMove,
  tilesOf,
} from '../../shared/query/cockpit.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { CockpitTile, CockpitView } from '../../shared/types.ts';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './cockpit.css';

/**
 * 掌上驾驶舱: the cockpit on a leader's phone, two tiles a row with their RAG. The lists the
 * figures count are the console's, so figures here are not links; a unit below is picked instead.
 */
export default function CockpitScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const unit = cockpitUnitFromParams(params);
  const cockpit = useQuery({ ...cockpitQueries.view(unit), placeholderData: keepPreviousData });
  const view = cockpit.data;

  return (
    <div className="h5-cockpit" data-testid="cockpit-phone">
      <PageNavBar title={t('cockpit.phone.title')} onBack={() => navigate(-1)} />
      {cockpit.error && !view ? (
        <LoadFailed error={cockpit.error} onRetry={() => void cockpit.refetch()} />
      ) : !view ? (
        <CockpitSkeleton />
      ) : (
        <PullToRefresh onRefresh={() => cockpit.refetch().then(() => undefined)}>
          <UnitBar view={view} />
          {view.tiles.length === 0 && <div className="h5-cockpit-empty">{t('cockpit.empty')}</div>}
          {COCKPIT_GROUPS.map((group) => {
            const tiles = tilesOf(view, group);
            if (tiles.length === 0) return null;
            return (
              <section key={group} className="h5-cockpit-group">
                <div className="h5-cockpit-group-title">{t(`cockpit.groups.${group}`)}</div>
                <Grid columns={2} gap={8}>
                  {tiles.map((tile) => (
                    <Grid.Item key={tile.id}>
                      <PhoneTile tile={tile} />
                    </Grid.Item>
                  ))}
                </Grid>
              </section>
            );
          })}
          <div className="h5-cockpit-at">{t('cockpit.at', { time: formatDateTime(view.at) })}</div>
        </PullToRefresh>
      )}
    </div>
  );
}

/** The unit shown, and a picker of the units one level down (each pick a step back can undo). */
function UnitBar({ view }: { view: CockpitView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [picking, setPicking] = useState(false);
  const options = view.children.map((child) => ({ value: `${child.level}:${child.id}`, label: child.name }));
  return (
    <div className="h5-cockpit-unit">
      <span className="h5-cockpit-unit-name" data-testid="cockpit-phone-area">
        {view.area.name}
      </span>
      {options.length > 0 && (
        <>
          <Button size="small" shape="rounded" onClick={() => setPicking(true)} data-testid="cockpit-phone-pick">
            {t('cockpit.phone.pick')}
          </Button>
          <Picker
            columns={[options]}
            visible={picking}
            title={t('cockpit.down')}
            onClose={() => setPicking(false)}
            onConfirm={([value]) => {
              const child = view.children.find((c) => `${c.level}:${c.id}` === value);
              if (child)
                navigate(
                  `/cockpit${cockpitUnitSearch(child.level === 'grid' ? { gridId: child.id } : { areaId: child.id })}`,
                );
            }}
          />
        </>
      )}
    </div>
  );
}

function PhoneTile({ tile }: { tile: CockpitTile }) {
  const { t, i18n } = useTranslation();
  const move = tileMove(tile, i18n.language);
  return (
    <div
      className={`h5-cockpit-tile h5-cockpit-rag-${tile.rag ?? 'none'}`}
      data-testid={`cockpit-phone-tile-${tile.id}`}
    >
      <div className="h5-cockpit-tile-label">
        <span>{t(`cockpit.tiles.${tile.id}`)}</span>
        {tile.rag && (
          <span
            className={`h5-cockpit-dot h5-cockpit-dot-${tile.rag}`}
            role="img"
            aria-label={t(`cockpit.rag.${tile.rag}`)}
          />
        )}
      </div>
      <div className="h5-cockpit-tile-value">
        {formatFigure(tile.value, tile.unit, i18n.language)}
        {tile.value !== null && (tile.unit === 'hours' || tile.unit === 'points') && (
          <span className="h5-cockpit-tile-unit">{t(`cockpit.units.${tile.unit}`)}</span>
        )}
      </div>
      {move && <div className={`h5-cockpit-move h5-cockpit-move-${move.tone}`}>{describeMove(move, t)}</div>}
      {tile.target !== null && (
        <div className="h5-cockpit-target">
          {t('cockpit.target', { value: formatFigure(tile.target, tile.unit, i18n.language) })}
          {tile.rag && ` · ${t(`cockpit.rag.${tile.rag}`)}`}
        </div>
      )}
    </div>
  );
}

function CockpitSkeleton() {
  return (
    <div className="h5-cockpit-group">
      <Skeleton.Title animated />
      <Grid columns={2} gap={8}>
        {Array.from({ length: 6 }, (_, i) => (
          <Grid.Item key={i}>
            <div className="h5-cockpit-tile">
              <Skeleton.Paragraph lineCount={3} animated />
            </div>
          </Grid.Item>
        ))}
      </Grid>
    </div>
  );
}
