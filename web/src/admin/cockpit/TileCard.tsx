import { Card, Tooltip } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { describeMove, drillHref, formatFigure, tileMove, type TileMove } from '../../shared/query/cockpit.ts';
import type { CockpitTile } from '../../shared/types.ts';
import { EChart } from '../components/EChart.tsx';
import { tileChartOption } from './tile-chart.ts';

/** One indicator: its figure (a link to the records it counts), the move since the period before, its RAG and a small chart. */
export function TileCard({ tile }: { tile: CockpitTile }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const label = t(`cockpit.tiles.${tile.id}`);
  const figure = formatFigure(tile.value, tile.unit, i18n.language);
  const move = tileMove(tile, i18n.language);
  const option = useMemo(() => tileChartOption(tile, t, 'card'), [tile, t]);
  return (
    <Card
      size="small"
      className={`gz-cockpit-tile gz-cockpit-rag-${tile.rag ?? 'none'}`}
      data-testid={`cockpit-tile-${tile.id}`}
    >
      <div className="gz-cockpit-tile-head">
        <span className="gz-cockpit-tile-label" title={label}>
          {label}
        </span>
        {tile.rag && <RagDot rag={tile.rag} />}
      </div>
      <div className="gz-cockpit-tile-value">
        {tile.drill && tile.value !== null ? (
          <Link
            to={drillHref(tile.drill)}
            data-testid={`cockpit-value-${tile.id}`}
            title={t('cockpit.openList', { value: figure })}
          >
            {figure}
          </Link>
        ) : (
          <span data-testid={`cockpit-value-${tile.id}`}>{figure}</span>
        )}
        {tile.value !== null && (tile.unit === 'hours' || tile.unit === 'points') && (
          <span className="gz-cockpit-tile-unit">{t(`cockpit.units.${tile.unit}`)}</span>
        )}
      </div>
      <div className="gz-cockpit-tile-foot">
        {move && <Move move={move} previous={formatFigure(tile.previous, tile.unit, i18n.language)} />}
        {tile.target !== null && (
          <span className="gz-cockpit-tile-target">
            {t('cockpit.target', { value: formatFigure(tile.target, tile.unit, i18n.language) })}
          </span>
        )}
      </div>
      {tile.series.length > 0 && (
        <div className="gz-cockpit-tile-chart">
          <EChart
            option={option}
            height={tile.seriesKind === 'trend' ? 56 : 76}
            ariaLabel={t(`cockpit.chart.${tile.seriesKind ?? 'breakdown'}`)}
            onClick={(event) => {
              const drill = tile.series[event.dataIndex]?.drill;
              if (drill) navigate(drillHref(drill));
            }}
          />
        </div>
      )}
    </Card>
  );
}

/** A coloured dot with what it means (达标, 接近目标, 未达标) for those who do not read colours. */
export function RagDot({ rag }: { rag: NonNullable<CockpitTile['rag']> }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t(`cockpit.rag.${rag}`)}>
      <span className={`gz-cockpit-rag gz-cockpit-rag-dot-${rag}`} role="img" aria-label={t(`cockpit.rag.${rag}`)} />
    </Tooltip>
  );
}

/** The move, green or red when it is good or bad news, with the figure before in its tooltip. */
function Move({ move, previous }: { move: TileMove; previous: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('cockpit.previousValue', { period: t(`cockpit.previous.${move.period}`), value: previous })}>
      <span className={`gz-cockpit-move gz-cockpit-move-${move.tone}`}>{describeMove(move, t)}</span>
    </Tooltip>
  );
}
