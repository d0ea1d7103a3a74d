import { Select } from 'antd';
import { useMemo } from 'react';
import { i18n } from '../../shared/i18n/index.ts';
import { useCommunityOptions } from './CommunitySelect.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

/** The name of a community of the caller's area. */
export function useCommunityName() {
  const { index } = useOrgTree();
  return useMemo(() => {
    const names = new Map((index?.communities ?? []).map((c) => [c.id, c.name]));
    const name = (id: number | null | undefined) =>
      id == null ? '—' : (names.get(id) ?? i18n.t('pointsAdmin.outsideArea'));
    /** Whether the community is in the caller's area (where they may change things). */
    name.inArea = (id: number | null | undefined) => id != null && names.has(id);
    return name;
  }, [index]);
}

/** A community in a form: takes the id Form.Item gives, so its label points at it. */
export function CommunityField({
  id,
  value,
  onChange,
  disabled,
}: {
  id?: string;
  value?: number;
  onChange?: (v: number | undefined) => void;
  disabled?: boolean;
}) {
  const options = useCommunityOptions();
  return (
    <Select
      id={id}
      value={value}
      disabled={disabled}
      onChange={(v) => onChange?.(v ?? undefined)}
      options={options}
      showSearch
      optionFilterProp="label"
    />
  );
}
