import { Cascader } from 'antd-mobile';
import { RightOutline } from 'antd-mobile-icons';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { categoryPath, categoryTree } from '../../shared/matters.ts';
import type { Category, MatterKind } from '../../shared/types.ts';

/** The catalogue's two levels in a bottom sheet; shows "消防安全 / 消防通道堵塞" once chosen. */
export function CategoryPicker({
  categories,
  kinds,
  value,
  onChange,
}: {
  categories: Category[];
  kinds: MatterKind[];
  value: number | undefined;
  onChange: (id: number) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  // Keyed by the kinds' names, not the array: callers pass a new ['report'] on every render, and
  // new options make the open sheet draw its list again (a tap on an option could then be lost).
  const kindsKey = kinds.join(',');
  const options = useMemo(
    () =>
      categoryTree(categories, kindsKey.split(',') as MatterKind[]).map((node) => ({
        label: node.label,
        value: String(node.value),
        children: node.children?.map((c) => ({ label: c.label, value: String(c.value) })),
      })),
    [categories, kindsKey],
  );
  // One array per choice: antd-mobile's Cascader takes a new `value` as a reset of the sheet, so a
  // new array on every render (the patrol's clock ticks each second) threw away a group just tapped.
  const path = useMemo(() => (value ? categoryPath(categories, value) : []), [categories, value]);
  const selected = useMemo(() => path.map(String), [path]);
  const names = path.map((id) => categories.find((c) => c.id === id)?.name).filter(Boolean);
  return (
    <>
      <button type="button" className="h5-picker-trigger" onClick={() => setOpen(true)} data-testid="category-picker">
        <span className={names.length ? '' : 'h5-muted'}>
          {names.length ? names.join(' / ') : t('h5.report.categoryPlaceholder')}
        </span>
        <RightOutline />
      </button>
      <Cascader
        options={options}
        visible={open}
        value={selected}
        title={t('h5.report.category')}
        confirmText={t('common.confirm')}
        cancelText={t('common.cancel')}
        onClose={() => setOpen(false)}
        onConfirm={(values) => {
          const last = values[values.length - 1];
          if (values.length === 2 && last) onChange(Number(last));
        }}
      />
    </>
  );
}
