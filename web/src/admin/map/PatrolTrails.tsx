import type { TFunction } from 'i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Checkbox, Collapse, DatePicker, Empty, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { latLngBounds } from 'leaflet';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CircleMarker, Polyline, Tooltip, useMap } from 'react-leaflet';
import { useDatum } from '../../shared/map/BaseMap.tsx';
import { type DayGrid, type DayMap, type DayPatrol, fieldAdminQueries } from '../../shared/query/field-admin.ts';
import { formatDateTime } from '../../shared/time.ts';
import { LoadError } from '../components/LoadError.tsx';

/** Distinct colours for the workers of a day, in the order their first patrol began. */
const TRAIL_COLORS = ['#d4380d', '#1677ff', '#389e0d', '#722ed1', '#d48806', '#08979c', '#c41d7f', '#531dab'];

const hhmm = (iso: string | null) => (iso ? formatDateTime(iso).slice(11, 16) : '');

export interface Worker {
  userId: number;
  userName: string;
  color: string;
  patrols: DayPatrol[];
  meters: number;
}

/** The day's patrols per worker, each worker with a colour of their own. */
export function workersOf(day: DayMap | undefined): Worker[] {
  const byUser = new Map<number, Worker>();
  for (const p of day?.patrols ?? []) {
    let w = byUser.get(p.userId);
    if (!w) {
      w = {
        userId: p.userId,
        userName: p.userName,
        color: TRAIL_COLORS[byUser.size % TRAIL_COLORS.length]!,
        patrols: [],
        meters: 0,
      };
      byUser.set(p.userId, w);
    }
    w.patrols.push(p);
    w.meters += p.distanceMeters;
  }
  return [...byUser.values()];
}

/** The day's patrols of the area (communities in `communityIds`, or all the caller reads). */
export function usePatrolDay(date: string | null, communityId: number | undefined, communityIds: Set<number> | null) {
  const query = useQuery({
    ...fieldAdminQueries.day({ date: date ?? '', communityId }),
    enabled: date !== null,
  });
  const data = useMemo(() => {
    if (!query.data) return undefined;
    if (!communityIds) return query.data;
    const inArea = (id: number | null) => id === null || communityIds.has(id);
    return { ...query.data, patrols: query.data.patrols.filter((p) => inArea(p.communityId)) };
  }, [query.data, communityIds]);
  return { ...query, data };
}

/** The switch and the date of the layer, for the map's filter bar. */
export function PatrolTrailControl({
  date,
  onChange,
  today,
}: {
  date: string | null;
  onChange: (date: string | null) => void;
  today: string;
}) {
  const { t } = useTranslation();
  return (
    <span className="gz-trail-control">
      <Checkbox
        checked={date !== null}
        onChange={(e) => onChange(e.target.checked ? today : null)}
        data-testid="patrol-trail-toggle"
      >
        {t('fieldAdmin.trails.layer')}
      </Checkbox>
      {date !== null && (
        <DatePicker
          value={dayjs(date)}
          allowClear={false}
          onChange={(d) => d && onChange(d.format('YYYY-MM-DD'))}
          aria-label={t('fieldAdmin.trails.date')}
          data-testid="patrol-trail-date"
          style={{ width: 140 }}
        />
      )}
    </span>
  );
}

/** The trails (one colour per worker) and the buildings checked in at; inside the map, under MapDatum. */
export function PatrolTrailsLayer({ workers }: { workers: Worker[] }) {
  const { t } = useTranslation();
  const { toView } = useDatum();
  const map = useMap();
  const positions = useMemo(
    () =>
      workers.flatMap((w) =>
        w.patrols.map((p) => ({
          worker: w,
          patrol: p,
          line: (p.trail?.coordinates ?? []).map(([lng, lat]) => toView({ lat, lng })),
        })),
      ),
    [workers, toView],
  );
  // Frame the day's trails and check-ins when they come.
  useEffect(() => {
    const points = positions.flatMap((p) => [
      ...p.line,
      ...p.patrol.checkIns
        .filter((c) => c.lat !== null && c.lng !== null)
        .map((c) => toView({ lat: c.lat!, lng: c.lng! })),
    ]);
    if (points.length === 0) return;
    const bounds = latLngBounds(points);
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [32, 32], maxZoom: 17, animate: false });
  }, [positions, map, toView]);

  return (
    <>
      {positions.map(({ worker, patrol, line }) =>
        line.length > 1 ? (
          <Polyline
            key={`trail-${patrol.id}`}
            positions={line}
            className="gz-patrol-trail"
            pathOptions={{ color: worker.color, weight: 4, opacity: 0.85 }}
            eventHandlers={{
              add: (e) => {
                const el = (e.target as { getElement?: () => Element | undefined }).getElement?.();
                el?.setAttribute('data-testid', 'patrol-trail');
                el?.setAttribute('data-worker', worker.userName);
              },
            }}
          >
            <Tooltip sticky>
              {worker.userName} {hhmm(patrol.startedAt)}–{hhmm(patrol.endedAt) || t('fieldAdmin.trails.open')}
            </Tooltip>
          </Polyline>
        ) : null,
      )}
      {positions.flatMap(({ worker, patrol }) =>
        patrol.checkIns
          .filter((c) => c.lat !== null && c.lng !== null)
          .map((c) => (
            <CircleMarker
              key={`check-in-${c.id}`}
              center={toView({ lat: c.lat!, lng: c.lng! })}
              radius={7}
              className="gz-patrol-check-in"
              pathOptions={{ color: '#fff', weight: 2, fillColor: worker.color, fillOpacity: 1 }}
            >
              <Tooltip>{t('fieldAdmin.trails.checkIn', { name: c.buildingName, time: hhmm(c.at) })}</Tooltip>
            </CircleMarker>
          )),
      )}
    </>
  );
}

