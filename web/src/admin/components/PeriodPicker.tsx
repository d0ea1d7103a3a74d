import { DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { periodStart, type Period, type PeriodKind } from './period.ts';

export { monthsOf, periodRange, type Period, type PeriodKind } from './period.ts';

/** 月 / 季度 / 年 and the picker for it. */
export function PeriodPicker({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  return (
    <Space size={8}>
      <Segmented<PeriodKind>
        value={value.kind}
        onChange={(kind) => onChange({ kind, start: value.start })}
        options={[
          { value: 'month', label: t('pointsAdmin.period.month') },
          { value: 'quarter', label: t('pointsAdmin.period.quarter') },
          { value: 'year', label: t('pointsAdmin.period.year') },
        ]}
        aria-label={t('pointsAdmin.period.label')}
      />
      <DatePicker
        picker={value.kind}
        value={periodStart(value)}
        allowClear={false}
        onChange={(d) => d && onChange({ kind: value.kind, start: d })}
        format={
          value.kind === 'quarter'
            ? (d) => t('pointsAdmin.period.quarterValue', { year: d.year(), q: Math.floor(d.month() / 3) + 1 })
            : value.kind === 'year'
              ? 'YYYY'
              : 'YYYY-MM'
        }
        aria-label={t('pointsAdmin.period.label')}
        style={{ width: 150 }}
      />
    </Space>
  );
}

export function useThisPeriod(kind: PeriodKind = 'month') {
  return useState<Period>({ kind, start: dayjs() });
}
