import { Select } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

/** The communities the caller works in, for pickers and filters. */
export function useCommunityOptions() {
  const { index } = useOrgTree();
  return useMemo(() => (index?.communities ?? []).map((c) => ({ value: c.id, label: c.name })), [index]);
}

export function CommunitySelect({
  value,
  onChange,
  allowClear,
  style,
}: {
  value?: number;
  onChange?: (v: number | undefined) => void;
  allowClear?: boolean;
  style?: CSSProperties;
}) {
  const { t } = useTranslation();
  const options = useCommunityOptions();
  return (
    <Select
      value={value}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      allowClear={allowClear}
      showSearch
      optionFilterProp="label"
      placeholder={t('deliberation.fields.community')}
      style={{ minWidth: 160, ...style }}
      aria-label={t('deliberation.fields.community')}
    />
  );
}