const km = (meters: number) => (meters / 1000).toFixed(2);

/** Beside the map: the workers' legend (colour, start–end, distance) and, per grid, the buildings reached and not. */
export function PatrolDayPanel({
  day,
  workers,
  loading,
  error,
  onRetry,
}: {
  day: DayMap | undefined;
  workers: Worker[];
  loading: boolean;
  error: Error | null;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (error) return <LoadError error={error} onRetry={onRetry} />;
  if (loading || !day)
    return (
      <div className="gz-trail-panel gz-trail-panel-loading">
        <Spin size="small" /> {t('fieldAdmin.trails.loading')}
      </div>
    );
  const grids = day.grids.filter((g) => g.gridId !== null || g.buildings.length > 0);
  return (
    <div className="gz-trail-panel" data-testid="patrol-day-panel">
      {day.truncated && <Alert type="warning" showIcon title={t('fieldAdmin.trails.truncated')} />}
      <div className="gz-trail-section">
        <Typography.Text strong>
          {t('fieldAdmin.trails.legend')} · {day.date}
        </Typography.Text>
        {workers.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('fieldAdmin.trails.none')} />
        ) : (
          <ul className="gz-trail-legend" data-testid="patrol-legend">
            {workers.map((w) => (
              <li
                key={w.userId}
                className="gz-trail-legend-row"
                data-testid="patrol-legend-row"
                data-worker={w.userName}
              >
                <span className="gz-trail-swatch" style={{ background: w.color }} />
                <span className="gz-trail-worker">{w.userName}</span>
                <span className="gz-muted">
                  {w.patrols
                    .map((p) => `${hhmm(p.startedAt)}–${hhmm(p.endedAt) || t('fieldAdmin.trails.open')}`)
                    .join('，')}
                </span>
                <span>{t('fieldAdmin.log.km', { km: km(w.meters) })}</span>
                {w.patrols.every((p) => !p.trail) && <Tag>{t('fieldAdmin.trails.noTrail')}</Tag>}
              </li>
            ))}
          </ul>
        )}
      </div>
      {grids.length > 0 && (
        <div className="gz-trail-section">
          <Typography.Text strong>{t('fieldAdmin.trails.gridsTitle')}</Typography.Text>
          <Collapse size="small" items={grids.map((g) => gridItem(t, g))} data-testid="patrol-grids" />
        </div>
      )}
    </div>
  );
}

function gridItem(t: TFunction, g: DayGrid) {
  const n = g.buildings.length;
  const listed = n + g.notReached.length;
  const hidden = g.buildingCount !== null ? Math.max(0, g.buildingCount - listed) : 0;
  return {
    key: String(g.gridId ?? 'none'),
    label: (
      <span data-testid="patrol-grid-row">
        {g.gridName ?? t('fieldAdmin.trails.noGrid')}{' '}
        <span className="gz-muted">
          {g.buildingCount !== null
            ? t('fieldAdmin.trails.reached', { n, m: g.buildingCount })
            : t('fieldAdmin.trails.reachedOnly', { n })}
        </span>
      </span>
    ),
    children: (
      <div className="gz-trail-buildings">
        <div>
          <Typography.Text type="success">{t('fieldAdmin.trails.reachedList')}</Typography.Text>
          {g.buildings.map((b) => (
            <Tag key={b.buildingId} color="green">
              {b.buildingName} · {hhmm(b.firstAt)}
              {b.checkIns > 1 ? ` · ${t('fieldAdmin.trails.checkIns', { count: b.checkIns })}` : ''}
            </Tag>
          ))}
        </div>
        {(g.notReached.length > 0 || hidden > 0) && (
          <div>
            <Typography.Text type="danger">{t('fieldAdmin.trails.notReachedList')}</Typography.Text>
            {g.notReached.map((b) => (
              <Tag key={b.buildingId}>{b.buildingName}</Tag>
            ))}
            {hidden > 0 && <span className="gz-muted">{t('fieldAdmin.trails.moreNotReached', { count: hidden })}</span>}
          </div>
        )}
      </div>
    ),
  };
}
