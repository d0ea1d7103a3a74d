import { Select, type FormInstance } from 'antd';
import { useEffect, useMemo, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

/** The communities the caller works in, for pickers and filters. */
export function useCommunityOptions() {
  const { index } = useOrgTree();
  return useMemo(() => (index?.communities ?? []).map((c) => ({ value: c.id, label: c.name })), [index]);
}

/**
 * Puts the caller's first community into a form's field once the communities have loaded, if
 * the field is still empty: a form's initialValues are read at its first render only, when
 * the org tree may not have arrived yet (the field then stayed empty on a slow start).
 */
export function useFirstCommunity(
  form: FormInstance,
  communities: ReadonlyArray<{ value: number }>,
  field = 'communityId',
) {
  const first = communities[0]?.value;
  useEffect(() => {
    if (first !== undefined && form.getFieldValue(field) === undefined) form.setFieldValue(field, first);
  }, [form, first, field]);
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
