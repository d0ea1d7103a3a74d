import { ReloadOutlined } from '@ant-design/icons';
import { Button, Input, Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KNOWN_TAGS, tagLabel } from '../../shared/labels.ts';
import { GENDERS, type Gender, type TagCount } from '../../shared/types.ts';
import type { OrgIndex } from '../org/orgIndex.ts';

export interface PersonFilterValues {
  q: string;
  communityId?: number;
  gridId?: number;
  buildingId?: number;
  tags: string[];
  gender?: Gender;
}

interface PersonFiltersProps {
  index: OrgIndex | undefined;
  tagCounts: TagCount[];
  values: PersonFilterValues;
  buildingName?: string;
  onChange: (values: PersonFilterValues) => void;
}

export function PersonFilters({ index, tagCounts, values, buildingName, onChange }: PersonFiltersProps) {
  const { t } = useTranslation();
  const [q, setQ] = useState(values.q);
  useEffect(() => setQ(values.q), [values.q]);

  const grids =
    values.communityId !== undefined ? (index?.gridsOf.get(values.communityId) ?? []) : (index?.tree.grids ?? []);
  const counts = new Map(tagCounts.map((c) => [c.tag, c.count]));
  const tagOptions = [...new Set([...tagCounts.map((c) => c.tag), ...KNOWN_TAGS])].map((tag) => ({
    value: tag,
    label: counts.has(tag) ? `${tagLabel(t, tag)} (${counts.get(tag)})` : tagLabel(t, tag),
  }));

  return (
    <div className="gz-filters">
      <Input.Search
        placeholder={t('persons.searchPlaceholder')}
        allowClear
        value={q}
        onChange={(e) => {
          setQ(e.target.value);
          // An emptied box means no name filter: drop it at once rather than keep a search no one sees.
          if (e.target.value.trim() === '' && values.q) onChange({ ...values, q: '' });
        }}
        onSearch={(value) => onChange({ ...values, q: value.trim() })}
        style={{ width: 280 }}
        enterButton
        aria-label={t('persons.searchPlaceholder')}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('filters.community')}
        value={values.communityId}
        onChange={(communityId?: number) =>
          onChange({ ...values, communityId, gridId: undefined, buildingId: undefined })
        }
        options={index?.communities.map((c) => ({ value: c.id, label: c.name }))}
        style={{ width: 170 }}
        aria-label={t('filters.community')}
      />
      <Select
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('filters.grid')}
        value={values.gridId}
        onChange={(gridId?: number) => onChange({ ...values, gridId, buildingId: undefined })}
        options={grids.map((g) => ({ value: g.id, label: g.name }))}
        style={{ width: 200 }}
        aria-label={t('filters.grid')}
      />
      <Select
        mode="multiple"
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        placeholder={t('filters.tags')}
        value={values.tags}
        onChange={(tags: string[]) => onChange({ ...values, tags })}
        options={tagOptions}
        style={{ minWidth: 200, maxWidth: 360 }}
        maxTagCount="responsive"
        aria-label={t('filters.tags')}
      />
      <Select
        allowClear
        placeholder={t('filters.gender')}
        value={values.gender}
        onChange={(gender?: Gender) => onChange({ ...values, gender })}
        options={GENDERS.map((g) => ({ value: g, label: t(`genders.${g}`) }))}
        style={{ width: 110 }}
        aria-label={t('filters.gender')}
      />
      {values.buildingId !== undefined && (
        <Tag closable onClose={() => onChange({ ...values, buildingId: undefined })} color="blue">
          {t('filters.building')}: {buildingName ?? values.buildingId}
        </Tag>
      )}
      <Space>
        <Button icon={<ReloadOutlined />} onClick={() => onChange({ q: '', tags: [] })}>
          {t('filters.reset')}
        </Button>
      </Space>
    </div>
  );
}
