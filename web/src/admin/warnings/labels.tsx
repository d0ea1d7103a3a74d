import { Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { WarningMethod, WarningRow, WarningVerdict } from '../../shared/query/warnings.ts';

export const METHOD_COLORS: Record<WarningMethod, string> = {
  rise: 'volcano',
  cluster: 'magenta',
  hotspot: 'orange',
  coincidence: 'purple',
};
export const METHOD_HEX: Record<WarningMethod, string> = {
  rise: '#d4380d',
  cluster: '#c41d7f',
  hotspot: '#d46b08',
  coincidence: '#531dab',
};
const VERDICT_COLORS: Record<WarningVerdict | 'none', string> = {
  none: 'default',
  confirmed: 'red',
  known: 'blue',
  false: 'green',
};

/** 异常上升 / 时空聚集 / 新兴热点 / 多源碰撞 as a coloured tag. */
export function MethodTag({ method }: { method: WarningMethod }) {
  const { t } = useTranslation();
  return (
    <Tag color={METHOD_COLORS[method]} style={{ marginInlineEnd: 0 }}>
      {t(`warnings.method.${method}`)}
    </Tag>
  );
}

/** 未研判 / 属实 / 已掌握 / 误报. */
export function VerdictTag({ verdict, testId }: { verdict: WarningVerdict | null; testId?: string }) {
  const { t } = useTranslation();
  const v = verdict ?? 'none';
  return (
    <Tag color={VERDICT_COLORS[v]} style={{ marginInlineEnd: 0 }} data-testid={testId} data-verdict={v}>
      {t(`warnings.verdict.${v}`)}
    </Tag>
  );
}

/** 社区 · 网格, or the community alone when the warning is not in one grid. */
export const placeOf = (t: TFunction, w: Pick<WarningRow, 'community' | 'grid'>) =>
  `${w.community.name} · ${w.grid?.name ?? t('warnings.wholeCommunity')}`;

export const windowOf = (w: Pick<WarningRow, 'windowFrom' | 'windowTo'>) =>
  w.windowFrom === w.windowTo ? w.windowTo : `${w.windowFrom} ~ ${w.windowTo}`;

/** A figure with at most `digits` decimals, without trailing zeros. */
export const figure = (x: number, digits = 2) => String(Math.round(x * 10 ** digits) / 10 ** digits);

/** 约每 N 天一次 for a scan's cluster; otherwise its p-value; otherwise nothing to say. */
export function significanceOf(t: TFunction, w: Pick<WarningRow, 'recurrenceDays' | 'pValue'>): string | null {
  if (w.recurrenceDays !== null)
    return t('warnings.recurrence', { days: w.recurrenceDays.toLocaleString(), interpolation: { escapeValue: false } });
  if (w.pValue !== null) return t('warnings.pValue', { p: w.pValue < 0.001 ? '< 0.001' : figure(w.pValue, 3) });
  return null;
}
