import { DatePicker, Segmented, Select, Space, Spin } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api.ts';
import { i18n } from '../../shared/i18n/index.ts';
import type { Page, PointsStats, VolunteerStats } from '../../shared/types.ts';
import { useCommunityOptions } from '../deliberation/common.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { periodStart, type Period, type PeriodKind } from './logic.ts';

export { monthsOf, periodRange, type Period, type PeriodKind } from './logic.ts';

/** A person's points account as staff see it in the list (GET /api/points/accounts). */
export interface PersonAccount {
  id: number;
  userId: number;
  communityId: number | null;
  name: string;
  balance: number;
}

/** The stats as the server gives them to staff: with what people hold now, and hours per team. */
export type AdminPointsStats = PointsStats & { balance: number };
export type AdminVolunteerStats = VolunteerStats & { teams: { teamId: number; name: string; minutes: number; volunteers: number; activities: number }[] };

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
        format={value.kind === 'quarter' ? (d) => t('pointsAdmin.period.quarterValue', { year: d.year(), q: Math.floor(d.month() / 3) + 1 }) : value.kind === 'year' ? 'YYYY' : 'YYYY-MM'}
        aria-label={t('pointsAdmin.period.label')}
        style={{ width: 150 }}
      />
    </Space>
  );
}

export function useThisPeriod(kind: PeriodKind = 'month') {
  return useState<Period>({ kind, start: dayjs() });
}

/** The name of a community of the caller's area. */
export function useCommunityName() {
  const { index } = useOrgTree();
  return useMemo(() => {
    const names = new Map((index?.communities ?? []).map((c) => [c.id, c.name]));
    const name = (id: number | null | undefined) => (id == null ? '—' : (names.get(id) ?? i18n.t('pointsAdmin.outsideArea')));
    /** Whether the community is in the caller's area (where they may change things). */
    name.inArea = (id: number | null | undefined) => id != null && names.has(id);
    return name;
  }, [index]);
}

/**
 * Picks a person of the area by name, from the points accounts (the only list of
 * people the points module keeps); gives the user id.
 */
export function PersonSelect({ value, onChange, communityId, placeholder, id }: { value?: number; onChange?: (userId: number | undefined) => void; communityId?: number; placeholder?: string; id?: string }) {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const [loading, setLoading] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    const controller = new AbortController();
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      setLoading(true);
      api
        .get<Page<PersonAccount>>('/api/points/accounts', { q: q || undefined, communityId, limit: 20 }, controller.signal)
        .then((page) => setOptions(page.items.map((a) => ({ value: a.userId, label: a.name }))))
        .catch(() => undefined)
        .finally(() => !controller.signal.aborted && setLoading(false));
    }, 250);
    return () => {
      controller.abort();
      clearTimeout(timer.current);
    };
  }, [q, communityId]);
  return (
    <Select
      id={id}
      showSearch
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      filterOption={false}
      onSearch={setQ}
      options={options}
      allowClear
      placeholder={placeholder ?? t('pointsAdmin.teams.personHint')}
      notFoundContent={loading ? <Spin size="small" /> : undefined}
      style={{ minWidth: 200 }}
    />
  );
}

/** A community in a form: takes the id Form.Item gives, so its label points at it. */
export function CommunityField({ id, value, onChange }: { id?: string; value?: number; onChange?: (v: number | undefined) => void }) {
  const options = useCommunityOptions();
  return <Select id={id} value={value} onChange={(v) => onChange?.(v ?? undefined)} options={options} showSearch optionFilterProp="label" />;
}
