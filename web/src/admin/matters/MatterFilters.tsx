import { ReloadOutlined } from '@ant-design/icons';
import { Button, Cascader, DatePicker, Input, Select, TreeSelect } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryPath, categoryTree, kindLabel, statusLabel } from '../../shared/matters.ts';
import {
  MATTER_KINDS,
  MATTER_STATUSES,
  type Category,
  type MatterKind,
  type MatterStatus,
} from '../../shared/types.ts';
import type { OrgIndex } from '../org/orgIndex.ts';

export interface MatterFilterValues {
  status: MatterStatus[];
  categoryId?: number;
  kind?: MatterKind;
  communityId?: number;
  gridId?: number;
  q: string;
  /** Dates (YYYY-MM-DD) in the place's time zone. */
  from?: string;
  to?: string;
}

function positive(value: string | null): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function matterFiltersFromParams(params: URLSearchParams): MatterFilterValues {
  const kind = params.get('kind');
  return {
    status: params
      .getAll('status')
      .filter((s): s is MatterStatus => (MATTER_STATUSES as readonly string[]).includes(s)),
    categoryId: positive(params.get('categoryId')),
    kind: (MATTER_KINDS as readonly string[]).includes(kind ?? '') ? (kind as MatterKind) : undefined,
    communityId: positive(params.get('communityId')),
    gridId: positive(params.get('gridId')),
    q: params.get('q') ?? '',
    from: DATE.test(params.get('from') ?? '') ? params.get('from')! : undefined,
    to: DATE.test(params.get('to') ?? '') ? params.get('to')! : undefined,
  };
}

export function writeMatterFilters(params: URLSearchParams, filters: MatterFilterValues) {
  for (const name of ['status', 'categoryId', 'kind', 'communityId', 'gridId', 'q', 'from', 'to']) params.delete(name);
  for (const status of filters.status) params.append('status', status);
  if (filters.categoryId) params.set('categoryId', String(filters.categoryId));
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.communityId) params.set('communityId', String(filters.communityId));
  if (filters.gridId) params.set('gridId', String(filters.gridId));
  if (filters.q) params.set('q', filters.q);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
}

interface AreaOption {
  value: string;
  title: string;
  children?: AreaOption[];
}

function areaOptions(index: OrgIndex | undefined): AreaOption[] {
  if (!index) return [];
  const communities = new Map(index.communities.map((c) => [c.id, c.name]));
  // A grid worker's community is not in scope, but its grids are: list them under it.
  for (const grid of index.tree.grids)
    if (!communities.has(grid.communityId))
      communities.set(grid.communityId, index.divisionById.get(grid.communityId)?.name ?? String(grid.communityId));
  return [...communities].map(([id, name]) => ({
    value: `c${id}`,
    title: name,
    children: (index.gridsOf.get(id) ?? []).map((g) => ({ value: `g${g.id}`, title: g.name })),
  }));
}

interface MatterFiltersProps {
  index: OrgIndex | undefined;
  categories: Category[];
  values: MatterFilterValues;
  onChange: (values: MatterFilterValues) => void;
}

export function MatterFilters({ index, categories, values, onChange }: MatterFiltersProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState(values.q);
  useEffect(() => setQ(values.q), [values.q]);
  const tree = useMemo(() => categoryTree(categories), [categories]);
  const areas = useMemo(() => areaOptions(index), [index]);
  const area = values.gridId ? `g${values.gridId}` : values.communityId ? `c${values.communityId}` : undefined;
  const isEmpty =
    !values.q &&
    values.status.length === 0 &&
    !values.categoryId &&
    !values.kind &&
    !area &&
    !values.from &&
    !values.to;

  return (
    <div className="gz-filters">
      <Input.Search
        placeholder={t('matters.filters.keyword')}
        allowClear
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={(value) => onChange({ ...values, q: value.trim() })}
        style={{ width: 250 }}
        enterButton
        aria-label={t('matters.filters.keyword')}
      />
      <Select
        mode="multiple"
        allowClear
        maxTagCount="responsive"
        placeholder={t('matters.filters.status')}
        value={values.status}
        onChange={(status: MatterStatus[]) => onChange({ ...values, status })}
        options={MATTER_STATUSES.map((s) => ({ value: s, label: statusLabel(t, s) }))}
        style={{ width: 200 }}
        aria-label={t('matters.filters.status')}
      />
      <Cascader
        changeOnSelect
        allowClear
        showSearch
        placeholder={t('matters.filters.category')}
        value={values.categoryId ? categoryPath(categories, values.categoryId) : undefined}
        onChange={(path) =>
          onChange({ ...values, categoryId: path?.length ? Number(path[path.length - 1]) : undefined })
        }
        options={tree.map((node) => ({
          value: node.value,
          label: node.label,
          children: node.children?.map((c) => ({ value: c.value, label: c.label })),
        }))}
        style={{ width: 220 }}
        aria-label={t('matters.filters.category')}
      />
      <Select
        allowClear
        placeholder={t('matters.filters.kind')}
        value={values.kind}
        onChange={(kind?: MatterKind) => onChange({ ...values, kind })}
        options={MATTER_KINDS.map((k) => ({ value: k, label: kindLabel(t, k) }))}
        style={{ width: 120 }}
        aria-label={t('matters.filters.kind')}
      />
      <TreeSelect
        allowClear
        showSearch={{ treeNodeFilterProp: 'title' }}
        placeholder={t('matters.filters.area')}
        value={area}
        onChange={(value?: string) =>
          onChange({
            ...values,
            communityId: value?.startsWith('c') ? Number(value.slice(1)) : undefined,
            gridId: value?.startsWith('g') ? Number(value.slice(1)) : undefined,
          })
        }
        treeData={areas}
        style={{ width: 220 }}
        aria-label={t('matters.filters.area')}
      />
      <DatePicker.RangePicker
        value={[values.from ? dayjs(values.from) : null, values.to ? dayjs(values.to) : null]}
        placeholder={[t('matters.filters.from'), t('matters.filters.to')]}
        allowEmpty={[true, true]}
        onChange={(range) =>
          onChange({
            ...values,
            from: range?.[0]?.format('YYYY-MM-DD') ?? undefined,
            to: range?.[1]?.format('YYYY-MM-DD') ?? undefined,
          })
        }
        style={{ width: 280 }}
      />
      <Button icon={<ReloadOutlined />} disabled={isEmpty} onClick={() => onChange({ status: [], q: '' })}>
        {t('filters.reset')}
      </Button>
    </div>
  );
}
