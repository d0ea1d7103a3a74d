import { FundOutlined } from '@ant-design/icons';
import { Alert, Button } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { departmentName } from '../../shared/labels.ts';
import { MEASURE_FIGURE, type Measure } from '../../shared/query/statistics.ts';
import { formatDateTime } from '../../shared/time.ts';
import { DEPARTMENTS, type Category, type Department } from '../../shared/types.ts';
import type { OrgIndex } from '../org/orgIndex.ts';

/**
 * A drill-down from 统计分析 into the matter list: the statistic's measure and window, and the
 * filters the list has no control for (an area above a community, a source, a department).
 */
export interface StatisticsDrill {
  measure?: Measure;
  measureFrom?: string;
  measureTo?: string;
  areaId?: number;
  source?: string;
  department?: Department;
  /** A map cell (the cockpit's map tile): the matters it counts. */
  h3?: string;
}

/** The address's parameters a drill-down sets beyond the list's own filters, cleared with it. */
const DRILL_PARAMS = ['measure', 'measureFrom', 'measureTo', 'areaId', 'source', 'department', 'h3'] as const;
/** The list's own filters a drill-down may set too; the banner names them and clears them with it. */
const SHARED_PARAMS = ['communityId', 'gridId', 'categoryId', 'kind'] as const;

const ISO = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;

export function drillFromParams(params: URLSearchParams): StatisticsDrill {
  const measure = params.get('measure');
  const from = params.get('measureFrom') ?? '';
  const to = params.get('measureTo') ?? '';
  const areaId = Number(params.get('areaId'));
  const source = params.get('source') ?? '';
  const department = params.get('department') ?? '';
  const h3 = params.get('h3') ?? '';
  const windowed = measure !== null && measure in MEASURE_FIGURE && ISO.test(from) && ISO.test(to);
  return {
    ...(windowed ? { measure: measure as Measure, measureFrom: from, measureTo: to } : {}),
    ...(Number.isInteger(areaId) && areaId > 0 ? { areaId } : {}),
    ...(/^[a-z][a-z0-9_]{0,39}$/.test(source) ? { source } : {}),
    ...((DEPARTMENTS as readonly string[]).includes(department) ? { department: department as Department } : {}),
    ...(/^[0-9a-f]{15}$/i.test(h3) ? { h3 } : {}),
  };
}

export function isDrilled(drill: StatisticsDrill): boolean {
  return Object.keys(drill).length > 0;
}

/** Removes a drill-down from an address, with the list filters it came with. */
export function clearDrill(params: URLSearchParams) {
  for (const name of [...DRILL_PARAMS, ...SHARED_PARAMS]) params.delete(name);
}

/** "统计钻取：按期办结 · 11月1日–11月30日 · 文晖街道 [清除]": what the list is narrowed to. */
export function DrillBanner({
  drill,
  params,
  index,
  categories,
  onClear,
}: {
  drill: StatisticsDrill;
  params: URLSearchParams;
  index: OrgIndex | undefined;
  categories: Category[];
  onClear: () => void;
}) {
  const { t } = useTranslation();
  if (!isDrilled(drill)) return null;
  const localDay = (iso: string) => dayjs(formatDateTime(iso).slice(0, 10)).format(t('statistics.drill.dateFormat'));
  const communityId = Number(params.get('communityId'));
  const gridId = Number(params.get('gridId'));
  const categoryId = Number(params.get('categoryId'));
  const parts = [
    drill.measure && t(`statistics.figures.${MEASURE_FIGURE[drill.measure]}`),
    drill.measureFrom &&
      drill.measureTo &&
      t('statistics.drill.period', {
        from: localDay(drill.measureFrom),
        // The window ends before measureTo: its last day is the one before.
        to: localDay(new Date(Date.parse(drill.measureTo) - 1).toISOString()),
      }),
    drill.areaId && (index?.divisionById.get(drill.areaId)?.name ?? `#${drill.areaId}`),
    communityId > 0 && (index?.divisionById.get(communityId)?.name ?? `#${communityId}`),
    gridId > 0 && (index?.gridById.get(gridId)?.name ?? `#${gridId}`),
    categoryId > 0 && (categories.find((c) => c.id === categoryId)?.name ?? `#${categoryId}`),
    drill.source && t(`matters.sources.${drill.source}` as 'matters.sources.patrol', { defaultValue: drill.source }),
    drill.department && departmentName(t, drill.department),
    drill.h3 && t('statistics.drill.cell', { cell: drill.h3 }),
  ].filter((part): part is string => typeof part === 'string' && part !== '');
  return (
    <Alert
      type="info"
      showIcon
      icon={<FundOutlined />}
      className="gz-drill-banner"
      data-testid="statistics-drill"
      style={{ marginBottom: 12 }}
      title={t('statistics.drill.banner', { what: parts.join(' · ') })}
      action={
        <Button size="small" onClick={onClear}>
          {t('statistics.drill.clear')}
        </Button>
      }
    />
  );
}
