import { FullscreenOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  cockpitQueries,
  cockpitUnitFromParams,
  describeMove,
  formatFigure,
  tileMove,
  tilesOf,
} from '../../shared/query/cockpit.ts';
import { formatDateTime } from '../../shared/time.ts';
import type { CockpitGroup, CockpitTile, CockpitView } from '../../shared/types.ts';
import { useNow } from '../../shared/useNow.ts';
import { CockpitMapTile } from './CockpitMapTile.tsx';
import { tileChartOption } from './tile-chart.ts';
import { WallChart } from './WallChart.tsx';
import './wall.css';

/** The design canvas: everything is laid out at this size and scaled to the screen. */
const CANVAS_WIDTH = 1920;
const CANVAS_HEIGHT = 1080;
const PAGE_MS = 20_000;
/** Figures without a live event (care checks, volunteer hours) are fetched again this often. */
const REFRESH_MS = 60_000;

/** The pages of tiles by group; the map page shows with the matters group (it reads matters). */
const PAGES: { key: 'matters' | 'map' | 'safetyCare' | 'participation'; groups: CockpitGroup[] }[] = [
  { key: 'matters', groups: ['matters'] },
  { key: 'safetyCare', groups: ['safety', 'care'] },
  { key: 'participation', groups: ['participation'] },
  { key: 'map', groups: [] },
];

/** The scale and offset that fit the canvas into the window, letterboxed on the longer side. */
function fitToWindow() {
  const scale = Math.min(window.innerWidth / CANVAS_WIDTH, window.innerHeight / CANVAS_HEIGHT);
  return {
    scale,
    left: (window.innerWidth - CANVAS_WIDTH * scale) / 2,
    top: (window.innerHeight - CANVAS_HEIGHT * scale) / 2,
  };
}

function useFit() {
  const [fit, setFit] = useState(fitToWindow);
  useEffect(() => {
    const onResize = () => setFit(fitToWindow());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return fit;
}

/**
 * 大屏: the cockpit for a wall screen, without the console around it. Pages of the groups turn
 * every 20 s; the figures follow live events and are fetched again every minute.
 */
export default function CockpitWall() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const unit = cockpitUnitFromParams(params);
  const cockpit = useQuery({ ...cockpitQueries.view(unit), refetchInterval: REFRESH_MS });
  const view = cockpit.data;
  const fit = useFit();
  const now = useNow(1000);
  const pages = view
    ? PAGES.filter((page) =>
        (page.key === 'map' ? ['matters' as const] : page.groups).some((g) => tilesOf(view, g).length > 0),
      )
    : [];
  const [turn, setTurn] = useState(0);
  const current = pages.length > 0 ? turn % pages.length : 0;
  // A page shows for PAGE_MS from when it was turned to, by the timer or by its dot.
  useEffect(() => {
    if (pages.length < 2) return;
    const timer = setTimeout(() => setTurn(turn + 1), PAGE_MS);
    return () => clearTimeout(timer);
  }, [turn, pages.length]);
  const [date, time] = formatDateTime(new Date(now).toISOString()).split(' ');
  const areaName = view?.area.name ?? '';
  useEffect(() => {
    document.title = t('cockpit.wallTitle', { area: areaName || t('cockpit.title') });
  }, [areaName, t]);
  const page = pages[current];

  return (
    <div className="gz-wall-screen">
      <div
        className="gz-wall"
        data-testid="cockpit-wall"
        style={{
          width: CANVAS_WIDTH,
          height: CANVAS_HEIGHT,
          transform: `translate(${fit.left}px, ${fit.top}px) scale(${fit.scale})`,
        }}
      >
        <header className="gz-wall-header">
          <div className="gz-wall-area">{areaName}</div>
          <h1 className="gz-wall-title">{t('cockpit.title')}</h1>
          <div className="gz-wall-clock">
            <div className="gz-wall-time">{time}</div>
            <div className="gz-wall-date">{date}</div>
          </div>
        </header>
        <main className="gz-wall-body">
          {cockpit.error && !view ? (
            <div className="gz-wall-message">
              {t('common.loadFailed')}：{errorMessage(cockpit.error)}
            </div>
          ) : !view ? (
            <div className="gz-wall-message">…</div>
          ) : !page ? (
            <div className="gz-wall-message">{t('cockpit.empty')}</div>
          ) : page.key === 'map' ? (
            <div className="gz-wall-map" data-testid="wall-map">
              <CockpitMapTile unit={unit} variant="wall" />
            </div>
          ) : (
            <WallPage key={page.key} view={view} groups={page.groups} scale={fit.scale} />
          )}
        </main>
        <footer className="gz-wall-footer">
          <span className="gz-wall-page-name">{page ? t(`cockpit.pages.${page.key}`) : ''}</span>
          <span className="gz-wall-dots">
            {pages.map((p, i) => (
              <button
                key={p.key}
                type="button"
                className={i === current ? 'gz-wall-dot gz-wall-dot-on' : 'gz-wall-dot'}
                aria-label={t('cockpit.page', { n: i + 1 })}
                aria-current={i === current}
                onClick={() => setTurn(i)}
              />
            ))}
          </span>
          <span className="gz-wall-at">
            {view && t('cockpit.at', { time: formatDateTime(view.at).slice(11) })}
            {document.fullscreenEnabled && (
              <button
                type="button"
                className="gz-wall-fullscreen"
                aria-label={t('cockpit.fullscreen')}
                title={t('cockpit.fullscreen')}
                onClick={() => void document.documentElement.requestFullscreen().catch(() => undefined)}
              >
                <FullscreenOutlined />
              </button>
            )}
          </span>
        </footer>
      </div>
    </div>
  );
}

/** One page: its tiles in a row, and below them the charts of those with a series. */
function WallPage({ view, groups, scale }: { view: CockpitView; groups: CockpitGroup[]; scale: number }) {
  const tiles = groups.flatMap((group) => tilesOf(view, group));
  const charted = tiles.filter((tile) => tile.series.length > 0).slice(0, 2);
  // Up to five tiles a row; more go on two rows of even length (six as three and three).
  const rows = Math.ceil(tiles.length / 5);
  const columns = Math.ceil(tiles.length / rows);
  const layout = charted.length === 0 ? 'gz-wall-page-tall' : rows > 1 ? 'gz-wall-page-two-rows' : '';
  return (
    <div className={`gz-wall-page ${layout}`}>
      <div className="gz-wall-tiles" style={{ gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))` }}>
        {tiles.map((tile) => (
          <WallTile key={tile.id} tile={tile} />
        ))}
      </div>
      {charted.length > 0 && (
        <div className="gz-wall-charts" style={{ gridTemplateColumns: `repeat(${charted.length}, 1fr)` }}>
          {charted.map((tile) => (
            <WallChartPanel key={tile.id} tile={tile} scale={scale} />
          ))}
        </div>
      )}
    </div>
  );
}

function WallChartPanel({ tile, scale }: { tile: CockpitTile; scale: number }) {
  const { t } = useTranslation();
  const option = useMemo(() => tileChartOption(tile, t, 'wall'), [tile, t]);
  const title = `${t(`cockpit.tiles.${tile.id}`)} · ${t(`cockpit.chart.${tile.seriesKind ?? 'breakdown'}`)}`;
  return (
    <section className="gz-wall-panel">
      <h2 className="gz-wall-panel-title">{title}</h2>
      <WallChart option={option} scale={scale} ariaLabel={title} />
    </section>
  );
}

/** A long figure (12,345 or more) is set smaller so it stays inside its tile. */
function lengthClass(figure: string): 'short' | 'long' | 'longer' {
  return figure.length >= 8 ? 'longer' : figure.length >= 6 ? 'long' : 'short';
}

function WallTile({ tile }: { tile: CockpitTile }) {
  const { t, i18n } = useTranslation();
  const move = tileMove(tile, i18n.language);
  const figure = formatFigure(tile.value, tile.unit, i18n.language);
  return (
    <div className={`gz-wall-tile gz-wall-rag-${tile.rag ?? 'none'}`} data-testid={`wall-tile-${tile.id}`}>
      <div className="gz-wall-tile-label">
        <span className="gz-wall-tile-name">{t(`cockpit.tiles.${tile.id}`)}</span>
        {tile.rag && (
          <span className={`gz-wall-rag-dot gz-wall-rag-dot-${tile.rag}`} title={t(`cockpit.rag.${tile.rag}`)} />
        )}
      </div>
      <div className={`gz-wall-tile-value gz-wall-length-${lengthClass(figure)}`} data-testid={`wall-value-${tile.id}`}>
        {figure}
        {tile.value !== null && (tile.unit === 'hours' || tile.unit === 'points') && (
          <span className="gz-wall-tile-unit">{t(`cockpit.units.${tile.unit}`)}</span>
        )}
      </div>
      <div className="gz-wall-tile-foot">
        {move && <span className={`gz-wall-move gz-wall-move-${move.tone}`}>{describeMove(move, t)}</span>}
        {tile.target !== null && (
          <span className="gz-wall-target">
            {t('cockpit.target', { value: formatFigure(tile.target, tile.unit, i18n.language) })}
            {tile.rag && ` · ${t(`cockpit.rag.${tile.rag}`)}`}
          </span>
        )}
      </div>
    </div>
  );
}
